package store

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
)

// Per-desk settings that are not part of the event: where the cloud is,
// and a bib pool given to this desk on the day (a laptop that joined in
// the morning gets its own stack of bibs).

var (
	kCloudURL      = []byte("cloud/url")
	kCloudToken    = []byte("cloud/token_file")
	kCloudInsecure = []byte("cloud/insecure")
)

// CloudConfig is where this desk syncs to. The token itself stays in its
// file (backups of the database must not carry it).
type CloudConfig struct {
	URL       string `json:"url"`
	TokenFile string `json:"token_file"`
	// Insecure: the user allowed plain http:// to another computer.
	Insecure bool `json:"insecure,omitempty"`
}

// SetCloud remembers the cloud this desk syncs with.
func (s *Store) SetCloud(c CloudConfig) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if err := meta.Put(kCloudURL, []byte(c.URL)); err != nil {
			return err
		}
		insecure := []byte{0}
		if c.Insecure {
			insecure[0] = 1
		}
		if err := meta.Put(kCloudInsecure, insecure); err != nil {
			return err
		}
		return meta.Put(kCloudToken, []byte(c.TokenFile))
	})
}

// Cloud is the remembered cloud ("" URL: none).
func (s *Store) Cloud() (CloudConfig, error) {
	var c CloudConfig
	err := s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		c = CloudConfig{URL: string(meta.Get(kCloudURL)), TokenFile: string(meta.Get(kCloudToken)), Insecure: btoi(meta.Get(kCloudInsecure)) == 1}
		return nil
	})
	return c, err
}

func poolKey(race string) []byte { return []byte("pool/" + race) }

// SetPool gives this desk its own bib ranges for a race, overriding the
// event file's pools; no ranges removes the override.
func (s *Store) SetPool(race string, ranges []model.BibRange) error {
	r, ok := s.event.Race(race)
	if !ok {
		return fmt.Errorf("no race %q", race)
	}
	for _, b := range ranges {
		if b.From < 1 || b.To < b.From || !r.BibInRange(b.From) || !r.BibInRange(b.To) {
			return fmt.Errorf("pool %d-%d is not within the bibs of %s (%s)", b.From, b.To, r.Name, model.FormatRanges(r.Bibs))
		}
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if len(ranges) == 0 {
			return meta.Delete(poolKey(race))
		}
		data, err := json.Marshal(ranges)
		if err != nil {
			return err
		}
		return meta.Put(poolKey(race), data)
	})
}

// poolFor is this desk's pool for a race: its own override, else the
// event file's pool for its desk name, else all of the race's bibs.
func (s *Store) poolFor(tx *bolt.Tx, race *model.Race) ([]model.BibRange, bool) {
	if data := tx.Bucket(bMeta).Get(poolKey(race.ID)); data != nil {
		var ranges []model.BibRange
		if json.Unmarshal(data, &ranges) == nil && len(ranges) > 0 {
			return ranges, true
		}
	}
	return race.PoolFor(s.Device().Desk)
}
