package syncclient

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// A desk restored from a backup taken before its last sync must not reuse
// change IDs the cloud has seen: it takes a new identity, its new
// registrations reach the cloud, and it pulls back what it had pushed
// after the backup.
func TestDeskRestoredFromBackupLosesNothing(t *testing.T) {
	w := newWorld(t)
	a := w.desk("Desk 1")
	early := register(t, a.Store, "Vor", "Sicherung", "1980", "m", "10k")
	mustSync(t, a)
	backup := filepath.Join(w.dir, "backup.db")
	if _, err := a.Store.BackupToFile(backup); err != nil {
		t.Fatal(err)
	}
	late := register(t, a.Store, "Nach", "Sicherung", "1981", "w", "10k")
	mustSync(t, a)
	oldID := a.Store.Device().ID

	// The laptop dies; the desk comes back from the backup.
	w.restore(a, backup)
	s := a.Store
	if _, err := s.Get(late.ID); err == nil {
		t.Fatal("the backup should not hold the later registration")
	}
	afterRestore := register(t, s, "Wieder", "Da", "1982", "d", "5k")

	rep := mustSync(t, a)
	if !rep.NewIdentity || s.Device().ID == oldID {
		t.Errorf("restored desk kept its identity (report %+v)", rep)
	}
	for _, p := range []model.Participant{early, late, afterRestore} {
		if _, err := w.cloud.Get(p.ID); err != nil {
			t.Errorf("cloud lacks %s %s: %v", p.First, p.Last, err)
		}
		if _, err := s.Get(p.ID); err != nil {
			t.Errorf("restored desk lacks %s %s: %v", p.First, p.Last, err)
		}
	}
	assertSame(t, "cloud and restored desk", snapshot(t, w.cloud), snapshot(t, s))
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o600)
}

// A laptop whose clock is far ahead must not win every later edit: the
// cloud pulls its stamps back and flags it, and the desk adopts the
// cloud's stamp.
func TestClockFarAheadIsBoundedAndFlagged(t *testing.T) {
	w := newWorld(t)
	wrong := func() time.Time { return w.clock.Now().Add(72 * time.Hour) }
	s := newStore(t, w.dir, "wrong.db", "Desk 1", w.ev, wrong)
	a := New(s, "http://localhost", testToken)
	a.HTTP = w.desk("Desk 3").HTTP
	a.Now = wrong
	b := w.desk("Desk 2")

	p := register(t, s, "Zeit", "Reisender", "1970", "m", "10k")
	in := model.InputOf(&p)
	in.Club = "Club der Zukunft"
	if _, err := s.Edit(p.ID, in); err != nil {
		t.Fatal(err)
	}
	rep := mustSync(t, a)
	if rep.ClockOffset > -71*time.Hour {
		t.Errorf("clock offset %v; the desk should see it is 3 days ahead", rep.ClockOffset)
	}
	mustSync(t, b)
	// Desk 2, with a right clock, corrects the club a little later: it wins.
	got, _ := b.Store.Get(p.ID)
	in = model.InputOf(&got)
	in.Club = "LG Buchau"
	w.clock.t = w.clock.t.Add(10 * time.Minute)
	if _, err := b.Store.Edit(p.ID, in); err != nil {
		t.Fatal(err)
	}
	mustSync(t, b)
	mustSync(t, a)
	for name, st := range map[string]*store.Store{"cloud": w.cloud, "wrong desk": s, "desk 2": b.Store} {
		got, _ := st.Get(p.ID)
		if got.Club != "LG Buchau" {
			t.Errorf("%s: club %q; the later edit from the right clock must win", name, got.Club)
		}
	}
	notices, _ := w.cloud.Notices()
	if !hasNotice(notices, "clock") {
		t.Errorf("the cloud did not flag the clock: %+v", notices)
	}
}

func hasNotice(ns []store.Notice, kind string) bool {
	for _, n := range ns {
		if n.Kind == kind {
			return true
		}
	}
	return false
}

