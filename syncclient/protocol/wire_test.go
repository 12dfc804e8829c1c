package protocol

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

const (
	devA = "5042ab03-22cd-4095-b21f-9394506e30ae"
	devB = "0191f0c2-7d3e-7a10-9c1e-1f2e3d4c5b6a"
)

// sampleChanges covers what the encoding treats apart: UUID and other
// IDs, two devices and two desk names of one device, clocks that go
// back, empty values, fields of a newer desk, a timing event.
func sampleChanges() []store.Change {
	f := func(kv ...string) []model.FieldChange {
		var out []model.FieldChange
		for i := 0; i < len(kv); i += 2 {
			out = append(out, model.FieldChange{Field: kv[i], Value: kv[i+1]})
		}
		return out
	}
	return []store.Change{
		{Seq: 3, Device: devA, DevSeq: 1, HLC: model.MakeHLC(1796543210123, 0), Desk: "cloud", Entity: store.EntityParticipant,
			ID: "01a23220-609f-7ae3-9acf-6614801fe96f", Op: store.OpCreate, Origin: store.OriginImport,
			Fields: f("born", "1988-09-03", "first", "François", "last", "Köhler", "x.tshirt", "M")},
		{Seq: 4, Device: devA, DevSeq: 2, HLC: model.MakeHLC(1796543210123, 1), Desk: "cloud", Entity: store.EntityParticipant,
			ID: "01A23220-609F-7AE3-9ACF-6614801FE96F", Op: store.OpUpdate, Origin: store.OriginImport,
			Fields: f("club", "")},
		{Seq: 9, Device: devB, DevSeq: 17, HLC: model.MakeHLC(1796543000000, 65535), Desk: "Desk 1", Entity: store.EntityParticipant,
			ID: "reg-4711", Op: store.OpUpdate, Origin: store.OriginDesk, Fields: f("status", "checked-in", "bib", "17")},
		{Seq: 10, Device: devB, DevSeq: 16, HLC: model.MakeHLC(1796543000001, 0), Desk: "Desk 1 (Halle)", Entity: "timing",
			ID: "0191f0c2-7d3e-7a10-9c1e-000000000001", Op: store.OpCreate, Fields: f("kind", "finish", "at", "2026-12-06T10:11:12.345Z")},
		{Seq: 200, Device: "not-a-uuid", DevSeq: 1, HLC: 0, Desk: "", Entity: store.EntityParticipant, ID: "", Op: store.OpCreate},
	}
}

func sampleAck() store.Ack {
	return store.Ack{Upto: 17, UptoDigest: strings.Repeat("ab", 32), Reused: []uint64{12, 13},
		Refused:   map[uint64]string{12: "birth date in the future", 3: "ü"},
		Restamped: map[uint64]model.HLC{15: model.MakeHLC(1796543210123, 7)}, Ahead: 18, ServerNow: 1796543210456}
}

