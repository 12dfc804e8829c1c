package timing

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

func newScreen(t *testing.T) (*Model, *store.Store, *time.Time) {
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
	s, err := store.Create(filepath.Join(t.TempDir(), "t.db"), ev, "Desk 1", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	now := time.Date(2026, 12, 6, 10, 50, 0, 0, time.Local)
	ctx := &screen.Context{Store: s, Lang: msg.EN, Styles: screen.NewStyles(), Now: time.Now, Stopwatch: func() time.Time { return now }}
	m := New(ctx)
	m.SetSize(80, 20)
	return m, s, &now
}

func press(m *Model, ks ...tea.KeyMsg) []tea.Cmd {
	var cmds []tea.Cmd
	for _, k := range ks {
		_, cmd := m.Update(k)
		cmds = append(cmds, cmd)
	}
	return cmds
}

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

var enter = tea.KeyMsg{Type: tea.KeyEnter}

// A bib attached to a stamp keeps that stamp taken between the store's
// answer and the reload that shows it: the next bib goes to the next
// stamp, never to the same one twice.
func TestAttachedStampStaysTakenUntilTheReload(t *testing.T) {
	m, s, now := newScreen(t)
	for _, at := range []string{"10:50:01", "10:50:02"} {
		tm, _ := model.ParseClockTime(at, *now)
		*now = tm
		press(m, runes(" "))
		m.Update(m.waitSaved()()) // stored; its reload follows below
		m.Update(m.read(store.Delta{All: true})())
	}
	if w := m.waiting(); len(w) != 2 {
		t.Fatalf("%d waiting stamps, want 2", len(w))
	}
	first := m.waiting()[0].Event.ID
	press(m, runes("5"), enter)
	saved := m.waitSaved()()                 // the store has the attach
	reload := m.read(store.Delta{All: true}) // a reload is on its way, not yet back
	m.Update(saved)                          // the answer arrives first
	press(m, runes("3"), enter)
	m.Update(m.waitSaved()())
	m.Update(reload())
	m.Update(m.read(store.Delta{All: true})())
	evs, _ := s.TimingEvents()
	targets := map[string]int{}
	for _, e := range evs {
		if e.Kind == model.KindBib {
			targets[e.Ref]++
		}
	}
	if len(targets) != 2 || targets[first] != 1 {
		t.Fatalf("bibs attached to %v; each stamp must get exactly one", targets)
	}
	if len(m.waiting()) != 0 || len(m.pending) != 0 {
		t.Errorf("after the reloads: %d waiting, %d pending", len(m.waiting()), len(m.pending))
	}
}

// Finishes captured a moment before the desk closes are on disk after
// Close, even though their commands never ran.
func TestCloseStoresEverythingCaptured(t *testing.T) {
	m, s, _ := newScreen(t)
	for i := 0; i < 25; i++ {
		press(m, runes(" ")) // the returned commands are dropped, as at quit
	}
	m.Close()
	evs, err := s.TimingEvents()
	if err != nil || len(evs) != 25 {
		t.Fatalf("%d events stored after Close, want 25 (%v)", len(evs), err)
	}
}

// A bib typed for a stamp the store has not yet answered for (a fast
// timekeeper on a busy laptop) is attached to that stamp, not lost: the
// attach must name the stamp's stored identity, not a screen-local one.
func TestBibTypedBeforeTheStampIsStoredAttachesToIt(t *testing.T) {
	m, s, now := newScreen(t)
	tm, _ := model.ParseClockTime("10:50:01", *now)
	*now = tm
	press(m, runes(" "))        // stamped; the writer has not answered yet
	press(m, runes("7"), enter) // the bib, at once
	m.Close()                   // everything handed over is on disk
	evs, err := s.TimingEvents()
	if err != nil || len(evs) != 2 {
		t.Fatalf("%d events stored, want a stamp and its bib (%v)", len(evs), err)
	}
	recs := model.TimingRecords(evs)
	for _, r := range recs {
		if r.Event.Kind == model.KindFinish && r.Bib != 7 {
			t.Errorf("the stamp at %s has bib %d, want 7 (events %+v)", time.UnixMilli(r.At).Format("15:04:05"), r.Bib, evs)
		}
	}
}
