package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

// bigDBs are the large databases the benchmarks share, built once per
// test binary (by size) and removed by TestMain.
var bigDBs struct {
	sync.Mutex
	paths map[int]string
	dirs  []string
}

// TestMain runs the tests and benchmarks, then removes the large
// databases the benchmarks built in the temp directory.
func TestMain(m *testing.M) {
	if os.Getenv(rssHelperEnv) != "" {
		os.Exit(rssHelper())
	}
	code := m.Run()
	for _, d := range bigDBs.dirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// bigEvent is a 50,000-participant database.
func bigEvent(b *testing.B) string { return eventOf(b, 50_000) }

// eventOf is a database of the demo event with n demo runners, built once
// per test binary.
func eventOf(b *testing.B, n int) string {
	b.Helper()
	bigDBs.Lock()
	defer bigDBs.Unlock()
	if p, ok := bigDBs.paths[n]; ok {
		return p
	}
	dir, err := os.MkdirTemp("", "racedesk-bench-")
	if err != nil {
		b.Fatal(err)
	}
	bigDBs.dirs = append(bigDBs.dirs, dir)
	path := filepath.Join(dir, "big.db")
	ev, err := demo.Event()
	if err != nil {
		b.Fatal(err)
	}
	s, err := store.Create(path, ev, "Desk 1", store.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	runners := demo.Runners(ev, n, 1)
	for i := 0; i < len(runners); i += 5000 {
		if _, rej, err := s.RegisterMany(runners[i:min(i+5000, len(runners))], store.RegisterOptions{}); err != nil || len(rej) > 0 {
			b.Fatalf("build %d runners: %v %v", n, err, rej)
		}
	}
	if bigDBs.paths == nil {
		bigDBs.paths = map[int]string{}
	}
	bigDBs.paths[n] = path
	return path
}

// drain runs cmd and feeds what it returns back into the app, the way
// the Bubble Tea loop would, skipping the periodic commands (tick, store
// watch) that wait by design.
func drain(a *App, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch m := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range m {
			drain(a, c)
		}
	default:
		_, next := a.Update(m)
		drain(a, next)
	}
}

// typedAndDeleted is the keystroke mix of the search benchmarks: typing
// "müller" and deleting it again, so one-letter and empty queries (nearly
// everyone matches) are part of it.
func typedAndDeleted() []tea.KeyMsg {
	var typed []tea.KeyMsg
	for _, r := range "müller" {
		typed = append(typed, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	for range "müller" {
		typed = append(typed, tea.KeyMsg{Type: tea.KeyBackspace})
	}
	return typed
}

// BenchmarkSearchKeystroke is one keystroke in the search field with
// 50,000 and 200,000 participants: Update, the search it starts, the
// Update with the results, and View.
func BenchmarkSearchKeystroke(b *testing.B) {
	for _, n := range []int{50_000, 200_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			s, err := store.Open(eventOf(b, n), store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			a := New(s, Options{Lang: msg.DE, Now: func() time.Time { return fixedNow }})
			defer a.unwatch()
			a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
			typed := typedAndDeleted()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_, cmd := a.Update(typed[i%len(typed)])
				drain(a, cmd)
				_ = a.View()
			}
		})
	}
}

// BenchmarkBubblesListFilter50k is the anchor for the keystroke: the same
// keys in bubbles/list's filter over the same 50,000 names, and its View
// at 80×24.
func BenchmarkBubblesListFilter50k(b *testing.B) {
	s, err := store.Open(bigEvent(b), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	hits, err := s.Search("", 0)
	s.Close()
	if err != nil {
		b.Fatal(err)
	}
	items := make([]list.Item, len(hits))
	for i, h := range hits {
		items[i] = listItem(h.Participant.Last + ", " + h.Participant.First)
	}
	l := list.New(items, list.NewDefaultDelegate(), 80, 24)
	var query []rune
	typed := typedAndDeleted()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if k := typed[i%len(typed)]; k.Type == tea.KeyBackspace {
			query = query[:len(query)-1]
		} else {
			query = append(query, k.Runes...)
		}
		l.SetFilterText(string(query))
		_ = l.View()
	}
}

type listItem string

func (i listItem) FilterValue() string { return string(i) }
func (i listItem) Title() string       { return string(i) }
func (i listItem) Description() string { return "" }

// BenchmarkOpenToFirstFrame50k opens a 50,000-participant database and
// renders the desk's first frame with counts and the first results.
func BenchmarkOpenToFirstFrame50k(b *testing.B) {
	path := bigEvent(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := store.Open(path, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		a := New(s, Options{Lang: msg.DE, Now: func() time.Time { return fixedNow }})
		a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		drain(a, a.loadCounts())
		for _, sc := range a.screens {
			drain(a, sc.Init())
		}
		_ = a.View()
		a.unwatch()
		a.Close()
		s.Close()
	}
}

// openBig opens the 50,000-participant database for one benchmark.
func openBig(b *testing.B) *store.Store { return openN(b, 50_000) }

// openCopy opens a copy of the database of n participants, for a
// benchmark that changes it for good (finishes).
func openCopy(b *testing.B, n int) *store.Store {
	b.Helper()
	data, err := os.ReadFile(eventOf(b, n))
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "copy.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
	s, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// openN opens the database of n participants for one benchmark.
func openN(b *testing.B, n int) *store.Store {
	b.Helper()
	s, err := store.Open(eventOf(b, n), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// openDesk is the desk over s at 80×24 with every screen loaded, driven
// by hand (drain) rather than by a Bubble Tea program.
func openDesk(tb testing.TB, s *store.Store, lang msg.Lang) *App {
	tb.Helper()
	a := New(s, Options{Lang: lang, Now: func() time.Time { return fixedNow }})
	tb.Cleanup(func() { a.unwatch(); a.Close() })
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	drain(a, a.loadCounts())
	for _, sc := range a.screens {
		drain(a, sc.Init())
	}
	return a
}

// startedRunners checks the runners in (they get bibs) and starts their
// races, so their finishes are the plain case of race day; it returns them
// as they are now and lets the desk take the commits in.
func startedRunners(b *testing.B, s *store.Store, a *App, hits []store.Hit) []store.Hit {
	b.Helper()
	for _, r := range s.Event().Races { // the demo event's bibs are few: all of them for this desk
		if err := s.SetPool(r.ID, r.Bibs); err != nil {
			b.Fatal(err)
		}
	}
	out := make([]store.Hit, 0, len(hits))
	for _, h := range hits {
		if h.Participant.Bib == 0 {
			if _, err := s.CheckIn(h.Participant.ID); err != nil {
				continue // no bib left in the race
			}
		}
		p, err := s.Get(h.Participant.ID)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, store.Hit{Participant: p})
	}
	if len(out) < 200 {
		b.Fatalf("only %d runners with bibs", len(out))
	}
	for _, r := range s.Event().Races {
		if _, err := s.RecordTiming(model.TimingEvent{Kind: model.KindStart, Race: r.ID, At: fixedNow.UnixMilli(), Mode: model.ModeKey}); err != nil {
			b.Fatal(err)
		}
	}
	<-a.watch.C
	drain(a, a.changed(screen.StoreChangedMsg{Delta: a.watch.Take()}))
	return out
}

var benchPaid atomic.Int64 // amounts the benchmarks take, never the same twice

// BenchmarkDeskWorkPerCommit is what the open desk spends on one commit
// at 50,000 and 200,000 participants (a payment taken at another desk,
// arriving by sync, say): the change notice, the screen on show patching
// what it shows, the counts, and a frame. The commit itself is not timed.
func BenchmarkDeskWorkPerCommit(b *testing.B) {
	for _, n := range []int{50_000, 200_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { deskWorkPerCommit(b, n) })
	}
}

func deskWorkPerCommit(b *testing.B, n int) {
	for _, tc := range []struct {
		name   string
		screen screen.ID
		finish bool // the commit is a finish, not a payment
	}{{"checkin", screen.CheckIn, false}, {"timing", screen.Timing, false}, {"results", screen.Results, false},
		{"timing-finish", screen.Timing, true}, {"results-finish", screen.Results, true}} {
		b.Run(tc.name, func(b *testing.B) {
			// setup opens the desk on the screen; for finishes on a fresh
			// copy whose runners are checked in and started, each to
			// finish once (a second finish is another case).
			setup := func() (*store.Store, *App, []store.Hit) {
				var s *store.Store
				if tc.finish {
					s = openCopy(b, n)
				} else {
					s = openN(b, n)
				}
				a := openDesk(b, s, msg.DE)
				drain(a, a.show(tc.screen))
				hits, err := s.Search("", 200)
				if err != nil || len(hits) == 0 {
					b.Fatal(err)
				}
				if tc.finish {
					if hits, err = s.Search("", 2000); err != nil {
						b.Fatal(err)
					}
					hits = startedRunners(b, s, a, hits)
				}
				return s, a, hits
			}
			s, a, hits := setup()
			next := 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				p := hits[i%len(hits)].Participant
				if tc.finish {
					if next == len(hits) { // all finished: another copy
						a.unwatch()
						a.Close()
						s.Close()
						s, a, hits = setup()
						next = 0
					}
					p = hits[next].Participant
					next++
				}
				// Every amount is new: a payment that changes nothing commits nothing.
				n := benchPaid.Add(1)
				var err error
				if tc.finish {
					_, err = s.RecordTiming(model.TimingEvent{Kind: model.KindFinish, At: fixedNow.UnixMilli() + 60_000 + n*1000, Bib: p.Bib, Race: p.Race, Mode: model.ModeBib})
				} else {
					_, err = s.TakePayment(p.ID, model.Cash, int(n))
				}
				if err != nil {
					b.Fatal(err)
				}
				<-a.watch.C
				change := screen.StoreChangedMsg{Delta: a.watch.Take()}
				b.StartTimer()
				drain(a, a.loadCounts())
				drain(a, a.changed(change))
				_ = a.View()
			}
		})
	}
}

// BenchmarkDeskReloadEverything50k is the anchor for the one above: what
// the desk did per commit before screens patched from the change — every
// screen reloading everything.
func BenchmarkDeskReloadEverything50k(b *testing.B) {
	a := openDesk(b, openBig(b), msg.DE)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		drain(a, a.loadCounts())
		for id := range a.screens {
			drain(a, a.updateScreen(id, screen.StoreChangedMsg{Delta: store.Delta{All: true}}))
		}
		_ = a.View()
	}
}

// rssHelperEnv names the database a child process of the test binary
// opens the desk on, to report its memory (BenchmarkDeskRSS50k).
const rssHelperEnv = "RACEDESK_BENCH_RSS_DB"

// rssHelper opens the desk on the database as `racedesk` would, renders
// the first frame with the counts and lists, and prints the peak resident
// memory of the process.
func rssHelper() int {
	s, err := store.Open(os.Getenv(rssHelperEnv), store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	limitMemory(s) // as Run does
	defer s.Close()
	a := New(s, Options{Lang: msg.DE, Now: func() time.Time { return fixedNow }})
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	drain(a, a.loadCounts())
	for _, sc := range a.screens {
		drain(a, sc.Init())
	}
	for id := range a.screens {
		drain(a, a.show(id))
		_ = a.View()
	}
	if f := os.Getenv("RACEDESK_BENCH_HEAP"); f != "" { // a heap profile: where the memory goes
		out, err := os.Create(f)
		if err == nil {
			runtime.GC()
			pprof.WriteHeapProfile(out)
			out.Close()
		}
	}
	defer runtime.KeepAlive(a)
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			fmt.Println(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")))
		}
	}
	return 0
}

// BenchmarkDeskRSS50k is the desk's peak resident memory after opening
// 50,000 participants and showing every screen, in a process of its own
// (Linux: /proc/self/status).
func BenchmarkDeskRSS50k(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("reads /proc")
	}
	path := bigEvent(b)
	var kb float64
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), rssHelperEnv+"="+path)
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("desk process: %v", err)
		}
		if _, err := fmt.Sscanf(string(out), "%f kB", &kb); err != nil {
			b.Fatalf("desk process said %q", out)
		}
	}
	b.ReportMetric(kb/1024, "peak-RSS-MB")
}
