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

// settle stores what was captured and reloads, as the desk's commands
// and the store's change notice would.
func settle(t *testing.T, m *Model) {
	t.Helper()
	for m.unanswered > 0 {
		m.Update(m.waitSaved()())
	}
	m.Update(m.read(store.Delta{All: true})())
}

func stored(t *testing.T, s *store.Store) []model.TimingEvent {
	t.Helper()
	evs, err := s.TimingEvents()
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

var esc = tea.KeyMsg{Type: tea.KeyEsc}

// finishAt takes bib + Enter at a clock time of the screen's day.
func finishAt(t *testing.T, m *Model, now *time.Time, clock, bib string) {
	t.Helper()
	at, err := model.ParseClockTime(clock, *now)
	if err != nil {
		t.Fatal(err)
	}
	*now = at
	press(m, runes(bib), enter)
	settle(t, m)
}

// Esc on a correction leaves everything as it was: nothing stored, the
// bib half typed before the slip still there, the same row selected.
func TestEscOnACorrectionChangesNothing(t *testing.T) {
	for _, k := range []string{"b", "t", "x", "i", "f", "d"} {
		t.Run(k, func(t *testing.T) {
			m, s, now := newScreen(t)
			settle(t, m)
			finishAt(t, m, now, "10:50:01", "6")
			before := len(stored(t, s))
			press(m, runes("1"), runes(k))
			if !m.Asking() {
				t.Fatalf("%s opened no prompt", k)
			}
			if k != "x" {
				press(m, runes("9"), enter) // a typed answer, then its question
			}
			press(m, esc)
			settle(t, m)
			if m.Asking() || len(stored(t, s)) != before || m.bib.Value() != "1" || m.cursor != 0 {
				t.Errorf("after esc: asking %v, %d events (want %d), bib field %q, cursor %d",
					m.Asking(), len(stored(t, s)), before, m.bib.Value(), m.cursor)
			}
		})
	}
}

// On a question, Space is the next runner's stamp: the question is left
// and the time taken.
func TestSpaceOnAQuestionStamps(t *testing.T) {
	m, s, now := newScreen(t)
	settle(t, m)
	finishAt(t, m, now, "10:50:01", "6")
	press(m, runes("x"), runes(" "))
	settle(t, m)
	evs := stored(t, s)
	if m.Asking() || len(evs) != 2 || evs[0].Kind != model.KindFinish || evs[1].Kind != model.KindFinish {
		t.Fatalf("asking %v, events %+v: want two finishes and no void", m.Asking(), evs)
	}
}

// Enter alone never answers a correction: only y does.
func TestEnterDoesNotConfirmACorrection(t *testing.T) {
	m, s, now := newScreen(t)
	settle(t, m)
	finishAt(t, m, now, "10:50:01", "6")
	press(m, runes("b"), runes("7"), enter, enter, enter)
	settle(t, m)
	if len(stored(t, s)) != 1 || !m.Asking() {
		t.Fatalf("%d events, asking %v: Enter changed the bib", len(stored(t, s)), m.Asking())
	}
	press(m, runes("y"))
	settle(t, m)
	if recs := model.TimingRecords(stored(t, s)); len(recs) != 1 || recs[0].Bib != 7 {
		t.Fatalf("records %+v, want the finish relabelled 7 after y", recs)
	}
	if m.notice != "✓ finish #1: bib 6 → 7" {
		t.Errorf("notice %q", m.notice)
	}
}

// ctrl+z names the value an undo goes back to, and undoes step by step.
func TestUndoGoesBackStepByStep(t *testing.T) {
	m, s, now := newScreen(t)
	settle(t, m)
	finishAt(t, m, now, "10:50:01", "6")
	press(m, runes("b"), runes("7"), enter, runes("y"))
	settle(t, m)
	press(m, tea.KeyMsg{Type: tea.KeyCtrlZ})
	if want := "Undo: bib of finish #1 (10:50:01.0), 7 back to 6?"; m.prompt.label != want {
		t.Fatalf("undo asks %q, want %q", m.prompt.label, want)
	}
	press(m, runes("y"))
	settle(t, m)
	press(m, tea.KeyMsg{Type: tea.KeyCtrlZ})
	if want := "Undo: finish #1 (bib 6, 10:50:01.0), it is voided?"; m.prompt.label != want {
		t.Fatalf("undo asks %q, want %q", m.prompt.label, want)
	}
	press(m, runes("y"))
	settle(t, m)
	press(m, tea.KeyMsg{Type: tea.KeyCtrlZ})
	if m.Asking() || m.notice != "nothing of this desk's timing left to undo" {
		t.Fatalf("asking %v, notice %q", m.Asking(), m.notice)
	}
	evs := stored(t, s)
	recs := model.TimingRecords(evs)
	if len(evs) != 4 || len(recs) != 1 || !recs[0].Voided || recs[0].Bib != 6 {
		t.Fatalf("%d events, records %+v: want finish, bib, two undos; the finish voided with bib 6", len(evs), recs)
	}
}

// A stamp not yet on disk that a typed bib already went to is not waiting
// any more: the next bib typed at once is the next finisher's, never a
// relabel of the same stamp (the monkey test's find: Space, 1648 Enter,
// 38 Enter before the reload relabelled the stamp 38).
func TestAPendingStampTakesOneBib(t *testing.T) {
	m, _, _ := newScreen(t)
	press(m, tea.KeyMsg{Type: tea.KeySpace}, runes("1"), runes("2"), enter)
	if w := m.waiting(); len(w) != 0 {
		t.Fatalf("the stamp is still waiting after its bib was typed: %+v", w)
	}
	press(m, runes("1"), runes("3"), enter)
	var attaches, finishes int
	for _, p := range m.pending {
		switch {
		case p.Kind == model.KindBib:
			attaches++
		case p.Kind == model.KindFinish && p.Bib == 13:
			finishes++
		}
	}
	if attaches != 1 || finishes != 1 {
		t.Errorf("pending %+v: want one bib for the stamp and a finish of 13", m.pending)
	}
}
