package a4

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/lists"
	"github.com/racedesk/racedesk/model/msg"
)

// Kind is what a document holds.
type Kind string

const (
	KindStartList    Kind = "startlist"
	KindResults      Kind = "results"
	KindCertificates Kind = "certificates"
)

// Kinds are the kinds in the order the help lists them.
var Kinds = []Kind{KindStartList, KindResults, KindCertificates}

// ParseKind reads a kind; "certificate" and "urkunde" name the
// certificates too.
func ParseKind(s string) (Kind, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "startlist", "start-list", "startliste":
		return KindStartList, true
	case "results", "result", "ergebnisse", "ergebnisliste":
		return KindResults, true
	case "certificates", "certificate", "urkunde", "urkunden":
		return KindCertificates, true
	}
	return "", false
}

// Document is what a template executes with (see the package comment).
type Document struct {
	Kind  Kind
	Lang  string
	Title string
	Event Event
	// Made is when the page was made, shown as "Stand:" on lists that
	// change during the day.
	Made   string
	Labels Labels
	// Order is the start lists' order: "bib" or "name".
	Order string
	// Class and Top are what was asked for ("" and 0: every class, every
	// place).
	Class string
	Top   int

	StartLists   []StartList
	Results      []RaceResults
	Certificates []Certificate
}

// Event is the event as the pages show it.
type Event struct {
	Name     string
	Location string
	// Date is written out in the page's language ("6. Dezember 2026",
	// "6 December 2026"); DateShort is "06.12.2026" or "6 Dec 2026";
	// ISODate "2026-12-06".
	Date      string
	DateShort string
	ISODate   string
	Year      int
}

// Race is a race as the pages show it.
type Race struct {
	ID   string
	Name string
	// Distance is "10 km", "400 m", "21,1 km" ("" when not given).
	Distance string
	// Start is the planned start, "10:30" ("" when not given).
	Start string
}

// StartList is one race's start list.
type StartList struct {
	Race    Race
	Entries []Starter
}

// Starter is one runner on a start list.
type Starter struct {
	Bib    int // 0: none yet
	Name   string
	First  string
	Last   string
	Club   string
	Gender string // M, W or D
	Class  string // age class, "" without
	Year   int    // year of birth, 0 when unknown; the default template does not show it
}

// RaceResults are one race's results.
type RaceResults struct {
	Race Race
	// Finishers counts everyone placed in the race (whatever --class and
	// --top leave out).
	Finishers int
	// Overall is every finisher by place (the first Top with --top); nil
	// with --class.
	Overall []Line
	// Classes are the age classes in ceremony order: youngest first, men,
	// then women, then diverse (the race's scheme decides).
	Classes []ClassResults
	// Others are the runners without a place: DNF, then DSQ (only in the
	// full overall list).
	Others []Line
}

// ClassResults are the finishers of one age class by class place.
type ClassResults struct {
	Class     string
	Finishers int // everyone placed in the class
	Lines     []Line
}

// Line is one runner in a result list.
type Line struct {
	Place       int // 0 without a place (DNF, DSQ)
	GenderPlace int
	ClassPlace  int // 0 without a class
	Bib         int
	Name        string
	First       string
	Last        string
	Club        string
	Gender      string // the gender ranked in: M, W or D
	Class       string
	Time        string // "0:40:04", rounded up per the race's rule; "" without a place
	Status      string // "" placed, "DNF", "DSQ"
}

// Certificate is one runner's certificate (Urkunde).
type Certificate struct {
	Race            Race
	Bib             int
	Name            string
	First           string
	Last            string
	Club            string
	Gender          string // the gender ranked in: M, W or D
	GenderName      string // "Männer", "Frauen", "Divers" (Labels.Men, …)
	Class           string // "" without
	Time            string
	Place           int
	Finishers       int
	GenderPlace     int
	GenderFinishers int
	ClassPlace      int // 0 without a class
	ClassFinishers  int
	// Born is the birth date as the desk shows it ("12.03.1985", or the
	// year alone); the default template does not print it.
	Born string
}

// Labels are the words of the default templates in the page's language.
// Those with a %d or %s are printf formats:
// {{printf .Labels.PlaceOf .Place .Finishers}} gives "3. von 57".
type Labels struct {
	StartList, ByBib, ByName                          string
	Results, Overall, ByClass                         string
	Certificate, Certificates                         string
	Place, Bib, Name, Club, Class, ClassPlace, Time   string
	Year, Start, NoEntries, NotPlaced                 string
	Men, Women, Diverse, Organizer                    string
	Runners, Finishers, Made, PlaceOf, ClassOf, TopOf string // printf formats
	Reached                                           string // printf format: the race's name
}

