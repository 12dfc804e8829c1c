package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	berrors "go.etcd.io/bbolt/errors"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// TestMain runs the tests and benchmarks, then removes the 50,000-runner
// store the benchmarks share.
func TestMain(m *testing.M) {
	code := m.Run()
	removeBenchStores()
	os.Exit(code)
}

// pinned is "now" for the tests: the morning of the example event.
var pinned = time.Date(2026, 12, 6, 8, 30, 0, 0, time.UTC)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: pinned} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// exampleEvent is docs/examples/event.toml: 10k (bibs 1-399, Desk 1 has
// 1-199, Desk 2 200-399, min age 16), 5k (400-699, min age 8), bambini
// (700-799, max age 9).
func exampleEvent(t testing.TB) *model.Event {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "event.toml"))
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

// fixture is a store in a temporary directory with a pinned clock.
type fixture struct {
	t     testing.TB
	s     *store.Store
	path  string
	clock *fakeClock
}

// newFixture creates the example event's database for desk.
func newFixture(t testing.TB, desk string) *fixture {
	t.Helper()
	return newFixtureFor(t, exampleEvent(t), desk)
}

func newFixtureFor(t testing.TB, ev *model.Event, desk string) *fixture {
	t.Helper()
	f := &fixture{t: t, path: filepath.Join(t.TempDir(), "event.db"), clock: newClock()}
	s, err := store.Create(f.path, ev, desk, store.Options{Now: f.clock.Now})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	f.s = keep(t, s)
	return f
}

// keep checks the file's consistency when the test ends and closes it.
// A store the test closed itself is skipped.
func keep(t testing.TB, s *store.Store) *store.Store {
	t.Helper()
	t.Cleanup(func() {
		if err := s.Check(); err != nil && !errors.Is(err, berrors.ErrDatabaseNotOpen) {
			t.Errorf("bbolt check of %s: %v", s.Path(), err)
		}
		s.Close()
	})
	return s
}

// reopen closes the store and opens the file again, as after a restart.
func (f *fixture) reopen(opts store.Options) {
	f.t.Helper()
	if err := f.s.Close(); err != nil {
		f.t.Fatalf("Close: %v", err)
	}
	if opts.Now == nil {
		opts.Now = f.clock.Now
	}
	s, err := store.Open(f.path, opts)
	if err != nil {
		f.t.Fatalf("reopen: %v", err)
	}
	f.s = keep(f.t, s)
}

// register registers in or fails the test.
func (f *fixture) register(in model.ParticipantInput) model.Participant {
	f.t.Helper()
	p, err := f.s.Register(in, store.RegisterOptions{})
	if err != nil {
		f.t.Fatalf("Register(%s %s): %v", in.First, in.Last, err)
	}
	return p
}

// logLen is the length of the change log.
func (f *fixture) logLen() int {
	f.t.Helper()
	log, err := f.s.Log(0, 0)
	if err != nil {
		f.t.Fatalf("Log: %v", err)
	}
	return len(log)
}

func (f *fixture) counts() store.Counts {
	f.t.Helper()
	c, err := f.s.Counts()
	if err != nil {
		f.t.Fatalf("Counts: %v", err)
	}
	return c
}

func (f *fixture) get(id string) model.Participant {
	f.t.Helper()
	p, err := f.s.Get(id)
	if err != nil {
		f.t.Fatalf("Get(%s): %v", id, err)
	}
	return p
}

// runner is a valid 10k registration asking for an automatic bib.
func runner(first, last string) model.ParticipantInput {
	return model.ParticipantInput{First: first, Last: last, Born: "12.03.1985", Gender: "M", Race: "10k", Bib: "auto"}
}

// with returns in changed by fn, for table tests.
func with(in model.ParticipantInput, fn func(*model.ParticipantInput)) model.ParticipantInput {
	fn(&in)
	return in
}

// fieldError unwraps the error of one field from a FieldError or a
// ValidationError.
func fieldError(err error, field string) *model.FieldError {
	var ve model.ValidationError
	if errors.As(err, &ve) {
		return ve.For(field)
	}
	var fe *model.FieldError
	if errors.As(err, &fe) && fe.Field == field {
		return fe
	}
	return nil
}
