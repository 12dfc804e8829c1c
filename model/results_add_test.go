package model_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
)

// AddFinish must give exactly what a full recompute gives, whenever it
// takes a finish: on random race days, each day's finishes are added one
// by one, each to the results computed without it.
func TestAddFinishMatchesAFullRecompute(t *testing.T) {
	base := exampleEvent(t)
	seed := time.Now().UnixNano()
	taken, refused := 0, 0
	for c := range 300 {
		ev, people, events := randomRaceDay(base, seed+int64(c))
		referenced := map[string]bool{}
		for _, e := range events {
			if e.Ref != "" {
				referenced[e.Ref] = true
			}
		}
		for i, e := range events {
			if e.Kind != model.KindFinish || referenced[e.ID] {
				continue
			}
			before := append(slices.Clone(events[:i]), events[i+1:]...)
			got := model.ComputeResults(ev, slices.Clone(people), before)
			if !model.AddFinish(ev, got, e, holderOf(people, e.Race, e.Bib), events) {
				refused++
				continue
			}
			taken++
			want := model.ComputeResults(ev, slices.Clone(people), slices.Clone(events))
			if g, w := describeResults(got), describeResults(want); !slices.Equal(g, w) {
				t.Fatalf("seed %d, finish %d (bib %d in %q at %d): AddFinish differs from a full recompute:\nadded:\n%s\nrecomputed:\n%s", seed+int64(c), i, e.Bib, e.Race, e.At,
					strings.Join(g, "\n"), strings.Join(w, "\n"))
			}
		}
	}
	if taken < 100 {
		t.Errorf("AddFinish took only %d finishes (refused %d): the test exercised too little", taken, refused)
	}
	t.Logf("seed %d: %d finishes added, %d left to a full recompute", seed, taken, refused)
}

// holderOf is the one participant who holds the bib in the race (nil if
// none or several).
func holderOf(people []model.Participant, race string, bib int) *model.Participant {
	var h *model.Participant
	for i := range people {
		if people[i].Race == race && people[i].Bib == bib && bib != 0 {
			if h != nil {
				return nil
			}
			p := people[i]
			h = &p
		}
	}
	return h
}

// Finishes added one after another to the same results — in finishing
// order mostly, some late (a stamped time given its bib afterwards) —
// give what a recompute gives after each.
func TestAddFinishOneAfterAnother(t *testing.T) {
	ev := exampleEvent(t)
	people, events := bigRace(t, ev, 300)
	finishes := slices.Clone(events[1:])
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 3))
	for range 20 { // some arrive out of order
		i, j := rng.IntN(len(finishes)), rng.IntN(len(finishes))
		finishes[i], finishes[j] = finishes[j], finishes[i]
	}
	byBib := map[int]*model.Participant{}
	for i := range people {
		byBib[people[i].Bib] = &people[i]
	}
	have := []model.TimingEvent{events[0]}
	rs := model.ComputeResults(ev, people, have)
	for i, e := range finishes {
		have = append(have, e)
		if !model.AddFinish(ev, rs, e, byBib[e.Bib], have) {
			t.Fatalf("finish %d (bib %d) was not added", i, e.Bib)
		}
		if i%25 == 0 || i == len(finishes)-1 {
			want := model.ComputeResults(ev, people, have)
			if g, w := describeResults(rs), describeResults(want); !slices.Equal(g, w) {
				t.Fatalf("after %d finishes added one by one:\n%s\nrecomputed:\n%s", i+1, strings.Join(g, "\n"), strings.Join(w, "\n"))
			}
		}
	}
}
