package model

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// Result is one participant's line in a race's results.
type Result struct {
	// Participant is the runner, shared with the participants the results
	// were computed from (copying 50,000 of them cost more than the rest).
	Participant *Participant  `json:"-"`
	Bib         int           `json:"bib"`
	Name        string        `json:"name"`
	Club        string        `json:"club,omitempty"`
	Gender      Gender        `json:"gender"` // the gender ranked in (D may rank with M or W)
	Class       string        `json:"age_class,omitempty"`
	Time        time.Duration `json:"time_ms"`          // exact, from the start, in whole ms as captured: places follow it
	TimeText    string        `json:"time"`             // shown and printed: Time rounded up (Race.ResultTimeText)
	Status      Status        `json:"status,omitempty"` // "" finished, dnf, dsq
	Reason      string        `json:"reason,omitempty"`
	Place       int           `json:"place,omitempty"`
	GenderPlace int           `json:"gender_place,omitempty"`
	ClassPlace  int           `json:"class_place,omitempty"`
	Finish      string        `json:"finish_id,omitempty"`
}

// MarshalJSON writes the time in milliseconds as its name says (a
// Duration would write nanoseconds: 2403000000000 for 0:40:03).
func (r Result) MarshalJSON() ([]byte, error) {
	type plain Result
	p := plain(r)
	p.Time = time.Duration(r.Time.Milliseconds()) // written as a number: milliseconds, in its place
	return json.Marshal(p)
}

// Flag is something in the timing records a person must look at; results
// are computed around it and never block on it.
type Flag struct {
	Kind   string    `json:"kind"` // unknown_bib, duplicate, before_start, waiting, no_start, bib_twice
	Finish string    `json:"finish_id,omitempty"`
	Bib    int       `json:"bib,omitempty"`
	At     time.Time `json:"at,omitempty"`
}

// Flag kinds.
const (
	FlagUnknownBib  = "unknown_bib"  // a finish with a bib nobody holds
	FlagDuplicate   = "duplicate"    // a bib finished twice; the first counts
	FlagBeforeStart = "before_start" // a finish before the race's start
	FlagWaiting     = "waiting"      // a stamped time still without a bib
	FlagNoStart     = "no_start"     // finishes but no start recorded
	FlagBibTwice    = "bib_twice"    // two participants hold the bib
)

// RaceResults are the results of one race.
type RaceResults struct {
	Race    string    `json:"race"`
	Start   time.Time `json:"start,omitempty"`
	Started bool      `json:"started"`
	Results []Result  `json:"results"` // finishers by place, then DNF, then DSQ
	Flags   []Flag    `json:"flags,omitempty"`

	added *addIndex // what AddFinish keeps between calls (see results_add.go)
}

// timingRecord is a start or finish with its corrections applied.
type timingRecord struct {
	ev     TimingEvent
	at     int64
	bib    int
	voided bool
}