func labels(lang msg.Lang) Labels {
	t := func(k msg.Key) string { return msg.T(lang, k) }
	return Labels{
		StartList: t(msg.A4StartList), ByBib: t(msg.A4ByBib), ByName: t(msg.A4ByName),
		Results: t(msg.A4Results), Overall: t(msg.A4Overall), ByClass: t(msg.A4ByClass),
		Certificate: t(msg.A4Certificate), Certificates: t(msg.A4Certs),
		Place: t(msg.A4Place), Bib: t(msg.A4Bib), Name: t(msg.A4Name), Club: t(msg.A4Club),
		Class: t(msg.A4Class), ClassPlace: t(msg.A4ClassPlace), Time: t(msg.A4Time),
		Year: t(msg.A4Year), Start: t(msg.A4Start), NoEntries: t(msg.A4NoEntries), NotPlaced: t(msg.A4NotPlaced),
		Men: t(msg.A4Men), Women: t(msg.A4Women), Diverse: t(msg.A4Diverse), Organizer: t(msg.A4Organizer),
		Runners: t(msg.A4Runners), Finishers: t(msg.A4Finishers), Made: t(msg.A4Made),
		PlaceOf: t(msg.A4PlaceOf), ClassOf: t(msg.A4ClassOf), TopOf: t(msg.A4TopOf), Reached: t(msg.A4Reached),
	}
}

// Options choose what a document holds.
type Options struct {
	Lang msg.Lang
	Made time.Time
	// Race is a race ID; "" for every race.
	Race string
	// Order sorts start lists (default by bib).
	Order lists.Order
	// Class keeps one age class (results, certificates; any case).
	Class string
	// Top keeps the first Top of each class, and of the overall list
	// (results, certificates); 0 keeps everyone.
	Top int
	// Bib makes the certificate of this runner alone.
	Bib int
}

func newDocument(ev *model.Event, kind Kind, o Options) *Document {
	lang := o.Lang
	if lang == "" {
		lang = msg.Choose("", ev.Lang)
	}
	l := labels(lang)
	title := map[Kind]string{KindStartList: l.StartList, KindResults: l.Results, KindCertificates: l.Certificates}[kind]
	d := &Document{Kind: kind, Lang: string(lang), Title: title + " – " + ev.Name, Event: event(ev, lang),
		Labels: l, Class: o.Class, Top: o.Top}
	if !o.Made.IsZero() {
		d.Made = o.Made.Format(msg.T(lang, msg.A4DateShort) + " 15:04")
	}
	return d
}

func event(ev *model.Event, lang msg.Lang) Event {
	e := Event{Name: ev.Name, Location: ev.Location, ISODate: ev.Date}
	day, err := time.Parse("2006-01-02", ev.Date)
	if err != nil {
		e.Date, e.DateShort = ev.Date, ev.Date
		return e
	}
	e.Year = day.Year()
	months := strings.Fields(msg.T(lang, msg.A4Months))
	month := day.Month().String()
	if len(months) == 12 {
		month = months[day.Month()-1]
	}
	e.Date = msg.T(lang, msg.A4DateLong, day.Day(), month, day.Year())
	e.DateShort = day.Format(msg.T(lang, msg.A4DateShort))
	return e
}

func race(r *model.Race, lang msg.Lang) Race {
	return Race{ID: r.ID, Name: r.Name, Distance: distance(r.DistanceM, lang), Start: r.Start}
}

// distance is "10 km", "21,1 km" (German decimal comma) or "400 m".
func distance(m int, lang msg.Lang) string {
	switch {
	case m <= 0:
		return ""
	case m < 1000:
		return strconv.Itoa(m) + " m"
	}
	km := strconv.FormatFloat(float64(m)/1000, 'f', -1, 64)
	if lang == msg.DE {
		km = strings.Replace(km, ".", ",", 1)
	}
	return km + " km"
}

// races are the event's races in file order, or the one named.
func races(ev *model.Event, id string) []*model.Race {
	var out []*model.Race
	for i := range ev.Races {
		if id == "" || ev.Races[i].ID == id {
			out = append(out, &ev.Races[i])
		}
	}
	return out
}

