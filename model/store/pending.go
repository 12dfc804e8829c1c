package store

import (
	"crypto/rand"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
)

// codeAlphabet leaves out letters and digits people confuse (0/O, 1/I/L,
// 5/S, 2/Z, 8/B), read aloud at a noisy desk or off a cracked phone screen,
// and the vowels: no words, and no "ue"/"ae" that search folds as umlauts.
const codeAlphabet = "CDFGHJKMNPQRTVWXY34679"

// NewCode makes a six-character code for a self-registration.
func NewCode() string {
	b := make([]byte, 6)
	rand.Read(b)
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b)
}

// RegisterPending stores a registration a runner made on their phone:
// validated like every other entry, status pending, source hotspot, no
// bib yet, and a short code the desk searches for. The desk confirms it
// with CheckIn, which gives the bib.
func (s *Store) RegisterPending(in model.ParticipantInput) (model.Participant, error) {
	in.Source, in.Status, in.Bib = model.SourceHotspot, string(model.Pending), ""
	in.Paid, in.Amount = "", ""
	var p model.Participant
	err := s.update(func(tx *bolt.Tx) error {
		v, err := model.Validate(s.event, in, s.now(), true)
		if err != nil {
			return err
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

// Withdraw withdraws a phone registration of a runner who was registered
// already (the desk found the match): it stays for the record, counted
// nowhere, and an undo brings it back. Only a pending entry can be.
func (s *Store) Withdraw(id string) (model.Participant, error) {
	return s.Modify(id, func(_ *bolt.Tx, p *model.Participant) error {
		if p.Status != model.Pending {
			return fmt.Errorf("withdraw %s: only a phone registration not yet confirmed can be withdrawn (status %s)", id, p.Status)
		}
		p.Status = model.Withdrawn
		return nil
	})
}
