package protocol

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"unicode/utf8"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// The version-3 sync body: a stream of records, the same grammar in both
// directions (docs/sync-protocol.md, "Wire format"). A request is
//
//	magic, request head, {definition | change}, end
//
// and a response
//
//	magic, response head, {definition | change | position}, end
//
// Every record starts with a tag byte. Integers are unsigned LEB128
// varints (encoding/binary's Uvarint); signed ones are zigzag varints
// (binary.Varint). Strings are a varint length and UTF-8 bytes. Repeated
// strings travel once per message: a definition gives them the next index
// of a table, and changes name them by index. Each change's log position,
// device sequence and clock are deltas from the change before, so a
// response can be cut at any byte and every complete change before the
// cut is usable, with its position.

// Magic opens every version-3 sync body.
const Magic = "RDS3"

// Record tags.
const (
	tagRequestHead  = 'Q'
	tagResponseHead = 'H'
	tagString       = 'S' // a string: the next index of the string table
	tagSource       = 'K' // a source (device, desk, entity, op, origin): the next index of the source table
	tagChange       = 'C'
	tagPosition     = 'P' // the log position moves on past entries not sent (the asking device's own)
	tagEnd          = 'E'
)

// ID encodings.
const (
	idText = 0 // varint length, bytes
	idUUID = 1 // 16 raw bytes of a UUID written in canonical lower-case text
)

// Decoder limits: what a well-formed message never exceeds. They bound
// the memory a hostile or broken body can make the reader allocate (the
// cloud also bounds the body's compressed and inflated size).
const (
	MaxString      = 1 << 20 // bytes of one string
	MaxTable       = 1 << 16 // entries of the string or source table
	MaxFields      = 1 << 10 // fields of one change
	MaxAckEntries  = 1 << 20 // refused, restamped or reused sequences in an ack
	maxWallMillis  = 1<<48 - 1
	maxLogicalHLCs = math.MaxUint16
)

// ErrTruncated means the message ends before its end record: the link was
// cut. Everything decoded before it is complete.
var ErrTruncated = errors.New("sync message cut off before its end")

// SyncRequest is one round's request: the desk's unacknowledged changes
// (oldest first, each identified by device and device sequence) and the
// cloud log position it has applied.
type SyncRequest struct {
	Event  string
	Device string
	Desk   string
	Cursor uint64
	// Limit caps the changes of the response (0: the cloud's default).
	Limit int
	Push  []store.Change
}

// ResponseHead opens a response: the cloud's clock and its answer to the
// push. The changes follow it.
type ResponseHead struct {
	ServerTime int64 // Unix milliseconds
	Ack        store.Ack
	// After is the log position the changes follow (the request's cursor).
	After uint64
	// Relayed acknowledges, per device, the changes a hub pushed for the
	// devices it serves (empty for a desk).
	Relayed map[string]store.Ack
}

// Encoder writes one message. Call a head method first, then Change and
// Position as often as needed, then End, then Flush (or close the
// compressor under it).
type Encoder struct {
	w       *bufio.Writer
	buf     []byte
	strings map[string]uint64
	sources map[source]uint64
	// State the deltas are taken from.
	seq      uint64
	wall     int64
	devSeqs  map[uint64]uint64 // source index → its device's last sequence
	devOf    []string          // source index → device
	lastByID map[string]uint64 // device → last sequence (sources of one device share it)
	changes  uint64
	err      error
}

type source struct {
	device, desk, entity, op string
	origin                   store.Origin
}

// NewEncoder writes a message to w.
func NewEncoder(w io.Writer) *Encoder {
	return &Encoder{w: bufio.NewWriterSize(w, 32<<10), strings: map[string]uint64{}, sources: map[source]uint64{},
		devSeqs: map[uint64]uint64{}, lastByID: map[string]uint64{}}
}

