package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
)

// The compact encoding of participant records and change-log entries
// (schema 4). JSON spelled every field name, and per field the clock, the
// 36-character device ID and the origin — 1,479 bytes for a participant,
// three quarters of them metadata, and json.Unmarshal was most of the CPU
// of every read. Here fields are numbered, numbers are varints, UUIDs are
// 16 raw bytes, and the per-field metadata is a short table of the
// distinct (clock, device, origin) stamps, each listing its fields — a
// registration has one stamp for all its fields. A read that needs only
// the participant stops at the end of the participant's fields.
//
// Both start with a format byte that JSON never starts with, so a reader
// can tell an old record from a new one (the migration rewrites them all;
// the fallback keeps a half-known file readable).

const formatV1 = 0x01

// Field numbers: stable forever (they are in files). Extra fields carry
// their key; an unknown field name (from a newer racedesk, through sync)
// carries its whole name.
const (
	tagEnd = iota
	tagFirst
	tagLast
	tagBorn
	tagGender
	tagClub
	tagEmail
	tagPhone
	tagRace
	tagBib
	tagStatus
	tagPaidCents
	tagPayMethod
	tagSource
	tagExternalID
	tagCheckedInAt
	tagCheckedInDesk
	tagCode
	tagExtra
	tagNamed // any other field name, spelled out
)

var fieldTags = map[string]uint64{
	model.FFirst: tagFirst, model.FLast: tagLast, model.FBorn: tagBorn, model.FGender: tagGender,
	model.FClub: tagClub, model.FEmail: tagEmail, model.FPhone: tagPhone, model.FRace: tagRace,
	model.FBib: tagBib, model.FStatus: tagStatus, model.FPaidCents: tagPaidCents,
	model.FPayMethod: tagPayMethod, model.FSource: tagSource, model.FExternalID: tagExternalID,
	model.FCheckedInAt: tagCheckedInAt, model.FCheckedInDesk: tagCheckedInDesk, model.FCode: tagCode,
}

var tagFields = func() map[uint64]string {
	m := map[uint64]string{}
	for f, t := range fieldTags {
		m[t] = f
	}
	return m
}()

// Short codes for the strings most records repeat; anything else is
// spelled out after code 0.
var (
	originCodes = []Origin{"", OriginDesk, OriginImport, OriginSync, OriginHotspot}
	opCodes     = []string{"", OpCreate, OpUpdate, OpDelete}
	entityCodes = []string{"", EntityParticipant, EntityTiming}
)

// enc appends to a byte slice.
type enc struct{ b []byte }

func (e *enc) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *enc) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }

// code writes s as its index in known (1-based) or 0 and the string.
func (e *enc) code(s string, known []string) {
	for i, k := range known {
		if k == s && i > 0 {
			e.uvarint(uint64(i))
			return
		}
	}
	if s == "" {
		e.uvarint(0)
		e.str("")
		return
	}
	e.uvarint(0)
	e.str(s)
}

// id writes a canonical UUID as 16 raw bytes and anything else as text.
func (e *enc) id(s string) {
	if len(s) == 36 {
		if u, err := uuid.Parse(s); err == nil && u.String() == s {
			e.b = append(e.b, 0)
			e.b = append(e.b, u[:]...)
			return
		}
	}
	e.b = append(e.b, 1)
	e.str(s)
}

// field writes a field name as its number.
func (e *enc) field(name string) {
	if t, ok := fieldTags[name]; ok {
		e.uvarint(t)
		return
	}
	if key, ok := strings.CutPrefix(name, model.ExtraPrefix); ok {
		e.uvarint(tagExtra)
		e.str(key)
		return
	}
	e.uvarint(tagNamed)
	e.str(name)
}

// dec reads what enc wrote; the first error sticks.
type dec struct {
	b   []byte
	err error
}

var errTruncated = errors.New("truncated")

func (d *dec) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.b = nil
}

