package cloud

import (
	"compress/gzip"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/racedesk/racedesk/syncclient/protocol"
)

// Version 3's pull is one streamed response: the cloud reads its log in
// chunks of FeedChunk (each in its own short read transaction, so a slow
// link never holds the database) and writes each change as it goes, up
// to MaxStreamChanges per response.
const (
	FeedChunk        = 1000
	MaxStreamChanges = 100_000
)

// handleSync is one version-3 sync round: the push is applied, then the
// answer streams the acknowledgement and the changes after the cursor.
func (s *Server) handleSync(w http.ResponseWriter, r *http.Request) {
	start := s.now()
	// The body is read, decoded and pushed within a share of
	// MaxInflating.
	sh := s.newShare(r)
	defer sh.release()
	limited, done, err := body(w, r, sh)
	if err != nil {
		s.badRequest(w, r, err)
		return
	}
	req, err := decodeRequest(limited)
	done()
	switch {
	case errors.Is(err, errBusy):
		s.busy(w, r)
		return
	case errors.Is(err, errPushTooLarge):
		s.badRequest(w, r, err)
		return
	case err != nil:
		s.badRequest(w, r, tooLarge(limited, err))
		return
	}
	if !s.checkHead(w, r, req.Event, req.Device) {
		return
	}
	ack, relayed, ok := s.pushRelayed(w, r, req.Device, req.Push)
	if !ok {
		return
	}
	pushed := len(req.Push)
	req.Push = nil // the changes are applied: not held while the pull streams
	sh.release()
	if s.Seen != nil {
		var offset time.Duration
		if ms, err := strconv.ParseInt(r.Header.Get(protocol.HeaderTime), 10, 64); err == nil {
			offset = time.UnixMilli(ms).Sub(s.now())
		}
		s.Seen(req.Device, req.Desk, offset)
	}
	limit := req.Limit
	if limit <= 0 || limit > MaxStreamChanges {
		limit = MaxStreamChanges
	}
	out := &countingWriter{w: w}
	w.Header().Set("Content-Type", protocol.ContentType)
	var zw *gzip.Writer
	enc := protocol.NewEncoder(out)
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		zw, _ = gzip.NewWriterLevel(out, gzip.DefaultCompression)
		enc = protocol.NewEncoder(zw)
	}
	// flush sends what is encoded now: the head goes out at once, so the
	// desk learns the ack and the clock while the changes follow.
	flush := func() error {
		if err := enc.Flush(); err != nil {
			return err
		}
		if zw != nil {
			if err := zw.Flush(); err != nil {
				return err
			}
		}
		if err := http.NewResponseController(w).Flush(); !errors.Is(err, http.ErrNotSupported) {
			return err
		}
		return nil
	}
	head := protocol.ResponseHead{ServerTime: s.now().UnixMilli(), Ack: ack, After: req.Cursor, Relayed: relayed}
	pulled, more, err := s.stream(r, enc, flush, req, &head, limit)
	if err == nil {
		err = enc.Flush()
	}
	if err == nil && zw != nil {
		err = zw.Close()
	}
	// Counts and device IDs only: no names or birth dates in the log.
	log := s.log().Info
	if err != nil {
		log = s.log().Warn // the desk keeps what arrived and asks again
	}
	log("sync", "v", protocol.ProtocolVersion, "device", req.Device, "desk", req.Desk, "pushed", pushed, "acked_upto", ack.Upto,
		"refused", len(ack.Refused), "reused", len(ack.Reused), "pulled", pulled, "more", more,
		"bytes_out", out.n, "ms", s.now().Sub(start).Milliseconds(), "cut", errString(err))
}

// stream writes the response: the head, then the log after the request's
// cursor without the asking device's own changes, then the end.
func (s *Server) stream(r *http.Request, enc *protocol.Encoder, flush func() error, req protocol.SyncRequest, head *protocol.ResponseHead, limit int) (pulled int, more bool, err error) {
	ack := head.Ack
	if err := enc.ResponseHead(head); err != nil {
		return 0, false, err
	}
	if err := flush(); err != nil {
		return 0, false, err
	}
	// A reused identity gets no changes: the desk must take a new one.
	cursor := req.Cursor
	for len(ack.Reused) == 0 {
		if err := r.Context().Err(); err != nil {
			return pulled, false, err
		}
		changes, next, chunkMore, err := s.events(r).Feed(r.Context(), cursor, req.Device, min(FeedChunk, limit-pulled))
		if err != nil {
			s.log().Error("feed failed", "device", req.Device, "err", err.Error())
			return pulled, false, err
		}
		for i := range changes {
			if err := enc.Change(&changes[i], true); err != nil {
				return pulled, false, err
			}
		}
		pulled += len(changes)
		if err := enc.Position(next); err != nil {
			return pulled, false, err
		}
		cursor = next
		if !chunkMore {
			break
		}
		if pulled >= limit {
			more = true
			break
		}
	}
	return pulled, more, enc.End(more)
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
