package store

import (
	"errors"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// A flood of the phone form (issue 17, item 5): someone in Wi-Fi range
// registers hundreds of invented runners. The hotspot caps how many
// registrations wait unconfirmed (RegisterPendingUpTo), and the desk
// removes a batch that nobody confirmed (PendingSince, DeletePending).

// FloodReason is the reason recorded with each deletion of a batch of
// unconfirmed phone registrations.
const FloodReason = "phone form flood"

// ErrTooManyPending refuses a phone registration while the number of
// pending registrations has reached the cap; match it with errors.Is.
var ErrTooManyPending = model.NewProblem(msg.ErrTooManyPending)

// pendingCount is the number of registrations waiting to be confirmed.
func pendingCount(tx *bolt.Tx) int {
	return int(int64(btoi(tx.Bucket(bCounts).Get([]byte("status/" + string(model.Pending))))))
}

// RegisterPendingUpTo is RegisterPending that stores nothing and returns
// ErrTooManyPending when maxPending registrations (from every desk and
// hotspot) are already waiting to be confirmed. The count is read in the
// same transaction as the write: concurrent submissions never pass the cap
// together. maxPending ≤ 0: no cap.
func (s *Store) RegisterPendingUpTo(in model.ParticipantInput, maxPending int) (model.Participant, error) {
	in.Source, in.Status, in.Bib = model.SourceHotspot, string(model.Pending), ""
	in.Paid, in.Amount = "", ""
	var p model.Participant
	err := s.update(func(tx *bolt.Tx) error {
		v, err := model.Validate(s.event, in, s.now(), true)
		if err != nil {
			return err
		}
		if maxPending > 0 && pendingCount(tx) >= maxPending {
			return ErrTooManyPending
		}
		p = v.Participant
		p.ID, p.Code = model.NewID(), NewCode()
		_, err = s.mutate(tx, nil, &p, OriginHotspot)
		return err
	})
	if err != nil {
		return model.Participant{}, err
	}
	return p, nil
}

// PendingEntry is a registration still waiting to be confirmed, with the
// time it was made.
type PendingEntry struct {
	model.Participant
	At time.Time
}

// PendingSince lists the registrations made at or after since that are
// still pending (not confirmed, withdrawn or deleted), oldest first. A
// registration's time is the stamp of its first change, made by the desk
// or hotspot that took it.
func (s *Store) PendingSince(since time.Time) ([]PendingEntry, error) {
	var out []PendingEntry
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bParticipants).ForEach(func(k, v []byte) error {
			rec, err := decodeRecord(pidOf(k), v)
			if err != nil {
				return err
			}
			if rec.P.Status != model.Pending {
				return nil
			}
			var first model.HLC
			for _, h := range rec.Clocks {
				if first == 0 || h < first {
					first = h
				}
			}
			at := first.Time()
			if at.Before(since) {
				return nil
			}
			p := rec.P
			p.Extra = cloneMap(rec.P.Extra)
			out = append(out, PendingEntry{Participant: p, At: at})
			return nil
		})
	})
	slices.SortFunc(out, func(a, b PendingEntry) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, err
}

// DeletePending deletes a registration that is still pending, exactly as
// Delete does (a deletion change that syncs and clears the personal
// data), checking the status in the same transaction: one the desk
// confirmed meanwhile stays, with ErrNotPending.
func (s *Store) DeletePending(id, reason string) (model.Participant, error) {
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
		if rec.P.Status != model.Pending {
			name := rec.P.FullName()
			if name == "" {
				name = id
			}
			return model.NewProblem(msg.ErrNotPending, name)
		}
		out, err = s.deleteAtDesk(tx, rec, reason)
		return err
	})
	return out, err
}

// ErrNotPending: the registration is no longer pending (confirmed,
// withdrawn or deleted meanwhile); match it with errors.Is.
var ErrNotPending = model.NewProblem(msg.ErrNotPending, "")

// PurgeResult says what a batch deletion did.
type PurgeResult struct {
	Deleted []string // IDs deleted
	Skipped int      // no longer pending when their turn came: untouched
}

// DeletePendingIDs deletes the listed registrations that are still
// pending, each with DeletePending (one deletion change each, which
// syncs); those confirmed, withdrawn or deleted meanwhile are skipped.
// The desk lists first (PendingSince), shows how many, and deletes exactly
// those once confirmed: a registration arriving meanwhile is not among them.
func (s *Store) DeletePendingIDs(ids []string, reason string) (PurgeResult, error) {
	var res PurgeResult
	for _, id := range ids {
		if _, err := s.DeletePending(id, reason); err != nil {
			if errors.Is(err, ErrNotPending) || errors.Is(err, ErrNotFound) {
				res.Skipped++
				continue
			}
			return res, err
		}
		res.Deleted = append(res.Deleted, id)
	}
	return res, nil
}
