package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// Slips at the check-in screen (issue 15), each typed as a hurried
// volunteer types at 80×24.

func paidRunner(t *testing.T, s *store.Store, first, last string) model.Participant {
	t.Helper()
	p := addRunner(t, s, model.ParticipantInput{First: first, Last: last, Born: "1980", Gender: "m", Race: "10k"})
	p, err := s.TakePayment(p.ID, model.Online, -1)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func status(t *testing.T, s *store.Store, id string) model.Participant {
	t.Helper()
	p, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// 2. After a check-in the card stays open; the next runner's name typed
// at once must go to the next search — "nowak" marked the runner DNS,
// "schulz" checked someone in and printed, "becker" opened the edit form.
func TestSlipNextNameTypedOnTheCardGoesToTheSearch(t *testing.T) {
	s := newTestStore(t, 0)
	first := paidRunner(t, s, "Jörg", "Müller")
	paidRunner(t, s, "Anna", "Nowak")
	paidRunner(t, s, "Max", "Schulz")
	paidRunner(t, s, "Eva", "Becker")
	tm := desk(t, s, msg.EN)
	typeText(tm, "muller")
	waitFor(t, tm, "Müller, Jörg")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "no bib yet")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "hand out bib")
	for i, next := range []string{"nowak", "schulz", "becker"} {
		typeText(tm, next) // the card still shows Müller's check-in
		if i == 0 {
			// What the check-in did stays in sight above the next search.
			waitFor(t, tm, "› "+next, "✓ Jörg Müller: checked in — hand out bib")
		} else {
			waitFor(t, tm, "› "+next)
		}
		tm.Send(press(tea.KeyEsc))
	}
	quit(t, tm)
	for _, p := range []model.Participant{first} {
		if got := status(t, s, p.ID); got.Status != model.CheckedIn || got.Last != "Müller" {
			t.Errorf("%s after the next names were typed: %+v", p.Last, got)
		}
	}
	hits, _ := s.Search("", 0)
	for _, h := range hits {
		if h.Participant.ID != first.ID && h.Participant.Status != model.Registered {
			t.Errorf("%s is %s: typing a name acted on a card", h.Participant.Last, h.Participant.Status)
		}
	}
}

// 2b. Enter, Enter on the empty home screen checked in the first runner
// of the list.
func TestSlipEnterEnterOnTheEmptySearchChecksNobodyIn(t *testing.T) {
	s := newTestStore(t, 0)
	a := paidRunner(t, s, "Ayşe", "Albrecht")
	tm := desk(t, s, msg.EN)
	waitFor(t, tm, "Albrecht, Ayşe")
	tm.Send(press(tea.KeyEnter))
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "type a name, bib, phone code or registration ID")
	quit(t, tm)
	if got := status(t, s, a.ID); got.Status != model.Registered {
		t.Errorf("Enter, Enter on the empty search: %s is %s", got.Last, got.Status)
	}
}

// 3. "koehler fr" listed Köhler, Åsa (club Freiwillige Feuerwehr) first,
// and Enter, Enter gave her the bib meant for Franz.
func TestSlipNameMatchBeforeClubMatch(t *testing.T) {
	s := newTestStore(t, 0)
	asa := addRunner(t, s, model.ParticipantInput{First: "Åsa", Last: "Köhler", Born: "1980", Gender: "w", Race: "10k", Club: "Freiwillige Feuerwehr"})
	franz := paidRunner(t, s, "Franz", "Köhler")
	tm := desk(t, s, msg.EN)
	typeText(tm, "koehler fr")
	waitFor(t, tm, "Köhler, Franz")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "no bib yet")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "hand out bib")
	quit(t, tm)
	if got := status(t, s, franz.ID); got.Status != model.CheckedIn {
		t.Errorf("Franz: %s", got.Status)
	}
	if got := status(t, s, asa.ID); got.Status != model.Registered {
		t.Errorf("Åsa: %s — the club match was taken", got.Status)
	}
}

