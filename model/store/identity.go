package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// A device identity (device ID and its gap-free sequence) must never be
// shared by two copies of a database: two copies would hand out the same
// change IDs, and each would take the other's changes for its own. Copies
// happen on race day — a laptop restored from a backup, a file copied to
// set up "Desk 2" in a hurry — so the store notices them:
//
//   - where it is: the file remembers the computer and the path it was
//     last opened at; opened anywhere else, it takes a new identity before
//     anything is written under the old one;
//   - what it did: every own change is indexed by its device sequence, so
//     sync can compare what the cloud holds under this identity with what
//     the file holds (a restored file is behind its own history; a copy
//     that went its own way holds other content under the same sequence).
//
// A new identity loses nothing: the changes still waiting to be pushed are
// copied under it, and the cloud no longer leaves out the old identity's
// changes, so the file pulls back what its old identity did elsewhere.

var (
	bOwnSeq = []byte("idx_own_seq") // device \x00 device seq → local log seq, for own changes
	kHome   = []byte("home")        // digest of the computer and the path the file was last opened at
	kRole   = []byte("role")        // "cloud" for the cloud's own file
)

// Digest identifies a change by its content: entity, record, operation
// and fields, not its stamp (the cloud may pull a stamp back) or the
// desk's name. A retried push has the same digest; a different change
// under a used (device, sequence) does not.
func (c *Change) Digest() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", c.Entity, c.ID, c.Op)
	for _, f := range c.Fields {
		fmt.Fprintf(h, "%s\x00%d:%s\x00", f.Field, len(f.Value), f.Value)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// OwnSeq is the last device sequence this file gave its own changes.
func (s *Store) OwnSeq() (uint64, error) {
	var n uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		n = btoi(tx.Bucket(bMeta).Get(kDevSeq))
		return nil
	})
	return n, err
}

// ownChange is this device's change with sequence ds, if the file has it.
func ownChange(tx *bolt.Tx, device string, ds uint64) (Change, bool, error) {
	seq := tx.Bucket(bOwnSeq).Get(deviceSeqKey(device, ds))
	if seq == nil {
		return Change{}, false, nil
	}
	ch, err := decodeChange(seq, tx.Bucket(bLog).Get(seq))
	return ch, err == nil, err
}

// IdentityCheck says whether what the cloud holds under this file's
// identity is this file's own history: the cloud's last sequence from
// this device and that change's digest. It returns "" when it is, or why
// the file must take a new identity.
func (s *Store) IdentityCheck(held uint64, digest string) (string, error) {
	var why string
	err := s.db.View(func(tx *bolt.Tx) error {
		own := btoi(tx.Bucket(bMeta).Get(kDevSeq))
		if held > own {
			why = fmt.Sprintf("the cloud holds change %d of this desk's identity, the file only %d: it was restored from a backup or copied", held, own)
			return nil
		}
		if held == 0 || digest == "" {
			return nil
		}
		ch, ok, err := ownChange(tx, s.Device().ID, held)
		if err != nil || !ok {
			return err // not indexed (a file from before the index): nothing to compare
		}
		if ch.Digest() != digest {
			why = fmt.Sprintf("the cloud holds other content as change %d of this desk's identity: a copy of this file synced under it", held)
		}
		return nil
	})
	return why, err
}

// homeOf digests where a file is: this computer and its absolute path. A
// move on one laptop counts as a new place too (the new identity costs
// nothing; missing a copy would).
func homeOf(path string) string {
	abs, err := filepath.Abs(path)
	if err == nil {
		if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
			abs = filepath.Join(dir, filepath.Base(abs))
		}
	} else {
		abs = path
	}
	sum := sha256.Sum256([]byte(machineID() + "\x00" + abs))
	return hex.EncodeToString(sum[:16])
}

// checkHome gives the file a new identity when it was last opened on
// another computer or at another path. It runs at open, before anything
// is written under the identity, and in one transaction with the new
// place: a crash cannot leave a copy that remembers its new home under its
// old identity. The cloud's own file keeps its identity.
func (s *Store) checkHome() error {
	here := homeOf(s.path)
	var prev string
	var cloud bool
	s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		prev, cloud = string(meta.Get(kHome)), string(meta.Get(kRole)) == roleCloud
		return nil
	})
	if prev == here {
		return nil // nothing to write: opening stays read-only
	}
	moved := prev != "" && !cloud
	return s.withNewDevice(moved, func(tx *bolt.Tx) error {
		if err := tx.Bucket(bMeta).Put(kHome, []byte(here)); err != nil {
			return err
		}
		if moved {
			return s.reidentify(tx, "this file was opened on another computer or at another path (a copy or a restored backup): it took a new sync identity")
		}
		return nil
	})
}

