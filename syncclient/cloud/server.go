// Package cloud is the reference cloud server for racedesk sync: it holds
// the event in the same store format as a desk (so `racedesk list` and
// `export` work on its file) and answers the sync protocol over HTTP.
package cloud

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
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
	// MaxPushChanges and MaxPushFields bound what the push of one
	// request decodes into (a desk pushes at most 2,000 changes of a
	// dozen fields): a small body whose changes have many empty fields
	// would otherwise decode into many times its inflated size.
	MaxPushChanges = 10_000
	MaxPushFields  = 200_000
)

// Limits of the memory requests take together. The bytes of request
// bodies inflated and not yet done with — decoded, and for a sync until
// its push is applied — are at most MaxInflating at once, whatever the
// number of requests: a request takes its share in units of InflateUnit
// as its body inflates (a desk's push takes one), and waits for more
// when the others hold it all. A request that waits TurnWait in all is
// answered 503 with Retry-After (the desk's loop tries again) and gives
// back what it held. A slow upload holds only what it inflated so far;
// the pull streams after the share is given back.
const (
	MaxInflating = 2 * MaxInflatedBytes
	InflateUnit  = 1 << 20
	TurnWait     = 5 * time.Second
	RetryAfter   = 2 // seconds
)

// Server answers the sync protocol for one event store.
type Server struct {
	// Events holds many events (PostgreSQL): each request is for the
	// one it names (withBackend). Else Backend holds the one event; nil:
	// Store, the event's bbolt file.
	Events  Backend
	Backend EventBackend
	Store   *store.Store
	// Token is the event's enrolment token: it lets a desk join (bind its
	// own secret to its device) and read the event, never sync.
	Token string
	Log   *slog.Logger
	// Now is the clock (tests pin it).
	Now func() time.Time
	// Seen, if set, hears of every sync round a device made, and how far
	// its clock is off this one's (0 if it did not say): a hub shows the
	// devices it serves. It must not block.
	Seen func(device, desk string, offset time.Duration)
	// Import, if set, takes a registration platform's export into the
	// event (POST /v3/import with the enrolment token): the CSV file at
	// path, with the request's query as options. It answers the HTTP
	// status, the content type and the body.
	Import func(s *store.Store, path string, query url.Values) (status int, contentType string, body []byte)
	// Health, if set, answers GET /healthz without a token, for a load
	// balancer: 200 when it returns nil, else 503 (it says nothing
	// about any event).
	Health func(ctx context.Context) error

	// Wait is how long a request waits for room to inflate its body
	// (0: TurnWait).
	Wait time.Duration

	unitsOnce sync.Once
	units     chan struct{} // InflateUnits of MaxInflating taken
}

// share is a request's part of MaxInflating.
type share struct {
	s        *Server
	ctx      context.Context
	deadline time.Time
	held     int   // units taken
	credit   int64 // bytes of them not yet inflated
	mu       sync.Mutex
}

var errBusy = errors.New("the cloud is busy reading other requests: try again")

// take makes room for n more inflated bytes.
func (sh *share) take(n int) error {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.credit -= int64(n)
	for sh.credit < 0 {
		select {
		case sh.s.units <- struct{}{}: // room: no wait, however late
		default:
			if err := sh.wait(); err != nil {
				return err
			}
		}
		sh.held++
		sh.credit += InflateUnit
	}
	return nil
}

// wait takes a unit when one is given back, until the deadline.
func (sh *share) wait() error {
	t := time.NewTimer(time.Until(sh.deadline))
	defer t.Stop()
	select {
	case sh.s.units <- struct{}{}:
		return nil
	case <-t.C:
		return errBusy
	case <-sh.ctx.Done():
		return sh.ctx.Err()
	}
}

// release gives back what the request held; it may be called again.
func (sh *share) release() {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	for ; sh.held > 0; sh.held-- {
		<-sh.s.units
	}
	sh.credit = 0
}

// sharedReader takes a share for every byte it reads.
type sharedReader struct {
	r  io.Reader
	sh *share
}

