package model

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"time"
)

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
	byHLC := sortedByHLC(events)
	cancelled := cancelledEvents(byHLC)
	for _, e := range byHLC {
		if e.Ref == "" || cancelled[e.ID] {
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

// Finishes are the finishes among recs, in recs' order (by corrected
// time): the rows of the timing screen, voided ones too. A finish's
// number — the screen's "#" column, by which a timekeeper or a script
// names it — is its place in this list, from 1 (FinishNumber).
func Finishes(recs []TimingRecord) []TimingRecord {
	var out []TimingRecord
	for _, r := range recs {
		if r.Event.Kind == KindFinish {
			out = append(out, r)
		}
	}
	return out
}

// FinishNumber is the number of the finish id among recs (see Finishes);
// 0 for a start or an event recs do not hold.
func FinishNumber(recs []TimingRecord, id string) int {
	n := 0
	for _, r := range recs {
		if r.Event.Kind != KindFinish {
			continue
		}
		n++
		if r.Event.ID == id {
			return n
		}
	}
	return 0
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

// sortedByHLC points to the events in HLC order (ID order among equal
// stamps), as the replay applies them.
func sortedByHLC(events []TimingEvent) []*TimingEvent {
	sorted := make([]*TimingEvent, len(events))
	for i := range events {
		sorted[i] = &events[i]
	}
	slices.SortFunc(sorted, func(a, b *TimingEvent) int {
		if a.HLC != b.HLC {
			return cmp.Compare(a.HLC, b.HLC)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return sorted
}

// Undo is the event that undoes e: a void of it, marked as an undo. A
// void of a start or finish makes it not count; a void of a correction
// (a bib, a time, a status, a void) makes the replay skip it, so what it
// changed is back as it was. Nothing is deleted: the undo syncs like any
// other event, and can itself be undone.
func Undo(e TimingEvent) TimingEvent {
	return TimingEvent{Kind: KindVoid, Ref: e.ID, Mode: ModeUndo}
}

// LastUndoable is the newest event of the device (every device's for
// "") that still counts and is not itself an undo: what ctrl+z undoes
// next. Undoing it and asking again goes one step further back.
func LastUndoable(events []TimingEvent, device string) (TimingEvent, bool) {
	sorted := sortedByHLC(events)
	cancelled := cancelledEvents(sorted)
	for i := len(sorted) - 1; i >= 0; i-- {
		e := sorted[i]
		if (device != "" && e.Device != device) || e.Mode == ModeUndo || cancelled[e.ID] {
			continue
		}
		return *e, true
	}
	return TimingEvent{}, false
}

// RaceStarts are the races' starts that count: the latest (by HLC) start
// of each race that is not voided, as results take them.
func RaceStarts(recs []TimingRecord) map[string]TimingRecord {
	starts := map[string]TimingRecord{}
	for _, r := range recs {
		if r.Event.Kind == KindStart && !r.Voided {
			if cur, ok := starts[r.Event.Race]; !ok || r.Event.HLC > cur.Event.HLC {
				starts[r.Event.Race] = r
			}
		}
	}
	return starts
}

// ClockDay is the day a typed time of day (a start, a finish, an insert,
// a time fix) is read on: the day of the race's start when it has one,
// else the day of the timing clock's now — never the event file's date.
// Stamped times come from that clock, so typed and stamped times agree
// on a rehearsal day or on a laptop whose date is wrong.
func ClockDay(start time.Time, started bool, now time.Time) time.Time {
	if started {
		return start
	}
	return now
}
