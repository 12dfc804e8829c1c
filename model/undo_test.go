package model_test

import (
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

func (tl *timeline) undo(ref string) string {
	tl.t.Helper()
	return tl.add(model.Undo(model.TimingEvent{ID: ref}))
}

func TestResultsUndo(t *testing.T) {
	M := model.Male
	runResultsCases(t, []resultsCase{
		{
			name:   "undoing a finish takes it out like a void",
			people: []model.Participant{runner(1, M, bornM35), runner(2, M, bornM35)},
			events: func(tl *timeline) {
				tl.start("10k", "10:30:00")
				f := tl.finish("10k", 1, "11:10:00")
				tl.finish("10k", 2, "11:11:00")
				tl.undo(f)
			},
			want: map[string][]string{"10k": {"1/1/1 #2 M M35 0:41:00"}},
		},
		{
			name:   "undoing a void brings the finish back",
			people: []model.Participant{runner(1, M, bornM35), runner(2, M, bornM35)},
			events: func(tl *timeline) {
				tl.start("10k", "10:30:00")
				f := tl.finish("10k", 1, "11:10:00")
				tl.finish("10k", 2, "11:11:00")
				tl.undo(tl.void(f))
			},
			want: map[string][]string{"10k": {"1/1/1 #1 M M35 0:40:00", "2/2/2 #2 M M35 0:41:00"}},
		},
		{
			name:   "undoing the undo of a void voids again",
			people: []model.Participant{runner(1, M, bornM35), runner(2, M, bornM35)},
			events: func(tl *timeline) {
				tl.start("10k", "10:30:00")
				f := tl.finish("10k", 1, "11:10:00")
				tl.finish("10k", 2, "11:11:00")
				tl.undo(tl.undo(tl.void(f)))
			},
			want: map[string][]string{"10k": {"1/1/1 #2 M M35 0:41:00"}},
		},
		{
			name:   "undoing a bib change gives the finish its bib back",
			people: []model.Participant{runner(1, M, bornM35), runner(2, M, bornM35)},
			events: func(tl *timeline) {
				tl.start("10k", "10:30:00")
				f := tl.finish("10k", 1, "11:10:00")
				tl.undo(tl.setBib(f, 2))
			},
			want: map[string][]string{"10k": {"1/1/1 #1 M M35 0:40:00"}},
		},
		{
			name:   "undoing the second of two bib changes goes back to the first",
			people: []model.Participant{runner(1, M, bornM35), runner(2, M, bornM35), runner(3, M, bornM35)},
			events: func(tl *timeline) {
				tl.start("10k", "10:30:00")
				f := tl.finish("10k", 1, "11:10:00")
				tl.setBib(f, 2)
				tl.undo(tl.setBib(f, 3))
			},
			want: map[string][]string{"10k": {"1/1/1 #2 M M35 0:40:00"}},
		},
		{
			name:   "undoing a time fix restores the time taken",
			people: []model.Participant{runner(1, M, bornM35)},
			events: func(tl *timeline) {
				tl.start("10k", "10:30:00")
				f := tl.finish("10k", 1, "11:10:00")
				tl.undo(tl.setTime(f, "11:20:00"))
			},
			want: map[string][]string{"10k": {"1/1/1 #1 M M35 0:40:00"}},
		},
		{
			name:   "undoing a DNF makes the runner a finisher again",
			people: []model.Participant{runner(1, M, bornM35)},
			events: func(tl *timeline) {
				tl.start("10k", "10:30:00")
				tl.finish("10k", 1, "11:10:00")
				tl.undo(tl.status(1, model.DNF, ""))
			},
			want: map[string][]string{"10k": {"1/1/1 #1 M M35 0:40:00"}},
		},
		{
			name:   "undoing a DSQ leaves the DNF before it",
			people: []model.Participant{runner(1, M, bornM35)},
			events: func(tl *timeline) {
				tl.start("10k", "10:30:00")
				tl.finish("10k", 1, "11:10:00")
				tl.status(1, model.DNF, "Krämpfe")
				tl.undo(tl.status(1, model.DSQ, "abgekürzt"))
			},
			want: map[string][]string{"10k": {"dnf #1 M M35 Krämpfe"}},
		},
		{
			name:   "undoing a restart brings the first start back",
			people: []model.Participant{runner(1, M, bornM35)},
			events: func(tl *timeline) {
				tl.start("10k", "10:30:00")
				restart := tl.start("10k", "10:35:00")
				tl.finish("10k", 1, "11:10:00")
				tl.undo(restart)
			},
			want: map[string][]string{"10k": {"1/1/1 #1 M M35 0:40:00"}},
		},
		{
			name:   "an undo recorded before what it undoes is ignored",
			people: []model.Participant{runner(1, M, bornM35)},
			events: func(tl *timeline) {
				tl.start("10k", "10:30:00")
				tl.add(model.Undo(model.TimingEvent{ID: "e003"})) // e003 comes next
				tl.finish("10k", 1, "11:10:00")
			},
			want: map[string][]string{"10k": {"1/1/1 #1 M M35 0:40:00"}},
		},
	})
}

func TestTimingRecordsAfterAnUndo(t *testing.T) {
	tl := newTimeline(t, exampleEvent(t))
	stamp := tl.stamp("10k", "11:10:00")
	attach := tl.setBib(stamp, 7)
	tl.undo(attach)
	recs := model.TimingRecords(tl.events)
	if len(recs) != 1 || recs[0].Bib != 0 || recs[0].Voided || recs[0].Corrected {
		t.Fatalf("records %+v, want the stamp waiting for a bib again, uncorrected", recs)
	}
	if w := model.WaitingStamps(recs); len(w) != 1 {
		t.Errorf("%d waiting stamps, want 1", len(w))
	}
}

func TestLastUndoable(t *testing.T) {
	tests := []struct {
		name   string
		events func(tl *timeline) // the events of device "dev"
		others []model.TimingEvent
		want   string // the event ID ctrl+z undoes; "" for none
	}{
		{
			name:   "nothing recorded, nothing to undo",
			events: func(tl *timeline) {},
		},
		{
			name: "the newest action is undone first",
			events: func(tl *timeline) {
				tl.start("10k", "10:30:00")
				tl.finish("10k", 1, "11:10:00")
			},
			want: "e002",
		},
		{
			name: "after an undo, the action before it is next",
			events: func(tl *timeline) {
				tl.start("10k", "10:30:00")
				f := tl.finish("10k", 1, "11:10:00")
				tl.undo(tl.void(f))
			},
			want: "e002",
		},
		{
			name: "undone twice: the start is next",
			events: func(tl *timeline) {
				tl.start("10k", "10:30:00")
				f := tl.finish("10k", 1, "11:10:00")
				tl.undo(tl.void(f))
				tl.undo(f)
			},
			want: "e001",
		},
		{
			name: "another desk's actions are not this desk's to undo",
			events: func(tl *timeline) {
				tl.start("10k", "10:30:00")
			},
			others: []model.TimingEvent{{ID: "x1", Device: "other", Kind: model.KindFinish, At: 1, HLC: model.MakeHLC(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli(), 0)}},
			want:   "e001",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := newTimeline(t, exampleEvent(t))
			tt.events(tl)
			got, ok := model.LastUndoable(append(tl.events, tt.others...), "dev")
			if ok != (tt.want != "") || got.ID != tt.want {
				t.Errorf("LastUndoable = %q, %v; want %q", got.ID, ok, tt.want)
			}
		})
	}
}

