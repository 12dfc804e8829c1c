package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/racedesk/racedesk/model/msg"
)

// TimingEvent is one record of the timekeeper: a start, a finish, or a
// correction of an earlier record. Events are never changed or deleted; a
// correction is a new event that references the one it corrects, so the
// audit trail shows everything that happened.
type TimingEvent struct {
	ID     string     `json:"id"`
	Device string     `json:"dev"`
	Desk   string     `json:"desk"`
	HLC    HLC        `json:"hlc"`
	Kind   TimingKind `json:"kind"`
	Race   string     `json:"race,omitempty"` // start; finish (optional: the bib tells)
	At     int64      `json:"at,omitempty"`   // Unix milliseconds: start/finish/new time
	Bib    int        `json:"bib,omitempty"`  // finish (0: stamped, bib follows), bib correction, status
	Ref    string     `json:"ref,omitempty"`  // the event a correction corrects
	Mode   string     `json:"mode,omitempty"` // how it was captured: key, bib, stamp, typed, insert
	Status Status     `json:"status,omitempty"`
	Reason string     `json:"reason,omitempty"`
}

// TimingKind says what a timing event records.
type TimingKind string

const (
	KindStart  TimingKind = "start"  // gun time of a race; a later start supersedes
	KindFinish TimingKind = "finish" // a runner crossed the line
	KindBib    TimingKind = "bib"    // Ref's bib is Bib (attach to a stamp, or correct)
	KindTime   TimingKind = "time"   // Ref's time is At
	KindVoid   TimingKind = "void"   // Ref does not count
	KindStatus TimingKind = "status" // Bib's status is Status (DNF, DSQ with Reason, DNS, or registered to undo)
)

// Capture modes of finishes and starts.
const (
	ModeKey    = "key"    // one key at the moment (start)
	ModeBib    = "bib"    // bib typed, Enter stamped the time
	ModeStamp  = "stamp"  // time stamped first, bib attached later
	ModeTyped  = "typed"  // time typed by hand
	ModeInsert = "insert" // a missed finisher inserted afterwards
	ModeUndo   = "undo"   // a void that undoes an action (see Undo)
)

// Fields flattens the event for the change log (and sync), like
// Participant.Fields.
func (e *TimingEvent) Fields() []FieldChange {
	var out []FieldChange
	add := func(k, v string) {
		if v != "" {
			out = append(out, FieldChange{Field: k, Value: v})
		}
	}
	add("kind", string(e.Kind))
	add("race", e.Race)
	if e.At != 0 {
		add("at", strconv.FormatInt(e.At, 10))
	}
	if e.Bib != 0 {
		add("bib", strconv.Itoa(e.Bib))
	}
	add("ref", e.Ref)
	add("mode", e.Mode)
	add("status", string(e.Status))
	add("reason", e.Reason)
	return out
}

// TimingEventFromFields rebuilds an event from the change log's fields.
func TimingEventFromFields(id, device, desk string, h HLC, fields []FieldChange) (TimingEvent, error) {
	e := TimingEvent{ID: id, Device: device, Desk: desk, HLC: h}
	for _, f := range fields {
		var err error
		switch f.Field {
		case "kind":
			e.Kind = TimingKind(f.Value)
		case "race":
			e.Race = f.Value
		case "at":
			e.At, err = strconv.ParseInt(f.Value, 10, 64)
		case "bib":
			e.Bib, err = strconv.Atoi(f.Value)
		case "ref":
			e.Ref = f.Value
		case "mode":
			e.Mode = f.Value
		case "status":
			e.Status = Status(f.Value)
		case "reason":
			e.Reason = f.Value
		default:
			err = fmt.Errorf("unknown field %q", f.Field)
		}
		if err != nil {
			return e, fmt.Errorf("timing event %s: %w", id, err)
		}
	}
	return e, e.Check()
}