// encodeResponse encodes a response; a position after the changes is
// written when position is beyond them.
func encodeResponse(t testing.TB, head ResponseHead, changes []store.Change, position uint64, more bool) []byte {
	t.Helper()
	var b bytes.Buffer
	e := NewEncoder(&b)
	if err := e.ResponseHead(&head); err != nil {
		t.Fatal(err)
	}
	for i := range changes {
		if err := e.Change(&changes[i], true); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Position(position); err != nil {
		t.Fatal(err)
	}
	if err := e.End(more); err != nil {
		t.Fatal(err)
	}
	if err := e.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestAResponseComesBackAsItWasSent(t *testing.T) {
	head := ResponseHead{ServerTime: 1796543210999, Ack: sampleAck(), After: 2}
	b := encodeResponse(t, head, sampleChanges(), 250, true)
	got, err := DecodeResponse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Head, head) {
		t.Errorf("head:\n got %+v\nwant %+v", got.Head, head)
	}
	if !reflect.DeepEqual(got.Changes, sampleChanges()) {
		t.Errorf("changes:\n got %+v\nwant %+v", got.Changes, sampleChanges())
	}
	if got.Cursor != 250 || !got.More {
		t.Errorf("end: cursor %d, more %v", got.Cursor, got.More)
	}
}

func TestARequestComesBackAsItWasSent(t *testing.T) {
	req := SyncRequest{Event: "buchauer-nikolaus-waldlauf-2026@2026-12-06", Device: devB, Desk: "Desk 1", Cursor: 1234, Limit: 500, Push: sampleChanges()}
	var b bytes.Buffer
	if err := EncodeRequest(&b, &req); err != nil {
		t.Fatal(err)
	}
	got, err := DecodeRequest(&b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range req.Push {
		req.Push[i].Seq = 0 // a request does not carry log positions
	}
	if !reflect.DeepEqual(got, req) {
		t.Errorf("request:\n got %+v\nwant %+v", got, req)
	}
}

// Cut at any byte, a response gives every change that arrived complete,
// each with its log position, and then ErrTruncated.
func TestACutResponseKeepsEveryCompleteChange(t *testing.T) {
	head := ResponseHead{ServerTime: 1, Ack: sampleAck(), After: 2}
	want := sampleChanges()
	b := encodeResponse(t, head, want, 250, false)
	prev := 0
	for n := 0; n < len(b); n++ {
		got, err := DecodeResponse(bytes.NewReader(b[:n]))
		changes, cursor := got.Changes, got.Cursor
		if !errors.Is(err, ErrTruncated) {
			t.Fatalf("cut after %d of %d bytes: %v, want ErrTruncated", n, len(b), err)
		}
		if len(changes) > 0 && !reflect.DeepEqual(changes, want[:len(changes)]) {
			t.Fatalf("cut after %d bytes: changes are not the first %d sent", n, len(changes))
		}
		if len(changes) < prev {
			t.Fatalf("cut after %d bytes: %d changes, %d at one byte less", n, len(changes), prev)
		}
		prev = len(changes)
		if len(changes) > 0 && cursor < changes[len(changes)-1].Seq {
			t.Fatalf("cut after %d bytes: cursor %d before the last change kept (%d)", n, cursor, changes[len(changes)-1].Seq)
		}
	}
	if prev != len(want) {
		t.Errorf("one byte short of the end: %d of %d changes", prev, len(want))
	}
}

func TestBadMessagesAreErrors(t *testing.T) {
	good := encodeResponse(t, ResponseHead{After: 2}, sampleChanges()[:1], 0, false)
	var req bytes.Buffer
	if err := EncodeRequest(&req, &SyncRequest{Device: devA}); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{
		"empty":              nil,
		"json":               []byte(`{"v":2}`),
		"a request as reply": req.Bytes(),
		"unknown record":     append(append([]byte{}, good[:len(good)-3]...), 'Z'),
		"wrong change count": append(append([]byte{}, good[:len(good)-1]...), 5),
		"undefined source":   append([]byte(Magic+"H\x00\x00\x00\x00\x00\x00\x00"), tagChange, 1, 7),
		"string too long":    append([]byte(Magic+"H\x00\x00\x00\x00\x00\x00\x00"), tagString, 0xff, 0xff, 0xff, 0xff, 0x0f),
		"not utf-8":          append([]byte(Magic+"H\x00\x00\x00\x00\x00\x00\x00"), tagString, 2, 0xc3, 0x28),
		"position standing":  append([]byte(Magic+"H\x00\x00\x00\x00\x00\x00\x00"), tagPosition, 0),
		"digest of 5 bytes":  []byte(Magic + "H\x00\x00\x00\x05abcde\x00\x00\x00"),
	} {
		if _, err := DecodeResponse(bytes.NewReader(b)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := DecodeRequest(bytes.NewReader(good)); err == nil {
		t.Errorf("a response read as a request: no error")
	}
}

func TestUUIDsTravelAsSixteenBytes(t *testing.T) {
	for _, tc := range []struct {
		id   string
		uuid bool
	}{
		{"01a23220-609f-7ae3-9acf-6614801fe96f", true},
		{"01A23220-609F-7AE3-9ACF-6614801FE96F", false}, // upper case comes back upper case, as text
		{"01a23220609f7ae39acf6614801fe96f", false},
		{"01a23220-609f-7ae3-9acf-6614801fe96", false},
		{"01a23220-609f-7ae3-9acf-6614801fe96g", false},
		{"01a23220+609f-7ae3-9acf-6614801fe96f", false},
	} {
		b, ok := uuidBytes(tc.id)
		if ok != tc.uuid {
			t.Errorf("%q: as 16 bytes %v, want %v", tc.id, ok, tc.uuid)
		}
		if ok && uuidText(b[:]) != tc.id {
			t.Errorf("%q came back as %q", tc.id, uuidText(b[:]))
		}
	}
}

// FuzzDecode: whatever arrives, the decoder returns an error or records,
// never panics; and what it reads, re-encoded, reads the same again.
func FuzzDecode(f *testing.F) {
	f.Add(encodeResponse(f, ResponseHead{ServerTime: 1796543210999, Ack: sampleAck(), After: 2}, sampleChanges(), 250, true))
	f.Add(encodeResponse(f, ResponseHead{}, nil, 0, false))
	var req bytes.Buffer
	if err := EncodeRequest(&req, &SyncRequest{Event: "e", Device: devA, Desk: "Desk 1", Cursor: 9, Push: sampleChanges()}); err != nil {
		f.Fatal(err)
	}
	f.Add(req.Bytes())
	f.Add([]byte(Magic + "H"))
	f.Add([]byte(Magic + "Q\x01e\x01d\x00\x00\x00E\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if resp, err := DecodeResponse(bytes.NewReader(b)); err == nil {
			again, err := DecodeResponse(bytes.NewReader(encodeResponse(t, resp.Head, resp.Changes, resp.Cursor, resp.More)))
			if err != nil || !reflect.DeepEqual(again, resp) {
				t.Fatalf("re-encoded response reads differently: %v", err)
			}
		}
		if r, err := DecodeRequest(bytes.NewReader(b)); err == nil {
			var out bytes.Buffer
			if err := EncodeRequest(&out, &r); err != nil {
				t.Fatal(err)
			}
			again, err := DecodeRequest(&out)
			if err != nil || !reflect.DeepEqual(again, r) {
				t.Fatalf("re-encoded request reads differently: %v", err)
			}
		}
		// Truncated input is an error, never a success or a panic.
		d := NewDecoder(bytes.NewReader(b))
		if _, err := d.ResponseHead(); err == nil {
			for {
				rec, err := d.Next()
				if err == io.EOF {
					t.Fatal("io.EOF before the end record")
				}
				if err != nil || rec.End {
					break
				}
			}
		}
	})
}