func (e *Encoder) uvarint(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }
func (e *Encoder) varint(v int64)   { e.buf = binary.AppendVarint(e.buf, v) }
func (e *Encoder) str(s string)     { e.uvarint(uint64(len(s))); e.buf = append(e.buf, s...) }

func (e *Encoder) id(s string) {
	if b, ok := uuidBytes(s); ok {
		e.buf = append(e.buf, idUUID)
		e.buf = append(e.buf, b[:]...)
		return
	}
	e.buf = append(e.buf, idText)
	e.str(s)
}

// emit writes the record built in e.buf.
func (e *Encoder) emit() error {
	if e.err == nil {
		_, e.err = e.w.Write(e.buf)
	}
	e.buf = e.buf[:0]
	return e.err
}

// RequestHead starts a request.
func (e *Encoder) RequestHead(r *SyncRequest) error {
	e.buf = append(e.buf, Magic...)
	e.buf = append(e.buf, tagRequestHead)
	e.str(r.Event)
	e.str(r.Device)
	e.str(r.Desk)
	e.uvarint(r.Cursor)
	e.uvarint(uint64(max(r.Limit, 0)))
	return e.emit()
}

// ResponseHead starts a response.
func (e *Encoder) ResponseHead(h *ResponseHead) error {
	e.buf = append(e.buf, Magic...)
	e.buf = append(e.buf, tagResponseHead)
	e.varint(h.ServerTime)
	e.uvarint(h.After)
	e.seq = h.After
	if err := e.ack(&h.Ack); err != nil {
		return err
	}
	// The acknowledgements of the changes a hub relayed, per device.
	e.uvarint(uint64(len(h.Relayed)))
	for _, dev := range sortedKeys(h.Relayed) {
		e.id(dev)
		a := h.Relayed[dev]
		if err := e.ack(&a); err != nil {
			return err
		}
	}
	return e.emit()
}

// ack writes one device's acknowledgement.
func (e *Encoder) ack(a *store.Ack) error {
	e.uvarint(a.Upto)
	digest, err := hex.DecodeString(a.UptoDigest)
	if err != nil {
		return fmt.Errorf("ack digest %q: %w", a.UptoDigest, err)
	}
	e.buf = append(e.buf, byte(len(digest)))
	e.buf = append(e.buf, digest...)
	e.uvarint(uint64(len(a.Refused)))
	for _, ds := range sortedKeys(a.Refused) {
		e.uvarint(ds)
		e.str(a.Refused[ds])
	}
	e.uvarint(uint64(len(a.Restamped)))
	for _, ds := range sortedKeys(a.Restamped) {
		e.uvarint(ds)
		e.uvarint(uint64(a.Restamped[ds]))
	}
	e.uvarint(uint64(len(a.Reused)))
	for _, ds := range a.Reused {
		e.uvarint(ds)
	}
	// The change held for its stamp, and the clock it was judged by.
	e.uvarint(a.Ahead)
	if a.Ahead > 0 {
		e.uvarint(uint64(a.ServerNow))
	}
	return nil
}

// ref returns the index of a string, defining it first if it is new.
func (e *Encoder) ref(s string) (uint64, error) {
	if i, ok := e.strings[s]; ok {
		return i, nil
	}
	i, err := e.define(tagString, len(e.strings), func() { e.str(s) })
	if err == nil {
		e.strings[s] = i
	}
	return i, err
}

// sourceRef returns the index of a change's source, defining it first.
func (e *Encoder) sourceRef(ch *store.Change) (uint64, error) {
	k := source{ch.Device, ch.Desk, ch.Entity, ch.Op, ch.Origin}
	if i, ok := e.sources[k]; ok {
		return i, nil
	}
	i, err := e.define(tagSource, len(e.sources), func() {
		e.id(k.device)
		e.str(k.desk)
		e.str(k.entity)
		e.str(k.op)
		e.str(string(k.origin))
	})
	if err == nil {
		e.sources[k] = i
		e.devOf = append(e.devOf, k.device)
	}
	return i, err
}

