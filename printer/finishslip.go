package printer

import (
	"strconv"
	"strings"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// FinishSlip lays out the slip a runner takes home from the finish: the
// event, the runner's name, race and bib, the time as the results show it
// (rounded up as the race's rules say), the places overall, among the
// men or women and in the age class — or DNF / DSQ — and a QR code that
// leads to the runner's live result (when its address is known: the
// event file's [results] url, else the desk's hotspot). race is the ID of
// the race the result is in.
func (l Layout) FinishSlip(race string, r model.Result) (*Doc, error) {
	rc, err := l.race(race)
	if err != nil {
		return nil, err
	}
	if r.Status == "" && r.TimeText == "" {
		return nil, model.NewProblem(msg.PrSlipNoResult, r.Bib)
	}
	d := l.doc(KindSlip, l.t(msg.PrSlip)+" "+r.Name+" #"+strconv.Itoa(r.Bib))
	d.Wrap(Style{Bold: true, Align: Center}, l.Event.Name)
	d.Line(Style{Align: Center}, l.date(l.Event.Day()))
	d.Feed(1)
	big(d, r.Name, true)
	d.Wrap(Style{Align: Center}, rc.Name+" · "+l.t(msg.PrSlipBib, r.Bib))
	if r.Club != "" {
		d.Wrap(Style{Align: Center}, r.Club)
	}
	d.Feed(1)
	switch r.Status {
	case model.DNF, model.DSQ:
		big(d, strings.ToUpper(string(r.Status)), true)
		why := l.t(msg.PrSlipDNF)
		if r.Status == model.DSQ {
			why = l.t(msg.PrSlipDSQ)
		}
		if r.Reason != "" {
			why += ": " + r.Reason
		}
		d.Wrap(Style{Align: Center}, why)
	default:
		big(d, r.TimeText, true)
		l.places(d, r)
	}
	if l.resultURL(race, r.Bib) != "" {
		d.Feed(1)
		l.resultQR(d, race, r.Bib, l.t(msg.PrSlipQR))
	}
	var foot []string
	if l.Desk != "" {
		foot = append(foot, l.Desk)
	}
	if s := l.stamp(); s != "" {
		foot = append(foot, s)
	}
	if len(foot) > 0 {
		d.Feed(1)
		d.Wrap(Style{Align: Center}, strings.Join(foot, " · "))
	}
	return d, nil
}

// places is "3. overall · 1. women · 1. W45" on one line, or one place a
// line when that does not fit the paper.
func (l Layout) places(d *Doc, r model.Result) {
	var parts []string
	if r.Place > 0 {
		parts = append(parts, l.t(msg.PrSlipOverall, r.Place))
	}
	if r.GenderPlace > 0 {
		switch r.Gender {
		case model.Male:
			parts = append(parts, l.t(msg.PrSlipMen, r.GenderPlace))
		case model.Female:
			parts = append(parts, l.t(msg.PrSlipWomen, r.GenderPlace))
		case model.Diverse:
			parts = append(parts, l.t(msg.PrSlipDiverse, r.GenderPlace))
		}
	}
	if r.Class != "" && r.ClassPlace > 0 {
		parts = append(parts, strconv.Itoa(r.ClassPlace)+". "+r.Class)
	}
	st := Style{Bold: true, Align: Center}
	if line := strings.Join(parts, " · "); width(d.Config.CodePage.Printable(line)) <= d.Columns(st) {
		d.Line(st, line)
		return
	}
	for _, p := range parts {
		d.Wrap(st, p)
	}
}
