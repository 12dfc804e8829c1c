package hotspot

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/racedesk/racedesk/model/msg"
)

// A results page without a search is the same for every phone until the
// results change (or the minute in its "as of" line): it is rendered once
// and kept, with its gzipped form — a race's list of several hundred lines
// is 60 KB of HTML but 10 KB gzipped, which matters on a hotspot shared by
// two hundred phones.

// pageKey names a rendered page of one snapshot.
type pageKey struct {
	path, keep, asOf string
	lang             msg.Lang
}

// renderedPage is a page ready to send.
type renderedPage struct {
	status   int
	body, gz []byte // gz nil: not kept gzipped
}

// maxCachedBytes bounds the pages kept for one snapshot (every bib has an
// address, so there may be many); beyond it pages are rendered per request.
const maxCachedBytes = 8 << 20

// pageCache keeps the rendered pages of the newest snapshot; a newer one
// starts it afresh.
type pageCache struct {
	mu    sync.Mutex
	gen   uint64
	pages map[pageKey]*renderedPage
	bytes int
}

func (c *pageCache) get(snap *liveSnapshot, key pageKey) *renderedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	if snap.gen != c.gen {
		return nil
	}
	return c.pages[key]
}

func (c *pageCache) put(snap *liveSnapshot, key pageKey, pg *renderedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case snap.gen < c.gen:
		return // a request that began with the results before
	case snap.gen > c.gen || c.pages == nil:
		c.gen, c.pages, c.bytes = snap.gen, map[pageKey]*renderedPage{}, 0
	}
	size := len(pg.body) + len(pg.gz)
	if c.bytes+size > maxCachedBytes {
		return
	}
	if old := c.pages[key]; old != nil {
		c.bytes -= len(old.body) + len(old.gz)
	}
	c.pages[key] = pg
	c.bytes += size
}

// write sends the page, gzipped when the phone accepts it (every browser
// does).
func (pg *renderedPage) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	body := pg.body
	if pg.gz != nil {
		h.Set("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			h.Set("Content-Encoding", "gzip")
			body = pg.gz
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(pg.status)
	w.Write(body)
}

// acceptsGzip reads an Accept-Encoding header: gzip (or *) without q=0.
func acceptsGzip(h string) bool {
	for i, part := range strings.Split(h, ",") {
		if i > 20 {
			break
		}
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		if v, ok := strings.CutPrefix(q, "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil && f <= 0 {
				return false
			}
		}
		return true
	}
	return false
}

var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

// gzipped is body gzipped.
func gzipped(body []byte) []byte {
	var b bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&b)
	zw.Write(body)
	zw.Close()
	return b.Bytes()
}
