// Package cloud is the reference cloud server for racedesk sync: it holds
// the event in the same store format as a desk (so `racedesk list` and
// `export` work on its file) and answers the sync protocol over HTTP.
package cloud

import (
	"compress/gzip"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/protocol"
)

// Limits of what one request may carry.
const (
	MaxBodyBytes     = 16 << 20 // compressed, as received
	MaxInflatedBytes = 64 << 20 // after gunzip: a zip bomb stops here
	MaxPageChanges   = 5000
	DefaultPage      = 2000
)

// Server answers the sync protocol for one event store.
type Server struct {
	Store *store.Store
	Token string
	Log   *slog.Logger
	// Now is the clock (tests pin it).
	Now func() time.Time
}

// Handler is the HTTP API: every path needs the bearer token.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+protocol.PathSync, s.handleSync)
	mux.HandleFunc("GET "+protocol.PathEvent, s.handleEvent)
	mux.HandleFunc("GET "+protocol.PathPing, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	return s.withTime(s.withAuth(mux))
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Server) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// withTime stamps every response with the cloud's clock.
func (s *Server) withTime(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(protocol.HeaderTime, strconv.FormatInt(s.now().UnixMilli(), 10))
		next.ServeHTTP(w, r)
	})
}

// withAuth checks the bearer token in constant time.
func (s *Server) withAuth(next http.Handler) http.Handler {
	want := []byte("Bearer " + s.Token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get("Authorization"))
		if s.Token == "" || subtle.ConstantTimeCompare(got, want) != 1 {
			s.log().Warn("unauthorized", "path", r.URL.Path, "remote", r.RemoteAddr)
			w.Header().Set("WWW-Authenticate", `Bearer realm="racedesk"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) handleEvent(w http.ResponseWriter, r *http.Request) {
	resp := protocol.EventResponse{Version: protocol.ProtocolVersion, Event: *s.Store.Event(), Cloud: s.Store.Device().ID}
	writeJSON(w, r, resp)
}

func (s *Server) handleSync(w http.ResponseWriter, r *http.Request) {
	start := s.now()
	var req protocol.Request
	if err := readJSON(w, r, &req); err != nil {
		s.log().Warn("bad sync request", "err", err.Error(), "remote", r.RemoteAddr)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if req.Version != protocol.ProtocolVersion {
		http.Error(w, fmt.Sprintf("protocol version %d not supported (want %d)", req.Version, protocol.ProtocolVersion), http.StatusBadRequest)
		return
	}
	if req.Device == "" {
		http.Error(w, "device missing", http.StatusBadRequest)
		return
	}
	for _, m := range req.Push {
		if m.Device != req.Device {
			http.Error(w, "a device pushes only its own changes", http.StatusBadRequest)
			return
		}
	}
	ack, err := s.Store.Push(req.Device, req.Push)
	if err != nil {
		s.log().Error("push failed", "device", req.Device, "err", err.Error())
		http.Error(w, "push failed", http.StatusInternalServerError)
		return
	}
	limit := req.Limit
	if limit <= 0 {
		limit = DefaultPage
	}
	limit = min(limit, MaxPageChanges)
	var changes []store.Change
	var cursor uint64
	var more bool
	if len(ack.Reused) == 0 {
		changes, cursor, more, err = s.Store.Feed(req.Cursor, req.Device, limit)
		if err != nil {
			s.log().Error("feed failed", "device", req.Device, "err", err.Error())
			http.Error(w, "pull failed", http.StatusInternalServerError)
			return
		}
	}
	resp := protocol.Response{Version: protocol.ProtocolVersion, ServerTime: s.now().UnixMilli(),
		Ack: ack, Changes: changes, Cursor: cursor, More: more}
	n := writeJSON(w, r, resp)
	// Counts and device IDs only: no names or birth dates in the log.
	s.log().Info("sync", "device", req.Device, "desk", req.Desk, "pushed", len(req.Push), "acked_upto", ack.Upto,
		"refused", len(ack.Refused), "reused", len(ack.Reused), "pulled", len(changes), "more", more,
		"bytes_out", n, "ms", s.now().Sub(start).Milliseconds())
}

// readJSON decodes a (possibly gzipped) body within the size limits.
func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	body := io.Reader(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(body)
		if err != nil {
			return fmt.Errorf("gzip body: %w", err)
		}
		defer zr.Close()
		body = zr
	}
	limited := &io.LimitedReader{R: body, N: MaxInflatedBytes + 1}
	if err := json.NewDecoder(limited).Decode(v); err != nil {
		if limited.N <= 0 {
			return errors.New("request too large")
		}
		return fmt.Errorf("request body: %w", err)
	}
	return nil
}

// writeJSON answers with JSON, gzipped when the client accepts it; it
// returns the bytes written to the wire.
func writeJSON(w http.ResponseWriter, r *http.Request, v any) int {
	w.Header().Set("Content-Type", "application/json")
	cw := &countingWriter{w: w}
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		zw, _ := gzip.NewWriterLevel(cw, gzip.BestSpeed)
		json.NewEncoder(zw).Encode(v)
		zw.Close()
		return cw.n
	}
	json.NewEncoder(cw).Encode(v)
	return cw.n
}

type countingWriter struct {
	w io.Writer
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}