// define writes a definition record: the next entry (index n) of a table.
func (e *Encoder) define(tag byte, n int, body func()) (uint64, error) {
	if n >= MaxTable {
		return 0, fmt.Errorf("sync message: more than %d distinct names or sources", MaxTable)
	}
	e.buf = append(e.buf, tag)
	body()
	return uint64(n), e.emit()
}

// Change writes one change. In a response its Seq is its position in the
// cloud's log and must grow; in a request Seq is not sent.
func (e *Encoder) Change(ch *store.Change, response bool) error {
	if e.err != nil {
		return e.err
	}
	src, err := e.sourceRef(ch)
	if err != nil {
		return err
	}
	refs := make([]uint64, len(ch.Fields))
	for i, f := range ch.Fields {
		if refs[i], err = e.ref(f.Field); err != nil {
			return err
		}
	}
	e.buf = append(e.buf, tagChange)
	if response {
		if ch.Seq <= e.seq {
			return fmt.Errorf("sync message: change at log position %d after %d", ch.Seq, e.seq)
		}
		e.uvarint(ch.Seq - e.seq)
		e.seq = ch.Seq
	}
	e.uvarint(src)
	dev := e.devOf[src]
	e.varint(int64(ch.DevSeq - e.lastByID[dev]))
	e.lastByID[dev] = ch.DevSeq
	wall := ch.HLC.WallMillis()
	e.varint(wall - e.wall)
	e.wall = wall
	e.uvarint(uint64(ch.HLC.Logical()))
	e.id(ch.ID)
	e.uvarint(uint64(len(ch.Fields)))
	for i, f := range ch.Fields {
		e.uvarint(refs[i])
		e.str(f.Value)
	}
	e.changes++
	return e.emit()
}

// Position says the log position moved on to seq without a change sent
// (the entries between were the asking device's own).
func (e *Encoder) Position(seq uint64) error {
	if seq <= e.seq {
		return nil
	}
	e.buf = append(e.buf, tagPosition)
	e.uvarint(seq - e.seq)
	e.seq = seq
	return e.emit()
}

// End closes the message: more says another response waits (the cloud
// stopped at its limit). It carries the number of changes sent, which
// the reader checks.
func (e *Encoder) End(more bool) error {
	e.buf = append(e.buf, tagEnd)
	if more {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 0)
	}
	e.uvarint(e.changes)
	return e.emit()
}

// Flush writes what is buffered to the writer under the encoder.
func (e *Encoder) Flush() error {
	if e.err != nil {
		return e.err
	}
	return e.w.Flush()
}

// EncodeRequest writes a whole request.
func EncodeRequest(w io.Writer, r *SyncRequest) error {
	e := NewEncoder(w)
	if err := e.RequestHead(r); err != nil {
		return err
	}
	for i := range r.Push {
		if err := e.Change(&r.Push[i], false); err != nil {
			return err
		}
	}
	if err := e.End(false); err != nil {
		return err
	}
	return e.Flush()
}

// Decoder reads one message.
type Decoder struct {
	r        *bufio.Reader
	response bool
	strings  []string
	sources  []source
	seq      uint64
	wall     int64
	lastByID map[string]uint64
	changes  uint64
	done     bool
}

// NewDecoder reads a message from r.
func NewDecoder(r io.Reader) *Decoder {
	return &Decoder{r: bufio.NewReaderSize(r, 32<<10), lastByID: map[string]uint64{}}
}

// errCorrupt wraps what makes a message unreadable.
func corrupt(format string, args ...any) error {
	return fmt.Errorf("sync message: "+format, args...)
}

// eof turns an end of input inside a message into ErrTruncated.
func eof(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return ErrTruncated
	}
	return err
}

func (d *Decoder) byte() (byte, error) {
	b, err := d.r.ReadByte()
	return b, eof(err)
}

