package store_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

func TestASecondOpenFailsFastWhileTheFileIsInUse(t *testing.T) {
	f := newFixture(t, "Desk 1")
	// Without the lock timeout bbolt waits for the lock forever: giving up
	// at all is the behaviour (how fast is the timeout's business).
	var s *store.Store
	var err error
	opened := make(chan struct{})
	go func() {
		defer close(opened)
		s, err = store.Open(f.path, store.Options{LockTimeout: 100 * time.Millisecond})
	}()
	select {
	case <-opened:
	case <-time.After(30 * time.Second):
		t.Fatal("a second Open still waits for the lock after 30 s")
	}
	if err == nil {
		s.Close()
		t.Fatal("a second Open of a file in use succeeded")
	}
	if !errors.Is(err, store.ErrInUse) {
		t.Errorf("err = %v, want ErrInUse", err)
	}
	if !strings.Contains(err.Error(), "is in use by another racedesk process") || !strings.Contains(err.Error(), f.path) {
		t.Errorf("message %q should name the file and say it is in use by another racedesk process", err)
	}
	// The first handle still works, and once it is closed the file opens.
	f.register(runner("Anna", "Schmidt"))
	f.reopen(store.Options{LockTimeout: 100 * time.Millisecond})
	if c := f.counts(); c.Total != 1 {
		t.Errorf("total = %d, want 1", c.Total)
	}
}

func TestOpeningAMissingFileCreatesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.db")
	s, err := store.Open(path, store.Options{})
	if err == nil {
		s.Close()
		t.Fatal("Open of a missing file succeeded")
	}
	if !errors.Is(err, store.ErrNoEvent) {
		t.Errorf("err = %v, want ErrNoEvent", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open left a file behind: %v", err)
	}
}

func TestOpeningAnEmptyFileLeavesItEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "touched.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(path, store.Options{})
	if err == nil {
		s.Close()
		t.Fatal("Open of an empty file succeeded")
	}
	if !errors.Is(err, store.ErrNoEvent) {
		t.Errorf("err = %v, want ErrNoEvent", err)
	}
	if st, err := os.Stat(path); err != nil || st.Size() != 0 {
		t.Errorf("the empty file was written to: %v, %v", st.Size(), err)
	}
}

func TestOpeningABboltFileWithoutAnEventIsNoEvent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := store.Open(path, store.Options{})
	if err == nil {
		s.Close()
		t.Fatal("Open of a file without an event succeeded")
	}
	if !errors.Is(err, store.ErrNoEvent) {
		t.Errorf("err = %v, want ErrNoEvent", err)
	}
}

func TestAFileOfANewerSchemaIsRefused(t *testing.T) {
	f := newFixture(t, "Desk 1")
	f.register(runner("Anna", "Schmidt"))
	if err := f.s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(f.path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	newer := store.SchemaVersion + 1
	err = db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket([]byte("meta"))
		if meta == nil {
			return errors.New("no meta bucket")
		}
		return meta.Put([]byte("schema"), []byte{0, 0, 0, 0, 0, 0, 0, byte(newer)})
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}

	s, err := store.Open(f.path, store.Options{Desk: "Desk 2"})
	if err == nil {
		s.Close()
		t.Fatal("Open of a newer file succeeded")
	}
	if !errors.Is(err, store.ErrNewerSchema) {
		t.Errorf("err = %v, want ErrNewerSchema", err)
	}
	if !strings.Contains(err.Error(), "newer racedesk") {
		t.Errorf("message %q does not say a newer racedesk wrote the file", err)
	}
	after, _ := os.ReadFile(f.path)
	if !bytes.Equal(before, after) {
		t.Errorf("refusing the newer file changed it")
	}
}

func TestOptionsDeskRenamesTheDeskForGood(t *testing.T) {
	f := newFixture(t, "Desk 1")
	id := f.s.Device().ID
	f.reopen(store.Options{Desk: "Desk 2"})
	if d := f.s.Device(); d.Desk != "Desk 2" || d.ID != id {
		t.Errorf("device after rename %+v, want Desk 2 with ID %s", d, id)
	}
	if p := f.register(runner("Anna", "Schmidt")); p.Bib != 200 {
		t.Errorf("bib %d, want 200 from Desk 2's pool", p.Bib)
	}
	log, _ := f.s.Log(0, 0)
	if log[0].Desk != "Desk 2" {
		t.Errorf("change logged at desk %q, want Desk 2", log[0].Desk)
	}
	f.reopen(store.Options{})
	if d := f.s.Device(); d.Desk != "Desk 2" {
		t.Errorf("desk after reopening without a name = %q, want Desk 2", d.Desk)
	}
}

