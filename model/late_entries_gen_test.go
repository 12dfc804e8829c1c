package model_test

import (
	"encoding/csv"
	"flag"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
)

// The duplicate matcher's test set: model/testdata/online_registrations.csv
// (1,000 runners as the platform delivered them, from demo.Runners) and
// model/testdata/late_entries.csv (late entries as a hurried desk types
// them, each naming the registration it duplicates, or none). Both are
// written once by
//
//	go test ./model -run TestWriteLateEntries -update-late-entries
//
// and then read as they are: a change of the demo generator does not move
// the numbers.
var updateLateEntries = flag.Bool("update-late-entries", false, "rewrite model/testdata/late_entries.csv and online_registrations.csv")

const (
	registrationsFile = "testdata/online_registrations.csv"
	lateEntriesFile   = "testdata/late_entries.csv"
)

type registration struct {
	id, first, last, race string
	born                  model.BirthDate
	gender                model.Gender
}

type lateEntry struct {
	kind, first, last string
	born              model.BirthDate
	gender            model.Gender
	dup               string // the registration's ID; "" for a new runner
	note              string
}

func TestWriteLateEntries(t *testing.T) {
	if !*updateLateEntries {
		t.Skip("run with -update-late-entries to rewrite the test set")
	}
	ev, err := demo.Event()
	if err != nil {
		t.Fatal(err)
	}
	var regs []registration
	for _, in := range demo.Runners(ev, 1000, 16) {
		b, err := model.ParseBirthDate(in.Born, ev.Day())
		if err != nil {
			t.Fatal(err)
		}
		regs = append(regs, registration{id: in.ExternalID, first: in.First, last: in.Last, race: in.Race, born: b, gender: model.Gender(in.Gender)})
	}
	g := &entryGen{rng: rand.New(rand.NewPCG(16, 1016)), regs: regs, year: ev.Year()}
	g.generate(t)
	writeCSV(t, registrationsFile, []string{"id", "first", "last", "born", "gender", "race"}, len(regs), func(i int) []string {
		r := regs[i]
		return []string{r.id, r.first, r.last, r.born.String(), string(r.gender), r.race}
	})
	writeCSV(t, lateEntriesFile, []string{"case", "kind", "first", "last", "born", "gender", "duplicates", "note"}, len(g.out), func(i int) []string {
		e := g.out[i]
		return []string{strconv.Itoa(i + 1), e.kind, e.first, e.last, e.born.String(), string(e.gender), e.dup, e.note}
	})
	t.Logf("wrote %d registrations, %d late entries", len(regs), len(g.out))
}

