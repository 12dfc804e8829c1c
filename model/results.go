package model

import (
	"sort"
	"time"
)

// Result is one participant's line in a race's results.
type Result struct {
	Participant Participant   `json:"-"`
	Bib         int           `json:"bib"`
	Name        string        `json:"name"`
	Club        string        `json:"club,omitempty"`
	Gender      Gender        `json:"gender"` // the gender ranked in (D may rank with M or W)
	Class       string        `json:"class,omitempty"`
	Time        time.Duration `json:"time_ms"`
	TimeText    string        `json:"time"`
	Status      Status        `json:"status,omitempty"` // "" finished, dnf, dsq
	Reason      string        `json:"reason,omitempty"`
	Place       int           `json:"place,omitempty"`
	GenderPlace int           `json:"gender_place,omitempty"`
	ClassPlace  int           `json:"class_place,omitempty"`
	Finish      string        `json:"finish_id,omitempty"`
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
	recs, statuses := replay(events)
	byRaceBib := map[string]map[int][]*Participant{}
	for i := range participants {
		p := &participants[i]
		if p.Bib == 0 {
			continue
		}
		if byRaceBib[p.Race] == nil {
			byRaceBib[p.Race] = map[int][]*Participant{}
		}
		byRaceBib[p.Race][p.Bib] = append(byRaceBib[p.Race][p.Bib], p)
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
	finishes := map[string]map[int][]*timingRecord{} // race → bib → finishes
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
		if race == "" || byRaceBib[race][r.bib] == nil {
			if other := raceOfBib(ev, byRaceBib, r.bib); other != "" {
				race = other
			}
		}
		if byRaceBib[race][r.bib] == nil {
			f := Flag{Kind: FlagUnknownBib, Finish: r.ev.ID, Bib: r.bib, At: time.UnixMilli(r.at)}
			if rr := out[race]; rr != nil {
				rr.Flags = append(rr.Flags, f)
			} else {
				out[""] = orFlag(out[""], f)
			}
			continue
		}
		if finishes[race] == nil {
			finishes[race] = map[int][]*timingRecord{}
		}
		finishes[race][r.bib] = append(finishes[race][r.bib], r)
	}
	for i := range ev.Races {
		race := &ev.Races[i]
		computeRace(ev, race, out[race.ID], byRaceBib[race.ID], finishes[race.ID], statuses)
	}
	if out[""] == nil {
		delete(out, "")
	}
	return out
}

func orFlag(rr *RaceResults, f Flag) *RaceResults {
	if rr == nil {
		rr = &RaceResults{}
	}
	rr.Flags = append(rr.Flags, f)
	return rr
}

// raceOfBib is the race whose participants or bib ranges hold bib.
func raceOfBib(ev *Event, byRaceBib map[string]map[int][]*Participant, bib int) string {
	for race, m := range byRaceBib {
		if m[bib] != nil {
			return race
		}
	}
	for _, r := range ev.Races {
		if r.BibInRange(bib) {
			return r.ID
		}
	}
	return ""
}

// replay applies corrections, in HLC order, to the starts and finishes,
// and finds each bib's latest status.
func replay(events []TimingEvent) ([]*timingRecord, map[int]TimingEvent) {
	sorted := append([]TimingEvent(nil), events...)
	sort.Slice(sorted, func(i, j int) bool {
		if sorted[i].HLC != sorted[j].HLC {
			return sorted[i].HLC < sorted[j].HLC
		}
		return sorted[i].ID < sorted[j].ID
	})
	byID := map[string]*timingRecord{}
	var recs []*timingRecord
	statuses := map[int]TimingEvent{}
	for _, e := range sorted {
		switch e.Kind {
		case KindStart, KindFinish:
			r := &timingRecord{ev: e, at: e.At, bib: e.Bib}
			byID[e.ID] = r
			recs = append(recs, r)
		case KindBib:
			if r := byID[e.Ref]; r != nil {
				r.bib = e.Bib
			}
		case KindTime:
			if r := byID[e.Ref]; r != nil {
				r.at = e.At
			}
		case KindVoid:
			if r := byID[e.Ref]; r != nil {
				r.voided = true
			}
		case KindStatus:
			statuses[e.Bib] = e
		}
	}
	return recs, statuses
}

// computeRace ranks one race.
func computeRace(ev *Event, race *Race, rr *RaceResults, holders map[int][]*Participant, finishes map[int][]*timingRecord, statuses map[int]TimingEvent) {
	unit := time.Second
	if race.Tenths {
		unit = 100 * time.Millisecond
	}
	var done, dnf, dsq []Result
	bibs := make([]int, 0, len(holders))
	for bib := range holders {
		bibs = append(bibs, bib)
	}
	sort.Ints(bibs)
	for _, bib := range bibs {
		ps := holders[bib]
		if len(ps) > 1 {
			rr.Flags = append(rr.Flags, Flag{Kind: FlagBibTwice, Bib: bib})
		}
		p := ps[0]
		res := newResult(ev, race, p)
		fs := finishes[bib]
		sort.SliceStable(fs, func(i, j int) bool {
			if fs[i].at != fs[j].at {
				return fs[i].at < fs[j].at
			}
			return fs[i].ev.ID < fs[j].ev.ID
		})
		for _, extra := range fs[min(1, len(fs)):] {
			rr.Flags = append(rr.Flags, Flag{Kind: FlagDuplicate, Finish: extra.ev.ID, Bib: bib, At: time.UnixMilli(extra.at)})
		}
		status := p.Status
		if st, ok := statuses[bib]; ok {
			status, res.Reason = st.Status, st.Reason
		}
		switch status {
		case DNF:
			res.Status = DNF
			dnf = append(dnf, res)
			continue
		case DSQ:
			res.Status = DSQ
			dsq = append(dsq, res)
			continue
		case DNS:
			continue
		}
		if len(fs) == 0 {
			continue
		}
		if !rr.Started {
			rr.Flags = append(rr.Flags, Flag{Kind: FlagNoStart, Finish: fs[0].ev.ID, Bib: bib, At: time.UnixMilli(fs[0].at)})
			continue
		}
		d := time.UnixMilli(fs[0].at).Sub(rr.Start)
		if d < 0 {
			rr.Flags = append(rr.Flags, Flag{Kind: FlagBeforeStart, Finish: fs[0].ev.ID, Bib: bib, At: time.UnixMilli(fs[0].at)})
			continue
		}
		res.Time = d.Truncate(unit)
		res.TimeText = FormatDuration(res.Time, race.Tenths)
		res.Finish = fs[0].ev.ID
		done = append(done, res)
	}
	rank(done)
	rr.Results = append(append(done, dnf...), dsq...)
}

// newResult fills the participant part of a result.
func newResult(ev *Event, race *Race, p *Participant) Result {
	g := p.Gender
	if g == Diverse && (race.Diverse == "M" || race.Diverse == "W") {
		g = Gender(race.Diverse)
	}
	return Result{Participant: *p, Bib: p.Bib, Name: p.FullName(), Club: p.Club, Gender: g,
		Class: AgeClass(race, ev.Year(), p.Born, g)}
}

// rank sorts finishers by time and gives places overall, by gender and by
// class; equal times share a place (1, 2, 2, 4).
func rank(done []Result) {
	sort.SliceStable(done, func(i, j int) bool {
		if done[i].Time != done[j].Time {
			return done[i].Time < done[j].Time
		}
		return done[i].Bib < done[j].Bib
	})
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
