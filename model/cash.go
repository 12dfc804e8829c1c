package model

import (
	"slices"
	"strconv"
	"strings"
)

// The cash report (Kassenabschluss): what was paid, by method and by
// desk, how much of it late fees, what is still open, and who is checked
// in without having paid — the numbers an organizer counts the cash box
// against at the end of the day.
//
// Who took a payment. The change log holds every change of a runner's
// payment (method and amount) with the desk that made it. Each such change
// is a booking at that desk: it takes back the payment the runner had
// before it and counts the one after it, so a desk is answerable for the
// money it moved, as its cash box is:
//
//   - Desk 1 takes 15 € cash: Desk 1 +15 cash.
//   - Desk 2 then corrects it to card: Desk 2 −15 cash, +15 card.
//   - Desk 2 then marks the runner unpaid (the money handed back):
//     Desk 2 −15 card (in the example before: −15 cash).
//   - Desk 1 undoes its own payment (Revert, ctrl+z): the undo is a new
//     change of Desk 1's, so Desk 1 −15 cash; the two cancel out.
//   - An import that brings a payment (paid online on the registration
//     platform) is no desk's: it counts under Import.
//
// Bookings are read in the order this file's log applied them, with the
// fields each change actually set here (sync logs only the fields that
// won), so a runner's bookings add up to their payment now, and every
// desk's and the import's add up to the event's totals. A desk's own
// bookings are exact on its own laptop (it made each one on what it saw
// then). When two desks changed the same runner's payment before they had
// synced, the one whose change lost (older stamp) is not in the other's
// log: on other laptops the winner's booking is then read against
// whatever this file held before it.
//
// Deleted and withdrawn runners are left out entirely, as everywhere.

// Payment is a method and an amount.
type Payment struct {
	Method PayMethod `json:"method"`
	Cents  int       `json:"cents"`
}

// CashAmounts are amounts in cents by payment method.
type CashAmounts struct {
	Cash   int `json:"cash_cents"`
	Card   int `json:"card_cents"`
	Online int `json:"online_cents"`
	// Other is money recorded without a known method: a payment whose
	// method and amount were changed apart (an undo that put back only
	// one of them). Rare; shown so that the sums add up.
	Other int `json:"other_cents"`
	Total int `json:"total_cents"`
}

// Add counts cents paid by method (negative: taken back).
func (a *CashAmounts) Add(method PayMethod, cents int) {
	switch method {
	case Cash:
		a.Cash += cents
	case Card:
		a.Card += cents
	case Online:
		a.Online += cents
	default:
		a.Other += cents
	}
	a.Total += cents
}

// Of is the amount of one method (Unpaid and unknown methods: Other).
func (a CashAmounts) Of(method PayMethod) int {
	switch method {
	case Cash:
		return a.Cash
	case Card:
		return a.Card
	case Online:
		return a.Online
	}
	return a.Other
}

// CashMethods are the report's columns in order ("" is Other).
var CashMethods = []PayMethod{Cash, Card, Online, Unpaid}

// PaymentChange is one logged change of a runner, as the cash report
// reads it: who made it and the fields it set.
type PaymentChange struct {
	Desk   string
	Import bool // made by an import, not at a desk
	HLC    HLC
	Fields []FieldChange
}

// CashBooking is what one change did to a runner's payment, at one desk
// (or the import): From is taken back, To counted.
type CashBooking struct {
	Desk     string  `json:"desk"`
	Import   bool    `json:"import,omitempty"`
	From     Payment `json:"from"`
	To       Payment `json:"to"`
	Adjusted bool    `json:"adjusted,omitempty"` // see CashBookings
}