func TestCreate(t *testing.T) {
	t.Run("names the desk Desk 1 when none is given", func(t *testing.T) {
		f := newFixture(t, "")
		if d := f.s.Device(); d.Desk != "Desk 1" || d.ID == "" {
			t.Errorf("device %+v", d)
		}
		if f.s.Event().Name != "Buchauer Nikolaus-Waldlauf 2026" || len(f.s.Event().Races) != 3 {
			t.Errorf("stored event %+v", f.s.Event())
		}
	})
	t.Run("gives every database its own device ID", func(t *testing.T) {
		a, b := newFixture(t, "Desk 1"), newFixture(t, "Desk 1")
		if a.s.Device().ID == b.s.Device().ID {
			t.Errorf("two databases share device ID %s", a.s.Device().ID)
		}
	})
	t.Run("refuses an existing database", func(t *testing.T) {
		f := newFixture(t, "Desk 1")
		p := f.register(runner("Anna", "Schmidt"))
		f.s.Close()
		before, _ := os.ReadFile(f.path)
		s, err := store.Create(f.path, exampleEvent(t), "Desk 2", store.Options{})
		if err == nil {
			s.Close()
			t.Fatal("Create over an existing database succeeded")
		}
		if after, _ := os.ReadFile(f.path); !bytes.Equal(before, after) {
			t.Errorf("the refused Create changed the file")
		}
		f.reopen(store.Options{})
		if got := f.get(p.ID); got.ID != p.ID {
			t.Errorf("runner lost")
		}
	})
	t.Run("refuses any existing file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "notes.txt")
		os.WriteFile(path, []byte("keep me"), 0o600)
		if s, err := store.Create(path, exampleEvent(t), "Desk 1", store.Options{}); err == nil {
			s.Close()
			t.Fatal("Create over a file succeeded")
		}
		if b, _ := os.ReadFile(path); string(b) != "keep me" {
			t.Errorf("file changed to %q", b)
		}
	})
	t.Run("refuses a broken event and leaves no file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "event.db")
		ev := exampleEvent(t)
		ev.Races[1].Bibs = []model.BibRange{{From: 300, To: 500}} // overlaps the 10k
		if s, err := store.Create(path, ev, "Desk 1", store.Options{}); err == nil {
			s.Close()
			t.Fatal("Create with overlapping bib ranges succeeded")
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a file was left behind: %v", err)
		}
	})
	t.Run("stores the event so the file alone is enough", func(t *testing.T) {
		f := newFixture(t, "Desk 1")
		f.reopen(store.Options{})
		r, ok := f.s.Event().Race("10k")
		if !ok || r.LateFeeCents != 2000 || len(r.Pools) != 2 || r.MinAge != 16 {
			t.Errorf("10k after reopening: %+v", r)
		}
	})
}

// A schema-2 file (before the own-sequence index) is upgraded on open:
// its own changes are indexed, so sync can compare its history with the
// cloud's.
func TestASchema2FileGetsItsOwnChangesIndexed(t *testing.T) {
	f := newFixture(t, "Desk 1")
	f.register(runner("Anna", "Schmidt"))
	f.register(runner("Bert", "Braun"))
	log, _ := f.s.Log(0, 0)
	last := log[len(log)-1]
	if err := f.s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(f.path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket([]byte("idx_own_seq")); err != nil {
			return err
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte{0, 0, 0, 0, 0, 0, 0, 2})
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	f.reopen(store.Options{})
	if why, err := f.s.IdentityCheck(last.DevSeq, last.Digest()); err != nil || why != "" {
		t.Errorf("own history after the upgrade: %q %v", why, err)
	}
	other := last
	other.Fields = nil
	if why, _ := f.s.IdentityCheck(last.DevSeq, other.Digest()); why == "" {
		t.Errorf("other content under the last sequence was not noticed")
	}
	if why, _ := f.s.IdentityCheck(last.DevSeq+1, ""); why == "" {
		t.Errorf("a cloud ahead of the file's own history was not noticed")
	}
}