// StartLists makes the start lists of every race (or o.Race): who is
// expected at the start, as model/lists selects and sorts them. A race
// named in o.Race gets its page even when nobody is on it yet.
func StartLists(ev *model.Event, ps []model.Participant, o Options) *Document {
	d := newDocument(ev, KindStartList, o)
	order := o.Order
	if order == "" {
		order = lists.ByBib
	}
	d.Order = string(order)
	groups := lists.StartList(ev, ps, order)
	for _, r := range races(ev, o.Race) {
		sl := StartList{Race: race(r, msg.Lang(d.Lang))}
		for _, g := range groups {
			if g.Race.ID != r.ID {
				continue
			}
			for _, e := range g.Entries {
				sl.Entries = append(sl.Entries, Starter{Bib: e.Bib, Name: e.FullName(), First: e.First, Last: e.Last,
					Club: e.Club, Gender: string(e.Gender), Class: e.AgeClass, Year: e.Born.Year})
			}
		}
		if len(sl.Entries) > 0 || o.Race != "" {
			d.StartLists = append(d.StartLists, sl)
		}
	}
	return d
}

// Results makes the result lists of every race with finishers (or of
// o.Race): the overall list with the runners without a place after it,
// and the list by age class. o.Class keeps one class (no overall list);
// o.Top keeps the first Top places of each.
func Results(ev *model.Event, rs map[string]*model.RaceResults, o Options) (*Document, error) {
	d := newDocument(ev, KindResults, o)
	for _, r := range races(ev, o.Race) {
		placed, others := split(rs[r.ID])
		if len(placed) == 0 {
			continue
		}
		out := RaceResults{Race: race(r, msg.Lang(d.Lang)), Finishers: len(placed)}
		if o.Class == "" {
			for _, res := range placed {
				if o.Top == 0 || res.Place <= o.Top {
					out.Overall = append(out.Overall, line(res))
				}
			}
			if o.Top == 0 {
				for _, res := range others {
					out.Others = append(out.Others, line(res))
				}
			}
		}
		for _, c := range byClass(r, placed) {
			if c.class == "" || (o.Class != "" && !strings.EqualFold(c.class, o.Class)) {
				continue
			}
			cr := ClassResults{Class: c.class, Finishers: len(c.results)}
			for _, res := range c.results {
				if o.Top == 0 || res.ClassPlace <= o.Top {
					cr.Lines = append(cr.Lines, line(res))
				}
			}
			out.Classes = append(out.Classes, cr)
		}
		if o.Class != "" && len(out.Classes) == 0 {
			continue
		}
		d.Results = append(d.Results, out)
	}
	if len(d.Results) == 0 {
		return nil, nobody(ev, o)
	}
	return d, nil
}

// Certificates makes a certificate for every finisher of every race (or
// of o.Race), class by class in ceremony order; o.Class keeps one class,
// o.Top the first Top of each class (of the overall ranking for runners
// without a class), o.Bib one runner.
func Certificates(ev *model.Event, rs map[string]*model.RaceResults, o Options) (*Document, error) {
	d := newDocument(ev, KindCertificates, o)
	lang := msg.Lang(d.Lang)
	for _, r := range races(ev, o.Race) {
		placed, others := split(rs[r.ID])
		genders := map[model.Gender]int{}
		for _, res := range placed {
			genders[res.Gender]++
		}
		classes := byClass(r, placed)
		inClass := map[string]int{}
		for _, c := range classes {
			inClass[c.class] = len(c.results)
		}
		cert := func(res *model.Result) Certificate {
			c := Certificate{Race: race(r, lang), Bib: res.Bib, Name: res.Name, Club: res.Club,
				Gender: string(res.Gender), GenderName: genderName(d.Labels, res.Gender), Class: res.Class,
				Time: res.TimeText, Place: res.Place, Finishers: len(placed), GenderPlace: res.GenderPlace,
				GenderFinishers: genders[res.Gender], ClassPlace: res.ClassPlace}
			if res.Class != "" {
				c.ClassFinishers = inClass[res.Class]
			}
			if p := res.Participant; p != nil {
				c.First, c.Last, c.Born = p.First, p.Last, p.Born.Display()
			}
			return c
		}
		if o.Bib != 0 {
			for _, res := range placed {
				if res.Bib == o.Bib {
					d.Certificates = append(d.Certificates, cert(res))
				}
			}
			for _, res := range others {
				if res.Bib == o.Bib {
					return nil, model.NewProblem(msg.A4NoPlace, o.Bib)
				}
			}
			continue
		}
		for _, c := range classes {
			if o.Class != "" && !strings.EqualFold(c.class, o.Class) {
				continue
			}
			for _, res := range c.results {
				place := res.ClassPlace
				if c.class == "" {
					place = res.Place
				}
				if o.Top == 0 || place <= o.Top {
					d.Certificates = append(d.Certificates, cert(res))
				}
			}
		}
	}
	if len(d.Certificates) == 0 {
		if o.Bib != 0 {
			return nil, model.NewProblem(msg.A4NoPlace, o.Bib)
		}
		return nil, nobody(ev, o)
	}
	return d, nil
}