// ComputeResults derives every race's results from the participants and
// the timing events. It is a pure function of its inputs: every replica
// with the same events shows the same results.
func ComputeResults(ev *Event, participants []Participant, events []TimingEvent) map[string]*RaceResults {
	recs, statuses := replayEvents(events)
	// race → bib → who holds it and its finishes. One entry per bib held;
	// entries come from one slice that never grows, so pointers stay valid.
	byRaceBib := map[string]*bibIndex{}
	entries := make([]bibEntry, 0, len(participants))
	denseLimit := 2*len(participants) + 1000
	var last *bibIndex
	for i := range participants {
		p := &participants[i]
		if p.Bib == 0 {
			continue
		}
		if last == nil || last.race != p.Race {
			last = byRaceBib[p.Race]
			if last == nil {
				last = &bibIndex{race: p.Race, limit: denseLimit}
				byRaceBib[p.Race] = last
			}
		}
		e := last.get(p.Bib)
		if e == nil {
			entries = append(entries, bibEntry{bib: p.Bib})
			e = &entries[len(entries)-1]
			e.holders = e.oneHolder[:0]
			last.put(p.Bib, e)
		}
		e.holders = append(e.holders, p)
	}
	out := map[string]*RaceResults{}
	for i := range ev.Races {
		out[ev.Races[i].ID] = &RaceResults{Race: ev.Races[i].ID}
	}
	// Starts: the latest (by HLC) start of each race that is not voided.
	for _, r := range recs {
		if r.ev.Kind != KindStart || r.voided {
			continue
		}
		rr := out[r.ev.Race]
		if rr == nil {
			continue
		}
		rr.Start, rr.Started = time.UnixMilli(r.at), true
	}
	last = nil
	for _, r := range recs {
		if r.ev.Kind != KindFinish || r.voided {
			continue
		}
		race := r.ev.Race
		if r.bib == 0 {
			if rr := out[race]; rr != nil {
				rr.Flags = append(rr.Flags, Flag{Kind: FlagWaiting, Finish: r.ev.ID, At: time.UnixMilli(r.at)})
			} else {
				out[""] = orFlag(out[""], Flag{Kind: FlagWaiting, Finish: r.ev.ID, At: time.UnixMilli(r.at)})
			}
			continue
		}
		if last == nil || last.race != race {
			last = byRaceBib[race]
		}
		e := last.get(r.bib)
		if race == "" || e == nil {
			// A runner found in another race counts there; an unknown
			// bib stays with the race the timekeeper named, if any.
			if other := raceOfBib(ev, byRaceBib, r.bib); other != "" && (race == "" || byRaceBib[other].get(r.bib) != nil) {
				race = other
				e = byRaceBib[race].get(r.bib)
			}
		}
		if e == nil {
			f := Flag{Kind: FlagUnknownBib, Finish: r.ev.ID, Bib: r.bib, At: time.UnixMilli(r.at)}
			if rr := out[race]; rr != nil {
				rr.Flags = append(rr.Flags, f)
			} else {
				out[""] = orFlag(out[""], f)
			}
			continue
		}
		if e.finishes == nil {
			e.finishes = e.oneFinish[:0]
		}
		e.finishes = append(e.finishes, finishRef{at: r.at, id: r.ev.ID})
	}
	for i := range ev.Races {
		race := &ev.Races[i]
		var bibs []*bibEntry
		if x := byRaceBib[race.ID]; x != nil {
			bibs = x.entries
		}
		computeRace(ev, race, out[race.ID], bibs, statuses)
	}
	if out[""] == nil {
		delete(out, "")
	}
	return out
}

// bibEntry is a bib of a race: who holds it, and the finishes it has.
// The one-element arrays back the slices in the usual case of one holder
// and one finish, so that a big race needs no allocation per runner.
type bibEntry struct {
	bib       int
	holders   []*Participant
	finishes  []finishRef
	oneHolder [1]*Participant
	oneFinish [1]finishRef
}

// finishRef is what ranking needs of a finish record. It is copied out
// while the records are read in order; reading the records again bib by
// bib would cost a cache miss per runner.
type finishRef struct {
	at int64
	id string
}

// bibIndex finds a race's bib entries: by index for bibs up to limit
// (bibs are numbered from 1, so that is nearly all of them), in a map
// beyond.
type bibIndex struct {
	race    string
	limit   int
	dense   []*bibEntry
	sparse  map[int]*bibEntry
	entries []*bibEntry // in the order of participants
}

func (x *bibIndex) get(bib int) *bibEntry {
	switch {
	case x == nil:
		return nil
	case bib >= 0 && bib < len(x.dense):
		return x.dense[bib]
	}
	return x.sparse[bib]
}

func (x *bibIndex) put(bib int, e *bibEntry) {
	x.entries = append(x.entries, e)
	if bib < 0 || bib >= x.limit {
		if x.sparse == nil {
			x.sparse = map[int]*bibEntry{}
		}
		x.sparse[bib] = e
		return
	}
	if bib >= len(x.dense) {
		x.dense = slices.Grow(x.dense, bib+1-len(x.dense))[:bib+1]
	}
	x.dense[bib] = e
}

func orFlag(rr *RaceResults, f Flag) *RaceResults {
	if rr == nil {
		rr = &RaceResults{}
	}
	rr.Flags = append(rr.Flags, f)
	return rr
}

