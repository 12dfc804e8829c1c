package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

// desk starts the desk over s in an 80×24 teatest terminal.
func desk(t *testing.T, s *store.Store, lang msg.Lang) *teatest.TestModel {
	t.Helper()
	lipgloss.SetColorProfile(termenv.Ascii)
	app := New(s, Options{Lang: lang, Now: func() time.Time { return fixedNow }})
	t.Cleanup(app.unwatch)
	return teatest.NewTestModel(t, app, teatest.WithInitialTermSize(80, 24))
}

// patience bounds every wait on the screen: far longer than a healthy run
// ever needs (a wait ends as soon as its condition holds), so a laptop that
// is busy with other work is slow, not failing.
const patience = 30 * time.Second

// waitFor waits until the screen output contains every string.
func waitFor(t *testing.T, tm *teatest.TestModel, wants ...string) {
	t.Helper()
	var last []byte
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		last = append(last, b...)
		for _, w := range wants {
			if !bytes.Contains(last, []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(patience), teatest.WithCheckInterval(20*time.Millisecond))
}

// typeText types s rune by rune (teatest's Type sends bytes, which splits
// umlauts into two keys).
func typeText(tm *teatest.TestModel, s string) {
	for _, r := range s {
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func press(k tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: k} }

func quit(t *testing.T, tm *teatest.TestModel) *App {
	t.Helper()
	tm.Send(press(tea.KeyCtrlC))
	tm.Send(quitAnswerMsg{}) // when it asks: input left in a form is the test's
	tm.WaitFinished(t, teatest.WithFinalTimeout(patience))
	app := tm.FinalModel(t).(*App)
	app.Close() // as tui.Run does: what was captured is stored
	return app
}

// register puts a runner into the store directly (as an online import would).
func addRunner(t *testing.T, s *store.Store, in model.ParticipantInput) model.Participant {
	t.Helper()
	if in.Source == "" {
		in.Source = model.SourceOnline
	}
	p, err := s.Register(in, store.RegisterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSearchOpenCardCheckInShowsBib(t *testing.T) {
	s := newTestStore(t, 30)
	p := addRunner(t, s, model.ParticipantInput{First: "Jörg", Last: "Müller", Born: "12.03.1985", Gender: "m", Race: "10k", Club: "LG Buchau"})
	tm := desk(t, s, msg.EN)
	waitFor(t, tm, "0/31 checked in")
	typeText(tm, "mueller jorg")
	waitFor(t, tm, "Müller, Jörg")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "no bib yet", "class M40", "LG Buchau", "History")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "still due. Check in and take: 1 cash") // never checked in unpaid by Enter alone
	typeText(tm, "1")
	waitFor(t, tm, "checked in — hand out bib 1", "(cash)", "███", "1/31 checked in")
	app := quit(t, tm)
	got, err := s.Get(p.ID)
	if err != nil || got.Status != model.CheckedIn || got.Bib != 1 || got.CheckedInDesk != "Desk 1" {
		t.Fatalf("stored participant %+v, %v", got, err)
	}
	if !strings.Contains(app.View(), "Bib 1") && !strings.Contains(app.View(), "bib 1") {
		t.Errorf("card does not show the bib:\n%s", app.View())
	}
}

func TestCheckingInTwiceSaysWhenAndWhereAndChangesNothing(t *testing.T) {
	s := newTestStore(t, 0)
	p := addRunner(t, s, model.ParticipantInput{First: "Zoë", Last: "Dvořák", Born: "2001", Gender: "w", Race: "5k"})
	if _, err := s.CheckIn(p.ID); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Log(0, 0)
	tm := desk(t, s, msg.EN)
	typeText(tm, "dvorak")
	waitFor(t, tm, "Dvořák, Zoë")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "checked in at")
	tm.Send(press(tea.KeyEnter)) // on a checked-in runner: back to the queue, nothing written
	waitFor(t, tm, "type to search")
	quit(t, tm)
	after, _ := s.Log(0, 0)
	if len(after) != len(before) {
		t.Errorf("a second check-in wrote %d log entries", len(after)-len(before))
	}
}

func TestLateRegistrationHappyPath(t *testing.T) {
	s := newTestStore(t, 10)
	tm := desk(t, s, msg.EN)
	waitFor(t, tm, "0/10 checked in")
	tm.Send(press(tea.KeyF3))
	waitFor(t, tm, "Late registration")
	typeText(tm, "Weiß")
	tm.Send(press(tea.KeyTab))
	typeText(tm, "Anna")
	tm.Send(press(tea.KeyTab))
	typeText(tm, "3.4.99")
	waitFor(t, tm, "→ 03.04.1999")
	tm.Send(press(tea.KeyTab))
	typeText(tm, "w")
	waitFor(t, tm, "→ 03.04.1999 · WHK")
	tm.Send(press(tea.KeyCtrlS))
	waitFor(t, tm, "Check: born 03.04.1999 · female · 10 km Hauptlauf → WHK")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "saved — hand out bib 1", "Anna Weiß · 10 km Hauptlauf · WHK", "1/11 checked in")
	quit(t, tm)
	hits, err := s.Search("weiss anna", 0)
	if err != nil || len(hits) != 1 {
		t.Fatalf("search after save: %v %v", hits, err)
	}
	p := hits[0].Participant
	if p.Bib != 1 || p.Source != model.SourceDesk || p.Status != model.CheckedIn || p.Born != (model.BirthDate{Year: 1999, Month: 4, Day: 3}) {
		t.Errorf("stored %+v", p)
	}
}

