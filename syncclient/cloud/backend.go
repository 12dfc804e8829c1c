package cloud

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/protocol"
)

// EventBackend is one event's storage, all the protocol server uses of it
// (docs/cloud-postgres.md): the event's bbolt file (BoltEvent, the
// default) or its rows in PostgreSQL.
type EventBackend interface {
	Event() *model.Event
	// Server is the device whose log is served (X-Racedesk-Server).
	Server() string
	IsHub() bool
	// Enrol reports whether tok is the event's enrolment token (it joins
	// desks, never syncs).
	Enrol(tok string) bool
	// Authenticate finds a desk token in force (store.ErrTokenUnknown,
	// store.ErrTokenRevoked).
	Authenticate(ctx context.Context, tok string) (store.DeskToken, error)
	Join(ctx context.Context, auth *store.DeskToken, req store.JoinRequest) (store.DeskToken, error)
	// Push applies a push: store.PushHolding's rules when hold (version
	// 3: far-ahead stamps held), else store.PushRelayed's.
	Push(ctx context.Context, relay, asker string, push []store.Change, hold bool) (map[string]*store.Ack, error)
	// Replica is the event as a store: the bbolt file, or the working
	// copy of the event on PostgreSQL (its writes are the database's).
	Replica() (*store.Store, error)
	// Feed is the log after a cursor without exclude's own changes
	// (store.Feed).
	Feed(ctx context.Context, after uint64, exclude string, limit int) (changes []store.Change, next uint64, more bool, err error)
}

// BoltEvent is an event's bbolt file as an EventBackend. Its calls do not
// wait on a network, so it ignores their contexts.
type BoltEvent struct {
	Store *store.Store
	Token string // the enrolment token ("": none)
}

func (b BoltEvent) Event() *model.Event { return b.Store.Event() }
func (b BoltEvent) Server() string      { return b.Store.Device().ID }
func (b BoltEvent) IsHub() bool         { return b.Store.IsHub() }

func (b BoltEvent) Enrol(tok string) bool {
	return b.Token != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(b.Token)) == 1
}

func (b BoltEvent) Authenticate(_ context.Context, tok string) (store.DeskToken, error) {
	return b.Store.Authenticate(tok)
}

func (b BoltEvent) Join(_ context.Context, auth *store.DeskToken, req store.JoinRequest) (store.DeskToken, error) {
	return b.Store.Join(auth, req)
}

func (b BoltEvent) Push(_ context.Context, relay, asker string, push []store.Change, hold bool) (map[string]*store.Ack, error) {
	if hold {
		return b.Store.PushHolding(relay, asker, push)
	}
	return b.Store.PushRelayed(relay, asker, push)
}

func (b BoltEvent) Replica() (*store.Store, error) { return b.Store, nil }

func (b BoltEvent) Feed(_ context.Context, after uint64, exclude string, limit int) ([]store.Change, uint64, bool, error) {
	return b.Store.Feed(after, exclude, limit)
}

// Backend holds the events a cloud serves (PostgreSQL: many).
type Backend interface {
	// Open finds an event by its identity (model.Event.Identity):
	// ErrNoEvent when there is none by that name.
	Open(ctx context.Context, identity string) (EventBackend, error)
	// Only is the backend's one event: ErrNoEvent when it holds none,
	// ErrWhichEvent when several (a request must name it).
	Only(ctx context.Context) (EventBackend, error)
}

// Errors of a Backend, matched with errors.Is.
var (
	ErrNoEvent    = errors.New("no such event in this cloud")
	ErrWhichEvent = errors.New("this cloud holds several events: name one (https://…/e/<event>/)")
)

// EventPrefix starts the path of a request for one event of a cloud with
// many: /e/<identity>/v3/sync. A desk's cloud URL ends in /e/<identity>;
// the client appends the protocol's paths as for any cloud.
const EventPrefix = "/e/"

// EventURL is the cloud URL a desk syncs one event of a cloud with many
// through.
func EventURL(base, identity string) string {
	return strings.TrimRight(base, "/") + EventPrefix + url.PathEscape(identity)
}

type eventKey struct{}

// events is the request's event: the one withBackend chose, else Backend,
// else Store.
func (s *Server) events(r *http.Request) EventBackend {
	if ev, ok := r.Context().Value(eventKey{}).(EventBackend); ok {
		return ev
	}
	if s.Backend != nil {
		return s.Backend
	}
	return BoltEvent{Store: s.Store, Token: s.Token}
}

// withBackend chooses the event of a request to a cloud with many: by
// its path prefix (/e/<identity>/…, which is then cut off), else by the
// event the request names in its header, else the cloud's only one.
func (s *Server) withBackend(next http.Handler) http.Handler {
	if s.Events == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ev, rest, err := s.route(r)
		if err != nil {
			status := http.StatusInternalServerError
			switch {
			case errors.Is(err, ErrNoEvent):
				status = http.StatusNotFound
			case errors.Is(err, ErrWhichEvent):
				status = http.StatusBadRequest
			}
			s.log().Warn("no event", "path", r.URL.Path, "remote", r.RemoteAddr, "why", err.Error())
			http.Error(w, err.Error(), status)
			return
		}
		r2 := r.WithContext(context.WithValue(r.Context(), eventKey{}, ev))
		if rest != "" {
			u := *r.URL
			u.Path, u.RawPath = rest, ""
			r2.URL = &u
		}
		next.ServeHTTP(w, r2)
	})
}

func (s *Server) route(r *http.Request) (ev EventBackend, rest string, err error) {
	if tail, ok := strings.CutPrefix(r.URL.EscapedPath(), EventPrefix); ok {
		seg, after, _ := strings.Cut(tail, "/")
		identity, err := url.PathUnescape(seg)
		if err != nil || identity == "" {
			return nil, "", fmt.Errorf("%w: %q", ErrNoEvent, seg)
		}
		if rest, err = url.PathUnescape("/" + after); err != nil {
			return nil, "", fmt.Errorf("path %q: %w", r.URL.Path, err)
		}
		ev, err = s.Events.Open(r.Context(), identity)
		return ev, rest, err
	}
	if named := r.Header.Get(protocol.HeaderEvent); named != "" {
		ev, err = s.Events.Open(r.Context(), named)
		return ev, "", err
	}
	ev, err = s.Events.Only(r.Context())
	return ev, "", err
}
