package syncclient

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/cloud"
	"github.com/racedesk/racedesk/syncclient/cloud/pgstore"
	"github.com/racedesk/racedesk/syncclient/cloud/pgtest"
)

// The sync suite is a conformance suite of the cloud's back ends: every
// test runs against the bbolt cloud, and with RACEDESK_SYNC_CLOUD=postgres
// against the cloud on PostgreSQL (make test runs both; a test skips
// with the reason where PostgreSQL cannot be had). The tests see the
// cloud as a *store.Store either way: on PostgreSQL it is the event's
// working copy, whose writes are the database's.
func onPostgres() bool { return os.Getenv("RACEDESK_SYNC_CLOUD") == "postgres" }

// newCloud makes the world's cloud on the back end under test.
func (w *world) newCloud() {
	t := w.t
	t.Helper()
	if !onPostgres() {
		w.cloud = newCloudStore(t, w)
		return
	}
	w.pg = newPostgresEvent(t, pgtest.Database(t), w)
	s, err := w.pg.Store()
	if err != nil {
		t.Fatal(err)
	}
	w.cloud = s
}

// newPostgresEvent opens the database at dsn as one server process and
// puts the world's event into it (again: the same event is no change).
func newPostgresEvent(t testing.TB, dsn string, w *world) *pgstore.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db := openPostgres(t, dsn, w)
	if w.pgServer == "" {
		w.pgServer = uuid.NewString()
	}
	if err := db.CreateEventAs(ctx, w.ev, w.pgServer, "cloud", testToken); err != nil {
		t.Fatal(err)
	}
	e, err := db.Event(ctx, w.ev.Identity())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// server is the protocol server of the world's cloud.
func (w *world) server() *cloud.Server {
	if w.pg != nil {
		return &cloud.Server{Backend: w.pg, Now: w.clock.Now}
	}
	return &cloud.Server{Store: w.cloud, Token: testToken, Now: w.clock.Now}
}

// The organizer's token commands, on the back end under test.

func (w *world) issueToken(desk string, hub bool) string {
	w.t.Helper()
	var tok string
	var err error
	switch {
	case w.pg != nil && hub:
		tok, _, err = w.pg.IssueHubToken(context.Background(), desk)
	case w.pg != nil:
		tok, _, err = w.pg.IssueToken(context.Background(), desk)
	case hub:
		tok, _, err = w.cloud.IssueHubToken(desk)
	default:
		tok, _, err = w.cloud.IssueToken(desk)
	}
	if err != nil {
		w.t.Fatal(err)
	}
	return tok
}

func (w *world) tokens() []store.DeskToken {
	w.t.Helper()
	var ts []store.DeskToken
	var err error
	if w.pg != nil {
		ts, err = w.pg.Tokens(context.Background())
	} else {
		ts, err = w.cloud.Tokens()
	}
	if err != nil {
		w.t.Fatal(err)
	}
	return ts
}

func (w *world) revokeTokens(sel string) {
	w.t.Helper()
	var err error
	if w.pg != nil {
		_, err = w.pg.RevokeTokens(context.Background(), sel)
	} else {
		_, err = w.cloud.RevokeTokens(sel)
	}
	if err != nil {
		w.t.Fatal(err)
	}
}

// newCloudStore is the bbolt cloud's file, marked as a cloud's as 'cloud
// serve' marks it (a deletion scrubs its own changes too).
func newCloudStore(t testing.TB, w *world) *store.Store {
	t.Helper()
	s := newStore(t, w.dir, "cloud.db", "cloud", w.ev, w.clock.Now)
	if err := s.ServeAsCloud(); err != nil {
		t.Fatal(err)
	}
	return s
}

// openPostgres opens the database at dsn as one server process of the
// world's cloud (its clock; working copies in the test's directory).
func openPostgres(t testing.TB, dsn string, w *world) *pgstore.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := pgstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	db.Now, db.Dir = w.clock.Now, t.TempDir()
	return db
}

// boltWorld is a world whose cloud is the bbolt file whatever the back
// end under test, with desks by those names: a history to move.
func boltWorld(t *testing.T, desks ...string) (*world, *fleet) {
	t.Helper()
	w := &world{t: t, dir: t.TempDir(), ev: loadEvent(t), clock: newClock()}
	w.cloud = newCloudStore(t, w)
	w.link = &link{h: w.server().Handler()}
	f := &fleet{w: w, t: t}
	for _, name := range desks {
		f.add(name, "")
	}
	return w, f
}
