package demo

import (
	"bytes"
	"fmt"
	"net/mail"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/racedesk/racedesk/model"
)

func demoEvent(t *testing.T) *model.Event {
	t.Helper()
	ev, err := Event()
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestEmbeddedEventMatchesDocs(t *testing.T) {
	docs, err := os.ReadFile("../../docs/examples/event.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(EventTOML(), docs) {
		t.Fatal("model/demo/event.toml differs from docs/examples/event.toml; copy the docs file over it")
	}
}

func TestEvent(t *testing.T) {
	ev := demoEvent(t)
	if got := strings.Join(ev.RaceIDs(), ","); got != "10k,5k,bambini" {
		t.Errorf("races = %s", got)
	}
	b := EventTOML()
	b[0] ^= 0xff
	if bytes.Equal(b, EventTOML()) {
		t.Error("EventTOML hands out the embedded bytes themselves")
	}
}

// TestRunnersValidate is the contract with the store: every generated
// input registers on the event day.
func TestRunnersValidate(t *testing.T) {
	ev := demoEvent(t)
	today := ev.Day()
	date := regexp.MustCompile(`^(\d{2}\.\d{2}\.\d{4}|\d{4})$`)
	for _, seed := range []int64{1, 2, 7, 42, -3} {
		rs := Runners(ev, 2000, seed)
		if len(rs) != 2000 {
			t.Fatalf("seed %d: %d runners", seed, len(rs))
		}
		ids := map[string]bool{}
		full := map[string]bool{}
		years := map[string]bool{} // first|last|year of year-only entries
		for i, in := range rs {
			v, err := model.Validate(ev, in, today, false)
			if err != nil {
				t.Fatalf("seed %d, runner %d %+v: %v", seed, i, in, err)
			}
			p := v.Participant
			if v.AutoBib || p.Bib != 0 || p.Status != model.Registered || p.Source != model.SourceOnline {
				t.Errorf("seed %d, %+v: bib %d auto %v status %s source %s", seed, in, p.Bib, v.AutoBib, p.Status, p.Source)
			}
			if in.Amount != "" || (in.Paid != "" && in.Paid != "online") {
				t.Errorf("seed %d, %+v: paid %q amount %q", seed, in, in.Paid, in.Amount)
			}
			if p.First != in.First || p.Last != in.Last || p.Club != in.Club {
				t.Errorf("seed %d: %+v is not in its stored form", seed, in)
			}
			if !date.MatchString(in.Born) {
				t.Errorf("seed %d: birth date %q", seed, in.Born)
			}
			if ids[in.ExternalID] {
				t.Errorf("seed %d: external ID %s twice", seed, in.ExternalID)
			}
			ids[in.ExternalID] = true
			if want := fmt.Sprintf("WR26-%d", 1000+i); in.ExternalID != want {
				t.Errorf("seed %d: external ID %s, want %s", seed, in.ExternalID, want)
			}
			key := in.First + "|" + in.Last + "|" + in.Born
			if full[key] {
				t.Errorf("seed %d: %s twice", seed, key)
			}
			full[key] = true
			if p.Born.YearOnly() {
				years[fmt.Sprintf("%s|%s|%d", in.First, in.Last, p.Born.Year)] = true
			}
		}
		// A year alone must not be mistaken for someone with a full date.
		for _, in := range rs {
			b, _ := model.ParseBirthDate(in.Born, today)
			if !b.YearOnly() && years[fmt.Sprintf("%s|%s|%d", in.First, in.Last, b.Year)] {
				t.Errorf("seed %d: %s %s born %s also appears with the year only", seed, in.First, in.Last, in.Born)
			}
		}
	}
}

func TestRunnersDeterministic(t *testing.T) {
	ev := demoEvent(t)
	a, b := Runners(ev, 500, 7), Runners(ev, 500, 7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different runners")
	}
	if c := Runners(ev, 500, 8); reflect.DeepEqual(a, c) {
		t.Fatal("seeds 7 and 8 give the same runners")
	}
	if short := Runners(ev, 100, 7); !reflect.DeepEqual(short, a[:100]) {
		t.Fatal("100 runners are not the start of 500 with the same seed")
	}
	if rs := Runners(ev, 0, 1); len(rs) != 0 {
		t.Fatalf("0 runners: got %d", len(rs))
	}
}

func TestRunnersDistribution(t *testing.T) {
	ev := demoEvent(t)
	const n = 6000
	rs := Runners(ev, n, 1)
	count := map[string]int{}
	for _, in := range rs {
		count["race "+in.Race]++
		count["gender "+in.Gender]++
		if len(in.Born) == 4 {
			count["year only"]++
		}
		if in.Club != "" {
			count["club"]++
		}
		if in.Email != "" {
			count["email"]++
		}
		if in.Phone != "" {
			count["phone"]++
		}
		if in.Paid == "online" {
			count["paid"]++
		}
		if in.Extra["tshirt"] != "" {
			count["tshirt"]++
		}
	}
	for _, c := range []struct {
		what   string
		lo, hi float64
	}{
		{"race 10k", 0.52, 0.58}, {"race 5k", 0.32, 0.38}, {"race bambini", 0.08, 0.12},
		{"gender M", 0.45, 0.6}, {"gender W", 0.4, 0.55}, {"gender D", 0.002, 0.03},
		{"year only", 0.07, 0.13}, {"club", 0.5, 0.7}, {"email", 0.8, 0.97},
		{"phone", 0.1, 0.5}, {"paid", 0.81, 0.89}, {"tshirt", 0.65, 0.75},
	} {
		if share := float64(count[c.what]) / n; share < c.lo || share > c.hi {
			t.Errorf("%s: %.3f, want %.2f–%.2f", c.what, share, c.lo, c.hi)
		}
	}
}

func TestRunnersAges(t *testing.T) {
	ev := demoEvent(t)
	rs := Runners(ev, 4000, 3)
	prime, adults := 0, 0
	for _, in := range rs {
		b, err := model.ParseBirthDate(in.Born, ev.Day())
		if err != nil {
			t.Fatal(err)
		}
		age := model.ClassAge(ev.Year(), b.Year)
		race, _ := ev.Race(in.Race)
		if race.MinAge > 0 && age < race.MinAge || race.MaxAge > 0 && age > race.MaxAge {
			t.Errorf("%s in %s: class age %d outside %d–%d", in.Born, in.Race, age, race.MinAge, race.MaxAge)
		}
		switch in.Race {
		case "10k":
			if age < 18 || age > 75 {
				t.Errorf("10k runner aged %d", age)
			}
			adults++
			if age >= 30 && age < 60 {
				prime++
			}
		case "bambini":
			if age < 4 || age > 9 {
				t.Errorf("bambini runner aged %d", age)
			}
			if s := in.Extra["tshirt"]; s != "" && !strings.HasPrefix(s, "Kinder") {
				t.Errorf("bambini runner in size %s", s)
			}
		}
	}
	if share := float64(prime) / float64(adults); share < 0.6 {
		t.Errorf("only %.2f of the 10k runners are in their 30s to 50s", share)
	}
}

func TestRunnersNames(t *testing.T) {
	ev := demoEvent(t)
	rs := Runners(ev, 1000, 5)
	nonASCII := 0
	for _, in := range rs {
		if strings.ContainsFunc(in.First+in.Last, func(r rune) bool { return r > unicode.MaxASCII }) {
			nonASCII++
		}
		if e := in.Email; e != "" && strings.ContainsFunc(e, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune(".-@", r))
		}) {
			t.Errorf("e-mail %q is not lower-case ASCII", e)
		}
	}
	if nonASCII < 100 {
		t.Errorf("only %d of 1000 runners have a name with non-ASCII letters", nonASCII)
	}
}

