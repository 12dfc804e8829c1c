package main

import (
	"context"
	"io"
	"math/rand/v2"
	"net"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient"
)

// satellite is a TCP link to the cloud that is up for up in every period
// and cuts each connection after a random number of bytes; when it goes
// down, every connection through it is cut.
type satellite struct {
	ln       net.Listener
	target   string
	up       atomic.Bool
	cutting  atomic.Bool // cut connections at random bytes (not while the hub is set up)
	mu       sync.Mutex
	conns    map[net.Conn]bool
	cuts     atomic.Int64
	accepted atomic.Int64
}

func newSatellite(t testing.TB, target string) *satellite {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &satellite{ln: ln, target: target, conns: map[net.Conn]bool{}}
	t.Cleanup(func() { ln.Close(); s.drop() })
	go s.serve()
	return s
}

func (s *satellite) serve() {
	rng := rand.New(rand.NewPCG(1, 2))
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		if !s.up.Load() {
			c.Close()
			continue
		}
		s.accepted.Add(1)
		budget := int64(1 << 40)
		if s.cutting.Load() {
			budget = int64(100 + rng.IntN(1_500)) // a cut somewhere in the first requests
		}
		go s.pipe(c, budget)
	}
}

func (s *satellite) pipe(c net.Conn, budget int64) {
	up, err := net.Dial("tcp", s.target)
	if err != nil {
		c.Close()
		return
	}
	s.mu.Lock()
	s.conns[c], s.conns[up] = true, true
	s.mu.Unlock()
	done := make(chan struct{}, 2)
	copyCut := func(dst, src net.Conn) {
		n, _ := io.CopyN(dst, src, budget)
		if n == budget {
			s.cuts.Add(1)
		}
		c.Close()
		up.Close()
		done <- struct{}{}
	}
	go copyCut(up, c)
	go copyCut(c, up)
	<-done
	<-done
	s.mu.Lock()
	delete(s.conns, c)
	delete(s.conns, up)
	s.mu.Unlock()
}

// drop cuts every connection (the window closes).
func (s *satellite) drop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.Close()
	}
}

// flap keeps the link up for up in every period until ctx ends.
func (s *satellite) flap(ctx context.Context, up, period time.Duration) {
	for {
		s.up.Store(true)
		select {
		case <-ctx.Done():
			return
		case <-time.After(up):
		}
		s.up.Store(false)
		s.drop()
		select {
		case <-ctx.Done():
			return
		case <-time.After(period - up):
		}
	}
}

// islandDesk opens a desk that joined the hub (its file made by the real
// binary) with its sync loop running, as the open desk runs it.
func islandDesk(t testing.TB, dir, db, hubURL string) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(dir, db), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := syncclient.New(s, hubURL, "island-enrolment-token")
	ctx, cancel := context.WithCancel(context.Background())
	w := s.Watch()
	done := make(chan struct{})
	go func() { defer close(done); c.Run(ctx, syncclient.Loop{}, w.C, func(syncclient.Status) {}) }()
	t.Cleanup(func() { cancel(); <-done; w.Stop(); s.Close() })
	return s
}

// The island with real processes over loopback while the satellite is up
// 3 s in every 12 s and cuts connections at random bytes: a cloud and a
// hub (separate processes), two desks and a timing laptop on the hub. A
// check-in at Desk 1 is at Desk 2 within seconds; a walk-in registered at
// Desk 2 has its name on the timing laptop's results; a phone's
// registration on the hub's form is pending at both desks; and once the
// satellite stays up, the cloud has everything.
func TestE2EIslandUnderAFlakySatellite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary, runs half a minute")
	}
	st := runFlakyIsland(t, 10)
	t.Logf("check-in at Desk 1 to Desk 2: median %v, p95 %v, max %v over %d; walk-in's bib at the timing laptop after %v; satellite: %d connections, %d cut mid-way",
		st.p(50), st.p(95), st.p(100), len(st.seen), st.named.Round(time.Millisecond), st.connections, st.cuts)
}

// BenchmarkIslandProcesses is the same island of real processes, with 50
// check-ins at Desk 1 one after another, each awaited at Desk 2: the
// issue's measure (median and p95 in docs/benchmarks.md). About 80 s a run.
func BenchmarkIslandProcesses(b *testing.B) {
	for range b.N {
		st := runFlakyIsland(b, 50)
		b.ReportMetric(st.p(50).Seconds()*1000, "seen-ms-p50")
		b.ReportMetric(st.p(95).Seconds()*1000, "seen-ms-p95")
		b.ReportMetric(st.p(100).Seconds()*1000, "seen-ms-max")
		b.ReportMetric(st.named.Seconds()*1000, "walk-in-ms")
	}
}

// islandRun is what one run of the flaky island measured.
type islandRun struct {
	seen              []time.Duration // check-in at Desk 1 until Desk 2 has it, sorted
	named             time.Duration   // walk-in at Desk 2 until the timing laptop knows the bib
	connections, cuts int64
}

// p is the q-th percentile (nearest rank) of seen.
func (r islandRun) p(q int) time.Duration {
	i := (len(r.seen)*q + 99) / 100
	return r.seen[max(0, min(i, len(r.seen))-1)].Round(time.Millisecond)
}

