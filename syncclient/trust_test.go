package syncclient

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/protocol"
)

// The ordinary accidents of race-day IT (issue "Sync you can trust"), one
// test per case. Each failed on the code before the fix.

// reopen closes c's store and opens the file at path in its place (a
// laptop restored from a backup, or a copy on a second laptop).
func (w *world) reopen(c *Client, path string) {
	w.t.Helper()
	c.Store.Close() // a second Close is harmless
	s, err := store.Open(path, store.Options{Now: w.clock.Now})
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { s.Close() })
	c.Store = s
}

// restore puts the backup in place of c's file and opens it, as a person
// restores a laptop.
func (w *world) restore(c *Client, backup string) {
	w.t.Helper()
	path := c.Store.Path()
	c.Store.Close()
	if err := copyFile(backup, path); err != nil {
		w.t.Fatal(err)
	}
	w.reopen(c, path)
}

// clientAt is a desk client over the world's link for a store opened at path.
func (w *world) clientAt(path string) *Client {
	w.t.Helper()
	s, err := store.Open(path, store.Options{Now: w.clock.Now})
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { s.Close() })
	c := New(s, "http://localhost", testToken)
	c.HTTP = &http.Client{Transport: w.link}
	c.Now = w.clock.Now
	return c
}

func lists(t *testing.T, s *store.Store, id string) bool {
	t.Helper()
	_, err := s.Get(id)
	return err == nil
}

// 1. Backup → register Bob → sync → restore → sync with nothing to push:
// the restored desk gets Bob back, and its next runner gets another bib.
func TestRestoredDeskGetsItsSyncedWorkBackWithNothingToPush(t *testing.T) {
	w := newWorld(t)
	a := w.desk("Desk 1")
	mustSync(t, a)
	backup := filepath.Join(w.dir, "backup.db")
	if _, err := a.Store.BackupToFile(backup); err != nil {
		t.Fatal(err)
	}
	bob := register(t, a.Store, "Bob", "Nachher", "1980", "m", "10k")
	mustSync(t, a)

	w.restore(a, backup)
	mustSync(t, a) // nothing to push
	if !lists(t, a.Store, bob.ID) {
		t.Fatalf("the restored desk does not list Bob, whom it registered and synced before the restore")
	}
	eve := register(t, a.Store, "Eve", "Danach", "1982", "w", "10k")
	if eve.Bib == bob.Bib {
		t.Errorf("Eve got bib %d, Bob's", eve.Bib)
	}
	mustSync(t, a)
	if cs, _ := w.cloud.BibConflicts(); len(cs) != 0 {
		t.Errorf("bibs held twice: %+v", cs)
	}
}

// 2. The database copied to a second laptop: each copy receives the
// other's runners, and they never hand out the same bib unflagged.
func TestCopiedDatabaseReceivesTheOriginalsRunners(t *testing.T) {
	w := newWorld(t)
	a := w.desk("Desk 1")
	register(t, a.Store, "Vor", "Kopie", "1975", "m", "10k")
	mustSync(t, a)
	copyPath := filepath.Join(w.dir, "laptop2.db")
	if _, err := a.Store.BackupToFile(copyPath); err != nil { // cp while it runs
		t.Fatal(err)
	}
	b := w.clientAt(copyPath)
	if b.Store.Device().ID == a.Store.Device().ID {
		t.Errorf("the copy kept the original's device identity")
	}
	anna := register(t, a.Store, "Anna", "Original", "1990", "w", "10k")
	mustSync(t, a)
	karl := register(t, b.Store, "Karl", "Kopie", "1991", "m", "10k")
	mustSync(t, b)
	mustSync(t, a)
	if !lists(t, b.Store, anna.ID) {
		t.Errorf("the copy never received the original's new runner")
	}
	if !lists(t, a.Store, karl.ID) {
		t.Errorf("the original never received the copy's new runner")
	}
	assertSame(t, "original and copy", snapshot(t, a.Store), snapshot(t, b.Store))
	if anna.Bib == karl.Bib {
		cs, _ := b.Store.BibConflicts()
		if len(cs) == 0 {
			t.Errorf("both copies handed out bib %d and nobody is told", anna.Bib)
		}
	}
}