// TestTables checks the data tables themselves: every name valid, stored
// form (NFC), no duplicates, and spelled in ASCII for e-mail addresses.
func TestTables(t *testing.T) {
	lists := map[string][]string{
		"maleFirst": maleFirst, "femaleFirst": femaleFirst, "neutralFirst": neutralFirst,
		"boyFirst": boyFirst, "girlFirst": girlFirst, "lastNames": lastNames,
	}
	for name, list := range lists {
		seen := map[string]bool{}
		for _, s := range list {
			if seen[s] {
				t.Errorf("%s: %q twice", name, s)
			}
			seen[s] = true
			if v, err := model.ValidateName(model.FFirst, s); err != nil || v != s {
				t.Errorf("%s: %q: %q, %v", name, s, v, err)
			}
			if !norm.NFC.IsNormalString(s) {
				t.Errorf("%s: %q is not NFC", name, s)
			}
			a := ascii(s)
			if a == "" || strings.HasPrefix(a, "-") || strings.HasSuffix(a, "-") {
				t.Errorf("%s: %q spells as %q", name, s, a)
			}
			addr := a + "." + a + "@example.org"
			if p, err := mail.ParseAddress(addr); err != nil || p.Address != addr {
				t.Errorf("%s: %q gives address %q: %v", name, s, addr, err)
			}
		}
	}
	if len(lastNames) < 75 || len(maleFirst) < 30 || len(femaleFirst) < 30 {
		t.Errorf("tables too short: %d last, %d male, %d female names", len(lastNames), len(maleFirst), len(femaleFirst))
	}
	for l := range lastNameGender {
		if !slices.Contains(lastNames, l) {
			t.Errorf("lastNameGender: %q is not a last name", l)
		}
	}
	for _, c := range append(append([]string{}, clubs...), kidsClubs...) {
		if !norm.NFC.IsNormalString(c) || len([]rune(c)) > model.MaxClubLen {
			t.Errorf("club %q", c)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"Jörg", "joerg"}, {"Größ", "groess"}, {"Dvořák", "dvorak"}, {"Łukasz", "lukasz"},
		{"Ólafsdóttir", "olafsdottir"}, {"Nguyễn", "nguyen"}, {"O'Brien", "obrien"},
		{"von der Heide", "vonderheide"}, {"Meyer-Lüdenscheid", "meyer-luedenscheid"},
		{"Søren", "soeren"}, {"Yılmaz", "yilmaz"}, {"Çelik", "celik"},
	} {
		if got := ascii(tc.in); got != tc.want {
			t.Errorf("ascii(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestRunnersOtherEvent: the generator follows whatever races an event
// declares, including tight age limits and no T-shirt field.
func TestRunnersOtherEvent(t *testing.T) {
	src := `
name = "Abendlauf"
date = "2027-02-28"
[[races]]
id = "hm"
name = "Halbmarathon"
distance_m = 21100
min_age = 20
bibs = [{ from = 1, to = 999 }]
[[races]]
id = "ak50"
name = "Seniorenlauf"
distance_m = 5000
min_age = 50
max_age = 99
bibs = [{ from = 1000, to = 1999 }]
[[races]]
id = "minis"
name = "Minilauf"
distance_m = 200
max_age = 3
bibs = [{ from = 2000, to = 2999 }]
`
	ev, err := model.ParseEvent(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	races := map[string]int{}
	for i, in := range Runners(ev, 1500, 11) {
		if _, err := model.Validate(ev, in, ev.Day(), false); err != nil {
			t.Fatalf("runner %d %+v: %v", i, in, err)
		}
		if in.Extra != nil {
			t.Errorf("extra fields for an event without them: %v", in.Extra)
		}
		races[in.Race]++
	}
	if len(races) != 3 {
		t.Errorf("races used: %v", races)
	}
}
