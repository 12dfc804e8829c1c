package store

import (
	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// nextBib returns the lowest bib of this desk's pool for the race that was
// never handed out (the bib index remembers every bib ever given, so a bib
// taken back is not given to the next runner by accident). A cursor per
// race remembers where the last search ended, so a long run of used
// numbers is walked once, not on every registration.
func (s *Store) nextBib(tx *bolt.Tx, race *model.Race) (int, error) {
	pool, ok := s.poolFor(tx, race)
	if !ok {
		return 0, &model.FieldError{Field: model.FBib, Key: msg.ErrBibNoPool, Args: []any{s.Device().Desk, race.Name}}
	}
	meta := tx.Bucket(bMeta)
	cursorKey := []byte("bibcursor/" + race.ID)
	cursor := int(btoi(meta.Get(cursorKey)))
	used := tx.Bucket(bBibIndex) // bibKey: given out once
	// Two passes: from the cursor to the pool's end, then from its start,
	// so bibs below the cursor (a pool widened in the event file) are
	// still found.
	for pass := 0; pass < 2; pass++ {
		for _, r := range pool {
			from := r.From
			if pass == 0 && cursor > from {
				from = cursor
			}
			for bib := from; bib <= r.To; bib++ {
				if used.Get(bibKey(race.ID, bib)) == nil {
					return bib, meta.Put(cursorKey, itob(uint64(bib)))
				}
			}
		}
	}
	return 0, &model.FieldError{Field: model.FBib, Key: msg.ErrBibPoolExhausted, Args: []any{s.Device().Desk, race.Name, model.FormatRanges(pool)}}
}

// PoolStatus says how many bibs of this desk's pool are left per race.
type PoolStatus struct {
	Race   string
	Ranges []model.BibRange
	Left   int
	OK     bool // false: this desk has no pool for the race
}

// Pools reports this desk's bib pools.
func (s *Store) Pools() ([]PoolStatus, error) {
	var out []PoolStatus
	err := s.db.View(func(tx *bolt.Tx) error {
		used := tx.Bucket(bBibIndex) // bibKey: given out once
		for i := range s.event.Races {
			r := &s.event.Races[i]
			pool, ok := s.poolFor(tx, r)
			st := PoolStatus{Race: r.ID, Ranges: pool, OK: ok}
			for _, rg := range pool {
				for bib := rg.From; bib <= rg.To; bib++ {
					if used.Get(bibKey(r.ID, bib)) == nil {
						st.Left++
					}
				}
			}
			out = append(out, st)
		}
		return nil
	})
	return out, err
}
