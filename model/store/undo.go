package store

import (
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// Undo, as a desk offers it: the last things this desk did to a runner
// (a check-in, a payment, DNS, an edit) are put back by a new change that
// sets the fields back to what they were before — so an undo syncs like
// any other change, and the history shows both. Registrations are not
// undone this way (a runner is not deleted).

// RecentOwn returns this desk's own participant changes (not
// registrations), newest first, at most limit.
func (s *Store) RecentOwn(limit int) ([]Change, error) {
	var out []Change
	err := s.db.View(func(tx *bolt.Tx) error {
		dev := s.Device().ID
		prefix := append([]byte(dev), 0)
		log := tx.Bucket(bLog)
		c := tx.Bucket(bOwnSeq).Cursor()
		k, v := c.Seek(deviceSeqKey(dev, btoi(tx.Bucket(bMeta).Get(kDevSeq))+1))
		if k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
		for ; k != nil && hasPrefix(k, prefix) && len(out) < limit; k, v = c.Prev() {
			ch, err := decodeChange(v, log.Get(v))
			if err != nil {
				return err
			}
			if ch.Entity == EntityParticipant && ch.Op == OpUpdate {
				out = append(out, ch)
			}
		}
		return nil
	})
	return out, err
}

// Revert undoes the change at log position seq, one of this desk's own:
// each field it set goes back to the value it had before, unless it was
// changed since (by this desk or another) — those are kept and named in
// kept. Nothing to put back is an error naming the change.
func (s *Store) Revert(seq uint64) (p model.Participant, kept []string, err error) {
	err = s.update(func(tx *bolt.Tx) error {
		ch, err := decodeChange(itob(seq), tx.Bucket(bLog).Get(itob(seq)))
		if err != nil {
			return err
		}
		if ch.Device != s.Device().ID || ch.Entity != EntityParticipant || ch.Op != OpUpdate {
			return fmt.Errorf("undo change %d: not an edit of this desk's", seq)
		}
		rec, err := getRecord(tx, ch.ID)
		if err != nil {
			return err
		}
		before, err := fieldsBefore(tx, rec, seq)
		if err != nil {
			return err
		}
		after := rec.P
		after.Extra = cloneMap(rec.P.Extra)
		n := 0
		for _, f := range ch.Fields {
			if rec.Clocks[f.Field] != ch.HLC || rec.Devs[f.Field] != ch.Device {
				kept = append(kept, f.Field) // changed since: leave it
				continue
			}
			if err := after.SetField(f.Field, before[f.Field]); err != nil {
				return fmt.Errorf("undo change %d: %w", seq, err)
			}
			n++
		}
		if n == 0 {
			return model.NewProblem(msg.ErrNothingToUndo)
		}
		if _, err := s.mutate(tx, rec, &after, OriginDesk); err != nil {
			return err
		}
		p = after
		return nil
	})
	return p, kept, err
}

// fieldsBefore is the value of every field of rec as it was before the
// change at log position seq: the record's history replayed up to it.
func fieldsBefore(tx *bolt.Tx, rec *record, seq uint64) (map[string]string, error) {
	i := slices.Index(rec.Log, seq)
	if i < 0 {
		return nil, errors.New("the change is not in the runner's history")
	}
	vals := map[string]string{}
	log := tx.Bucket(bLog)
	for _, at := range rec.Log[:i] {
		ch, err := decodeChange(itob(at), log.Get(itob(at)))
		if err != nil {
			return nil, err
		}
		for _, f := range ch.Fields {
			vals[f.Field] = f.Value
		}
	}
	return vals, nil
}