func (sr sharedReader) Read(p []byte) (int, error) {
	n, err := sr.r.Read(p)
	if n > 0 {
		if serr := sr.sh.take(n); serr != nil {
			return n, serr
		}
	}
	return n, err
}

func (s *Server) newShare(r *http.Request) *share {
	s.unitsOnce.Do(func() { s.units = make(chan struct{}, MaxInflating/InflateUnit) })
	wait := s.Wait
	if wait <= 0 {
		wait = TurnWait
	}
	return &share{s: s, ctx: r.Context(), deadline: time.Now().Add(wait)}
}

// busy answers a request that found no room: 503, try again later.
func (s *Server) busy(w http.ResponseWriter, r *http.Request) {
	s.log().Warn("busy", "path", r.URL.Path, "remote", r.RemoteAddr)
	w.Header().Set("Retry-After", strconv.Itoa(RetryAfter))
	http.Error(w, errBusy.Error(), http.StatusServiceUnavailable)
}

// principal is who sent a request: the enrolment token's holder, or a
// desk with its own token.
type principal struct {
	enrol bool
	desk  store.DeskToken
}

type ctxKey struct{}

// Handler is the HTTP API: every path needs a token, and every request
// that names an event must name this one. Version 3 and version 2 are
// served side by side (a desk not yet updated keeps syncing).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	ping := func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }
	mux.HandleFunc("POST "+protocol.PathSync, s.handleSync)
	mux.HandleFunc("POST "+protocol.PathJoin, s.handleJoin(protocol.ProtocolVersion))
	mux.HandleFunc("GET "+protocol.PathEvent, s.handleEvent(protocol.ProtocolVersion))
	mux.HandleFunc("GET "+protocol.PathPing, ping)
	mux.HandleFunc("POST "+protocol.PathImport, s.handleImport)
	mux.HandleFunc("POST "+protocol.PathSyncV2, s.handleSyncV2)
	mux.HandleFunc("POST "+protocol.PathJoinV2, s.handleJoin(protocol.VersionV2))
	mux.HandleFunc("GET "+protocol.PathEventV2, s.handleEvent(protocol.VersionV2))
	mux.HandleFunc("GET "+protocol.PathPingV2, ping)
	// A desk of an older racedesk gets told, not served wrongly.
	mux.HandleFunc("/v1/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, fmt.Sprintf("this cloud speaks sync protocols %d and %d; update racedesk on this desk", protocol.ProtocolVersion, protocol.VersionV2), http.StatusBadRequest)
	})
	api := s.withBackend(s.withTime(s.withAuth(s.withEvent(mux))))
	if s.Health == nil {
		return api
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == PathHealth && r.Method == http.MethodGet {
			s.health(w, r)
			return
		}
		api.ServeHTTP(w, r)
	})
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
		w.Header().Set(protocol.HeaderServer, s.events(r).Server())
		if s.events(r).IsHub() {
			w.Header().Set(protocol.HeaderRole, "hub")
		}
		next.ServeHTTP(w, r)
	})
}

// withAuth finds who sent the request: the enrolment token (compared in
// constant time) or a desk token in force.
func (s *Server) withAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := r.Header.Get("Authorization")
		var p principal
		switch tok, ok := strings.CutPrefix(got, "Bearer "); {
		case ok && s.events(r).Enrol(tok):
			p.enrol = true
		case ok && tok != "":
			t, err := s.events(r).Authenticate(r.Context(), tok)
			if err != nil {
				s.unauthorized(w, r, err)
				return
			}
			p.desk = t
		default:
			s.unauthorized(w, r, store.ErrTokenUnknown)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, p)))
	})
}

func (s *Server) unauthorized(w http.ResponseWriter, r *http.Request, err error) {
	s.log().Warn("unauthorized", "path", r.URL.Path, "remote", r.RemoteAddr, "why", err.Error())
	w.Header().Set("WWW-Authenticate", `Bearer realm="racedesk"`)
	msg := "unauthorized"
	if errors.Is(err, store.ErrTokenRevoked) {
		msg = "unauthorized: " + err.Error()
	}
	http.Error(w, msg, http.StatusUnauthorized)
}

