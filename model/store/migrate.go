package store

import (
	"bytes"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// migrateBibIndexToHolders (schema 1 → 2): the bib index held one holder
// per bib (race \0 bib → ID); it now holds a key per holder (race \0 bib
// \0 ID), so sync can keep a bib two desks gave out and flag it.
func migrateBibIndexToHolders(tx *bolt.Tx) error {
	old := tx.Bucket(bBibIndex)
	type entry struct{ key, id []byte }
	var entries []entry
	err := old.ForEach(func(k, v []byte) error {
		if v != nil && len(k) == bytes.IndexByte(k, 0)+5 { // race has no \0; the bib may
			entries = append(entries, entry{append([]byte(nil), k...), append([]byte(nil), v...)})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := old.Delete(e.key); err != nil {
			return err
		}
		if err := old.Put(append(append(e.key, 0), e.id...), nil); err != nil {
			return err
		}
	}
	return nil
}

// Buckets schema 4 no longer has.
var (
	bOldBibsUsed   = []byte("bibs_used")   // now keys of idx_bib
	bOldSearch     = []byte("idx_search")  // now in memory (resident)
	bOldLogByID    = []byte("idx_log_pid") // now in the records (record.Log)
	bOldOutbox     = []byte("outbox")      // now own changes after kAcked
	migrateBatchOf = 10_000
)

// migrateCompactRecords (schema 3 → 4) rewrites participant records and
// change-log entries from JSON to the compact encoding (codec.go), moves
// each participant's history positions from idx_log_pid into its record,
// the bibs ever given from bibs_used into idx_bib, and drops the search
// index bucket (the index lives in memory now). It runs in the open
// transaction: a crash leaves the file at schema 3, whole.
func migrateCompactRecords(tx *bolt.Tx) error {
	logs, err := oldHistory(tx)
	if err != nil {
		return err
	}
	if err := rekey(tx.Bucket(bParticipants), func(k, v []byte) ([]byte, []byte, error) {
		rec, err := decodeRecord(string(k), v)
		if err != nil {
			return nil, nil, err
		}
		rec.Log = logs[string(k)]
		return pidKey(rec.P.ID), encodeRecord(rec), nil
	}); err != nil {
		return err
	}
	if err := rekey(tx.Bucket(bBibIndex), func(k, v []byte) ([]byte, []byte, error) {
		race := bytes.IndexByte(k, 0)
		if race < 0 || len(k) <= race+6 {
			return k, v, nil // a bib given out once: race \0 bib
		}
		return append(k[:race+6:race+6], pidKey(string(k[race+6:]))...), v, nil
	}); err != nil {
		return err
	}
	if err := rewrite(tx.Bucket(bExtIndex), func(_, v []byte) ([]byte, error) {
		return pidKey(string(v)), nil
	}); err != nil {
		return err
	}
	if err := rewrite(tx.Bucket(bLog), func(k, v []byte) ([]byte, error) {
		var ch Change
		if err := decodeChangeValue(v, &ch); err != nil {
			return nil, fmt.Errorf("change %d: %w", btoi(k), err)
		}
		return encodeChange(&ch), nil
	}); err != nil {
		return err
	}
	if used := tx.Bucket(bOldBibsUsed); used != nil {
		idx := tx.Bucket(bBibIndex)
		if err := used.ForEach(func(k, _ []byte) error { return idx.Put(k, []byte{1}) }); err != nil {
			return err
		}
	}
	if err := migrateOutbox(tx); err != nil {
		return err
	}
	for _, b := range [][]byte{bOldBibsUsed, bOldSearch, bOldLogByID, bOldOutbox} {
		if err := tx.DeleteBucket(b); err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
			return err
		}
	}
	return nil
}

// oldHistory reads idx_log_pid: participant ID → its log positions.
func oldHistory(tx *bolt.Tx) (map[string][]uint64, error) {
	logs := map[string][]uint64{}
	b := tx.Bucket(bOldLogByID)
	if b == nil {
		return logs, nil
	}
	err := b.ForEach(func(k, _ []byte) error {
		if len(k) < 9 || k[len(k)-9] != 0 {
			return fmt.Errorf("history index key %q", k)
		}
		id := string(k[:len(k)-9])
		logs[id] = append(logs[id], btoi(k[len(k)-8:]))
		return nil
	})
	return logs, err
}

// rewrite replaces every value of b by conv's, in batches (a bucket must
// not be written while a cursor walks it).
func rewrite(b *bolt.Bucket, conv func(k, v []byte) ([]byte, error)) error {
	var from []byte
	for {
		type kv struct{ k, v []byte }
		var batch []kv
		c := b.Cursor()
		k, v := c.First()
		if from != nil {
			k, v = c.Seek(from)
		}
		for ; k != nil && len(batch) < migrateBatchOf; k, v = c.Next() {
			nv, err := conv(k, v)
			if err != nil {
				return err
			}
			batch = append(batch, kv{append([]byte(nil), k...), nv})
		}
		if k != nil {
			from = append([]byte(nil), k...)
		}
		for _, e := range batch {
			if err := b.Put(e.k, e.v); err != nil {
				return err
			}
		}
		if k == nil {
			return nil
		}
	}
}

// migrateOutbox turns the outbox bucket (own device sequence → log
// position, deleted in order as the cloud acknowledged) into the mark of
// the last acknowledged sequence.
func migrateOutbox(tx *bolt.Tx) error {
	meta := tx.Bucket(bMeta)
	acked := btoi(meta.Get(kDevSeq)) // an empty outbox: everything acknowledged
	if out := tx.Bucket(bOldOutbox); out != nil {
		if k, _ := out.Cursor().First(); k != nil {
			acked = btoi(k) - 1
		}
	}
	if string(meta.Get(kRole)) == roleCloud {
		acked = 0 // the cloud pushes nothing; the mark is not read
	}
	return meta.Put(kAcked, itob(acked))
}

// rekey replaces every entry of b by conv's key and value (the whole
// bucket in memory: a migration's one-off).
func rekey(b *bolt.Bucket, conv func(k, v []byte) ([]byte, []byte, error)) error {
	type kv struct{ k, v []byte }
	var old, fresh []kv
	err := b.ForEach(func(k, v []byte) error {
		nk, nv, err := conv(append([]byte(nil), k...), append([]byte(nil), v...))
		old = append(old, kv{append([]byte(nil), k...), nil})
		fresh = append(fresh, kv{nk, nv})
		return err
	})
	if err != nil {
		return err
	}
	for _, e := range old {
		if err := b.Delete(e.k); err != nil {
			return err
		}
	}
	for _, e := range fresh {
		if err := b.Put(e.k, e.v); err != nil {
			return err
		}
	}
	return nil
}
