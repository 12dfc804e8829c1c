package store_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model/store"
)

// openCopy opens a backup file as a database of its own and checks it.
func openCopy(t *testing.T, path string) *store.Store {
	t.Helper()
	s, err := store.Open(path, store.Options{Now: newClock().Now})
	if err != nil {
		t.Fatalf("open backup %s: %v", path, err)
	}
	return keep(t, s)
}

func TestBackupWhileTheDeskKeepsRegistering(t *testing.T) {
	f := newFixture(t, "Desk 1")
	var mu sync.Mutex
	var committed []string // IDs whose Register returned
	stop := make(chan struct{})
	started := make(chan struct{})
	writerDone := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				writerDone <- nil
				return
			default:
			}
			p, err := f.s.Register(runner("Anna", fmt.Sprintf("Schmidt-%c", 'a'+i%26)), store.RegisterOptions{})
			if err != nil {
				writerDone <- err
				return
			}
			mu.Lock()
			committed = append(committed, p.ID)
			mu.Unlock()
			if i == 20 {
				close(started)
			}
		}
	}()
	<-started

	var backups []*bytes.Buffer
	var before [][]string
	for range 3 {
		mu.Lock()
		done := append([]string(nil), committed...)
		mu.Unlock()
		var buf bytes.Buffer
		n, err := f.s.Backup(&buf)
		if err != nil {
			t.Fatalf("Backup: %v", err)
		}
		if n != int64(buf.Len()) {
			t.Errorf("Backup reported %d bytes, wrote %d", n, buf.Len())
		}
		backups = append(backups, &buf)
		before = append(before, done)
	}
	close(stop)
	if err := <-writerDone; err != nil {
		t.Fatalf("register during backup: %v", err)
	}

	for i, buf := range backups {
		path := filepath.Join(t.TempDir(), "backup.db")
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		b := openCopy(t, path)
		for _, id := range before[i] {
			if _, err := b.Get(id); err != nil {
				t.Fatalf("backup %d lacks %s, committed before it began: %v", i, id, err)
			}
		}
		// One committed state: records, counters and log agree (the log
		// of the original's identity: opened at another path, the backup
		// took a new one and copied its unsynced changes under it).
		all, _ := b.List("")
		log, _ := b.Log(0, 0)
		c, _ := b.Counts()
		own := 0
		for _, ch := range log {
			if ch.Device == f.s.Device().ID {
				own++
			}
		}
		if len(all) < len(before[i]) || len(all) != own || len(all) != c.Total {
			t.Errorf("backup %d: %d participants, %d log entries of the original, total %d (≥ %d expected)", i, len(all), own, c.Total, len(before[i]))
		}
		if !b.IdentityChanged() || b.Device().ID == f.s.Device().ID || b.Device().Desk != f.s.Device().Desk {
			t.Errorf("backup %d opened elsewhere: device %+v, original %+v", i, b.Device(), f.s.Device())
		}
	}
}

func TestBackupToFileWritesACompleteFileAndNoLeftovers(t *testing.T) {
	f := newFixture(t, "Desk 1")
	var ids []string
	for range 10 {
		ids = append(ids, f.register(runner("Anna", "Schmidt")).ID)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "copy.db")
	for round := range 2 { // the second one replaces the first
		n, err := f.s.BackupToFile(path)
		if err != nil {
			t.Fatalf("BackupToFile: %v", err)
		}
		if st, err := os.Stat(path); err != nil || st.Size() != n {
			t.Errorf("round %d: file %v (%v), reported %d bytes", round, st, err, n)
		}
		ids = append(ids, f.register(runner("Bert", "Braun")).ID)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("backup dir holds %v, want only copy.db", names)
	}
	b := openCopy(t, path)
	for _, id := range ids[:11] {
		if _, err := b.Get(id); err != nil {
			t.Errorf("backup lacks %s: %v", id, err)
		}
	}
	if _, err := b.Get(ids[11]); err == nil {
		t.Errorf("backup holds a runner registered after it")
	}
}

// A backup killed halfway leaves its hidden temp file (up to the size of
// the database); the next backup to the same place removes it.
func TestStaleBackupTempFileIsRemovedByTheNextBackup(t *testing.T) {
	f := newFixture(t, "Desk 1")
	dir := t.TempDir()
	stale := filepath.Join(dir, ".copy.db.123456.tmp")
	if err := os.WriteFile(stale, bytes.Repeat([]byte{1}, 4096), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, ".other.db.1.tmp") // another target's: not ours to judge
	if err := os.WriteFile(other, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.BackupToFile(filepath.Join(dir, "copy.db")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the killed backup's temp file is still there (%v)", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another target's temp file was removed: %v", err)
	}
}

func TestBackupToFileIntoAMissingDirectoryFails(t *testing.T) {
	f := newFixture(t, "Desk 1")
	if _, err := f.s.BackupToFile(filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")); err == nil {
		t.Error("BackupToFile into a missing directory succeeded")
	}
}

func TestRotateBackupKeepsTheNewest(t *testing.T) {
	f := newFixture(t, "Desk 1")
	dir := filepath.Join(t.TempDir(), "backups") // RotateBackup makes it
	// Someone else's files in the same directory stay.
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"notes.txt", "other-20260101-000000.db"} {
		os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600)
	}
	var paths []string
	for i := range 5 {
		f.register(runner("Anna", "Schmidt"))
		p, err := f.s.RotateBackup(dir, 3)
		if err != nil {
			t.Fatalf("RotateBackup %d: %v", i, err)
		}
		paths = append(paths, p)
		f.clock.Advance(3 * time.Minute)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	sort.Strings(got)
	want := []string{"event-20261206-083600.db", "event-20261206-083900.db", "event-20261206-084200.db", "notes.txt", "other-20260101-000000.db"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("backup dir holds %v, want %v", got, want)
	}
	if filepath.Base(paths[4]) != "event-20261206-084200.db" {
		t.Errorf("newest backup %s", paths[4])
	}
	newest := openCopy(t, paths[4])
	if c, _ := newest.Counts(); c.Total != 5 {
		t.Errorf("newest backup holds %d runners, want 5", c.Total)
	}
	for _, p := range paths[:2] {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("old backup %s was kept", p)
		}
	}
}

func TestRotateBackupLeavesBackupsOfOtherDatabasesAlone(t *testing.T) {
	f := newFixture(t, "Desk 1") // event.db → event-<time>.db
	dir := t.TempDir()
	// A database called event-2.db backs up into the same directory.
	foreign := []string{"event-2-20261206-070000.db", "event-2-20261206-071000.db"}
	for _, name := range foreign {
		os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600)
	}
	for range 3 {
		if _, err := f.s.RotateBackup(dir, 1); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Minute)
	}
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	for _, name := range foreign {
		if !strings.Contains(strings.Join(got, " "), name) {
			t.Errorf("RotateBackup deleted %s, another database's backup (dir now %v)", name, got)
		}
	}
	if len(got) != len(foreign)+1 {
		t.Errorf("dir holds %v, want the two foreign files and one backup", got)
	}
}

func TestRotateBackupWithoutKeepKeepsAll(t *testing.T) {
	f := newFixture(t, "Desk 1")
	dir := t.TempDir()
	for range 4 {
		if _, err := f.s.RotateBackup(dir, 0); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Second)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 4 {
		t.Errorf("%d backups, want 4", len(entries))
	}
}
