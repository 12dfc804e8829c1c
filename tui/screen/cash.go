package screen

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// CashLineKind says what a line of the cash report is, for styling.
type CashLineKind int

const (
	CashText    CashLineKind = iota // a plain row
	CashHeading                     // a section's title
	CashColumns                     // column heads
	CashMine                        // this desk's row
	CashSub                         // the late fees under a row
	CashNote                        // an explanation, dim
)

// CashLine is one line of the cash report as text: the same for the
// desk's screen and for `racedesk cash`, every name through Safe.
type CashLine struct {
	Text string
	Kind CashLineKind
}

// CashView chooses what the text report shows.
type CashView struct {
	// Desk is this desk's name: its row is marked (and comes first).
	Desk string
	// Only shows Desk's row alone, and of the runners checked in unpaid
	// those it checked in.
	Only bool
}

// cashLabel is the width of the rows' names.
const cashLabel = 24

// CashWidth is the widest line of the text report.
const CashWidth = 78

// CashLines lays out the cash report as text lines of at most CashWidth
// columns.
func CashLines(lang msg.Lang, ev *model.Event, r model.CashReport, v CashView) []CashLine {
	t := func(k msg.Key, args ...any) string { return msg.T(lang, k, args...) }
	var out []CashLine
	add := func(kind CashLineKind, format string, args ...any) {
		out = append(out, CashLine{Text: strings.TrimRight(fmt.Sprintf(format, args...), " "), Kind: kind})
	}
	// Methods shown: cash, card and online; "other" only when there is
	// such money anywhere in the rows shown.
	methods := []model.PayMethod{model.Cash, model.Card, model.Online}
	var desks []model.DeskCash
	mine := -1
	for _, d := range r.Desks {
		if !d.Import && d.Desk == v.Desk {
			mine = len(desks)
		}
		desks = append(desks, d)
	}
	if mine < 0 {
		desks = append(desks, model.DeskCash{Desk: v.Desk})
		mine = len(desks) - 1
	}
	// This desk first.
	desks = append([]model.DeskCash{desks[mine]}, append(desks[:mine:mine], desks[mine+1:]...)...)
	if v.Only {
		desks = desks[:1]
	}
	other := false
	for _, c := range append([]model.CashTotals{r.Event}, totalsOf(desks)...) {
		other = other || c.Paid.Other != 0 || c.LateFees.Other != 0
	}
	if other {
		methods = append(methods, model.Unpaid)
	}
	heads := map[model.PayMethod]msg.Key{model.Cash: msg.CashColCash, model.Card: msg.CashColCard,
		model.Online: msg.CashColOnline, model.Unpaid: msg.CashColOther}
	cols := pad("", cashLabel)
	for _, m := range methods {
		cols += fmt.Sprintf("%10s", Clip(t(heads[m]), 9))
	}
	cols += fmt.Sprintf("%10s", Clip(t(msg.CashColTotal), 9))
	row := func(kind CashLineKind, label string, a model.CashAmounts) {
		line := pad(label, cashLabel)
		for _, m := range methods {
			line += fmt.Sprintf("%10s", model.FormatCents(a.Of(m)))
		}
		add(kind, "%s%10s", line, model.FormatCents(a.Total))
	}
	totals := func(kind CashLineKind, label string, c model.CashTotals) {
		row(kind, label, c.Paid)
		if c.LateFees != (model.CashAmounts{}) {
			row(CashSub, "  "+t(msg.CashLateFees), c.LateFees)
		}
	}
	add(CashColumns, "%s", cols)
	if !v.Only {
		totals(CashHeading, t(msg.CashEvent), r.Event)
		add(CashNote, "  %s", t(msg.CashPaidRunners, r.PaidRunners))
	}
	for i, d := range desks {
		name := deskLabel(lang, d, v.Desk)
		kind := CashText
		if i == 0 {
			kind = CashMine
		}
		totals(kind, name, d.CashTotals)
	}
	if len(r.Desks) == 0 && !v.Only {
		add(CashNote, "  %s", t(msg.CashNothingBooked))
	}
	for _, l := range wrapWords(t(msg.CashRule), CashWidth) {
		add(CashNote, "%s", l)
	}

	if !v.Only {
		add(CashText, "")
		add(CashHeading, "%s", t(msg.CashOpen))
		add(CashColumns, "  %s%8s%8s%12s", pad(t(msg.PrColRace), 28), Clip(t(msg.CashColRunners), 7), Clip(t(msg.CashColCheckedIn), 7), Clip(t(msg.CashColOpen), 11))
		for _, o := range r.Open {
			name := o.Race
			if race, ok := ev.Race(o.Race); ok {
				name = race.Name
			}
			add(CashText, "  %s%8d%8d%12s", pad(Safe(name), 28), o.Runners, o.CheckedIn, model.FormatCents(o.DueCents))
		}
		add(CashText, "  %s%8d%8d%12s", pad(t(msg.PrSum), 28), r.OpenTotal.Runners, r.OpenTotal.CheckedIn, model.FormatCents(r.OpenTotal.DueCents))
	}

	var unpaid []model.UnpaidRunner
	for _, u := range r.CheckedInUnpaid {
		if !v.Only || u.CheckedInDesk == v.Desk {
			unpaid = append(unpaid, u)
		}
	}
	add(CashText, "")
	add(CashHeading, "%s", t(msg.CashUnpaid, len(unpaid)))
	if len(unpaid) == 0 {
		add(CashNote, "  %s", t(msg.CashNoUnpaid))
		return out
	}
	add(CashColumns, "  %6s  %s  %s  %9s  %s", Clip(t(msg.PrColBib), 6), pad(t(msg.PrColName), 25), pad(t(msg.PrColRace), 16), Clip(t(msg.CashColOpen), 9), t(msg.Desk))
	for _, u := range unpaid {
		race := u.Race
		if rc, ok := ev.Race(u.Race); ok {
			race = rc.Name
		}
		bib := "-"
		if u.Bib != 0 {
			bib = fmt.Sprint(u.Bib)
		}
		name := u.Last
		if u.First != "" {
			name += ", " + u.First
		}
		add(CashText, "  %6s  %s  %s  %9s  %s", bib, pad(Safe(name), 25), pad(Safe(race), 16), model.FormatCents(u.DueCents), Clip(Safe(u.CheckedInDesk), 12))
	}
	return out
}