func TestTypedTimesAreReadOnTheDayOfTheStartOrTheClock(t *testing.T) {
	eventDay := time.Date(2026, 12, 6, 0, 0, 0, 0, time.Local)
	rehearsal := time.Date(2026, 11, 28, 10, 35, 0, 0, time.Local)
	startOnRehearsal := time.Date(2026, 11, 28, 10, 30, 0, 0, time.Local)
	tests := []struct {
		name    string
		start   time.Time
		started bool
		now     time.Time
		typed   string
		want    time.Time
	}{
		{"a typed start on a rehearsal day is on the clock's day", time.Time{}, false, rehearsal, "10:30:00",
			startOnRehearsal},
		{"a typed finish is on the day of its race's start", startOnRehearsal, true, eventDay.Add(11 * time.Hour), "10:44:00.4",
			time.Date(2026, 11, 28, 10, 44, 0, 400_000_000, time.Local)},
		{"on the event day nothing changes", eventDay.Add(10 * time.Hour), true, eventDay.Add(11 * time.Hour), "11:02:03",
			time.Date(2026, 12, 6, 11, 2, 3, 0, time.Local)},
		{"a laptop a year off reads typed times in its own year", time.Time{}, false, time.Date(2025, 3, 1, 9, 0, 0, 0, time.Local), "10:00",
			time.Date(2025, 3, 1, 10, 0, 0, 0, time.Local)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := model.ParseClockTime(tt.typed, model.ClockDay(tt.start, tt.started, tt.now))
			if err != nil || !got.Equal(tt.want) {
				t.Errorf("got %v (%v), want %v", got, err, tt.want)
			}
		})
	}
}

func TestDateMismatch(t *testing.T) {
	ev := &model.Event{Date: "2026-12-06"}
	tests := []struct {
		name string
		lang msg.Lang
		now  time.Time
		ok   bool
		want string
	}{
		{"the event day, late at night", msg.EN, time.Date(2026, 12, 6, 23, 59, 0, 0, time.Local), false, ""},
		{"a rehearsal the week before", msg.EN, time.Date(2026, 11, 28, 10, 0, 0, 0, time.Local), true, "laptop date 2026-11-28 ≠ event date 2026-12-06"},
		{"a laptop a year behind, in German", msg.DE, time.Date(2025, 12, 6, 10, 0, 0, 0, time.Local), true, "Laptop-Datum 2025-12-06 ≠ Lauftag 2026-12-06"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := model.DateMismatch(tt.lang, ev, tt.now)
			if ok != tt.ok || !strings.Contains(got, tt.want) {
				t.Errorf("DateMismatch = %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
	if _, ok := model.DateMismatch(msg.EN, &model.Event{}, time.Now()); ok {
		t.Error("an event without a date reports a mismatch")
	}
}
