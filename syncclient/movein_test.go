package syncclient

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/racedesk/racedesk/syncclient/cloud"
	"github.com/racedesk/racedesk/syncclient/cloud/pgstore"
	"github.com/racedesk/racedesk/syncclient/cloud/pgtest"
)

// TestAnEventMovesFromTheBboltCloudToPostgres: a race day's history on
// the bbolt cloud — three desks, online registrations, timing, the
// accidents of the randomized run (restored and copied laptops, clock
// jumps, forged pushes) — is moved into PostgreSQL. The working copy a
// fresh process builds from the database alone has the original's
// digest (every record with its stamps and origins, every timing event,
// every log entry at its position, every mutation ID), and the desks go
// on syncing against the new cloud at the same URL without joining
// again: their tokens work, their cursors are valid (nothing pulled
// twice), and new changes flow both ways.
func TestAnEventMovesFromTheBboltCloudToPostgres(t *testing.T) {
	rng, rounds := randomRun(t, 0x6d6f7665)
	rounds /= 3
	w, f := boltWorld(t, "Desk 1", "Desk 2", "Desk 3")
	names, firsts, races := []string{"Müller", "Weiß", "Dvořák"}, []string{"Jörg", "Zoë", "Renée"}, []string{"10k", "5k"}
	for range rounds {
		i := rng.IntN(len(f.desks) + 1)
		if i == len(f.desks) {
			randomOp(t, rng, w.cloud, names, firsts, races)
		} else if rng.IntN(3) == 0 {
			randomTiming(t, rng, f.desks[i].c.Store)
		} else {
			randomOp(t, rng, f.desks[i].c.Store, names, firsts, races)
		}
		f.accident(rng)
		d := f.desks[rng.IntN(len(f.desks))]
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		d.c.Sync(ctx)
		cancel()
	}
	for _, d := range f.desks {
		d.skew.Store(0)
	}
	for range 2 {
		for _, d := range f.desks {
			mustSync(t, d.c)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db := openPostgres(t, pgtest.Database(t), w)
	rep, err := db.MoveIn(ctx, w.cloud, testToken)
	if err != nil {
		pe, _ := db.Event(ctx, w.ev.Identity())
		s, _ := pe.Store()
		a, b := w.cloud.DigestEntries(), s.DigestEntries()
		for k, v := range a {
			if b[k] != v {
				t.Logf("%s:\n file %s\n copy %s", k, v, b[k])
			}
		}
		for k := range b {
			if _, ok := a[k]; !ok {
				t.Logf("%s only in the copy", k)
			}
		}
		t.Fatal(err)
	}
	if rep.From != rep.To || rep.From.Changes == 0 || rep.From.Participants == 0 || rep.From.Mutations == 0 {
		t.Fatalf("moved %+v", rep)
	}
	t.Logf("moved: %+v", rep)
	if _, err := db.MoveIn(ctx, w.cloud, testToken); !errors.Is(err, pgstore.ErrEventExists) {
		t.Errorf("moving the event again: %v, want ErrEventExists", err)
	}

	// The same URL now reaches the cloud on PostgreSQL.
	w.link.h = (&cloud.Server{Events: db, Now: w.clock.Now}).Handler()
	for _, d := range f.desks {
		before, _ := d.c.Store.SyncState()
		rep := mustSync(t, d.c)
		after, _ := d.c.Store.SyncState()
		if rep.Pulled != 0 || rep.Pushed != 0 || after.Cursor != before.Cursor || rep.NewIdentity {
			t.Errorf("%s after the move: %+v, cursor %d → %d", d.name, rep, before.Cursor, after.Cursor)
		}
	}
	a, b := f.desks[0], f.desks[1]
	p := register(t, a.c.Store, "Nach", "Umzug", "1990", "w", "10k")
	mustSync(t, a.c)
	mustSync(t, b.c)
	if !lists(t, b.c.Store, p.ID) {
		t.Error("a runner registered after the move did not reach another desk")
	}
	pe, err := db.Event(ctx, w.ev.Identity())
	if err != nil {
		t.Fatal(err)
	}
	s, _ := pe.Store()
	assertSame(t, "the cloud on PostgreSQL and a desk", snapshot(t, s), snapshot(t, b.c.Store))
}

// The feed from PostgreSQL is the bbolt cloud's feed: for any cursor,
// device left out and page size, the same changes, the same next cursor,
// the same "more" (version 2 desks page through it; the stream reads it
// in chunks).
func TestTheFeedFromPostgresIsTheBboltFeed(t *testing.T) {
	rng, rounds := randomRun(t, 0x66656564)
	w, f := boltWorld(t, "Desk 1", "Desk 2")
	names, firsts, races := []string{"Müller", "Weiß"}, []string{"Jörg", "Zoë"}, []string{"10k", "5k"}
	for range rounds / 3 {
		d := f.desks[rng.IntN(len(f.desks))]
		randomOp(t, rng, d.c.Store, names, firsts, races)
		if rng.IntN(4) == 0 {
			randomOp(t, rng, w.cloud, names, firsts, races)
		}
		mustSync(t, d.c)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db := openPostgres(t, pgtest.Database(t), w)
	if _, err := db.MoveIn(ctx, w.cloud, testToken); err != nil {
		t.Fatal(err)
	}
	pe, err := db.Event(ctx, w.ev.Identity())
	if err != nil {
		t.Fatal(err)
	}
	log, _ := w.cloud.Log(0, 0)
	devices := []string{"", w.cloud.Device().ID, f.desks[0].c.Store.Device().ID, f.desks[1].c.Store.Device().ID}
	for range 300 {
		after := uint64(rng.IntN(len(log) + 2))
		exclude := devices[rng.IntN(len(devices))]
		limit := rng.IntN(12)
		want, wantNext, wantMore, err := w.cloud.Feed(after, exclude, limit)
		if err != nil {
			t.Fatal(err)
		}
		got, gotNext, gotMore, err := pe.Feed(ctx, after, exclude, limit)
		if err != nil {
			t.Fatal(err)
		}
		if gotNext != wantNext || gotMore != wantMore || len(got) != len(want) {
			t.Fatalf("feed(%d, %q, %d): %d changes next %d more %v, the bbolt cloud's %d next %d more %v",
				after, exclude, limit, len(got), gotNext, gotMore, len(want), wantNext, wantMore)
		}
		for i := range want {
			if got[i].Seq != want[i].Seq || got[i].Digest() != want[i].Digest() || got[i].HLC != want[i].HLC || got[i].Relay != want[i].Relay {
				t.Fatalf("feed(%d, %q, %d)[%d]: %+v, want %+v", after, exclude, limit, i, got[i], want[i])
			}
		}
	}
}
