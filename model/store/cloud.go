package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// The cloud side of sync. The reference server keeps the event in the same
// store format as a desk; these methods apply what desks push and serve the
// log they pull.

// Push applies changes a device pushed, in order, in one transaction:
// each mutation ID (device, sequence) is applied once — a retried push
// after a lost response changes nothing twice — and recorded with the
// writes, so the answer to a repeated push is the same. A change stamped
// far ahead of this clock is pulled back to MaxClockLead and flagged; a
// change that would leave an invalid participant is refused with the
// validation's reason (and acknowledged, so it does not block the device).
func (s *Store) Push(device string, muts []Change) (Ack, error) {
	for i := range muts {
		if muts[i].Device != device {
			return Ack{}, fmt.Errorf("push from %s carries a change of %s", device, muts[i].Device)
		}
	}
	acks, err := s.PushRelayed("", device, muts)
	if err != nil {
		return Ack{}, err
	}
	return *acks[device], nil
}

// PushRelayed applies the changes of several devices in the order given —
// a hub's push, in the order its devices' changes reached it, so a
// check-in never arrives before the registration it checks in — each
// device's by the rules of Push, in one transaction, and acknowledges per
// device — always including asker's, which learns what the cloud holds
// of it even when it pushed nothing. relay names the hub that delivered
// them ("" for a device's own push); the log remembers it.
func (s *Store) PushRelayed(relay, asker string, muts []Change) (map[string]*Ack, error) {
	return s.push(relay, asker, muts, false)
}

// PushHolding is PushRelayed for a device that bounds its own stamps
// (protocol version 3): a change of its own stamped far ahead of this
// server's clock is not applied, nor pulled back here — the push stops
// there and the ack says so (Ack.Ahead), and the device restamps it and
// whatever follows before pushing again. A stamp is then chosen once, by
// the device that made the change, before any server holds it: two
// servers pulling back one change each to a stamp of their own would hold
// it under two (a desk carried from the hub to the dish), and the
// replicas that got it from one would order it differently from those
// that got it from the other. Changes a hub relays are applied with the
// stamps the hub gave them, for the same reason.
func (s *Store) PushHolding(relay, asker string, muts []Change) (map[string]*Ack, error) {
	return s.push(relay, asker, muts, true)
}

func (s *Store) push(relay, asker string, muts []Change, hold bool) (map[string]*Ack, error) {
	var acks map[string]*Ack
	err := s.update(func(tx *bolt.Tx) error {
		acks = map[string]*Ack{asker: {}}
		last := map[string]uint64{asker: lastDeviceSeq(tx, asker)}
		stopped := map[string]bool{}
		for i := range muts {
			m := muts[i]
			m.Relay = relay
			dev := m.Device
			ack, ok := acks[dev]
			if !ok {
				ack = &Ack{}
				acks[dev], last[dev] = ack, lastDeviceSeq(tx, dev)
			}
			if stopped[dev] {
				continue
			}
			if from := reusedFrom(tx, dev); from > 0 && relay == "" {
				// A hub learned from the cloud that two files hold this
				// identity: this one must take a new one.
				ack.Reused = append(ack.Reused, from)
				stopped[dev] = true
				continue
			}
			if m.DevSeq <= last[dev] {
				seen := tx.Bucket(bSyncMuts).Get(deviceSeqKey(dev, m.DevSeq))
				if sameMutation(seen, &m) || deleted(tx, m.ID) {
					// (A change of a deleted runner differs from the one
					// applied only by the personal data the deletion
					// cleared: the same change.)
					// A retry: already applied. If its stamp was pulled
					// back, say so again (the first answer may be lost).
					if applied := model.HLC(btoi(seen[:8])); len(seen) > 8 && applied != m.HLC {
						restamped(ack, m.DevSeq, applied)
					}
					continue
				}
				// The same ID with other content: the file was restored
				// from a backup or copied. Stop; it must take a new identity.
				ack.Reused = append(ack.Reused, m.DevSeq)
				stopped[dev] = true
				continue
			}
			if m.DevSeq != last[dev]+1 {
				stopped[dev] = true // a gap: wait for the missing changes
				continue
			}
			held, err := s.pushOne(tx, &m, ack, hold && dev == asker, dev != asker)
			if err != nil {
				return err
			}
			if held {
				stopped[dev] = true
				continue
			}
			if err := s.keepForCloud(tx, &m); err != nil {
				return err
			}
			if err := s.putMutation(tx, dev, m.DevSeq, m.HLC, m.Digest()); err != nil {
				return err
			}
			last[dev] = m.DevSeq
		}
		for dev, ack := range acks {
			ack.Upto = last[dev]
			ack.UptoDigest = heldDigest(tx, dev, last[dev])
		}
		return nil
	})
	return acks, err
}

