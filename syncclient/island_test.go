package syncclient

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/cloud"
)

// island is a world with a hub on the venue network: desks sync with the
// hub, the hub with the cloud, relaying its desks' changes.
type island struct {
	*world
	hub     *Client // the hub's own sync with the cloud
	hubLink *link   // the venue network: desks to the hub
}

func newIsland(t *testing.T) *island {
	t.Helper()
	w := newWorld(t)
	tok := w.issueToken("Hub", true)
	hs := newStore(t, w.dir, "hub.db", "Hub", w.ev, w.clock.Now)
	if err := hs.ServeAsHub(); err != nil {
		t.Fatal(err)
	}
	hub := New(hs, "http://localhost", tok)
	hub.HTTP = &http.Client{Transport: w.link}
	hub.Now = w.clock.Now
	srv := &cloud.Server{Store: hs, Token: testToken, Now: w.clock.Now}
	return &island{world: w, hub: hub, hubLink: &link{h: srv.Handler()}}
}

// islandDesk is a desk that syncs with the hub.
func (is *island) islandDesk(name string) *Client {
	c := is.desk(name)
	c.BaseURL = "http://127.0.0.1"
	c.HTTP = &http.Client{Transport: is.hubLink}
	return c
}

// toCloud and toHub move a desk between the hub and the cloud.
func (is *island) toCloud(c *Client) {
	c.BaseURL, c.HTTP = "http://localhost", &http.Client{Transport: is.link}
}
func (is *island) toHub(c *Client) {
	c.BaseURL, c.HTTP = "http://127.0.0.1", &http.Client{Transport: is.hubLink}
}

