package tui

import (
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

var (
	bigOnce sync.Once
	bigPath string
	bigErr  error
)

// TestMain runs the tests and benchmarks, then removes the 50,000-runner
// database the benchmarks share (190 MB in the temp directory otherwise).
func TestMain(m *testing.M) {
	code := m.Run()
	if bigPath != "" {
		os.RemoveAll(filepath.Dir(bigPath))
	}
	os.Exit(code)
}

// bigEvent is a 50,000-participant database, built once per test binary.
func bigEvent(b *testing.B) string {
	b.Helper()
	bigOnce.Do(func() {
		dir, err := os.MkdirTemp("", "racedesk-bench-")
		if err != nil {
			bigErr = err
			return
		}
		bigPath = filepath.Join(dir, "big.db")
		ev, err := demo.Event()
		if err != nil {
			bigErr = err
			return
		}
		s, err := store.Create(bigPath, ev, "Desk 1", store.Options{Now: func() time.Time { return fixedNow }})
		if err != nil {
			bigErr = err
			return
		}
		defer s.Close()
		runners := demo.Runners(ev, 50000, 1)
		for i := 0; i < len(runners); i += 5000 {
			if _, rej, err := s.RegisterMany(runners[i:min(i+5000, len(runners))], store.RegisterOptions{}); err != nil || len(rej) > 0 {
				bigErr = err
				return
			}
		}
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	return bigPath
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

// BenchmarkSearchKeystroke50k is one keystroke in the search field with
// 50,000 participants: Update, the search it starts, the Update with the
// results, and View.
func BenchmarkSearchKeystroke50k(b *testing.B) {
	s, err := store.Open(bigEvent(b), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	a := New(s, Options{Lang: msg.DE, Now: func() time.Time { return fixedNow }})
	defer a.unwatch()
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	typed := []tea.KeyMsg{}
	for _, r := range "müller" {
		typed = append(typed, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	for range "müller" {
		typed = append(typed, tea.KeyMsg{Type: tea.KeyBackspace})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, cmd := a.Update(typed[i%len(typed)])
		drain(a, cmd)
		_ = a.View()
	}
}

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
func openBig(b *testing.B) *store.Store {
	b.Helper()
	s, err := store.Open(bigEvent(b), store.Options{})
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

var benchPaid, benchFinisher atomic.Int64 // amounts the benchmarks take, never the same twice

// BenchmarkDeskWorkPerCommit50k is what the open desk spends on one commit
// at 50,000 participants (a payment taken at another desk, arriving by
// sync, say): the change notice, the screen on show patching what it
// shows, the counts, and a frame. The commit itself is not timed.
func BenchmarkDeskWorkPerCommit50k(b *testing.B) {
	for _, tc := range []struct {
		name   string
		screen screen.ID
		finish bool // the commit is a finish, not a payment
	}{{"checkin", screen.CheckIn, false}, {"timing", screen.Timing, false}, {"results", screen.Results, false},
		{"timing-finish", screen.Timing, true}, {"results-finish", screen.Results, true}} {
		b.Run(tc.name, func(b *testing.B) {
			s := openBig(b)
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
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				p := hits[i%len(hits)].Participant
				if tc.finish { // each runner finishes once: a second finish is another case
					p = hits[int(benchFinisher.Add(1))%len(hits)].Participant
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