// 3. A laptop 48 h ahead registers a runner on the phone form and confirms
// her at once: both changes travel in one push, and every replica must end
// with her checked in.
func TestFarAheadClockKeepsTheOrderOfOnePush(t *testing.T) {
	w := newWorld(t)
	// The laptop's own clock ticks; the cloud answers the push within one
	// of its milliseconds.
	own := newClock()
	ahead := func() time.Time { return own.Now().Add(48 * time.Hour) }
	s := newStore(t, w.dir, "ahead.db", "Desk 1", w.ev, ahead)
	a := New(s, "http://localhost", testToken)
	a.HTTP, a.Now = &http.Client{Transport: w.link}, ahead
	b := w.desk("Desk 2")

	p, err := s.RegisterPending(model.ParticipantInput{First: "Handy", Last: "Läuferin", Born: "1993", Gender: "w", Race: "10k"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckIn(p.ID); err != nil {
		t.Fatal(err)
	}
	w.clock.freeze(true)
	mustSync(t, a)
	w.clock.freeze(false)
	mustSync(t, b)
	for name, st := range map[string]*store.Store{"desk": s, "cloud": w.cloud, "desk 2": b.Store} {
		if got, _ := st.Get(p.ID); got.Status != model.CheckedIn {
			t.Errorf("%s: status %s, want checked-in", name, got.Status)
		}
	}
}

// 4. A different change with the same device, sequence and stamp is not a
// retry: the cloud must not acknowledge it as one and drop it.
func TestSameSequenceAndStampWithOtherContentIsNotARetry(t *testing.T) {
	w := newWorld(t)
	dev := model.NewID()
	h := model.MakeHLC(w.clock.Now().UnixMilli(), 0)
	change := func(id, last string) store.Change {
		return store.Change{Device: dev, DevSeq: 1, HLC: h, Desk: "Desk 9", Entity: store.EntityParticipant, ID: id, Op: store.OpCreate,
			Fields: []model.FieldChange{{Field: model.FFirst, Value: "Gleich"}, {Field: model.FLast, Value: last}, {Field: model.FBorn, Value: "1980"},
				{Field: model.FGender, Value: "m"}, {Field: model.FRace, Value: "10k"}, {Field: model.FStatus, Value: "registered"}, {Field: model.FSource, Value: "late"}}}
	}
	if _, err := w.cloud.Push(dev, []store.Change{change(model.NewID(), "Erster")}); err != nil {
		t.Fatal(err)
	}
	other := change(model.NewID(), "Zweiter")
	ack, err := w.cloud.Push(dev, []store.Change{other})
	if err != nil {
		t.Fatal(err)
	}
	if len(ack.Reused) == 0 {
		t.Errorf("ack %+v: a change with other content under a used ID was taken as a retry", ack)
	}
	if lists(t, w.cloud, other.ID) {
		t.Errorf("the cloud applied a change under a used ID")
	}
}

// 5. A database of another event must not sync into this event's cloud.
func TestDeskOfAnotherEventIsRefused(t *testing.T) {
	w := newWorld(t)
	other := *w.ev
	other.Name, other.Date = "Buchauer Nikolaus-Waldlauf 2025", "2025-12-07"
	s := newStore(t, w.dir, "old.db", "Desk 1", &other, w.clock.Now)
	c := New(s, "http://localhost", testToken)
	c.HTTP, c.Now = &http.Client{Transport: w.link}, w.clock.Now
	p := register(t, s, "Letztes", "Jahr", "1980", "m", "10k")
	_, err := c.Sync(context.Background())
	if err == nil {
		t.Fatal("a desk of another event synced")
	}
	for _, want := range []string{"2025-12-07", "2026-12-06"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name both events (%s)", err, want)
		}
	}
	if lists(t, w.cloud, p.ID) {
		t.Errorf("the other event's runner reached the cloud")
	}
}

// 6. A token holder must not push as another desk.
func TestADeskCannotPushAsAnother(t *testing.T) {
	w := newWorld(t)
	a, b := w.desk("Desk 1"), w.desk("Desk 2")
	mustSync(t, a)
	mustSync(t, b)
	// Desk 2 forges a registration under desk 1's device and next sequence.
	forged := store.Change{Device: a.Store.Device().ID, DevSeq: 1, HLC: model.MakeHLC(w.clock.Now().UnixMilli(), 0), Desk: "Desk 1",
		Entity: store.EntityParticipant, ID: model.NewID(), Op: store.OpCreate,
		Fields: []model.FieldChange{{Field: model.FFirst, Value: "Falsch"}, {Field: model.FLast, Value: "Spieler"}, {Field: model.FBorn, Value: "1980"},
			{Field: model.FGender, Value: "m"}, {Field: model.FRace, Value: "10k"}, {Field: model.FStatus, Value: "registered"}, {Field: model.FSource, Value: "late"}}}
	req := protocol.SyncRequest{Event: w.ev.Identity(), Device: a.Store.Device().ID, Desk: "Desk 1", Push: []store.Change{forged}}
	var body bytes.Buffer
	if err := protocol.EncodeRequest(&body, &req); err != nil {
		t.Fatal(err)
	}
	hreq, _ := http.NewRequest(http.MethodPost, "http://localhost"+protocol.PathSync, &body)
	hreq.Header.Set("Authorization", "Bearer "+deskToken(t, b))
	hreq.Header.Set(protocol.HeaderEvent, w.ev.Identity())
	resp, err := b.HTTP.Do(hreq)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Errorf("the cloud accepted desk 2's push as desk 1")
	}
	if lists(t, w.cloud, forged.ID) {
		t.Errorf("the forged change was applied")
	}
}

