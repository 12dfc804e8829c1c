package store

import (
	"bytes"
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
	person := model.PersonOf(p)
	last := []byte(model.Fold(p.Last))
	if len(last) == 0 {
		return nil
	}
	var ids []string
	s.res.scan(byteMask(last), func(id string, text, name []byte) {
		if id != p.ID && bytes.Contains(name, last) {
			ids = append(ids, id)
		}
	})
	// Records this transaction created are not in the index yet (it is
	// updated at commit): a pull that brings both of two records.
	if s.arrivedTx != tx.ID() {
		s.arrivedTx, s.arrived = tx.ID(), nil
	}
	defer func() { s.arrived = append(s.arrived, arrival{id: p.ID, device: device}) }()
	for _, a := range s.arrived {
		ids = append(ids, a.id)
	}
	for _, id := range ids {
		rec, err := getRecord(tx, id)
		if err != nil || rec.Devs[model.FLast] == device {
			continue
		}
		r, ok := model.LikelySame(person, &rec.P)
		if !ok {
			continue
		}
		return s.notice(tx, Notice{Kind: "duplicate", ID: p.ID, Device: device,
			Detail: fmt.Sprintf("%s (%s, %s) is probably %s (%s, %s): %s", p.FullName(), p.Race, p.Born.Display(),
				rec.P.FullName(), rec.P.Race, rec.P.Born.Display(), r.Text(msg.EN))})
	}
	return nil
}

// arrival is a registration a sync transaction applied (flagDuplicate).
type arrival struct{ id, device string }