// A sync_mutations value is the change's HLC as applied (8 bytes: pulled
// back if it was far ahead) and its content digest (32 bytes; files from
// before the digest hold the HLC as pushed, only).
func mutationValue(h model.HLC, digest string) []byte {
	d, _ := hex.DecodeString(digest)
	return append(itob(uint64(h)), d...)
}

// sameMutation tells a retry from a different change under a used ID: by
// content where the digest is known, else by stamp.
func sameMutation(seen []byte, m *Change) bool {
	switch len(seen) {
	case 8:
		return model.HLC(btoi(seen)) == m.HLC
	case 8 + sha256.Size:
		return hex.EncodeToString(seen[8:]) == m.Digest()
	}
	return false
}

// heldDigest is the digest of the device's change ds as the cloud holds it.
func heldDigest(tx *bolt.Tx, device string, ds uint64) string {
	if ds == 0 {
		return ""
	}
	if v := tx.Bucket(bSyncMuts).Get(deviceSeqKey(device, ds)); len(v) == 8+sha256.Size {
		return hex.EncodeToString(v[8:])
	}
	return ""
}

func restamped(ack *Ack, ds uint64, h model.HLC) {
	if ack.Restamped == nil {
		ack.Restamped = map[uint64]model.HLC{}
	}
	ack.Restamped[ds] = h
}

// pushOne bounds, validates and applies one pushed change. A change of
// the asking device stamped far ahead is held (hold: it stops the push and
// the device restamps it) or pulled back; a relayed one keeps its stamp.
func (s *Store) pushOne(tx *bolt.Tx, m *Change, ack *Ack, hold, relayed bool) (held bool, err error) {
	now := s.clockNow(tx)
	limit := now.Add(MaxClockLead).UnixMilli()
	if m.HLC.WallMillis() > limit {
		lead := m.HLC.Time().Sub(now).Round(time.Second)
		switch {
		case hold:
			ack.Ahead, ack.ServerNow = m.DevSeq, now.UnixMilli()
			return true, s.notice(tx, Notice{Kind: "clock", ID: m.ID, Device: m.Device,
				Detail: fmt.Sprintf("stamped %s, %s ahead of this clock; held until the desk restamps it by this clock", m.HLC.Time().UTC().Format(time.RFC3339), lead)})
		case relayed:
			// The hub bounded it by its clock; another stamp here would
			// leave the island and the cloud ordering it differently.
			return false, s.pushOneChecked(tx, m, ack, Notice{Kind: "clock", ID: m.ID, Device: m.Device,
				Detail: fmt.Sprintf("stamped %s, %s ahead of this clock, relayed by %s; kept (the hub's clock or this one is off)", m.HLC.Time().UTC().Format(time.RFC3339), lead, m.Relay)})
		}
		// Pulled back, yet after every stamp this replica has seen: two
		// changes of one push never end up with the same stamp, and their
		// order stays the device's order. (Version 2 devices only.)
		bounded := max(model.MakeHLC(limit, 0), model.HLC(btoi(tx.Bucket(bMeta).Get(kHLC))).Next())
		restamped(ack, m.DevSeq, bounded)
		if err := s.notice(tx, Notice{Kind: "clock", ID: m.ID, Device: m.Device,
			Detail: fmt.Sprintf("stamped %s, %s ahead of the cloud; pulled back", m.HLC.Time().UTC().Format(time.RFC3339), lead)}); err != nil {
			return false, err
		}
		m.HLC = bounded
	}
	return false, s.pushOneChecked(tx, m, ack, Notice{})
}

// pushOneChecked validates and applies one pushed change, recording n
// first if it says something.
func (s *Store) pushOneChecked(tx *bolt.Tx, m *Change, ack *Ack, n Notice) error {
	if n.Kind != "" {
		if err := s.notice(tx, n); err != nil {
			return err
		}
	}
	if m.Entity == EntityParticipant && (m.Op == OpDelete || deleted(tx, m.ID)) {
		// A deletion needs no validation; anything after it is absorbed.
		_, err := s.applyRemote(tx, m, true)
		return err
	}
	if reason := s.refusal(tx, m); reason != "" {
		if ack.Refused == nil {
			ack.Refused = map[uint64]string{}
		}
		ack.Refused[m.DevSeq] = reason
		return s.notice(tx, Notice{Kind: "rejected", ID: m.ID, Device: m.Device, Detail: reason})
	}
	if m.Entity == EntityParticipant && m.Op == OpUpdate && tx.Bucket(bParticipants).Get(pidKey(m.ID)) == nil {
		return s.park(tx, m) // applied when the registration arrives
	}
	_, err := s.applyRemote(tx, m, true)
	return err
}

