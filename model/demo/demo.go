// Package demo provides the demo event — the example forest run of
// docs/examples/event.toml — and realistic pre-registered runners for it,
// for trying out the desk and for tests. It does no I/O: the event file is
// embedded, and the runners are plain inputs for model.Validate.
package demo

import (
	"bytes"
	_ "embed"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/racedesk/racedesk/model"
)

// eventTOML is a copy of docs/examples/event.toml; a test keeps the two
// identical.
//
//go:embed event.toml
var eventTOML []byte

// EventTOML returns the demo event file.
func EventTOML() []byte { return bytes.Clone(eventTOML) }

// Event returns the demo event, parsed from EventTOML.
func Event() (*model.Event, error) {
	ev, err := model.ParseEvent(bytes.NewReader(eventTOML))
	if err != nil {
		return nil, fmt.Errorf("demo event: %w", err)
	}
	return ev, nil
}

// How often an entry has each optional thing.
const (
	shareYearOnly = 0.10 // birth year only, as some platforms export it
	shareClub     = 0.60
	shareKidsClub = 0.50 // children not registered by a runner's family
	shareEmail    = 0.90
	sharePhone    = 0.30
	sharePaid     = 0.85
	shareShirt    = 0.70
	shareDiverse  = 0.01
	shareFamily   = 0.50 // children registered with a runner's name and contacts
	childAge      = 14   // class age below which parents do the paperwork
)

// kind is what a race is to the generator.
type kind int

const (
	mainRace kind = iota // the longest race for adults
	funRun               // the other races for adults
	kidsRace             // max_age of 14 or less
)

// profile says who enters a race.
type profile struct {
	race   *model.Race
	kind   kind
	weight float64 // share of all entries
	lo, hi int     // class ages drawn from
	mean   float64 // of a normal distribution cut to lo..hi; sd 0: uniform
	sd     float64
	male   float64 // share of men among men and women
}

// profiles gives the main race about 55% of the entries, the other adult
// races together 35% and the kids' races 10%, with age limits narrowed to
// what each race allows.
func profiles(ev *model.Event) []profile {
	isKids := func(r *model.Race) bool { return r.MaxAge > 0 && r.MaxAge <= 14 }
	main, funs, kids := -1, 0, 0
	for i := range ev.Races {
		r := &ev.Races[i]
		switch {
		case isKids(r):
			kids++
		case main < 0 || r.DistanceM > ev.Races[main].DistanceM:
			if main >= 0 {
				funs++
			}
			main = i
		default:
			funs++
		}
	}
	var ps []profile
	for i := range ev.Races {
		r := &ev.Races[i]
		var p profile
		switch {
		case isKids(r):
			p = profile{kind: kidsRace, weight: 10 / float64(kids), lo: 4, hi: 9, male: 0.5}
		case i == main:
			p = profile{kind: mainRace, weight: 55, lo: 18, hi: 75, mean: 44, sd: 11, male: 0.58}
		default:
			p = profile{kind: funRun, weight: 35 / float64(funs), lo: 10, hi: 80, mean: 38, sd: 16, male: 0.45}
		}
		p.race = r
		p.lo, p.hi = narrow(r, p.lo, p.hi)
		ps = append(ps, p)
	}
	return ps
}

// narrow limits the class ages lo..hi to what race r allows; when the two
// do not overlap, the race's own limits win.
func narrow(r *model.Race, lo, hi int) (int, int) {
	rlo, rhi := r.MinAge, r.MaxAge
	if rhi == 0 || rhi > model.MaxAge {
		rhi = model.MaxAge
	}
	lo, hi = max(lo, rlo), min(hi, rhi)
	if lo > hi {
		lo, hi = rlo, min(rhi, rlo+60)
	}
	return lo, hi
}

// Runners returns n pre-registered runners for ev as a registration
// platform would deliver them: source online, external IDs WR26-1000,
// WR26-1001..., no bibs, status registered, most paid online with the fee
// left for the store to fill in. The same ev, n and seed give the same
// runners, and a longer list starts with the shorter one. No two runners
// share first name, last name and birth date, and every input passes
// model.Validate on the event day.
func Runners(ev *model.Event, n int, seed int64) []model.ParticipantInput {
	ps := profiles(ev)
	if n <= 0 || len(ps) == 0 {
		return nil
	}
	g := &gen{
		ev:       ev,
		rng:      rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)),
		profiles: ps,
		fullSeen: map[string]bool{},
		yearSeen: map[string]bool{},
		yearOnly: map[string]bool{},
	}
	if f, ok := ev.Extra("tshirt"); ok && len(f.Choices) > 0 {
		g.shirt = f
		for _, c := range f.Choices {
			if strings.ContainsFunc(c, unicode.IsDigit) {
				g.kidSizes = append(g.kidSizes, c) // "Kinder 128"
			} else {
				g.adultSizes = append(g.adultSizes, c)
			}
		}
	}
	for _, p := range ps {
		g.total += p.weight
	}
	out := make([]model.ParticipantInput, 0, n)
	for i := range n {
		out = append(out, g.runner(i, out))
	}
	return out
}

