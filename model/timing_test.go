package model_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// raceDay is the example event's day at midnight, in a zone other than
// UTC and Local, so that the parsed time's zone is checked too.
var raceDay = time.Date(2026, time.December, 6, 0, 0, 0, 0, time.FixedZone("CET", 3600))

func TestParseClockTime(t *testing.T) {
	at := func(h, m, s, ms int) time.Time {
		return time.Date(2026, time.December, 6, h, m, s, ms*int(time.Millisecond), raceDay.Location())
	}
	valid := []struct {
		name string
		in   string
		want time.Time
	}{
		{"hours and minutes are a full minute", "10:30", at(10, 30, 0, 0)},
		{"hours, minutes and seconds are read as such", "10:42:17", at(10, 42, 17, 0)},
		{"single digits are accepted", "9:5:3", at(9, 5, 3, 0)},
		{"one decimal is tenths", "10:42:17.3", at(10, 42, 17, 300)},
		{"two decimals are hundredths", "10:42:17.35", at(10, 42, 17, 350)},
		{"three decimals are milliseconds", "10:42:17.357", at(10, 42, 17, 357)},
		{"a leading zero decimal stays a small fraction", "10:42:17.05", at(10, 42, 17, 50)},
		{"a comma works as the decimal sign", "10:42:17,4", at(10, 42, 17, 400)},
		{"surrounding spaces are ignored", "  10:42:17  ", at(10, 42, 17, 0)},
		{"midnight is a time of day", "00:00:00", at(0, 0, 0, 0)},
		{"the last second of the day is a time of day", "23:59:59.999", at(23, 59, 59, 999)},
	}
	for _, tc := range valid {
		t.Run(tc.name, func(t *testing.T) {
			got, err := model.ParseClockTime(tc.in, raceDay)
			if err != nil {
				t.Fatalf("ParseClockTime(%q) failed: %v", tc.in, err)
			}
			if !got.Equal(tc.want) || got.Location() != raceDay.Location() {
				t.Errorf("ParseClockTime(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
	invalid := []struct {
		name string
		in   string
	}{
		{"24 o'clock is not a time of day", "24:00:00"},
		{"minute 60 does not exist", "12:60"},
		{"second 60 does not exist", "12:00:60"},
		{"four parts are too many", "1:2:3:4"},
		{"one part is too few", "12"},
		{"letters are not a time", "ab:cd"},
		{"letters in the seconds are not a time", "10:42:1x"},
		{"an empty input is not a time", ""},
		{"blanks only are not a time", "   "},
		{"an empty part is not a time", "10::17"},
		{"three digits in a part are too many", "010:42:17"},
		{"a decimal sign without digits is not a time", "10:42:17."},
		{"four decimals are more than milliseconds", "10:42:17.1234"},
		{"letters after the decimal sign are not a time", "10:42:17.x"},
		{"a second decimal sign is not a time", "10:42:17.1.2"},
		{"a minus sign is not a time", "-1:00:00"},
		{"a minus sign before zero is not a time", "-0:00:00"},
		{"a plus sign is not a time", "+1:00:00"},
		{"a fraction of a minute is not a time", "10:42.5"},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := model.ParseClockTime(tc.in, raceDay); err == nil {
				t.Errorf("ParseClockTime(%q) = %v, want an error", tc.in, got)
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	const h, m, s, ds, ms = time.Hour, time.Minute, time.Second, 100 * time.Millisecond, time.Millisecond
	tests := []struct {
		name   string
		d      time.Duration
		tenths bool
		want   string
	}{
		{"zero is shown as zero", 0, false, "0:00:00"},
		{"zero with tenths shows a zero tenth", 0, true, "0:00:00.0"},
		{"minutes and seconds are padded", 42*m + 7*s, false, "0:42:07"},
		{"an hour and more shows the hours", h + 2*m + 3*s, false, "1:02:03"},
		{"more than nine hours shows two digits", 10*h + 5*s, false, "10:00:05"},
		{"a day and more is still hours", 25*h + 59*m + 59*s, false, "25:59:59"},
		{"seconds are truncated, not rounded", 42*m + 7*s + 999*ms, false, "0:42:07"},
		{"tenths are shown when asked", 42*m + 7*s + 3*ds, true, "0:42:07.3"},
		{"tenths are truncated, not rounded", 42*m + 7*s + 399*ms, true, "0:42:07.3"},
		{"a time just below the next second keeps nine tenths", 59*m + 59*s + 999*ms, true, "0:59:59.9"},
		{"a time just below the next hour stays in it", 59*m + 59*s + 999*ms, false, "0:59:59"},
		{"sub-millisecond parts are ignored", 3*s + 99*ms + 999*time.Microsecond, true, "0:00:03.0"},
		{"a negative time carries a minus sign", -(m + 2*s), false, "-0:01:02"},
		{"a negative time is truncated towards zero", -(m + 2*s + 900*ms), false, "-0:01:02"},
		{"a negative time with tenths", -(m + 2*s + 950*ms), true, "-0:01:02.9"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := model.FormatDuration(tc.d, tc.tenths); got != tc.want {
				t.Errorf("FormatDuration(%v, %v) = %q, want %q", tc.d, tc.tenths, got, tc.want)
			}
		})
	}
}

// oneOfEachKind is a well-formed event of every timing kind, with every
// field the kind uses.
func oneOfEachKind() map[string]model.TimingEvent {
	at := time.Date(2026, time.December, 6, 10, 30, 0, 0, time.UTC).UnixMilli()
	return map[string]model.TimingEvent{
		"a start":                     {Kind: model.KindStart, Race: "10k", At: at, Mode: model.ModeKey},
		"a finish with bib and race":  {Kind: model.KindFinish, Race: "10k", At: at + 2_400_123, Bib: 17, Mode: model.ModeBib},
		"a finish with bib only":      {Kind: model.KindFinish, At: at + 2_400_123, Bib: 17, Mode: model.ModeTyped},
		"a stamped finish":            {Kind: model.KindFinish, Race: "10k", At: at + 2_400_500, Mode: model.ModeStamp},
		"an inserted finish":          {Kind: model.KindFinish, Race: "5k", At: at + 1, Bib: 412, Mode: model.ModeInsert},
		"a bib correction":            {Kind: model.KindBib, Ref: "0190f3a0-finish", Bib: 23},
		"a bib correction to no bib":  {Kind: model.KindBib, Ref: "0190f3a0-finish"},
		"a time correction":           {Kind: model.KindTime, Ref: "0190f3a0-finish", At: at + 2_399_900},
		"a void":                      {Kind: model.KindVoid, Ref: "0190f3a0-finish", Reason: "double click"},
		"a DNF":                       {Kind: model.KindStatus, Bib: 17, Status: model.DNF, Reason: "Knöchel verletzt"},
		"a DSQ with a reason":         {Kind: model.KindStatus, Bib: 17, Status: model.DSQ, Reason: "abgekürzt bei km 6"},
		"a DNS":                       {Kind: model.KindStatus, Bib: 17, Status: model.DNS},
		"a status set back to normal": {Kind: model.KindStatus, Bib: 17, Status: model.Registered},
	}
}

func TestTimingEventFieldsRoundTripForEveryKind(t *testing.T) {
	h := model.MakeHLC(1_796_549_400_000, 3)
	kinds := map[model.TimingKind]bool{}
	for name, e := range oneOfEachKind() {
		kinds[e.Kind] = true
		t.Run(name+" survives the change log", func(t *testing.T) {
			e.ID, e.Device, e.Desk, e.HLC = "0190f3a0-this", "dev-1", "Desk 1", h
			if err := e.Check(); err != nil {
				t.Fatalf("Check() of the original: %v", err)
			}
			got, err := model.TimingEventFromFields(e.ID, e.Device, e.Desk, e.HLC, e.Fields())
			if err != nil {
				t.Fatalf("TimingEventFromFields: %v", err)
			}
			if !reflect.DeepEqual(got, e) {
				t.Errorf("round trip changed the event\n got %+v\nwant %+v", got, e)
			}
		})
	}
	for _, k := range []model.TimingKind{model.KindStart, model.KindFinish, model.KindBib, model.KindTime, model.KindVoid, model.KindStatus} {
		if !kinds[k] {
			t.Errorf("no round-trip case for kind %q", k)
		}
	}
}

func TestTimingEventFieldsLeaveOutEmptyValues(t *testing.T) {
	e := model.TimingEvent{ID: "x", Kind: model.KindVoid, Ref: "y"}
	want := []model.FieldChange{{Field: "kind", Value: "void"}, {Field: "ref", Value: "y"}}
	if got := e.Fields(); !reflect.DeepEqual(got, want) {
		t.Errorf("Fields() = %v, want %v", got, want)
	}
}

func TestTimingEventFromFieldsRejects(t *testing.T) {
	tests := []struct {
		name   string
		fields []model.FieldChange
	}{
		{"an unknown field", []model.FieldChange{fc("kind", "finish"), fc("at", "1"), fc("colour", "red")}},
		{"a time that is not a number", []model.FieldChange{fc("kind", "finish"), fc("at", "10:42")}},
		{"a bib that is not a number", []model.FieldChange{fc("kind", "finish"), fc("at", "1"), fc("bib", "A7")}},
		{"a malformed event", []model.FieldChange{fc("kind", "finish")}},
		{"no fields at all", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name+" is rejected", func(t *testing.T) {
			if e, err := model.TimingEventFromFields("id", "dev", "desk", 1, tc.fields); err == nil {
				t.Errorf("TimingEventFromFields(%v) = %+v, want an error", tc.fields, e)
			}
		})
	}
}

func fc(field, value string) model.FieldChange {
	return model.FieldChange{Field: field, Value: value}
}

func TestTimingEventCheckRejectsMalformedEvents(t *testing.T) {
	const at = 1_796_549_400_000
	tests := []struct {
		name string
		e    model.TimingEvent
	}{
		{"an event without kind", model.TimingEvent{At: at}},
		{"an event of an unknown kind", model.TimingEvent{Kind: "lap", At: at, Bib: 1}},
		{"a start without race", model.TimingEvent{Kind: model.KindStart, At: at}},
		{"a start without time", model.TimingEvent{Kind: model.KindStart, Race: "10k"}},
		{"a finish without time", model.TimingEvent{Kind: model.KindFinish, Race: "10k", Bib: 1}},
		{"a finish with a negative bib", model.TimingEvent{Kind: model.KindFinish, At: at, Bib: -1}},
		{"a bib correction without the finish it corrects", model.TimingEvent{Kind: model.KindBib, Bib: 3}},
		{"a bib correction to a negative bib", model.TimingEvent{Kind: model.KindBib, Ref: "f", Bib: -3}},
		{"a time correction without the record", model.TimingEvent{Kind: model.KindTime, At: at}},
		{"a time correction without the new time", model.TimingEvent{Kind: model.KindTime, Ref: "f"}},
		{"a void without the record", model.TimingEvent{Kind: model.KindVoid}},
		{"a status without status", model.TimingEvent{Kind: model.KindStatus, Bib: 1}},
		{"a status that timing does not set", model.TimingEvent{Kind: model.KindStatus, Bib: 1, Status: model.CheckedIn}},
		{"a status without bib", model.TimingEvent{Kind: model.KindStatus, Status: model.DNF}},
		{"a status with a negative bib", model.TimingEvent{Kind: model.KindStatus, Bib: -1, Status: model.DNF}},
	}
	for _, tc := range tests {
		t.Run(tc.name+" is rejected", func(t *testing.T) {
			if err := tc.e.Check(); err == nil {
				t.Errorf("Check(%+v) = nil, want an error", tc.e)
			}
		})
	}
	for name, e := range oneOfEachKind() {
		t.Run(name+" is accepted", func(t *testing.T) {
			if err := e.Check(); err != nil {
				t.Errorf("Check(%+v) = %v", e, err)
			}
		})
	}
}

func TestTimingEventTimeIsAtInMilliseconds(t *testing.T) {
	e := model.TimingEvent{At: 1_796_549_400_123}
	if got, want := e.Time(), time.UnixMilli(1_796_549_400_123); !got.Equal(want) {
		t.Errorf("Time() = %v, want %v", got, want)
	}
}

func TestMonotonicClockTellsWallTime(t *testing.T) {
	c := model.NewMonotonicClock()
	before := time.Now()
	got := c.Now()
	after := time.Now()
	// The clock was anchored just before `before`; it may lag the wall
	// clock by that instant, and never runs ahead of it here.
	// (Bounded by readings taken around the call, not by a later one: a
	// busy machine may pause between any two lines.)
	if got.Before(before.Add(-time.Second)) || got.After(after.Add(time.Second)) {
		t.Errorf("Now() = %v, want between %v and %v", got, before, after)
	}
}

func TestMonotonicClockNeverGoesBackwards(t *testing.T) {
	c := model.NewMonotonicClock()
	first := c.Now()
	last := first
	deadline := time.Now().Add(20 * time.Millisecond)
	n := 0
	for time.Now().Before(deadline) || n < 1000 {
		now := c.Now()
		if now.Before(last) {
			t.Fatalf("Now() went backwards after %d calls: %v, then %v", n, last, now)
		}
		last = now
		n++
	}
	if !last.After(first) {
		t.Errorf("the clock stood still for %d calls over 20 ms: %v", n, first)
	}
}

func TestMonotonicClockCarriesNoMonotonicReading(t *testing.T) {
	// Times from the clock are stored and compared as wall times; a
	// monotonic reading in them would make == and Equal disagree after a
	// round trip through the store.
	got := model.NewMonotonicClock().Now()
	if got != got.Round(0) {
		t.Errorf("Now() = %v carries a monotonic reading", got)
	}
}

func TestClockTimeErrorsSpeakTheDesksLanguage(t *testing.T) {
	_, err := model.ParseClockTime("25:00", time.Now())
	if got := msg.Error(msg.DE, err); got != `Zeit "25:00": diese Uhrzeit gibt es nicht` {
		t.Errorf("German: %q", got)
	}
	_, err = model.ParseClockTime("10.30", time.Now())
	if got := msg.Error(msg.EN, err); got != `time "10.30": expected hh:mm:ss or hh:mm:ss.t` {
		t.Errorf("English: %q", got)
	}
}
