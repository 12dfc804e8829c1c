package printer

import (
	"sort"
	"strconv"
	"strings"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// ResultRow is one line of a result list as the timing computed it. The
// printer takes it as plain values so that it does not depend on how
// results are computed.
type ResultRow struct {
	Place      int    // overall place; 0 for a runner without one (DNF, DSQ)
	Bib        int    // 0: none
	Name       string // as it prints: "Müller, Jörg"
	Club       string
	Class      string // age class; "" without
	ClassPlace int    // place within the class; 0: none
	Time       string // as it prints: "0:42:17"
	Status     string // "" finished; else printed instead of the time ("DNF", "DSQ")
}

// ResultList is one race's results, finishers in order of place, then the
// others.
type ResultList struct {
	Race  string // race ID
	Title string // heading, e.g. "Vorläufige Ergebnisse"; empty: "Ergebnisliste"
	Rows  []ResultRow
}

// ResultOptions choose the result list.
type ResultOptions struct {
	// ByClass prints one section per age class with the places in the
	// class — the list for the award ceremony and the notice board.
	ByClass bool
	// Class prints only this class (and implies ByClass).
	Class string
}

// Results lays out a race's results, overall or by age class.
func (l Layout) Results(rl ResultList, o ResultOptions) (*Doc, error) {
	r, err := l.race(rl.Race)
	if err != nil {
		return nil, err
	}
	title := rl.Title
	if title == "" {
		title = l.t(msg.PrResults)
	}
	rows := rl.Rows
	if o.Class != "" {
		o.ByClass = true
		rows = nil
		for _, row := range rl.Rows {
			if strings.EqualFold(row.Class, o.Class) {
				rows = append(rows, row)
			}
		}
	}
	sub := title
	if o.Class != "" {
		sub += " " + l.t(msg.PrClassOf, o.Class)
	} else if o.ByClass {
		sub += " " + l.t(msg.PrByClass)
	}
	d := l.doc(KindResults, sub+" "+r.Name)
	l.eventHeader(d)
	l.raceHeader(d, r, sub)
	finishers := 0
	for _, row := range rows {
		if row.Status == "" && row.Place > 0 {
			finishers++
		}
	}
	if len(rows) == 0 {
		d.Line(Style{Align: Center}, l.t(msg.PrNoEntries))
		l.footer(d, l.t(msg.PrFinishers, 0))
		return d, nil
	}
	if !o.ByClass {
		t := l.resultTable(d.Config.Width, rows, true)
		t.header(d)
		for _, row := range rows {
			t.row(d, l.resultCells(d.Config.Width, row, true)...)
		}
		l.footer(d, l.t(msg.PrFinishers, finishers))
		return d, nil
	}
	t := l.resultTable(d.Config.Width, rows, false) // one layout for every class
	for i, class := range classesOf(rows) {
		var in []ResultRow
		for _, row := range rows {
			if row.Class == class {
				in = append(in, row)
			}
		}
		sort.SliceStable(in, func(a, b int) bool {
			pa, pb := in[a].ClassPlace, in[b].ClassPlace
			if (pa == 0) != (pb == 0) {
				return pb == 0
			}
			return pa < pb
		})
		if i > 0 {
			d.Blank()
		}
		head := class
		if head == "" {
			head = "-"
		}
		d.Line(Style{Bold: true, H: 2}, head)
		t.header(d)
		for _, row := range in {
			t.row(d, l.resultCells(d.Config.Width, row, false)...)
		}
	}
	l.footer(d, l.t(msg.PrFinishers, finishers))
	return d, nil
}

// resultTable: place, bib, name, club (80 mm), class (overall list at
// 80 mm), time.
func (l Layout) resultTable(w int, rows []ResultRow, overall bool) *table {
	hPlace, hBib, hName, hClub, hClass, hTime := l.t(msg.PrColPlace), l.t(msg.PrColBib), l.t(msg.PrColName), l.t(msg.PrColClub), l.t(msg.PrColClass), l.t(msg.PrColTime)
	maxPlace, maxBib, classW, timeW := 0, 0, width(hClass), width(hTime)
	for _, r := range rows {
		maxPlace = max(maxPlace, r.Place, r.ClassPlace)
		maxBib = max(maxBib, r.Bib)
		classW = max(classW, width(r.Class))
		timeW = max(timeW, width(resultTime(r)))
	}
	place := column{head: hPlace, width: widest(3, 5, hPlace, strconv.Itoa(maxPlace)+"."), align: Right}
	bib := column{head: hBib, width: widest(3, 6, hBib, bibText(maxBib)), align: Right}
	name := column{head: hName, wrap: true}
	tm := column{head: hTime, width: min(timeW, 10), align: Right}
	if w <= narrow {
		return newTable(w, place, bib, name, tm)
	}
	if !overall {
		club := column{head: hClub, width: (w - place.width - bib.width - tm.width - 4) * 2 / 5}
		return newTable(w, place, bib, name, club, tm)
	}
	class := column{head: hClass, width: min(classW, 7)}
	if w < Width80HD {
		return newTable(w, place, bib, name, class, tm)
	}
	club := column{head: hClub, width: (w - place.width - bib.width - class.width - tm.width - 5) * 2 / 5}
	return newTable(w, place, bib, name, club, class, tm)
}

func (l Layout) resultCells(w int, r ResultRow, overall bool) []string {
	place := r.Place
	if !overall {
		place = r.ClassPlace
	}
	p := ""
	if place > 0 && r.Status == "" {
		p = strconv.Itoa(place) + "."
	}
	bib := ""
	if r.Bib > 0 {
		bib = strconv.Itoa(r.Bib)
	}
	tm := resultTime(r)
	switch {
	case w <= narrow:
		return []string{p, bib, r.Name, tm}
	case !overall:
		return []string{p, bib, r.Name, r.Club, tm}
	case w < Width80HD:
		return []string{p, bib, r.Name, r.Class, tm}
	}
	return []string{p, bib, r.Name, r.Club, r.Class, tm}
}

func resultTime(r ResultRow) string {
	if r.Status != "" {
		return strings.ToUpper(r.Status)
	}
	return r.Time
}

// classesOf lists the classes of rows in ceremony order: youngest first,
// men before women before diverse, a class without a known age last.
func classesOf(rows []ResultRow) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range rows {
		if !seen[r.Class] {
			seen[r.Class] = true
			out = append(out, r.Class)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		gi, ai := classKey(out[i])
		gj, aj := classKey(out[j])
		if gi != gj {
			return gi < gj
		}
		if ai != aj {
			return ai < aj
		}
		return out[i] < out[j]
	})
	return out
}

