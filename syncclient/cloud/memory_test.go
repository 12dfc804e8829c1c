package cloud

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/protocol"
)

// inflatingBody is a version-3 request of about size bytes once
// inflated — changes whose one field holds a megabyte of the same
// letter — and a few kilobytes as sent.
func inflatingBody(t testing.TB, event string, size int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	enc := protocol.NewEncoder(zw)
	if err := enc.RequestHead(&protocol.SyncRequest{Event: event, Device: "dev-bomb", Desk: "Desk B"}); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("a", protocol.MaxString-16)
	for i := 0; i*len(big) < size; i++ {
		ch := store.Change{Device: "dev-bomb", DevSeq: uint64(i + 1), Desk: "Desk B", Entity: store.EntityParticipant,
			ID: model.NewID(), Op: store.OpUpdate, Fields: []model.FieldChange{{Field: "x.note", Value: big}}}
		if err := enc.Change(&ch, false); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.End(false); err != nil {
		t.Fatal(err)
	}
	if err := enc.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// heapInuse is the heap in use after a collection.
func heapInuse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// TestConcurrentInflatingBodiesTakeBoundedMemory sends 8 requests at once
// whose bodies inflate to 24 MiB each (RACEDESK_INFLATE_MIB sets the size:
// 60 for the figure in docs/sync-protocol.md): the heap in use, sampled
// every millisecond, stays under what MaxInflating bytes of bodies take,
// not 8 bodies, and drops back once they are answered.
func TestConcurrentInflatingBodiesTakeBoundedMemory(t *testing.T) {
	const n = 8
	mib := 24
	if v := os.Getenv("RACEDESK_INFLATE_MIB"); v != "" {
		mib, _ = strconv.Atoi(v)
	}
	size := mib << 20
	s := newStore(t)
	srv := httptest.NewServer((&Server{Store: s, Token: "right", Wait: time.Second}).Handler())
	t.Cleanup(srv.Close)
	body := inflatingBody(t, s.Event().Identity(), size)
	before := heapInuse()

	var peak uint64
	stop, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	var wg sync.WaitGroup
	codes := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", srv.URL+protocol.PathSync, bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer right")
			req.Header.Set("Content-Encoding", "gzip")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	after := heapInuse()

	// The enrolment token may not push: every body is read and decoded,
	// then refused (or, after TurnWait, turned away busy).
	for i, c := range codes {
		if c != http.StatusForbidden && c != http.StatusServiceUnavailable {
			t.Errorf("request %d: %d, want 403 (or 503)", i, c)
		}
	}
	// At most MaxInflating bytes of bodies are held at once, decoded;
	// the collector lets the heap grow to twice what is live before it
	// runs (GOGC=100); 32 MiB of room for the rest.
	bound := before + 2*uint64(min(n*size, MaxInflating)) + 32<<20
	busy := 0
	for _, c := range codes {
		if c == http.StatusServiceUnavailable {
			busy++
		}
	}
	t.Logf("%d busy (503)", busy)
	t.Logf("%d bodies of %d KiB inflating to %d MiB: heap in use %d MiB before, peak %d MiB (bound %d MiB; %d bodies at once would be %d MiB), %d MiB after",
		n, len(body)>>10, mib, before>>20, peak>>20, bound>>20, n, uint64(n*size)>>20, after>>20)
	if peak > bound {
		t.Errorf("peak heap in use %d MiB, want under %d MiB", peak>>20, bound>>20)
	}
	if after > before+8<<20 {
		t.Errorf("heap in use %d MiB after the requests, %d MiB before: memory held", after>>20, before>>20)
	}
}
