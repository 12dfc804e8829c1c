package syncclient

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model/msg"
)

// The background loop reports offline while the link is down, syncs as
// soon as it is up, and brings the pending count to zero.
func TestLoopWaitsOutTheOutageAndSyncs(t *testing.T) {
	w := newWorld(t)
	a := w.desk("Desk 1")
	register(t, a.Store, "Jörg", "Müller", "1985", "m", "10k")
	w.link.inject(cutBeforeSend, cutBeforeSend, cutBeforeSend) // three probes fail
	statuses := make(chan Status, 100)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watch := a.Store.Watch()
	defer watch.Stop()
	go a.Run(ctx, Loop{Every: 20 * time.Millisecond, Offline: 20 * time.Millisecond, Probe: time.Second}, watch.C, func(st Status) { statuses <- st })

	var sawOffline bool
	deadline := time.After(30 * time.Second)
	for {
		select {
		case st := <-statuses:
			if st.State == StateOffline {
				sawOffline = true
				if st.Pending != 1 {
					t.Errorf("offline with %d pending, want 1", st.Pending)
				}
				if got := StatusText(msg.EN, st); got != "sync offline · 1 pending" {
					t.Errorf("footer text %q", got)
				}
			}
			if st.State == StateSynced && st.Pending == 0 {
				if !sawOffline {
					t.Error("never reported the outage")
				}
				if len(snapshot(t, w.cloud)) != 1 {
					t.Error("the cloud did not get the registration")
				}
				return
			}
		case <-deadline:
			t.Fatal("the loop never synced after the link came back")
		}
	}
}

// virtualClock runs the loop in virtual time: every wait returns at once,
// having moved the clock on by its length.
type virtualClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *virtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *virtualClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	c.t = c.t.Add(d)
	ch := make(chan time.Time, 1)
	ch <- c.t
	c.mu.Unlock()
	return ch
}

// windowLink passes requests only while the satellite is up: 10 s in
// every 3 minutes, by the virtual clock.
type windowLink struct {
	next  http.RoundTripper
	clock *virtualClock
	start time.Time
}

func (l windowLink) up() bool { return l.clock.Now().Sub(l.start)%(3*time.Minute) < 10*time.Second }

func (l windowLink) RoundTrip(r *http.Request) (*http.Response, error) {
	if !l.up() {
		return nil, errCut
	}
	return l.next.RoundTrip(r)
}

// A link up 10 s every 3 minutes for an hour: the desk syncs in every
// window (with a probe only every 20 s, as before, whole windows went by).
func TestTheLoopSyncsInEveryShortWindow(t *testing.T) {
	w := newWorld(t)
	a := w.desk("Desk 1")
	vc := &virtualClock{t: time.Date(2026, 12, 6, 8, 0, 5, 0, time.UTC)} // 5 s into the hour: the first window is half gone
	start := vc.t.Add(-5 * time.Second)
	a.HTTP = &http.Client{Transport: windowLink{next: w.link, clock: vc, start: start}}
	a.Now = vc.Now
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	synced := map[int]bool{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.Run(ctx, Loop{Clock: vc}, nil, func(st Status) {
			now := vc.Now()
			if st.State == StateSynced {
				synced[int(now.Sub(start)/(3*time.Minute))] = true
			}
			if now.Sub(start) >= time.Hour {
				cancel()
			}
		})
	}()
	select {
	case <-done:
	case <-time.After(patienceSync):
		t.Fatal("an hour of virtual time did not pass")
	}
	var missed []int
	for win := range 20 {
		if !synced[win] {
			missed = append(missed, win)
		}
	}
	if len(missed) > 0 {
		t.Errorf("no sync in windows %v of 20", missed)
	}
}