// runFlakyIsland runs the island with checkins check-ins at Desk 1.
func runFlakyIsland(t testing.TB, checkins int) islandRun {
	bin := buildBinary(t)
	dir := t.TempDir()
	run := func(args ...string) string { t.Helper(); return racedeskIn(t, bin, dir, args...) }
	cloudURL, _ := serveCloud(t, bin, dir)
	sat := newSatellite(t, strings.TrimPrefix(cloudURL, "http://"))
	sat.up.Store(true)
	run("cloud", "token", "add", "--db", "cloud.db", "--desk", "Hub", "--hub", "--out", "hub-token.txt")
	run("sync", "--db", "island.db", "--desk", "Hub", "--cloud", "http://"+sat.ln.Addr().String(), "--token-file", "hub-token.txt", "--once")
	hubURL, board := serveHub(t, bin, dir, "island.db")
	for _, d := range []string{"Desk 1", "Desk 2", "Timing"} {
		db := strings.ReplaceAll(strings.ToLower(d), " ", "") + ".db"
		run("sync", "--db", db, "--desk", d, "--cloud", hubURL, "--token-file", "island-token.txt", "--once")
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	sat.cutting.Store(true)
	go sat.flap(ctx, 3*time.Second, 12*time.Second)
	one, two, timing := islandDesk(t, dir, "desk1.db", hubURL), islandDesk(t, dir, "desk2.db", hubURL), islandDesk(t, dir, "timing.db", hubURL)
	if _, err := timing.RecordTiming(model.TimingEvent{Kind: model.KindStart, Race: "10k", At: time.Now().UnixMilli(), Mode: model.ModeKey}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	var seen []time.Duration
	names := []string{"Müller", "Schmidt", "Weiß", "Öztürk", "Nguyễn", "García", "Dvořák", "Łukasik", "Kowalski", "Yılmaz"}
	for i := range checkins {
		first := []string{"Anna", "Jörg", "Renée", "Łukasz", "Mia"}[i/len(names)%5] // no Zoë: the phone registers Zoë Dvořák
		p, err := one.Register(model.ParticipantInput{First: first, Last: names[i%len(names)], Born: "1990", Gender: "W", Race: "10k", Bib: "auto"}, store.RegisterOptions{Late: true})
		if err != nil {
			t.Fatal(err)
		}
		at := time.Now()
		if _, err := one.CheckIn(p.ID); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "Desk 2 to see the check-in", func() bool { q, err := two.Get(p.ID); return err == nil && q.Status == model.CheckedIn })
		seen = append(seen, time.Since(at))
		ids = append(ids, p.ID)
	}
	// A walk-in at Desk 2 crosses the line: the timing laptop knows the name.
	walkIn, err := two.Register(model.ParticipantInput{First: "Walk", Last: "Inn", Born: "1985", Gender: "M", Race: "10k", Bib: "auto"}, store.RegisterOptions{Late: true})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now()
	waitFor(t, "the timing laptop to know the walk-in's bib", func() bool { p, err := timing.FindBib(walkIn.Bib); return err == nil && p.ID == walkIn.ID })
	named := time.Since(at)
	if _, err := timing.RecordTiming(model.TimingEvent{Kind: model.KindFinish, Race: "10k", Bib: walkIn.Bib, At: time.Now().UnixMilli(), Mode: model.ModeBib}); err != nil {
		t.Fatal(err)
	}
	results, err := timing.Results()
	if err != nil {
		t.Fatal(err)
	}
	named10k := false
	for _, r := range results["10k"].Results {
		named10k = named10k || (r.Participant != nil && r.Participant.Last == "Inn")
	}
	if !named10k {
		t.Errorf("the timing laptop's results lack the walk-in by name")
	}
	ids = append(ids, walkIn.ID)
	// A runner registers on a phone at the hub's form.
	var phones string
	waitFor(t, "the hub's form", func() bool {
		if i := strings.Index(board.String(), "phones: listening on "); i >= 0 {
			phones = "http://" + strings.Fields(board.String()[i+len("phones: listening on "):])[0]
		}
		return phones != ""
	})
	registerOnPhone(t, phones, "Zoë", "Dvořák")
	for _, d := range []*store.Store{one, two} {
		waitFor(t, "the phone's registration at "+d.Device().Desk, func() bool {
			hits, err := d.Search("dvorak zoe", 0)
			return err == nil && len(hits) == 1 && hits[0].Participant.Status == model.Pending
		})
	}
	// The satellite stays up: the cloud gets everything, once.
	stop()
	sat.up.Store(true)
	sat.cutting.Store(false)
	waitFor(t, "everything in the cloud", func() bool {
		run("sync", "--db", "dish.db", "--desk", "Dish", "--cloud", cloudURL, "--token-file", "token.txt", "--once")
		s := run("list", "--db", "dish.db", "--json")
		for _, id := range ids {
			if !strings.Contains(s, id) {
				return false
			}
		}
		return strings.Contains(s, "Dvořák")
	})
	slices.Sort(seen)
	return islandRun{seen: seen, named: named, connections: int64(sat.accepted.Load()), cuts: int64(sat.cuts.Load())}
}
