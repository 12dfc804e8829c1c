package model_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
)

// dlvBands is the DLV table written out by hand (DOMAIN.md, age classes),
// independent of model.DLV, so a wrong band in the code fails the tests.
var dlvBands = []struct {
	from  int
	label string // {g} is the gender letter
}{
	{0, "Bambini"},
	{6, "{g}U8"},
	{8, "{g}U10"},
	{10, "{g}U12"},
	{12, "{g}U14"},
	{14, "{g}U16"},
	{16, "{g}U18"},
	{18, "{g}U20"},
	{20, "{g}HK"},
	{30, "{g}30"}, {35, "{g}35"},
	{40, "{g}40"}, {45, "{g}45"},
	{50, "{g}50"}, {55, "{g}55"},
	{60, "{g}60"}, {65, "{g}65"},
	{70, "{g}70"}, {75, "{g}75"},
	{80, "{g}80"}, {85, "{g}85"},
	{90, "{g}90"}, {95, "{g}95"},
}

var genders = []model.Gender{model.Male, model.Female, model.Diverse}

func dlvLabel(i int, g model.Gender) string {
	return strings.ReplaceAll(dlvBands[i].label, "{g}", string(g))
}

func TestDLVClassAtEveryBandBoundary(t *testing.T) {
	for _, g := range genders {
		for i := 1; i < len(dlvBands); i++ {
			from := dlvBands[i].from
			prev, this := dlvLabel(i-1, g), dlvLabel(i, g)
			t.Run(fmt.Sprintf("gender %s at class age %d is still %s", g, from-1, prev), func(t *testing.T) {
				if got := model.DLV.Class(from-1, g); got != prev {
					t.Errorf("DLV.Class(%d, %s) = %q, want %q", from-1, g, got, prev)
				}
			})
			t.Run(fmt.Sprintf("gender %s at class age %d becomes %s", g, from, this), func(t *testing.T) {
				if got := model.DLV.Class(from, g); got != this {
					t.Errorf("DLV.Class(%d, %s) = %q, want %q", from, g, got, this)
				}
			})
		}
	}
}

func TestDLVClassForEveryAge(t *testing.T) {
	// Every class age from well below zero to well past 95, against the
	// hand-written table: nothing between the boundaries goes astray.
	for _, g := range genders {
		for age := -3; age <= 130; age++ {
			want := ""
			for i := range dlvBands {
				if age >= dlvBands[i].from {
					want = dlvLabel(i, g)
				}
			}
			if got := model.DLV.Class(age, g); got != want {
				t.Errorf("DLV.Class(%d, %s) = %q, want %q", age, g, got, want)
			}
		}
	}
}

func TestDLVEdges(t *testing.T) {
	tests := []struct {
		name string
		age  int
		g    model.Gender
		want string
	}{
		{"a class age below zero has no class", -1, model.Male, ""},
		{"a class age far below zero has no class", -40, model.Female, ""},
		{"a newborn (class age 0) is Bambini", 0, model.Male, "Bambini"},
		{"Bambini carries no gender letter for women", 5, model.Female, "Bambini"},
		{"Bambini carries no gender letter for diverse", 3, model.Diverse, "Bambini"},
		{"the main class for women is WHK", 25, model.Female, "WHK"},
		{"the main class for diverse is DHK", 29, model.Diverse, "DHK"},
		{"95 is M95", 95, model.Male, "M95"},
		{"99 is still M95", 99, model.Male, "M95"},
		{"100 is still W95, there is no W100", 100, model.Female, "W95"},
		{"110 is still D95", 110, model.Diverse, "D95"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := model.DLV.Class(tt.age, tt.g); got != tt.want {
				t.Errorf("DLV.Class(%d, %s) = %q, want %q", tt.age, tt.g, got, tt.want)
			}
		})
	}
}

func TestClassAgeIsEventYearMinusBirthYear(t *testing.T) {
	tests := []struct {
		name        string
		event, born int
		want        int
	}{
		{"born 1985, event 2026 is 41", 2026, 1985, 41},
		{"born in the event year is 0", 2026, 2026, 0},
		{"born after the event year is negative", 2026, 2027, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := model.ClassAge(tt.event, tt.born); got != tt.want {
				t.Errorf("ClassAge(%d, %d) = %d, want %d", tt.event, tt.born, got, tt.want)
			}
		})
	}
}

