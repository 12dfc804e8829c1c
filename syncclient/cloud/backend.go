package cloud

import (
	"context"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// EventBackend is one event's storage, all the protocol server uses of it
// (docs/cloud-postgres.md): the event's bbolt file (BoltEvent, the
// default) or its rows in PostgreSQL.
type EventBackend interface {
	Event() *model.Event
	// Server is the device whose log is served (X-Racedesk-Server).
	Server() string
	IsHub() bool
	// Authenticate finds a desk token in force (store.ErrTokenUnknown,
	// store.ErrTokenRevoked).
	Authenticate(ctx context.Context, tok string) (store.DeskToken, error)
	Join(ctx context.Context, auth *store.DeskToken, req store.JoinRequest) (store.DeskToken, error)
	// Push applies a push: store.PushHolding's rules when hold (version
	// 3: far-ahead stamps held), else store.PushRelayed's.
	Push(ctx context.Context, relay, asker string, push []store.Change, hold bool) (map[string]*store.Ack, error)
	// Feed is the log after a cursor without exclude's own changes
	// (store.Feed).
	Feed(ctx context.Context, after uint64, exclude string, limit int) (changes []store.Change, next uint64, more bool, err error)
}

// BoltEvent is an event's bbolt file as an EventBackend. Its calls do not
// wait on a network, so it ignores their contexts.
type BoltEvent struct{ Store *store.Store }

func (b BoltEvent) Event() *model.Event { return b.Store.Event() }
func (b BoltEvent) Server() string      { return b.Store.Device().ID }
func (b BoltEvent) IsHub() bool         { return b.Store.IsHub() }

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

func (b BoltEvent) Feed(_ context.Context, after uint64, exclude string, limit int) ([]store.Change, uint64, bool, error) {
	return b.Store.Feed(after, exclude, limit)
}

// events is the server's event backend: Backend, or else Store.
func (s *Server) events() EventBackend {
	if s.Backend != nil {
		return s.Backend
	}
	return BoltEvent{Store: s.Store}
}
