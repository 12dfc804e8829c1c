package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
)

// A store with a Mirror is the working copy of an event whose truth is
// kept elsewhere: the cloud on PostgreSQL (syncclient/cloud/pgstore),
// where several server processes serve one event. Each process keeps a
// working copy and runs the same code on it as the bbolt cloud — the
// push's dedup, validation and merge rules exist once. Every write
// transaction of the working copy is also a transaction of the truth:
//
//  1. Lock takes the event's lock there (its head row) and says what was
//     committed since this copy's version: the log after its head, the
//     mutation IDs applied, the edits parked, the clock.
//  2. The copy catches up in its own transaction: the log's changes are
//     applied at their positions, as a desk applies what it pulls (the
//     records are a function of the log: that is what sync converges on).
//  3. The operation runs as on any store.
//  4. Commit writes what it added — log entries at the positions after
//     the head, mutation IDs, notices, parked edits, the clock — and
//     commits there; only then does the copy commit. If that fails, the
//     copy rolls back and stays at the version it had; if the copy's own
//     commit fails after the truth's, the next transaction catches up on
//     what it wrote.
//
// Positions in the copy's log are the truth's positions, so the feed
// can be read from either.
type Mirror interface {
	Lock(at MirrorMark) (*MirrorCatchUp, error)
	// Commit writes d and commits; it returns the truth's new version.
	Commit(d *MirrorDelta) (uint64, error)
	// Rollback ends the transaction without writing (after Lock, when
	// Commit is not called or failed).
	Rollback()
}

// MirrorMark is where a working copy stands.
type MirrorMark struct {
	Version uint64 // the truth's version it last caught up to or wrote
	Head    uint64 // the last position in its log
}

// MirrorCatchUp is what the truth committed since a MirrorMark.
type MirrorCatchUp struct {
	Version uint64
	Head    uint64
	Log     []Change   // after the mark's head, in order, Seq set
	Applied []Mutation // mutation IDs applied since the mark's version
	// Parked is every parked edit (in arrival order) when ParkedKnown.
	Parked      []Change
	ParkedKnown bool
	HLC         model.HLC
	OwnSeq      uint64 // the last sequence the server device gave out
}

// MirrorDelta is what one transaction of a working copy added.
type MirrorDelta struct {
	Head          uint64 // the head before (the truth's, locked)
	Log           []Change
	Applied       []Mutation
	Notices       []Notice
	Parked        []Change // the whole set, when ParkedChanged
	ParkedChanged bool
	HLC           model.HLC
	OwnSeq        uint64
}

// Empty reports whether the transaction wrote nothing the truth keeps.
func (d *MirrorDelta) Empty() bool {
	return len(d.Log) == 0 && len(d.Applied) == 0 && len(d.Notices) == 0 && !d.ParkedChanged
}

// Mutation is a mutation ID a cloud applied: the stamp it was applied
// with and its content digest (nil for entries older than the digest).
type Mutation struct {
	Device string
	Seq    uint64
	HLC    model.HLC
	Digest []byte
}

var kMirrorVersion = []byte("mirror/version")

// ErrMirrorDiverged: a working copy could not catch up with its truth; it
// must be built again from it.
var ErrMirrorDiverged = errors.New("the working copy cannot catch up with its event")

// mirrorTx is the working copy's bookkeeping of one write transaction.
type mirrorTx struct {
	applied []Mutation
	parked  bool
	// replay: the change being caught up on keeps its position and
	// device sequence.
	replay *Change
}

