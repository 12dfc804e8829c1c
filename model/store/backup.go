package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the database to w while the desk
// keeps working (a read transaction sees one committed state).
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("backup: %w", err)
	}
	return n, nil
}

// BackupToFile writes a backup to path through a temporary file that is
// synced and renamed, so a crash or a pulled USB stick never leaves a
// half-written backup under the final name.
func (s *Store) BackupToFile(path string) (int64, error) {
	// Backups of this file are written by the process that has it open
	// (others ask it over the control socket), one at a time: a temp file
	// of this target that exists now was left by a backup that was killed.
	s.backupMu.Lock()
	defer s.backupMu.Unlock()
	dir := filepath.Dir(path)
	pattern := "." + filepath.Base(path) + ".*.tmp"
	if stale, err := filepath.Glob(filepath.Join(dir, pattern)); err == nil {
		for _, f := range stale {
			os.Remove(f)
		}
	}
	tmp, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return 0, fmt.Errorf("backup to %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	n, err := s.Backup(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err == nil {
		err = syncDir(dir) // make the rename itself survive a power cut
	}
	if err != nil {
		return 0, fmt.Errorf("backup to %s: %w", path, err)
	}
	return n, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// RotateBackup writes a timestamped backup into dir and deletes the oldest
// ones beyond keep (keep ≤ 0 keeps all). It returns the new file's path.
func (s *Store) RotateBackup(dir string, keep int) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("backup dir: %w", err)
	}
	base := strings.TrimSuffix(filepath.Base(s.path), filepath.Ext(s.path))
	name := fmt.Sprintf("%s-%s.db", base, s.now().Format(backupStamp))
	path := filepath.Join(dir, name)
	if _, err := s.BackupToFile(path); err != nil {
		return "", err
	}
	if keep > 0 {
		if err := prune(dir, base+"-", keep); err != nil {
			return path, err
		}
	}
	return path, nil
}

const backupStamp = "20060102-150405"

// prune deletes the oldest backups (by their timestamped names) beyond
// keep. Only names of the form prefix + timestamp + ".db" count, so the
// backups of "event-2.db" in the same directory are not "event.db"'s.
func prune(dir, prefix string, keep int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("prune backups: %w", err)
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && isBackupName(e.Name(), prefix) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for len(names) > keep {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			return fmt.Errorf("prune backups: %w", err)
		}
		names = names[1:]
	}
	return nil
}

func isBackupName(name, prefix string) bool {
	stamp, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return false
	}
	stamp, ok = strings.CutSuffix(stamp, ".db")
	if !ok {
		return false
	}
	_, err := time.Parse(backupStamp, stamp)
	return err == nil
}

// BackupEvery is the default interval of rotating backups.
const BackupEvery = 3 * time.Minute
