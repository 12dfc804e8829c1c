package model_test

import (
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// walkEvent has two races of one distance (a 5 km run and a 5 km walk),
// a half marathon known by its name alone and a 50 km ultra.
func walkEvent(t *testing.T) *model.Event {
	t.Helper()
	const file = `
name = "Stadtlauf"
date = "2026-09-13"

[[races]]
id = "5k"
name = "5 km Volkslauf"
aliases = ["Volkslauf"]
distance_m = 5000
bibs = [{ from = 1, to = 99 }]

[[races]]
id = "walk"
name = "5 km Walking"
distance_m = 5000
bibs = [{ from = 100, to = 199 }]

[[races]]
id = "halbmarathon"
name = "Halbmarathon"
bibs = [{ from = 200, to = 299 }]

[[races]]
id = "ultra"
name = "50 km Ultra"
bibs = [{ from = 300, to = 399 }]

[[races]]
id = "kids"
name = "Kinderlauf"
aliases = ["Schüler"]
bibs = [{ from = 400, to = 499 }]

[[races]]
id = "kids-b"
name = "Kinderlauf B"
aliases = ["Schüler"]
bibs = [{ from = 500, to = 599 }]
`
	ev, err := model.ParseEvent(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestFindRaceByNameSpacingPunctuationAndDistance(t *testing.T) {
	ev := exampleEvent(t) // 10k "10 km Hauptlauf", 5k "5 km Volkslauf", bambini "Bambinilauf 400 m"
	tests := []struct {
		name  string
		input string
		want  string // "" for no match
	}{
		{"the ID", "5k", "5k"},
		{"the ID in capitals", "10K", "10k"},
		{"an alias without its space", "5km", "5k"},
		{"an alias without its space, 10 km", "10km", "10k"},
		{"an alias in capitals", "5 KM", "5k"},
		{"an alias with a hyphen", "5-km", "5k"},
		{"the distance in metres", "5000 m", "5k"},
		{"the distance in metres with a thousands point", "10.000m", "10k"},
		{"the distance in metres spelled out", "400 Meter", "bambini"},
		{"the distance with a decimal comma", "5,0 km", "5k"},
		{"the distance with a decimal point", "10.0 km", "10k"},
		{"the distance and a word for race", "5 km Lauf", "5k"},
		{"a word for race and the distance", "Lauf über 10 km", "10k"},
		{"the distance and a word of the race's name", "Volkslauf 5km", "5k"},
		{"the distance with a hyphenated word", "10km-Hauptlauf", "10k"},
		{"the name with a word for race", "Bambini-Lauf", "bambini"},
		{"an alias by name", "Bambini", "bambini"},
		{"an alias by name in capitals", "BAMBINI", "bambini"},
		{"an alias without its space, 400 m", "Kids 400 m", "bambini"},
		{"15 km is not 5 km", "15km", ""},
		{"50 km is not 5 km", "50 km", ""},
		{"5,1 km is not 5 km", "5,1 km", ""},
		{"a distance no race has", "21,1 km", ""},
		{"a half marathon the event does not have", "Halbmarathon", ""},
		{"a marathon the event does not have", "Marathon", ""},
		{"a word of another race with the distance", "10 km Volkslauf", ""},
		{"a word of no race with the distance", "5 km Walking", ""},
		{"two different distances", "5 km / 10 km", ""},
		{"a number without a unit", "5", ""},
		{"an age class is no distance", "U10", ""},
		{"a word for race alone", "Lauf", ""},
		{"part of a name", "Haupt", ""},
		{"nothing", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, candidates := ev.FindRace(tt.input)
			if len(candidates) > 0 {
				t.Fatalf("FindRace(%q) is ambiguous between %v", tt.input, ids(candidates))
			}
			got := ""
			if r != nil {
				got = r.ID
			}
			if got != tt.want {
				t.Errorf("FindRace(%q) = %q, want %q", tt.input, got, tt.want)
			}
			if m, ok := ev.MatchRace(tt.input); ok != (tt.want != "") || (ok && m.ID != tt.want) {
				t.Errorf("MatchRace(%q) = %v, %v; FindRace says %q", tt.input, m, ok, tt.want)
			}
		})
	}
}

func TestFindRaceNeverPicksBetweenRacesOfOneDistance(t *testing.T) {
	ev := walkEvent(t)
	tests := []struct {
		name       string
		input      string
		want       string
		candidates []string
	}{
		{"5km could be the run or the walk", "5km", "", []string{"5k", "walk"}},
		{"5000 m could be the run or the walk", "5000 m", "", []string{"5k", "walk"}},
		{"5 km Lauf could be the run or the walk", "5 km Lauf", "", []string{"5k", "walk"}},
		{"5,0 km could be the run or the walk, not the 50 km", "5,0 km", "", []string{"5k", "walk"}},
		{"an alias two races share", "Schüler", "", []string{"kids", "kids-b"}},
		{"the walk by its name", "5 km Walking", "walk", nil},
		{"the walk by distance and a word of its name", "Walking 5km", "walk", nil},
		{"the run by distance and its alias", "5km Volkslauf", "5k", nil},
		{"the run by its alias", "Volkslauf", "5k", nil},
		{"HM is the half marathon", "HM", "halbmarathon", nil},
		{"Half Marathon is the half marathon", "Half Marathon", "halbmarathon", nil},
		{"21,1 km is the half marathon", "21,1 km", "halbmarathon", nil},
		{"21.0975 km is the half marathon", "21.0975 km", "halbmarathon", nil},
		{"50km is the ultra", "50km", "ultra", nil},
		{"50.000 m is the ultra", "50.000 m", "ultra", nil},
		{"a race of one distance by its own ID", "walk", "walk", nil},
		{"a marathon the event does not have", "Marathon", "", nil},
		{"10 km that no race has", "10 km", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, candidates := ev.FindRace(tt.input)
			got := ""
			if r != nil {
				got = r.ID
			}
			if got != tt.want || strings.Join(ids(candidates), ",") != strings.Join(tt.candidates, ",") {
				t.Errorf("FindRace(%q) = %q, candidates %v; want %q, candidates %v", tt.input, got, ids(candidates), tt.want, tt.candidates)
			}
			if tt.candidates != nil {
				if _, ok := ev.MatchRace(tt.input); ok {
					t.Errorf("MatchRace(%q) picked a race of an ambiguous text", tt.input)
				}
			}
		})
	}
}

func TestRaceForNamesTheCandidatesOfAnAmbiguousText(t *testing.T) {
	ev := walkEvent(t)
	_, err := ev.RaceFor("5km")
	fe := fieldError(t, err)
	if fe.Field != model.FRace || fe.Key != msg.ErrRaceAmbiguous {
		t.Fatalf("error %+v, want an ambiguous race", fe)
	}
	if got, want := fe.Localize(msg.EN), `race "5km": could mean 5k (5 km Volkslauf), walk (5 km Walking): give the race's ID or full name`; got != want {
		t.Errorf("EN:\n got %s\nwant %s", got, want)
	}
	if got, want := fe.Localize(msg.DE), `Lauf "5km": nicht eindeutig, in Frage kommen 5k (5 km Volkslauf), walk (5 km Walking): bitte ID oder vollen Namen des Laufs angeben`; got != want {
		t.Errorf("DE:\n got %s\nwant %s", got, want)
	}
	_, err = ev.RaceFor("15km")
	if fe := fieldError(t, err); fe.Key != msg.ErrRace || !strings.Contains(fe.Localize(msg.EN), "5k, walk, halbmarathon, ultra, kids, kids-b") {
		t.Errorf("an unknown race: %v", fe)
	}
}

func ids(rs []*model.Race) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}
