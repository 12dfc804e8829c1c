package printer

import (
	"fmt"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// cashReport is a day's report of the test event: online payments from
// the import, Desk 1 (the printing desk) taking cash and card, Desk 2
// correcting one of them to card and handing money back, a payment
// without a method, and runners checked in who still owe — one with a
// name no code page has.
func cashReport(t testing.TB) model.CashReport {
	pay := func(m model.PayMethod, c int) model.Payment { return model.Payment{Method: m, Cents: c} }
	none := model.Payment{}
	b := func(desk string, from, to model.Payment) model.CashBooking {
		return model.CashBooking{Desk: desk, From: from, To: to}
	}
	e := func(id, first, last, race string, bib int, st model.Status, src model.Source, paid model.Payment, bs ...model.CashBooking) model.CashEntry {
		return model.CashEntry{ID: id, First: first, Last: last, Race: race, Bib: bib, Status: st, Source: src, Paid: paid, Bookings: bs,
			CheckedInDesk: "Desk 1"}
	}
	imp := model.CashBooking{Import: true, To: pay(model.Online, 1500)}
	return model.NewCashReport(testEvent(t), []model.CashEntry{
		e("a", "Jörg", "Müller", "10k", 1, model.CheckedIn, model.SourceOnline, pay(model.Online, 1500), imp),
		e("b", "José", "Gonçalves", "10k", 399, model.CheckedIn, model.SourceDesk, pay(model.Card, 2000),
			b("Desk 1", none, pay(model.Cash, 2000)), b("Desk 2", pay(model.Cash, 2000), pay(model.Card, 2000))),
		e("c", "Anna", "Weiß", "10k", 2, model.Registered, model.SourceOnline, none),
		e("d", "Řehoř", "Dvořák", "10k", 17, model.CheckedIn, model.SourceOnline, none),
		e("e", "Zoë", "Bäcker", "5k", 400, model.CheckedIn, model.SourceOnline, pay(model.Cash, 500), b("Desk 1", none, pay(model.Cash, 500))),
		e("f", "Sören", "Åström", "5k", 401, model.CheckedIn, model.SourceOnline, none,
			b("Desk 2", none, pay(model.Cash, 1000)), b("Desk 2", pay(model.Cash, 1000), none)),
		e("g", "Ayşe", "Öztürk", "5k", 402, model.DNS, model.SourceOnline, pay(model.Unpaid, 700), b("Desk 1", none, pay(model.Unpaid, 700))),
		e("h", "Hans-Joachim Friedrich", "Müller-Lüdenscheidt", "10k", 5, model.CheckedIn, model.SourceOnline, pay(model.Online, 1500), imp),
	})
}

// The cash report reads back from the printer's bytes with every number
// an organizer counts against: the event by method, each desk's
// bookings (the printing desk marked, a correction at another desk
// negative there), the late fees, what is open per race and who is
// checked in unpaid.
func TestCashReportPrintsTheNumbersTheBoxIsCountedAgainst(t *testing.T) {
	for _, w := range []int{Width58, Width80, Width80HD} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			l := layout(t, w, PC858, msg.DE)
			d, err := l.CashReport(cashReport(t))
			if err != nil {
				t.Fatal(err)
			}
			got := Encode(d)
			j := checkJob(t, got, d.Config)
			text := j.Text()
			for _, want := range [][]string{
				{"bar", "5,00"}, {"Karte", "20,00"}, {"online", "30,00"}, {"ohne", "Art", "7,00"}, {"gesamt", "62,00"},
				{"davon", "Nachmeldegebühr", "20,00"}, // Gonçalves registered at the desk
				{"Desk", "1", "(dieser", "Tisch)"}, {"bar", "25,00"}, {"Desk", "2"}, {"bar", "-20,00"},
				{"Import", "(online)"}, {"5", "Teilnehmer", "bezahlt"}, {"3", "Buchungen"}, {"2", "Buchungen"},
				{"Eingecheckt,", "nicht", "bezahlt", "(3)"}, {"17", "Dvorák,", "Rehor", "15,00"}, {"400", "Bäcker,", "Zoë", "5,00"},
			} {
				if !hasFields(text, want) {
					t.Errorf("%d columns: no line with %q:\n%s", w, want, text)
				}
			}
			for _, want := range [][]string{{"10 km Hauptlauf", "2", "1", "30,00"}, {"5 km Volkslauf", "2", "2", "15,00"}, {"Summe", "4", "3", "45,00"}} {
				if !containsLine(text, want) {
					t.Errorf("%d columns: open amounts lack %q:\n%s", w, want, text)
				}
			}
			if strings.Contains(text, "Müller, Jörg") || strings.Contains(text, "Weiß") {
				t.Errorf("a paid runner or one not checked in is listed as checked in unpaid:\n%s", text)
			}
			golden(t, fmt.Sprintf("cash-%d", w), got, render(j, d))
		})
	}
}

// TestCashReportFitsEveryWidth lays the report out at every width a
// printer might have, in both languages and code tables, with an empty
// day too.
func TestCashReportFitsEveryWidth(t *testing.T) {
	reports := []model.CashReport{cashReport(t), model.NewCashReport(testEvent(t), nil)}
	for w := minWidth; w <= maxWidth; w++ {
		for _, lang := range []msg.Lang{msg.DE, msg.EN} {
			for _, cp := range []CodePage{PC858, WPC1252} {
				for i, r := range reports {
					d, err := layout(t, w, cp, lang).CashReport(r)
					if err != nil {
						t.Fatal(err)
					}
					name := fmt.Sprintf("report %d/%d/%s/%s", i, w, lang, cp)
					j, err := decodeOne(Encode(d), w)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if len(j.Cuts) != 1 {
						t.Fatalf("%s: %d cuts", name, len(j.Cuts))
					}
					for _, line := range strings.Split(Preview(d), "\n") {
						if n := width(line); n > w {
							t.Fatalf("%s: preview line %q is %d wide", name, line, n)
						}
					}
					if i == 1 && !containsWrapped(j, msg.T(lang, msg.CashNothingBooked)) {
						t.Errorf("%s: an empty day does not say nothing was booked:\n%s", name, j.Text())
					}
				}
			}
		}
	}
}

// hasFields reports whether a line of text holds the fields in order,
// each a whole field.
func hasFields(text string, want []string) bool {
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		i := 0
		for _, x := range f {
			if i < len(want) && x == want[i] {
				i++
			}
		}
		if i == len(want) {
			return true
		}
	}
	return false
}