// update runs fn in a write transaction — of the working copy and its
// truth when the store has a Mirror.
func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	if s.mirror == nil {
		return s.db.Update(fn)
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		s.mtx = &mirrorTx{}
		defer func() { s.mtx = nil }()
		at := mirrorMark(tx)
		cu, err := s.mirror.Lock(at)
		if err != nil {
			return fmt.Errorf("lock the event: %w", err)
		}
		done := false
		defer func() {
			if !done {
				s.mirror.Rollback()
			}
		}()
		if err := s.catchUp(tx, at, cu); err != nil {
			return fmt.Errorf("%w: %v", ErrMirrorDiverged, err)
		}
		notices := tx.Bucket(bSyncLog).Sequence()
		s.mtx.applied, s.mtx.parked = nil, false
		if err := fn(tx); err != nil {
			return err
		}
		d, err := s.mirrorDelta(tx, cu.Head, notices)
		if err != nil {
			return err
		}
		done = true // Commit ends the truth's transaction either way
		version, err := s.mirror.Commit(d)
		if err != nil {
			return fmt.Errorf("commit the event: %w", err)
		}
		return tx.Bucket(bMeta).Put(kMirrorVersion, itob(version))
	})
}

func mirrorMark(tx *bolt.Tx) MirrorMark {
	return MirrorMark{Version: btoi(tx.Bucket(bMeta).Get(kMirrorVersion)), Head: tx.Bucket(bLog).Sequence()}
}

// catchUp applies what the truth committed since at.
func (s *Store) catchUp(tx *bolt.Tx, at MirrorMark, cu *MirrorCatchUp) error {
	if cu.Version == at.Version && cu.Head == at.Head {
		return nil
	}
	if cu.ParkedKnown {
		if err := replaceParked(tx, cu.Parked); err != nil {
			return err
		}
	}
	for i := range cu.Log {
		if err := s.replay(tx, cu.Log[i]); err != nil {
			return err
		}
	}
	if got := tx.Bucket(bLog).Sequence(); got != cu.Head {
		return fmt.Errorf("working copy at position %d, the event at %d", got, cu.Head)
	}
	for _, m := range cu.Applied {
		if err := tx.Bucket(bSyncMuts).Put(deviceSeqKey(m.Device, m.Seq), append(itob(uint64(m.HLC)), m.Digest...)); err != nil {
			return err
		}
	}
	meta := tx.Bucket(bMeta)
	if model.HLC(btoi(meta.Get(kHLC))) < cu.HLC {
		if err := meta.Put(kHLC, itob(uint64(cu.HLC))); err != nil {
			return err
		}
	}
	if btoi(meta.Get(kDevSeq)) < cu.OwnSeq {
		if err := meta.Put(kDevSeq, itob(cu.OwnSeq)); err != nil {
			return err
		}
	}
	return meta.Put(kMirrorVersion, itob(cu.Version))
}

// replay applies one change of the truth's log at its position, as a
// replica applies a pulled change. The change was logged holding only
// the fields that won, against the state this copy has now, so they win
// again: one log entry, at its position.
func (s *Store) replay(tx *bolt.Tx, ch Change) error {
	log := tx.Bucket(bLog)
	if ch.Seq <= log.Sequence() {
		return fmt.Errorf("change at position %d, the working copy is at %d", ch.Seq, log.Sequence())
	}
	// Positions only grow; a log moved in from a bbolt cloud may have
	// gaps where entries were purged.
	if err := log.SetSequence(ch.Seq - 1); err != nil {
		return err
	}
	s.mtx.replay = &ch
	defer func() { s.mtx.replay = nil }()
	applied := ch
	if _, err := s.applyRemote(tx, &applied, true); err != nil {
		return fmt.Errorf("change %d: %w", ch.Seq, err)
	}
	switch got := log.Sequence(); {
	case got == ch.Seq:
		// The change's entry as the truth holds it (its Relay, too).
		return log.Put(itob(ch.Seq), encodeChange(&ch))
	case got < ch.Seq: // nothing won: keep the entry all the same
		if err := log.SetSequence(ch.Seq); err != nil {
			return err
		}
		return log.Put(itob(ch.Seq), encodeChange(&ch))
	default:
		return fmt.Errorf("change %d logged %d entries in the working copy", ch.Seq, got-ch.Seq+1)
	}
}

// catchingUp reports whether the write transaction is applying a change
// of the truth's log to a working copy (replay).
func (s *Store) catchingUp() bool { return s.mtx != nil && s.mtx.replay != nil }