func (d *dec) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail(errTruncated)
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail(errTruncated)
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) byte() byte {
	if len(d.b) == 0 {
		d.fail(errTruncated)
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *dec) bytes(n uint64) []byte {
	if uint64(len(d.b)) < n {
		d.fail(errTruncated)
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *dec) str() string { return string(d.bytes(d.uvarint())) }

// count reads a number of items that follow; each takes at least a byte.
func (d *dec) count() uint64 {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail(errTruncated)
		return 0
	}
	return n
}

func (d *dec) code(known []string) string {
	i := d.uvarint()
	if i == 0 {
		return d.str()
	}
	if i >= uint64(len(known)) {
		d.fail(fmt.Errorf("unknown code %d", i))
		return ""
	}
	return known[i]
}

func (d *dec) id() string {
	switch d.byte() {
	case 0:
		var u uuid.UUID
		copy(u[:], d.bytes(16))
		return u.String()
	case 1:
		return d.str()
	}
	d.fail(errors.New("bad ID"))
	return ""
}

func (d *dec) field() string {
	t := d.uvarint()
	switch t {
	case tagExtra:
		return model.ExtraPrefix + d.str()
	case tagNamed:
		return d.str()
	}
	if name, ok := tagFields[t]; ok {
		return name
	}
	d.fail(fmt.Errorf("unknown field number %d", t))
	return ""
}

// Values of the enumerated fields, by code (index); another value is
// spelled out after code 0.
var (
	genderCodes = []string{"", string(model.Male), string(model.Female), string(model.Diverse)}
	statusCodes = []string{"", string(model.Registered), string(model.CheckedIn), string(model.DNS),
		string(model.DNF), string(model.DSQ), string(model.Pending), string(model.Withdrawn)}
	payCodes    = []string{"", string(model.Cash), string(model.Card), string(model.Online)}
	sourceCodes = []string{"", string(model.SourceOnline), string(model.SourceDesk), string(model.SourceHotspot), string(model.SourceImport)}
	enumCodes   = map[uint64][]string{tagGender: genderCodes, tagStatus: statusCodes, tagPayMethod: payCodes, tagSource: sourceCodes}
)

// participant writes p's fields (not its ID: that is the key), then
// tagEnd.
func (e *enc) participant(p *model.Participant) {
	strs := []struct {
		tag uint64
		v   string
	}{
		{tagFirst, p.First}, {tagLast, p.Last}, {tagGender, string(p.Gender)}, {tagClub, p.Club},
		{tagEmail, p.Email}, {tagPhone, p.Phone}, {tagRace, p.Race}, {tagStatus, string(p.Status)},
		{tagPayMethod, string(p.PayMethod)}, {tagSource, string(p.Source)}, {tagExternalID, p.ExternalID},
		{tagCheckedInAt, p.CheckedInAt}, {tagCheckedInDesk, p.CheckedInDesk}, {tagCode, p.Code},
	}
	for _, f := range strs {
		if f.v == "" {
			continue
		}
		e.uvarint(f.tag)
		if known, ok := enumCodes[f.tag]; ok {
			e.code(f.v, known)
		} else {
			e.str(f.v)
		}
	}
	if p.Born != (model.BirthDate{}) {
		e.uvarint(tagBorn)
		e.varint(int64(p.Born.Year))
		e.varint(int64(p.Born.Month))
		e.varint(int64(p.Born.Day))
	}
	if p.Bib != 0 {
		e.uvarint(tagBib)
		e.varint(int64(p.Bib))
	}
	if p.PaidCents != 0 {
		e.uvarint(tagPaidCents)
		e.varint(int64(p.PaidCents))
	}
	for _, k := range sortedKeys(p.Extra) {
		e.uvarint(tagExtra)
		e.str(k)
		e.str(p.Extra[k])
	}
	e.uvarint(tagEnd)
}

func (d *dec) participant(p *model.Participant) { d.participantFields(p, nil) }

// searchTags are the fields the search text is made of.
var searchTags = map[uint64]bool{tagFirst: true, tagLast: true, tagClub: true, tagCode: true, tagBib: true, tagExternalID: true}

// participantFields reads the fields in want (nil: all) and skips the
// others without allocating.
func (d *dec) participantFields(p *model.Participant, want map[uint64]bool) {
	for d.err == nil {
		t := d.uvarint()
		if want != nil && t != tagEnd && !want[t] {
			d.skip(t)
			continue
		}
		switch t {
		case tagEnd:
			return
		case tagBorn:
			p.Born = model.BirthDate{Year: int(d.varint()), Month: int(d.varint()), Day: int(d.varint())}
		case tagBib:
			p.Bib = int(d.varint())
		case tagPaidCents:
			p.PaidCents = int(d.varint())
		case tagExtra:
			if p.Extra == nil {
				p.Extra = map[string]string{}
			}
			k := d.str()
			p.Extra[k] = d.str()
		default:
			if known, ok := enumCodes[t]; ok {
				d.setString(p, t, d.code(known))
			} else {
				d.setString(p, t, d.str())
			}
		}
	}
}

// setString sets a text field through the model's own setter (the one
// the change log and sync use), by its name.
// skip passes over the value of field t.
func (d *dec) skip(t uint64) {
	switch t {
	case tagBorn:
		d.varint()
		d.varint()
		d.varint()
	case tagBib, tagPaidCents:
		d.varint()
	case tagExtra:
		d.bytes(d.uvarint())
		d.bytes(d.uvarint())
	default:
		if _, ok := enumCodes[t]; ok && d.uvarint() != 0 {
			return
		}
		d.bytes(d.uvarint())
	}
}

// decodeSearchText is searchText of a stored record, reading only the
// fields it is made of (opening a 50,000-runner file reads them all).
func decodeSearchText(id string, v []byte) (string, error) {
	if len(v) > 0 && v[0] == '{' {
		p, err := decodeParticipant(id, v)
		return searchText(&p), err
	}
	d, err := recordDecoder(id, v)
	if err != nil {
		return "", err
	}
	var p model.Participant
	d.participantFields(&p, searchTags)
	if d.err != nil {
		return "", fmt.Errorf("read participant %s: %w", id, d.err)
	}
	return searchText(&p), nil
}

func (d *dec) setString(p *model.Participant, t uint64, v string) {
	name, ok := tagFields[t]
	if !ok {
		d.fail(fmt.Errorf("unknown participant field number %d", t))
		return
	}
	if err := p.SetField(name, v); err != nil {
		d.fail(err)
	}
}

// stampKey groups the fields a record's metadata stamps alike.
type stampKey struct {
	hlc    model.HLC
	dev    string
	origin Origin
}

// encodeRecord writes a participant record: format byte, the participant,
// the devices its fields were last changed by, and the stamps.
func encodeRecord(r *record) []byte {
	e := enc{b: make([]byte, 0, 256)}
	e.b = append(e.b, formatV1)
	e.participant(&r.P)
	// Stamps in a fixed order (by field name) so equal records encode to
	// equal bytes.
	var keys []stampKey
	fields := map[stampKey][]string{}
	var devs []string
	devIdx := map[string]int{}
	for _, f := range sortedKeys(r.Clocks) {
		k := stampKey{r.Clocks[f], r.Devs[f], r.Origins[f]}
		if _, ok := fields[k]; !ok {
			keys = append(keys, k)
		}
		fields[k] = append(fields[k], f)
		if _, ok := devIdx[k.dev]; !ok {
			devIdx[k.dev] = len(devs)
			devs = append(devs, k.dev)
		}
	}
	e.uvarint(uint64(len(devs)))
	for _, d := range devs {
		e.id(d)
	}
	// The stamp most of the set fields share (a registration: all of them)
	// is the default: its set fields are implied, not listed.
	present := r.P.Fields()
	def, implied := defaultStamp(r, keys, fields, present)
	e.uvarint(uint64(def + 1))
	e.uvarint(uint64(len(keys)))
	for i, k := range keys {
		e.uvarint(uint64(k.hlc))
		e.uvarint(uint64(devIdx[k.dev]))
		e.code(string(k.origin), originNames)
		listed := fields[k]
		if i == def {
			listed = slices.DeleteFunc(slices.Clone(listed), func(f string) bool { return implied[f] })
		}
		e.uvarint(uint64(len(listed)))
		for _, f := range listed {
			e.field(f)
		}
	}
	e.uvarint(uint64(len(r.Log)))
	var prev uint64
	for _, seq := range r.Log {
		e.uvarint(seq - prev) // ascending: small deltas
		prev = seq
	}
	return e.b
}

// defaultStamp picks the stamp whose fields are implied: the one most set
// fields carry (-1: none, when a set field has no stamp at all, which a
// reader would otherwise give one).
func defaultStamp(r *record, keys []stampKey, fields map[stampKey][]string, present map[string]string) (int, map[string]bool) {
	for f := range present {
		if _, ok := r.Clocks[f]; !ok {
			return -1, nil
		}
	}
	def, best := -1, 0
	for i, k := range keys {
		n := 0
		for _, f := range fields[k] {
			if _, ok := present[f]; ok {
				n++
			}
		}
		if n > best {
			def, best = i, n
		}
	}
	if def < 0 {
		return -1, nil
	}
	implied := map[string]bool{}
	for _, f := range fields[keys[def]] {
		if _, ok := present[f]; ok {
			implied[f] = true
		}
	}
	return def, implied
}

func originStrings() []string {
	out := make([]string, len(originCodes))
	for i, o := range originCodes {
		out[i] = string(o)
	}
	return out
}

var originNames = originStrings()

// decodeRecord reads a whole record; v may be in the old JSON form.
func decodeRecord(id string, v []byte) (*record, error) {
	rec := &record{Clocks: map[string]model.HLC{}, Devs: map[string]string{}, Origins: map[string]Origin{}}
	if len(v) > 0 && v[0] == '{' {
		if err := json.Unmarshal(v, rec); err != nil {
			return nil, fmt.Errorf("read participant %s: %w", id, err)
		}
		rec.fill()
		return rec, nil
	}
	d, err := recordDecoder(id, v)
	if err != nil {
		return nil, err
	}
	d.participant(&rec.P)
	rec.P.ID = id
	devs := make([]string, d.count())
	for i := range devs {
		if d.err != nil {
			break
		}
		devs[i] = d.id()
	}
	def := d.uvarint()
	var defStamp *stampKey
	for i, n := uint64(1), d.count(); i <= n && d.err == nil; i++ {
		h, di := model.HLC(d.uvarint()), d.uvarint()
		origin := Origin(d.code(originNames))
		if di >= uint64(len(devs)) {
			d.fail(fmt.Errorf("device %d of %d", di, len(devs)))
			break
		}
		if i == def {
			defStamp = &stampKey{h, devs[di], origin}
		}
		for m := d.count(); m > 0 && d.err == nil; m-- {
			if f := d.field(); d.err == nil {
				rec.stamp(f, h, devs[di], origin)
			}
		}
	}
	if defStamp != nil && d.err == nil {
		for f := range rec.P.Fields() {
			if _, ok := rec.Clocks[f]; !ok {
				rec.stamp(f, defStamp.hlc, defStamp.dev, defStamp.origin)
			}
		}
	}
	n := d.count()
	var seq uint64
	for ; n > 0 && d.err == nil; n-- {
		seq += d.uvarint()
		rec.Log = append(rec.Log, seq)
	}
	if d.err != nil {
		return nil, fmt.Errorf("read participant %s: %w", id, d.err)
	}
	return rec, nil
}

func recordDecoder(id string, v []byte) (*dec, error) {
	if len(v) == 0 || v[0] != formatV1 {
		return nil, fmt.Errorf("read participant %s: unknown record format", id)
	}
	return &dec{b: v[1:]}, nil
}

// fill makes the maps of a record read from JSON non-nil.
func (r *record) fill() {
	if r.Clocks == nil {
		r.Clocks = map[string]model.HLC{}
	}
	if r.Devs == nil {
		r.Devs = map[string]string{}
	}
	if r.Origins == nil {
		r.Origins = map[string]Origin{}
	}
}

// decodeParticipant reads only the participant of a record.
func decodeParticipant(id string, v []byte) (model.Participant, error) {
	if len(v) > 0 && v[0] == '{' {
		rec, err := decodeRecord(id, v)
		if err != nil {
			return model.Participant{}, err
		}
		return rec.P, nil
	}
	var p model.Participant
	d, err := recordDecoder(id, v)
	if err != nil {
		return p, err
	}
	d.participant(&p)
	if d.err != nil {
		return p, fmt.Errorf("read participant %s: %w", id, d.err)
	}
	p.ID = id
	return p, nil
}

// encodeChange writes a change-log entry (its Seq is the key).
func encodeChange(ch *Change) []byte {
	e := enc{b: make([]byte, 0, 128)}
	e.b = append(e.b, formatV1)
	e.id(ch.Device)
	e.uvarint(ch.DevSeq)
	e.uvarint(uint64(ch.HLC))
	e.str(ch.Desk)
	e.code(ch.Entity, entityCodes)
	e.id(ch.ID)
	e.code(ch.Op, opCodes)
	e.code(string(ch.Origin), originNames)
	e.uvarint(uint64(len(ch.Fields)))
	for _, f := range ch.Fields {
		e.field(f.Field)
		e.str(f.Value)
	}
	if ch.Relay != "" { // optional, last: entries without it end here
		e.id(ch.Relay)
	}
	return e.b
}

// decodeChangeValue reads a change-log entry in either form.
func decodeChangeValue(v []byte, ch *Change) error {
	if len(v) > 0 && v[0] == '{' {
		return json.Unmarshal(v, ch)
	}
	if len(v) == 0 || v[0] != formatV1 {
		return errors.New("unknown change format")
	}
	d := &dec{b: v[1:]}
	ch.Device = d.id()
	ch.DevSeq = d.uvarint()
	ch.HLC = model.HLC(d.uvarint())
	ch.Desk = d.str()
	ch.Entity = d.code(entityCodes)
	ch.ID = d.id()
	ch.Op = d.code(opCodes)
	ch.Origin = Origin(d.code(originNames))
	if n := d.count(); d.err == nil && n > 0 {
		ch.Fields = make([]model.FieldChange, n)
		for i := range ch.Fields {
			ch.Fields[i].Field = d.field()
			ch.Fields[i].Value = d.str()
		}
	}
	if d.err == nil && len(d.b) > 0 {
		ch.Relay = d.id()
	}
	return d.err
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// putRecord writes a participant record in the compact form.
func putRecord(tx *bolt.Tx, rec *record) error {
	return appending(tx.Bucket(bParticipants)).Put(pidKey(rec.P.ID), encodeRecord(rec))
}

// pidKey is how a participant ID is stored as a key or in an index: a
// canonical UUID (every ID racedesk makes) as its 16 bytes — the key of
// the record and of its bib index entries, the value of its registration
// ID entry: 60 bytes less per participant. Any other ID is its text after
// a 0xFF byte (never in UTF-8 text), and one more 0xFF at the end should
// that make 16 bytes, so the two forms never meet.
func pidKey(id string) []byte {
	if len(id) == 36 {
		if u, err := uuid.Parse(id); err == nil && u.String() == id {
			return u[:]
		}
	}
	k := append([]byte{0xff}, id...)
	if len(k) == 16 {
		k = append(k, 0xff)
	}
	return k
}

// pidOf reads what pidKey wrote.
func pidOf(k []byte) string {
	switch {
	case len(k) == 16:
		return uuid.UUID(k).String()
	case len(k) == 17 && k[0] == 0xff && k[16] == 0xff:
		return string(k[1:16])
	case len(k) > 0 && k[0] == 0xff:
		return string(k[1:])
	}
	return string(k) // not written by pidKey
}

// appending readies a bucket whose keys mostly grow (log positions,
// device sequences, UUIDv7 participant IDs) for appends: bbolt splits a
// full page in half by default, which leaves every page of an appended
// bucket half empty — twice the file and twice the pages read.
func appending(b *bolt.Bucket) *bolt.Bucket {
	b.FillPercent = 0.95
	return b
}
