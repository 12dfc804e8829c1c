package syncclient

import (
	"context"
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
	go a.Run(ctx, Loop{Every: 20 * time.Millisecond, MaxBackoff: 40 * time.Millisecond, Probe: time.Second}, watch.C, func(st Status) { statuses <- st })

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
