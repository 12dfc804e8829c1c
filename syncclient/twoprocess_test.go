package syncclient

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/cloud"
	"github.com/racedesk/racedesk/syncclient/cloud/pgstore"
	"github.com/racedesk/racedesk/syncclient/cloud/pgtest"
)

// balancer sends each round trip to one of several servers at random, as
// a load balancer in front of cloud processes may.
type balancer struct {
	mu  sync.Mutex
	rng *rand.Rand
	hs  []http.Handler
}

func (b *balancer) RoundTrip(req *http.Request) (*http.Response, error) {
	b.mu.Lock()
	h := b.hs[b.rng.IntN(len(b.hs))]
	b.mu.Unlock()
	return (&link{h: h}).RoundTrip(req)
}

// TestTwoCloudProcessesOnOnePostgres: two server processes (each its own
// connections and working copy) serve one event from one PostgreSQL, and
// four desks sync through either at random, all at once, while the
// cloud takes online registrations through both. Every transaction that
// writes the log is held open a random while before it commits, so
// writers and readers of the two processes overlap in every order. After
// a last round through both, every replica — the desks and both working
// copies — holds the same, the log is gap-free, every desk's cursor is
// at its head, and nothing a desk confirmed is missing.
func TestTwoCloudProcessesOnOnePostgres(t *testing.T) {
	rng, rounds := randomRun(t, 0x2c1b3c6d)
	rounds /= 5
	dsn := pgtest.Database(t)
	w := &world{t: t, dir: t.TempDir(), ev: loadEvent(t), clock: newClock()}
	procs := []*pgstore.Event{newPostgresEvent(t, dsn, w), newPostgresEvent(t, dsn, w)}
	var hs []http.Handler
	for _, e := range procs {
		hs = append(hs, (&cloud.Server{Backend: e, Now: w.clock.Now}).Handler())
	}
	lb := &balancer{rng: rand.New(rand.NewPCG(rng.Uint64(), 1)), hs: hs}
	var delayMu sync.Mutex
	delays := rand.New(rand.NewPCG(rng.Uint64(), 2))
	var held atomic.Int64
	defer pgstore.SetCommitHook(func(string, uint64, uint64) {
		delayMu.Lock()
		d := time.Duration(delays.IntN(3000)) * time.Microsecond
		delayMu.Unlock()
		held.Add(1)
		time.Sleep(d) // perturbs the schedule; no result depends on it
	})()

	names := []string{"Müller", "Schmidt", "Weiß", "Dvořák", "Nguyễn", "Öztürk"}
	firsts := []string{"Jörg", "Anna", "Zoë", "Łukasz", "Renée", "Björn"}
	races := []string{"10k", "5k"}
	var desks []*Client
	for _, name := range []string{"Desk 1", "Desk 2", "Desk 3", "Desk 4"} {
		s := newStore(t, w.dir, name+".db", name, w.ev, w.clock.Now)
		c := New(s, "http://localhost", testToken)
		c.HTTP, c.Now = &http.Client{Transport: lb}, w.clock.Now
		desks = append(desks, c)
	}
	var mu sync.Mutex
	confirmed := map[string]string{}
	var wg sync.WaitGroup
	for i, c := range desks {
		r := rand.New(rand.NewPCG(rng.Uint64(), uint64(i)))
		wg.Go(func() {
			for range rounds {
				for n := r.IntN(3); n > 0; n-- {
					wrote, id := randomOp(t, r, c.Store, names, firsts, races)
					if wrote && id != "" {
						mu.Lock()
						confirmed[id] = c.Store.Device().Desk
						mu.Unlock()
					}
				}
				ctx, cancel := context.WithTimeout(context.Background(), patienceSync)
				_, err := c.Sync(ctx)
				cancel()
				if err != nil {
					t.Errorf("%s: %v", c.Store.Device().Desk, err)
					return
				}
			}
		})
	}
	for i, e := range procs { // online registrations, through both
		r := rand.New(rand.NewPCG(rng.Uint64(), uint64(10+i)))
		wg.Go(func() {
			s, err := e.Store()
			if err != nil {
				t.Error(err)
				return
			}
			for range rounds / 2 {
				if wrote, id := randomOp(t, r, s, names, firsts, races); wrote && id != "" {
					mu.Lock()
					confirmed[id] = "cloud"
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	for range 2 {
		for _, c := range desks {
			mustSync(t, c)
		}
	}
	log, _, _, err := procs[0].Feed(context.Background(), 0, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, ch := range log {
		if ch.Seq != uint64(i+1) {
			t.Fatalf("the log has position %d at index %d: a gap", ch.Seq, i)
		}
		key := fmt.Sprintf("%s#%d", ch.Device, ch.DevSeq)
		if ch.Relay == "" && seen[key] {
			t.Errorf("change %s#%d is in the log twice", ch.Device, ch.DevSeq)
		}
		seen[key] = true
	}
	var copies []*store.Store
	for _, e := range procs {
		s, err := e.Store()
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Refresh(); err != nil {
			t.Fatal(err)
		}
		copies = append(copies, s)
	}
	want := snapshot(t, copies[0])
	assertSame(t, "the two processes' working copies", want, snapshot(t, copies[1]))
	for _, c := range desks {
		assertSame(t, "the cloud and "+c.Store.Device().Desk, want, snapshot(t, c.Store))
		st, _ := c.Store.SyncState()
		if st.Pending != 0 || st.Cursor != uint64(len(log)) {
			t.Errorf("%s: %d pending, cursor %d of %d", c.Store.Device().Desk, st.Pending, st.Cursor, len(log))
		}
	}
	for id, desk := range confirmed {
		if !lists(t, copies[1], id) {
			t.Errorf("%s confirmed %s; it is gone", desk, id)
		}
	}
	t.Logf("%d changes in the log, %d transactions held open before their commit", len(log), held.Load())
}