// raceOfBib is the race whose participants or bib ranges hold bib; the
// event's order of races decides when more than one does.
func raceOfBib(ev *Event, byRaceBib map[string]*bibIndex, bib int) string {
	for _, r := range ev.Races {
		if byRaceBib[r.ID].get(bib) != nil {
			return r.ID
		}
	}
	for _, r := range ev.Races {
		if r.BibInRange(bib) {
			return r.ID
		}
	}
	return ""
}

// replayed is a start or finish with its corrections applied; ev points
// into the caller's events.
type replayed struct {
	ev     *TimingEvent
	at     int64
	bib    int
	voided bool
}

// replay applies corrections, in HLC order, to the starts and finishes,
// and finds each bib's latest status.
func replay(events []TimingEvent) ([]*timingRecord, map[int]TimingEvent) {
	rs, statuses := replayEvents(events)
	store := make([]timingRecord, len(rs))
	recs := make([]*timingRecord, len(rs))
	for i, r := range rs {
		store[i] = timingRecord{ev: *r.ev, at: r.at, bib: r.bib, voided: r.voided}
		recs[i] = &store[i]
	}
	return recs, statuses
}

// replayEvents is replay without copying the events.
func replayEvents(events []TimingEvent) ([]replayed, map[int]TimingEvent) {
	// Sort pointers, not the events: an event is large, and large swaps
	// dominated the time with tens of thousands of finishes.
	sorted := sortedByHLC(events)
	// Only records that some correction references need finding by ID.
	byID := map[string]int{}
	for i := range events {
		if events[i].Ref != "" {
			byID[events[i].Ref] = -1
		}
	}
	cancelled := cancelledEvents(sorted)
	recs := make([]replayed, 0, len(events))
	statuses := map[int]TimingEvent{}
	for _, e := range sorted {
		if e.Kind == KindStart || e.Kind == KindFinish {
			if _, ok := byID[e.ID]; ok {
				byID[e.ID] = len(recs)
			}
			recs = append(recs, replayed{ev: e, at: e.At, bib: e.Bib, voided: cancelled[e.ID]})
			continue
		}
		if cancelled[e.ID] {
			continue // voided (undone): as if it had not been made
		}
		var r *replayed
		if i, ok := byID[e.Ref]; ok && i >= 0 {
			r = &recs[i]
		}
		switch e.Kind {
		case KindBib:
			if r != nil {
				r.bib = e.Bib
			}
		case KindTime:
			if r != nil {
				r.at = e.At
			}
		case KindStatus:
			statuses[e.Bib] = *e
		}
	}
	return recs, statuses
}

// cancelledEvents are the events a void that counts voids: a start or
// finish that does not count, or a correction (a bib, a time, a status,
// another void) undone as if it had not been made. A void of a void
// brings its target back, so an undo is itself undoable. sorted is in
// HLC order, and like every correction a void only acts on what comes
// before it (its desk had seen that): going backwards, each void is
// settled before what it voids is reached. Nil when nothing is voided
// (the common case costs one pass, no map).
func cancelledEvents(sorted []*TimingEvent) map[string]bool {
	var targeted, cancelled map[string]bool
	for i := len(sorted) - 1; i >= 0; i-- {
		e := sorted[i]
		if targeted[e.ID] {
			if cancelled == nil {
				cancelled = map[string]bool{}
			}
			cancelled[e.ID] = true
			continue
		}
		if e.Kind == KindVoid {
			if targeted == nil {
				targeted = map[string]bool{}
			}
			targeted[e.Ref] = true
		}
	}
	return cancelled
}