// IdentityChanged tells whether opening this file gave it a new identity
// (it was copied or moved), so a command can say so once.
func (s *Store) IdentityChanged() bool { return s.reidentifiedAtOpen }

const roleCloud = "cloud"

// ServeAsCloud marks this file as the cloud's: its own changes (imports,
// online registrations) are served from its log and pushed nowhere, so
// they do not wait in an outbox, and a move to a server keeps its identity.
func (s *Store) ServeAsCloud() error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bMeta).Put(kRole, []byte(roleCloud)); err != nil {
			return err
		}
		return nil
	})
	if err == nil {
		s.cloud = true
	}
	return err
}

// Reidentify gives this database a new device identity, for a file whose
// identity another copy also holds (restored from a backup, or copied).
// Every change still in the outbox is copied under the new identity (same
// HLC, same fields) and the old entries leave the outbox; nothing is lost,
// and the cloud treats the copies as new. why is kept as a notice.
func (s *Store) Reidentify(why string) error {
	return s.withNewDevice(true, func(tx *bolt.Tx) error { return s.reidentify(tx, why) })
}

// withNewDevice runs f in a write transaction; f may give the store a new
// device (reidentify), which is taken back if the transaction fails.
func (s *Store) withNewDevice(changes bool, f func(tx *bolt.Tx) error) error {
	old := s.Device()
	if err := s.db.Update(f); err != nil {
		s.setDevice(old)
		if changes {
			return fmt.Errorf("new device identity: %w", err)
		}
		return err
	}
	return nil
}

// reidentify is Reidentify inside tx.
func (s *Store) reidentify(tx *bolt.Tx, why string) error {
	old := s.Device()
	newID := uuid.NewString()
	meta := tx.Bucket(bMeta)
	pending, err := s.outboxTx(tx)
	if err != nil {
		return err
	}
	if err := meta.Put(kDeviceID, []byte(newID)); err != nil {
		return err
	}
	if err := meta.Put(kDevSeq, itob(0)); err != nil {
		return err
	}
	if err := meta.Put(kAcked, itob(0)); err != nil {
		return err
	}
	// Pull everything again, from every server: under the old identity the
	// servers left out "its own" changes, and some of those were made by
	// the other copy of this file (a restored laptop's original, a copied
	// database's twin); under the new one they come.
	if err := resetCursors(meta); err != nil {
		return err
	}
	s.setDevice(Device{ID: newID, Desk: old.Desk})
	for _, ch := range pending {
		if err := s.copyUnder(tx, ch, newID); err != nil {
			return err
		}
	}
	return s.notice(tx, Notice{Kind: "identity", Device: old.ID, Detail: fmt.Sprintf("%s (was %s, now %s; %d waiting changes moved)", why, short(old.ID), short(newID), len(pending))})
}

// copyUnder logs one of the old identity's unacknowledged changes again
// under the new one.
func (s *Store) copyUnder(tx *bolt.Tx, ch Change, newID string) error {
	old := ch
	ch.Device, ch.DevSeq = newID, 0
	// The record's fields keep their stamps; they now name the new device
	// as their writer, like the copy will everywhere.
	if err := s.appendLog(tx, &ch); err != nil {
		return err
	}
	if ch.Entity != EntityParticipant {
		return nil
	}
	rec, err := getRecord(tx, ch.ID)
	if err != nil {
		return nil // not here: nothing to rename
	}
	for _, f := range ch.Fields {
		if rec.Clocks[f.Field] == old.HLC && rec.Devs[f.Field] == old.Device {
			rec.Devs[f.Field] = newID
		}
	}
	rec.Log = append(rec.Log, ch.Seq)
	return putRecord(tx, rec)
}

func short(id string) string {
	if i := strings.IndexByte(id, '-'); i > 0 {
		return id[:i]
	}
	return id
}

// migrateOwnSeqIndex (schema 2 → 3) indexes the file's own changes by
// device sequence.
func migrateOwnSeqIndex(tx *bolt.Tx) error {
	idx, err := tx.CreateBucketIfNotExists(bOwnSeq)
	if err != nil {
		return err
	}
	device := string(tx.Bucket(bMeta).Get(kDeviceID))
	return tx.Bucket(bLog).ForEach(func(k, v []byte) error {
		ch, err := decodeChange(k, v)
		if err != nil {
			return err
		}
		if ch.Device != device || ch.DevSeq == 0 {
			return nil
		}
		return idx.Put(deviceSeqKey(device, ch.DevSeq), append([]byte(nil), k...))
	})
}

// machineID names this computer (see machine_*.go); "" when unknown, which
// leaves the path alone to tell copies apart.
func machineID() string {
	if id := platformMachineID(); id != "" {
		return id
	}
	h, _ := os.Hostname()
	return h
}
