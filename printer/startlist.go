package printer

import (
	"slices"
	"sort"
	"unicode"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/lists"
	"github.com/racedesk/racedesk/model/msg"
)

// narrow is the widest paper that gets the reduced set of columns (58 mm).
const narrow = 39

// StartList lays out the start list of one race: everyone expected at the
// start (registered and checked in; not DNS, not unconfirmed hotspot
// entries), as model/lists selects and sorts them.
//
// By bib: bib, name, club (80 mm), class; runners without a bib come last.
// By name: name, club (48 columns), class (80 mm), bib and what is still
// due — the list a check-in helper works from.
func (l Layout) StartList(raceID string, ps []model.Participant, order Order) (*Doc, error) {
	r, err := l.race(raceID)
	if err != nil {
		return nil, err
	}
	mine := make([]model.Participant, 0, len(ps))
	for i := range ps {
		if ps[i].Race == r.ID {
			mine = append(mine, ps[i])
		}
	}
	var entries []lists.Entry
	for _, g := range lists.StartList(l.Event, mine, order) {
		entries = g.Entries
	}
	return l.StartListOf(r.ID, entries, order)
}

// StartListOf lays out a start list model/lists has already built (one
// group's entries, in its order), for callers that build the lists once
// for several printouts.
func (l Layout) StartListOf(raceID string, entries []lists.Entry, order Order) (*Doc, error) {
	r, err := l.race(raceID)
	if err != nil {
		return nil, err
	}
	if order != ByName {
		order = ByBib
	} else {
		entries = sortAsPrinted(entries, l.Config.withDefaults().CodePage)
	}
	sub := l.t(msg.PrStartListByBib)
	if order == ByName {
		sub = l.t(msg.PrStartListByName)
	}
	d := l.doc(KindStartList, l.t(msg.PrStartList)+" "+r.Name+" ("+sub+")")
	l.eventHeader(d)
	l.raceHeader(d, r, l.t(msg.PrStartList)+" "+sub)
	if len(entries) == 0 {
		d.Line(Style{Align: Center}, l.t(msg.PrNoEntries))
		l.footer(d, l.t(msg.PrRunners, 0))
		return d, nil
	}
	t := l.startListTable(d.Config.Width, entries, order)
	t.header(d)
	d.Blocks = slices.Grow(d.Blocks, len(entries)+8)
	cells := make([]string, len(t.cols))
	for i := range entries {
		l.startListRow(cells, &entries[i], order, d.Config.Width)
		t.row(d, cells...)
	}
	l.footer(d, l.t(msg.PrRunners, len(entries)))
	return d, nil
}

func (l Layout) startListTable(w int, entries []lists.Entry, order Order) *table {
	hBib, hName, hClub, hClass, hDue := l.t(msg.PrColBib), l.t(msg.PrColName), l.t(msg.PrColClub), l.t(msg.PrColClass), l.t(msg.PrColDue)
	maxBib, maxDue, classW := 0, 0, width(hClass)
	for i := range entries {
		maxBib = max(maxBib, entries[i].Bib)
		maxDue = max(maxDue, entries[i].Due)
		classW = max(classW, width(entries[i].AgeClass))
	}
	bib := column{head: hBib, width: widest(3, 6, hBib, bibText(maxBib)), align: Right}
	class := column{head: hClass, width: min(classW, 7)}
	name := column{head: hName, wrap: true}
	if order == ByBib {
		if w <= narrow {
			return newTable(w, bib, name, class)
		}
		club := column{head: hClub, width: (w - bib.width - class.width - 3) * 2 / 5}
		return newTable(w, bib, name, club, class)
	}
	due := column{head: hDue, width: widest(5, 8, hDue, euros(maxDue)), align: Right}
	switch {
	case w <= narrow:
		return newTable(w, name, bib, due)
	case w < Width80HD:
		return newTable(w, name, class, bib, due)
	}
	club := column{head: hClub, width: (w - class.width - bib.width - due.width - 4) / 3}
	return newTable(w, name, club, class, bib, due)
}

// startListRow fills cells in the order of startListTable's columns.
func (l Layout) startListRow(cells []string, e *lists.Entry, order Order, w int) {
	name, bib := sortName(&e.Participant), bibText(e.Bib)
	if order == ByBib {
		if w <= narrow {
			cells[0], cells[1], cells[2] = bib, name, e.AgeClass
			return
		}
		cells[0], cells[1], cells[2], cells[3] = bib, name, e.Club, e.AgeClass
		return
	}
	due := euros(e.Due)
	switch {
	case w <= narrow:
		cells[0], cells[1], cells[2] = name, bib, due
	case w < Width80HD:
		cells[0], cells[1], cells[2], cells[3] = name, e.AgeClass, bib, due
	default:
		cells[0], cells[1], cells[2], cells[3], cells[4] = name, e.Club, e.AgeClass, bib, due
	}
}

// sortAsPrinted orders a list by name as the names are printed: a name in
// Cyrillic or Greek letters sorts under its transliteration (Иванов under
// I), where a reader of the paper looks for it. Lists without such names
// keep model/lists' order.
func sortAsPrinted(entries []lists.Entry, cp CodePage) []lists.Entry {
	foreign := false
	for i := range entries {
		if !latinName(entries[i].Last) || !latinName(entries[i].First) {
			foreign = true
			break
		}
	}
	if !foreign {
		return entries
	}
	keys := make([]string, len(entries))
	for i := range entries {
		keys[i] = model.SortKey(cp.Printable(entries[i].Last + " " + entries[i].First))
	}
	idx := make([]int, len(entries))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return keys[idx[a]] < keys[idx[b]] })
	sorted := make([]lists.Entry, len(entries))
	for i, j := range idx {
		sorted[i] = entries[j]
	}
	return sorted
}

// latinName reports whether every letter of s is a Latin one.
func latinName(s string) bool {
	for _, r := range s {
		if r >= 0x250 && unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}
