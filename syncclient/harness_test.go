package syncclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/cloud/pgstore"
)

const testToken = "s3cret-token"

// patienceSync bounds a test's wait for something that a healthy run does
// in well under a second (a busy laptop is slow, not failing).
const patienceSync = 60 * time.Second

func loadEvent(t testing.TB) *model.Event {
	t.Helper()
	f, err := os.Open("testdata/event.toml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ev, err := model.ParseEvent(f)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// clock is a shared test clock that moves forward on every read, so HLC
// stamps differ like real ones.
type clock struct {
	mu     sync.Mutex
	t      time.Time
	frozen bool // a fast machine: many reads within one millisecond
}

func newClock() *clock { return &clock{t: time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.frozen {
		c.t = c.t.Add(time.Millisecond)
	}
	return c.t
}

func (c *clock) freeze(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.frozen = on
}

func newStore(t testing.TB, dir, name, desk string, ev *model.Event, now func() time.Time) *store.Store {
	t.Helper()
	s, err := store.Create(filepath.Join(dir, name), ev, desk, store.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// fault says what the transport does to one round trip.
type fault int

const (
	passThrough    fault = iota
	cutBeforeSend        // the request never reaches the cloud
	cutAfterCommit       // the cloud commits, the response is lost
	cutMidBody           // the response breaks off halfway
	stall                // the link hangs until the client gives up
)

// link is an in-process transport to the cloud's handler, with faults.
type link struct {
	h      http.Handler
	mu     sync.Mutex
	faults []fault // consumed one per round trip; empty = pass through
	trips  int
	// The last response's body as the cloud wrote it, and how many of its
	// bytes reached the desk.
	lastBody      []byte
	lastDelivered int
}

func (l *link) next() fault {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.trips++
	if len(l.faults) == 0 {
		return passThrough
	}
	f := l.faults[0]
	l.faults = l.faults[1:]
	return f
}

func (l *link) inject(f ...fault) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.faults = append(l.faults, f...)
}

var errCut = errors.New("link cut")

func (l *link) RoundTrip(req *http.Request) (*http.Response, error) {
	f := l.next()
	if f == cutBeforeSend {
		return nil, errCut
	}
	rec := httptest.NewRecorder()
	l.h.ServeHTTP(rec, req)
	resp := rec.Result()
	body := rec.Body.Bytes()
	l.mu.Lock()
	l.lastBody, l.lastDelivered = body, len(body)
	if f == cutMidBody {
		l.lastDelivered = len(body) / 2
	}
	l.mu.Unlock()
	switch f {
	case cutAfterCommit:
		return nil, errCut
	case cutMidBody:
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body[:len(body)/2]), errReader{}))
	case stall:
		ctx := req.Context()
		resp.Body = io.NopCloser(ctxReader{ctx})
	}
	return resp, nil
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errCut }

type ctxReader struct{ ctx context.Context }

func (r ctxReader) Read([]byte) (int, error) {
	<-r.ctx.Done()
	return 0, r.ctx.Err()
}

// world is a cloud and its desks in one process.
type world struct {
	t     testing.TB
	dir   string
	ev    *model.Event
	clock *clock
	// cloud is the cloud's store: its bbolt file, or on PostgreSQL the
	// working copy of the event (writes to it are the database's).
	cloud *store.Store
	pg    *pgstore.Event // the event on PostgreSQL (backend_test.go)
	// pgServer is the cloud device of the event on PostgreSQL.
	pgServer string
	link     *link
}

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{t: t, dir: t.TempDir(), ev: loadEvent(t), clock: newClock()}
	w.newCloud()
	w.link = &link{h: w.server().Handler()}
	return w
}

// desk creates a desk database with its own client over the world's link.
func (w *world) desk(name string) *Client {
	w.t.Helper()
	s := newStore(w.t, w.dir, name+".db", name, w.ev, w.clock.Now)
	c := New(s, "http://localhost", testToken)
	c.HTTP = &http.Client{Transport: w.link}
	c.Now = w.clock.Now
	return c
}

func mustSync(t testing.TB, c *Client) Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rep, err := c.Sync(ctx)
	if err != nil {
		t.Fatalf("sync %s: %v", c.Store.Device().Desk, err)
	}
	return rep
}

func register(t testing.TB, s *store.Store, first, last, born, gender, race string) model.Participant {
	t.Helper()
	bib := "auto"
	if s.Device().Desk == "cloud" {
		bib = "" // online registrations get their bib at the desk
	}
	p, err := s.Register(model.ParticipantInput{First: first, Last: last, Born: born, Gender: gender, Race: race, Bib: bib}, store.RegisterOptions{Late: true})
	if err != nil {
		t.Fatalf("register %s %s: %v", first, last, err)
	}
	return p
}

// snapshot is a replica's participants in a comparable form.
func snapshot(t testing.TB, s *store.Store) []string {
	t.Helper()
	var out []string // every record, tombstones too
	if err := s.EachParticipant(func(p *model.Participant) error {
		out = append(out, fmt.Sprintf("%s %v", p.ID, p.Fields()))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func assertSame(t testing.TB, what string, a, b []string) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d vs %d participants", what, len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("%s differ:\n%s\n%s", what, a[i], b[i])
		}
	}
}

// deskToken is the desk's own secret, which it syncs with once it joined.
func deskToken(t *testing.T, c *Client) string {
	t.Helper()
	cred, err := loadCredential(c.Store.Path())
	if err != nil || !cred.Joined {
		t.Fatalf("%s has not joined: %+v %v", c.Store.Device().Desk, cred, err)
	}
	return cred.Token
}
