package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

// The late-entry form forgives slips (issue 15): these drive the whole
// desk at 80×24 the way the testers typed.

func runeKey(r rune) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}} }

// typeKrauseAgain types the walk-in Krause, Juergen, 1980, male into the
// open late-entry form and asks to save; someone of that name and year is
// registered already.
func typeKrauseAgain(t *testing.T, tm interface{ Send(tea.Msg) }) {
	t.Helper()
	for i, s := range []string{"Krause", "Juergen", "1980", "m"} {
		if i > 0 {
			tm.Send(press(tea.KeyTab))
		}
		for _, r := range s {
			tm.Send(runeKey(r))
		}
	}
	tm.Send(press(tea.KeyCtrlS))
}

func addKrause(t *testing.T, s *store.Store) model.Participant {
	t.Helper()
	return addRunner(t, s, model.ParticipantInput{First: "Jürgen", Last: "Krause", Born: "27.04.1980", Gender: "m", Race: "10k", ExternalID: "880002"})
}

// Item 4: Enter, pressed without reading while moving through the form,
// opens the runner already registered; registering anyway is F8, which
// the warning shows, and no letter of a name or Tab does it.
func TestSlipEnterOnTheDuplicateWarningOpensTheExistingRunner(t *testing.T) {
	s := newTestStore(t, 0)
	addKrause(t, s)
	tm := desk(t, s, msg.EN)
	tm.Send(press(tea.KeyF3))
	waitFor(t, tm, "Late registration")
	typeKrauseAgain(t, tm)
	waitFor(t, tm, "Already registered? Probably the same runner:", "enter: open the existing runner · F8: register anyway")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "registration ID: 880002")
	app := quit(t, tm)
	if app.active != screen.CheckIn {
		t.Errorf("Enter did not open the existing runner's card")
	}
	if c, _ := s.Counts(); c.Total != 1 {
		t.Errorf("Enter registered the duplicate: %d participants", c.Total)
	}
}

func TestSlipRegisteringADuplicateAnywayTakesF8(t *testing.T) {
	s := newTestStore(t, 0)
	addKrause(t, s)
	tm := desk(t, s, msg.EN)
	tm.Send(press(tea.KeyF3))
	waitFor(t, tm, "Late registration")
	typeKrauseAgain(t, tm)
	waitFor(t, tm, "Already registered?", "F8 register anyway")
	// What typing on would send: letters (s was "register anyway") and Tab.
	tm.Send(runeKey('s'))
	tm.Send(press(tea.KeyTab))
	tm.Send(press(tea.KeyF8))
	waitFor(t, tm, "Check: born 1980 · male · 10 km Hauptlauf")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "saved — hand out bib 1", "Juergen Krause")
	quit(t, tm)
	if c, _ := s.Counts(); c.Total != 2 {
		t.Errorf("F8 did not register the second Krause: %d participants", c.Total)
	}
}

// Item 7: moving a checked-in runner to another race gives them a bib of
// that race in the same save, and the desk says which.
func TestSlipRaceChangeOfACheckedInRunnerGivesABibOfTheNewRace(t *testing.T) {
	s := newTestStore(t, 0)
	p := addRunner(t, s, model.ParticipantInput{First: "Hannah", Last: "Krüger", Born: "15.11.1974", Gender: "w", Race: "10k"})
	if ci, err := s.CheckIn(p.ID); err != nil || ci.Participant.Bib != 1 {
		t.Fatalf("check-in: %+v %v", ci, err)
	}
	tm := desk(t, s, msg.EN)
	typeText(tm, "kruger")
	waitFor(t, tm, "Krüger, Hannah")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "born 15.11.1974")
	tm.Send(press(tea.KeyCtrlE))
	waitFor(t, tm, "Edit participant")
	for range 4 { // last name, first name, birth date, gender → race
		tm.Send(press(tea.KeyTab))
	}
	tm.Send(press(tea.KeyRight))
	waitFor(t, tm, "‹ 5 km Volkslauf ›", "→ new bib of 5 km Volkslauf")
	tm.Send(press(tea.KeyCtrlS))
	waitFor(t, tm, "Check: born 15.11.1974 · female · 5 km Volkslauf")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "bib 1 → 400 (5 km Volkslauf)")
	quit(t, tm)
	got, _ := s.Get(p.ID)
	if got.Race != "5k" || got.Bib != 400 || got.Status != model.CheckedIn {
		t.Errorf("after the race change: race %s bib %d status %s, want 5k / 400 / checked in", got.Race, got.Bib, got.Status)
	}
	if h, err := s.ByBib("5k", 400); err != nil || h.ID != p.ID {
		t.Errorf("a finish of bib 400 would find %q (%v), want Hannah", h.ID, err)
	}
}

