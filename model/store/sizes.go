package store

import (
	"os"

	bolt "go.etcd.io/bbolt"
)

// BucketSize is what one bucket holds.
type BucketSize struct {
	Keys  int
	Bytes int64 // keys and values, plus bbolt's 16-byte element header each
	Pages int   // pages it occupies (leaf, branch and overflow)
}

// Sizes is what the file holds, per bucket, and the file's own size.
type Sizes struct {
	Buckets   map[string]BucketSize
	FileBytes int64
	FreePages int // pages of the file free for reuse
	PageSize  int
}

// elementHeader is bbolt's per-entry overhead in a leaf page.
const elementHeader = 16

// ParticipantBytes is what the participants take on disk: their records
// and their entries in the indexes (bib, registration ID).
func (z Sizes) ParticipantBytes() int64 {
	var n int64
	for _, b := range []string{string(bParticipants), string(bBibIndex), string(bExtIndex)} {
		n += z.Buckets[b].Bytes
	}
	return n
}

// Sizes measures the buckets (a full read of the file: for benchmarks and
// diagnostics, not for screens).
func (s *Store) Sizes() (Sizes, error) {
	z := Sizes{Buckets: map[string]BucketSize{}}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			var bs BucketSize
			err := b.ForEach(func(k, v []byte) error {
				bs.Keys++
				bs.Bytes += int64(len(k) + len(v) + elementHeader)
				return nil
			})
			st := b.Stats()
			bs.Pages = st.BranchPageN + st.BranchOverflowN + st.LeafPageN + st.LeafOverflowN
			z.Buckets[string(name)] = bs
			return err
		})
	})
	if err != nil {
		return z, err
	}
	z.FreePages, z.PageSize = s.db.Stats().FreePageN, s.db.Info().PageSize
	st, err := os.Stat(s.path)
	if err == nil {
		z.FileBytes = st.Size()
	}
	return z, err
}