func (d *Decoder) uvarint() (uint64, error) {
	v, err := binary.ReadUvarint(d.r)
	return v, eof(err)
}

func (d *Decoder) varint() (int64, error) {
	v, err := binary.ReadVarint(d.r)
	return v, eof(err)
}

// count reads a number of entries that must not exceed limit.
func (d *Decoder) count(limit uint64, what string) (int, error) {
	n, err := d.uvarint()
	if err != nil {
		return 0, err
	}
	if n > limit {
		return 0, corrupt("%d %s (at most %d)", n, what, limit)
	}
	return int(n), nil
}

func (d *Decoder) bytes(n int) ([]byte, error) {
	b := make([]byte, n)
	_, err := io.ReadFull(d.r, b)
	return b, eof(err)
}

func (d *Decoder) str() (string, error) {
	n, err := d.count(MaxString, "bytes in a string")
	if err != nil {
		return "", err
	}
	b, err := d.bytes(n)
	if err != nil {
		return "", err
	}
	if !utf8.Valid(b) {
		return "", corrupt("a string is not UTF-8")
	}
	return string(b), nil
}

func (d *Decoder) id() (string, error) {
	kind, err := d.byte()
	if err != nil {
		return "", err
	}
	switch kind {
	case idText:
		return d.str()
	case idUUID:
		b, err := d.bytes(16)
		if err != nil {
			return "", err
		}
		return uuidText(b), nil
	}
	return "", corrupt("unknown ID encoding %d", kind)
}

func (d *Decoder) magic(tag byte) error {
	b, err := d.bytes(len(Magic) + 1)
	if err != nil {
		return err
	}
	if string(b[:len(Magic)]) != Magic {
		return corrupt("not a version-3 sync message")
	}
	if b[len(Magic)] != tag {
		return corrupt("expected a %c head, found %q", tag, b[len(Magic)])
	}
	return nil
}

// RequestHead reads the head of a request. The pushed changes follow
// (Next), or use DecodeRequest.
func (d *Decoder) RequestHead() (SyncRequest, error) {
	var r SyncRequest
	if err := d.magic(tagRequestHead); err != nil {
		return r, err
	}
	var err error
	if r.Event, err = d.str(); err != nil {
		return r, err
	}
	if r.Device, err = d.str(); err != nil {
		return r, err
	}
	if r.Desk, err = d.str(); err != nil {
		return r, err
	}
	if r.Cursor, err = d.uvarint(); err != nil {
		return r, err
	}
	limit, err := d.uvarint()
	if err != nil {
		return r, err
	}
	r.Limit = int(min(limit, math.MaxInt32))
	return r, nil
}

// ResponseHead reads the head of a response.
func (d *Decoder) ResponseHead() (ResponseHead, error) {
	var h ResponseHead
	if err := d.magic(tagResponseHead); err != nil {
		return h, err
	}
	d.response = true
	var err error
	if h.ServerTime, err = d.varint(); err != nil {
		return h, err
	}
	if h.After, err = d.uvarint(); err != nil {
		return h, err
	}
	d.seq = h.After
	if err := d.ack(&h.Ack); err != nil {
		return h, err
	}
	n, err := d.count(MaxTable, "relayed devices")
	if err != nil {
		return h, err
	}
	for range n {
		dev, err := d.id()
		if err != nil {
			return h, err
		}
		var a store.Ack
		if err := d.ack(&a); err != nil {
			return h, err
		}
		if h.Relayed == nil {
			h.Relayed = map[string]store.Ack{}
		}
		h.Relayed[dev] = a
	}
	return h, nil
}