func totalsOf(ds []model.DeskCash) []model.CashTotals {
	out := make([]model.CashTotals, len(ds))
	for i, d := range ds {
		out[i] = d.CashTotals
	}
	return out
}

// deskLabel names a desk's row: this desk marked, the import as such.
func deskLabel(lang msg.Lang, d model.DeskCash, this string) string {
	switch {
	case d.Import:
		return msg.T(lang, msg.CashImport)
	case d.Desk == this && d.Desk != "":
		return msg.T(lang, msg.CashThisDesk, Safe(d.Desk))
	case d.Desk == "":
		return msg.T(lang, msg.CashNoDeskName)
	}
	return Safe(d.Desk)
}

// wrapWords breaks text into lines of at most n columns between words.
func wrapWords(text string, n int) []string {
	var out []string
	line := ""
	for _, w := range strings.Fields(text) {
		switch {
		case line == "":
			line = w
		case lipgloss.Width(line)+1+lipgloss.Width(w) <= n:
			line += " " + w
		default:
			out = append(out, line)
			line = w
		}
	}
	if line != "" {
		out = append(out, Clip(line, n))
	}
	return out
}

// pad fits s into n columns, cut with "…" or filled with spaces.
func pad(s string, n int) string {
	s = Clip(s, n)
	return s + strings.Repeat(" ", max(0, n-lipgloss.Width(s)))
}