func TestInvalidBirthDateKeepsInputAndNamesTheProblem(t *testing.T) {
	s := newTestStore(t, 0)
	tm := desk(t, s, msg.DE)
	tm.Send(press(tea.KeyF3))
	typeText(tm, "Müller")
	tm.Send(press(tea.KeyTab))
	typeText(tm, "Jörg")
	tm.Send(press(tea.KeyTab))
	typeText(tm, "31.02.1985")
	tm.Send(press(tea.KeyTab))
	typeText(tm, "m")
	tm.Send(press(tea.KeyCtrlS))
	waitFor(t, tm, "1 Feld(er) prüfen", `Geburtsdatum "31.02.1985": diesen Tag gibt es nicht (Format TT.MM.JJJJ)`)
	app := quit(t, tm)
	view := app.View()
	for _, typed := range []string{"Müller", "Jörg", "31.02.1985", "‹ männlich ›"} {
		if !strings.Contains(view, typed) {
			t.Errorf("the form lost %q:\n%s", typed, view)
		}
	}
	if c, _ := s.Counts(); c.Total != 0 {
		t.Errorf("an invalid form wrote %d participants", c.Total)
	}
}

func TestDuplicateWarningOffersTheExistingParticipant(t *testing.T) {
	s := newTestStore(t, 0)
	addRunner(t, s, model.ParticipantInput{First: "Jürgen", Last: "Krause", Born: "27.04.1980", Gender: "m", Race: "10k", ExternalID: "880002"})
	tm := desk(t, s, msg.EN)
	tm.Send(press(tea.KeyF3))
	typeText(tm, "Krause")
	tm.Send(press(tea.KeyTab))
	typeText(tm, "Juergen")
	tm.Send(press(tea.KeyTab))
	typeText(tm, "1980")
	tm.Send(press(tea.KeyTab))
	typeText(tm, "m")
	tm.Send(press(tea.KeyCtrlS))
	waitFor(t, tm, "Already registered? Probably the same runner:", "Krause, Jürgen · 27.04.1980 · 10k", "same birth year, same name")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("o")})
	waitFor(t, tm, "registration ID: 880002")
	app := quit(t, tm)
	if app.active != 0 {
		t.Errorf("open existing did not switch to the check-in card")
	}
	if c, _ := s.Counts(); c.Total != 1 {
		t.Errorf("the duplicate was saved anyway: %d participants", c.Total)
	}
}

func TestResizeKeepsEveryScreenInside80x24(t *testing.T) {
	s := newTestStore(t, 60)
	tm := desk(t, s, msg.DE)
	waitFor(t, tm, "0/60 eingecheckt")
	tm.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	tm.Send(press(tea.KeyF3))
	waitFor(t, tm, "Nachmeldung")
	app := quit(t, tm)
	for _, id := range []int{0, 1, 2} {
		app.active = screen.ID(id)
		frame := app.View()
		if h := lipgloss.Height(frame); h != 24 {
			t.Errorf("screen %d: %d lines, want 24", id, h)
		}
		for i, line := range strings.Split(frame, "\n") {
			if w := lipgloss.Width(line); w > 80 {
				t.Errorf("screen %d line %d is %d wide: %q", id, i, w, line)
			}
		}
	}
}

func TestEditFromTheCardKeepsCheckInAndShowsTheChange(t *testing.T) {
	s := newTestStore(t, 0)
	p := addRunner(t, s, model.ParticipantInput{First: "Hannah", Last: "Krüger", Born: "15.11.1974", Gender: "w", Race: "10k"})
	if _, err := s.CheckIn(p.ID); err != nil {
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
	tm.Send(press(tea.KeyTab))
	for range "15.11.1974" {
		tm.Send(press(tea.KeyBackspace))
	}
	typeText(tm, "15.11.1947")
	waitFor(t, tm, "→ 15.11.1947 · W75")
	tm.Send(press(tea.KeyCtrlS))
	waitFor(t, tm, "Check: born 15.11.1947 · female · 10 km Hauptlauf → W75")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "class W75", "birth date 15.11.1947")
	quit(t, tm)
	got, _ := s.Get(p.ID)
	if got.Born.Year != 1947 || got.Status != model.CheckedIn || got.Bib == 0 {
		t.Errorf("after edit: %+v", got)
	}
}

