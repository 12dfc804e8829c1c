package model_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/racedesk/racedesk/model"
)

// Records built by adding plain starts and finishes one by one are the
// records a full replay gives, whatever their order of arrival.
func TestAddTimingRecordMatchesAFullReplay(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for round := 0; round < 200; round++ {
		var evs []model.TimingEvent
		var recs []model.TimingRecord
		for i := 0; i < 1+rng.IntN(60); i++ {
			e := model.TimingEvent{ID: fmt.Sprintf("e%03d", rng.IntN(1000)), Kind: model.KindFinish, At: int64(rng.IntN(20)) * 1000,
				Bib: rng.IntN(5), HLC: model.HLC(i + 1)}
			if rng.IntN(10) == 0 {
				e.Kind = model.KindStart
			}
			if slices.ContainsFunc(evs, func(o model.TimingEvent) bool { return o.ID == e.ID }) {
				continue // the caller adds new events only
			}
			evs = append(evs, e)
			var ok bool
			if recs, ok = model.AddTimingRecord(recs, e); !ok {
				t.Fatalf("a plain %s was refused", e.Kind)
			}
			if want := model.TimingRecords(evs); !reflect.DeepEqual(recs, want) && !(len(recs) == 0 && len(want) == 0) {
				t.Fatalf("round %d after %d events:\n got %+v\nwant %+v", round, len(evs), recs, want)
			}
		}
	}
	if _, ok := model.AddTimingRecord(nil, model.TimingEvent{ID: "c", Kind: model.KindBib, Ref: "e001", Bib: 4}); ok {
		t.Error("a correction was added as a record")
	}
}

// Finishes are numbered in time order from 1, voided ones too; a time
// correction moves a finish, and its number with it. Starts have none.
func TestFinishNumbersFollowTheCorrectedTimes(t *testing.T) {
	evs := []model.TimingEvent{
		{ID: "s", Kind: model.KindStart, Race: "10k", At: 1000, HLC: 1},
		{ID: "a", Kind: model.KindFinish, At: 5000, Bib: 1, HLC: 2},
		{ID: "b", Kind: model.KindFinish, At: 6000, Bib: 2, HLC: 3},
		{ID: "c", Kind: model.KindFinish, At: 7000, Bib: 3, HLC: 4},
		{ID: "v", Kind: model.KindVoid, Ref: "b", HLC: 5},
		{ID: "t", Kind: model.KindTime, Ref: "c", At: 4000, HLC: 6},
	}
	recs := model.TimingRecords(evs)
	var got []string
	for _, r := range model.Finishes(recs) {
		got = append(got, fmt.Sprintf("#%d %s", model.FinishNumber(recs, r.Event.ID), r.Event.ID))
	}
	if want := []string{"#1 c", "#2 a", "#3 b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("numbers %v, want %v", got, want)
	}
	if n := model.FinishNumber(recs, "s"); n != 0 {
		t.Errorf("a start has number %d", n)
	}
	if n := model.FinishNumber(recs, "nope"); n != 0 {
		t.Errorf("an unknown event has number %d", n)
	}
}
