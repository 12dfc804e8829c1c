package model_test

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/racedesk/racedesk/model"
)

// payChange is a logged change setting a payment (method "" with cents 0 is
// "unpaid"; the log lists only what changed, so fields left "-" are not
// in the change).
func payChange(desk string, h model.HLC, method string, cents int) model.PaymentChange {
	ch := model.PaymentChange{Desk: desk, HLC: h}
	if method != "-" {
		ch.Fields = append(ch.Fields, model.FieldChange{Field: model.FPayMethod, Value: method})
	}
	if cents >= 0 {
		v := ""
		if cents != 0 {
			v = strconv.Itoa(cents)
		}
		ch.Fields = append(ch.Fields, model.FieldChange{Field: model.FPaidCents, Value: v})
	}
	return ch
}

func payment(m model.PayMethod, c int) model.Payment { return model.Payment{Method: m, Cents: c} }

func TestCashBookings(t *testing.T) {
	imported := payChange("Desk 1", 1, "online", 1500)
	imported.Import = true
	status := model.PaymentChange{Desk: "Desk 2", HLC: 9, Fields: []model.FieldChange{{Field: model.FStatus, Value: "checked-in"}}}
	cases := []struct {
		name    string
		changes []model.PaymentChange
		now     model.Payment
		want    []model.CashBooking
	}{
		{"a runner who never paid has no bookings", []model.PaymentChange{status}, model.Payment{}, nil},
		{"a cash payment is booked at the desk that took it",
			[]model.PaymentChange{status, payChange("Desk 1", 10, "cash", 1500)}, payment(model.Cash, 1500),
			[]model.CashBooking{{Desk: "Desk 1", To: payment(model.Cash, 1500)}}},
		{"an import's payment is the import's, not the desk's that ran it",
			[]model.PaymentChange{imported}, payment(model.Online, 1500),
			[]model.CashBooking{{Desk: "Desk 1", Import: true, To: payment(model.Online, 1500)}}},
		{"a method corrected at another desk moves the amount there",
			[]model.PaymentChange{payChange("Desk 1", 10, "cash", 1500), payChange("Desk 2", 11, "card", -1)}, payment(model.Card, 1500),
			[]model.CashBooking{{Desk: "Desk 1", To: payment(model.Cash, 1500)},
				{Desk: "Desk 2", From: payment(model.Cash, 1500), To: payment(model.Card, 1500)}}},
		{"money handed back at another desk is taken back there",
			[]model.PaymentChange{payChange("Desk 1", 10, "cash", 1500), payChange("Desk 2", 11, "", 0)}, model.Payment{},
			[]model.CashBooking{{Desk: "Desk 1", To: payment(model.Cash, 1500)},
				{Desk: "Desk 2", From: payment(model.Cash, 1500)}}},
		{"an undo is a booking of the desk that undid",
			[]model.PaymentChange{payChange("Desk 1", 10, "cash", 1500), payChange("Desk 1", 12, "", 0)}, model.Payment{},
			[]model.CashBooking{{Desk: "Desk 1", To: payment(model.Cash, 1500)}, {Desk: "Desk 1", From: payment(model.Cash, 1500)}}},
		{"an undo that puts back only the amount leaves the method without money",
			[]model.PaymentChange{payChange("Desk 1", 10, "cash", 1500), payChange("Desk 2", 11, "card", -1), payChange("Desk 1", 12, "-", 0)}, payment(model.Card, 0),
			[]model.CashBooking{{Desk: "Desk 1", To: payment(model.Cash, 1500)},
				{Desk: "Desk 2", From: payment(model.Cash, 1500), To: payment(model.Card, 1500)},
				{Desk: "Desk 1", From: payment(model.Card, 1500), To: payment(model.Card, 0)}}},
		{"a change logged twice (a copied file's) counts once",
			[]model.PaymentChange{payChange("Desk 1", 10, "cash", 1500), payChange("Desk 1", 12, "", 0), payChange("Desk 1", 10, "cash", 1500)}, model.Payment{},
			[]model.CashBooking{{Desk: "Desk 1", To: payment(model.Cash, 1500)}, {Desk: "Desk 1", From: payment(model.Cash, 1500)}}},
		{"a history that does not end at the stored payment is adjusted to it",
			[]model.PaymentChange{payChange("Desk 1", 10, "cash", 1500)}, payment(model.Cash, 2000),
			[]model.CashBooking{{Desk: "Desk 1", To: payment(model.Cash, 1500)},
				{Desk: "Desk 1", From: payment(model.Cash, 1500), To: payment(model.Cash, 2000), Adjusted: true}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := model.CashBookings(c.changes, c.now)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

// cashEntry is a runner of the example event for the report.
func cashEntry(id, race string, st model.Status, src model.Source, paid model.Payment, bookings ...model.CashBooking) model.CashEntry {
	return model.CashEntry{ID: id, First: "F" + id, Last: "L" + id, Race: race, Status: st, Source: src, Paid: paid, Bookings: bookings}
}

func TestCashReportAddsUp(t *testing.T) {
	ev := exampleEvent(t)
	desk1 := func(from, to model.Payment) model.CashBooking {
		return model.CashBooking{Desk: "Desk 1", From: from, To: to}
	}
	desk2 := func(from, to model.Payment) model.CashBooking {
		return model.CashBooking{Desk: "Desk 2", From: from, To: to}
	}
	online := model.CashBooking{Desk: "Desk 1", Import: true, To: payment(model.Online, 1500)}
	none := model.Payment{}
	entries := []model.CashEntry{
		// Paid online, checked in.
		cashEntry("a", "10k", model.CheckedIn, model.SourceOnline, payment(model.Online, 1500), online),
		// Late entry, cash at Desk 1, corrected to card at Desk 2.
		cashEntry("b", "10k", model.CheckedIn, model.SourceDesk, payment(model.Card, 2000),
			desk1(none, payment(model.Cash, 2000)), desk2(payment(model.Cash, 2000), payment(model.Card, 2000))),
		// Checked in, pays later.
		cashEntry("c", "5k", model.CheckedIn, model.SourceOnline, none),
		// Registered, not here, owes.
		cashEntry("d", "5k", model.Registered, model.SourceOnline, none),
		// Paid at Desk 2, then deleted: nowhere.
		cashEntry("e", "10k", model.Deleted, model.SourceDesk, payment(model.Cash, 2000), desk2(none, payment(model.Cash, 2000))),
		// Withdrawn phone entry: nowhere.
		cashEntry("f", "10k", model.Withdrawn, model.SourceHotspot, none),
		// Paid cash, did not start: the money counts, nothing is open.
		cashEntry("g", "5k", model.DNS, model.SourceOnline, payment(model.Cash, 1000), desk2(none, payment(model.Cash, 1000))),
		// Paid part at Desk 1: 5 € of 13 € open, checked in.
		cashEntry("h", "5k", model.CheckedIn, model.SourceDesk, payment(model.Cash, 800), desk1(none, payment(model.Cash, 800))),
		// Bambini: no fee, nothing open.
		cashEntry("i", "bambini", model.CheckedIn, model.SourceOnline, none),
	}
	r := model.NewCashReport(ev, entries)
	wantEvent := model.CashTotals{
		Paid:     model.CashAmounts{Cash: 1800, Card: 2000, Online: 1500, Total: 5300},
		LateFees: model.CashAmounts{Cash: 800, Card: 2000, Total: 2800},
	}
	if r.Event != wantEvent {
		t.Errorf("event %+v, want %+v", r.Event, wantEvent)
	}
	if r.PaidRunners != 4 {
		t.Errorf("paid runners %d, want 4", r.PaidRunners)
	}
	wantDesks := []model.DeskCash{
		{Desk: "Desk 1", CashTotals: model.CashTotals{Paid: model.CashAmounts{Cash: 2800, Total: 2800}, LateFees: model.CashAmounts{Cash: 2800, Total: 2800}}, Bookings: 2},
		{Desk: "Desk 2", CashTotals: model.CashTotals{Paid: model.CashAmounts{Cash: -1000, Card: 2000, Total: 1000}, LateFees: model.CashAmounts{Cash: -2000, Card: 2000}}, Bookings: 2},
		{Import: true, CashTotals: model.CashTotals{Paid: model.CashAmounts{Online: 1500, Total: 1500}}, Bookings: 1},
	}
	if !reflect.DeepEqual(r.Desks, wantDesks) {
		t.Errorf("desks\n got  %+v\n want %+v", r.Desks, wantDesks)
	}
	wantOpen := []model.OpenRace{{Race: "10k"}, {Race: "5k", Runners: 3, DueCents: 1000 + 1000 + 500, CheckedIn: 2}, {Race: "bambini"}}
	if !reflect.DeepEqual(r.Open, wantOpen) {
		t.Errorf("open %+v, want %+v", r.Open, wantOpen)
	}
	if r.OpenTotal != (model.OpenRace{Runners: 3, DueCents: 2500, CheckedIn: 2}) {
		t.Errorf("open total %+v", r.OpenTotal)
	}
	var unpaid []string
	for _, u := range r.CheckedInUnpaid {
		unpaid = append(unpaid, u.ID+" "+model.FormatCents(u.DueCents))
	}
	if want := []string{"c 10,00", "h 5,00"}; !reflect.DeepEqual(unpaid, want) {
		t.Errorf("checked in unpaid %v, want %v", unpaid, want)
	}
	if d := r.Desk("Desk 2"); d.Paid.Total != 1000 {
		t.Errorf("Desk(Desk 2) = %+v", d)
	}
	if d := r.Desk("Desk 9"); d.Desk != "Desk 9" || d.Paid.Total != 0 {
		t.Errorf("a desk that booked nothing: %+v", d)
	}
	// Whatever the bookings, the desks add up to the event.
	var sum model.CashAmounts
	for _, d := range r.Desks {
		for _, m := range model.CashMethods {
			sum.Add(m, d.Paid.Of(m))
		}
	}
	if sum != r.Event.Paid {
		t.Errorf("desks add up to %+v, event %+v", sum, r.Event.Paid)
	}
}

func TestCashReportOfNoRunnersHasEveryRaceAndEmptyLists(t *testing.T) {
	r := model.NewCashReport(exampleEvent(t), nil)
	if len(r.Open) != 3 || r.Desks == nil || r.CheckedInUnpaid == nil || r.Event != (model.CashTotals{}) {
		t.Errorf("%+v", r)
	}
}

func TestFormatCents(t *testing.T) {
	for cents, want := range map[int]string{0: "0,00", 5: "0,05", 1500: "15,00", -250: "-2,50", -5: "-0,05", 123456: "1234,56"} {
		if got := model.FormatCents(cents); got != want {
			t.Errorf("FormatCents(%d) = %q, want %q", cents, got, want)
		}
	}
}