// withEvent refuses a request that names another event.
func (s *Server) withEvent(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get(protocol.HeaderEvent); got != "" && got != s.events(r).Event().Identity() {
			s.otherEvent(w, r, got)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) otherEvent(w http.ResponseWriter, r *http.Request, theirs string) {
	s.log().Warn("other event", "path", r.URL.Path, "remote", r.RemoteAddr, "event", theirs)
	http.Error(w, fmt.Sprintf("this desk holds the event %q, the cloud holds %s (%q): sync only a database made from this cloud's event",
		theirs, s.events(r).Event().Describe(), s.events(r).Event().Identity()), http.StatusConflict)
}

func who(r *http.Request) principal { p, _ := r.Context().Value(ctxKey{}).(principal); return p }

func (s *Server) handleEvent(version int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ev := s.events(r).Event()
		resp := protocol.EventResponse{Version: version, Event: *ev, Identity: ev.Identity(), Cloud: s.events(r).Server()}
		writeJSON(w, r, resp)
	}
}

func (s *Server) handleJoin(version int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.join(w, r, version) }
}

func (s *Server) join(w http.ResponseWriter, r *http.Request, version int) {
	var req protocol.JoinRequest
	sh := s.newShare(r)
	defer sh.release()
	if !s.read(w, r, sh, &req, version) {
		return
	}
	var auth *store.DeskToken
	if p := who(r); !p.enrol {
		auth = &p.desk
	}
	t, err := s.events(r).Join(r.Context(), auth, store.JoinRequest{Device: req.Device, Desk: req.Desk, Token: req.Token, Previous: req.Previous})
	if err != nil {
		s.log().Warn("join refused", "device", req.Device, "desk", req.Desk, "why", err.Error())
		http.Error(w, "join refused: "+err.Error(), http.StatusForbidden)
		return
	}
	s.log().Info("join", "device", req.Device, "desk", req.Desk, "via", t.Via, "previous", req.Previous)
	writeJSON(w, r, protocol.JoinResponse{Version: version, Device: t.Device, Via: t.Via})
}

// request is a body that names its protocol version, event and device.
type request interface {
	Head() (version int, event, device string)
}

// read decodes a JSON request and checks its version (the one of its
// path), event and device; it answers the client itself when they do not
// hold.
func (s *Server) read(w http.ResponseWriter, r *http.Request, sh *share, req request, want int) bool {
	if err := readJSON(w, r, sh, req); err != nil {
		if errors.Is(err, errBusy) {
			s.busy(w, r)
		} else {
			s.badRequest(w, r, err)
		}
		return false
	}
	version, event, device := req.Head()
	if version != want {
		http.Error(w, fmt.Sprintf("protocol version %d not supported on %s (this cloud speaks %d under /v%d/ and %d under /v%d/): update racedesk",
			version, r.URL.Path, protocol.ProtocolVersion, protocol.ProtocolVersion, protocol.VersionV2, protocol.VersionV2), http.StatusBadRequest)
		return false
	}
	return s.checkHead(w, r, event, device)
}

func (s *Server) badRequest(w http.ResponseWriter, r *http.Request, err error) {
	s.log().Warn("bad request", "path", r.URL.Path, "err", err.Error(), "remote", r.RemoteAddr)
	http.Error(w, err.Error(), http.StatusBadRequest)
}

// checkHead checks the event and device a request names.
func (s *Server) checkHead(w http.ResponseWriter, r *http.Request, event, device string) bool {
	switch {
	case event != s.events(r).Event().Identity():
		s.otherEvent(w, r, event)
	case device == "":
		http.Error(w, "device missing", http.StatusBadRequest)
	default:
		return true
	}
	return false
}

