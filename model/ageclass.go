package model

import (
	"fmt"
	"sort"
	"strings"
)

// AgeBand starts an age class at class age From (event year − birth year).
// Label may contain {g}, replaced by the gender letter (M, W or D).
type AgeBand struct {
	From  int    `toml:"from" json:"from"`
	Label string `toml:"label" json:"label"`
}

// AgeScheme maps a class age to a class. Bands are sorted by From; a class
// age below the first band has no class.
type AgeScheme []AgeBand

// DLV is the default scheme after Deutsche Leichtathletik-Ordnung §3: youth
// classes in two-year steps, the main class 20–29, then five-year bands.
var DLV = func() AgeScheme {
	s := AgeScheme{
		{0, "Bambini"},
		{6, "{g}U8"}, {8, "{g}U10"}, {10, "{g}U12"}, {12, "{g}U14"},
		{14, "{g}U16"}, {16, "{g}U18"}, {18, "{g}U20"}, {20, "{g}HK"},
	}
	for age := 30; age <= 95; age += 5 {
		s = append(s, AgeBand{age, fmt.Sprintf("{g}%d", age)})
	}
	return s
}()

// ClassAge is the age that decides the class: the age reached in the event
// year. The birthday itself does not matter.
func ClassAge(eventYear, birthYear int) int { return eventYear - birthYear }

// Class returns the class label for a class age and gender, or "" when the
// age is below every band.
func (s AgeScheme) Class(classAge int, g Gender) string {
	i := sort.Search(len(s), func(i int) bool { return s[i].From > classAge }) - 1
	if i < 0 {
		return ""
	}
	return strings.ReplaceAll(s[i].Label, "{g}", string(g))
}

// Scheme returns the race's age-class scheme; nil means the race ranks
// without age classes.
func (r *Race) Scheme() (AgeScheme, error) {
	switch strings.ToLower(r.AgeClasses) {
	case "", "dlv":
		if len(r.AgeBands) > 0 {
			return nil, fmt.Errorf("age_bands given but age_classes is %q (use \"custom\")", r.AgeClasses)
		}
		return DLV, nil
	case "none":
		return nil, nil
	case "custom":
		if len(r.AgeBands) == 0 {
			return nil, fmt.Errorf("age_classes is custom but no age_bands are given")
		}
		s := append(AgeScheme(nil), r.AgeBands...)
		sort.SliceStable(s, func(i, j int) bool { return s[i].From < s[j].From })
		for i := 1; i < len(s); i++ {
			if s[i].From == s[i-1].From {
				return nil, fmt.Errorf("two age bands start at %d", s[i].From)
			}
		}
		return s, nil
	}
	return nil, fmt.Errorf("age_classes %q: expected dlv, none or custom", r.AgeClasses)
}

// AgeClass is the class of a participant in race r of an event in
// eventYear; "" when the race has no classes or the birth year is unknown.
func AgeClass(r *Race, eventYear int, b BirthDate, g Gender) string {
	if b.Year == 0 {
		return ""
	}
	s, err := r.Scheme()
	if err != nil || s == nil {
		return ""
	}
	return s.Class(ClassAge(eventYear, b.Year), g)
}
