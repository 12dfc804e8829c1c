package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// record is what the participants bucket holds: the participant and, per
// field, the HLC timestamp of its last change (sync merges by these) and
// the path that made it (an import never overwrites what the desk did).
type record struct {
	P      model.Participant    `json:"p"`
	Clocks map[string]model.HLC `json:"c"`
	// Devs is the device of each field's last change: it breaks ties
	// between equal HLC timestamps the same way on every replica.
	Devs    map[string]string `json:"d,omitempty"`
	Origins map[string]Origin `json:"o,omitempty"`
	// Log holds the local change-log positions of this participant's
	// changes, oldest first: its history, without an index bucket.
	Log []uint64 `json:"-"`
}

// clone copies the record's maps so a change can be built beside it.
func (r *record) clone() *record {
	c := &record{P: r.P, Clocks: map[string]model.HLC{}, Devs: map[string]string{}, Origins: map[string]Origin{}, Log: slices.Clone(r.Log)}
	c.P.Extra = cloneMap(r.P.Extra)
	for k, v := range r.Clocks {
		c.Clocks[k] = v
	}
	for k, v := range r.Devs {
		c.Devs[k] = v
	}
	for k, v := range r.Origins {
		c.Origins[k] = v
	}
	return c
}

// stamp marks a field as changed at h by dev through origin.
func (r *record) stamp(field string, h model.HLC, dev string, origin Origin) {
	r.Clocks[field], r.Devs[field], r.Origins[field] = h, dev, origin
}

// newer reports whether a change at (h, dev) wins over the field's last
// change: later HLC first, then the larger device ID.
func (r *record) newer(field string, h model.HLC, dev string) bool {
	cur, ok := r.Clocks[field]
	if !ok || h != cur {
		return !ok || h > cur
	}
	return dev > r.Devs[field]
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
	// Relay is the device that delivered a change made elsewhere to this
	// file (a hub pushing its desks' changes): the feed leaves it out for
	// that device, which has it. Kept in this file's log only.
	Relay string `json:"-"`
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
	rec := &record{Clocks: map[string]model.HLC{}, Devs: map[string]string{}, Origins: map[string]Origin{}}
	if before != nil {
		if before.P.Status == model.Deleted {
			return nil, errDeletedRecord(before.P.ID)
		}
		prev, rec = &before.P, before.clone()
	}
	fields := model.Diff(prev, after)
	if len(fields) == 0 {
		return nil, nil
	}
	// A desk refuses a bib or registration ID someone holds; sync, which
	// merges what desks did apart, keeps both and flags them instead.
	if err := s.checkUnique(tx, after); err != nil {
		return nil, err
	}
	stamp, err := s.tick(tx)
	if err != nil {
		return nil, err
	}
	for _, f := range fields {
		rec.stamp(f.Field, stamp, s.Device().ID, origin)
	}
	rec.P = *after
	op := OpUpdate
	if before == nil {
		op = OpCreate
	}
	ch := &Change{Device: s.Device().ID, HLC: stamp, Desk: s.Device().Desk, Entity: EntityParticipant, ID: after.ID, Op: op, Origin: origin, Fields: fields}
	if err := s.appendLog(tx, ch); err != nil {
		return nil, err
	}
	rec.Log = append(rec.Log, ch.Seq)
	if err := s.write(tx, prev, rec); err != nil {
		return nil, err
	}
	return ch, nil
}

// write stores a participant record whose previous state was prev (nil:
// new): indexes, counters and the record itself. It checks nothing; the
// callers decide what may be written.
func (s *Store) write(tx *bolt.Tx, prev *model.Participant, rec *record) error {
	after := &rec.P
	if err := moveBib(tx, prev, after); err != nil {
		return err
	}
	if err := moveExternalID(tx, prev, after); err != nil {
		return err
	}
	s.res.stage(tx, after)
	if err := putRecord(tx, rec); err != nil {
		return err
	}
	s.changed(tx, after.ID, "") // screens hear of it once it is on disk
	return adjustCounts(tx, prev, after)
}

// tick advances the stored hybrid logical clock.
func (s *Store) tick(tx *bolt.Tx) (model.HLC, error) {
	meta := tx.Bucket(bMeta)
	c := model.Clock{Last: model.HLC(btoi(meta.Get(kHLC))), Now: func() time.Time { return s.clockNow(tx) }}
	h := c.Tick()
	return h, meta.Put(kHLC, itob(uint64(h)))
}