func writeCSV(t *testing.T, path string, head []string, n int, row func(int) []string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write(head)
	for i := range n {
		w.Write(row(i))
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

type entryGen struct {
	rng  *rand.Rand
	regs []registration
	year int
	out  []lateEntry
	used map[string]bool // registrations already duplicated
}

func (g *entryGen) pick(ok func(r *registration) bool) *registration {
	var cands []int
	for i := range g.regs {
		if !g.used[g.regs[i].id] && ok(&g.regs[i]) {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	r := &g.regs[cands[g.rng.IntN(len(cands))]]
	g.used[r.id] = true
	return r
}

func (g *entryGen) dup(kind string, r *registration, e lateEntry, note string) {
	e.kind, e.dup, e.note = kind, r.id, note
	g.out = append(g.out, e)
}

func entryOf(r *registration) lateEntry {
	return lateEntry{first: r.first, last: r.last, born: r.born, gender: r.gender}
}

func full(r *registration) bool { return r.born.Month != 0 }

func letters(s string) int { return utf8.RuneCountInString(model.Fold(s)) }

func hasUmlaut(s string) bool { return strings.ContainsAny(s, "äöüÄÖÜß") }

// typo makes a slip a hurried volunteer makes in name s: a double letter
// single or a single one double, dt for tt, ei for ai, two neighbours
// swapped, the last letter dropped. The first letter stays.
func (g *entryGen) typo(s string) string {
	rs := []rune(s)
	var opts []func() string
	for i := 1; i < len(rs); i++ {
		i := i
		if rs[i] == rs[i-1] && i >= 1 {
			opts = append(opts, func() string { return string(slices.Delete(slices.Clone(rs), i, i+1)) })
		}
		if i+1 < len(rs) && strings.ContainsRune("fmnlt", rs[i]) && rs[i+1] != rs[i] && rs[i-1] != rs[i] {
			opts = append(opts, func() string { return string(slices.Insert(slices.Clone(rs), i, rs[i])) })
		}
		if i+1 < len(rs) && rs[i] != rs[i+1] && rs[i] != '-' && rs[i+1] != '-' && rs[i] != ' ' && rs[i+1] != ' ' {
			opts = append(opts, func() string {
				c := slices.Clone(rs)
				c[i], c[i+1] = c[i+1], c[i]
				return string(c)
			})
		}
	}
	for _, sw := range [][2]string{{"dt", "tt"}, {"tt", "dt"}, {"ei", "ai"}, {"ai", "ei"}, {"ey", "ei"}, {"ie", "i"}, {"ck", "k"}, {"th", "t"}, {"z", "tz"}} {
		if strings.Contains(s, sw[0]) {
			opts = append(opts, func() string { return strings.Replace(s, sw[0], sw[1], 1) })
		}
	}
	if len(rs) >= 6 {
		opts = append(opts, func() string { return string(rs[:len(rs)-1]) })
	}
	for range 20 {
		if t := opts[g.rng.IntN(len(opts))](); model.Fold(t) != model.Fold(s) {
			return t
		}
	}
	return s + "x"
}

// doubleOf is the double first name a runner registered with the first
// part may give at the desk.
var doubleOf = map[string]string{
	"Hans": "Hans-Peter", "Karl": "Karl-Heinz", "Anna": "Anna-Lena", "Marie": "Marie-Luise",
	"Lena": "Anna-Lena", "Paul": "Paul-Luca", "Emma": "Emma-Sophie", "Mia": "Mia-Sophie", "Clara": "Clara-Marie",
}

func dropUmlauts(s string) string {
	return strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "Ä", "A", "Ö", "O", "Ü", "U", "ß", "s").Replace(s)
}

func spellUmlauts(s string) string {
	return strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue", "ß", "ss").Replace(s)
}

func flip(gd model.Gender) model.Gender {
	if gd == model.Male {
		return model.Female
	}
	return model.Male
}

func swapDM(b model.BirthDate) model.BirthDate {
	return model.BirthDate{Year: b.Year, Month: b.Day, Day: b.Month}
}

func yearOnly(b model.BirthDate) model.BirthDate { return model.BirthDate{Year: b.Year} }

// otherDate is a full date of year y other than b.
func (g *entryGen) otherDate(y int, b model.BirthDate) model.BirthDate {
	for {
		d := model.BirthDate{Year: y, Month: 1 + g.rng.IntN(12), Day: 1 + g.rng.IntN(28)}
		if d != b && d != swapDM(b) {
			return d
		}
	}
}

// firstNames are first names of the set by gender.
func (g *entryGen) firstNames(gd model.Gender) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range g.regs {
		if r.gender == gd && !seen[r.first] {
			seen[r.first] = true
			out = append(out, r.first)
		}
	}
	slices.Sort(out)
	return out
}

func (g *entryGen) lastNames() []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range g.regs {
		if !seen[r.last] {
			seen[r.last] = true
			out = append(out, r.last)
		}
	}
	slices.Sort(out)
	return out
}

// anotherFirst is a first name of gender gd that is not first, nor a
// part of it; sameInitial asks for one with the same first letter.
func (g *entryGen) anotherFirst(gd model.Gender, first string, sameInitial bool) string {
	names := g.firstNames(gd)
	for range 200 {
		n := names[g.rng.IntN(len(names))]
		f, o := model.Fold(n), model.Fold(first)
		if f == o || strings.Contains(f, o) || strings.Contains(o, f) {
			continue
		}
		if sameInitial && f[0] != o[0] {
			continue
		}
		return n
	}
	return "Quirin"
}

// isNew reports that nobody registered is e: no registration with the
// same folded first and last name and a birth date that could be e's.
func (g *entryGen) isNew(e lateEntry) bool {
	for _, r := range g.regs {
		if model.Fold(r.first) == model.Fold(e.first) && model.Fold(r.last) == model.Fold(e.last) &&
			r.born.Year == e.born.Year && (r.born == e.born || r.born.Month == 0 || e.born.Month == 0 || r.born == swapDM(e.born)) {
			return false
		}
	}
	return true
}

func (g *entryGen) fresh(kind string, e lateEntry, note string) {
	if !g.isNew(e) {
		return
	}
	e.kind, e.note = kind, note
	g.out = append(g.out, e)
}

func (g *entryGen) generate(t *testing.T) {
	g.used = map[string]bool{}
	named := func(last string) func(*registration) bool {
		return func(r *registration) bool { return r.last == last }
	}
	// The slips the testers saw missed, by name where the set has them.
	for _, c := range []struct{ kind, last, typed string }{
		{"typo_last", "Hoffmann", "Hofmann"},
		{"typo_last", "Schmidt", "Schmitt"},
		{"typo_last", "Schmitt", "Schmidt"},
		{"typo_last", "Zimmermann", "Zimmerman"},
		{"umlaut_dropped", "Krüger", "Kruger"},
		{"part_last", "Meyer-Lüdenscheid", "Meyer"},
		{"part_last", "Meyer-Lüdenscheid", "Lüdenscheid"},
		{"part_last", "Schmidt-Bäumler", "Schmidt"},
		{"part_last", "von der Heide", "Heide"},
		{"part_last", "van den Berg", "Berg"},
		{"part_last", "de la Cruz", "Cruz"},
	} {
		if r := g.pick(named(c.last)); r != nil {
			e := entryOf(r)
			e.last = c.typed
			g.dup(c.kind, r, e, r.last+" typed as "+c.typed)
		}
	}
	for _, c := range []struct{ first, typed string }{
		{"Hans-Peter", "Hans"}, {"Karl-Heinz", "Karl"}, {"Karl-Heinz", "Heinz"}, {"Anna-Lena", "Anna"},
		{"Anna-Lena", "Lena"}, {"Marie-Luise", "Marie"}, {"Hans-Peter", "Hanspeter"},
	} {
		if r := g.pick(func(r *registration) bool { return r.first == c.first }); r != nil {
			e := entryOf(r)
			e.first = c.typed
			kind := "part_first"
			if c.typed == "Hanspeter" {
				kind = "typo_first"
			}
			g.dup(kind, r, e, r.first+" typed as "+c.typed)
		}
	}
	type variant struct {
		kind string
		n    int
		ok   func(r *registration) bool
		make func(r *registration) (lateEntry, string)
	}
	longLast := func(r *registration) bool { return letters(r.last) >= 4 && !strings.ContainsAny(r.last, " -") }
	longFirst := func(r *registration) bool { return letters(r.first) >= 4 && !strings.ContainsAny(r.first, " -") }
	for _, v := range []variant{
		{"typo_last", 14, longLast, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			e.last = g.typo(r.last)
			return e, r.last + " typed as " + e.last
		}},
		{"typo_first", 12, longFirst, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			e.first = g.typo(r.first)
			return e, r.first + " typed as " + e.first
		}},
		{"swapped", 12, nil, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			e.first, e.last = r.last, r.first
			return e, "first and last name swapped"
		}},
		{"part_last_longer", 5, func(r *registration) bool {
			return !strings.ContainsAny(r.last, " -") && r.gender == model.Female && g.year-r.born.Year >= 25
		}, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			ls := g.lastNames()
			e.last = r.last + "-" + ls[g.rng.IntN(len(ls))]
			return e, "registered as " + r.last + ", married double name typed: " + e.last
		}},
		{"part_first_longer", 3, func(r *registration) bool {
			return doubleOf[r.first] != ""
		}, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			e.first = doubleOf[r.first]
			return e, "registered as " + r.first + ", full double first name typed"
		}},
		{"umlaut_dropped", 12, func(r *registration) bool { return hasUmlaut(r.last + r.first) }, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			e.first, e.last = dropUmlauts(r.first), dropUmlauts(r.last)
			return e, "umlauts and ß typed without: " + e.first + " " + e.last
		}},
		{"umlaut_spelled", 12, func(r *registration) bool { return hasUmlaut(r.last + r.first) }, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			e.first, e.last = spellUmlauts(r.first), spellUmlauts(r.last)
			return e, "umlauts spelled out: " + e.first + " " + e.last
		}},
		{"accents_dropped", 5, func(r *registration) bool {
			return model.Fold(r.last+r.first) != strings.ToLower(r.last+r.first) && !hasUmlaut(r.last+r.first)
		}, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			e.first, e.last = model.Fold(r.first), model.Fold(r.last)
			return e, "accents dropped, typed in lower case"
		}},
		{"day_month_swapped", 12, func(r *registration) bool { return full(r) && r.born.Day <= 12 && r.born.Day != r.born.Month }, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			e.born = swapDM(r.born)
			return e, "day and month swapped"
		}},
		{"year_only", 10, full, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			e.born = yearOnly(r.born)
			return e, "only the birth year typed"
		}},
		{"year_only_registered", 4, func(r *registration) bool { return !full(r) }, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			e.born = model.BirthDate{Year: r.born.Year, Month: 1 + g.rng.IntN(12), Day: 1 + g.rng.IntN(28)}
			return e, "registered with the year only, full date typed"
		}},
		{"gender_flipped", 8, func(r *registration) bool { return r.gender != model.Diverse }, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			e.gender = flip(r.gender)
			return e, "gender flipped"
		}},
		{"combo_typo_year", 5, func(r *registration) bool { return longLast(r) && full(r) }, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			e.last, e.born = g.typo(r.last), yearOnly(r.born)
			return e, r.last + " typed as " + e.last + ", only the year"
		}},
		{"combo_swapped_gender", 4, func(r *registration) bool { return r.gender != model.Diverse }, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			e.first, e.last, e.gender = r.last, r.first, flip(r.gender)
			return e, "names swapped, gender flipped"
		}},
		{"combo_umlaut_daymonth", 4, func(r *registration) bool {
			return hasUmlaut(r.last+r.first) && full(r) && r.born.Day <= 12 && r.born.Day != r.born.Month
		}, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			e.first, e.last, e.born = dropUmlauts(r.first), dropUmlauts(r.last), swapDM(r.born)
			return e, "umlauts dropped, day and month swapped"
		}},
		{"combo_typo_first_gender", 4, func(r *registration) bool { return longFirst(r) && r.gender != model.Diverse }, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			e.first, e.gender = g.typo(r.first), flip(r.gender)
			return e, r.first + " typed as " + e.first + ", gender flipped"
		}},
		{"combo_typo_both", 4, func(r *registration) bool { return longFirst(r) && longLast(r) }, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			e.first, e.last = g.typo(r.first), g.typo(r.last)
			return e, "typos in both names: " + e.first + " " + e.last
		}},
		{"combo_spelled_year", 4, func(r *registration) bool { return hasUmlaut(r.last+r.first) && full(r) }, func(r *registration) (lateEntry, string) {
			e := entryOf(r)
			e.first, e.last, e.born = spellUmlauts(r.first), spellUmlauts(r.last), yearOnly(r.born)
			return e, "umlauts spelled out, only the year"
		}},
	} {
		for range v.n {
			ok := v.ok
			if ok == nil {
				ok = func(*registration) bool { return true }
			}
			r := g.pick(ok)
			if r == nil {
				t.Fatalf("no registration left for %s", v.kind)
			}
			e, note := v.make(r)
			g.dup(v.kind, r, e, note)
		}
	}

	// New runners: the people a matcher must not take for someone else.
	adult := func(r *registration) bool { return g.year-r.born.Year >= 25 && r.gender != model.Diverse }
	for range 12 {
		r := g.pick(func(r *registration) bool { return r.gender != model.Diverse })
		e := entryOf(r)
		e.first = g.anotherFirst(r.gender, r.first, false)
		e.born = g.otherDate(r.born.Year+[]int{-5, -3, -2, 2, 3, 6}[g.rng.IntN(6)], r.born)
		g.fresh("sibling", e, "sibling of "+r.first+" "+r.last+" ("+r.id+")")
	}
	for i := range 14 {
		r := g.pick(func(r *registration) bool { return full(r) && r.gender != model.Diverse })
		e := entryOf(r)
		sameInitial := i%2 == 0
		if i%4 == 3 {
			e.gender = flip(r.gender)
		}
		e.first = g.anotherFirst(e.gender, r.first, sameInitial)
		g.fresh("twin", e, "twin of "+r.first+" "+r.last+" ("+r.id+")")
	}
	for range 10 {
		r := g.pick(adult)
		e := entryOf(r)
		e.gender = flip(r.gender)
		e.first = g.anotherFirst(e.gender, r.first, false)
		e.born = g.otherDate(r.born.Year+g.rng.IntN(7)-3, r.born)
		g.fresh("spouse", e, "spouse of "+r.first+" "+r.last+" ("+r.id+")")
	}
	for i := range 12 {
		r := g.pick(func(r *registration) bool { return r.gender != model.Diverse })
		e := entryOf(r)
		gap := 24 + g.rng.IntN(10)
		who := "parent"
		if i%2 == 0 && g.year-(r.born.Year+gap) >= 6 {
			who = "child"
		} else {
			gap = -gap
		}
		e.born = g.otherDate(r.born.Year+gap, r.born)
		if i%3 == 0 {
			e.born = yearOnly(e.born)
		}
		g.fresh("namesake_generation", e, who+" of the same name as "+r.id)
	}
	for range 8 {
		r := g.pick(func(r *registration) bool { return full(r) })
		e := entryOf(r)
		ls := g.lastNames()
		for model.Fold(e.last) == model.Fold(r.last) || strings.Contains(model.Fold(e.last), model.Fold(r.last)) {
			e.last = ls[g.rng.IntN(len(ls))]
		}
		g.fresh("same_first_only", e, "shares first name and birth date with "+r.id)
	}
	for range 8 {
		r := g.pick(func(r *registration) bool { return r.gender != model.Diverse })
		e := entryOf(r)
		e.first = g.anotherFirst(r.gender, r.first, false)
		e.born = g.otherDate(r.born.Year, r.born)
		g.fresh("same_last_only", e, "shares last name and birth year with "+r.id)
	}
	walkFirst := []string{"Quirin", "Wiebke", "Ole", "Frauke", "Malte", "Swantje", "Henrike", "Arne", "Gesa", "Knut", "Imke", "Hauke", "Tjark", "Inken", "Folkert", "Rieke"}
	walkLast := []string{"Brinkmann", "Janssen", "Hinrichs", "Ahlers", "Petersen", "Claassen", "Harms", "Ehlers", "Gerdes", "Thiessen", "Oltmanns", "Wübbena", "Ubben", "Freese", "Dirks", "Eilers"}
	for i := range 16 {
		e := lateEntry{first: walkFirst[i], last: walkLast[(i*7)%len(walkLast)], gender: []model.Gender{model.Male, model.Female}[i%2]}
		e.born = model.BirthDate{Year: g.year - 18 - g.rng.IntN(50), Month: 1 + g.rng.IntN(12), Day: 1 + g.rng.IntN(28)}
		g.fresh("walk_in", e, "new runner")
	}
	for i := range 6 {
		names := g.firstNames(model.Female)
		if i%2 == 0 {
			names = g.firstNames(model.Male)
		}
		ls := g.lastNames()
		e := lateEntry{first: names[g.rng.IntN(len(names))], last: ls[g.rng.IntN(len(ls))], gender: model.Male}
		e.born = model.BirthDate{Year: g.year - 18 - g.rng.IntN(50), Month: 1 + g.rng.IntN(12), Day: 1 + g.rng.IntN(28)}
		g.fresh("walk_in", e, "new runner with common names")
	}
}
