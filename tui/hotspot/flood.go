package hotspot

// The global limit (issue 17, item 5). The per-client limits stop one
// phone; someone with many addresses (400 in the test, each
// polite) passes them all. So the form also counts the registrations of
// every client together:
//
//   - at most PerMinute registrations stored in any 60 seconds (a sliding
//     window: a slot is taken before the store writes and given back when
//     the validation sends the form back), and
//   - at most MaxPending registrations waiting to be confirmed in the
//     whole event (counted by the store in the transaction that writes,
//     so concurrent submissions never pass it together).
//
// Beyond either, the form stores nothing and answers 503 with Retry-After
// and a page that sends the runner to the desk. The first refusal raises
// the alarm (OnAlarm, AlarmChanged); it clears once a quiet period passed
// without a refusal.

import (
	"sync"
	"time"
)

// Limit is the form's global limit. The zero value is the defaults.
type Limit struct {
	// PerMinute is how many registrations all clients together may store
	// within any minute (default 30; negative: no limit).
	PerMinute int
	// MaxPending is how many registrations may wait to be confirmed, from
	// every desk and hotspot together (default 300; negative: no limit).
	MaxPending int
}

// Default global limits: a 300–3,000-runner event sees a few late entries
// a minute on phones, rarely more than a dozen; hundreds waiting means
// nobody is confirming them, or they are invented.
const (
	DefaultPerMinute  = 30
	DefaultMaxPending = 300
)

func (l *Limit) defaults() {
	if l.PerMinute == 0 {
		l.PerMinute = DefaultPerMinute
	}
	if l.MaxPending == 0 {
		l.MaxPending = DefaultMaxPending
	}
}

// AlarmReason says which global limit tripped.
type AlarmReason string

const (
	AlarmRate  AlarmReason = "rate"  // PerMinute registrations within a minute
	AlarmTotal AlarmReason = "total" // MaxPending waiting to be confirmed
)

// Alarm is the state of the global limit. The zero value: no alarm.
type Alarm struct {
	Active bool
	Reason AlarmReason // of the latest refusal
	Limit  int         // the limit that tripped (per minute, or waiting)
	// Since is the first refusal of this alarm, Last the latest; Refused
	// counts the refusals since Since.
	Since, Last time.Time
	Refused     int64
}

// window is the sliding minute of registrations of every client: a
// reservation is taken before the write and released when nothing was
// stored.
type window struct {
	mu    sync.Mutex
	limit int
	times []time.Time // reservations, oldest first; at most limit
}

// reserve takes a slot at now; when the minute is full it says how long
// until the oldest slot frees.
func (w *window) reserve(now time.Time) (time.Time, bool, time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for n < len(w.times) && now.Sub(w.times[n]) >= time.Minute {
		n++
	}
	w.times = w.times[n:]
	if len(w.times) >= w.limit {
		return time.Time{}, false, time.Minute - now.Sub(w.times[0])
	}
	w.times = append(w.times, now)
	return now, true, 0
}

// release gives back a slot taken at t that stored nothing.
func (w *window) release(t time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i := len(w.times) - 1; i >= 0; i-- {
		if w.times[i].Equal(t) {
			w.times = append(w.times[:i], w.times[i+1:]...)
			return
		}
	}
}

// alarm holds the alarm's state and clears it after a quiet period.
type alarm struct {
	mu      sync.Mutex
	state   Alarm
	quiet   time.Duration
	seq     uint64 // refusals ever: the timer clears only when none came
	timer   *time.Timer
	stopped bool
	changed chan struct{}
	notify  func(Alarm)
}

func newAlarm(quiet time.Duration, notify func(Alarm)) *alarm {
	return &alarm{quiet: quiet, changed: make(chan struct{}, 1), notify: notify}
}

func (a *alarm) get() Alarm {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.state
}

// refused records a refusal by the global limit.
func (a *alarm) refused(reason AlarmReason, limit int, now time.Time) {
	a.mu.Lock()
	raised := !a.state.Active
	if raised {
		a.state = Alarm{Active: true, Since: now}
		a.timer = time.AfterFunc(a.quiet, a.check(a.seq+1))
	}
	changed := raised || a.state.Reason != reason
	a.state.Reason, a.state.Limit, a.state.Last = reason, limit, now
	a.state.Refused++
	a.seq++
	st := a.state
	a.mu.Unlock()
	if changed {
		a.signal(st)
	}
}

// check is the timer's function: it clears the alarm when no refusal came
// since it was armed (at refusal number seq), else it waits again.
func (a *alarm) check(seq uint64) func() {
	return func() {
		a.mu.Lock()
		if a.stopped {
			a.mu.Unlock()
			return
		}
		if a.seq != seq {
			a.timer = time.AfterFunc(a.quiet, a.check(a.seq))
			a.mu.Unlock()
			return
		}
		a.state = Alarm{}
		a.timer = nil
		a.mu.Unlock()
		a.signal(Alarm{})
	}
}

// stop ends the timer (the server stopped).
func (a *alarm) stop() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.stopped = true
	if a.timer != nil {
		a.timer.Stop()
	}
}

// signal tells the desk without ever blocking: the channel holds one
// signal, and the reader asks for the state itself.
func (a *alarm) signal(st Alarm) {
	select {
	case a.changed <- struct{}{}:
	default:
	}
	if a.notify != nil {
		a.notify(st)
	}
}
