package printer

import (
	"strconv"
	"strings"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// Label lays out the bib label / registration receipt the desk prints for
// a runner it checks in or registers: the bib huge, the name, race and
// start, the age class, paid or the amount still due, and a QR code that
// carries the bib number (digits only, so a scanner in the timing tent
// types exactly the bib). When the address of the live results is known,
// a second QR code, captioned, leads to the runner's result.
func (l Layout) Label(p model.Participant) (*Doc, error) {
	r, err := l.race(p.Race)
	if err != nil {
		return nil, err
	}
	title := l.t(msg.PrLabel) + " " + p.FullName()
	if p.Bib != 0 {
		title += " #" + strconv.Itoa(p.Bib)
	}
	d := l.doc(KindLabel, title)
	d.Wrap(Style{Bold: true, Align: Center}, l.Event.Name)
	d.Line(Style{Align: Center}, l.date(l.Event.Day()))
	d.Feed(1)
	if p.Bib != 0 {
		bib := strconv.Itoa(p.Bib)
		scale := max(1, min(8, d.Config.Width/len(bib)))
		d.Line(Style{Bold: true, Align: Center, W: scale, H: scale}, bib)
	} else {
		d.Line(Style{Bold: true, Align: Center, H: 2}, l.t(msg.NoBib))
	}
	d.Feed(1)
	big(d, p.FullName(), true)
	line := r.Name
	if r.Start != "" {
		line += " · " + l.t(msg.PrStartAt, r.Start)
	}
	d.Wrap(Style{Align: Center}, line)
	if class := model.AgeClass(r, l.Event.Year(), p.Born, p.Gender); class != "" {
		d.Line(Style{Align: Center}, l.t(msg.PrClassOf, class))
	}
	if p.Club != "" {
		d.Wrap(Style{Align: Center}, p.Club)
	}
	d.Blank()
	switch due := model.Due(r, &p); {
	case due > 0:
		// What a volunteer must collect: impossible to miss.
		big(d, strings.ToUpper(l.t(msg.Due, model.FormatEuros(due))), true)
	case p.Paid():
		d.Line(Style{Bold: true, Align: Center}, l.t(msg.PrPaidBy, model.FormatEuros(p.PaidCents), l.t(msg.Key("pay."+string(p.PayMethod)))))
	default:
		d.Line(Style{Bold: true, Align: Center}, l.t(msg.NothingDue))
	}
	if p.Bib != 0 {
		d.Feed(1)
		module := 8
		if d.Config.Width <= narrow {
			module = 6
		}
		d.QR(strconv.Itoa(p.Bib), module)
		// The runner's own code, below the desk's and captioned: the
		// first stays the one a check-in scanner reads (the bib).
		if l.resultURL(p.Race, p.Bib) != "" {
			d.Feed(1)
			l.resultQR(d, p.Race, p.Bib, l.t(msg.PrLabelQR))
		}
	}
	var foot []string
	if l.Desk != "" {
		foot = append(foot, l.Desk)
	}
	if s := l.stamp(); s != "" {
		foot = append(foot, s)
	}
	if len(foot) > 0 {
		d.Wrap(Style{Align: Center}, strings.Join(foot, " · "))
	}
	return d, nil
}
