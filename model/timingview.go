package model

import "sort"

// TimingRecord is a start or finish as it stands after its corrections,
// for the timekeeper's list.
type TimingRecord struct {
	Event     TimingEvent // the original record
	At        int64       // corrected time (Unix ms)
	Bib       int         // corrected bib (0: waiting for one)
	Voided    bool
	Corrected bool // some correction references it
}

// TimingRecords replays the events (corrections in HLC order) and returns
// the starts and finishes, ordered by their corrected time.
func TimingRecords(events []TimingEvent) []TimingRecord {
	recs, _ := replay(events)
	// A bib attached to a stamped time is how time-first capture works,
	// not a correction; anything after that is.
	orig := map[string]TimingEvent{}
	for _, e := range events {
		if e.Kind == KindStart || e.Kind == KindFinish {
			orig[e.ID] = e
		}
	}
	attached := map[string]bool{}
	corrected := map[string]bool{}
	byHLC := append([]TimingEvent(nil), events...)
	sort.Slice(byHLC, func(i, j int) bool { return byHLC[i].HLC < byHLC[j].HLC })
	for _, e := range byHLC {
		if e.Ref == "" {
			continue
		}
		if e.Kind == KindBib && orig[e.Ref].Bib == 0 && !attached[e.Ref] {
			attached[e.Ref] = true
			continue
		}
		corrected[e.Ref] = true
	}
	out := make([]TimingRecord, len(recs))
	for i, r := range recs {
		out[i] = TimingRecord{Event: r.ev, At: r.at, Bib: r.bib, Voided: r.voided, Corrected: corrected[r.ev.ID]}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].At != out[j].At {
			return out[i].At < out[j].At
		}
		return out[i].Event.ID < out[j].Event.ID
	})
	return out
}

// WaitingStamps are the finishes stamped without a bib, oldest first: the
// next bibs typed go to them in this order.
func WaitingStamps(recs []TimingRecord) []TimingRecord {
	var out []TimingRecord
	for _, r := range recs {
		if r.Event.Kind == KindFinish && !r.Voided && r.Bib == 0 {
			out = append(out, r)
		}
	}
	return out
}

// AddTimingRecord adds a new start or finish to records TimingRecords
// returned, in place of replaying every event again: on race day nearly
// every commit the timing screen sees is one more finish, and a replay of
// 50,000 of them costs tens of milliseconds. It reports false — recompute
// — for anything but a plain start or finish (a correction). The caller
// makes sure e is new and that no correction it holds refers to it.
func AddTimingRecord(recs []TimingRecord, e TimingEvent) ([]TimingRecord, bool) {
	if (e.Kind != KindStart && e.Kind != KindFinish) || e.Ref != "" {
		return recs, false
	}
	i := sort.Search(len(recs), func(i int) bool {
		if recs[i].At != e.At {
			return recs[i].At > e.At
		}
		return recs[i].Event.ID > e.ID
	})
	recs = append(recs, TimingRecord{})
	copy(recs[i+1:], recs[i:])
	recs[i] = TimingRecord{Event: e, At: e.At, Bib: e.Bib}
	return recs, true
}
