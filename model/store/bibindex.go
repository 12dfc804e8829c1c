package store

import (
	"bytes"
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// The bib index holds one key per holder: race \0 bib(4) \0 participant ID,
// and race \0 bib(4) alone for a bib that was ever given out: that key is
// never deleted, so a bib taken back is not handed out
// again automatically (schema 4; it was a bucket of its own, bibs_used,
// one more page in every registration's commit).
// A desk never gives a bib twice, but two replicas can, offline, and sync
// must keep both (the runners exist, with those bibs in their hands). So
// the index can hold several holders of one bib; bib_conflicts lists every
// bib that has more than one, for a person to resolve.

func bibHolderKey(race string, bib int, id string) []byte {
	return append(append(bibKey(race, bib), 0), pidKey(id)...)
}

// bibHolders lists the IDs holding a bib in a race.
func bibHolders(tx *bolt.Tx, race string, bib int) []string {
	prefix := append(bibKey(race, bib), 0)
	var ids []string
	c := tx.Bucket(bBibIndex).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		ids = append(ids, pidOf(k[len(prefix):]))
	}
	return ids
}

// otherHolder returns someone other than id holding the bib, or "".
func otherHolder(tx *bolt.Tx, race string, bib int, id string) string {
	for _, h := range bibHolders(tx, race, bib) {
		if h != id {
			return h
		}
	}
	return ""
}

// addBibHolder and removeBibHolder keep the index and the conflict list.
func addBibHolder(tx *bolt.Tx, race string, bib int, id string) error {
	if err := tx.Bucket(bBibIndex).Put(bibHolderKey(race, bib, id), nil); err != nil {
		return err
	}
	key := bibKey(race, bib)
	used := tx.Bucket(bBibIndex)
	if used.Get(key) == nil {
		if err := used.Put(key, []byte{1}); err != nil {
			return err
		}
	}
	return syncBibConflict(tx, race, bib)
}

func removeBibHolder(tx *bolt.Tx, race string, bib int, id string) error {
	if err := tx.Bucket(bBibIndex).Delete(bibHolderKey(race, bib, id)); err != nil {
		return err
	}
	return syncBibConflict(tx, race, bib)
}

// syncBibConflict records the bib as a conflict while it has two or more
// holders, and forgets it when it has one or none.
func syncBibConflict(tx *bolt.Tx, race string, bib int) error {
	holders := bibHolders(tx, race, bib)
	b := tx.Bucket(bBibConflicts)
	key := bibKey(race, bib)
	if len(holders) < 2 {
		return b.Delete(key)
	}
	data, err := json.Marshal(holders)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// BibConflict is a bib that two or more participants of a race hold.
type BibConflict struct {
	Race    string   `json:"race"`
	Bib     int      `json:"bib"`
	Holders []string `json:"holders"`
}

// BibConflicts lists the bibs held twice (after a sync merged two desks'
// work); they stay until a person gives one of the runners another bib.
func (s *Store) BibConflicts() ([]BibConflict, error) {
	var out []BibConflict
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bBibConflicts).ForEach(func(k, v []byte) error {
			i := bytes.IndexByte(k, 0)
			if i < 0 || len(k) != i+5 {
				return nil
			}
			c := BibConflict{Race: string(k[:i]), Bib: int(btoi(k[i+1:]))}
			if err := json.Unmarshal(v, &c.Holders); err != nil {
				return err
			}
			out = append(out, c)
			return nil
		})
	})
	return out, err
}
