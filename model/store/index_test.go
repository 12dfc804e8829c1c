package store_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

func TestByBibAndFindBib(t *testing.T) {
	f := newFixture(t, "Desk 1")
	ten := f.register(runner("Anna", "Schmidt"))
	in := runner("Kurt", "Kurz")
	in.Race, in.Born = "5k", "2010"
	five := f.register(in)

	tests := []struct {
		name   string
		lookup func() (model.Participant, error)
		want   string // ID; "" means not found
	}{
		{"ByBib finds the 10k holder", func() (model.Participant, error) { return f.s.ByBib("10k", 1) }, ten.ID},
		{"ByBib finds the 5k holder", func() (model.Participant, error) { return f.s.ByBib("5k", 400) }, five.ID},
		{"ByBib of a free bib finds nobody", func() (model.Participant, error) { return f.s.ByBib("10k", 2) }, ""},
		{"ByBib in the wrong race finds nobody", func() (model.Participant, error) { return f.s.ByBib("10k", 400) }, ""},
		{"FindBib finds a 10k bib", func() (model.Participant, error) { return f.s.FindBib(1) }, ten.ID},
		{"FindBib finds a 5k bib", func() (model.Participant, error) { return f.s.FindBib(400) }, five.ID},
		{"FindBib of a free bib finds nobody", func() (model.Participant, error) { return f.s.FindBib(401) }, ""},
		{"FindBib of a bib of no race finds nobody", func() (model.Participant, error) { return f.s.FindBib(9999) }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := tt.lookup()
			if tt.want == "" {
				var prob *model.Problem
				if !errors.As(err, &prob) || prob.Key != msg.ErrBibNotFound {
					t.Errorf("err = %v, want bib not found", err)
				}
				return
			}
			if err != nil || p.ID != tt.want {
				t.Errorf("found %s, %v; want %s", p.ID, err, tt.want)
			}
		})
	}
}

func TestByExternalID(t *testing.T) {
	f := newFixture(t, "Desk 1")
	in := runner("Anna", "Schmidt")
	in.ExternalID = "RR-4711"
	in.Source = model.SourceOnline
	p := f.register(in)

	got, found, err := f.s.ByExternalID("RR-4711")
	if err != nil || !found || got.ID != p.ID {
		t.Errorf("ByExternalID(RR-4711) = %s, %v, %v", got.ID, found, err)
	}
	if _, found, err := f.s.ByExternalID("RR-0"); found || err != nil {
		t.Errorf("ByExternalID(RR-0) found=%v err=%v, want nothing", found, err)
	}

	dup := runner("Jörg", "Müller")
	dup.ExternalID = "RR-4711"
	_, err = f.s.Register(dup, store.RegisterOptions{})
	if fe := fieldError(err, model.FExternalID); fe == nil || fe.Key != msg.ErrExternalIDTaken {
		t.Fatalf("duplicate external ID: err = %v, want a FieldError on external_id", err)
	}
	if c := f.counts(); c.Total != 1 {
		t.Errorf("total = %d after a refused duplicate, want 1", c.Total)
	}

	// Changing the ID frees the old one and indexes the new one.
	in.ExternalID = "RR-4712"
	if _, err := f.s.Edit(p.ID, in); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := f.s.ByExternalID("RR-4711"); found {
		t.Errorf("old external ID still found after the edit")
	}
	if got, found, _ := f.s.ByExternalID("RR-4712"); !found || got.ID != p.ID {
		t.Errorf("new external ID not found")
	}
	if _, err := f.s.Register(dup, store.RegisterOptions{}); err != nil {
		t.Errorf("the freed external ID is refused: %v", err)
	}
}

