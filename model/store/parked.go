package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Edits that arrive before the registration they edit wait here (a desk
// that learned of a runner through the hub and pushed its edit to the
// cloud directly before the hub passed the registration on; or the other
// way round). Shown nowhere — a runner without a name or race would be
// nobody on a screen — they are applied, in the order they arrived, right
// after the registration.
var bParked = []byte("parked") // participant key \0 arrival (8 bytes BE) → change (codec.go)

func (s *Store) park(tx *bolt.Tx, m *Change) error {
	if s.mtx != nil {
		s.mtx.parked = true
	}
	b := tx.Bucket(bParked)
	n, err := b.NextSequence()
	if err != nil {
		return err
	}
	key := append(append(pidKey(m.ID), 0), itob(n)...)
	return b.Put(key, encodeChange(m))
}

// unpark applies the edits waiting for participant id, which now exists.
func (s *Store) unpark(tx *bolt.Tx, id string) error {
	b := tx.Bucket(bParked)
	prefix := append(pidKey(id), 0)
	var keys [][]byte
	var waiting []Change
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && len(k) == len(prefix)+8; k, v = c.Next() {
		var ch Change
		if err := decodeChangeValue(v, &ch); err != nil {
			return fmt.Errorf("parked change of %s: %w", id, err)
		}
		keys = append(keys, append([]byte(nil), k...))
		waiting = append(waiting, ch)
	}
	if len(keys) > 0 && s.mtx != nil {
		s.mtx.parked = true
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	for i := range waiting {
		if _, err := s.applyRemote(tx, &waiting[i], true); err != nil {
			return err
		}
	}
	return nil
}