// push checks that the request's token is the device's own and that the
// device pushes only its own changes, then applies the push. It answers
// the client itself when it fails.
//
// hold: the device bounds its own stamps (version 3; Store.PushHolding).
func (s *Server) push(w http.ResponseWriter, r *http.Request, device string, push []store.Change, hold bool) (store.Ack, bool) {
	// A desk speaks only for itself.
	if p := who(r); p.enrol || p.desk.Device != device {
		why := "the enrolment token joins desks, it does not sync: join first"
		if !p.enrol {
			why = fmt.Sprintf("this token belongs to %s (device %s), not to device %s", p.desk.Desk, p.desk.Device, device)
		}
		s.log().Warn("sync refused", "device", device, "why", why)
		http.Error(w, why, http.StatusForbidden)
		return store.Ack{}, false
	}
	for _, m := range push {
		if m.Device != device {
			http.Error(w, "a device pushes only its own changes", http.StatusBadRequest)
			return store.Ack{}, false
		}
	}
	acks, err := s.events(r).Push(r.Context(), "", device, push, hold)
	if err != nil {
		s.log().Error("push failed", "device", device, "err", err.Error())
		http.Error(w, "push failed", http.StatusInternalServerError)
		return store.Ack{}, false
	}
	return *acks[device], true
}

// pushRelayed is push for a request that may carry the changes of other
// devices: a hub's, relaying what its desks pushed to it, in the order it
// got them. Only a token the organizer issued for a hub may; every
// device's changes are applied as if it had pushed them itself (same
// identities, same checks), in the order given, and acknowledged per
// device.
func (s *Server) pushRelayed(w http.ResponseWriter, r *http.Request, device string, push []store.Change) (store.Ack, map[string]store.Ack, bool) {
	relays := false
	for _, m := range push {
		relays = relays || m.Device != device
	}
	if !relays {
		ack, ok := s.push(w, r, device, push, true)
		return ack, nil, ok
	}
	if p := who(r); p.enrol || p.desk.Device != device || !p.desk.Hub {
		http.Error(w, "a device pushes only its own changes (relaying needs a hub's token: racedesk cloud token add --hub)", http.StatusForbidden)
		return store.Ack{}, nil, false
	}
	acks, err := s.events(r).Push(r.Context(), device, device, push, true)
	if err != nil {
		s.log().Error("relayed push failed", "hub", device, "err", err.Error())
		http.Error(w, "push failed", http.StatusInternalServerError)
		return store.Ack{}, nil, false
	}
	var own store.Ack
	relayed := map[string]store.Ack{}
	for dev, a := range acks {
		if dev == device {
			own = *a
		} else {
			relayed[dev] = *a
		}
	}
	return own, relayed, true
}

// handleSyncV2 is version 2's sync round: JSON, pages of at most
// MaxPageChanges.
func (s *Server) handleSyncV2(w http.ResponseWriter, r *http.Request) {
	start := s.now()
	var req protocol.RequestV2
	sh := s.newShare(r)
	defer sh.release()
	if !s.read(w, r, sh, &req, protocol.VersionV2) {
		return
	}
	if err := pushWithin(req.Push); err != nil {
		s.badRequest(w, r, err)
		return
	}
	ack, ok := s.push(w, r, req.Device, req.Push, false)
	if !ok {
		return
	}
	pushed := len(req.Push)
	req.Push = nil
	sh.release() // the pull is written outside the share
	limit := req.Limit
	if limit <= 0 {
		limit = DefaultPage
	}
	limit = min(limit, MaxPageChanges)
	var changes []store.Change
	var cursor uint64
	var more bool
	var err error
	if len(ack.Reused) == 0 {
		changes, cursor, more, err = s.events(r).Feed(r.Context(), req.Cursor, req.Device, limit)
		if err != nil {
			s.log().Error("feed failed", "device", req.Device, "err", err.Error())
			http.Error(w, "pull failed", http.StatusInternalServerError)
			return
		}
	}
	resp := protocol.ResponseV2{Version: protocol.VersionV2, ServerTime: s.now().UnixMilli(),
		Ack: ack, Changes: changes, Cursor: cursor, More: more}
	n := writeJSON(w, r, resp)
	// Counts and device IDs only: no names or birth dates in the log.
	s.log().Info("sync", "v", protocol.VersionV2, "device", req.Device, "desk", req.Desk, "pushed", pushed, "acked_upto", ack.Upto,
		"refused", len(ack.Refused), "reused", len(ack.Reused), "pulled", len(changes), "more", more,
		"bytes_out", n, "ms", s.now().Sub(start).Milliseconds())
}