// Item 7: with no bib of the new race left at this desk, the save is
// refused, the race field says why, and the form keeps what was typed.
func TestSlipRaceChangeWithNoBibLeftIsRefusedAndKeepsTheForm(t *testing.T) {
	s := newTestStore(t, 0)
	if err := s.SetPool("5k", []model.BibRange{{From: 400, To: 400}}); err != nil {
		t.Fatal(err)
	}
	addRunner(t, s, model.ParticipantInput{First: "Erste", Last: "Fünf", Born: "1990", Gender: "w", Race: "5k", Bib: "auto"})
	p := addRunner(t, s, model.ParticipantInput{First: "Hannah", Last: "Krüger", Born: "15.11.1974", Gender: "w", Race: "10k"})
	ci, err := s.CheckIn(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	tm := desk(t, s, msg.EN)
	typeText(tm, "kruger")
	waitFor(t, tm, "Krüger, Hannah")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "born 15.11.1974")
	tm.Send(press(tea.KeyCtrlE))
	waitFor(t, tm, "Edit participant")
	tm.Send(press(tea.KeyTab))
	typeText(tm, "-Marie")
	for range 3 {
		tm.Send(press(tea.KeyTab))
	}
	tm.Send(press(tea.KeyRight))
	tm.Send(press(tea.KeyCtrlS))
	waitFor(t, tm, "Check: born 15.11.1974 · female · 5 km Volkslauf")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, `✗ race "5 km Volkslauf": desk Desk 1 has no bib of 5 km Volkslauf left`)
	app := quit(t, tm)
	view := app.View()
	for _, typed := range []string{"Hannah-Marie", "‹ 5 km Volkslauf ›"} {
		if !strings.Contains(view, typed) {
			t.Errorf("the refused save lost %q:\n%s", typed, view)
		}
	}
	if got, _ := s.Get(p.ID); got.Race != "10k" || got.Bib != ci.Participant.Bib || got.First != "Hannah" {
		t.Errorf("the refused move changed the runner: %+v", got)
	}
}

// Item 8: ctrl+x clears the form, and ctrl+z brings it back.
func TestSlipClearedFormComesBackWithCtrlZ(t *testing.T) {
	s := newTestStore(t, 0)
	tm := desk(t, s, msg.EN)
	tm.Send(press(tea.KeyF3))
	waitFor(t, tm, "Late registration")
	typeText(tm, "Müller")
	tm.Send(press(tea.KeyTab))
	typeText(tm, "Jörg")
	waitFor(t, tm, "Jörg")
	tm.Send(press(tea.KeyCtrlX))
	waitFor(t, tm, "form cleared — ctrl+z brings it back")
	tm.Send(press(tea.KeyCtrlZ))
	waitFor(t, tm, "Müller", "Jörg", "form brought back")
	app := quit(t, tm)
	view := app.View()
	for _, typed := range []string{"Müller", "Jörg"} {
		if !strings.Contains(view, typed) {
			t.Errorf("ctrl+z did not bring back %q:\n%s", typed, view)
		}
	}
}

