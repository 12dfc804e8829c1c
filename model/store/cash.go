package store

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
)

// CashReport computes the cash report (model.CashReport: payments by
// method and desk, late fees, open amounts, who is checked in unpaid) in
// one read transaction. Who took a payment comes from the change log: see
// the rule in model/cash.go.
func (s *Store) CashReport() (model.CashReport, error) {
	t := model.NewCashTally(s.event)
	err := s.db.View(func(tx *bolt.Tx) error {
		log := tx.Bucket(bLog)
		desks := map[string]string{} // desk names, one string each
		return tx.Bucket(bParticipants).ForEach(func(k, v []byte) error {
			p, history, err := decodeForCash(pidOf(k), v)
			if err != nil {
				return err
			}
			e := model.CashEntry{ID: p.ID, First: p.First, Last: p.Last, Race: p.Race, Bib: p.Bib, Status: p.Status,
				Source: p.Source, Paid: model.Payment{Method: p.PayMethod, Cents: p.PaidCents}, CheckedInDesk: p.CheckedInDesk}
			if !e.Counted() {
				return nil
			}
			if len(history) > 0 {
				changes := make([]model.PaymentChange, 0, len(history))
				for _, seq := range history {
					ch, err := decodePaymentChange(log.Get(itob(seq)), desks)
					if err != nil {
						return fmt.Errorf("read change %d: %w", seq, err)
					}
					changes = append(changes, ch)
				}
				e.Bookings = model.CashBookings(changes, e.Paid)
			}
			t.Add(&e)
			return nil
		})
	})
	if err != nil {
		return model.CashReport{}, err
	}
	return t.Report(), nil
}

// cashTags are the fields of a participant the report reads.
var cashTags = map[uint64]bool{tagFirst: true, tagLast: true, tagRace: true, tagBib: true, tagStatus: true,
	tagPaidCents: true, tagPayMethod: true, tagSource: true, tagCheckedInDesk: true}

// decodePaymentChange reads of a change-log entry what the cash report
// needs: who made it, when, and the payment fields it set (the others are
// skipped without allocating). desks interns the desk names.
func decodePaymentChange(v []byte, desks map[string]string) (model.PaymentChange, error) {
	var out model.PaymentChange
	if len(v) > 0 && v[0] == '{' { // the old JSON form
		var ch Change
		if err := decodeChangeValue(v, &ch); err != nil {
			return out, err
		}
		return model.PaymentChange{Desk: ch.Desk, Import: ch.Origin == OriginImport, HLC: ch.HLC, Fields: ch.Fields}, nil
	}
	if len(v) == 0 || v[0] != formatV1 {
		return out, errors.New("unknown change format")
	}
	d := &dec{b: v[1:]}
	d.skipID()  // device
	d.uvarint() // device sequence
	out.HLC = model.HLC(d.uvarint())
	desk := d.bytes(d.uvarint())
	name, ok := desks[string(desk)]
	if !ok {
		name = string(desk)
		desks[name] = name
	}
	out.Desk = name
	d.code(entityCodes)
	d.skipID() // participant
	d.code(opCodes)
	out.Import = Origin(d.code(originNames)) == OriginImport
	for n := d.count(); n > 0 && d.err == nil; n-- {
		switch t := d.uvarint(); t {
		case tagPayMethod, tagPaidCents:
			out.Fields = append(out.Fields, model.FieldChange{Field: tagFields[t], Value: d.str()})
		case tagExtra:
			d.bytes(d.uvarint())
			d.bytes(d.uvarint())
		default:
			if t == tagNamed {
				d.bytes(d.uvarint())
			} else if _, known := tagFields[t]; !known {
				d.fail(fmt.Errorf("unknown field number %d", t))
			}
			d.bytes(d.uvarint())
		}
	}
	return out, d.err
}

// skipID passes over an ID written by enc.id.
func (d *dec) skipID() {
	switch d.byte() {
	case 0:
		d.bytes(16)
	case 1:
		d.bytes(d.uvarint())
	default:
		d.fail(errors.New("bad ID"))
	}
}

// decodeForCash reads a record's participant and, when its payment was
// ever set, its history's log positions (nil: never paid, nothing to
// read). It skips the field stamps decodeRecord builds maps of — the
// report reads every record, and those maps were most of its cost.
func decodeForCash(id string, v []byte) (model.Participant, []uint64, error) {
	if len(v) > 0 && v[0] == '{' { // the old JSON form
		rec, err := decodeRecord(id, v)
		if err != nil {
			return model.Participant{}, nil, err
		}
		_, m := rec.Clocks[model.FPayMethod]
		_, c := rec.Clocks[model.FPaidCents]
		if !m && !c && !rec.P.Paid() && rec.P.PaidCents == 0 {
			return rec.P, nil, nil
		}
		return rec.P, rec.Log, nil
	}
	d, err := recordDecoder(id, v)
	if err != nil {
		return model.Participant{}, nil, err
	}
	var p model.Participant
	d.participantFields(&p, cashTags)
	p.ID = id
	// A payment field ever set has a stamp; one set now may be implied by
	// the default stamp, an unset one (changed back to unpaid) is listed.
	paid := p.Paid() || p.PaidCents != 0
	for n := d.count(); n > 0 && d.err == nil; n-- {
		d.id() // devices
	}
	d.uvarint() // the default stamp
	for n := d.count(); n > 0 && d.err == nil; n-- {
		d.uvarint() // HLC
		d.uvarint() // device
		d.code(originNames)
		for m := d.count(); m > 0 && d.err == nil; m-- {
			if f := d.field(); f == model.FPayMethod || f == model.FPaidCents {
				paid = true
			}
		}
	}
	var history []uint64
	var seq uint64
	for n := d.count(); n > 0 && d.err == nil; n-- {
		seq += d.uvarint()
		if paid {
			history = append(history, seq)
		}
	}
	if d.err != nil {
		return p, nil, fmt.Errorf("read participant %s: %w", id, d.err)
	}
	return p, history, nil
}