// cloudCopies counts, per (device, sequence), the entries of the cloud's
// log: a change applied twice would show twice.
func cloudCopies(t *testing.T, s *store.Store) map[string]int {
	t.Helper()
	log, err := s.Log(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, ch := range log {
		n[fmt.Sprintf("%s/%d", ch.Device, ch.DevSeq)]++
	}
	return n
}

func checkOnce(t *testing.T, s *store.Store) {
	t.Helper()
	for id, n := range cloudCopies(t, s) {
		if n > 1 {
			t.Errorf("change %s is in the cloud's log %d times", id, n)
		}
	}
}

// The desks on the hub see each other's work without the cloud; the hub
// carries all of it to the cloud, where a desk that syncs with the cloud
// directly gets it; every change is in the cloud once.
func TestTheIslandSharesOneTruthAndTheCloudGetsEverythingOnce(t *testing.T) {
	is := newIsland(t)
	for _, n := range []string{"Ada", "Bea", "Cem"} {
		register(t, is.cloud, n, "Online", "1990", "W", "10k")
	}
	a, b := is.islandDesk("Desk 1"), is.islandDesk("Desk 2")
	direct := is.desk("Desk 3") // at the satellite dish
	mustSync(t, is.hub)
	mustSync(t, a)
	mustSync(t, b)
	ps, err := a.Store.List("")
	if err != nil || len(ps) != 3 {
		t.Fatalf("desk 1 has %d participants from the cloud through the hub, %v", len(ps), err)
	}
	// The satellite is down: the island goes on.
	res, err := a.Store.CheckIn(ps[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	walkIn := register(t, b.Store, "Walk", "In", "1985", "M", "10k")
	mustSync(t, a)
	mustSync(t, b)
	mustSync(t, a)
	got, err := b.Store.Get(ps[0].ID)
	if err != nil || got.Status != model.CheckedIn || got.Bib != res.Participant.Bib {
		t.Errorf("desk 2 sees desk 1's check-in as %+v, %v", got, err)
	}
	if _, err := a.Store.Get(walkIn.ID); err != nil {
		t.Errorf("desk 1 does not see desk 2's walk-in: %v", err)
	}
	assertSame(t, "desk 1 and desk 2", snapshot(t, a.Store), snapshot(t, b.Store))
	// The satellite comes up: the hub carries the island's work up.
	rep := mustSync(t, is.hub)
	if rep.Relayed != 2 || rep.RelayWaiting != 0 {
		t.Errorf("the hub relayed %d changes, %d waiting; want 2, 0", rep.Relayed, rep.RelayWaiting)
	}
	mustSync(t, direct)
	assertSame(t, "the cloud and desk 1", snapshot(t, is.cloud), snapshot(t, a.Store))
	assertSame(t, "the desk at the dish and desk 2", snapshot(t, direct.Store), snapshot(t, b.Store))
	checkOnce(t, is.cloud)
	// What the hub relayed comes back to it from the cloud and changes
	// nothing there (the cloud is the judge: a change the hub could not
	// check would be applied now).
	if rep := mustSync(t, is.hub); rep.Applied != 0 {
		t.Errorf("the hub applied %d changes again", rep.Applied)
	}
	assertSame(t, "the hub and the cloud", snapshot(t, is.hub.Store), snapshot(t, is.cloud))
}

// A desk carried from the hub to the satellite dish, and back, loses and
// doubles nothing: the cloud gets what the hub had not passed on yet, the
// hub's copy of it is recognised as the same change, and the desk's place
// in each server's log is its own.
func TestADeskMovesBetweenHubAndCloudWithoutLossOrDoubles(t *testing.T) {
	is := newIsland(t)
	register(t, is.cloud, "Ada", "Online", "1990", "W", "10k")
	a, b := is.islandDesk("Desk 1"), is.islandDesk("Desk 2")
	mustSync(t, is.hub)
	mustSync(t, a)
	first := register(t, a.Store, "Erst", "Hub", "1980", "M", "10k")
	mustSync(t, a) // the hub has it; the satellite is down, the cloud has not
	is.toCloud(a)
	second := register(t, a.Store, "Zweit", "Schüssel", "1981", "W", "10k")
	rep := mustSync(t, a)
	if rep.Pushed < 2 {
		t.Errorf("at the dish desk 1 pushed %d changes, want both (the hub had not passed the first on)", rep.Pushed)
	}
	for _, p := range []model.Participant{first, second} {
		if _, err := is.cloud.Get(p.ID); err != nil {
			t.Errorf("the cloud lacks %s %s: %v", p.First, p.Last, err)
		}
	}
	mustSync(t, is.hub) // relays the first again: the cloud has it
	checkOnce(t, is.cloud)
	is.toHub(a)
	mustSync(t, a)
	mustSync(t, b)
	mustSync(t, is.hub)
	mustSync(t, a)
	for _, c := range []*Client{a, b} {
		assertSame(t, c.Store.Device().Desk+" and the cloud", snapshot(t, c.Store), snapshot(t, is.cloud))
	}
	checkOnce(t, is.cloud)
}

// A desk whose clock is two days ahead pushes a finish and an edit to the
// hub, the answer is lost, and it is carried to the dish. Had each server
// pulled the stamps back by its own clock, the hub (and every desk that
// pulled from it) and the cloud would hold the same change under two
// stamps and order it differently. The servers hold such changes instead,
// and the desk restamps them once: every replica holds one stamp.
func TestAFarAheadDeskMovedFromHubToCloudLeavesOneStamp(t *testing.T) {
	is := newIsland(t)
	var skew atomic.Int64
	clock := func() time.Time { return is.clock.Now().Add(time.Duration(skew.Load())) }
	s := newStore(t, is.dir, "ahead.db", "Desk 1", is.ev, clock)
	a := New(s, "http://127.0.0.1", testToken)
	a.HTTP, a.Now = &http.Client{Transport: is.hubLink}, clock
	b := is.islandDesk("Desk 2")
	p := register(t, s, "Zeit", "Reisende", "1985", "W", "10k")
	mustSync(t, a)
	skew.Store(int64(48 * time.Hour)) // the date is set wrong after the sync
	if _, err := s.RecordTiming(model.TimingEvent{Kind: model.KindFinish, Bib: 7, At: clock().UnixMilli()}); err != nil {
		t.Fatal(err)
	}
	in := model.InputOf(&p)
	in.Club = "LG Morgen"
	if _, err := s.Edit(p.ID, in); err != nil {
		t.Fatal(err)
	}
	is.hubLink.inject(cutAfterCommit)
	if _, err := a.Sync(context.Background()); err == nil {
		t.Fatal("the lost answer went unnoticed")
	}
	mustSync(t, b)
	is.toCloud(a)
	mustSync(t, a)
	mustSync(t, is.hub)
	mustSync(t, b)
	is.toHub(a)
	mustSync(t, a)
	want := timingStamps(t, is.cloud)
	for name, st := range map[string]*store.Store{"desk 1": s, "desk 2": b.Store, "hub": is.hub.Store} {
		if got := timingStamps(t, st); !maps.Equal(got, want) {
			t.Errorf("%s holds timing stamps %v, the cloud %v", name, got, want)
		}
		assertSame(t, name+" and the cloud", snapshot(t, st), snapshot(t, is.cloud))
	}
	checkOnce(t, is.cloud)
	if ns, _ := s.Notices(); !hasNotice(ns, "clock") {
		t.Errorf("the desk was not told its clock is ahead: %+v", ns)
	}
}

func timingStamps(t *testing.T, s *store.Store) map[string]model.HLC {
	t.Helper()
	evs, err := s.TimingEvents()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]model.HLC{}
	for _, e := range evs {
		out[e.ID] = e.HLC
	}
	return out
}

// Two desks register the same walk-in, typed differently, while apart:
// once they have synced, every replica holds both records (nothing is
// merged) and a notice that says they are probably one person.
func TestTheSameRunnerFromTwoDesksIsFlaggedEverywhere(t *testing.T) {
	w := newWorld(t)
	a, b := w.desk("Desk 1"), w.desk("Desk 2")
	mustSync(t, a)
	mustSync(t, b)
	register(t, a.Store, "Jörg", "Müller", "1985", "M", "10k")
	register(t, b.Store, "Joerg", "Mueller", "1985", "M", "10k")
	mustSync(t, a)
	mustSync(t, b)
	mustSync(t, a)
	c := w.desk("Desk 3") // joins later: both records in one pull
	mustSync(t, c)
	for name, s := range map[string]*store.Store{"cloud": w.cloud, "desk 1": a.Store, "desk 2": b.Store, "desk 3": c.Store} {
		ns, err := s.Notices()
		if err != nil {
			t.Fatal(err)
		}
		if !hasNotice(ns, "duplicate") {
			t.Errorf("%s has no duplicate notice: %+v", name, ns)
		}
		if hits, _ := s.Search("muller jorg", 0); len(hits) != 2 {
			t.Errorf("%s holds %d records of Müller, want both (nothing merged)", name, len(hits))
		}
	}
}

// A runner deleted at one desk is gone — personal fields cleared in the
// record and in every log entry — from the other desk and the cloud after
// a sync; an older edit a third desk made before it heard of the deletion
// does not bring anything back.
func TestADeletionSyncsAndNoOlderEditRevivesIt(t *testing.T) {
	w := newWorld(t)
	a, b, c := w.desk("Desk 1"), w.desk("Desk 2"), w.desk("Desk 3")
	p := register(t, a.Store, "Jörg", "Müller", "1985", "M", "10k")
	in := model.InputOf(&p)
	in.Email, in.Phone = "joerg.mueller@example.org", "0171 555 0101"
	if _, err := a.Store.Edit(p.ID, in); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*Client{a, b, c} {
		mustSync(t, d)
	}
	// Desk 3, offline, edits the club; Desk 1 deletes the runner.
	got, _ := c.Store.Get(p.ID)
	in = model.InputOf(&got)
	in.Club = "LG Müllerhausen"
	if _, err := c.Store.Edit(p.ID, in); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Store.Delete(p.ID, "withdrew their consent"); err != nil {
		t.Fatal(err)
	}
	mustSync(t, a)
	mustSync(t, b)
	mustSync(t, c) // pushes the older edit, pulls the deletion
	mustSync(t, a)
	mustSync(t, b)
	for name, s := range map[string]*store.Store{"cloud": w.cloud, "desk 1": a.Store, "desk 2": b.Store, "desk 3": c.Store} {
		got, err := s.Get(p.ID)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.Status != model.Deleted || got.First != "" || got.Last != "" || got.Email != "" || got.Club != "" || !got.Born.IsZero() {
			t.Errorf("%s holds %+v after the deletion", name, got)
		}
		if hits, _ := s.Search("muller", 0); len(hits) != 0 {
			t.Errorf("%s still finds the deleted runner", name)
		}
		log, err := s.Log(0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range log {
			if ch.Device == s.Device().ID && s != w.cloud {
				continue // a desk's own changes are cleared by purge (they may have to go out again)
			}
			for _, f := range ch.Fields {
				if strings.Contains(f.Value, "Müller") || strings.Contains(f.Value, "example.org") || strings.Contains(f.Value, "0171") {
					t.Errorf("%s's log still holds %s=%q (change %s/%d)", name, f.Field, f.Value, ch.Device, ch.DevSeq)
				}
			}
		}
	}
	if _, err := a.Store.Edit(p.ID, in); err == nil {
		t.Errorf("a deleted runner was edited")
	}
}
