package store

import (
	"fmt"

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

var bRelay = []byte("relay") // device \0 device seq → change (codec.go), until the cloud acknowledged it

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
	return appending(tx.Bucket(bRelay)).Put(deviceSeqKey(m.Device, m.DevSeq), encodeChange(&kept))
}

// Relays returns up to limit changes other devices pushed to this hub
// that the cloud has not acknowledged, each device's in order.
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

// ApplyRelayAcks takes what the cloud acknowledged of each device's
// relayed changes out of the relay: everything up to the device's Upto.
// Changes the cloud holds with other content under the same identity
// (Reused: that device's file was restored or copied) are dropped and
// noted; the device learns it when it next syncs with the cloud.
func (s *Store) ApplyRelayAcks(acks map[string]Ack) error {
	if len(acks) == 0 {
		return nil
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bRelay)
		for dev, ack := range acks {
			upto := ack.Upto
			for _, ds := range ack.Reused {
				upto = max(upto, ds)
			}
			if len(ack.Reused) > 0 {
				if err := s.notice(tx, Notice{Kind: "identity", Device: dev,
					Detail: fmt.Sprintf("the cloud holds other changes under this desk's identity (from %d): the desk's file was restored or copied; it must sync with the cloud itself", ack.Reused[0])}); err != nil {
					return err
				}
			}
			prefix := append([]byte(dev), 0)
			var gone [][]byte
			c := b.Cursor()
			for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix) && btoi(k[len(prefix):]) <= upto; k, _ = c.Next() {
				gone = append(gone, append([]byte(nil), k...))
			}
			for _, k := range gone {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
