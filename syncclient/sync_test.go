package syncclient

import (
	"context"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/store"
)

func TestDeskPushesAndAnotherDeskPulls(t *testing.T) {
	w := newWorld(t)
	a, b := w.desk("Desk 1"), w.desk("Desk 2")
	p := register(t, a.Store, "Jörg", "Müller", "12.3.85", "m", "10k")
	rep := mustSync(t, a)
	if rep.Pushed != 1 || rep.RoundTrips != 1 || rep.Pending != 0 {
		t.Errorf("first sync report %+v", rep)
	}
	rep = mustSync(t, b)
	if rep.Pulled != 1 || rep.RoundTrips != 1 {
		t.Errorf("second desk report %+v", rep)
	}
	got, err := b.Store.Get(p.ID)
	if err != nil || got.Last != "Müller" || got.Bib != 1 {
		t.Fatalf("desk 2 has %+v, %v", got, err)
	}
	assertSame(t, "cloud and desk 2", snapshot(t, w.cloud), snapshot(t, b.Store))
	assertSame(t, "desk 1 and desk 2", snapshot(t, a.Store), snapshot(t, b.Store))
}

func TestFieldsMergeLastWriterWins(t *testing.T) {
	w := newWorld(t)
	a, b := w.desk("Desk 1"), w.desk("Desk 2")
	p := register(t, a.Store, "Anna", "Weiß", "1990", "w", "5k")
	mustSync(t, a)
	mustSync(t, b)
	// Offline: desk 2 corrects the birth date, desk 1 checks her in later.
	in := model.InputOf(&p)
	in.Born = "03.04.1990"
	if _, err := b.Store.Edit(p.ID, in); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Store.CheckIn(p.ID); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*Client{a, b, a} {
		mustSync(t, c)
	}
	for _, c := range []*Client{a, b} {
		got, _ := c.Store.Get(p.ID)
		if got.Born.String() != "1990-04-03" || got.Status != model.CheckedIn {
			t.Errorf("%s: born %s status %s; both changes must survive", c.Store.Device().Desk, got.Born, got.Status)
		}
	}
	assertSame(t, "desks", snapshot(t, a.Store), snapshot(t, b.Store))
}

func TestFaultsAtEveryStepConverge(t *testing.T) {
	for _, f := range []fault{cutBeforeSend, cutAfterCommit, cutMidBody, stall} {
		t.Run([]string{"", "cut before send", "cut after commit", "cut mid body", "stall"}[f], func(t *testing.T) {
			w := newWorld(t)
			a, b := w.desk("Desk 1"), w.desk("Desk 2")
			register(t, w.cloud, "Online", "Eins", "1980", "m", "10k")
			for i := 0; i < 3; i++ {
				register(t, a.Store, "Läufer", []string{"Eins", "Zwei", "Drei"}[i], "1985", "m", "10k")
			}
			w.link.inject(f)
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			_, err := a.Sync(ctx)
			cancel()
			if err == nil {
				t.Fatal("a faulty round reported success")
			}
			mustSync(t, a)
			mustSync(t, b)
			mustSync(t, a)
			for name, s := range map[string][]string{"desk 1": snapshot(t, a.Store), "desk 2": snapshot(t, b.Store)} {
				assertSame(t, "cloud and "+name, snapshot(t, w.cloud), s)
			}
			if n := len(snapshot(t, w.cloud)); n != 4 {
				t.Errorf("cloud has %d participants, want 4 (nothing lost, nothing twice)", n)
			}
			st, _ := a.Store.SyncState()
			if st.Pending != 0 {
				t.Errorf("%d changes still pending", st.Pending)
			}
		})
	}
}

// A pull committed in several batches (more than CommitEvery changes, or
// a slow answer) keeps what the cloud acknowledged: later batches carry
// no acknowledgement, and must not be read as "the cloud holds none of
// this desk's changes" — the desk would push everything again on every
// sync (found by the load benchmark).
func TestAPullInSeveralBatchesKeepsTheAcknowledgement(t *testing.T) {
	w := newWorld(t)
	d := w.desk("Desk 1")
	register(t, d.Store, "Anna", "Müller", "1.2.1980", "w", "10k")
	mustSync(t, d)
	more := demo.Runners(w.ev, CommitEvery+500, 1)
	if _, rej, err := w.cloud.RegisterMany(more, store.RegisterOptions{Origin: store.OriginImport}); err != nil || len(rej) > 0 {
		t.Fatal(err, rej)
	}
	rep := mustSync(t, d)
	if rep.Pulled != len(more) {
		t.Fatalf("pulled %d, want %d", rep.Pulled, len(more))
	}
	if st, _ := d.Store.SyncState(); st.Pending != 0 {
		t.Errorf("after a pull in two batches the desk's acknowledged change is pending again: %d pending", st.Pending)
	}
	if rep := mustSync(t, d); rep.Pushed != 0 {
		t.Errorf("the next sync pushed %d changes again", rep.Pushed)
	}
}
