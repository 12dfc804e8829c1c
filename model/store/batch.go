package store

import (
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
)

// RowError is a rejected input of a batch: its position and why.
type RowError struct {
	Index int
	Err   error
}

func (e RowError) Error() string { return fmt.Sprintf("row %d: %v", e.Index+1, e.Err) }

// RegisterMany validates every input and stores the valid ones in one
// transaction (one fsync for the lot), through the same path as Register.
// Rejected inputs are returned and written nowhere; if the transaction
// itself fails, nothing is written.
func (s *Store) RegisterMany(ins []model.ParticipantInput, opts RegisterOptions) ([]model.Participant, []RowError, error) {
	today := s.now()
	var out []model.Participant
	var rejected []RowError
	err := s.update(func(tx *bolt.Tx) error {
		out, rejected = out[:0], rejected[:0]
		for i, in := range ins {
			p, err := s.registerTx(tx, in, opts, today)
			if err != nil {
				if !isInputError(err) {
					// A write failed part-way: committing would keep
					// half a participant. Abort the whole batch.
					return fmt.Errorf("register row %d: %w", i+1, err)
				}
				rejected = append(rejected, RowError{Index: i, Err: err})
				continue
			}
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, rejected, nil
}

// registerTx validates and stores one registration inside tx. A rejected
// input writes no record, index or log entry: validation, bib assignment
// and the uniqueness checks all run before mutate's first write (only the
// bib cursor, a search hint, may have moved).
func (s *Store) registerTx(tx *bolt.Tx, in model.ParticipantInput, opts RegisterOptions, today time.Time) (model.Participant, error) {
	v, err := model.Validate(s.event, in, today, opts.Late)
	if err != nil {
		return model.Participant{}, err
	}
	p := v.Participant
	p.ID = model.NewID()
	if v.AutoBib {
		race, _ := s.event.Race(p.Race)
		if p.Bib, err = s.nextBib(tx, race); err != nil {
			return model.Participant{}, err
		}
	}
	if p.Status == model.CheckedIn {
		s.stampCheckIn(&p)
	}
	if _, err := s.mutate(tx, nil, &p, opts.Origin.orDesk()); err != nil {
		return model.Participant{}, err
	}
	return p, nil
}

// isInputError reports an error about the input (invalid field, bib or
// external ID taken, pool exhausted), raised before anything is written.
func isInputError(err error) bool {
	var fe *model.FieldError
	var ve model.ValidationError
	return errors.As(err, &fe) || errors.As(err, &ve)
}
