package store

import (
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// bTiming holds the timekeeper's events: event ID → JSON. Events are only
// ever added (corrections are events too), so every replica's set is the
// union of all, and results follow from it.
var bTiming = []byte("timing")

// EntityTiming marks timing events in the change log.
const EntityTiming = "timing"

// RecordTiming stores a timing event durably — committed and fsynced
// before it returns — and logs it for sync. It fills in the device, desk
// and HLC, and the ID when the caller gave none.
//
// The event keeps an ID its caller gave it (a UUID made with model.NewID
// when the key was pressed): a correction typed before the store answered
// can then name the event it corrects.
func (s *Store) RecordTiming(e model.TimingEvent) (model.TimingEvent, error) {
	var err error
	if e.Reason, err = model.CleanText(model.FReason, e.Reason, model.MaxOtherLen); err != nil {
		return e, err
	}
	if err := e.Check(); err != nil {
		return e, err
	}
	dev := s.Device()
	if e.ID == "" {
		e.ID = model.NewID()
	} else if err := uuid.Validate(e.ID); err != nil {
		return e, fmt.Errorf("record %s: event ID %q: %w", e.Kind, e.ID, err)
	}
	e.Device, e.Desk = dev.ID, dev.Desk
	err = s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bTiming).Get([]byte(e.ID)) != nil {
			return fmt.Errorf("timing event %s is already stored", e.ID)
		}
		h, err := s.tick(tx)
		if err != nil {
			return err
		}
		e.HLC = h
		if err := putJSON(tx.Bucket(bTiming), []byte(e.ID), e); err != nil {
			return err
		}
		s.changed(tx, "", e.ID)
		return s.appendLog(tx, &Change{Device: dev.ID, HLC: h, Desk: dev.Desk, Entity: EntityTiming, ID: e.ID,
			Op: OpCreate, Origin: OriginDesk, Fields: e.Fields()})
	})
	if err != nil {
		return e, fmt.Errorf("record %s: %w", e.Kind, err)
	}
	return e, nil
}

// TimingEvents returns every timing event (in ID order, which is creation
// order per device).
func (s *Store) TimingEvents() ([]model.TimingEvent, error) {
	var out []model.TimingEvent
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bTiming).ForEach(func(k, v []byte) error {
			var e model.TimingEvent
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("read timing event %s: %w", k, err)
			}
			out = append(out, e)
			return nil
		})
	})
	return out, err
}

// TimingEvent returns one event by its ID.
func (s *Store) TimingEvent(id string) (model.TimingEvent, error) {
	var e model.TimingEvent
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bTiming).Get([]byte(id))
		if v == nil {
			return model.NewProblem(msg.ErrNotFound, id)
		}
		return json.Unmarshal(v, &e)
	})
	return e, err
}

// Results computes every race's results from what the store holds now.
func (s *Store) Results() (map[string]*model.RaceResults, error) {
	ps, err := s.List("")
	if err != nil {
		return nil, err
	}
	evs, err := s.TimingEvents()
	if err != nil {
		return nil, err
	}
	return model.ComputeResults(s.event, ps, evs), nil
}

// restampTiming gives a stored event the stamp the cloud pulled it back to
// (or one smaller: see applyRemoteTiming). Results order corrections by
// stamp, so screens hear of it.
func (s *Store) restampTiming(tx *bolt.Tx, id string, h model.HLC) error {
	b := tx.Bucket(bTiming)
	v := b.Get([]byte(id))
	if v == nil {
		return nil
	}
	var e model.TimingEvent
	if err := json.Unmarshal(v, &e); err != nil {
		return fmt.Errorf("read timing event %s: %w", id, err)
	}
	if h >= e.HLC {
		return nil // a copy of this event already came with a smaller stamp
	}
	e.HLC = h
	s.changed(tx, "", id)
	return putJSON(b, []byte(id), e)
}

// applyRemoteTiming adds a timing event made elsewhere, once.
//
// An event can arrive under two stamps: a desk far ahead had its stamp
// pulled back by the cloud, and a copy of its file (restored, copied)
// pushed the event again and had it pulled back to another. Every replica
// keeps the smaller stamp, and passes a lowered one on, so all agree.
func (s *Store) applyRemoteTiming(tx *bolt.Tx, ch *Change) (bool, error) {
	s.observe(tx, ch.HLC)
	b := tx.Bucket(bTiming)
	if v := b.Get([]byte(ch.ID)); v != nil {
		var have model.TimingEvent
		if err := json.Unmarshal(v, &have); err != nil {
			return false, fmt.Errorf("read timing event %s: %w", ch.ID, err)
		}
		if ch.HLC >= have.HLC {
			return false, nil
		}
		if err := s.restampTiming(tx, ch.ID, ch.HLC); err != nil {
			return false, err
		}
		logged := *ch
		return true, s.appendLog(tx, &logged)
	}
	e, err := model.TimingEventFromFields(ch.ID, ch.Device, ch.Desk, ch.HLC, ch.Fields)
	if err != nil {
		return false, s.notice(tx, Notice{Kind: "invalid", ID: ch.ID, Device: ch.Device, Detail: err.Error()})
	}
	if err := putJSON(b, []byte(e.ID), e); err != nil {
		return false, err
	}
	s.changed(tx, "", e.ID)
	logged := *ch
	return true, s.appendLog(tx, &logged)
}