// CashBookings replays a runner's changes, oldest first as the log applied
// them, and returns the bookings of those that changed the payment. A
// change logged twice (a copied file re-logs its waiting changes under its
// new identity: the same stamp, the same fields) counts once. Should the
// replay not end at now — the runner's payment as stored — the difference
// is booked (Adjusted) to the desk of the last payment change, so that the
// report still adds up to the stored payments.
func CashBookings(changes []PaymentChange, now Payment) []CashBooking {
	var out []CashBooking
	var cur Payment
	type seen struct {
		h      HLC
		fields string
	}
	var done []seen
	last := PaymentChange{}
	for _, ch := range changes {
		next, fields, touched := cur, "", false
		for _, f := range ch.Fields {
			switch f.Field {
			case FPayMethod:
				next.Method, touched = PayMethod(f.Value), true
			case FPaidCents:
				next.Cents, _ = strconv.Atoi(f.Value)
				touched = true
			default:
				continue
			}
			fields += f.Field + "=" + f.Value + ";"
		}
		if !touched {
			continue
		}
		if slices.Contains(done, seen{ch.HLC, fields}) {
			continue // the same change again
		}
		done = append(done, seen{ch.HLC, fields})
		last = ch
		if next != cur {
			out = append(out, CashBooking{Desk: ch.Desk, Import: ch.Import, From: cur, To: next})
			cur = next
		}
	}
	if cur != now {
		out = append(out, CashBooking{Desk: last.Desk, Import: last.Import, From: cur, To: now, Adjusted: true})
	}
	return out
}

// CashEntry is one runner as the cash report needs them.
type CashEntry struct {
	ID            string
	First, Last   string
	Race          string
	Bib           int
	Status        Status
	Source        Source
	Paid          Payment
	CheckedInDesk string
	Bookings      []CashBooking
}

// Counted reports whether the runner is in the report (deleted and
// withdrawn runners are nowhere).
func (e *CashEntry) Counted() bool { return e.Status != Deleted && e.Status != Withdrawn }

// Late reports whether the runner registered on the day (at a desk or on
// a phone) and so pays the late fee.
func (e *CashEntry) Late() bool { return e.Source == SourceDesk || e.Source == SourceHotspot }

// CashTotals are payments by method and the part of them that is late
// fees (what runners registered on the day paid: the race's late fee).
type CashTotals struct {
	Paid     CashAmounts `json:"paid"`
	LateFees CashAmounts `json:"late_fees"`
}

// DeskCash is what one desk (or the import) took.
type DeskCash struct {
	Desk   string `json:"desk"`
	Import bool   `json:"import"` // the registration platform's import, no desk
	CashTotals
	Bookings int `json:"bookings"` // changes of a payment that moved money
}

// OpenRace is what the registered and checked-in runners of a race still
// owe.
type OpenRace struct {
	Race      string `json:"race"`
	Runners   int    `json:"runners"`
	DueCents  int    `json:"due_cents"`
	CheckedIn int    `json:"checked_in"` // of Runners
}

// UnpaidRunner is a runner checked in who still owes.
type UnpaidRunner struct {
	ID            string `json:"id"`
	Race          string `json:"race"`
	Bib           int    `json:"bib"`
	First         string `json:"first"`
	Last          string `json:"last"`
	DueCents      int    `json:"due_cents"`
	CheckedInDesk string `json:"checked_in_desk"`
}

// CashReport is the cash report of an event.
type CashReport struct {
	Event       CashTotals `json:"event"`
	PaidRunners int        `json:"paid_runners"`
	// Desks are the desks that booked a payment, by name, the import last.
	Desks []DeskCash `json:"desks"`
	// Open has every race of the event, in its order.
	Open            []OpenRace     `json:"open"`
	OpenTotal       OpenRace       `json:"open_total"`
	CheckedInUnpaid []UnpaidRunner `json:"checked_in_unpaid"`
}

// Desk returns the totals of the desk named name (not the import); zero
// when it booked nothing.
func (r *CashReport) Desk(name string) DeskCash {
	for _, d := range r.Desks {
		if !d.Import && d.Desk == name {
			return d
		}
	}
	return DeskCash{Desk: name}
}

// NewCashReport adds up the entries of the event's runners.
func NewCashReport(ev *Event, entries []CashEntry) CashReport {
	t := NewCashTally(ev)
	for i := range entries {
		t.Add(&entries[i])
	}
	return t.Report()
}

// CashTally adds up a cash report runner by runner (the store reads them
// one at a time, and keeps none).
type CashTally struct {
	ev    *Event
	r     CashReport
	desks map[deskKey]*DeskCash
	open  map[string]*OpenRace
}

