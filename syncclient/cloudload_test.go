package syncclient

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/cloud"
	"github.com/racedesk/racedesk/syncclient/cloud/pgstore"
	"github.com/racedesk/racedesk/syncclient/cloud/pgtest"
)

// The cloud's load test (issue 21): many desks syncing on their loop
// against one cloud, measured from the desks' side. It is slow (minutes)
// and makes a thousand database files, so it runs only when asked:
//
//	RACEDESK_CLOUD_LOAD=1 go test -run TestCloudLoad -v -count=1 -timeout 60m ./syncclient/
//
// (make bench-cloud). RACEDESK_CLOUD_LOAD_SECONDS sets the measured
// window of each shape (default 60). A subtest picks one shape:
// -run 'TestCloudLoad/postgres'.
const (
	envCloudLoad        = "RACEDESK_CLOUD_LOAD"
	envCloudLoadSeconds = "RACEDESK_CLOUD_LOAD_SECONDS"
)

// loadShape is one run: how many events and desks, how often each desk
// syncs, and for how long the load is measured.
type loadShape struct {
	name          string
	postgres      bool
	thin          bool // desks that read the answers without applying them (cloudload_thin_test.go)
	events        int
	desksPerEvent int
	every         time.Duration // a desk's sync loop (race day: 2 s)
	warmup        time.Duration // load before the window: ticks settle
	window        time.Duration // load measured
}

func (sh loadShape) desks() int { return sh.events * sh.desksPerEvent }

// TestCloudLoad: desks each make one local change (a late registration
// with a bib of their pool) and sync, every 2 s, the first tick at a
// random moment of the first 2 s. Each desk is the real client on a real
// bbolt store (fsync off: the desks' disk is not what is measured) over
// loopback HTTP to the real protocol server. Measured: the client-side
// wall time of Sync, syncs and changes per second, CPU of this process
// and of PostgreSQL. At the end every desk syncs twice more and the
// desks of each event must hold the same participants, all of them.
// Numbers are logged (docs/benchmarks.md), not asserted; errors and
// divergence fail the test.
func TestCloudLoad(t *testing.T) {
	if os.Getenv(envCloudLoad) == "" {
		t.Skipf("load test: set %s=1 (make bench-cloud)", envCloudLoad)
	}
	window := 60 * time.Second
	if s := os.Getenv(envCloudLoadSeconds); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			t.Fatalf("%s=%q: a number of seconds", envCloudLoadSeconds, s)
		}
		window = time.Duration(n) * time.Second
	}
	const every, warmup = 2 * time.Second, 10 * time.Second
	shapes := []loadShape{
		{name: "bbolt-1x10", events: 1, desksPerEvent: 10},
		{name: "postgres-100x10", postgres: true, events: 100, desksPerEvent: 10},
		{name: "bbolt-1x100", events: 1, desksPerEvent: 100},
		// The cloud's share alone: the same load from thin desks.
		{name: "bbolt-1x10-thin", thin: true, events: 1, desksPerEvent: 10},
		{name: "postgres-100x10-thin", postgres: true, thin: true, events: 100, desksPerEvent: 10},
	}
	var results []loadResult
	for _, sh := range shapes {
		sh.every, sh.warmup, sh.window = every, warmup, window
		t.Run(sh.name, func(t *testing.T) {
			r := runLoad(t, sh)
			t.Log(r.String())
			results = append(results, r)
		})
	}
	t.Logf("\n%s", loadTable(results))
}

// loadCloud is a cloud under test: where each event's desks sync, and
// with which enrolment token.
type loadCloud struct {
	events []*model.Event
	urls   []string
	tokens []string
	// serverCPU is the CPU time of the processes beside this one that
	// serve (PostgreSQL); nil: none, or not measurable here.
	serverCPU func() (time.Duration, bool)
}