// Item 8: after "open existing" the next runner starts with an empty
// form; the entry put aside comes back with ctrl+z.
func TestSlipOpenExistingLeavesTheFormEmptyForTheNextRunner(t *testing.T) {
	s := newTestStore(t, 0)
	addKrause(t, s)
	tm := desk(t, s, msg.EN)
	tm.Send(press(tea.KeyF3))
	waitFor(t, tm, "Late registration")
	typeKrauseAgain(t, tm)
	waitFor(t, tm, "Already registered?")
	typeText(tm, "o")
	waitFor(t, tm, "registration ID: 880002")
	tm.Send(press(tea.KeyF3))
	waitFor(t, tm, "Krause, Juergen put aside — ctrl+z brings it back")
	app := quit(t, tm)
	reg := app.screens[screen.Register]
	for _, line := range strings.Split(reg.View(), "\n") {
		for _, typed := range []string{"Krause", "Juergen", "1980"} {
			if strings.Contains(line, typed) && !strings.Contains(line, "put aside") {
				t.Errorf("the abandoned entry is still in the form: %q", line)
			}
		}
	}
	reg.Update(press(tea.KeyCtrlZ))
	if v := reg.View(); !strings.Contains(v, "Juergen") || !strings.Contains(v, "Krause") {
		t.Errorf("ctrl+z did not bring the entry back:\n%s", v)
	}
}

// Item 8: before the desk quits it asks, naming what would be lost — the
// late-entry screen says what that is; while it asks a question, the
// desk's global keys belong to the question.
func TestSlipTheFormSaysWhatQuittingWouldLose(t *testing.T) {
	s := newTestStore(t, 0)
	addKrause(t, s)
	app := openDesk(t, s, msg.EN)
	send := func(k tea.KeyMsg) {
		_, cmd := app.Update(k)
		drain(app, cmd)
	}
	send(press(tea.KeyF3))
	reg := app.screens[screen.Register]
	unsaved, ok := reg.(screen.Unsaved)
	if !ok {
		t.Fatalf("the late-entry screen %T does not implement screen.Unsaved", reg)
	}
	modal, ok := reg.(screen.Modal)
	if !ok {
		t.Fatalf("the late-entry screen %T does not implement screen.Modal", reg)
	}
	if got := unsaved.Unsaved(); got != "" {
		t.Errorf("an empty form would lose %q", got)
	}
	for _, r := range "Müller" {
		send(runeKey(r))
	}
	send(press(tea.KeyTab))
	for _, r := range "Jörg" {
		send(runeKey(r))
	}
	if got := unsaved.Unsaved(); got != "late entry Müller, Jörg" {
		t.Errorf("Unsaved() = %q, want %q", got, "late entry Müller, Jörg")
	}
	if modal.Asking() {
		t.Errorf("typing a form is no question")
	}
	send(press(tea.KeyCtrlX))
	if got := unsaved.Unsaved(); got != "" {
		t.Errorf("after clearing on purpose, Unsaved() = %q", got)
	}
	send(press(tea.KeyCtrlZ))
	if got := unsaved.Unsaved(); got != "late entry Müller, Jörg" {
		t.Errorf("brought back, Unsaved() = %q", got)
	}
	send(press(tea.KeyCtrlX))
	typeKrauseAgain(t, sender(send))
	if !modal.Asking() {
		t.Errorf("the duplicate warning is on screen, Asking() = false:\n%s", reg.View())
	}
	if got := unsaved.Unsaved(); got != "late entry Krause, Juergen" {
		t.Errorf("Unsaved() = %q during the warning", got)
	}
	send(press(tea.KeyEsc))
	if modal.Asking() {
		t.Errorf("back in the form, Asking() = true")
	}
}

// sender lets a test's send function stand in for a teatest model.
type sender func(tea.KeyMsg)

func (s sender) Send(m tea.Msg) { s(m.(tea.KeyMsg)) }