// classKey orders DLV-style classes: gender (M, W, D, other) and class age
// ("MU18" → 16, "WHK" → 20, "M40" → 40, "Bambini" → 0).
func classKey(c string) (int, int) {
	if c == "" {
		return 9, 999
	}
	g := 3
	rest := c
	switch c[0] {
	case 'M':
		g, rest = 0, c[1:]
	case 'W':
		g, rest = 1, c[1:]
	case 'D':
		g, rest = 2, c[1:]
	}
	switch {
	case rest == "HK":
		return g, 20
	case strings.HasPrefix(rest, "U"):
		if n, err := strconv.Atoi(rest[1:]); err == nil {
			return g, n - 2
		}
	default:
		if n, err := strconv.Atoi(rest); err == nil {
			return g, n
		}
	}
	if strings.EqualFold(c, "Bambini") {
		return -1, 0
	}
	return g, 500
}

// ResultListOf maps a race's computed results onto the printed rows.
func ResultListOf(race string, rr *model.RaceResults) ResultList {
	rl := ResultList{Race: race}
	if rr == nil {
		return rl
	}
	for _, r := range rr.Results {
		name := r.Name
		if p := r.Participant; p != nil && p.Last != "" {
			name = p.Last
			if p.First != "" {
				name += ", " + p.First
			}
		}
		status := ""
		if r.Status != "" {
			status = strings.ToUpper(string(r.Status))
		}
		rl.Rows = append(rl.Rows, ResultRow{Place: r.Place, Bib: r.Bib, Name: name, Club: r.Club, Class: r.Class,
			ClassPlace: r.ClassPlace, Time: r.TimeText, Status: status})
	}
	return rl
}