// 5. A runner who owes is not checked in by Enter without a word about
// money: Enter asks, a digit takes the payment with the check-in, 0 is
// the deliberate "pays later", Esc goes back without checking in.
func TestSlipUnpaidRunnerIsAskedForTheMoney(t *testing.T) {
	s := newTestStore(t, 0)
	owes := addRunner(t, s, model.ParticipantInput{First: "Emre", Last: "Çelik", Born: "1990", Gender: "m", Race: "5k", Source: model.SourceDesk})
	tm := desk(t, s, msg.EN)
	typeText(tm, "celik")
	waitFor(t, tm, "Çelik, Emre")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "due 13,00 €")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "13,00 € still due. Check in and take: 1 cash")
	tm.Send(press(tea.KeyEsc))
	waitFor(t, tm, "enter check in")
	if got := status(t, s, owes.ID); got.Status != model.Registered {
		t.Fatalf("Esc on the money question checked in: %+v", got)
	}
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "Check in and take")
	typeText(tm, "1")
	waitFor(t, tm, "hand out bib", "paid 13,00 € (cash)")
	quit(t, tm)
	if got := status(t, s, owes.ID); got.Status != model.CheckedIn || got.PayMethod != model.Cash || got.PaidCents != 1300 {
		t.Errorf("after Enter, 1: %+v", got)
	}
}

// 9. "p1" in one burst (a scanner, SSH, fast typing) was dropped and the
// next Enter checked the runner in unpaid; now the keys are handled one
// by one — and letters on a card start the next search, so the payment
// key is ctrl+b and the burst "1" chooses cash.
func TestSlipBurstIsHandledKeyByKey(t *testing.T) {
	s := newTestStore(t, 0)
	owes := addRunner(t, s, model.ParticipantInput{First: "Emre", Last: "Çelik", Born: "1990", Gender: "m", Race: "5k", Source: model.SourceDesk})
	tm := desk(t, s, msg.EN)
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("celik")}) // one burst
	waitFor(t, tm, "Çelik, Emre")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "due 13,00 €")
	tm.Send(press(tea.KeyCtrlB))
	waitFor(t, tm, "Payment (13,00 € due)")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("1")})
	waitFor(t, tm, "paid 13,00 € (cash)")
	quit(t, tm)
	if got := status(t, s, owes.ID); got.PayMethod != model.Cash {
		t.Errorf("after the burst: %+v", got)
	}
}

// Undo: ctrl+z names what it will undo and puts it back on y, as a new
// change; Esc keeps everything.
func TestUndoOfACheckInNamesItAndPutsItBack(t *testing.T) {
	s := newTestStore(t, 0)
	p := paidRunner(t, s, "Jörg", "Müller")
	tm := desk(t, s, msg.EN)
	typeText(tm, "muller")
	waitFor(t, tm, "Müller, Jörg")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "no bib yet")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "hand out bib 1")
	tm.Send(press(tea.KeyCtrlZ))
	waitFor(t, tm, "Undo Jörg Müller: bib 1, status checked in? y undo")
	tm.Send(press(tea.KeyEsc))
	waitFor(t, tm, "enter/esc next runner")
	if got := status(t, s, p.ID); got.Status != model.CheckedIn {
		t.Fatalf("Esc on the undo question changed %+v", got)
	}
	tm.Send(press(tea.KeyCtrlZ))
	waitFor(t, tm, "y undo")
	typeText(tm, "y")
	waitFor(t, tm, "undone: Jörg Müller")
	quit(t, tm)
	if got := status(t, s, p.ID); got.Status != model.Registered || got.Bib != 0 {
		t.Errorf("after undo: %+v", got)
	}
}

// Typed without waiting for the screen — name, Enter, Enter, the next
// name — every key counts, in order: the card opens, the runner is
// checked in, the next search starts (keys that came before the card was
// read waited for it instead of being dropped).
func TestSlipKeysFasterThanTheDiskAllCount(t *testing.T) {
	s := newTestStore(t, 0)
	var ps []model.Participant
	for _, n := range [][2]string{{"Jörg", "Müller"}, {"Anna", "Nowak"}, {"Max", "Schulz"}} {
		ps = append(ps, paidRunner(t, s, n[0], n[1]))
	}
	tm := desk(t, s, msg.EN)
	waitFor(t, tm, "0/3 checked in")
	for _, p := range ps {
		typeText(tm, strings.ToLower(p.Last))
		tm.Send(press(tea.KeyEnter))
		tm.Send(press(tea.KeyEnter))
	}
	typeText(tm, "done")
	waitFor(t, tm, "› done") // the last keys waited for the last check-in
	app := quit(t, tm)
	for _, p := range ps {
		if got := status(t, s, p.ID); got.Status != model.CheckedIn {
			t.Errorf("%s: %s", got.Last, got.Status)
		}
	}
	if view := app.View(); !strings.Contains(view, "› done") {
		t.Errorf("the next search did not get the keys typed after the last check-in:\n%s", view)
	}
}