type gen struct {
	ev                   *model.Event
	rng                  *rand.Rand
	profiles             []profile
	total                float64
	shirt                *model.ExtraField
	kidSizes, adultSizes []string
	// Identities given out: first|last|born, and first|last|year of all
	// entries and of year-only ones, so a year alone never matches a full
	// date of the same year either.
	fullSeen map[string]bool
	yearSeen map[string]bool
	yearOnly map[string]bool
	adults   []int // indexes of adult runners, as parents of children
}

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

func pick[T any](g *gen, xs []T) T { return xs[g.rng.IntN(len(xs))] }

func (g *gen) runner(i int, prev []model.ParticipantInput) model.ParticipantInput {
	p := g.race()
	in := model.ParticipantInput{
		Race:       p.race.ID,
		Gender:     g.gender(p),
		Source:     model.SourceOnline,
		ExternalID: fmt.Sprintf("WR%02d-%d", g.ev.Year()%100, 1000+i),
	}
	age := g.age(p)
	// Children are entered by their parents, often along with themselves.
	kid := age < childAge
	var parent *model.ParticipantInput
	if kid && len(g.adults) > 0 && g.chance(shareFamily) {
		parent = &prev[pick(g, g.adults)]
		if !fits(parent.Last, in.Gender) {
			parent = nil
		}
	}
	in.First, in.Last, in.Born, age = g.identity(p, in.Gender, age, parent)
	year := g.ev.Year() - age

	switch {
	case parent != nil:
		in.Club, in.Email, in.Phone = parent.Club, parent.Email, parent.Phone
	case kid:
		if g.chance(shareKidsClub) {
			in.Club = pick(g, kidsClubs)
		}
		if g.chance(shareEmail) {
			in.Email = "familie." + ascii(in.Last) + "@example.org"
		}
		if g.chance(sharePhone) {
			in.Phone = g.phone()
		}
	default:
		if g.chance(shareClub) {
			in.Club = pick(g, clubs)
		}
		if g.chance(shareEmail) {
			in.Email = g.email(in.First, in.Last, year)
		}
		if g.chance(sharePhone) {
			in.Phone = g.phone()
		}
	}
	if g.chance(sharePaid) {
		in.Paid = string(model.Online)
	}
	if g.shirt != nil && g.chance(shareShirt) {
		if size := g.shirtSize(in.Gender, age); size != "" {
			in.Extra = map[string]string{g.shirt.Key: size}
		}
	}
	if age >= 25 && p.kind != kidsRace {
		g.adults = append(g.adults, i)
	}
	return in
}

func (g *gen) race() *profile {
	x := g.rng.Float64() * g.total
	for i := range g.profiles {
		if x -= g.profiles[i].weight; x < 0 {
			return &g.profiles[i]
		}
	}
	return &g.profiles[len(g.profiles)-1]
}

func (g *gen) gender(p *profile) string {
	switch {
	case g.chance(shareDiverse):
		return string(model.Diverse)
	case g.chance(p.male):
		return string(model.Male)
	}
	return string(model.Female)
}

func (g *gen) age(p *profile) int {
	if p.sd > 0 {
		for range 20 {
			a := int(math.Round(p.mean + p.sd*g.rng.NormFloat64()))
			if a >= p.lo && a <= p.hi {
				return a
			}
		}
	}
	return p.lo + g.rng.IntN(p.hi-p.lo+1)
}

// identity draws a name and birth date nobody in the set has yet, for a
// runner of the given age. A child takes its parent's last name. After a
// few clashes the age is drawn anew, after more the rules loosen (full
// dates only, then no parent); that happens only when the name space is
// nearly used up.
func (g *gen) identity(p *profile, gender string, age int, parent *model.ParticipantInput) (first, last, born string, _ int) {
	for try := 0; ; try++ {
		if try == 40 {
			parent = nil
		}
		if try >= 5 {
			age = g.age(p)
		}
		first = g.firstName(gender, age)
		if parent != nil {
			last = parent.Last
		} else {
			last = g.lastName(gender)
		}
		year := g.ev.Year() - age
		yearOnly := try < 20 && g.chance(shareYearOnly)
		born = g.birthDate(year, yearOnly)
		yk := first + "|" + last + "|" + fmt.Sprint(year)
		fk := first + "|" + last + "|" + born
		if yearOnly && g.yearSeen[yk] || !yearOnly && (g.fullSeen[fk] || g.yearOnly[yk]) {
			continue
		}
		g.fullSeen[fk] = true
		g.yearSeen[yk] = true
		if yearOnly {
			g.yearOnly[yk] = true
		}
		return first, last, born, age
	}
}