// replaying reports the position and device sequence appendLog must
// keep for ch (a change caught up on from the truth).
func (s *Store) replaying(ch *Change) (pos uint64, ok bool) {
	if !s.catchingUp() || s.mtx.replay.Device != ch.Device || s.mtx.replay.DevSeq != ch.DevSeq || s.mtx.replay.ID != ch.ID {
		return 0, false
	}
	return s.mtx.replay.Seq, true
}

func replaceParked(tx *bolt.Tx, parked []Change) error {
	if err := tx.DeleteBucket(bParked); err != nil && !errors.Is(err, bolt.ErrBucketNotFound) {
		return err
	}
	b, err := tx.CreateBucket(bParked)
	if err != nil {
		return err
	}
	for i := range parked {
		n, err := b.NextSequence()
		if err != nil {
			return err
		}
		if err := b.Put(append(append(pidKey(parked[i].ID), 0), itob(n)...), encodeChange(&parked[i])); err != nil {
			return err
		}
	}
	return nil
}

// mirrorDelta collects what the transaction added after catching up.
func (s *Store) mirrorDelta(tx *bolt.Tx, head, notices uint64) (*MirrorDelta, error) {
	d := &MirrorDelta{Head: head, Applied: s.mtx.applied, ParkedChanged: s.mtx.parked}
	c := tx.Bucket(bLog).Cursor()
	for k, v := c.Seek(itob(head + 1)); k != nil; k, v = c.Next() {
		ch, err := decodeChange(k, v)
		if err != nil {
			return nil, err
		}
		d.Log = append(d.Log, ch)
	}
	nc := tx.Bucket(bSyncLog).Cursor()
	for k, v := nc.Seek(itob(notices + 1)); k != nil; k, v = nc.Next() {
		var n Notice
		if err := json.Unmarshal(v, &n); err != nil {
			return nil, err
		}
		d.Notices = append(d.Notices, n)
	}
	if d.ParkedChanged {
		var err error
		if d.Parked, err = parkedAll(tx); err != nil {
			return nil, err
		}
	}
	meta := tx.Bucket(bMeta)
	d.HLC, d.OwnSeq = model.HLC(btoi(meta.Get(kHLC))), btoi(meta.Get(kDevSeq))
	return d, nil
}

func parkedAll(tx *bolt.Tx) ([]Change, error) {
	var out []Change
	err := tx.Bucket(bParked).ForEach(func(k, v []byte) error {
		var ch Change
		if err := decodeChangeValue(v, &ch); err != nil {
			return fmt.Errorf("parked change %x: %w", k, err)
		}
		out = append(out, ch)
		return nil
	})
	return out, err
}

// putMutation records a mutation ID as applied (push), and in a working
// copy's delta.
func (s *Store) putMutation(tx *bolt.Tx, dev string, ds uint64, h model.HLC, digest string) error {
	if s.mtx != nil {
		d, _ := hex.DecodeString(digest)
		s.mtx.applied = append(s.mtx.applied, Mutation{Device: dev, Seq: ds, HLC: h, Digest: d})
	}
	return tx.Bucket(bSyncMuts).Put(deviceSeqKey(dev, ds), mutationValue(h, digest))
}

// Refresh catches a working copy up with its truth (a no-op without a
// Mirror): reads that follow see what other processes committed.
func (s *Store) Refresh() error {
	return s.update(func(*bolt.Tx) error { return nil })
}

// EncodeChange and DecodeChange are the log's entry format, for a truth
// that keeps entries as the bbolt log does (byte for byte: the Relay
// included, which the feed needs).
func EncodeChange(ch *Change) []byte { return encodeChange(ch) }

// DecodeChange reads an entry written by EncodeChange; seq is its position.
func DecodeChange(seq uint64, v []byte) (Change, error) {
	var ch Change
	if err := decodeChangeValue(v, &ch); err != nil {
		return ch, fmt.Errorf("read change %d: %w", seq, err)
	}
	ch.Seq = seq
	return ch, nil
}