// computeRace ranks one race. Its bibs come in the order of the
// participants, which is also their order in memory.
func computeRace(ev *Event, race *Race, rr *RaceResults, bibs []*bibEntry, statuses map[int]TimingEvent) {
	start := rr.Start.UnixMilli()
	classes := newClassCache(ev, race)

	// First each runner's outcome, with finishers as small values; the
	// large Results are built afterwards, each written once at its place.
	type finisher struct {
		time time.Duration
		bib  int
		p    *Participant
		id   string
	}
	finishers := make([]finisher, 0, len(bibs))
	var dnf, dsq []Result
	var flags []Flag
	for _, e := range bibs {
		bib, ps, fs := e.bib, e.holders, e.finishes
		p := ps[0]
		if len(ps) > 1 {
			flags = append(flags, Flag{Kind: FlagBibTwice, Bib: bib})
			// The one with the smallest ID stands for the bib until a
			// person resolves it: the same on every replica, whatever
			// order the participants come in.
			for _, q := range ps[1:] {
				if q.ID < p.ID {
					p = q
				}
			}
		}
		if len(fs) > 1 {
			slices.SortFunc(fs, func(a, b finishRef) int {
				if a.at != b.at {
					return cmp.Compare(a.at, b.at)
				}
				return strings.Compare(a.id, b.id)
			})
		}
		if rr.Started {
			// A finish before the start never counts: it is flagged, and
			// the earliest finish after the start counts.
			kept := 0
			for _, f := range fs {
				if f.at < start {
					flags = append(flags, Flag{Kind: FlagBeforeStart, Finish: f.id, Bib: bib, At: time.UnixMilli(f.at)})
				} else {
					fs[kept] = f
					kept++
				}
			}
			fs = fs[:kept]
		}
		for _, extra := range fs[min(1, len(fs)):] {
			flags = append(flags, Flag{Kind: FlagDuplicate, Finish: extra.id, Bib: bib, At: time.UnixMilli(extra.at)})
		}
		status, reason := p.Status, ""
		if st, ok := statuses[bib]; ok {
			status, reason = st.Status, st.Reason
		}
		switch status {
		case DNF:
			res := newResult(race, classes, p)
			res.Status, res.Reason = DNF, reason
			dnf = append(dnf, res)
			continue
		case DSQ:
			res := newResult(race, classes, p)
			res.Status, res.Reason = DSQ, reason
			dsq = append(dsq, res)
			continue
		case DNS:
			continue
		}
		if len(fs) == 0 {
			continue
		}
		if !rr.Started {
			flags = append(flags, Flag{Kind: FlagNoStart, Finish: fs[0].id, Bib: bib, At: time.UnixMilli(fs[0].at)})
			continue
		}
		// The exact time: places follow it (the finish order); only
		// the time shown is rounded (below).
		d := time.Duration(fs[0].at-start) * time.Millisecond
		finishers = append(finishers, finisher{d, bib, p, fs[0].id})
	}
	// Flags, DNF and DSQ by bib (each bib's flags stay in their order).
	slices.SortStableFunc(flags, func(a, b Flag) int { return cmp.Compare(a.Bib, b.Bib) })
	rr.Flags = append(rr.Flags, flags...)
	byBib := func(a, b Result) int { return cmp.Compare(a.Bib, b.Bib) }
	slices.SortFunc(dnf, byBib)
	slices.SortFunc(dsq, byBib)
	// Sort small keys; finishers are only read, in finishing order.
	type key struct {
		time time.Duration
		bib  int
		i    int
	}
	order := make([]key, len(finishers))
	for i, f := range finishers {
		order[i] = key{f.time, f.bib, i}
	}
	slices.SortFunc(order, func(a, b key) int {
		if a.time != b.time {
			return cmp.Compare(a.time, b.time)
		}
		return cmp.Compare(a.bib, b.bib)
	})
	if len(finishers)+len(dnf)+len(dsq) == 0 {
		return
	}
	// Read the participants in their order in memory (finishers are in
	// it) and write each result at its place: a cache miss per read costs
	// more than one per write.
	at := make([]int, len(finishers))
	for i, k := range order {
		at[k.i] = i
	}
	results := make([]Result, len(finishers), len(finishers)+len(dnf)+len(dsq))
	for i := range finishers {
		f := &finishers[i]
		res := &results[at[i]]
		*res = newResult(race, classes, f.p)
		res.Time = f.time
		res.Finish = f.id
	}
	var shown, prev time.Duration
	for i := range results {
		res := &results[i]
		shown, prev = race.ResultTime(res.Time), shown
		if i > 0 && shown == prev {
			res.TimeText = results[i-1].TimeText // equal shown times share one string
		} else {
			res.TimeText = race.ResultTimeText(res.Time)
		}
	}
	rank(results)
	results = append(results, dnf...)
	rr.Results = append(results, dsq...)
}