func TestAgeClassOfTheIssueExample(t *testing.T) {
	// Born 12.3.85, event year 2026: class age 41, class M40.
	ev := exampleEvent(t)
	if ev.Year() != 2026 {
		t.Fatalf("example event year = %d, want 2026", ev.Year())
	}
	b, err := model.ParseBirthDate("12.3.85", today)
	if err != nil {
		t.Fatalf("ParseBirthDate(12.3.85): %v", err)
	}
	if got := model.ClassAge(ev.Year(), b.Year); got != 41 {
		t.Errorf("class age = %d, want 41", got)
	}
	if got := model.AgeClass(race(t, ev, "10k"), ev.Year(), b, model.Male); got != "M40" {
		t.Errorf("AgeClass = %q, want M40", got)
	}
}

func TestAgeClassDependsOnBirthYearNotBirthday(t *testing.T) {
	// 1.1.1986 and 31.12.1986 share the class in 2026: class age 40.
	r := &model.Race{ID: "10k"}
	for _, b := range []model.BirthDate{{Year: 1986, Month: 1, Day: 1}, {Year: 1986, Month: 12, Day: 31}, {Year: 1986}} {
		if got := model.AgeClass(r, 2026, b, model.Female); got != "W40" {
			t.Errorf("AgeClass(born %s, 2026) = %q, want W40", b.Display(), got)
		}
	}
	// The day before: 31.12.1985 is class age 41, still W40; 1.1.1987 is 39.
	if got := model.AgeClass(r, 2026, model.BirthDate{Year: 1987, Month: 1, Day: 1}, model.Female); got != "W35" {
		t.Errorf("AgeClass(born 1987, 2026) = %q, want W35", got)
	}
}

func TestAgeClassWithARace(t *testing.T) {
	dlv := &model.Race{ID: "10k", AgeClasses: "dlv"}
	tests := []struct {
		name string
		race *model.Race
		born model.BirthDate
		g    model.Gender
		want string
	}{
		{"a race without age_classes uses DLV", &model.Race{ID: "x"}, model.BirthDate{Year: 1996}, model.Male, "M30"},
		{"age_classes DLV in capitals is DLV", &model.Race{ID: "x", AgeClasses: "DLV"}, model.BirthDate{Year: 1996}, model.Female, "W30"},
		{"a runner born 2006 is in the main class", dlv, model.BirthDate{Year: 2006}, model.Male, "MHK"},
		{"a runner born 2007 is U20", dlv, model.BirthDate{Year: 2007}, model.Female, "WU20"},
		{"a runner born 2020 is U8", dlv, model.BirthDate{Year: 2020, Month: 6, Day: 1}, model.Diverse, "DU8"},
		{"a runner born 2021 is Bambini", dlv, model.BirthDate{Year: 2021}, model.Male, "Bambini"},
		{"a runner born 1931 is M95", dlv, model.BirthDate{Year: 1931}, model.Male, "M95"},
		{"a runner born 1916 is still W95", dlv, model.BirthDate{Year: 1916}, model.Female, "W95"},
		{"an unknown birth date has no class", dlv, model.BirthDate{}, model.Male, ""},
		{"age_classes none has no class", &model.Race{ID: "x", AgeClasses: "none"}, model.BirthDate{Year: 1985}, model.Male, ""},
		{"age_classes None in capitals has no class", &model.Race{ID: "x", AgeClasses: "None"}, model.BirthDate{Year: 1985}, model.Female, ""},
		{"an invalid scheme has no class", &model.Race{ID: "x", AgeClasses: "ladv"}, model.BirthDate{Year: 1985}, model.Male, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := model.AgeClass(tt.race, 2026, tt.born, tt.g); got != tt.want {
				t.Errorf("AgeClass(%+v, 2026, %s, %s) = %q, want %q", tt.race, tt.born, tt.g, got, tt.want)
			}
		})
	}
}

func TestRaceSchemeDefaultsToDLV(t *testing.T) {
	for _, classes := range []string{"", "dlv", "DLV", "Dlv"} {
		r := &model.Race{ID: "10k", AgeClasses: classes}
		s, err := r.Scheme()
		if err != nil {
			t.Errorf("age_classes %q: %v", classes, err)
			continue
		}
		if !reflect.DeepEqual(s, model.DLV) {
			t.Errorf("age_classes %q: scheme %v, want DLV", classes, s)
		}
	}
}

func TestRaceSchemeNoneIsNil(t *testing.T) {
	s, err := (&model.Race{ID: "fun", AgeClasses: "none"}).Scheme()
	if err != nil || s != nil {
		t.Errorf("Scheme() = %v, %v; want nil, nil", s, err)
	}
}