func TestSearchFoldsCaseUmlautsAndAccents(t *testing.T) {
	f := newFixture(t, "Desk 1")
	people := []struct{ first, last, club, race, born string }{
		{"Jörg", "Müller", "TSV Buchau", "10k", "1985"},
		{"Anna", "Mueller", "LG Nord", "10k", "1990"},
		{"Hans", "Muller", "", "10k", "1970"},
		{"Antonín", "Dvořák", "Sokol Praha", "10k", "1988"},
		{"Zoë", "Weiß", "SC Rot-Weiß Buchau", "5k", "2010"},
		{"Łukasz", "Nowak", "", "10k", "1979"},
		{"Peter", "Schmidt", "TSV Buchau", "10k", "1965"},
		{"Jorge", "García", "LG Nord", "10k", "1992"},
	}
	ids := map[string]string{}
	for _, p := range people {
		in := runner(p.first, p.last)
		in.Club, in.Race, in.Born = p.club, p.race, p.born
		ids[p.first+" "+p.last] = f.register(in).ID
	}

	tests := []struct {
		query string
		want  []string // in result order
	}{
		{"muller", []string{"Anna Mueller", "Hans Muller", "Jörg Müller"}},
		{"mueller", []string{"Anna Mueller", "Hans Muller", "Jörg Müller"}},
		{"Müller", []string{"Anna Mueller", "Hans Muller", "Jörg Müller"}},
		{"MÜLLER", []string{"Anna Mueller", "Hans Muller", "Jörg Müller"}},
		{"jorg", []string{"Jorge García", "Jörg Müller"}},
		{"Joerg", []string{"Jorge García", "Jörg Müller"}},
		{"jorg muller", []string{"Jörg Müller"}},
		{"dvorak", []string{"Antonín Dvořák"}},
		{"Dvořák antonin", []string{"Antonín Dvořák"}},
		{"weiss", []string{"Zoë Weiß"}},
		{"zoe", []string{"Zoë Weiß"}},
		{"lukasz", []string{"Łukasz Nowak"}},
		{"garcia", []string{"Jorge García"}},
		{"müller jörg", []string{"Jörg Müller"}},
		{"jörg müller", []string{"Jörg Müller"}},
		{"anna muller", []string{"Anna Mueller"}},
		{"muller anna nord", []string{"Anna Mueller"}},
		{"muller peter", nil},
		{"buchau", []string{"Jörg Müller", "Peter Schmidt", "Zoë Weiß"}},
		{"tsv", []string{"Jörg Müller", "Peter Schmidt"}},
		{"rot weiss", []string{"Zoë Weiß"}},
		{"nobody", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			hits, err := f.s.Search(tt.query, 0)
			if err != nil {
				t.Fatal(err)
			}
			got := names(hits)
			if !equalNames(got, tt.want) {
				t.Errorf("Search(%q) = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func names(hits []store.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Participant.First+" "+h.Participant.Last)
	}
	return out
}

func equalNames(a, b []string) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

func TestSearchByBibPutsTheExactBibFirst(t *testing.T) {
	f := newFixture(t, "Desk 1")
	byBib := map[int]string{}
	for _, bib := range []string{"12", "120", "112", "5"} {
		in := runner("Nummer", "Läufer"+map[string]string{"12": "a", "120": "b", "112": "c", "5": "d"}[bib])
		in.Bib = bib
		p := f.register(in)
		byBib[p.Bib] = p.ID
	}
	for _, q := range []string{"12", "#12", " 12 "} {
		hits, err := f.s.Search(q, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 3 {
			t.Fatalf("Search(%q) found %d, want 3 (12, 112, 120)", q, len(hits))
		}
		if hits[0].Participant.Bib != 12 || hits[0].Rank != 0 {
			t.Errorf("Search(%q) first hit has bib %d rank %d, want the exact bib 12", q, hits[0].Participant.Bib, hits[0].Rank)
		}
		for _, h := range hits[1:] {
			if h.Rank <= hits[0].Rank {
				t.Errorf("Search(%q): bib %d ranks with the exact bib", q, h.Participant.Bib)
			}
		}
	}
	hits, _ := f.s.Search("5", 0)
	if len(hits) != 1 || hits[0].Participant.ID != byBib[5] {
		t.Errorf("Search(5) = %v", names(hits))
	}
}

func TestSearchRanksNamesStartingWithTheQueryFirstAndHonoursTheLimit(t *testing.T) {
	f := newFixture(t, "Desk 1")
	for _, n := range [][2]string{{"Anna", "Bergmann"}, {"Berta", "Adler"}, {"Bernd", "Zander"}, {"Ida", "Berger"}, {"Udo", "Sternberg"}} {
		f.register(runner(n[0], n[1]))
	}
	hits, err := f.s.Search("berg", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Ida Berger", "Anna Bergmann", "Udo Sternberg"}
	if got := names(hits); !reflect.DeepEqual(got, want) {
		t.Errorf("Search(berg) = %v, want %v", got, want)
	}
	for n := 1; n <= 3; n++ {
		hits, _ = f.s.Search("berg", n)
		if got := names(hits); !reflect.DeepEqual(got, want[:n]) {
			t.Errorf("Search(berg, %d) = %v, want %v", n, got, want[:n])
		}
	}
	// An empty query lists everyone, limited.
	if hits, _ := f.s.Search("  ", 3); len(hits) != 3 {
		t.Errorf("Search(empty, 3) found %d, want 3", len(hits))
	}
}

func TestSearchFollowsEdits(t *testing.T) {
	f := newFixture(t, "Desk 1")
	p := f.register(runner("Jorg", "Muler"))
	in := runner("Jörg", "Müller")
	in.Club = "LG Nord"
	if _, err := f.s.Edit(p.ID, in); err != nil {
		t.Fatal(err)
	}
	if hits, _ := f.s.Search("nord muller", 0); len(hits) != 1 || hits[0].Participant.ID != p.ID {
		t.Errorf("Search after edit = %v", names(hits))
	}
	if hits, _ := f.s.Search("muler", 0); len(hits) != 0 {
		t.Errorf("old spelling still found: %v", names(hits))
	}
	nobib := runner("Ohne", "Nummer")
	nobib.Bib = ""
	q := f.register(nobib)
	if _, err := f.s.CheckIn(q.ID); err != nil {
		t.Fatal(err)
	}
	if hits, _ := f.s.Search("2", 0); len(hits) != 1 || hits[0].Participant.ID != q.ID || hits[0].Rank != 0 {
		t.Errorf("the bib given at check-in is not searchable: %v", hits)
	}
}

func TestCountsFollowEveryChange(t *testing.T) {
	f := newFixture(t, "Desk 1")
	type want struct {
		total, in, late, pending int
		perRace, inPerRace       map[string]int
	}
	check := func(step string, w want) {
		t.Helper()
		c := f.counts()
		for _, r := range []string{"10k", "5k", "bambini"} {
			if w.perRace[r] != c.PerRace[r] || w.inPerRace[r] != c.InPerRace[r] {
				t.Errorf("%s: %s has %d (%d in), want %d (%d in)", step, r, c.PerRace[r], c.InPerRace[r], w.perRace[r], w.inPerRace[r])
			}
		}
		if c.Total != w.total || c.CheckedIn != w.in || c.Late != w.late || c.Pending != w.pending {
			t.Errorf("%s: total %d in %d late %d pending %d, want %d %d %d %d", step, c.Total, c.CheckedIn, c.Late, c.Pending, w.total, w.in, w.late, w.pending)
		}
	}
	online := runner("Olga", "Online")
	online.Source = model.SourceOnline
	o := f.register(online)
	d := f.register(runner("Dieter", "Desk"))
	hot := runner("Hanna", "Hotspot")
	hot.Source, hot.Status = model.SourceHotspot, "pending"
	h := f.register(hot)
	check("three registered", want{3, 0, 2, 1, map[string]int{"10k": 3}, nil})

	mustDo(t, func() error { _, err := f.s.CheckIn(o.ID); return err })
	mustDo(t, func() error { _, err := f.s.CheckIn(h.ID); return err })
	check("two checked in", want{3, 2, 2, 0, map[string]int{"10k": 3}, map[string]int{"10k": 2}})

	move := runner("Olga", "Online")
	move.Race, move.Born, move.Bib = "5k", "2010", "auto"
	mustDo(t, func() error { _, err := f.s.Edit(o.ID, move); return err })
	check("one moved to the 5k", want{3, 2, 2, 0, map[string]int{"10k": 2, "5k": 1}, map[string]int{"10k": 1, "5k": 1}})

	mustDo(t, func() error { _, err := f.s.SetStatus(h.ID, model.DNS); return err })
	check("one DNS", want{3, 1, 2, 0, map[string]int{"10k": 2, "5k": 1}, map[string]int{"5k": 1}})

	mustDo(t, func() error { _, err := f.s.SetStatus(d.ID, model.DNF); return err })
	mustDo(t, func() error { _, err := f.s.SetStatus(d.ID, model.Registered); return err })
	check("DNF taken back", want{3, 1, 2, 0, map[string]int{"10k": 2, "5k": 1}, map[string]int{"5k": 1}})

	f.reopen(store.Options{})
	check("after reopening", want{3, 1, 2, 0, map[string]int{"10k": 2, "5k": 1}, map[string]int{"5k": 1}})

	// The counters agree with a scan of the participants.
	all, err := f.s.List("")
	if err != nil {
		t.Fatal(err)
	}
	in := 0
	for _, p := range all {
		if p.Status == model.CheckedIn {
			in++
		}
	}
	if c := f.counts(); len(all) != c.Total || in != c.CheckedIn {
		t.Errorf("List has %d (%d in), counts say %d (%d in)", len(all), in, c.Total, c.CheckedIn)
	}
}

func mustDo(t *testing.T, fn func() error) {
	t.Helper()
	if err := fn(); err != nil {
		t.Fatal(err)
	}
}

func TestListSortsByRaceThenName(t *testing.T) {
	f := newFixture(t, "Desk 1")
	for _, p := range []struct{ first, last, race, born string }{
		{"Zoë", "Adler", "5k", "2010"}, {"Jörg", "Müller", "10k", "1985"}, {"Anna", "Mueller", "10k", "1985"},
		{"Emil", "Ast", "10k", "1985"}, {"Mia", "Klein", "bambini", "2019"},
	} {
		in := runner(p.first, p.last)
		in.Race, in.Born = p.race, p.born
		f.register(in)
	}
	all, err := f.s.List("")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range all {
		got = append(got, p.First+" "+p.Last)
	}
	want := []string{"Emil Ast", "Anna Mueller", "Jörg Müller", "Zoë Adler", "Mia Klein"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("List = %v, want %v", got, want)
	}
	five, _ := f.s.List("5k")
	if len(five) != 1 || five[0].Last != "Adler" {
		t.Errorf("List(5k) = %v", five)
	}
}
