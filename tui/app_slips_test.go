package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// 8. ctrl+c with a half-typed late entry asked nothing and lost it: the
// desk now names what would be lost; Esc stays with the input intact, y
// quits.
func TestSlipQuitWithAHalfTypedEntryAsks(t *testing.T) {
	s := newTestStore(t, 0)
	tm := desk(t, s, msg.EN)
	tm.Send(press(tea.KeyF3))
	waitFor(t, tm, "Late registration")
	typeText(tm, "Weiß")
	tm.Send(press(tea.KeyTab))
	typeText(tm, "Anna")
	tm.Send(press(tea.KeyCtrlC))
	waitFor(t, tm, "Quit? Not saved: late entry Weiß, Anna. y quit · esc stay")
	tm.Send(press(tea.KeyEsc))
	tm.Send(press(tea.KeyTab))
	typeText(tm, "3.4.99")
	waitFor(t, tm, "→ 03.04.1999") // still the same entry, still typing
	tm.Send(press(tea.KeyCtrlC))
	waitFor(t, tm, "Quit? Not saved")
	typeText(tm, "y")
	tm.WaitFinished(t, teatest.WithFinalTimeout(patience))
}

// While a screen asks (here: the money question), F-keys and ? go to the
// question, not to another screen; Esc closes the full help.
func TestQuestionsKeepTheirKeysAndEscClosesHelp(t *testing.T) {
	s := newTestStore(t, 0)
	owes := addRunner(t, s, model.ParticipantInput{First: "Emre", Last: "Çelik", Born: "1990", Gender: "m", Race: "5k", Source: model.SourceDesk})
	tm := desk(t, s, msg.EN)
	waitFor(t, tm, "0/1 checked in")
	typeText(tm, "?")
	waitFor(t, tm, "F3/ctrl+r") // the full help
	tm.Send(press(tea.KeyEsc))
	typeText(tm, "celik")
	waitFor(t, tm, "› celik")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "due 13,00 €")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "Check in and take")
	tm.Send(press(tea.KeyF3))
	typeText(tm, "1")
	waitFor(t, tm, "paid 13,00 € (cash)")
	app := quit(t, tm)
	if app.active != 0 {
		t.Errorf("F3 during the money question switched screens")
	}
	if got, _ := s.Get(owes.ID); got.Status != model.CheckedIn {
		t.Errorf("%+v", got)
	}
}

// 10. At 80 columns the status line cut off the printer and sync state.
func TestStatusLineKeepsSyncAndPrinterAt80(t *testing.T) {
	s := newTestStore(t, 0)
	a := New(s, Options{Lang: msg.DE, Now: func() time.Time { return fixedNow }})
	defer a.unwatch()
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	a.counts.Pending, a.counts.Total, a.counts.CheckedIn = 3, 312, 140
	a.notice = "✓ Etikett für Müller-Lüdenscheidt, Karl-Heinz in der Warteschlange"
	line := a.statusView()
	for _, want := range []string{"Druck", "Sync offline"} {
		if !strings.Contains(line, want) {
			t.Errorf("status line at 80 lacks %q:\n%s", want, line)
		}
	}
}

// 6. A laptop whose date is not the event's says so on every screen.
func TestHeaderWarnsOfALaptopDateThatIsNotTheEventsDate(t *testing.T) {
	s := newTestStore(t, 0)
	for _, tt := range []struct {
		now  time.Time
		warn bool
	}{{fixedNow, false}, {fixedNow.AddDate(0, 0, -5), true}} {
		a := New(s, Options{Lang: msg.EN, Now: func() time.Time { return tt.now }})
		a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		h := a.headerView()
		if got := strings.Contains(h, "2026-12-01") && strings.Contains(h, "2026-12-06"); got != tt.warn {
			t.Errorf("now %s: header %q; warning shown %v, want %v", tt.now.Format("2006-01-02"), h, got, tt.warn)
		}
		if !strings.Contains(h, "09:15:00") {
			t.Errorf("the clock gave way: %q", h)
		}
		a.unwatch()
	}
}