// Item 10: a value wider than its box shows where it is cut.
func TestSlipALongValueShowsWhereItIsCut(t *testing.T) {
	s := newTestStore(t, 0)
	addRunner(t, s, model.ParticipantInput{First: "Lena", Last: "Bauer", Born: "1990", Gender: "w", Race: "10k", Club: "Freiwillige Feuerwehr Buchau"})
	tm := desk(t, s, msg.EN)
	typeText(tm, "bauer")
	waitFor(t, tm, "Bauer, Lena")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "Freiwillige Feuerwehr Buchau")
	tm.Send(press(tea.KeyCtrlE))
	waitFor(t, tm, "Edit participant", "Freiwillige Feuerwehr…")
	for range 5 { // to the club field
		tm.Send(press(tea.KeyTab))
	}
	waitFor(t, tm, "› club")
	app := quit(t, tm)
	for _, line := range strings.Split(app.View(), "\n") {
		if strings.Contains(line, "club") && (!strings.Contains(line, "…") || !strings.Contains(line, "Feuerwehr Buchau")) {
			t.Errorf("the club field, typed in, shows no cut before its end: %q", line)
		}
	}
}

// Keys typed while the form checks for duplicates or saves are not
// dropped: ctrl+s, Enter and the next walk-in's name typed at once save
// this one and start the next entry with that name.
func TestSlipKeysTypedWhileTheFormSavesCount(t *testing.T) {
	s := newTestStore(t, 0)
	tm := desk(t, s, msg.EN)
	tm.Send(press(tea.KeyF3))
	waitFor(t, tm, "Late registration")
	for i, v := range []string{"Weiß", "Anna", "3.4.99", "w"} {
		if i > 0 {
			tm.Send(press(tea.KeyTab))
		}
		for _, r := range v {
			tm.Send(runeKey(r))
		}
	}
	tm.Send(press(tea.KeyCtrlS))
	tm.Send(press(tea.KeyEnter)) // confirms the check, typed before it showed
	for _, r := range "Schmidt" {
		tm.Send(runeKey(r))
	}
	waitFor(t, tm, "Schmidt")
	app := quit(t, tm)
	if hits, _ := s.Search("weiss anna", 0); len(hits) != 1 {
		t.Errorf("Anna Weiß saved %d times, want once", len(hits))
	}
	if view := app.View(); !strings.Contains(view, "Schmidt") {
		t.Errorf("the next name did not reach the next entry:\n%s", view)
	}
}

// An edit that turns a runner into someone already registered is checked
// by the same matcher (the runner being edited is left out).
func TestAnEditIntoSomeoneElseWarns(t *testing.T) {
	s := newTestStore(t, 0)
	addKrause(t, s)
	other := addRunner(t, s, model.ParticipantInput{First: "Hans", Last: "Kraus", Born: "27.04.1980", Gender: "m", Race: "10k"})
	tm := desk(t, s, msg.EN)
	for _, r := range "kraus hans" {
		tm.Send(runeKey(r))
	}
	waitFor(t, tm, "› kraus hans")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "born 27.04.1980")
	tm.Send(press(tea.KeyCtrlE))
	waitFor(t, tm, "Edit participant")
	for range "Kraus" {
		tm.Send(press(tea.KeyBackspace))
	}
	for _, r := range "Krause" {
		tm.Send(runeKey(r))
	}
	tm.Send(press(tea.KeyTab))
	for range "Hans" {
		tm.Send(press(tea.KeyBackspace))
	}
	for _, r := range "Jürgen" {
		tm.Send(runeKey(r))
	}
	tm.Send(press(tea.KeyCtrlS))
	waitFor(t, tm, "Already registered? Probably the same runner:")
	quit(t, tm)
	if got, _ := s.Get(other.ID); got.Last != "Kraus" {
		t.Errorf("the edit was saved without asking: %+v", got)
	}
}
