//go:build unix

package syncclient

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/cloud"
)

// cpuTime is this process's user and system CPU time so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkIsland: a hub served over real loopback HTTP and five desks
// running their sync loops against it (every second while it answers),
// 300 online registrations on every replica. It reports idle-CPU-%, the
// CPU of the whole process (hub and all five desks) over ten idle
// seconds as a share of one core, of which the hub's is less; hub-busy-%,
// the time the hub spent answering, the same way; seen-ms-p50 and p95, a
// check-in at Desk 1 until Desk 2 has it, over 50 one after another; and
// burst-s, 300 check-ins at once across the five desks until every desk
// has all of them. Run with
//
//	go test -run '^$' -bench Island -benchtime 1x -count 5 ./syncclient/
func BenchmarkIsland(b *testing.B) {
	for i := 0; i < b.N; i++ {
		islandRun(b)
	}
}

func islandRun(b *testing.B) {
	// The timer runs: one run takes half a minute, so the benchmark runs
	// it once (a stopped timer made it ask for a hundred).
	w := newWorld(b)
	ev := w.ev
	if _, rej, err := w.cloud.RegisterMany(demo.Runners(ev, 300, 1), store.RegisterOptions{Origin: store.OriginImport}); err != nil || len(rej) > 0 {
		b.Fatalf("online registrations: %v %v", err, rej)
	}
	tok := w.issueToken("Hub", true)
	hs := newStore(b, w.dir, "hub.db", "Hub", ev, time.Now)
	if err := hs.ServeAsHub(); err != nil {
		b.Fatal(err)
	}
	hub := New(hs, "http://localhost", tok)
	hub.HTTP = &http.Client{Transport: w.link}
	mustSync(b, hub)
	var busy atomic.Int64 // time the hub spends answering
	h := (&cloud.Server{Store: hs, Token: testToken}).Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h.ServeHTTP(w, r)
		busy.Add(int64(time.Since(start)))
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	var desks []*Client
	for _, name := range []string{"Desk 1", "Desk 2", "Desk 3", "Desk 4", "Desk 5"} {
		s := newStore(b, w.dir, name+".db", name, ev, time.Now)
		for _, r := range ev.Races { // every desk may give any bib: the test checks runners in, not pools
			s.SetPool(r.ID, r.Bibs)
		}
		c := New(s, srv.URL, testToken)
		mustSync(b, c)
		desks = append(desks, c)
		watch := s.Watch()
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer watch.Stop()
			c.Run(ctx, Loop{OnHub: time.Second, Every: time.Second}, watch.C, func(Status) {})
		}()
	}
	ps, err := desks[0].Store.List("")
	if err != nil || len(ps) != 300 {
		b.Fatalf("%d participants at Desk 1, %v", len(ps), err)
	}
	waitSettled(b, desks)

	// Idle: ten seconds of loops with nothing to say.
	before, busyBefore, start := cpuTime(b), busy.Load(), time.Now()
	time.Sleep(10 * time.Second) // the measurement is of idling, over this time
	idle := float64(cpuTime(b)-before) / float64(time.Since(start)) * 100
	hubBusy := float64(busy.Load()-busyBefore) / float64(time.Since(start)) * 100

	// One check-in at a time, Desk 1 to Desk 2.
	var seen []time.Duration
	for _, p := range ps[:50] {
		at := time.Now()
		if _, err := desks[0].Store.CheckIn(p.ID); err != nil {
			b.Fatal(err)
		}
		waitUntil(b, func() bool { q, err := desks[1].Store.Get(p.ID); return err == nil && q.Status == model.CheckedIn })
		seen = append(seen, time.Since(at))
	}
	slices.Sort(seen)

	// A burst across the desks.
	at := time.Now()
	for i, p := range ps[50:] {
		if _, err := desks[i%len(desks)].Store.CheckIn(p.ID); err != nil {
			b.Fatal(err)
		}
	}
	for _, d := range desks {
		waitUntil(b, func() bool { c, err := d.Store.Counts(); return err == nil && c.CheckedIn == 300 })
	}
	burst := time.Since(at)

	b.ReportMetric(idle, "idle-CPU-%")
	b.ReportMetric(hubBusy, "hub-busy-%")
	b.ReportMetric(float64(seen[len(seen)/2].Milliseconds()), "seen-ms-p50")
	b.ReportMetric(float64(seen[len(seen)*95/100].Milliseconds()), "seen-ms-p95")
	b.ReportMetric(burst.Seconds(), "burst-s")
}

// waitSettled waits until no desk has anything left to push.
func waitSettled(b *testing.B, desks []*Client) {
	for _, d := range desks {
		waitUntil(b, func() bool { st, err := d.Store.SyncState(); return err == nil && st.Pending == 0 })
	}
}

// waitUntil waits for cond, polling, for at most patienceSync.
func waitUntil(b *testing.B, cond func() bool) {
	b.Helper()
	deadline := time.Now().Add(patienceSync)
	for !cond() {
		if time.Now().After(deadline) {
			b.Fatal("timed out")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
