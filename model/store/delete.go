package store

import (
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// Deleting a participant. A deletion is a change like any other (it
// syncs), but it absorbs: on every replica that applies it, the personal
// fields are cleared — in the record and in every entry of its history
// this replica may still serve — the status becomes deleted, the bib stays
// used, and no change that arrives later, older or newer, writes a field
// of that record again. A deletion of a runner a replica has not heard of
// leaves the tombstone, so the registration arriving after it is absorbed
// too.

// OpDelete is the operation of a deletion change.
const OpDelete = "delete"

// fieldReason carries a deletion's reason in its change (not a field of
// the participant).
const fieldReason = "reason"

// Delete deletes a participant at this desk, saying why.
func (s *Store) Delete(id, reason string) (model.Participant, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return model.Participant{}, &model.FieldError{Field: fieldReason, Key: msg.ErrRequired}
	}
	var out model.Participant
	err := s.update(func(tx *bolt.Tx) error {
		rec, err := getRecord(tx, id)
		if err != nil {
			return err
		}
		if rec.P.Status == model.Deleted {
			return model.NewProblem(msg.ErrDeleted, id)
		}
		out, err = s.deleteAtDesk(tx, rec, reason)
		return err
	})
	return out, err
}

// tombstone applies deletion ch to rec (nil: a runner this replica has not
// heard of), logs it and clears the personal data of its history.
func (s *Store) tombstone(tx *bolt.Tx, rec *record, ch *Change) (model.Participant, error) {
	var prev *model.Participant
	if rec != nil {
		prev = &rec.P
		rec = rec.clone()
	} else {
		rec = &record{P: model.Participant{ID: ch.ID}, Clocks: map[string]model.HLC{}, Devs: map[string]string{}, Origins: map[string]Origin{}}
	}
	p := &rec.P
	p.First, p.Last, p.Born, p.Gender, p.Club, p.Email, p.Phone, p.ExternalID, p.Code, p.Extra = "", "", model.BirthDate{}, "", "", "", "", "", "", nil
	p.Status = model.Deleted
	rec.stamp(model.FStatus, ch.HLC, ch.Device, OriginSync)
	if err := s.appendLog(tx, ch); err != nil {
		return model.Participant{}, err
	}
	if err := s.scrubHistory(tx, rec); err != nil {
		return model.Participant{}, err
	}
	rec.Log = append(rec.Log, ch.Seq)
	if err := s.write(tx, prev, rec); err != nil {
		return model.Participant{}, err
	}
	reason := ""
	for _, f := range ch.Fields {
		if f.Field == fieldReason {
			reason = f.Value
		}
	}
	return rec.P, s.notice(tx, Notice{Kind: "deleted", ID: ch.ID, Device: ch.Device, Detail: fmt.Sprintf("deleted at %s: %s", ch.Desk, reason)})
}

// scrubHistory clears the personal values of rec's history in this
// replica's log — except this device's own changes: a desk may have to
// push them again (to the cloud after the hub, or the other way round),
// and a server that holds one recognises it by its content; changed, it
// would look like another file under this desk's identity. They are
// cleared by purge, once the cloud holds everything (see Purge). A hub
// relays other devices' changes from its relay bucket, as they came.
func (s *Store) scrubHistory(tx *bolt.Tx, rec *record) error {
	log := tx.Bucket(bLog)
	self := s.Device().ID
	for _, at := range rec.Log {
		k := itob(at)
		ch, err := decodeChange(k, log.Get(k))
		if err != nil {
			return err
		}
		if ch.Device == self && !s.cloud {
			continue
		}
		if scrubChange(&ch) {
			if err := log.Put(k, encodeChange(&ch)); err != nil {
				return err
			}
		}
	}
	return nil
}

// scrubChange clears the personal values of a change; it reports whether
// any was there.
func scrubChange(ch *Change) bool {
	changed := false
	for i, f := range ch.Fields {
		if model.IsPersonal(f.Field) && f.Value != "" {
			ch.Fields[i].Value, changed = "", true
		}
	}
	return changed
}

// deleted reports whether a stored record is a tombstone.
func deleted(tx *bolt.Tx, id string) bool {
	rec, err := getRecord(tx, id)
	return err == nil && rec.P.Status == model.Deleted
}

// tombstoned reports whether ch is a change already cleared by a deletion
// (its status says so): a replica that gets it before the deletion itself
// must not take its status.
func tombstoned(ch *Change) bool {
	for _, f := range ch.Fields {
		if f.Field == model.FStatus && f.Value == string(model.Deleted) {
			return true
		}
	}
	return false
}

// errDeletedRecord refuses a local change to a deleted participant.
func errDeletedRecord(id string) error { return model.NewProblem(msg.ErrDeleted, id) }

var _ = errors.Is

// deleteAtDesk writes this desk's deletion of rec, with its reason, in tx.
func (s *Store) deleteAtDesk(tx *bolt.Tx, rec *record, reason string) (model.Participant, error) {
	stamp, err := s.tick(tx)
	if err != nil {
		return model.Participant{}, err
	}
	ch := &Change{Device: s.Device().ID, HLC: stamp, Desk: s.Device().Desk, Entity: EntityParticipant, ID: rec.P.ID, Op: OpDelete,
		Origin: OriginDesk, Fields: []model.FieldChange{{Field: fieldReason, Value: reason}}}
	return s.tombstone(tx, rec, ch)
}
