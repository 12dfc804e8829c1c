package tui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
	"github.com/racedesk/racedesk/tui/timing"
)

var fixedNow = time.Date(2026, 12, 6, 9, 15, 0, 0, time.Local)

func newTestStore(t *testing.T, runners int) *store.Store {
	t.Helper()
	ev, err := demo.Event()
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Create(filepath.Join(t.TempDir(), "tui.db"), ev, "Desk 1", store.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, rejected, err := s.RegisterMany(demo.Runners(ev, runners, 1), store.RegisterOptions{}); err != nil || len(rejected) > 0 {
		t.Fatalf("demo runners: %v %v", err, rejected)
	}
	return s
}

func TestDeskOverviewFrameAt80x24(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	s := newTestStore(t, 40)
	app := New(s, Options{Lang: msg.EN, Now: func() time.Time { return fixedNow }})
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(80, 24))
	// The frame is taken once the screen shows its data: the counts and
	// the list (they load in separate commands).
	waitFor(t, tm, "0/40 checked in", "40 found", "Albrecht, Ayşe")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(patience))
	frame := tm.FinalModel(t).View()
	if h := lipgloss.Height(frame); h != 24 {
		t.Errorf("frame is %d lines high, want 24", h)
	}
	if w := lipgloss.Width(frame); w > 80 {
		t.Errorf("frame is %d columns wide, want at most 80", w)
	}
	golden.RequireEqual(t, []byte(frame))
}

func TestCountsArriveThroughACommand(t *testing.T) {
	s := newTestStore(t, 12)
	app := New(s, Options{Lang: msg.EN, Now: func() time.Time { return fixedNow }})
	msg := app.loadCounts()()
	app.Update(msg)
	if app.counts.Total != 12 {
		t.Errorf("counts.Total = %d, want 12", app.counts.Total)
	}
}

func TestCtrlCQuits(t *testing.T) {
	s := newTestStore(t, 0)
	app := New(s, Options{Lang: msg.EN})
	_, cmd := app.Update(tea.KeyMsg{Type: tea.KeyCtrlC})
	if cmd == nil {
		t.Fatal("ctrl+c returned no command")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Errorf("ctrl+c did not quit")
	}
}

func TestLetterQIsTypedNotQuit(t *testing.T) {
	s := newTestStore(t, 0)
	app := New(s, Options{Lang: msg.EN})
	defer app.unwatch()
	app.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, r := range "quast" {
		_, cmd := app.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		if cmd != nil {
			if _, quit := cmd().(tea.QuitMsg); quit {
				t.Fatalf("typing %q quit the desk", r)
			}
		}
	}
	if !strings.Contains(app.View(), "› quast") {
		t.Errorf("the letters did not reach the search field:\n%s", app.View())
	}
}

// A screen not on show does nothing when the store changes; shown, it gets
// everything that changed meanwhile.
func TestScreensOutOfSightCatchUpWhenShown(t *testing.T) {
	s := newTestStore(t, 3)
	app := openDesk(t, s, msg.EN)
	e, err := s.RecordTiming(model.TimingEvent{Kind: model.KindFinish, At: fixedNow.UnixMilli(), Mode: model.ModeStamp})
	if err != nil {
		t.Fatal(err)
	}
	<-app.watch.C
	drain(app, app.changed(screen.StoreChangedMsg{Delta: app.watch.Take()}))
	tm := app.screens[screen.Timing].(*timing.Model)
	if tm.Holds(e.ID) {
		t.Fatal("the timing screen read the change while out of sight")
	}
	drain(app, app.show(screen.Timing))
	if !tm.Holds(e.ID) {
		t.Error("shown, the timing screen does not have the finish recorded meanwhile")
	}
}
