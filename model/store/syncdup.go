package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// flagDuplicate records a notice when a registration that arrived by sync
// is probably a runner another device registered too (two desks typed the
// same late entry, a runner registered online and again on a phone at the
// other end of the venue). Every replica that applies the second of the
// two records says so; nothing is merged — a person decides. Two records
// made by one device are its own decision (racedesk register
// --not-duplicate) and not flagged.
func (s *Store) flagDuplicate(tx *bolt.Tx, p *model.Participant, device string) error {
	// Records this transaction created are not in the index yet (it is
	// updated at commit): a pull that brings both of two records.
	if s.arrivedTx != tx.ID() {
		s.arrivedTx, s.arrived = tx.ID(), nil
	}
	// Only those whose search text may match: comparing each arrival
	// with every other in full would grow with the square of a big pull.
	var also []string
	if c := newCandidates(model.PersonOf(p)); c != nil {
		for _, a := range s.arrived {
			if c.may(a.text, a.text[:a.name]) {
				also = append(also, a.id)
			}
		}
	}
	text := []byte(searchText(p))
	s.arrived = append(s.arrived, arrival{id: p.ID, device: device, text: text, name: len(nameOf(text))})
	m, ok := s.likelyIn(tx, model.PersonOf(p), also, func(rec *record) bool {
		return rec.P.ID != p.ID && rec.Devs[model.FLast] != device
	})
	if !ok {
		return nil
	}
	return s.notice(tx, Notice{Kind: "duplicate", ID: p.ID, Device: device,
		Detail: fmt.Sprintf("%s (%s, %s) is probably %s (%s, %s): %s", p.FullName(), p.Race, p.Born.Display(),
			m.Participant.FullName(), m.Participant.Race, m.Participant.Born.Display(), m.Reason.Text(msg.EN))})
}

// likelyIn is the participant, read in tx, that the person most
// probably is (Store.Similar's matcher) among those keep accepts; also
// are IDs written in tx, not in the search index until it commits.
func (s *Store) likelyIn(tx *bolt.Tx, person model.Person, also []string, keep func(*record) bool) (model.Match, bool) {
	ms, err := s.similarIn(tx, person, also, func(q *model.Participant) bool {
		if q.Status == model.Withdrawn {
			return false
		}
		rec, err := getRecord(tx, q.ID)
		return err == nil && keep(rec)
	})
	if err != nil || len(ms) == 0 {
		return model.Match{}, false
	}
	return ms[0], true
}

// arrival is a registration a sync transaction applied (flagDuplicate).
type arrival struct {
	id, device string
	text       []byte // its search text, and the length of the name in it
	name       int
}
