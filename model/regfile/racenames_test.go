package regfile_test

import (
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model/regfile"
)

// A hand-typed list writes races as 5km, 10km and Bambini; the demo
// event calls them "5 km", "10 km" and "Bambini". Validation resolves
// them, whatever spacing, case or unit the list uses.
func TestRacesTypedByDistanceValidateToTheirRace(t *testing.T) {
	ev := demoEvent(t)
	races := []struct{ typed, want string }{
		{"10km", "10k"}, {"5km", "5k"}, {"Bambini", "bambini"}, {"5 KM", "5k"}, {"5000 m", "5k"},
		{"10.000m", "10k"}, {"5,0 km", "5k"}, {"5-km", "5k"}, {"10 km Lauf", "10k"}, {"400m", "bambini"},
	}
	var b strings.Builder
	b.WriteString("Nachname;Vorname;Jahrgang;m/w;Strecke\n")
	for _, r := range races {
		born := "1985"
		if r.want == "bambini" {
			born = "2019"
		}
		b.WriteString("Müller;Jörg;" + born + ";m;" + r.typed + "\n")
	}
	_, res := load(t, b.String(), regfile.ReadOptions{}, nil, regfile.Options{})
	ps := validate(t, ev, res.Rows)
	for i, r := range races {
		if ps[i].Race != r.want {
			t.Errorf("%q: race %s, want %s", r.typed, ps[i].Race, r.want)
		}
	}
}

func TestTheRaceOptionTakesADistanceAndRefusesAnUnknownOne(t *testing.T) {
	ev := demoEvent(t)
	_, res := load(t, "Nachname;Vorname;Geschlecht;Jahrgang\nMüller;Jörg;m;1985\n", regfile.ReadOptions{}, nil, regfile.Options{Race: "10km"})
	if ps := validate(t, ev, res.Rows); ps[0].Race != "10k" {
		t.Errorf("race %s, want 10k", ps[0].Race)
	}
	f, err := regfile.Read(strings.NewReader("Nachname;Vorname;Geschlecht;Jahrgang\nMüller;Jörg;m;1985\n"), regfile.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = regfile.Convert(f, ev, nil, regfile.Options{Race: "15km", Today: today})
	if err == nil || !strings.Contains(err.Error(), `race "15km": no such race (one of 10k, 5k, bambini)`) {
		t.Errorf("--race 15km: %v", err)
	}
}