// ResultTime is the time a result shows for the exact elapsed time d:
// d rounded UP to the race's unit (whole seconds, or tenths — see
// TimeUnit), never down. The rules convert a time "to the next longer"
// unit unless it is exact: World Athletics Technical Rules TR 19 (hand,
// fully automatic and transponder timing, TR 19.24; formerly IAAF Rule
// 165.10, 165.22 and 165.24), which the DLV applies through the IWR.
// For races held partly or entirely outside the stadium that unit is the
// whole second: 2:09:44.3 is recorded as 2:09:45, 40:03.0 stays 40:03.
// Only the time shown is rounded; places follow the exact times.
func (r *Race) ResultTime(d time.Duration) time.Duration {
	unit := r.TimeUnit()
	up := d / unit * unit // toward zero: down for a time after the start
	if up < d {
		up += unit
	}
	return up
}

// ResultTimeText is the one place a result's time text is made: d
// rounded up (ResultTime) and written as h:mm:ss, or h:mm:ss.t in a race
// with tenths. The results screen, `racedesk results`, exports and
// printed lists all show it (Result.TimeText).
func (r *Race) ResultTimeText(d time.Duration) string {
	return FormatDuration(r.ResultTime(d), r.TimeUnit() < time.Second)
}

// newResult fills the participant part of a result.
func newResult(race *Race, classes *classCache, p *Participant) Result {
	g := p.Gender
	if g == Diverse && (race.Diverse == "M" || race.Diverse == "W") {
		g = Gender(race.Diverse)
	}
	return Result{Participant: p, Bib: p.Bib, Name: p.FullName(), Club: p.Club, Gender: g,
		Class: classes.class(p.Born, g)}
}

// classCache is AgeClass for one race, remembered per birth year and
// gender: a big race has tens of thousands of runners but few of those.
type classCache struct {
	race *Race
	year int
	m    map[int]string // birth year × 4 + gender
}

func newClassCache(ev *Event, race *Race) *classCache {
	return &classCache{race: race, year: ev.Year(), m: map[int]string{}}
}

func (c *classCache) class(b BirthDate, g Gender) string {
	var k int
	switch g {
	case Male:
		k = 0
	case Female:
		k = 1
	case Diverse:
		k = 2
	default:
		return AgeClass(c.race, c.year, b, g)
	}
	k += b.Year * 4
	class, ok := c.m[k]
	if !ok {
		class = AgeClass(c.race, c.year, b, g)
		c.m[k] = class
	}
	return class
}

// rank gives finishers, sorted by time, their places overall, by gender
// and by class; equal times share a place (1, 2, 2, 4). The times are the
// exact ones, so places follow the finish order (World Athletics TR 18.2:
// athletes are placed in the order they reach the finish line): two
// runners 0.3 s apart are 1st and 2nd though both show 0:40:04 (TimeText
// is rounded up); only the same exact time shares a place.
func rank(done []Result) {
	type counter struct {
		n    int
		last time.Duration
		pl   int
	}
	place := func(c *counter, t time.Duration) int {
		c.n++
		if c.n == 1 || t != c.last {
			c.pl = c.n
		}
		c.last = t
		return c.pl
	}
	var all counter
	byGender := map[Gender]*counter{}
	byClass := map[string]*counter{}
	for i := range done {
		r := &done[i]
		r.Place = place(&all, r.Time)
		if byGender[r.Gender] == nil {
			byGender[r.Gender] = &counter{}
		}
		r.GenderPlace = place(byGender[r.Gender], r.Time)
		if r.Class != "" {
			if byClass[r.Class] == nil {
				byClass[r.Class] = &counter{}
			}
			r.ClassPlace = place(byClass[r.Class], r.Time)
		}
	}
}