// ack reads one device's acknowledgement.
func (d *Decoder) ack(a *store.Ack) error {
	var err error
	if a.Upto, err = d.uvarint(); err != nil {
		return err
	}
	n, err := d.byte()
	if err != nil {
		return err
	}
	if n != 0 && n != 32 {
		return corrupt("a digest of %d bytes", n)
	}
	digest, err := d.bytes(int(n))
	if err != nil {
		return err
	}
	a.UptoDigest = hex.EncodeToString(digest)
	if n, err := d.count(MaxAckEntries, "refused changes"); err != nil {
		return err
	} else if n > 0 {
		a.Refused = make(map[uint64]string, min(n, 1024))
		for range n {
			ds, err := d.uvarint()
			if err != nil {
				return err
			}
			if a.Refused[ds], err = d.str(); err != nil {
				return err
			}
		}
	}
	if n, err := d.count(MaxAckEntries, "restamped changes"); err != nil {
		return err
	} else if n > 0 {
		a.Restamped = make(map[uint64]model.HLC, min(n, 1024))
		for range n {
			ds, err := d.uvarint()
			if err != nil {
				return err
			}
			stamp, err := d.uvarint()
			if err != nil {
				return err
			}
			a.Restamped[ds] = model.HLC(stamp)
		}
	}
	n2, err := d.count(MaxAckEntries, "reused changes")
	if err != nil {
		return err
	}
	for range n2 {
		ds, err := d.uvarint()
		if err != nil {
			return err
		}
		a.Reused = append(a.Reused, ds)
	}
	if a.Ahead, err = d.uvarint(); err != nil || a.Ahead == 0 {
		return err
	}
	now, err := d.uvarint()
	if err != nil {
		return err
	}
	if now > math.MaxInt64 {
		return corrupt("a server clock of %d", now)
	}
	a.ServerNow = int64(now)
	return nil
}

// Record is what Next read: a change (with the log position after it, in
// a response), a position without a change, or the end.
type Record struct {
	Change *store.Change // nil for a position or the end
	Cursor uint64        // in a response: the log position after this record
	End    bool
	More   bool // at the end: another response waits
}

// Next reads the next change, position or end, taking definitions on the
// way. After the end it returns io.EOF; a message that stops before its
// end returns ErrTruncated.
func (d *Decoder) Next() (Record, error) {
	if d.done {
		return Record{}, io.EOF
	}
	for {
		tag, err := d.byte()
		if err != nil {
			return Record{}, err
		}
		switch tag {
		case tagString:
			if len(d.strings) >= MaxTable {
				return Record{}, corrupt("too many strings")
			}
			s, err := d.str()
			if err != nil {
				return Record{}, err
			}
			d.strings = append(d.strings, s)
		case tagSource:
			if err := d.source(); err != nil {
				return Record{}, err
			}
		case tagChange:
			ch, err := d.change()
			if err != nil {
				return Record{}, err
			}
			return Record{Change: ch, Cursor: d.seq}, nil
		case tagPosition:
			if !d.response {
				return Record{}, corrupt("a position in a request")
			}
			delta, err := d.uvarint()
			if err != nil {
				return Record{}, err
			}
			if delta == 0 || d.seq+delta < d.seq {
				return Record{}, corrupt("a position that does not move on")
			}
			d.seq += delta
			return Record{Cursor: d.seq}, nil
		case tagEnd:
			more, err := d.byte()
			if err != nil {
				return Record{}, err
			}
			if more > 1 {
				return Record{}, corrupt("end with more=%d", more)
			}
			n, err := d.uvarint()
			if err != nil {
				return Record{}, err
			}
			if n != d.changes {
				return Record{}, corrupt("the end counts %d changes, %d arrived", n, d.changes)
			}
			d.done = true
			return Record{End: true, More: more == 1, Cursor: d.seq}, nil
		default:
			return Record{}, corrupt("unknown record %q", tag)
		}
	}
}

func (d *Decoder) source() error {
	if len(d.sources) >= MaxTable {
		return corrupt("too many sources")
	}
	var s source
	var err error
	if s.device, err = d.id(); err != nil {
		return err
	}
	if s.device == "" {
		return corrupt("a source without a device")
	}
	if s.desk, err = d.str(); err != nil {
		return err
	}
	if s.entity, err = d.str(); err != nil {
		return err
	}
	if s.op, err = d.str(); err != nil {
		return err
	}
	origin, err := d.str()
	if err != nil {
		return err
	}
	s.origin = store.Origin(origin)
	d.sources = append(d.sources, s)
	return nil
}

