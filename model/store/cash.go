package store

import (
	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
)

// CashReport computes the cash report (model.CashReport: payments by
// method and desk, late fees, open amounts, who is checked in unpaid) in
// one read transaction. Who took a payment comes from the change log: see
// the rule in model/cash.go.
func (s *Store) CashReport() (model.CashReport, error) {
	var entries []model.CashEntry
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bParticipants).ForEach(func(k, v []byte) error {
			rec, err := decodeRecord(pidOf(k), v)
			if err != nil {
				return err
			}
			e, err := cashEntry(tx, rec)
			if err != nil || !e.Counted() {
				return err
			}
			entries = append(entries, e)
			return nil
		})
	})
	if err != nil {
		return model.CashReport{}, err
	}
	return model.NewCashReport(s.event, entries), nil
}

// cashEntry is a record as the cash report reads it, with the bookings of
// its payment from its history.
func cashEntry(tx *bolt.Tx, rec *record) (model.CashEntry, error) {
	p := &rec.P
	e := model.CashEntry{ID: p.ID, First: p.First, Last: p.Last, Race: p.Race, Bib: p.Bib, Status: p.Status,
		Source: p.Source, Paid: model.Payment{Method: p.PayMethod, Cents: p.PaidCents}, CheckedInDesk: p.CheckedInDesk}
	if !e.Counted() {
		return e, nil
	}
	_, method := rec.Clocks[model.FPayMethod]
	_, cents := rec.Clocks[model.FPaidCents]
	if !method && !cents && e.Paid == (model.Payment{}) {
		return e, nil // never paid: no history to read
	}
	log := tx.Bucket(bLog)
	changes := make([]model.PaymentChange, 0, len(rec.Log))
	for _, seq := range rec.Log {
		ch, err := decodeChange(itob(seq), log.Get(itob(seq)))
		if err != nil {
			return e, err
		}
		changes = append(changes, model.PaymentChange{Desk: ch.Desk, Import: ch.Origin == OriginImport, HLC: ch.HLC, Fields: ch.Fields})
	}
	e.Bookings = model.CashBookings(changes, e.Paid)
	return e, nil
}
