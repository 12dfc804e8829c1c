package store

import (
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
)

// Purging a laptop after the event: its personal data goes, once the
// cloud (or the hub) holds every change the laptop made — then nothing is
// lost that exists only here. Unlike a deletion, a purge is this
// laptop's alone: it writes no change, and the file refuses to sync
// afterwards (its emptied records must not travel).

var kPurged = []byte("purged") // when the file was purged (Unix ms)

// PurgeBlocker says why a laptop may not be purged yet ("" : it may).
func (s *Store) PurgeBlocker() (string, error) {
	st, err := s.SyncState()
	if err != nil {
		return "", err
	}
	relayed, err := s.RelayCount()
	if err != nil {
		return "", err
	}
	switch {
	case s.cloud:
		return "this is the cloud's own file: purge the laptops, not the cloud", nil
	case st.Last.IsZero():
		return "this laptop never synced: what it holds exists only here", nil
	case st.Pending > 0:
		return fmt.Sprintf("%d of this laptop's changes wait for the cloud (last sync %s): sync first", st.Pending, st.Last.Format("02.01. 15:04")), nil
	case relayed > 0:
		return fmt.Sprintf("this hub still carries %d changes of other desks to the cloud: let the satellite take them first", relayed), nil
	}
	return "", nil
}

// PurgeReport says what a purge did.
type PurgeReport struct {
	Participants int // records emptied
	Changes      int // log entries cleared
}

// Purge removes the personal data of every participant — the record, the
// change log, notices, print jobs, parked edits — after checking
// PurgeBlocker. keepResults keeps what a published result list shows:
// name, club, gender and the birth year (the age class).
func (s *Store) Purge(keepResults bool) (PurgeReport, error) {
	if why, err := s.PurgeBlocker(); err != nil || why != "" {
		if err == nil {
			err = fmt.Errorf("not purged: %s", why)
		}
		return PurgeReport{}, err
	}
	var rep PurgeReport
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bParticipants)
		var recs []*record
		if err := b.ForEach(func(k, v []byte) error {
			rec, err := decodeRecord(pidOf(k), v)
			if err != nil {
				return err
			}
			recs = append(recs, rec)
			return nil
		}); err != nil {
			return err
		}
		for _, rec := range recs {
			before := rec.P
			clearPersonal(&rec.P, keepResults)
			if err := moveExternalID(tx, &before, &rec.P); err != nil {
				return err
			}
			s.res.stage(tx, &rec.P)
			if err := putRecord(tx, rec); err != nil {
				return err
			}
			rep.Participants++
		}
		log := tx.Bucket(bLog)
		c := log.Cursor()
		var scrubbed [][2][]byte
		for k, v := c.First(); k != nil; k, v = c.Next() {
			ch, err := decodeChange(k, v)
			if err != nil {
				return err
			}
			if ch.Entity == EntityParticipant && clearChange(&ch, keepResults) {
				scrubbed = append(scrubbed, [2][]byte{append([]byte(nil), k...), encodeChange(&ch)})
			}
		}
		for _, kv := range scrubbed {
			if err := log.Put(kv[0], kv[1]); err != nil {
				return err
			}
		}
		rep.Changes = len(scrubbed)
		for _, name := range [][]byte{bSyncLog, bPrintJobs, bPrintData, bParked} {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		s.changed(tx, "", "")
		return tx.Bucket(bMeta).Put(kPurged, itob(uint64(s.now().UnixMilli())))
	})
	return rep, err
}

// clearPersonal empties p's personal fields (keeping the result list's).
func clearPersonal(p *model.Participant, keepResults bool) {
	p.Email, p.Phone, p.ExternalID, p.Code, p.Extra = "", "", "", "", nil
	if keepResults {
		p.Born = model.BirthDate{Year: p.Born.Year}
		return
	}
	p.First, p.Last, p.Club, p.Gender, p.Born = "", "", "", "", model.BirthDate{}
}

// clearChange empties the personal values of a logged change as
// clearPersonal does a record's; it reports whether anything changed.
func clearChange(ch *Change, keepResults bool) bool {
	changed := false
	for i, f := range ch.Fields {
		if !model.IsPersonal(f.Field) || f.Value == "" {
			continue
		}
		switch {
		case keepResults && (f.Field == model.FFirst || f.Field == model.FLast || f.Field == model.FClub || f.Field == model.FGender):
			continue
		case keepResults && f.Field == model.FBorn:
			if b, err := model.ParseISOBirthDate(f.Value); err == nil && (b.Month != 0 || b.Day != 0) {
				ch.Fields[i].Value, changed = model.BirthDate{Year: b.Year}.String(), true
			}
			continue
		}
		ch.Fields[i].Value, changed = "", true
	}
	return changed
}

// Purged reports when the file was purged (zero: never).
func (s *Store) Purged() (time.Time, error) {
	var at time.Time
	err := s.db.View(func(tx *bolt.Tx) error {
		if ms := btoi(tx.Bucket(bMeta).Get(kPurged)); ms != 0 {
			at = time.UnixMilli(int64(ms))
		}
		return nil
	})
	return at, err
}

// CompactFile rewrites the closed database at path into fresh pages, so
// the bytes a purge or deletion cleared are not left in free pages of the
// file, and replaces it.
func CompactFile(path string) error {
	src, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		return fmt.Errorf("compact %s: %w", path, err)
	}
	defer src.Close()
	tmp := path + ".compact"
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("compact %s: %w", path, err)
	}
	if err := bolt.Compact(dst, src, 4<<20); err != nil {
		dst.Close()
		os.Remove(tmp)
		return fmt.Errorf("compact %s: %w", path, err)
	}
	if err := dst.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	src.Close()
	return os.Rename(tmp, path)
}