// refusal is why a pushed change may not be applied ("" if it may): the
// participant it leaves must pass the same validation as every entry.
func (s *Store) refusal(tx *bolt.Tx, m *Change) string {
	// The text policy for stored text, on every value the change carries
	// and on the desk's name it goes out under: other desks show them.
	if err := model.CheckStoredText(model.FDesk, m.Desk); err != nil {
		return err.Error()
	}
	for _, f := range m.Fields {
		if err := model.CheckStoredText(f.Field, f.Value); err != nil {
			return err.Error()
		}
	}
	switch m.Entity {
	case EntityTiming:
		if _, err := model.TimingEventFromFields(m.ID, m.Device, m.Desk, m.HLC, m.Fields); err != nil {
			return err.Error()
		}
		return ""
	case EntityParticipant:
	default:
		return "unknown entity " + m.Entity
	}
	var p model.Participant
	if rec, err := getRecord(tx, m.ID); err == nil {
		p = rec.P
		p.Extra = cloneMap(rec.P.Extra)
	} else if m.Op == OpUpdate {
		// An edit of a runner this server has not heard of: a desk that
		// learned of them on the island (through the hub) and was carried
		// to the dish before the hub passed the registration on. Refused,
		// it would be lost for good; it waits (park) for the registration
		// and is applied after it. Here only the values it sets are
		// checked; the registration is checked as every entry is.
		return partialRefusal(s, m)
	} else {
		p.ID = m.ID
	}
	for _, f := range m.Fields {
		if err := p.SetField(f.Field, f.Value); err != nil {
			return err.Error()
		}
	}
	if _, err := model.Validate(s.event, model.InputOf(&p), s.now(), false); err != nil {
		return err.Error()
	}
	return ""
}

// lastDeviceSeq is the highest sequence of device applied here.
func lastDeviceSeq(tx *bolt.Tx, device string) uint64 {
	prefix := append([]byte(device), 0)
	c := tx.Bucket(bSyncMuts).Cursor()
	k, _ := c.Seek(append(append([]byte(nil), prefix...), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	if k == nil || !hasPrefix(k, prefix) {
		return 0
	}
	return btoi(k[len(prefix):])
}

// Feed returns up to limit changes of this replica's log after position
// after, leaving out those made by device exclude (it has them), with the
// position to ask from next and whether more are waiting.
func (s *Store) Feed(after uint64, exclude string, limit int) (changes []Change, next uint64, more bool, err error) {
	next = after
	err = s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bLog).Cursor()
		k, v := c.Seek(itob(after + 1))
		for ; k != nil; k, v = c.Next() {
			if limit > 0 && len(changes) >= limit {
				more = true
				return nil
			}
			ch, err := decodeChange(k, v)
			if err != nil {
				return err
			}
			next = ch.Seq
			if ch.Device != exclude {
				changes = append(changes, ch)
			}
		}
		return nil
	})
	return changes, next, more, err
}

// HeldDigest is the content digest of device's change ds as this server
// applied it ("" if it has not): for diagnostics, and for tests that
// check a hub and the cloud hold the same changes.
func (s *Store) HeldDigest(device string, ds uint64) string {
	var d string
	s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bSyncMuts).Get(deviceSeqKey(device, ds)) != nil {
			d = heldDigest(tx, device, ds)
			if d == "" {
				d = "(no digest)"
			}
		}
		return nil
	})
	return d
}

// partialRefusal checks an edit of an unknown participant: each value it
// sets must be valid on its own (a name without control characters, a
// real date); what it does not set is not missing.
func partialRefusal(s *Store, m *Change) string {
	p := model.Participant{ID: m.ID}
	set := map[string]bool{}
	for _, f := range m.Fields {
		if err := p.SetField(f.Field, f.Value); err != nil {
			return err.Error()
		}
		set[f.Field] = true
	}
	_, err := model.Validate(s.event, model.InputOf(&p), s.now(), false)
	var ve model.ValidationError
	if !errors.As(err, &ve) {
		if err != nil {
			return err.Error()
		}
		return ""
	}
	var bad model.ValidationError
	for _, fe := range ve {
		if set[fe.Field] && fe.Key != msg.ErrRequired {
			bad = append(bad, fe)
		}
	}
	if len(bad) == 0 {
		return ""
	}
	return bad.Error()
}