// appendLog gives ch this device's next sequence number and appends it.
func (s *Store) appendLog(tx *bolt.Tx, ch *Change) error {
	meta := tx.Bucket(bMeta)
	pos, replay := s.replaying(ch)
	if ch.Device == s.Device().ID && !replay {
		ch.DevSeq = btoi(meta.Get(kDevSeq)) + 1
		if err := meta.Put(kDevSeq, itob(ch.DevSeq)); err != nil {
			return err
		}
	}
	log := appending(tx.Bucket(bLog))
	seq, err := log.NextSequence()
	if err != nil {
		return err
	}
	if replay && seq != pos {
		return fmt.Errorf("working copy would log position %d for the event's %d", seq, pos)
	}
	ch.Seq = seq
	if err := log.Put(itob(seq), encodeChange(ch)); err != nil {
		return err
	}
	if ch.Device == s.Device().ID {
		if err := appending(tx.Bucket(bOwnSeq)).Put(deviceSeqKey(ch.Device, ch.DevSeq), itob(seq)); err != nil {
			return err
		}
		// Until the cloud acknowledges it, this change waits to be pushed
		// (see eachPending).
	}
	return nil
}

// checkUnique refuses a bib or external ID held by someone else. It runs
// before the first write, so a refused change leaves the transaction as
// it was (RegisterMany relies on that).
func (s *Store) checkUnique(tx *bolt.Tx, p *model.Participant) error {
	if p.Bib != 0 {
		if holder := otherHolder(tx, p.Race, p.Bib, p.ID); holder != "" {
			return &model.FieldError{Field: model.FBib, Input: strconv.Itoa(p.Bib), Key: msg.ErrBibTaken, Args: []any{s.describe(tx, holder)}}
		}
	}
	if p.ExternalID != "" {
		holder := tx.Bucket(bExtIndex).Get([]byte(p.ExternalID))
		if holder != nil && pidOf(holder) != p.ID {
			return &model.FieldError{Field: model.FExternalID, Input: p.ExternalID, Key: msg.ErrExternalIDTaken, Args: []any{s.describe(tx, pidOf(holder))}}
		}
	}
	return nil
}

func moveBib(tx *bolt.Tx, before, after *model.Participant) error {
	same := before != nil && before.Bib == after.Bib && before.Race == after.Race
	if same {
		return nil
	}
	if before != nil && before.Bib != 0 {
		if err := removeBibHolder(tx, before.Race, before.Bib, after.ID); err != nil {
			return err
		}
	}
	if after.Bib == 0 {
		return nil
	}
	return addBibHolder(tx, after.Race, after.Bib, after.ID)
}

// moveExternalID keeps the registration-ID index. When sync brings a
// second participant with an ID already taken, the first keeps the index
// entry (the IDs stay on both records).
func moveExternalID(tx *bolt.Tx, before, after *model.Participant) error {
	idx := appending(tx.Bucket(bExtIndex)) // platforms number registrations in order
	if before != nil && before.ExternalID != "" && before.ExternalID != after.ExternalID {
		if holder := idx.Get([]byte(before.ExternalID)); holder != nil && pidOf(holder) == after.ID {
			if err := idx.Delete([]byte(before.ExternalID)); err != nil {
				return err
			}
		}
	}
	if after.ExternalID == "" {
		return nil
	}
	if holder := idx.Get([]byte(after.ExternalID)); holder != nil && pidOf(holder) != after.ID {
		return nil
	}
	return idx.Put([]byte(after.ExternalID), pidKey(after.ID))
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
// club, the phone form's code as "@code", the registration platform's ID
// as "~id", and the bib as "#123".
func searchText(p *model.Participant) string {
	if p.Status == model.Deleted {
		return "" // found by nobody
	}
	t := model.Fold(p.Last + " " + p.First)
	if p.Club != "" {
		t += " | " + model.Fold(p.Club)
	}
	if p.Code != "" {
		t += " @" + model.Fold(p.Code) // folded like the query ("UE" becomes "u" on both sides)
	}
	if p.ExternalID != "" {
		t += " ~" + model.Fold(p.ExternalID)
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

// getParticipant reads only the participant of a stored record, for the
// read paths (search, lists, cards): the per-field stamps after it are
// never parsed.
func getParticipant(tx *bolt.Tx, id string) (model.Participant, error) {
	v := tx.Bucket(bParticipants).Get(pidKey(id))
	if v == nil {
		return model.Participant{}, model.NewProblem(msg.ErrNotFound, id)
	}
	return decodeParticipant(id, v)
}

func getRecord(tx *bolt.Tx, id string) (*record, error) {
	v := tx.Bucket(bParticipants).Get(pidKey(id))
	if v == nil {
		return nil, model.NewProblem(msg.ErrNotFound, id)
	}
	return decodeRecord(id, v)
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
	if p.Status == model.Withdrawn || p.Status == model.Deleted {
		return [][]byte{[]byte("status/" + string(p.Status))} // counted nowhere else
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
