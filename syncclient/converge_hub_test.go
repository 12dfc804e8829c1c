package syncclient

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/cloud"
)

// TestRandomizedConvergenceWithAHub: the randomized race day of
// TestRandomizedConvergence with an island. Desks sync at random with the
// hub (mostly) or the cloud (carried to the dish), both links fail at
// random steps, the venue network partitions a desk from the hub now and
// then, the satellite is up in one round of four, the hub is stopped and
// started again, and the hub's own laptop takes registrations (phones).
// The accidents of race day happen too: backups restored, databases
// copied, clocks jumping, forged pushes. After the links heal and everyone
// syncs, every replica — cloud, hub, desks — holds the same participants,
// nothing confirmed is lost, nothing forged is anywhere, and every change
// is in the cloud's log once.
func TestRandomizedConvergenceWithAHub(t *testing.T) {
	rng, rounds := randomRun(t, 0x51ed270b27a3c5e1)
	is := newIsland(t)
	w := is.world
	f := &fleet{w: w, t: t}
	for _, name := range []string{"Desk 1", "Desk 2", "Desk 3"} {
		f.add(name, "")
	}
	atHub := map[*replica]bool{}
	venueDown := map[*replica]int{}
	names := []string{"Müller", "Schmidt", "Weiß", "Dvořák", "Nguyễn", "Öztürk"}
	firsts := []string{"Jörg", "Anna", "Zoë", "Łukasz", "Renée"}
	races := []string{"10k", "5k"}
	ops, hubRestarts, switches := 0, 0, 0
	for round := 0; round < rounds; round++ {
		for n := rng.IntN(4); n > 0; n-- {
			var s *store.Store
			switch i := rng.IntN(len(f.desks) + 2); {
			case i == len(f.desks):
				s = w.cloud // an online registration
			case i == len(f.desks)+1:
				s = is.hub.Store // a phone's, on the hub
			default:
				s = f.desks[i].c.Store
			}
			var wrote bool
			var id string
			if rng.IntN(4) == 0 && s != w.cloud {
				wrote, id = randomTiming(t, rng, s)
			} else {
				wrote, id = randomOp(t, rng, s, names, firsts, races)
			}
			if wrote {
				ops++
				if id != "" {
					f.confirmed[id] = s.Device().Desk
				}
			}
		}
		f.accident(rng)
		if rng.IntN(30) == 0 { // the hub's laptop is restarted
			is.restartHub(t)
			hubRestarts++
		}
		for _, d := range f.desks {
			if venueDown[d] > 0 {
				venueDown[d]--
			} else if rng.IntN(15) == 0 {
				venueDown[d] = 1 + rng.IntN(6)
			}
			if rng.IntN(2) != 0 {
				continue
			}
			toHub := rng.IntN(10) < 7
			if toHub != atHub[d] {
				switches++
			}
			atHub[d] = toHub
			if toHub {
				if venueDown[d] > 0 {
					continue
				}
				is.toHub(d.c)
				if rng.IntN(5) == 0 {
					is.hubLink.inject(fault(1 + rng.IntN(4)))
				}
			} else {
				is.toCloud(d.c)
				if rng.IntN(4) == 0 {
					w.link.inject(fault(1 + rng.IntN(4)))
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			d.c.Sync(ctx) // errors are the point of the faults
			cancel()
		}
		if rng.IntN(4) == 0 { // the satellite is up
			if rng.IntN(4) == 0 {
				w.link.inject(fault(1 + rng.IntN(4)))
			}
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			is.hub.Sync(ctx)
			cancel()
		}
	}
	// Everything heals: the desks on the hub, the hub with the cloud.
	w.link.faults, is.hubLink.faults = nil, nil
	for _, d := range f.desks {
		d.skew.Store(0)
	}
	for pass := 0; pass < 3; pass++ {
		for _, d := range f.desks {
			is.toHub(d.c)
			mustSync(t, d.c)
		}
		mustSync(t, is.hub)
	}
	// Every change a device pushed to the hub is in the cloud, the same.
	hubLog, _ := is.hub.Store.Log(0, 0)
	for _, ch := range hubLog {
		if ch.Device == is.hub.Store.Device().ID {
			continue
		}
		hd := is.hub.Store.HeldDigest(ch.Device, ch.DevSeq)
		if hd == "" {
			continue // pulled from the cloud, not pushed to the hub
		}
		// (Other content under the same identity is a twin's, a restored
		// or copied file's: the hub passed its own on under its identity.)
		if w.cloud.HeldDigest(ch.Device, ch.DevSeq) == "" {
			t.Errorf("%s/%d (%s %s %v) pushed to the hub never reached the cloud", ch.Device[:4], ch.DevSeq, ch.Entity, ch.Op, ch.Fields)
			if os.Getenv("RACEDESK_DEBUG") != "" {
				for ds := uint64(1); ds <= ch.DevSeq+1; ds++ {
					t.Logf("  %d: hub %q cloud %q", ds, is.hub.Store.HeldDigest(ch.Device, ds), w.cloud.HeldDigest(ch.Device, ds))
				}
				rel, _ := is.hub.Store.Relays(0)
				t.Logf("  relay holds %d", len(rel))
				ns, _ := w.cloud.Notices()
				for _, n := range ns {
					if n.ID == ch.ID {
						t.Logf("  cloud notice %+v", n)
					}
				}
				cp, err := w.cloud.Get(ch.ID)
				t.Logf("  cloud has %+v %v", cp, err)
			}
		}
	}
	want := snapshot(t, w.cloud)
	if got := snapshot(t, is.hub.Store); len(got) == len(want) {
		for i := range got {
			if got[i] != want[i] {
				id := strings.Fields(got[i])[0]
				for _, s := range []*store.Store{w.cloud, is.hub.Store} {
					ns, _ := s.Notices()
					for _, n := range ns {
						if n.ID == id {
							t.Logf("%s notice: %+v", s.Device().Desk, n)
						}
					}
					log, _ := s.Log(0, 0)
					for _, ch := range log {
						if ch.ID == id {
							t.Logf("%s log: %s/%d %v %v relay=%s", s.Device().Desk, ch.Device[:4], ch.DevSeq, ch.HLC, ch.Fields, ch.Relay)
						}
					}
				}
			}
		}
	}
	assertSame(t, "cloud and hub", want, snapshot(t, is.hub.Store))
	for _, d := range f.desks {
		assertSame(t, "cloud and "+d.name, want, snapshot(t, d.c.Store))
	}
	if n, _ := is.hub.Store.RelayCount(); n != 0 {
		t.Errorf("%d relayed changes never reached the cloud", n)
	}
	for id, desk := range f.confirmed {
		if !f.lost[id] && !lists(t, w.cloud, id) && !hasTiming(t, w.cloud, id) {
			t.Errorf("%s confirmed %s; it is gone", desk, id)
			for _, s := range []*store.Store{w.cloud, is.hub.Store} {
				ns, _ := s.Notices()
				for _, n := range ns {
					t.Logf("%s notice: %+v", s.Device().Desk, n)
				}
				log, _ := s.Log(0, 0)
				for _, ch := range log {
					if ch.ID == id {
						t.Logf("%s log: %+v", s.Device().Desk, ch)
					}
				}
			}
		}
	}
	for id := range f.forged {
		if lists(t, w.cloud, id) {
			t.Errorf("a forged change (%s) reached the cloud", id)
		}
	}
	wantTiming, _ := timingOf(t, w.cloud)
	for _, s := range []*store.Store{is.hub.Store, f.desks[0].c.Store} {
		if got, _ := timingOf(t, s); got != wantTiming {
			t.Errorf("%s timing events differ from the cloud's%s", s.Device().Desk, diffWords(got, wantTiming))
		}
	}
	checkOnce(t, w.cloud)
	if ops < rounds/2 {
		t.Errorf("only %d operations in %d rounds", ops, rounds)
	}
	t.Logf("%d operations, %d participants, %d desks, %d hub restarts, %d moves between hub and cloud, %d lost with restored laptops",
		ops, len(want), len(f.desks), hubRestarts, switches, len(f.lost))
}

// restartHub stops the hub's process and starts it again on its file: the
// store is closed and opened, and the server serves the new one.
func (is *island) restartHub(t *testing.T) {
	t.Helper()
	path, now := is.hub.Store.Path(), is.hub.Now
	is.hub.Store.Close()
	s, err := store.Open(path, store.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if !s.IsHub() {
		t.Fatal("the hub's file forgot it is a hub")
	}
	is.hub.Store = s
	is.hubLink.mu.Lock()
	is.hubLink.h = (&cloud.Server{Store: s, Token: testToken, Now: is.clock.Now}).Handler()
	is.hubLink.mu.Unlock()
	_ = http.StatusOK
}
