package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// record is what the participants bucket holds: the participant and, per
// field, the HLC timestamp of its last change (sync merges by these) and
// the path that made it (an import never overwrites what the desk did).
type record struct {
	P       model.Participant    `json:"p"`
	Clocks  map[string]model.HLC `json:"c"`
	Origins map[string]Origin    `json:"o,omitempty"`
}

// Origin is the entry path that made a change.
type Origin string

const (
	OriginDesk    Origin = "desk"    // the desk screens and the CLI
	OriginImport  Origin = "import"  // a registration platform's export
	OriginSync    Origin = "sync"    // the cloud, through sync
	OriginHotspot Origin = "hotspot" // a runner's phone on the local hotspot
)

func (o Origin) orDesk() Origin {
	if o == "" {
		return OriginDesk
	}
	return o
}

// Change is one entry of the change log: which fields of which
// participant got which values, when and where.
type Change struct {
	Seq    uint64              `json:"-"`   // position in this file's log
	Device string              `json:"dev"` // device that made the change
	DevSeq uint64              `json:"ds"`  // gap-free per device
	HLC    model.HLC           `json:"hlc"`
	Desk   string              `json:"desk"`
	Entity string              `json:"ent"`
	ID     string              `json:"id"`
	Op     string              `json:"op"` // create, update
	Origin Origin              `json:"via,omitempty"`
	Fields []model.FieldChange `json:"f"`
}

// Entities and operations in the change log.
const (
	EntityParticipant = "participant"
	OpCreate          = "create"
	OpUpdate          = "update"
)

// mutate is the one place a participant is written. In the caller's
// transaction it checks and keeps the indexes, stamps the changed fields
// with a fresh HLC, writes the record and appends the change to the log.
// before is nil for a new participant. It returns the logged change, or
// nil when nothing changed.
func (s *Store) mutate(tx *bolt.Tx, before *record, after *model.Participant, origin Origin) (*Change, error) {
	var prev *model.Participant
	if before != nil {
		prev = &before.P
	}
	fields := model.Diff(prev, after)
	if len(fields) == 0 {
		return nil, nil
	}
	if err := s.updateIndexes(tx, prev, after); err != nil {
		return nil, err
	}
	stamp, err := s.tick(tx)
	if err != nil {
		return nil, err
	}
	rec := record{P: *after, Clocks: map[string]model.HLC{}, Origins: map[string]Origin{}}
	if before != nil {
		for k, v := range before.Clocks {
			rec.Clocks[k] = v
		}
		for k, v := range before.Origins {
			rec.Origins[k] = v
		}
	}
	for _, f := range fields {
		rec.Clocks[f.Field] = stamp
		rec.Origins[f.Field] = origin
	}
	if err := putJSON(tx.Bucket(bParticipants), []byte(after.ID), rec); err != nil {
		return nil, err
	}
	if err := adjustCounts(tx, prev, after); err != nil {
		return nil, err
	}
	op := OpUpdate
	if before == nil {
		op = OpCreate
	}
	ch := &Change{Device: s.device.ID, HLC: stamp, Desk: s.device.Desk, Entity: EntityParticipant, ID: after.ID, Op: op, Origin: origin, Fields: fields}
	if err := s.appendLog(tx, ch); err != nil {
		return nil, err
	}
	tx.OnCommit(s.notify) // screens hear of it once it is on disk
	return ch, nil
}

// tick advances the stored hybrid logical clock.
func (s *Store) tick(tx *bolt.Tx) (model.HLC, error) {
	meta := tx.Bucket(bMeta)
	c := model.Clock{Last: model.HLC(btoi(meta.Get(kHLC))), Now: s.now}
	h := c.Tick()
	return h, meta.Put(kHLC, itob(uint64(h)))
}

// appendLog gives ch this device's next sequence number and appends it.
func (s *Store) appendLog(tx *bolt.Tx, ch *Change) error {
	meta := tx.Bucket(bMeta)
	if ch.Device == s.device.ID {
		ch.DevSeq = btoi(meta.Get(kDevSeq)) + 1
		if err := meta.Put(kDevSeq, itob(ch.DevSeq)); err != nil {
			return err
		}
	}
	log := tx.Bucket(bLog)
	seq, err := log.NextSequence()
	if err != nil {
		return err
	}
	ch.Seq = seq
	if err := putJSON(log, itob(seq), ch); err != nil {
		return err
	}
	return tx.Bucket(bLogByID).Put(logByIDKey(ch.ID, seq), nil)
}

func logByIDKey(id string, seq uint64) []byte {
	return append(append([]byte(id), 0), itob(seq)...)
}

