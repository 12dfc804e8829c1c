package model

import (
	"sort"
	"time"
)

// AddFinish applies one new finish to results ComputeResults made, in
// place, for the plain case of race day: a bib finishing for the first
// time, after its race's start, held by one runner who has no result yet.
// Then only that runner's line is new and the places behind it move, so a
// live results screen need not recompute 50,000 lines per finisher. In
// any other case (a stamp without a bib, a second finish, a correction, a
// runner with a status) it changes nothing and reports false: compute
// again. holder is the one runner who holds the bib in e.Race; events are
// all timing events, e among them (a status given to the bib — DNS, DNF,
// DSQ — or a correction of e leaves it to the full recompute).
func AddFinish(ev *Event, all map[string]*RaceResults, e TimingEvent, holder *Participant, events []TimingEvent) bool {
	if e.Kind != KindFinish || e.Bib <= 0 || e.Race == "" || e.Ref != "" || holder == nil ||
		holder.Race != e.Race || holder.Bib != e.Bib || holder.Status == DNS {
		return false
	}
	for i := range events {
		if x := &events[i]; x.Ref == e.ID || x.Kind == KindStatus && x.Bib == e.Bib {
			return false
		}
	}
	race, ok := ev.Race(e.Race)
	rr := all[e.Race]
	if !ok || rr == nil || !rr.Started || e.At < rr.Start.UnixMilli() {
		return false
	}
	x := rr.index()
	if x.has[e.Bib] {
		return false // a second finish, a flagged bib, or a runner out of the race
	}
	res := newResult(race, newClassCache(ev, race), holder)
	res.Time = time.Duration(e.At-rr.Start.UnixMilli()) * time.Millisecond // exact: places follow it
	res.TimeText = race.ResultTimeText(res.Time)
	res.Finish = e.ID
	// Its place: after every finisher faster than it, or as fast with a
	// smaller bib (ComputeResults' order).
	finishers := x.finishers
	at := sort.Search(finishers, func(i int) bool {
		r := &rr.Results[i]
		return r.Time > res.Time || r.Time == res.Time && r.Bib > res.Bib
	})
	rr.Results = append(rr.Results, Result{})
	copy(rr.Results[at+1:], rr.Results[at:])
	rr.Results[at] = res
	if at == finishers {
		x.placeLast(rr.Results[:finishers+1]) // the usual case: behind everyone so far
	} else {
		rank(rr.Results[:finishers+1]) // someone faster than the last: places behind move
		rr.added = nil                 // built again on the next call
		return true
	}
	x.has[e.Bib] = true
	return true
}

// addIndex is what AddFinish needs to know of a race's results without
// reading all 50,000 lines per finish: the bibs that have a line or a
// flag, and per gender and class how many finished and who was last.
type addIndex struct {
	has        map[int]bool
	finishers  int
	genderN    map[Gender]int
	lastGender map[Gender]int // index of the last finisher of the gender
	classN     map[string]int
	lastClass  map[string]int
}

// index returns the race's index, building it on first use.
func (rr *RaceResults) index() *addIndex {
	if rr.added != nil {
		return rr.added
	}
	x := &addIndex{has: make(map[int]bool, len(rr.Results)), finishers: len(rr.Results),
		genderN: map[Gender]int{}, lastGender: map[Gender]int{}, classN: map[string]int{}, lastClass: map[string]int{}}
	for i := range rr.Flags {
		x.has[rr.Flags[i].Bib] = true
	}
	for i := range rr.Results {
		r := &rr.Results[i]
		x.has[r.Bib] = true
		if r.Status != "" {
			x.finishers = min(x.finishers, i) // finishers first, then DNF and DSQ
			continue
		}
		x.count(r, i)
	}
	rr.added = x
	return x
}

func (x *addIndex) count(r *Result, i int) {
	x.genderN[r.Gender]++
	x.lastGender[r.Gender] = i
	if r.Class != "" {
		x.classN[r.Class]++
		x.lastClass[r.Class] = i
	}
}

// placeLast gives the last finisher its places from those before it, as
// rank would: overall, and in its gender and class.
func (x *addIndex) placeLast(done []Result) {
	n := len(done)
	r := &done[n-1]
	place := func(count int, prev *Result, prevPlace int) int {
		if prev != nil && prev.Time == r.Time {
			return prevPlace
		}
		return count
	}
	r.Place = n
	if n > 1 {
		r.Place = place(n, &done[n-2], done[n-2].Place)
	}
	r.GenderPlace = 1
	if x.genderN[r.Gender] > 0 {
		prev := &done[x.lastGender[r.Gender]]
		r.GenderPlace = place(x.genderN[r.Gender]+1, prev, prev.GenderPlace)
	}
	if r.Class != "" {
		r.ClassPlace = 1
		if x.classN[r.Class] > 0 {
			prev := &done[x.lastClass[r.Class]]
			r.ClassPlace = place(x.classN[r.Class]+1, prev, prev.ClassPlace)
		}
	}
	x.count(r, n-1)
	x.finishers = n
}
