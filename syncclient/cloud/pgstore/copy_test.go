package pgstore

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// deskChanges registers n runners on a fresh desk file and returns the
// desk and the changes it would push.
func deskChanges(t *testing.T, n int) (*store.Store, []store.Change) {
	t.Helper()
	d, err := store.Create(filepath.Join(t.TempDir(), "desk.db"), testEvent(), "Desk 1", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	for i := range n {
		in := model.ParticipantInput{First: "Läufer" + string(rune('a'+i)), Last: "Test", Born: "1980", Gender: "w", Race: "10k"}
		if _, err := d.Register(in, store.RegisterOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	out, err := d.Outbox(0)
	if err != nil {
		t.Fatal(err)
	}
	return d, out
}

func feedAll(t *testing.T, e *Event, exclude string) []store.Change {
	t.Helper()
	chs, _, more, err := e.Feed(testContext(t), 0, exclude, 0)
	if err != nil || more {
		t.Fatalf("feed: %v (more %v)", err, more)
	}
	return chs
}

// Two server processes on one database: a push through either is one
// log, in order, and a retry through the other is recognised as a retry.
func TestTwoProcessesKeepOneLog(t *testing.T) {
	e1, dsn := newEvent(t)
	e2, err := openDB(t, dsn).Event(testContext(t), testEvent().Identity())
	if err != nil {
		t.Fatal(err)
	}
	desk, out := deskChanges(t, 6)
	dev := desk.Device().ID
	ctx := testContext(t)
	if acks, err := e1.Push(ctx, "", dev, out[:3], true); err != nil || acks[dev].Upto != 3 {
		t.Fatalf("push through process 1: %+v %v", acks, err)
	}
	// Process 2 catches up under the lock: it continues at 4, and the
	// retry of 1–3 (a lost answer) is a retry there too.
	acks, err := e2.Push(ctx, "", dev, out, true)
	if err != nil || acks[dev].Upto != 6 || len(acks[dev].Reused) != 0 || len(acks[dev].Refused) != 0 {
		t.Fatalf("push through process 2: %+v %v", acks[dev], err)
	}
	for name, e := range map[string]*Event{"process 1": e1, "process 2": e2} {
		got := feedAll(t, e, "")
		if len(got) != 6 {
			t.Fatalf("%s feeds %d changes, want 6", name, len(got))
		}
		for i, ch := range got {
			if ch.Seq != uint64(i+1) || ch.DevSeq != uint64(i+1) || ch.Device != dev {
				t.Errorf("%s: change %d is %d/%s#%d", name, i, ch.Seq, ch.Device, ch.DevSeq)
			}
		}
		if own := feedAll(t, e, dev); len(own) != 0 {
			t.Errorf("%s feeds the desk its own changes: %d", name, len(own))
		}
	}
	// Process 1's working copy learns of process 2's writes on refresh.
	s1, err := e1.Store()
	if err != nil {
		t.Fatal(err)
	}
	if err := s1.Refresh(); err != nil {
		t.Fatal(err)
	}
	if ps, err := s1.List(""); err != nil || len(ps) != 6 {
		t.Errorf("process 1's working copy holds %d runners (%v), want 6", len(ps), err)
	}
	// The same ID with other content is a reused identity, on either.
	other := out[0]
	other.Fields = append([]model.FieldChange(nil), other.Fields...)
	other.Fields[0].Value = "Anders"
	if acks, err := e1.Push(ctx, "", dev, []store.Change{other}, true); err != nil || len(acks[dev].Reused) != 1 {
		t.Errorf("a reused ID through process 1: %+v %v", acks[dev], err)
	}
}

// The cursor order is the commit order: a writer holding its positions
// open makes the next writer wait, and a reader meanwhile sees neither;
// after both commit, a reader that moved its cursor has skipped nothing.
// With the head row lock off (positions from a sequence, the design the
// proof rejects), the same schedule skips a change: the test tests it.
func TestAReaderNeverSkipsAChangeCommittedLater(t *testing.T) {
	for _, unlocked := range []bool{false, true} {
		t.Run(fmt.Sprintf("unlocked=%v", unlocked), func(t *testing.T) {
			skipped := outOfOrder(t, unlocked)
			switch {
			case !unlocked && skipped:
				t.Error("with the head row lock a reader skipped a change")
			case unlocked && !skipped:
				t.Error("without the lock the schedule should skip a change: the test would test nothing")
			}
		})
	}
}

// outOfOrder runs writer A (held before its commit) and writer B through
// two processes, with a reader between them, and reports whether the
// reader's cursor passed a change it never got.
func outOfOrder(t *testing.T, unlocked bool) bool {
	eA, dsn := newEvent(t)
	dbB := openDB(t, dsn)
	eB, err := dbB.Event(testContext(t), testEvent().Identity())
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	if unlocked {
		if _, err := dbB.pool.Exec(ctx, `CREATE SEQUENCE test_positions`); err != nil {
			t.Fatal(err)
		}
	}
	_, outA := deskChanges(t, 1)
	deskB, outB := deskChanges(t, 1)
	devA, devB := outA[0].Device, deskB.Device().ID
	// Both working copies exist before the schedule starts.
	if _, err := eA.Store(); err != nil {
		t.Fatal(err)
	}
	if _, err := eB.Store(); err != nil {
		t.Fatal(err)
	}

	held, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	testUnlockedPositions = unlocked
	testHookBeforeCommit = func(_ string, first, _ uint64) {
		if first == 1 {
			once.Do(func() { close(held); <-release })
		}
	}
	t.Cleanup(func() { testHookBeforeCommit, testUnlockedPositions = nil, false })

	doneA := make(chan error, 1)
	go func() { _, err := eA.Push(context.Background(), "", devA, outA, true); doneA <- err }()
	<-held // A holds position 1, uncommitted
	doneB := make(chan error, 1)
	go func() { _, err := eB.Push(context.Background(), "", devB, outB, true); doneB <- err }()

	if !unlocked {
		// B waits for A's lock: wait until PostgreSQL shows it waiting.
		waitFor(t, "writer B waits for the head row lock", func() bool {
			var n int
			dbB.pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`).Scan(&n)
			return n > 0
		})
	} else if err := <-doneB; err != nil { // B commits first
		t.Fatal(err)
	}
	// A reader now: it may see nothing, never B without A.
	first, cursor, _, err := eB.Feed(ctx, 0, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-doneA; err != nil {
		t.Fatal(err)
	}
	if !unlocked {
		if err := <-doneB; err != nil {
			t.Fatal(err)
		}
	}
	rest, _, _, err := eB.Feed(ctx, cursor, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, ch := range append(first, rest...) {
		got[ch.Device] = true
	}
	all := feedAll(t, eB, "")
	if len(all) != 2 {
		t.Fatalf("the log holds %d changes, want 2", len(all))
	}
	return !got[devA] || !got[devB]
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// The database connection dies between a push's writes and its commit:
// the push fails, the working copy rolls back with it (it holds nothing
// the database does not), and the desk's retry applies the changes once.
func TestAConnectionLostBeforeTheCommitLeavesNothingHalfDone(t *testing.T) {
	e, dsn := newEvent(t)
	other := openDB(t, dsn)
	_, out := deskChanges(t, 3)
	dev := out[0].Device
	ctx := testContext(t)
	var once sync.Once
	restore := SetCommitHook(func(string, uint64, uint64) {
		once.Do(func() {
			// The push's transaction is the only one open here.
			if _, err := other.pool.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
				WHERE datname = current_database() AND state = 'idle in transaction'`); err != nil {
				t.Error(err)
			}
		})
	})
	if _, err := e.Push(ctx, "", dev, out, true); err == nil {
		t.Fatal("a push whose connection died before its commit succeeded")
	}
	restore()
	if got := feedAll(t, e, ""); len(got) != 0 {
		t.Fatalf("the database holds %d changes of the failed push", len(got))
	}
	s, err := e.Store()
	if err != nil {
		t.Fatal(err)
	}
	if ps, _ := s.List(""); len(ps) != 0 {
		t.Fatalf("the working copy kept %d runners of the failed push", len(ps))
	}
	acks, err := e.Push(ctx, "", dev, out, true)
	if err != nil || acks[dev].Upto != 3 || len(acks[dev].Reused) != 0 {
		t.Fatalf("the retry: %+v %v", acks[dev], err)
	}
	if got := feedAll(t, e, ""); len(got) != 3 {
		t.Errorf("after the retry the log holds %d changes, want 3", len(got))
	}
	if ps, _ := s.List(""); len(ps) != 3 {
		t.Errorf("after the retry the working copy holds %d runners, want 3", len(ps))
	}
}