func (d *Decoder) change() (*store.Change, error) {
	ch := &store.Change{}
	if d.response {
		delta, err := d.uvarint()
		if err != nil {
			return nil, err
		}
		if delta == 0 || d.seq+delta < d.seq {
			return nil, corrupt("a change whose log position does not move on")
		}
		ch.Seq = d.seq + delta
	}
	src, err := d.uvarint()
	if err != nil {
		return nil, err
	}
	if src >= uint64(len(d.sources)) {
		return nil, corrupt("source %d not defined", src)
	}
	s := d.sources[src]
	ch.Device, ch.Desk, ch.Entity, ch.Op, ch.Origin = s.device, s.desk, s.entity, s.op, s.origin
	dds, err := d.varint()
	if err != nil {
		return nil, err
	}
	ch.DevSeq = d.lastByID[s.device] + uint64(dds)
	dwall, err := d.varint()
	if err != nil {
		return nil, err
	}
	wall := d.wall + dwall
	if wall < 0 || wall > maxWallMillis {
		return nil, corrupt("a clock out of range")
	}
	logical, err := d.uvarint()
	if err != nil {
		return nil, err
	}
	if logical > maxLogicalHLCs {
		return nil, corrupt("a clock's counter out of range")
	}
	ch.HLC = model.MakeHLC(wall, uint16(logical))
	if ch.ID, err = d.id(); err != nil {
		return nil, err
	}
	n, err := d.count(MaxFields, "fields in a change")
	if err != nil {
		return nil, err
	}
	if n > 0 {
		ch.Fields = make([]model.FieldChange, n)
	}
	for i := range ch.Fields {
		ref, err := d.uvarint()
		if err != nil {
			return nil, err
		}
		if ref >= uint64(len(d.strings)) {
			return nil, corrupt("field name %d not defined", ref)
		}
		ch.Fields[i].Field = d.strings[ref]
		if ch.Fields[i].Value, err = d.str(); err != nil {
			return nil, err
		}
	}
	// Committed only now: a change cut off in the middle leaves the
	// decoder's state as before it.
	if d.response {
		d.seq = ch.Seq
	}
	d.lastByID[s.device] = ch.DevSeq
	d.wall = wall
	d.changes++
	return ch, nil
}

// DecodeRequest reads a whole request, head and pushed changes.
func DecodeRequest(r io.Reader) (SyncRequest, error) {
	d := NewDecoder(r)
	req, err := d.RequestHead()
	if err != nil {
		return req, err
	}
	for {
		rec, err := d.Next()
		if err != nil {
			return req, err
		}
		if rec.End {
			return req, nil
		}
		req.Push = append(req.Push, *rec.Change)
	}
}

// Response is a whole response, as DecodeResponse reads it.
type Response struct {
	Head    ResponseHead
	Changes []store.Change
	Cursor  uint64 // after the last record read
	More    bool
}

// DecodeResponse reads a whole response (the desk's client commits one
// as it streams instead). On an error — ErrTruncated for a response that
// was cut — it returns what arrived complete before it, with the cursor
// after it.
func DecodeResponse(r io.Reader) (Response, error) {
	var resp Response
	d := NewDecoder(r)
	var err error
	if resp.Head, err = d.ResponseHead(); err != nil {
		return resp, err
	}
	resp.Cursor = resp.Head.After
	for {
		rec, err := d.Next()
		if err != nil {
			return resp, err
		}
		resp.Cursor = rec.Cursor
		if rec.End {
			resp.More = rec.More
			return resp, nil
		}
		if rec.Change != nil {
			resp.Changes = append(resp.Changes, *rec.Change)
		}
	}
}