func (g *gen) firstName(gender string, age int) string {
	young := age < 16
	switch {
	case gender == string(model.Diverse):
		return pick(g, neutralFirst)
	case gender == string(model.Male) && young:
		return pick(g, boyFirst)
	case gender == string(model.Male):
		return pick(g, maleFirst)
	case young:
		return pick(g, girlFirst)
	}
	return pick(g, femaleFirst)
}

func (g *gen) lastName(gender string) string {
	for {
		if l := pick(g, lastNames); fits(l, gender) {
			return l
		}
	}
}

// fits reports whether a last name goes with the gender (Ólafsdóttir is
// a daughter, Wiśniewski a man).
func fits(last, gender string) bool {
	want, ok := lastNameGender[last]
	return !ok || want == gender
}

// birthDate is a day in year in the German form DD.MM.YYYY, never after
// the event day, or the year alone.
func (g *gen) birthDate(year int, yearOnly bool) string {
	if yearOnly {
		return fmt.Sprintf("%04d", year)
	}
	start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(start.AddDate(1, 0, 0).Sub(start).Hours() / 24)
	d := start.AddDate(0, 0, g.rng.IntN(days))
	y, m, dd := g.ev.Day().Date()
	if evDay := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC); d.After(evDay) {
		d = evDay
	}
	return d.Format("02.01.2006")
}

func (g *gen) email(first, last string, year int) string {
	f, l := ascii(first), ascii(last)
	var local string
	switch r := g.rng.IntN(20); {
	case r < 10:
		local = f + "." + l
	case r < 13:
		local = f + l
	case r < 16:
		local = f[:1] + "." + l
	default:
		local = fmt.Sprintf("%s.%s%02d", f, l, year%100)
	}
	return local + "@example.org"
}

// phone is a drama number (see phoneBlocks) in one of the ways people
// write numbers.
func (g *gen) phone() string {
	b := pick(g, phoneBlocks)
	code, num := b[0], fmt.Sprintf("%s%03d", b[1], g.rng.IntN(1000))
	switch g.rng.IntN(4) {
	case 0:
		return "0" + code + " " + num
	case 1:
		return "0" + code + "/" + num
	case 2:
		return "+49 " + code + " " + num
	}
	return "(0" + code + ") " + num
}

// shirtSize picks a kids' size by age for children under 12 and an adult
// size weighted by gender for everyone else.
func (g *gen) shirtSize(gender string, age int) string {
	if age < 12 && len(g.kidSizes) > 0 {
		i := (age - 5) * len(g.kidSizes) / 8
		return g.kidSizes[max(0, min(i, len(g.kidSizes)-1))]
	}
	if len(g.adultSizes) == 0 {
		return ""
	}
	weights := make([]int, len(g.adultSizes))
	total := 0
	for i, s := range g.adultSizes {
		w, ok := shirtWeights[strings.ToUpper(s)]
		switch {
		case !ok:
			weights[i] = 1
		case gender == string(model.Male):
			weights[i] = w[0]
		case gender == string(model.Female):
			weights[i] = w[1]
		default:
			weights[i] = (w[0] + w[1] + 1) / 2
		}
		total += weights[i]
	}
	x := g.rng.IntN(total)
	for i, w := range weights {
		if x -= w; x < 0 {
			return g.adultSizes[i]
		}
	}
	return g.adultSizes[len(g.adultSizes)-1]
}

// translit spells letters the way people do in e-mail addresses.
var translit = strings.NewReplacer(
	"ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "æ", "ae", "ø", "oe", "å", "aa",
	"œ", "oe", "ł", "l", "đ", "d", "ð", "d", "þ", "th", "ı", "i",
)

// ascii is a name as the local part of an e-mail address: lower case,
// a–z, digits and hyphens only (Jörg → joerg, Dvořák → dvorak,
// von der Heide → vonderheide, O'Brien → obrien).
func ascii(name string) string {
	s := translit.Replace(strings.ToLower(norm.NFC.String(name)))
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