// Mutations returns every mutation ID this cloud applied (cloud migrate).
func (s *Store) Mutations() ([]Mutation, error) {
	var out []Mutation
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bSyncMuts).ForEach(func(k, v []byte) error {
			if len(k) < 9 || k[len(k)-9] != 0 || len(v) < 8 {
				return fmt.Errorf("sync mutation %x: malformed", k)
			}
			m := Mutation{Device: string(k[:len(k)-9]), Seq: btoi(k[len(k)-8:]), HLC: model.HLC(btoi(v[:8]))}
			if len(v) == 8+sha256.Size {
				m.Digest = append([]byte(nil), v[8:]...)
			}
			out = append(out, m)
			return nil
		})
	})
	return out, err
}

// Parked returns the edits waiting for their registration, in arrival
// order (cloud migrate).
func (s *Store) Parked() ([]Change, error) {
	var out []Change
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		out, err = parkedAll(tx)
		return err
	})
	return out, err
}

// CloudClock is this file's HLC and the last sequence it gave its own
// changes (cloud migrate).
func (s *Store) CloudClock() (model.HLC, uint64, error) {
	var h model.HLC
	var own uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		h, own = model.HLC(btoi(meta.Get(kHLC))), btoi(meta.Get(kDevSeq))
		return nil
	})
	return h, own, err
}

// ContentDigest counts and digests what a replica holds of its event:
// every participant record (each field's value, stamp, device and
// origin, tombstones too), every timing event, every log entry at its
// position, and every mutation ID applied. Two files with equal digests
// hold the same event, byte for byte where it matters to sync (cloud
// migrate checks the copy against the original with it).
type ContentDigest struct {
	Participants int    `json:"participants"`
	Timing       int    `json:"timing"`
	Changes      int    `json:"changes"`
	Mutations    int    `json:"mutations"`
	SHA256       string `json:"sha256"`
}

// Digest computes the ContentDigest.
func (s *Store) Digest() (ContentDigest, error) {
	var d ContentDigest
	h := sha256.New()
	err := s.db.View(func(tx *bolt.Tx) error {
		for _, b := range []struct {
			name []byte
			n    *int
		}{{bParticipants, &d.Participants}, {bTiming, &d.Timing}, {bLog, &d.Changes}, {bSyncMuts, &d.Mutations}} {
			fmt.Fprintf(h, "%s\x00", b.name)
			if err := tx.Bucket(b.name).ForEach(func(k, v []byte) error {
				*b.n++
				v, err := canonical(b.name, k, v)
				if err != nil {
					return err
				}
				fmt.Fprintf(h, "%d:%s%d:%s", len(k), k, len(v), v)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	d.SHA256 = hex.EncodeToString(h.Sum(nil))
	return d, err
}

// canonical is an entry in today's encoding: a file written by an older
// racedesk holds some in an older one, a copy in today's.
func canonical(bucket, k, v []byte) ([]byte, error) {
	switch string(bucket) {
	case string(bLog):
		ch, err := decodeChange(k, v)
		if err != nil {
			return nil, err
		}
		return encodeChange(&ch), nil
	case string(bParticipants):
		rec, err := decodeRecord(pidOf(k), v)
		if err != nil {
			return nil, err
		}
		return encodeRecord(rec), nil
	}
	return v, nil
}

// DigestEntries is every entry Digest covers, by bucket and key (hex),
// canonical: to name what differs when two digests do.
func (s *Store) DigestEntries() map[string]string {
	out := map[string]string{}
	s.db.View(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bParticipants, bTiming, bLog, bSyncMuts} {
			tx.Bucket(b).ForEach(func(k, v []byte) error {
				c, _ := canonical(b, k, v)
				out[string(b)+"/"+fmt.Sprintf("%x", k)] = fmt.Sprintf("%x", c)
				return nil
			})
		}
		return nil
	})
	return out
}
