package printer

import (
	"strconv"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// KindCash is the cash report.
const KindCash Kind = "cash"

// CashReport lays out the cash report (Kassenabschluss): the event's
// payments by method, the part of them that is late fees and how many
// runners paid; what each desk booked (the printing desk, Layout.Desk,
// marked; the import last); what the registered and checked-in runners
// still owe per race; and who is checked in without having paid, by race,
// with bib and amount. Amounts are in euros, signed (a desk that handed
// money back may book less than nothing).
func (l Layout) CashReport(r model.CashReport) (*Doc, error) {
	title := l.t(msg.CashTitle)
	if !l.Now.IsZero() {
		title += " " + l.Now.Format("15:04")
	}
	d := l.doc(KindCash, title)
	l.eventHeader(d)
	big(d, l.t(msg.CashTitle), true)
	if !l.Now.IsZero() {
		d.Wrap(Style{Align: Center}, l.t(msg.CashAt, l.date(l.Now)+" "+l.Now.Format("15:04")))
	}
	d.Blank()

	aw := amountWidth(r)
	d.Wrap(Style{Bold: true, Underline: true}, l.t(msg.CashEvent))
	l.cashAmounts(d, r.Event, aw, true)
	d.Wrap(Style{}, l.t(msg.CashPaidRunners, r.PaidRunners))

	d.Blank()
	d.Wrap(Style{Bold: true, Underline: true}, l.t(msg.CashByDesk))
	if len(r.Desks) == 0 {
		d.Wrap(Style{}, l.t(msg.CashNothingBooked))
	}
	for _, dc := range r.Desks {
		d.Blank()
		d.Wrap(Style{Bold: true}, l.deskName(dc))
		l.cashAmounts(d, dc.CashTotals, aw, false)
		d.Wrap(Style{}, l.t(msg.CashBookings, dc.Bookings))
	}

	d.Blank()
	d.Wrap(Style{Bold: true, Underline: true}, l.t(msg.CashOpen))
	hRun, hIn, hOpen := l.t(msg.CashColRunners), l.t(msg.CashColCheckedIn), l.t(msg.CashColOpen)
	t := newTable(d.Config.Width, column{head: l.t(msg.PrColRace), wrap: true},
		column{head: hRun, width: widest(3, 7, hRun, strconv.Itoa(r.OpenTotal.Runners)), align: Right},
		column{head: hIn, width: widest(3, 7, hIn, strconv.Itoa(r.OpenTotal.CheckedIn)), align: Right},
		column{head: hOpen, width: widest(6, 10, hOpen, model.FormatCents(r.OpenTotal.DueCents)), align: Right})
	t.header(d)
	for _, o := range r.Open {
		race, err := l.race(o.Race)
		if err != nil {
			return nil, err
		}
		t.row(d, race.Name, strconv.Itoa(o.Runners), strconv.Itoa(o.CheckedIn), model.FormatCents(o.DueCents))
	}
	if len(r.Open) > 1 {
		d.Rule('-')
		t.row(d, l.t(msg.PrSum), strconv.Itoa(r.OpenTotal.Runners), strconv.Itoa(r.OpenTotal.CheckedIn), model.FormatCents(r.OpenTotal.DueCents))
	}

	d.Blank()
	d.Wrap(Style{Bold: true, Underline: true}, l.t(msg.CashUnpaid, len(r.CheckedInUnpaid)))
	if len(r.CheckedInUnpaid) == 0 {
		d.Wrap(Style{}, l.t(msg.CashNoUnpaid))
	}
	hBib, hDue := l.t(msg.PrColBib), l.t(msg.PrColDue)
	maxBib, maxDue := 0, 0
	for _, u := range r.CheckedInUnpaid {
		maxBib, maxDue = max(maxBib, u.Bib), max(maxDue, u.DueCents)
	}
	ut := newTable(d.Config.Width, column{head: hBib, width: widest(3, 6, hBib, bibText(maxBib)), align: Right},
		column{head: l.t(msg.PrColName), wrap: true},
		column{head: hDue, width: widest(5, 9, hDue, model.FormatCents(maxDue)), align: Right})
	race := ""
	for _, u := range r.CheckedInUnpaid {
		if u.Race != race {
			race = u.Race
			name := race
			if rc, err := l.race(race); err == nil {
				name = rc.Name
			}
			d.Blank()
			d.Wrap(Style{Bold: true}, name)
			ut.header(d)
		}
		p := model.Participant{First: u.First, Last: u.Last}
		ut.row(d, bibText(u.Bib), sortName(&p), model.FormatCents(u.DueCents))
	}
	l.footer(d, l.t(msg.CashPaidRunners, r.PaidRunners))
	return d, nil
}

// deskName is how the report names a desk's row.
func (l Layout) deskName(dc model.DeskCash) string {
	switch {
	case dc.Import:
		return l.t(msg.CashImport)
	case dc.Desk == "":
		return l.t(msg.CashNoDeskName)
	case dc.Desk == l.Desk:
		return l.t(msg.CashThisDesk, dc.Desk)
	}
	return dc.Desk
}

// cashAmounts prints amounts by method, the total and the late fees in
// it, amounts aw wide. event prints cash, card and online always; else
// only the methods not zero.
func (l Layout) cashAmounts(d *Doc, c model.CashTotals, aw int, event bool) {
	t := newTable(d.Config.Width, column{wrap: true}, column{width: aw, align: Right})
	labels := map[model.PayMethod]msg.Key{model.Cash: msg.CashColCash, model.Card: msg.CashColCard,
		model.Online: msg.CashColOnline, model.Unpaid: msg.CashColOther}
	for _, m := range model.CashMethods {
		if v := c.Paid.Of(m); v != 0 || event && m != model.Unpaid {
			t.row(d, "  "+l.t(labels[m]), model.FormatCents(v))
		}
	}
	d.Rule('-')
	for _, line := range t.lines(d, []string{l.t(msg.CashColTotal), model.FormatCents(c.Paid.Total)}) {
		d.Line(Style{Bold: true}, line)
	}
	if c.LateFees.Total != 0 {
		t.row(d, l.t(msg.CashLateFees), model.FormatCents(c.LateFees.Total))
	}
}

// amountWidth is the width of the widest amount of the report's rows.
func amountWidth(r model.CashReport) int {
	w := 6
	all := append([]model.CashTotals{r.Event}, make([]model.CashTotals, 0, len(r.Desks))...)
	for _, d := range r.Desks {
		all = append(all, d.CashTotals)
	}
	for _, c := range all {
		for _, a := range []model.CashAmounts{c.Paid, c.LateFees} {
			for _, v := range []int{a.Cash, a.Card, a.Online, a.Other, a.Total} {
				w = max(w, len(model.FormatCents(v)))
			}
		}
	}
	return w
}