type deskKey struct {
	name string
	imp  bool
}

// NewCashTally starts an empty report of ev.
func NewCashTally(ev *Event) *CashTally {
	t := &CashTally{ev: ev, desks: map[deskKey]*DeskCash{}, open: map[string]*OpenRace{}}
	t.r.CheckedInUnpaid = []UnpaidRunner{}
	for i := range ev.Races {
		t.open[ev.Races[i].ID] = &OpenRace{Race: ev.Races[i].ID}
	}
	return t
}

// Add counts one runner (nothing for a deleted or withdrawn one).
func (t *CashTally) Add(e *CashEntry) {
	if !e.Counted() {
		return
	}
	r := &t.r
	late := e.Late()
	r.Event.Paid.Add(e.Paid.Method, e.Paid.Cents)
	if late {
		r.Event.LateFees.Add(e.Paid.Method, e.Paid.Cents)
	}
	if e.Paid.Cents != 0 {
		r.PaidRunners++
	}
	for _, b := range e.Bookings {
		if b.From.Cents == 0 && b.To.Cents == 0 {
			continue // no money moved (a free race marked paid)
		}
		k := deskKey{b.Desk, b.Import}
		if b.Import {
			k.name = ""
		}
		d := t.desks[k]
		if d == nil {
			d = &DeskCash{Desk: k.name, Import: k.imp}
			t.desks[k] = d
		}
		d.Bookings++
		d.Paid.Add(b.From.Method, -b.From.Cents)
		d.Paid.Add(b.To.Method, b.To.Cents)
		if late {
			d.LateFees.Add(b.From.Method, -b.From.Cents)
			d.LateFees.Add(b.To.Method, b.To.Cents)
		}
	}
	race, ok := t.ev.Race(e.Race)
	if !ok || (e.Status != Registered && e.Status != CheckedIn) {
		return
	}
	due := Due(race, &Participant{Source: e.Source, PaidCents: e.Paid.Cents})
	if due <= 0 {
		return
	}
	o := t.open[race.ID]
	o.Runners++
	o.DueCents += due
	if e.Status == CheckedIn {
		o.CheckedIn++
		r.CheckedInUnpaid = append(r.CheckedInUnpaid, UnpaidRunner{ID: e.ID, Race: e.Race, Bib: e.Bib,
			First: e.First, Last: e.Last, DueCents: due, CheckedInDesk: e.CheckedInDesk})
	}
}

// Report is the report of the runners added.
func (t *CashTally) Report() CashReport {
	r := t.r
	r.Desks = make([]DeskCash, 0, len(t.desks))
	for _, d := range t.desks {
		r.Desks = append(r.Desks, *d)
	}
	slices.SortFunc(r.Desks, func(a, b DeskCash) int {
		if a.Import != b.Import {
			if a.Import {
				return 1
			}
			return -1
		}
		if c := strings.Compare(SortKey(a.Desk), SortKey(b.Desk)); c != 0 {
			return c
		}
		return strings.Compare(a.Desk, b.Desk)
	})
	order := map[string]int{}
	r.Open = make([]OpenRace, 0, len(t.ev.Races))
	for i := range t.ev.Races {
		o := t.open[t.ev.Races[i].ID]
		r.Open = append(r.Open, *o)
		r.OpenTotal.Runners += o.Runners
		r.OpenTotal.DueCents += o.DueCents
		r.OpenTotal.CheckedIn += o.CheckedIn
		order[t.ev.Races[i].ID] = i
	}
	r.CheckedInUnpaid = slices.Clone(r.CheckedInUnpaid)
	slices.SortFunc(r.CheckedInUnpaid, func(a, b UnpaidRunner) int {
		if a.Race != b.Race {
			return order[a.Race] - order[b.Race]
		}
		if c := strings.Compare(SortKey(a.Last+" "+a.First), SortKey(b.Last+" "+b.First)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return r
}

// FormatCents is an amount as the report shows it, signed: "15,00",
// "-2,50" (no currency sign: the column says what it is).
func FormatCents(cents int) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	c := cents % 100
	return sign + strconv.Itoa(cents/100) + "," + string(rune('0'+c/10)) + string(rune('0'+c%10))
}