// A join cut off after the file was made (the link drops during the first
// sync, or the process is killed) leaves a desk that the next plain sync
// continues: the file has its event and remembers its cloud.
func TestAJoinCutOffLeavesADeskThatTheNextSyncContinues(t *testing.T) {
	w := newWorld(t)
	register(t, w.cloud, "Online", "Angemeldet", "1975", "w", "5k")
	path := filepath.Join(w.dir, "desk2.db")
	w.link.inject(passThrough, cutBeforeSend) // the event arrives, the join does not
	s, _, err := Join(context.Background(), path, store.CloudConfig{URL: "http://localhost", TokenFile: "token.txt"}, testToken, "Desk 2", &http.Client{Transport: w.link})
	if err == nil || s == nil {
		t.Fatalf("join over a cut link: store %v, err %v", s, err)
	}
	s.Close()
	c := w.clientAt(path)
	cfg, _ := c.Store.Cloud()
	if cfg.URL != "http://localhost" || cfg.TokenFile != "token.txt" {
		t.Errorf("the cut-off join did not remember its cloud: %+v", cfg)
	}
	mustSync(t, c)
	assertSame(t, "cloud and the joined desk", snapshot(t, w.cloud), snapshot(t, c.Store))
}

// slowDisk is a desk whose store takes two seconds whenever it reads the
// clock: time passes while a big page is applied.
type slowDisk struct{ w *world }

func (d slowDisk) Now() time.Time {
	d.w.clock.mu.Lock()
	d.w.clock.t = d.w.clock.t.Add(2 * time.Second)
	d.w.clock.mu.Unlock()
	return d.w.clock.Now()
}

// The clock offset is the cloud's clock when its answer arrived, not after
// the page was applied: a slow disk must not look like a wrong clock.
func TestClockOffsetIsMeasuredWhenTheAnswerArrives(t *testing.T) {
	w := newWorld(t)
	for _, n := range []string{"Eins", "Zwei", "Drei", "Vier"} {
		register(t, w.cloud, "Online", n, "1980", "m", "10k")
	}
	s := newStore(t, w.dir, "slow.db", "Desk 1", w.ev, slowDisk{w}.Now)
	c := New(s, "http://localhost", testToken)
	c.HTTP, c.Now = &http.Client{Transport: w.link}, w.clock.Now
	rep := mustSync(t, c)
	if rep.ClockOffset > time.Second || rep.ClockOffset < -time.Second {
		t.Errorf("clock offset %v with the same clock on both sides", rep.ClockOffset)
	}
	if off, _ := s.ClockOffset(); off > time.Second || off < -time.Second {
		t.Errorf("stored clock offset %v", off)
	}
}

// An organizer's token: the desk joins with it (no enrolment token on the
// laptop), syncs as itself, and stops syncing when the organizer revokes
// it — told why.
func TestADeskWithAnOrganizersTokenSyncsUntilRevoked(t *testing.T) {
	w := newWorld(t)
	tok := w.issueToken("Desk 2", false)
	s := newStore(t, w.dir, "desk2.db", "Desk 2", w.ev, w.clock.Now)
	c := New(s, "http://localhost", tok)
	c.HTTP, c.Now = &http.Client{Transport: w.link}, w.clock.Now
	p := register(t, s, "Dritte", "Kasse", "1985", "w", "5k")
	mustSync(t, c)
	if !lists(t, w.cloud, p.ID) {
		t.Fatal("the desk's runner did not reach the cloud")
	}
	ts := w.tokens()
	for _, x := range ts {
		if x.Device != s.Device().ID {
			t.Errorf("token %s… bound to %q, want the desk's device", x.Prefix, x.Device)
		}
	}
	w.revokeTokens("Desk 2")
	register(t, s, "Nach", "Widerruf", "1986", "m", "5k")
	_, err := c.Sync(context.Background())
	if err == nil || !strings.Contains(err.Error(), "revoked") {
		t.Errorf("sync after the revocation: %v, want a refusal saying revoked", err)
	}
}
