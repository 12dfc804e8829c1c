package store

import (
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// A hub is a desk's file that other devices on the venue network sync
// with, as they would with the cloud (ServeAsHub). It keeps every change a
// device pushed to it, exactly as applied, until the cloud acknowledges
// it: its own sync with the cloud carries them upward under their
// original identities (device and sequence), so a change that reaches
// the cloud both from the desk directly and through the hub is applied
// there once — the cloud recognises the retry by its identity and
// content.

// bRelay holds the changes devices pushed to a hub, keyed by arrival (a
// counter, 8 bytes BE): the cloud gets them in the order the hub applied
// them — a check-in after the registration it checks in, whichever desks
// made them. Each is deleted when the cloud acknowledges its device's
// sequence.
var bRelay = []byte("relay")

const roleHub = "hub"

// ServeAsHub marks this file as a hub's: what devices push to it is kept
// for the cloud. Its own changes still wait in its outbox like a desk's.
func (s *Store) ServeAsHub() error {
	err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(kRole, []byte(roleHub)) })
	if err == nil {
		s.hub = true
	}
	return err
}

// IsHub reports whether this file serves as a hub.
func (s *Store) IsHub() bool { return s.hub }

// keepForCloud keeps a change a device pushed, on a hub's file.
func (s *Store) keepForCloud(tx *bolt.Tx, m *Change) error {
	if !s.hub || m.Device == s.Device().ID {
		return nil
	}
	kept := *m
	kept.Relay = ""
	b := appending(tx.Bucket(bRelay))
	n, err := b.NextSequence()
	if err != nil {
		return err
	}
	return b.Put(itob(n), encodeChange(&kept))
}

// Relays returns up to limit changes other devices pushed to this hub
// that the cloud has not acknowledged, in the order they arrived.
func (s *Store) Relays(limit int) ([]Change, error) {
	var out []Change
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bRelay).Cursor()
		for k, v := c.First(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Next() {
			var ch Change
			if err := decodeChangeValue(v, &ch); err != nil {
				return fmt.Errorf("relayed change %q: %w", k, err)
			}
			out = append(out, ch)
		}
		return nil
	})
	return out, err
}

// RelayCount is how many relayed changes wait for the cloud.
func (s *Store) RelayCount() (int, error) {
	n := 0
	err := s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bRelay).Stats().KeyN
		return nil
	})
	return n, err
}

// RelayCounts is how many relayed changes wait for the cloud, per device.
func (s *Store) RelayCounts() (map[string]int, error) {
	out := map[string]int{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bRelay).ForEach(func(k, v []byte) error {
			var ch Change
			if err := decodeChangeValue(v, &ch); err != nil {
				return fmt.Errorf("relayed change %d: %w", btoi(k), err)
			}
			out[ch.Device]++
			return nil
		})
	})
	return out, err
}

// ApplyRelayAcks takes what the cloud acknowledged of each device's
// relayed changes out of the relay: everything up to the device's Upto.
// When the cloud holds other content under a device's identity (Reused:
// that device's file was restored or copied, and the twin reached the
// cloud first), the hub's changes of that device from there on can never
// go up under it: they are copied under the hub's own identity, like a
// desk copies its own waiting changes when it takes a new one, and go up
// with the hub's own changes. Nothing a desk confirmed is lost.
func (s *Store) ApplyRelayAcks(acks map[string]Ack) error {
	if len(acks) == 0 {
		return nil
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bRelay)
		upto, reused := map[string]uint64{}, map[string]uint64{}
		for dev, ack := range acks {
			upto[dev] = ack.Upto
			if len(ack.Reused) > 0 {
				reused[dev] = slices.Min(ack.Reused)
			}
		}
		var gone [][]byte
		var copies []Change
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var ch Change
			if err := decodeChangeValue(v, &ch); err != nil {
				return fmt.Errorf("relayed change %d: %w", btoi(k), err)
			}
			from, isReused := reused[ch.Device]
			switch u, ok := upto[ch.Device]; {
			case isReused && ch.DevSeq >= from: // the cloud's under this ID are the twin's
				copies = append(copies, ch)
			case ok && ch.DevSeq <= u:
			default:
				continue
			}
			gone = append(gone, append([]byte(nil), k...))
		}
		for _, k := range gone {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		for _, ch := range copies {
			if err := s.copyUnder(tx, ch, s.Device().ID); err != nil {
				return err
			}
		}
		for dev, from := range reused {
			// The device must take a new identity: the hub tells it so at
			// its next push (like the cloud would).
			if err := tx.Bucket(bMeta).Put(reusedKey(dev), itob(from)); err != nil {
				return err
			}
			if err := s.notice(tx, Notice{Kind: "identity", Device: dev,
				Detail: fmt.Sprintf("the cloud holds other changes under this desk's identity from %d on (its file was restored or copied): the hub passes on what it got from it under its own", from)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// reusedKey marks, on a hub, a device whose identity the cloud found held
// by two files.
func reusedKey(dev string) []byte { return []byte("reused/" + dev) }

// reusedFrom is the sequence from which the cloud holds other content
// under dev (0: none known).
func reusedFrom(tx *bolt.Tx, dev string) uint64 { return btoi(tx.Bucket(bMeta).Get(reusedKey(dev))) }
