package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// The cash report on the desk: F6, then k. It shows the event's numbers
// and this desk's, follows a payment taken elsewhere (the CLI, sync) as
// soon as the store has it, fits 80×24, and Esc goes back to the queue.
func TestTheCashReportOnTheDeskFollowsPayments(t *testing.T) {
	s := newTestStore(t, 0)
	ana := addRunner(t, s, model.ParticipantInput{First: "Ana", Last: "Zahl", Born: "1990", Gender: "w", Race: "10k", Bib: "1"})
	ben := addRunner(t, s, model.ParticipantInput{First: "Ben", Last: "Schuld", Born: "1980", Gender: "m", Race: "10k", Bib: "2"})
	if _, err := s.CheckIn(ben.ID); err != nil {
		t.Fatal(err)
	}
	tm := desk(t, s, msg.EN)
	tm.Send(press(tea.KeyF6))
	waitFor(t, tm, "[F6 Print]", "k cash report")
	typeText(tm, "k")
	waitFor(t, tm, "Print › Cash report", "Desk 1 (this desk)", "Checked in, not paid (1)", "Schuld, Ben", "esc print queue")
	if _, err := s.TakePayment(ana.ID, model.Cash, -1); err != nil {
		t.Fatal(err)
	}
	// 15,00 cash at this desk; the event's total follows.
	waitFor(t, tm, "Desk 1 (this desk)           15,00", "1 runners paid")
	if _, err := s.TakePayment(ben.ID, model.Card, -1); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tm, "everyone checked in has paid")
	tm.Send(press(tea.KeyEsc))
	waitFor(t, tm, "k cash report")
	app := quit(t, tm)
	frame := app.View()
	if h, w := lipgloss.Height(frame), lipgloss.Width(frame); h != 24 || w > 80 {
		t.Errorf("frame %d×%d, want 80×24", w, h)
	}
}

// Shown in German at 80×24, the view fits and scrolls to the end.
func TestTheCashViewFitsAndScrollsAt80x24(t *testing.T) {
	s := newTestStore(t, 120)
	ps, err := s.List("")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if !p.Paid() {
			if _, err := s.CheckIn(p.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	walkIn := model.ParticipantInput{First: "Nina", Last: "Spät", Born: "1990", Gender: "w", Race: "10k", Bib: "auto", Paid: "cash", Source: model.SourceDesk}
	if _, err := s.Register(walkIn, store.RegisterOptions{Late: true}); err != nil {
		t.Fatal(err)
	}
	app := openDesk(t, s, msg.DE)
	_, cmd := app.Update(press(tea.KeyF6))
	drain(app, cmd)
	_, cmd = app.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'k'}})
	drain(app, cmd)
	frame := app.View()
	if h, w := lipgloss.Height(frame), lipgloss.Width(frame); h != 24 || w > 80 {
		t.Errorf("frame %d×%d, want 80×24:\n%s", w, h, frame)
	}
	if title := strings.Split(frame, "\n")[2]; !strings.Contains(title, "↓") || strings.Contains(title, "↑") {
		t.Errorf("the title does not say there is more below: %q", title)
	}
	for _, want := range []string{"Druck › Kassenabschluss", "Veranstaltung", "Desk 1 (dieser Tisch)", "davon Nachmeldegebühr", "esc Druckliste"} {
		if !strings.Contains(frame, want) {
			t.Errorf("no %q:\n%s", want, frame)
		}
	}
	for range 40 {
		_, cmd = app.Update(press(tea.KeyPgDown))
		drain(app, cmd)
	}
	frame = app.View()
	r, err := s.CashReport()
	if err != nil || len(r.CheckedInUnpaid) < 15 {
		t.Fatalf("%v: %d checked in unpaid", err, len(r.CheckedInUnpaid))
	}
	last := r.CheckedInUnpaid[len(r.CheckedInUnpaid)-1]
	title := strings.Split(frame, "\n")[2] // under header and tabs; its arrows say where more is
	if !strings.Contains(frame, last.Last+", "+last.First) || !strings.Contains(title, "↑") || strings.Contains(title, "↓") {
		t.Errorf("scrolled to the end, the view does not show the last section:\n%s", frame)
	}
}
