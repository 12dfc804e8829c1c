package store_test

import (
	"testing"

	"github.com/racedesk/racedesk/model"
)

// BenchmarkSimilar50k is one duplicate check of a late entry against
// 50,000 runners, as the form runs it before saving (target: < 5 ms).
func BenchmarkSimilar50k(b *testing.B) {
	s := bigStore(b)
	// A runner who is there, typed again with a letter missing.
	hits, err := s.Search("müller jörg", 1)
	if err != nil || len(hits) == 0 {
		b.Fatalf("no Müller, Jörg among the runners: %v", err)
	}
	there := model.PersonOf(&hits[0].Participant)
	there.Last, there.ExternalID = "Muler", ""
	date := func(y, m, d int) model.BirthDate { return model.BirthDate{Year: y, Month: m, Day: d} }
	for _, bm := range []struct {
		name string
		p    model.Person
	}{
		{"there", there},
		{"common", model.Person{First: "Jörg", Last: "Müller", Born: date(1980, 4, 27), Gender: model.Male}},
		{"typo", model.Person{First: "Anna", Last: "Hofman", Born: date(1990, 5, 6), Gender: model.Female}},
		{"swapped", model.Person{First: "Schmidt", Last: "Petra", Born: date(1970, 7, 8), Gender: model.Female}},
		{"double", model.Person{First: "Hans-Peter", Last: "Mayer-Lüdenscheidt", Born: date(1958, 6, 7), Gender: model.Male}},
		{"walkin", model.Person{First: "Quentin", Last: "Abernathy", Born: date(1977, 1, 2), Gender: model.Male}},
		{"yearonly", model.Person{First: "Tim", Last: "Roth", Born: model.BirthDate{Year: 1985}, Gender: model.Male}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			var n int
			for i := 0; i < b.N; i++ {
				ms, err := s.Similar(bm.p, "")
				if err != nil {
					b.Fatal(err)
				}
				n = len(ms)
			}
			b.ReportMetric(float64(n), "matches")
		})
	}
}