// updateIndexes moves the bib, search and external-ID index entries from
// before to after, refusing a bib or external ID someone else holds. All
// checks run before the first write, so a refused change leaves the
// transaction as it was (RegisterMany relies on that).
func (s *Store) updateIndexes(tx *bolt.Tx, before, after *model.Participant) error {
	if err := s.checkUnique(tx, after); err != nil {
		return err
	}
	if err := moveBib(tx, before, after); err != nil {
		return err
	}
	if err := moveExternalID(tx, before, after); err != nil {
		return err
	}
	return tx.Bucket(bSearchIndex).Put([]byte(after.ID), []byte(searchText(after)))
}

// checkUnique refuses a bib or external ID held by someone else.
func (s *Store) checkUnique(tx *bolt.Tx, p *model.Participant) error {
	if p.Bib != 0 {
		holder := tx.Bucket(bBibIndex).Get(bibKey(p.Race, p.Bib))
		if holder != nil && string(holder) != p.ID {
			return &model.FieldError{Field: model.FBib, Input: strconv.Itoa(p.Bib), Key: msg.ErrBibTaken, Args: []any{s.describe(tx, string(holder))}}
		}
	}
	if p.ExternalID != "" {
		holder := tx.Bucket(bExtIndex).Get([]byte(p.ExternalID))
		if holder != nil && string(holder) != p.ID {
			return &model.FieldError{Field: model.FExternalID, Input: p.ExternalID, Key: msg.ErrExternalIDTaken, Args: []any{s.describe(tx, string(holder))}}
		}
	}
	return nil
}

func moveBib(tx *bolt.Tx, before, after *model.Participant) error {
	idx := tx.Bucket(bBibIndex)
	if before != nil && before.Bib != 0 && (before.Bib != after.Bib || before.Race != after.Race) {
		if err := idx.Delete(bibKey(before.Race, before.Bib)); err != nil {
			return err
		}
	}
	if after.Bib == 0 || (before != nil && before.Bib == after.Bib && before.Race == after.Race) {
		return nil
	}
	key := bibKey(after.Race, after.Bib)
	if err := idx.Put(key, []byte(after.ID)); err != nil {
		return err
	}
	used := tx.Bucket(bBibsUsed)
	if used.Get(key) == nil {
		return used.Put(key, []byte(after.ID))
	}
	return nil
}

func moveExternalID(tx *bolt.Tx, before, after *model.Participant) error {
	idx := tx.Bucket(bExtIndex)
	if before != nil && before.ExternalID != "" && before.ExternalID != after.ExternalID {
		if err := idx.Delete([]byte(before.ExternalID)); err != nil {
			return err
		}
	}
	if after.ExternalID == "" {
		return nil
	}
	return idx.Put([]byte(after.ExternalID), []byte(after.ID))
}

// describe names a participant for an error message: "Jörg Müller (10k)".
func (s *Store) describe(tx *bolt.Tx, id string) string {
	rec, err := getRecord(tx, id)
	if err != nil {
		return id
	}
	return fmt.Sprintf("%s (%s)", rec.P.FullName(), rec.P.Race)
}

// searchText is what the search matches: folded last and first name,
// club, and the bib as "#123".
func searchText(p *model.Participant) string {
	t := model.Fold(p.Last + " " + p.First)
	if p.Club != "" {
		t += " | " + model.Fold(p.Club)
	}
	if p.Bib != 0 {
		t += " #" + strconv.Itoa(p.Bib)
	}
	return t
}

func bibKey(race string, bib int) []byte {
	k := append([]byte(race), 0, 0, 0, 0, 0)
	binary.BigEndian.PutUint32(k[len(race)+1:], uint32(bib))
	return k
}

func getRecord(tx *bolt.Tx, id string) (*record, error) {
	v := tx.Bucket(bParticipants).Get([]byte(id))
	if v == nil {
		return nil, model.NewProblem(msg.ErrNotFound, id)
	}
	var rec record
	if err := json.Unmarshal(v, &rec); err != nil {
		return nil, fmt.Errorf("read participant %s: %w", id, err)
	}
	return &rec, nil
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// Counter names in the counts bucket.
func countKeys(p *model.Participant) [][]byte {
	if p == nil {
		return nil
	}
	keys := [][]byte{[]byte("all"), []byte("status/" + string(p.Status)), []byte("race/" + p.Race), []byte("source/" + string(p.Source))}
	if p.Status == model.CheckedIn {
		keys = append(keys, []byte("race-in/"+p.Race))
	}
	return keys
}

func adjustCounts(tx *bolt.Tx, before, after *model.Participant) error {
	b := tx.Bucket(bCounts)
	delta := map[string]int64{}
	for _, k := range countKeys(before) {
		delta[string(k)]--
	}
	for _, k := range countKeys(after) {
		delta[string(k)]++
	}
	for k, d := range delta {
		if d == 0 {
			continue
		}
		n := int64(btoi(b.Get([]byte(k)))) + d
		if err := b.Put([]byte(k), itob(uint64(n))); err != nil {
			return err
		}
	}
	return nil
}

func hasPrefix(k, prefix []byte) bool { return bytes.HasPrefix(k, prefix) }
