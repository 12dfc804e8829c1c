package model_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
)

// BenchmarkComputeResults50k recomputes the results of a 10 km race with
// 50,000 finishers (and one start) — what the results screen does after
// every finish. Runners are the demo generator's: German and other
// European names with accents, realistic birth years (some year-only) and
// genders including D; finish times are spread around 55 minutes.
func BenchmarkComputeResults50k(b *testing.B) {
	const n = 50_000
	ev := exampleEvent(b)
	people, events := bigRace(b, ev, n)
	b.ReportAllocs()
	for b.Loop() {
		rs := model.ComputeResults(ev, people, events)
		if got := len(rs["10k"].Results); got != n {
			b.Fatalf("%d results, want %d", got, n)
		}
	}
}

// bigRace enters n demo runners in the 10k with bibs 1..n, starts the race
// at 10:30 and lets every runner finish once, recorded in finishing order.
// Runners are returned in no particular order of bibs.
func bigRace(tb testing.TB, ev *model.Event, n int) ([]model.Participant, []model.TimingEvent) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(2026, 12))
	people := make([]model.Participant, 0, n)
	for i, in := range demo.Runners(ev, n, 2026) {
		born, err := model.ParseBirthDate(in.Born, today)
		if err != nil {
			tb.Fatalf("demo runner %d: born %q: %v", i, in.Born, err)
		}
		people = append(people, model.Participant{
			ID: fmt.Sprintf("%08d", i), First: in.First, Last: in.Last, Born: born,
			Gender: model.Gender(in.Gender), Club: in.Club, Race: "10k", Bib: i + 1,
			Status: model.CheckedIn, Source: model.SourceOnline,
		})
	}
	gun := time.Date(2026, time.December, 6, 10, 30, 0, 0, time.Local).UnixMilli()
	events := []model.TimingEvent{{ID: "start", Kind: model.KindStart, Race: "10k", At: gun,
		HLC: model.MakeHLC(gun, 0), Mode: model.ModeKey}}
	finishes := make([]int64, n)
	for i := range finishes {
		minutes := math.Max(29, 55+11*rng.NormFloat64())
		finishes[i] = gun + int64(minutes*60_000) + rng.Int64N(1000)
	}
	order := rng.Perm(n) // who finishes at which of the (sorted) times
	slices.Sort(finishes)
	for k, i := range order {
		at := finishes[k]
		events = append(events, model.TimingEvent{
			ID: fmt.Sprintf("f%06d", k), Device: "dev-1", Desk: "Ziel", Kind: model.KindFinish,
			Race: "10k", Bib: people[i].Bib, At: at, HLC: model.MakeHLC(at+800, uint16(k%7)), Mode: model.ModeBib,
		})
	}
	// The store lists runners by name, not by bib.
	rng.Shuffle(n, func(i, j int) { people[i], people[j] = people[j], people[i] })
	return people, events
}

// BenchmarkAddFinish50k applies one new finisher to the results of a race
// that 50,000 have finished — the live results screen's work per finish —
// against recomputing them (BenchmarkComputeResults50k).
func BenchmarkAddFinish50k(b *testing.B) {
	const n = 50_000
	ev := exampleEvent(b)
	people, events := bigRace(b, ev, n)
	rs := model.ComputeResults(ev, people, events)
	last := events[len(events)-1].At
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		// A runner who has not finished yet crosses the line after everyone.
		b.StopTimer()
		i++
		p := &model.Participant{ID: fmt.Sprintf("late%06d", i), First: "Spät", Last: "Läufer", Gender: model.Female,
			Born: model.BirthDate{Year: 1980}, Race: "10k", Bib: n + i, Status: model.CheckedIn}
		e := model.TimingEvent{ID: fmt.Sprintf("g%06d", i), Kind: model.KindFinish, Race: "10k", Bib: p.Bib,
			At: last + int64(i)*1000, HLC: model.MakeHLC(last+int64(i)*1000, 0), Mode: model.ModeBib}
		events = append(events, e)
		b.StartTimer()
		if !model.AddFinish(ev, rs, e, p, events) {
			b.Fatal("the plain finish was not added")
		}
	}
}
