package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
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
