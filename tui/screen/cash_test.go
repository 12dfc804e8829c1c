package screen_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/tui/screen"
)

// cashDay is a report with this desk's bookings, another desk's
// correction (negative cash), money without a method, a desk name from a
// peer with a terminal escape in it, and runners checked in unpaid at two
// desks.
func cashDay() (*model.Event, model.CashReport) {
	ev := &model.Event{Races: []model.Race{{ID: "10k", Name: "10 km Hauptlauf mit einem sehr langen Namen", FeeCents: 1500, LateFeeCents: 2000}}}
	pay := func(m model.PayMethod, c int) model.Payment { return model.Payment{Method: m, Cents: c} }
	none := model.Payment{}
	evil := "Zelt\x1b[31m rot"
	e := func(id, last string, st model.Status, src model.Source, paid model.Payment, desk string, bs ...model.CashBooking) model.CashEntry {
		return model.CashEntry{ID: id, First: "Maximiliane Josephine", Last: last, Race: "10k", Bib: len(id) * 100, Status: st, Source: src,
			Paid: paid, CheckedInDesk: desk, Bookings: bs}
	}
	return ev, model.NewCashReport(ev, []model.CashEntry{
		e("a", "Müller", model.CheckedIn, model.SourceDesk, pay(model.Card, 2000), "Desk 1",
			model.CashBooking{Desk: "Desk 1", To: pay(model.Cash, 2000)}, model.CashBooking{Desk: evil, From: pay(model.Cash, 2000), To: pay(model.Card, 2000)}),
		e("b", "von Hohenzollern-Sigmaringen", model.CheckedIn, model.SourceOnline, none, "Desk 1"),
		e("cc", "Weiß", model.CheckedIn, model.SourceOnline, none, evil),
		e("d", "Öztürk", model.DNS, model.SourceOnline, pay(model.Unpaid, 700), "", model.CashBooking{Desk: "Desk 1", To: pay(model.Unpaid, 700)}),
	})
}

func TestCashLinesFitAndSayWhatTheDeskCounts(t *testing.T) {
	ev, r := cashDay()
	for _, lang := range []msg.Lang{msg.DE, msg.EN} {
		for _, only := range []bool{false, true} {
			lines := screen.CashLines(lang, ev, r, screen.CashView{Desk: "Desk 1", Only: only})
			var text []string
			for _, l := range lines {
				if w := lipgloss.Width(l.Text); w > screen.CashWidth {
					t.Errorf("%s: %q is %d wide", lang, l.Text, w)
				}
				if strings.ContainsAny(l.Text, "\x1b\x00") {
					t.Errorf("%s: %q holds a control character", lang, l.Text)
				}
				text = append(text, l.Text)
			}
			all := strings.Join(text, "\n")
			if lang != msg.DE {
				continue
			}
			// This desk first and marked; the other desk's correction negative.
			mine := -1
			for i, l := range lines {
				if l.Kind == screen.CashMine {
					mine = i
				}
			}
			if mine < 0 || !strings.HasPrefix(lines[mine].Text, "Desk 1 (dieser Tisch)") || !strings.Contains(lines[mine].Text, "20,00") {
				t.Errorf("only %v: this desk's row is not marked:\n%s", only, all)
			}
			for _, want := range []string{"ohne Art", "davon Nachmeldegebühr"} {
				if !strings.Contains(all, want) {
					t.Errorf("only %v: no %q:\n%s", only, want, all)
				}
			}
			if only {
				if strings.Contains(all, "Veranstaltung") || strings.Contains(all, "Weiß") || strings.Contains(all, "-20,00") || !strings.Contains(all, "Eingecheckt, nicht bezahlt (1)") {
					t.Errorf("one desk's view shows more than its row and the runners it checked in:\n%s", all)
				}
				continue
			}
			for _, want := range []string{"Veranstaltung", "Zelt", "-20,00", "Eingecheckt, nicht bezahlt (2)", "von Hohenzollern", "Weiß, Maximiliane", "Summe"} {
				if !strings.Contains(all, want) {
					t.Errorf("no %q:\n%s", want, all)
				}
			}
		}
	}
}
