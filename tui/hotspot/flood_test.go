package hotspot_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/racedesk/racedesk/tui/hotspot"
)

// waitFor waits for cond with a generous deadline (never a fixed sleep).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// phone is the client address of the i-th phone.
func phone(i int) []string {
	return []string{"RemoteAddr", fmt.Sprintf("10.42.%d.%d:40000", i/250, 1+i%250)}
}

func TestTheGlobalLimitAMinuteHoldsAcrossAddresses(t *testing.T) {
	var mu sync.Mutex
	var alarms []hotspot.Alarm
	f := newFixture(t, hotspot.Options{Global: hotspot.Limit{PerMinute: 5}, AlarmQuiet: time.Hour,
		OnAlarm: func(a hotspot.Alarm) { mu.Lock(); alarms = append(alarms, a); mu.Unlock() }})
	// A correction takes no slot.
	if r := f.post(url.Values{"csrf": {f.token()}}, phone(99)...); r.code != http.StatusUnprocessableEntity {
		t.Fatalf("invalid form: %d", r.code)
	}
	for i := range 5 {
		f.clock.Add(time.Second)
		if r := f.post(f.valid(), phone(i)...); r.code != http.StatusSeeOther {
			t.Fatalf("registration %d: %d", i+1, r.code)
		}
	}
	if f.srv.Alarm().Active {
		t.Fatal("alarm before the limit was passed")
	}
	for i := 5; i < 8; i++ {
		r := f.post(f.valid(), phone(i)...)
		if r.code != http.StatusServiceUnavailable || r.hdr.Get("Retry-After") != "56" ||
			!strings.Contains(r.body, "Gerade zu viele Anmeldungen – bitte am Anmeldetisch anmelden") {
			t.Fatalf("registration %d past the limit: %d Retry-After %q\n%s", i+1, r.code, r.hdr.Get("Retry-After"), r.body)
		}
	}
	r := f.post(f.valid(), append(phone(8), "Accept-Language", "en")...)
	if r.code != http.StatusServiceUnavailable || !strings.Contains(r.body, "Too many registrations right now — please register at the desk") {
		t.Fatalf("in English: %d\n%s", r.code, r.body)
	}
	if n := len(f.pending()); n != 5 {
		t.Fatalf("%d stored, want 5", n)
	}
	a := f.srv.Alarm()
	if !a.Active || a.Reason != hotspot.AlarmRate || a.Limit != 5 || a.Refused != 4 || a.Since.IsZero() {
		t.Errorf("alarm %+v", a)
	}
	select {
	case <-f.srv.AlarmChanged():
	default:
		t.Error("the alarm was not signalled")
	}
	mu.Lock()
	if len(alarms) != 1 || !alarms[0].Active {
		t.Errorf("OnAlarm calls %+v: want one, when it was raised", alarms)
	}
	mu.Unlock()
	if s := f.srv.Stats(); s.Paused != 4 || s.Registered != 5 || s.Limited != 0 {
		t.Errorf("stats %+v", s)
	}
	// The oldest registration leaves the minute: one more fits.
	f.clock.Add(56 * time.Second)
	if r := f.post(f.valid(), phone(9)...); r.code != http.StatusSeeOther {
		t.Errorf("a minute after the first: %d", r.code)
	}
	if r := f.post(f.valid(), phone(10)...); r.code != http.StatusServiceUnavailable {
		t.Errorf("and then the next: %d", r.code)
	}
}

func TestTheGlobalLimitOfWaitingRegistrations(t *testing.T) {
	f := newFixture(t, hotspot.Options{Global: hotspot.Limit{PerMinute: -1, MaxPending: 3}, AlarmQuiet: time.Hour})
	for i := range 3 {
		if r := f.post(f.valid(), phone(i)...); r.code != http.StatusSeeOther {
			t.Fatalf("registration %d: %d", i+1, r.code)
		}
	}
	r := f.post(f.valid(), phone(3)...)
	if r.code != http.StatusServiceUnavailable || r.hdr.Get("Retry-After") == "" {
		t.Fatalf("fourth waiting: %d %v", r.code, r.hdr)
	}
	if a := f.srv.Alarm(); !a.Active || a.Reason != hotspot.AlarmTotal || a.Limit != 3 {
		t.Errorf("alarm %+v", a)
	}
	// The desk confirms one: there is room again.
	if _, err := f.store.CheckIn(f.pending()[0].ID); err != nil {
		t.Fatal(err)
	}
	if r := f.post(f.valid(), phone(4)...); r.code != http.StatusSeeOther {
		t.Errorf("after a confirmation: %d", r.code)
	}
	if c, _ := f.store.Counts(); c.Pending != 3 {
		t.Errorf("%d waiting, want 3", c.Pending)
	}
}

func TestTheAlarmClearsWhenNobodyIsRefusedForAWhile(t *testing.T) {
	cleared := make(chan hotspot.Alarm, 10)
	f := newFixture(t, hotspot.Options{Global: hotspot.Limit{PerMinute: 1}, AlarmQuiet: 20 * time.Millisecond,
		OnAlarm: func(a hotspot.Alarm) {
			if !a.Active {
				cleared <- a
			}
		}})
	f.post(f.valid(), phone(0)...)
	if r := f.post(f.valid(), phone(1)...); r.code != http.StatusServiceUnavailable {
		t.Fatalf("second: %d", r.code)
	}
	<-f.srv.AlarmChanged()
	waitFor(t, "the alarm to clear", func() bool { return !f.srv.Alarm().Active })
	<-cleared
	<-f.srv.AlarmChanged()
}