// nobody is the error of a document nobody is on.
func nobody(ev *model.Event, o Options) error {
	switch {
	case o.Class != "":
		return model.NewProblem(msg.A4NoClass, o.Class)
	case o.Race != "":
		name := o.Race
		if r, ok := ev.Race(o.Race); ok {
			name = r.Name
		}
		return model.NewProblem(msg.PrNoResults, name)
	}
	return model.NewProblem(msg.A4NoResults)
}

// split parts a race's results into the placed finishers, by place, and
// the others (DNF, DSQ).
func split(rr *model.RaceResults) (placed, others []*model.Result) {
	if rr == nil {
		return nil, nil
	}
	for i := range rr.Results {
		res := &rr.Results[i]
		if res.Status == "" && res.Place > 0 {
			placed = append(placed, res)
		} else {
			others = append(others, res)
		}
	}
	return placed, others
}

func line(res *model.Result) Line {
	l := Line{Place: res.Place, GenderPlace: res.GenderPlace, ClassPlace: res.ClassPlace, Bib: res.Bib,
		Name: res.Name, Club: res.Club, Gender: string(res.Gender), Class: res.Class, Time: res.TimeText}
	if res.Status != "" {
		l.Place, l.GenderPlace, l.ClassPlace, l.Time = 0, 0, 0, ""
		l.Status = strings.ToUpper(string(res.Status))
	}
	if p := res.Participant; p != nil {
		l.First, l.Last = p.First, p.Last
	}
	return l
}

func genderName(l Labels, g model.Gender) string {
	switch g {
	case model.Male:
		return l.Men
	case model.Female:
		return l.Women
	case model.Diverse:
		return l.Diverse
	}
	return string(g)
}

// classGroup is one class's finishers, by class place.
type classGroup struct {
	class   string
	results []*model.Result
}

// byClass groups placed finishers (in order of place) by class, the
// classes in ceremony order; finishers without a class come last.
func byClass(r *model.Race, placed []*model.Result) []classGroup {
	at := map[string]int{}
	var groups []classGroup
	for _, res := range placed {
		i, ok := at[res.Class]
		if !ok {
			i = len(groups)
			at[res.Class] = i
			groups = append(groups, classGroup{class: res.Class})
		}
		groups[i].results = append(groups[i].results, res)
	}
	rank := ceremonyRank(r)
	slices.SortStableFunc(groups, func(a, b classGroup) int {
		ka, kb := rank(a.class), rank(b.class)
		for i := range ka {
			if ka[i] != kb[i] {
				return ka[i] - kb[i]
			}
		}
		return strings.Compare(a.class, b.class)
	})
	return groups
}

// ceremonyRank orders a race's classes for the award ceremony by its
// age-class scheme: classes without a gender (Bambini) first, then men,
// women and diverse, each young to old; a class the scheme does not
// make after them, and no class last.
func ceremonyRank(r *model.Race) func(class string) [3]int {
	known := map[string][3]int{}
	scheme, _ := r.Scheme()
	for i, b := range scheme {
		if !strings.Contains(b.Label, "{g}") {
			known[b.Label] = [3]int{0, 0, i}
			continue
		}
		for g, letter := range []model.Gender{model.Male, model.Female, model.Diverse} {
			known[strings.ReplaceAll(b.Label, "{g}", string(letter))] = [3]int{1, g, i}
		}
	}
	return func(class string) [3]int {
		if class == "" {
			return [3]int{3, 0, 0}
		}
		if k, ok := known[class]; ok {
			return k
		}
		return [3]int{2, 0, 0}
	}
}