func TestPaymentAndDNSFromTheCard(t *testing.T) {
	s := newTestStore(t, 0)
	p := addRunner(t, s, model.ParticipantInput{First: "Emre", Last: "Çelik", Born: "1990", Gender: "m", Race: "5k", Source: model.SourceDesk})
	tm := desk(t, s, msg.EN)
	typeText(tm, "celik")
	waitFor(t, tm, "Çelik, Emre")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "due 13,00 €")
	tm.Send(press(tea.KeyCtrlB))
	waitFor(t, tm, "Payment (13,00 € due): 1 cash")
	typeText(tm, "1")
	waitFor(t, tm, "payment saved", "paid 13,00 € (cash)")
	tm.Send(press(tea.KeyCtrlD))
	waitFor(t, tm, "marked as not started (DNS)")
	quit(t, tm)
	got, _ := s.Get(p.ID)
	if got.PayMethod != model.Cash || got.PaidCents != 1300 || got.Status != model.DNS {
		t.Errorf("after payment and DNS: %+v", got)
	}
}

func TestChangesFromElsewhereAppearWithoutReopening(t *testing.T) {
	s := newTestStore(t, 3)
	tm := desk(t, s, msg.EN)
	typeText(tm, "nowak")
	waitFor(t, tm, "0/3 checked in")
	// Another part of racedesk (later: sync, the hotspot) writes.
	addRunner(t, s, model.ParticipantInput{First: "Sophie", Last: "Nowak", Born: "06.09.1960", Gender: "w", Race: "5k"})
	waitFor(t, tm, "Nowak, Sophie", "0/4 checked in")
	quit(t, tm)
}

func TestNoColorRendersPlainText(t *testing.T) {
	defer lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetColorProfile(termenv.TrueColor)
	if out := screen.NewStyles().Bad.Render("x"); !strings.Contains(out, "\x1b[") {
		t.Fatalf("control: with colours on, %q has no escape codes", out)
	}
	t.Setenv("NO_COLOR", "1")
	st := screen.NewStyles()
	if out := st.Bad.Render("✗ wrong"); strings.Contains(out, "38;") || strings.Contains(out, "\x1b[3") || strings.Contains(out, "\x1b[9") {
		t.Errorf("NO_COLOR still colours: %q", out)
	}
}

func TestCardWarnsOfABibHeldTwice(t *testing.T) {
	s := newTestStore(t, 0)
	addRunner(t, s, model.ParticipantInput{First: "Erste", Last: "Doppel", Born: "1990", Gender: "w", Race: "10k", Bib: "42"})
	// What a sync merge leaves: another runner with the same bib, made at
	// another desk (pushed here as the cloud would).
	twin := store.Change{Device: "other-desk", DevSeq: 1, HLC: model.MakeHLC(fixedNow.UnixMilli(), 0), Entity: store.EntityParticipant,
		ID: "twin-1", Op: store.OpCreate, Fields: []model.FieldChange{
			{Field: model.FFirst, Value: "Zweite"}, {Field: model.FLast, Value: "Doppel"}, {Field: model.FBorn, Value: "1991"},
			{Field: model.FGender, Value: "W"}, {Field: model.FRace, Value: "10k"}, {Field: model.FBib, Value: "42"},
			{Field: model.FStatus, Value: "registered"}, {Field: model.FSource, Value: "desk"}}}
	if ack, err := s.Push("other-desk", []store.Change{twin}); err != nil || ack.Upto != 1 || len(ack.Refused) > 0 {
		t.Fatalf("merge: %+v %v", ack, err)
	}
	tm := desk(t, s, msg.EN)
	typeText(tm, "erste")
	waitFor(t, tm, "Doppel, Erste")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "bib 42 is also held by Zweite Doppel")
	quit(t, tm)
}

func TestPendingSelfRegistrationIsCountedAndConfirmedWithABib(t *testing.T) {
	s := newTestStore(t, 5)
	tm := desk(t, s, msg.EN)
	waitFor(t, tm, "0/5 checked in")
	p, err := s.RegisterPending(model.ParticipantInput{First: "Renée", Last: "Lefèvre", Born: "1992", Gender: "w", Race: "5k"})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, tm, "! 1 to confirm")
	typeText(tm, strings.ToLower(p.Code))
	waitFor(t, tm, "Lefèvre, Renée")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "registered on a phone (code "+p.Code+")")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "still due. Check in and take: 1 cash")
	typeText(tm, "2")
	waitFor(t, tm, "checked in — hand out bib 400", "(card)", "1/6 checked in")
	app := quit(t, tm)
	if strings.Contains(app.View(), "to confirm") {
		t.Errorf("the pending counter stayed after the confirmation")
	}
	got, _ := s.Get(p.ID)
	if got.Status != model.CheckedIn || got.Bib != 400 {
		t.Errorf("after confirm: %+v", got)
	}
}