// body is a request's body within the size limits: at most MaxBodyBytes
// as received, at most MaxInflatedBytes after gunzip, each byte read
// taken from sh.
func body(w http.ResponseWriter, r *http.Request, sh *share) (*io.LimitedReader, func(), error) {
	in := io.Reader(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	done := func() {}
	if strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(in)
		if err != nil {
			return nil, done, fmt.Errorf("gzip body: %w", err)
		}
		in, done = zr, func() { zr.Close() }
	}
	return &io.LimitedReader{R: sharedReader{r: in, sh: sh}, N: MaxInflatedBytes + 1}, done, nil
}

// errPushTooLarge is a push beyond MaxPushChanges or MaxPushFields.
var errPushTooLarge = fmt.Errorf("request too large: a push takes at most %d changes of %d fields together", MaxPushChanges, MaxPushFields)

// pushWithin checks a decoded push against the limits.
func pushWithin(push []store.Change) error {
	fields := 0
	for _, ch := range push {
		fields += len(ch.Fields)
	}
	if len(push) > MaxPushChanges || fields > MaxPushFields {
		return errPushTooLarge
	}
	return nil
}

// decodeRequest reads a version-3 request, stopping as soon as its push
// goes beyond MaxPushChanges or MaxPushFields.
func decodeRequest(r io.Reader) (protocol.SyncRequest, error) {
	d := protocol.NewDecoder(r)
	req, err := d.RequestHead()
	if err != nil {
		return req, err
	}
	fields := 0
	for {
		rec, err := d.Next()
		if err != nil {
			return req, err
		}
		if rec.End {
			return req, nil
		}
		fields += len(rec.Change.Fields)
		if len(req.Push) == MaxPushChanges || fields > MaxPushFields {
			return req, errPushTooLarge
		}
		req.Push = append(req.Push, *rec.Change)
	}
}

// tooLarge names the error of a body read past a limit.
func tooLarge(limited *io.LimitedReader, err error) error {
	if errors.Is(err, errBusy) {
		return err
	}
	var mbe *http.MaxBytesError
	if limited.N <= 0 || errors.As(err, &mbe) {
		return errors.New("request too large")
	}
	return fmt.Errorf("request body: %w", err)
}

// readJSON decodes a (possibly gzipped) body within the size limits.
func readJSON(w http.ResponseWriter, r *http.Request, sh *share, v any) error {
	limited, done, err := body(w, r, sh)
	if err != nil {
		return err
	}
	defer done()
	if err := json.NewDecoder(limited).Decode(v); err != nil {
		return tooLarge(limited, err)
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

// handleImport takes online registrations into the running cloud: the
// organizer (the enrolment token) posts the registration platform's
// export, and it is imported as 'racedesk import' would on the event's
// store — the same validation, the same idempotence, never overwriting
// a desk's work. The body is kept in a file for the import's two passes.
func (s *Server) handleImport(w http.ResponseWriter, r *http.Request) {
	if s.Import == nil {
		http.Error(w, "this server takes no imports", http.StatusNotFound)
		return
	}
	if !who(r).enrol {
		http.Error(w, "importing registrations needs the event's enrolment token (the organizer's)", http.StatusForbidden)
		return
	}
	rep, err := s.events(r).Replica()
	if err != nil {
		s.log().Error("import", "err", err.Error())
		http.Error(w, "import failed", http.StatusInternalServerError)
		return
	}
	dir, err := os.MkdirTemp("", "racedesk-import-")
	if err != nil {
		http.Error(w, "import failed", http.StatusInternalServerError)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "registrations.csv")
	if err := saveBody(path, http.MaxBytesReader(w, r.Body, MaxBodyBytes)); err != nil {
		s.badRequest(w, r, fmt.Errorf("read the file: %w", err))
		return
	}
	status, ctype, body := s.Import(rep, path, r.URL.Query())
	s.log().Info("import", "status", status, "bytes", len(body))
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	w.Write(body)
}

func saveBody(path string, body io.Reader) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// PathHealth is the load balancer's check (Server.Health).
const PathHealth = "/healthz"

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	if err := s.Health(ctx); err != nil {
		s.log().Warn("health", "err", err.Error())
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ok\n"))
}