// Check says whether the event is well formed.
func (e *TimingEvent) Check() error {
	switch e.Kind {
	case KindStart:
		if e.Race == "" || e.At == 0 {
			return fmt.Errorf("start needs a race and a time")
		}
	case KindFinish:
		if e.At == 0 {
			return fmt.Errorf("finish needs a time")
		}
	case KindBib:
		if e.Ref == "" || e.Bib < 0 {
			return fmt.Errorf("bib correction needs the finish it corrects")
		}
	case KindTime:
		if e.Ref == "" || e.At == 0 {
			return fmt.Errorf("time correction needs the record and the new time")
		}
	case KindVoid:
		if e.Ref == "" {
			return fmt.Errorf("void needs the record it voids")
		}
	case KindStatus:
		switch e.Status {
		case DNF, DSQ, DNS, Registered:
		default:
			return fmt.Errorf("status must be dnf, dsq, dns or registered")
		}
		if e.Bib <= 0 {
			return fmt.Errorf("status needs a bib")
		}
	default:
		return fmt.Errorf("unknown timing event kind %q", e.Kind)
	}
	if e.Bib < 0 {
		return fmt.Errorf("bib %d is not a bib", e.Bib)
	}
	// Texts of an event another desk made are shown here: the text
	// policy's check for stored text (RecordTiming cleaned ours).
	for _, t := range [...]struct{ field, value string }{{FReason, e.Reason}, {FRace, e.Race}, {"mode", e.Mode}, {"ref", e.Ref}, {FDesk, e.Desk}} {
		if err := CheckStoredText(t.field, t.value); err != nil {
			return err
		}
	}
	return nil
}

// Time is the event's time.
func (e *TimingEvent) Time() time.Time { return time.UnixMilli(e.At) }

// FieldTime names a typed time of day in error messages.
const FieldTime = "time"

// ParseClockTime reads a time of day as a timekeeper types it — hh:mm:ss
// or hh:mm:ss.t (also hh:mm) — on the given day.
func ParseClockTime(s string, day time.Time) (time.Time, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	main, frac, hasFrac := strings.Cut(s, ".")
	parts := strings.Split(main, ":")
	if len(parts) < 2 || len(parts) > 3 || (hasFrac && (len(parts) != 3 || len(frac) == 0 || len(frac) > 3 || !isDigits(frac))) {
		return time.Time{}, &FieldError{Field: FieldTime, Input: s, Key: msg.ErrClockTime}
	}
	var hms [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || len(p) > 2 || !isDigits(p) {
			return time.Time{}, &FieldError{Field: FieldTime, Input: s, Key: msg.ErrClockTime}
		}
		hms[i] = n
	}
	if hms[0] > 23 || hms[1] > 59 || hms[2] > 59 {
		return time.Time{}, &FieldError{Field: FieldTime, Input: s, Key: msg.ErrNoSuchTime}
	}
	ms := 0
	if hasFrac {
		f := (frac + "00")[:3]
		ms, _ = strconv.Atoi(f)
	}
	y, m, d := day.Date()
	return time.Date(y, m, d, hms[0], hms[1], hms[2], ms*int(time.Millisecond), day.Location()), nil
}

// DateMismatch tells, in the desk's language, when the laptop's date
// (now, the timing clock) is not the event's date: a rehearsal, or a
// laptop whose date is wrong. Times still come out right (typed times are
// read on the race's start day, see ClockDay), but the desk should say
// so. It reports false on the event's day and for an event without a
// readable date.
func DateMismatch(lang msg.Lang, ev *Event, now time.Time) (string, bool) {
	day, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(ev.Date), now.Location())
	if err != nil {
		return "", false
	}
	today := now.Format("2006-01-02")
	if today == day.Format("2006-01-02") {
		return "", false
	}
	return msg.T(lang, msg.TimingDateMismatch, today, day.Format("2006-01-02")), true
}

// FormatDuration writes a duration as h:mm:ss, with tenths when asked,
// dropping what is below the last digit shown. A result's time is
// rounded up first (Race.ResultTimeText): use that for results.
func FormatDuration(d time.Duration, tenths bool) string {
	neg := d < 0
	if neg {
		d = -d
	}
	t := int64(d / (100 * time.Millisecond))
	s := t / 10
	// Without fmt: results format tens of thousands of these at a time.
	buf := make([]byte, 0, 24)
	if neg {
		buf = append(buf, '-')
	}
	buf = strconv.AppendInt(buf, s/3600, 10)
	buf = append(buf, ':', byte('0'+s/60%60/10), byte('0'+s/60%10), ':', byte('0'+s%60/10), byte('0'+s%10))
	if tenths {
		buf = append(buf, '.', byte('0'+t%10))
	}
	return string(buf)
}

// MonotonicClock tells wall time for timing from the monotonic clock,
// anchored to the wall clock once: a clock adjustment during the race
// (NTP, a volunteer fixing the laptop's time) does not move finish times.
type MonotonicClock struct {
	anchor time.Time
}

// NewMonotonicClock anchors at the current wall time.
func NewMonotonicClock() *MonotonicClock { return &MonotonicClock{anchor: time.Now()} }

// Now is the anchor plus the monotonic time elapsed since.
func (c *MonotonicClock) Now() time.Time {
	return c.anchor.Round(0).Add(time.Since(c.anchor))
}