// 10. The history showed "paid amount 1500, payment cash" — raw cents and
// an English word at a German desk.
func TestSlipHistoryShowsMoneyInEurosAndTheDesksWords(t *testing.T) {
	s := newTestStore(t, 0)
	p := addRunner(t, s, model.ParticipantInput{First: "Emre", Last: "Çelik", Born: "1990", Gender: "m", Race: "5k", Source: model.SourceDesk})
	if _, err := s.TakePayment(p.ID, model.Cash, -1); err != nil {
		t.Fatal(err)
	}
	tm := desk(t, s, msg.DE)
	typeText(tm, "celik")
	waitFor(t, tm, "› celik")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "13,00 €, ")
	app := quit(t, tm)
	view := app.View()
	if strings.Contains(view, "1300") || strings.Contains(view, "cash") {
		t.Errorf("history in cents or English:\n%s", view)
	}
}

// Issue 16: a runner registered and paid online registered again on the
// phone. The desk's card for the phone's code shows the match first;
// Enter is "it is them": the phone entry is withdrawn (counted nowhere)
// and the registered runner's card opens, so confirming does not make a
// second runner, a second bib or a second payment.
func TestPhoneEntryOfARunnerRegisteredOnlineIsNotASecondRunner(t *testing.T) {
	s := newTestStore(t, 0)
	online := paidRunner(t, s, "Jörg", "Müller")
	phone, err := s.RegisterPending(model.ParticipantInput{First: "Joerg", Last: "Mueller", Born: "1980", Gender: "m", Race: "10k"})
	if err != nil {
		t.Fatal(err)
	}
	tm := desk(t, s, msg.EN)
	typeText(tm, strings.ToLower(phone.Code))
	waitFor(t, tm, "› "+strings.ToLower(phone.Code))
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "probably registered already: Müller, Jörg", "enter it is them", "F8 new runner")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "phone entry "+phone.Code+" withdrawn")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "hand out bib")
	quit(t, tm)
	if got := status(t, s, online.ID); got.Status != model.CheckedIn {
		t.Errorf("the online runner: %s", got.Status)
	}
	if got := status(t, s, phone.ID); got.Status != model.Withdrawn || got.Bib != 0 {
		t.Errorf("the phone entry: %+v", got)
	}
	if c, _ := s.Counts(); c.Total != 1 || c.Pending != 0 || c.CheckedIn != 1 {
		t.Errorf("counts %+v: one runner, checked in", c)
	}
}

// Issue 17: a runner is deleted at the desk with F9, a reason and y —
// letters typed for a name never reach it (they are the reason, or the
// next search); Esc keeps the runner.
func TestDeleteAtTheDeskAsksWhyThenY(t *testing.T) {
	s := newTestStore(t, 0)
	p := paidRunner(t, s, "Test", "Eintrag")
	tm := desk(t, s, msg.EN)
	typeText(tm, "eintrag")
	waitFor(t, tm, "› eintrag")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "enter check in") // F9 is in the full help (?); the line is 80 wide
	tm.Send(press(tea.KeyF9))
	waitFor(t, tm, "Delete Test Eintrag and their personal data on every laptop? Why:")
	tm.Send(press(tea.KeyEsc))
	waitFor(t, tm, "enter check in")
	tm.Send(press(tea.KeyF9))
	waitFor(t, tm, "Why:")
	typeText(tm, "test entry")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "y delete · esc keep")
	typeText(tm, "y")
	waitFor(t, tm, "Test Eintrag deleted")
	quit(t, tm)
	if got := status(t, s, p.ID); got.Status != model.Deleted || got.Last != "" {
		t.Errorf("after F9, reason, y: %+v", got)
	}
}