// Two desks give the same bib offline (by hand): after sync both runners
// keep it, and every replica lists the conflict until a person resolves it.
func TestBibGivenTwiceIsKeptAndFlaggedEverywhere(t *testing.T) {
	w := newWorld(t)
	a, b := w.desk("Desk 1"), w.desk("Desk 2")
	mk := func(s *store.Store, first string) model.Participant {
		p, err := s.Register(model.ParticipantInput{First: first, Last: "Doppel", Born: "1990", Gender: "w", Race: "10k", Bib: "42"}, store.RegisterOptions{Late: true})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	pa, pb := mk(a.Store, "Erste"), mk(b.Store, "Zweite")
	mustSync(t, a)
	mustSync(t, b)
	mustSync(t, a)
	for name, s := range map[string]*store.Store{"cloud": w.cloud, "desk 1": a.Store, "desk 2": b.Store} {
		cs, err := s.BibConflicts()
		if err != nil || len(cs) != 1 || cs[0].Bib != 42 || len(cs[0].Holders) != 2 {
			t.Errorf("%s: conflicts %+v, %v", name, cs, err)
		}
		for _, p := range []model.Participant{pa, pb} {
			if got, _ := s.Get(p.ID); got.Bib != 42 {
				t.Errorf("%s: %s lost bib 42", name, p.First)
			}
		}
	}
	// A person resolves it at desk 2: the second runner gets another bib.
	in := model.InputOf(&pb)
	in.Bib = "43"
	if _, err := b.Store.Edit(pb.ID, in); err != nil {
		t.Fatal(err)
	}
	mustSync(t, b)
	mustSync(t, a)
	for name, s := range map[string]*store.Store{"cloud": w.cloud, "desk 1": a.Store, "desk 2": b.Store} {
		if cs, _ := s.BibConflicts(); len(cs) != 0 {
			t.Errorf("%s still flags %+v after the fix", name, cs)
		}
	}
}

// The cloud applies only valid participants; a refused change is
// acknowledged (it does not block the desk's outbox) and reported.
func TestInvalidPushIsRefusedAndReported(t *testing.T) {
	w := newWorld(t)
	a := w.desk("Desk 1")
	p := register(t, a.Store, "Gültig", "Läuferin", "1990", "w", "10k")
	mustSync(t, a)
	// A bad change as a broken or hostile desk would send it.
	bad := store.Change{Device: "evil", DevSeq: 1, HLC: model.MakeHLC(w.clock.Now().UnixMilli(), 0), Entity: store.EntityParticipant,
		ID: p.ID, Op: store.OpUpdate, Fields: []model.FieldChange{{Field: model.FBorn, Value: "2030-01-01"}}}
	ack, err := w.cloud.Push("evil", []store.Change{bad})
	if err != nil {
		t.Fatal(err)
	}
	if ack.Upto != 1 || ack.Refused[1] == "" {
		t.Fatalf("ack %+v: the change must be acknowledged as refused", ack)
	}
	if got, _ := w.cloud.Get(p.ID); got.Born.Year != 1990 {
		t.Errorf("the cloud applied an invalid birth date: %v", got.Born)
	}
	again, _ := w.cloud.Push("evil", []store.Change{bad})
	if again.Upto != 1 || len(again.Reused) != 0 {
		t.Errorf("a retried refused change: %+v", again)
	}
}

// An edit of a runner the cloud has not heard of yet (a desk learned of
// them through the hub and was carried to the dish before the hub passed
// the registration on) is kept, not refused — refused, it would be lost —
// and applied once the registration arrives; until then nobody sees a
// runner without a name. The values it sets are still checked.
func TestAnEditOfAnUnknownRunnerWaitsForItsRegistration(t *testing.T) {
	w := newWorld(t)
	id := model.NewID()
	registered := model.MakeHLC(w.clock.Now().UnixMilli(), 0)
	edit := func(seq uint64, f model.FieldChange) store.Change {
		return store.Change{Device: "desk", DevSeq: seq, HLC: model.MakeHLC(w.clock.Now().UnixMilli(), 0), Entity: store.EntityParticipant,
			ID: id, Op: store.OpUpdate, Fields: []model.FieldChange{f}}
	}
	ack, err := w.cloud.Push("desk", []store.Change{
		edit(1, model.FieldChange{Field: model.FBorn, Value: "1980-02-03"}),
		edit(2, model.FieldChange{Field: model.FFirst, Value: "Jörg\x1b[2J"}),
		edit(3, model.FieldChange{Field: model.FBorn, Value: "2031-01-01"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if ack.Upto != 3 || ack.Refused[1] != "" || ack.Refused[2] == "" || ack.Refused[3] == "" {
		t.Fatalf("ack %+v: want the birth date kept, the escape sequence and the future birth date refused", ack)
	}
	if _, err := w.cloud.Get(id); err == nil {
		t.Fatal("a runner known only by an edit is listed")
	}
	create := store.Change{Device: "hub", DevSeq: 1, HLC: registered, Entity: store.EntityParticipant, ID: id, Op: store.OpCreate,
		Fields: []model.FieldChange{{Field: model.FFirst, Value: "Jörg"}, {Field: model.FLast, Value: "Müller"}, {Field: model.FBorn, Value: "1979-01-01"},
			{Field: model.FGender, Value: "M"}, {Field: model.FRace, Value: "10k"}, {Field: model.FStatus, Value: "registered"}, {Field: model.FSource, Value: "desk"}}}
	if ack, err := w.cloud.Push("hub", []store.Change{create}); err != nil || len(ack.Refused) > 0 {
		t.Fatalf("the registration: %+v, %v", ack, err)
	}
	if p, err := w.cloud.Get(id); err != nil || p.Born.Year != 1980 || p.First != "Jörg" {
		t.Errorf("after the registration the cloud holds %+v, %v; want it with the later birth date", p, err)
	}
}