// loadEventN is the test event under identity i, with bib pools for
// desks Desk 1 … Desk n in the 10 km and the 5 km (1,000 bibs each).
func loadEventN(t testing.TB, i, desks int) *model.Event {
	t.Helper()
	ev := loadEvent(t)
	ev.ID = fmt.Sprintf("load-%03d", i)
	ev.Name = fmt.Sprintf("Lastlauf %03d", i)
	for r := range ev.Races[:2] {
		base := (r + 1) * 100_000
		ev.Races[r].Bibs = []model.BibRange{{From: base + 1, To: base + 100_000}}
		ev.Races[r].Pools = nil
		for d := range desks {
			from := base + d*1000 + 1
			ev.Races[r].Pools = append(ev.Races[r].Pools, model.BibPool{Desk: deskName(d), From: from, To: from + 999})
		}
	}
	if err := ev.Check(); err != nil {
		t.Fatal(err)
	}
	return ev
}

func deskName(d int) string { return fmt.Sprintf("Desk %d", d+1) }

// boltCloud serves one event from a bbolt file, as `racedesk cloud`
// does (fsync on).
func boltCloud(t *testing.T, sh loadShape) *loadCloud {
	ev := loadEventN(t, 0, sh.desksPerEvent)
	s, err := store.Create(filepath.Join(t.TempDir(), "cloud.db"), ev, "Cloud", store.Options{Cloud: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	const tok = "enrol-load"
	srv := httptest.NewServer((&cloud.Server{Store: s, Token: tok}).Handler())
	t.Cleanup(srv.Close)
	return &loadCloud{events: []*model.Event{ev}, urls: []string{srv.URL}, tokens: []string{tok}}
}

// postgresCloud serves sh.events events from one PostgreSQL, each under
// its own path prefix, through one server process.
func postgresCloud(t *testing.T, sh loadShape) *loadCloud {
	dsn := pgtest.Database(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	db, err := pgstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	db.Dir = t.TempDir()
	srv := httptest.NewServer((&cloud.Server{Events: db}).Handler())
	t.Cleanup(srv.Close)
	lc := &loadCloud{serverCPU: postgresCPU(t, dsn)}
	for i := range sh.events {
		ev := loadEventN(t, i, sh.desksPerEvent)
		tok := fmt.Sprintf("enrol-load-%03d", i)
		if err := db.CreateEventAs(ctx, ev, uuid.NewString(), "Cloud", tok); err != nil {
			t.Fatal(err)
		}
		lc.events = append(lc.events, ev)
		lc.urls = append(lc.urls, cloud.EventURL(srv.URL, ev.Identity()))
		lc.tokens = append(lc.tokens, tok)
	}
	return lc
}

// loadDesk is one simulated desk: the real client on its own store.
type loadDesk struct {
	c     *Client
	event int
	made  int // registrations made
	t     *thinDesk
	rng   *rand.Rand

	// What it saw in the measured window, and every error.
	lat            []time.Duration
	pushed, pulled int
	errs           []error
}

// newDesks creates every desk's store, a few at a time (a store's
// creation is mostly waiting on the file system).
func newDesks(t *testing.T, lc *loadCloud, perEvent int) []*loadDesk {
	dir := t.TempDir()
	desks := make([]*loadDesk, len(lc.events)*perEvent)
	err := parallel(len(desks), 8, func(i int) error {
		e, d := i/perEvent, i%perEvent
		path := filepath.Join(dir, fmt.Sprintf("e%03d-d%03d.db", e, d))
		s, err := store.Create(path, lc.events[e], deskName(d), store.Options{Scratch: true})
		if err != nil {
			return err
		}
		c := New(s, lc.urls[e], lc.tokens[e])
		desks[i] = &loadDesk{c: c, event: e, rng: rand.New(rand.NewPCG(uint64(i), 21))}
		return nil
	})
	t.Cleanup(func() {
		for _, d := range desks {
			if d != nil {
				d.c.HTTP.Transport.(*http.Transport).CloseIdleConnections()
				d.c.Store.Close()
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return desks
}

// parallel runs f(0) … f(n-1) on k workers; the first error wins.
func parallel(n, k int, f func(i int) error) error {
	next := make(chan int)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range k {
		wg.Go(func() {
			for i := range next {
				if err := f(i); err != nil {
					errs <- err
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	return <-errs // nil when closed empty
}

// change is the desk's local change of one tick: a late registration
// with a bib of its pool. Birth dates (a year per desk, a day for each of
// its first 336 runners) keep two desks of an event from registering the
// same runner, which would be a notice on sync, not the load's business.
var loadFirsts = []string{"Jörg", "Anna", "Zoë", "Łukasz", "Renée", "Björn", "Ayşe", "Tomáš"}
var loadLasts = []string{"Müller", "Schmidt", "Weiß", "Dvořák", "Nguyễn", "Öztürk", "Fischer", "Wagner"}

func (d *loadDesk) change(desk int) error {
	n := d.made
	in := model.ParticipantInput{
		First:  loadFirsts[n%len(loadFirsts)],
		Last:   loadLasts[(n/336+desk/60)%len(loadLasts)],
		Born:   fmt.Sprintf("%d.%d.%d", 1+n%28, 1+(n/28)%12, 1940+desk%60),
		Gender: []string{"m", "w", "d"}[d.rng.IntN(3)],
		Race:   []string{"10k", "5k"}[d.rng.IntN(2)],
		Bib:    "auto",
	}
	if _, err := d.c.Store.Register(in, store.RegisterOptions{Late: true}); err != nil {
		return fmt.Errorf("register: %w", err)
	}
	d.made++
	return nil
}

// joinAll makes every desk's first sync (the join and an empty pull)
// before the load: a handful at a time, as desks switched on one by one.
func joinAll(t *testing.T, desks []*loadDesk) {
	err := parallel(len(desks), 8, func(i int) error {
		ctx, cancel := context.WithTimeout(context.Background(), patienceSync)
		defer cancel()
		if _, err := desks[i].c.Sync(ctx); err != nil {
			return fmt.Errorf("%s of event %d: first sync: %w", desks[i].c.Store.Device().Desk, desks[i].event, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// loop is one desk's sync loop: a change and a sync on every tick, the
// first after jitter, until stop. Syncs that start inside [from, to)
// are recorded. A sync longer than the tick delays the next one (the
// ticker drops ticks), as the desk's own loop never overlaps its syncs.
func (d *loadDesk) loop(desk int, every, jitter time.Duration, from, to time.Time, stop <-chan struct{}) {
	first := time.NewTimer(jitter)
	defer first.Stop()
	select {
	case <-first.C:
	case <-stop:
		return
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		var rep Report
		var err error
		var start time.Time
		if d.t != nil {
			ch := d.t.change(d.made)
			d.made++
			start = time.Now()
			ctx, cancel := context.WithTimeout(context.Background(), patienceSync)
			rep.Pulled, err = d.t.sync(ctx, ch)
			rep.Pushed = 1
			cancel()
		} else {
			err = d.change(desk)
			start = time.Now()
			if err == nil {
				ctx, cancel := context.WithTimeout(context.Background(), patienceSync)
				rep, err = d.c.Sync(ctx)
				cancel()
			}
		}
		took := time.Since(start)
		switch {
		case err != nil: // in or out of the window: none may fail
			d.errs = append(d.errs, err)
		case !start.Before(from) && start.Before(to):
			d.lat = append(d.lat, took)
			d.pushed += rep.Pushed
			d.pulled += rep.Pulled
		}
		select {
		case <-tick.C:
		case <-stop:
			return
		}
	}
}

// loadResult is what one shape measured.
type loadResult struct {
	shape          loadShape
	syncs          int
	pushed, pulled int
	errors         int
	firstErr       error
	lat            []time.Duration // sorted
	procCPU        time.Duration
	serverCPU      time.Duration
	serverCPUKnown bool
	converged      string // "yes (…)" or "no" (the test failed saying why)
	setup          time.Duration
	// The machine's load average at the window's start and end: the
	// desks, the cloud and PostgreSQL share its cores with whatever else
	// runs.
	load0, load1 string
}

func runLoad(t *testing.T, sh loadShape) loadResult {
	setupStart := time.Now()
	var lc *loadCloud
	if sh.postgres {
		lc = postgresCloud(t, sh)
	} else {
		lc = boltCloud(t, sh)
	}
	desks := newDesks(t, lc, sh.desksPerEvent)
	joinAll(t, desks)
	if sh.thin {
		if err := parallel(len(desks), 8, func(i int) error { return desks[i].thin() }); err != nil {
			t.Fatal(err)
		}
	}
	res := loadResult{shape: sh, setup: time.Since(setupStart)}
	t.Logf("%s: %d desks on %d events created and joined in %v", sh.name, len(desks), sh.events, res.setup.Round(time.Millisecond))

	begin := time.Now()
	from, to := begin.Add(sh.warmup), begin.Add(sh.warmup+sh.window)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	jitter := rand.New(rand.NewPCG(21, 2))
	for i, d := range desks {
		j := time.Duration(jitter.Int64N(int64(sh.every)))
		wg.Go(func() { d.loop(i%sh.desksPerEvent, sh.every, j, from, to, stop) })
	}
	// The window's CPU: read at its edges (a timer, not a wait on a
	// condition).
	time.Sleep(time.Until(from))
	cpu0, _ := processCPU()
	srv0, ok0 := serverCPU(lc)
	res.load0 = loadAverage()
	time.Sleep(time.Until(to))
	cpu1, _ := processCPU()
	srv1, ok1 := serverCPU(lc)
	res.load1 = loadAverage()
	close(stop)
	wg.Wait()
	res.procCPU = cpu1 - cpu0
	res.serverCPU, res.serverCPUKnown = srv1-srv0, ok0 && ok1

	for _, d := range desks {
		res.syncs += len(d.lat)
		res.lat = append(res.lat, d.lat...)
		res.pushed += d.pushed
		res.pulled += d.pulled
		res.errors += len(d.errs)
		if len(d.errs) > 0 && res.firstErr == nil {
			res.firstErr = d.errs[0]
		}
	}
	slices.Sort(res.lat)
	if res.errors > 0 {
		t.Errorf("%s: %d syncs failed; the first: %v", sh.name, res.errors, res.firstErr)
	}
	if sh.thin {
		// A thin desk applies nothing: each of its pushes was checked as
		// acknowledged in order, and it read every answer to its end.
		res.converged = "n/a (thin: every push acknowledged in order)"
		return res
	}
	res.converged = converge(t, desks, len(lc.events))
	return res
}

// converge syncs every desk twice more (after the first round the
// cloud has every change, after the second every desk has) and checks
// that the desks of each event hold the same participants: every one any
// of them registered.
func converge(t *testing.T, desks []*loadDesk, events int) string {
	for range 2 {
		err := parallel(len(desks), 8, func(i int) error {
			ctx, cancel := context.WithTimeout(context.Background(), patienceSync)
			defer cancel()
			_, err := desks[i].c.Sync(ctx)
			return err
		})
		if err != nil {
			t.Errorf("final sync: %v", err)
			return "no: a final sync failed"
		}
	}
	made := make([]int, events)
	want := make([][]string, events)
	for _, d := range desks {
		made[d.event] += d.made
	}
	total := 0
	for _, d := range desks {
		got := snapshot(t, d.c.Store)
		if len(got) != made[d.event] {
			t.Errorf("%s of event %d holds %d participants; its event's desks registered %d", d.c.Store.Device().Desk, d.event, len(got), made[d.event])
			return "no"
		}
		if want[d.event] == nil {
			want[d.event] = got
			total += len(got)
			continue
		}
		if !slices.Equal(got, want[d.event]) {
			t.Errorf("%s of event %d differs from the event's first desk", d.c.Store.Device().Desk, d.event)
			return "no"
		}
	}
	return fmt.Sprintf("yes (%d participants per event on average)", total/events)
}

// processCPU is this process's user and system time (Linux: /proc).
func processCPU() (time.Duration, bool) { return procCPU("self", false) }

// procCPU reads a process's CPU time from /proc/<pid>/stat; with
// children, that of its children it has waited for too. Clock ticks are
// taken as 100 a second (USER_HZ on Linux).
func procCPU(pid string, children bool) (time.Duration, bool) {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0, false
	}
	// The command name may hold spaces: fields count from after its ')'.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(b[i+1:]))
	// f[0] is field 3 (state): utime is 14, stime 15, cutime 16, cstime 17.
	n := 2
	if children {
		n = 4
	}
	if len(f) < 15 {
		return 0, false
	}
	var ticks int64
	for _, s := range f[11 : 11+n] {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, false
		}
		ticks += v
	}
	return time.Duration(ticks) * (time.Second / 100), true
}

// loadAverage is the machine's 1-minute load average (Linux: /proc).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}

// parentOf is a process's parent, from /proc/<pid>/stat.
func parentOf(pid string) string {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return ""
	}
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return ""
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 2 {
		return ""
	}
	return f[1]
}

// postgresCPU finds the postmaster of the database at dsn (the parent of
// a backend) and returns a reader of the CPU time of it and all its
// processes: those alive, and those it reaped (its children's times).
// nil where /proc cannot tell (not Linux, or the server elsewhere).
func postgresCPU(t *testing.T, dsn string) func() (time.Duration, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Logf("PostgreSQL's CPU: %v", err)
		return nil
	}
	defer conn.Close(context.Background())
	var backend int
	if err := conn.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&backend); err != nil {
		t.Logf("PostgreSQL's CPU: %v", err)
		return nil
	}
	postmaster := parentOf(strconv.Itoa(backend))
	if postmaster == "" {
		t.Logf("PostgreSQL's CPU: no /proc/%d here (another machine, or not Linux)", backend)
		return nil
	}
	return func() (time.Duration, bool) {
		total, ok := procCPU(postmaster, true)
		if !ok {
			return 0, false
		}
		ents, err := os.ReadDir("/proc")
		if err != nil {
			return 0, false
		}
		for _, e := range ents {
			if e.Name()[0] < '0' || e.Name()[0] > '9' || parentOf(e.Name()) != postmaster {
				continue
			}
			if d, ok := procCPU(e.Name(), false); ok { // gone meanwhile: its time is the parent's
				total += d
			}
		}
		return total, true
	}
}

func serverCPU(lc *loadCloud) (time.Duration, bool) {
	if lc.serverCPU == nil {
		return 0, false
	}
	return lc.serverCPU()
}

func pct(lat []time.Duration, q float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	return lat[min(len(lat)-1, int(q*float64(len(lat))))]
}

func (r loadResult) String() string {
	w := r.shape.window.Seconds()
	return fmt.Sprintf("%s: %d syncs (%.1f/s of %.1f/s offered), pushed %.1f/s, pulled %.1f/s, latency p50 %v p95 %v p99 %v max %v, %d errors, CPU: process %.0f%%, PostgreSQL %s, converged %s; load average %s → %s",
		r.shape.name, r.syncs, float64(r.syncs)/w, float64(r.shape.desks())/r.shape.every.Seconds(),
		float64(r.pushed)/w, float64(r.pulled)/w,
		ms(pct(r.lat, .5)), ms(pct(r.lat, .95)), ms(pct(r.lat, .99)), ms(pct(r.lat, 1)),
		r.errors, 100*r.procCPU.Seconds()/w, r.serverCPUString(), r.converged, r.load0, r.load1)
}

func (r loadResult) serverCPUString() string {
	if !r.serverCPUKnown {
		return "n/a"
	}
	return fmt.Sprintf("%.0f%%", 100*r.serverCPU.Seconds()/r.shape.window.Seconds())
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

// loadTable is the results as the Markdown table of docs/benchmarks.md,
// each shape against the first (the bbolt cloud with one event).
func loadTable(rs []loadResult) string {
	var b strings.Builder
	b.WriteString("| shape | desks | syncs/s (offered) | pushed/s | pulled/s | p50 | p95 | p99 | max | errors | CPU test process | CPU PostgreSQL | converged |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rs {
		w := r.shape.window.Seconds()
		fmt.Fprintf(&b, "| %s | %d | %.1f (%.1f) | %.1f | %.1f | %s | %s | %s | %s | %d | %.0f %% | %s | %s |\n",
			r.shape.name, r.shape.desks(), float64(r.syncs)/w, float64(r.shape.desks())/r.shape.every.Seconds(),
			float64(r.pushed)/w, float64(r.pulled)/w,
			ms(pct(r.lat, .5)), ms(pct(r.lat, .95)), ms(pct(r.lat, .99)), ms(pct(r.lat, 1)),
			r.errors, 100*r.procCPU.Seconds()/w, r.serverCPUString(), r.converged)
	}
	if len(rs) > 1 {
		a := rs[0]
		for _, r := range rs[1:] {
			fmt.Fprintf(&b, "\n%s against %s: p99 ×%.2f, syncs/s ×%.1f", r.shape.name, a.shape.name,
				float64(pct(r.lat, .99))/float64(pct(a.lat, .99)), float64(r.syncs)/float64(max(a.syncs, 1)))
		}
	}
	return b.String()
}
