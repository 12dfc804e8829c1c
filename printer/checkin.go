package printer

import (
	"strconv"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/lists"
	"github.com/racedesk/racedesk/model/msg"
)

// CheckInSummary lays out where check-in stands: per race the entries,
// how many are here (checked in, or already running), how many are still
// missing and how many will not start; then who is not checked in yet, by
// race and name, with bib and what they still owe. raceID "" covers every
// race.
func (l Layout) CheckInSummary(raceID string, ps []model.Participant) (*Doc, error) {
	races := l.Event.Races
	if raceID != "" {
		r, err := l.race(raceID)
		if err != nil {
			return nil, err
		}
		races = []model.Race{*r}
	}
	title := l.t(msg.PrCheckIn)
	if !l.Now.IsZero() {
		title += " " + l.Now.Format("15:04")
	}
	d := l.doc(KindCheckIn, title)
	l.eventHeader(d)
	big(d, l.t(msg.PrCheckIn), true)
	d.Blank()

	type count struct{ all, in, missing, dns int }
	counts := map[string]*count{}
	var total count
	include := map[string]bool{}
	for _, r := range races {
		counts[r.ID] = &count{}
		include[r.ID] = true
	}
	var mine []model.Participant
	for i := range ps {
		p := &ps[i]
		c := counts[p.Race]
		if c == nil {
			continue
		}
		mine = append(mine, *p)
		for _, x := range []*count{c, &total} {
			x.all++
			switch p.Status {
			case model.CheckedIn, model.DNF, model.DSQ:
				x.in++
			case model.Registered, model.Pending:
				x.missing++
			case model.DNS:
				x.dns++
			}
		}
	}
	hAll, hIn, hMissing, hDNS := l.t(msg.PrColAll), l.t(msg.PrColIn), l.t(msg.PrColMissing), l.t(msg.PrColDNS)
	num := func(head string, n int) column {
		return column{head: head, width: widest(1, 6, head, strconv.Itoa(n)), align: Right}
	}
	t := newTable(d.Config.Width, column{head: l.t(msg.PrColRace), wrap: true},
		num(hAll, total.all), num(hIn, total.in), num(hMissing, total.missing), num(hDNS, total.dns))
	t.header(d)
	row := func(name string, c *count) {
		t.row(d, name, strconv.Itoa(c.all), strconv.Itoa(c.in), strconv.Itoa(c.missing), strconv.Itoa(c.dns))
	}
	for _, r := range races {
		row(r.Name, counts[r.ID])
	}
	if len(races) > 1 {
		d.Rule('-')
		row(l.t(msg.PrSum), &total)
	}

	d.Blank()
	d.Line(Style{Bold: true, Underline: true}, l.t(msg.PrNotCheckedIn))
	groups := lists.CheckInList(l.Event, mine)
	if len(groups) == 0 {
		d.Line(Style{}, l.t(msg.PrAllCheckedIn))
	}
	for _, g := range groups {
		g.Entries = sortAsPrinted(g.Entries, d.Config.CodePage)
		d.Blank()
		d.Wrap(Style{Bold: true}, g.Race.Name+" ("+strconv.Itoa(len(g.Entries))+")")
		t := l.missingTable(d.Config.Width, g.Entries)
		t.header(d)
		for i := range g.Entries {
			e := &g.Entries[i]
			if d.Config.Width <= narrow {
				t.row(d, sortName(&e.Participant), bibText(e.Bib), euros(e.Due))
			} else {
				t.row(d, sortName(&e.Participant), e.Club, bibText(e.Bib), euros(e.Due))
			}
		}
	}
	l.footer(d, l.t(msg.PrMissingCount, total.missing))
	return d, nil
}

func (l Layout) missingTable(w int, entries []lists.Entry) *table {
	hBib, hDue := l.t(msg.PrColBib), l.t(msg.PrColDue)
	maxBib, maxDue := 0, 0
	for i := range entries {
		maxBib = max(maxBib, entries[i].Bib)
		maxDue = max(maxDue, entries[i].Due)
	}
	name := column{head: l.t(msg.PrColName), wrap: true}
	bib := column{head: hBib, width: widest(3, 6, hBib, bibText(maxBib)), align: Right}
	due := column{head: hDue, width: widest(5, 8, hDue, euros(maxDue)), align: Right}
	if w <= narrow {
		return newTable(w, name, bib, due)
	}
	club := column{head: l.t(msg.PrColClub), width: (w - bib.width - due.width - 3) / 3}
	return newTable(w, name, club, bib, due)
}