func TestCustomSchemes(t *testing.T) {
	// Everything under 20 merged into one youth class, then the main class
	// and ten-year bands; declared out of order on purpose.
	merged := &model.Race{ID: "fun", AgeClasses: "custom", AgeBands: []model.AgeBand{
		{From: 40, Label: "{g}40"},
		{From: 0, Label: "{g}U20"},
		{From: 60, Label: "{g}60+"},
		{From: 20, Label: "{g}HK"},
	}}
	// A scheme that starts at 10: younger children have no class.
	late := &model.Race{ID: "walk", AgeClasses: "Custom", AgeBands: []model.AgeBand{
		{From: 10, Label: "Jugend"},
		{From: 18, Label: "Erwachsene"},
	}}
	tests := []struct {
		name string
		race *model.Race
		age  int
		g    model.Gender
		want string
	}{
		{"a five-year-old is in the merged youth class", merged, 5, model.Male, "MU20"},
		{"a newborn is in the merged youth class", merged, 0, model.Female, "WU20"},
		{"class age 19 is the last of the merged youth class", merged, 19, model.Diverse, "DU20"},
		{"class age 20 starts the main class", merged, 20, model.Male, "MHK"},
		{"class age 39 is the last of the main class", merged, 39, model.Female, "WHK"},
		{"class age 40 starts the 40 band", merged, 40, model.Female, "W40"},
		{"class age 59 is the last of the 40 band", merged, 59, model.Male, "M40"},
		{"class age 60 starts the open top band", merged, 60, model.Male, "M60+"},
		{"class age 101 is in the open top band", merged, 101, model.Diverse, "D60+"},
		{"a negative class age has no class", merged, -1, model.Male, ""},
		{"below the first band there is no class", late, 9, model.Male, ""},
		{"the first band starts at its From", late, 10, model.Male, "Jugend"},
		{"class age 17 is the last of the first band", late, 17, model.Female, "Jugend"},
		{"a label without {g} is the same for every gender", late, 18, model.Diverse, "Erwachsene"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.race.Scheme()
			if err != nil {
				t.Fatalf("Scheme(): %v", err)
			}
			if got := s.Class(tt.age, tt.g); got != tt.want {
				t.Errorf("Class(%d, %s) = %q, want %q", tt.age, tt.g, got, tt.want)
			}
			born := model.BirthDate{Year: 2026 - tt.age}
			if tt.age <= 2026 {
				if got := model.AgeClass(tt.race, 2026, born, tt.g); got != tt.want {
					t.Errorf("AgeClass(born %d, 2026) = %q, want %q", born.Year, got, tt.want)
				}
			}
		})
	}
}

func TestCustomSchemeDoesNotReorderTheRacesBands(t *testing.T) {
	bands := []model.AgeBand{{From: 20, Label: "{g}HK"}, {From: 0, Label: "{g}U20"}}
	r := &model.Race{ID: "fun", AgeClasses: "custom", AgeBands: bands}
	s, err := r.Scheme()
	if err != nil {
		t.Fatal(err)
	}
	if s[0].From != 0 || s[1].From != 20 {
		t.Errorf("scheme %v is not sorted by From", s)
	}
	if r.AgeBands[0].From != 20 {
		t.Errorf("Scheme() reordered the race's own AgeBands: %v", r.AgeBands)
	}
}

func TestInvalidSchemesAreRejected(t *testing.T) {
	tests := []struct {
		name    string
		race    model.Race
		wantErr string
	}{
		{"age bands without custom are rejected", model.Race{ID: "x", AgeBands: []model.AgeBand{{From: 0, Label: "Alle"}}}, "use \"custom\""},
		{"age bands with dlv are rejected", model.Race{ID: "x", AgeClasses: "dlv", AgeBands: []model.AgeBand{{From: 0, Label: "Alle"}}}, "use \"custom\""},
		{"custom without bands is rejected", model.Race{ID: "x", AgeClasses: "custom"}, "no age_bands"},
		{"two bands starting at the same age are rejected", model.Race{ID: "x", AgeClasses: "custom", AgeBands: []model.AgeBand{
			{From: 0, Label: "Kinder"}, {From: 20, Label: "A"}, {From: 20, Label: "B"},
		}}, "two age bands start at 20"},
		{"an unknown scheme name is rejected", model.Race{ID: "x", AgeClasses: "ladv"}, "expected dlv, none or custom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.race.Scheme()
			if err == nil {
				t.Fatalf("Scheme() = %v, want an error", s)
			}
			if s != nil {
				t.Errorf("Scheme() returned a scheme %v along with the error", s)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not mention %q", err, tt.wantErr)
			}
		})
	}
}
