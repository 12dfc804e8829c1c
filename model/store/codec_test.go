package store

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/racedesk/racedesk/model"
)

// randomRecord makes a record with any field set or not, any number of
// distinct stamps, devices that are UUIDs or not, and a history.
func randomRecord(rng *rand.Rand) *record {
	word := func() string {
		ws := []string{"", "Jörg", "Müller", "x", "Ærø", "a\x00b", "10k", "TSV Buchau 1846 e. V.", "online"}
		return ws[rng.IntN(len(ws))]
	}
	p := model.Participant{ID: model.NewID(), First: word(), Last: word(), Gender: model.Gender(word()), Club: word(),
		Email: word(), Phone: word(), Race: word(), Status: model.Status(word()), PayMethod: model.PayMethod(word()),
		Source: model.Source(word()), ExternalID: word(), CheckedInAt: word(), CheckedInDesk: word(), Code: word(),
		Bib: rng.IntN(3) * rng.IntN(100000), PaidCents: rng.IntN(3) * (rng.IntN(5000) - 100)}
	if rng.IntN(2) == 0 {
		p.Born = model.BirthDate{Year: 1900 + rng.IntN(120), Month: rng.IntN(13), Day: rng.IntN(32)}
	}
	for i := rng.IntN(3); i > 0; i-- {
		if p.Extra == nil {
			p.Extra = map[string]string{}
		}
		p.Extra[word()+"k"] = word() + "v"
	}
	rec := &record{P: p}
	rec.fill()
	devs := []string{model.NewID(), "cloud-1", "D9BDECE9-1399-4062-8773-EDCB04F5F33F"}
	for f := range p.Fields() {
		rec.stamp(f, model.HLC(rng.Uint64()>>rng.IntN(64)), devs[rng.IntN(len(devs))], originCodes[rng.IntN(len(originCodes))])
	}
	if rng.IntN(4) == 0 {
		rec.stamp("future_field", 7, devs[0], "phone-app")
	}
	seq := uint64(0)
	for i := rng.IntN(5); i > 0; i-- {
		seq += 1 + uint64(rng.IntN(1000))
		rec.Log = append(rec.Log, seq)
	}
	return rec
}

// Every record and change reads back as it was written.
func TestCompactEncodingRoundTrips(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 13))
	for i := 0; i < 2000; i++ {
		rec := randomRecord(rng)
		got, err := decodeRecord(rec.P.ID, encodeRecord(rec))
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		if !reflect.DeepEqual(got, rec) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, rec)
		}
		p, err := decodeParticipant(rec.P.ID, encodeRecord(rec))
		if err != nil || !reflect.DeepEqual(p, rec.P) {
			t.Fatalf("participant only: %+v, %v", p, err)
		}
		if text, err := decodeSearchText(rec.P.ID, encodeRecord(rec)); err != nil || text != searchText(&rec.P) {
			t.Fatalf("search text %q, %v; want %q", text, err, searchText(&rec.P))
		}
		ch := Change{Device: rec.Devs[model.FLast], DevSeq: rng.Uint64N(1 << 40), HLC: model.HLC(rng.Uint64()), Desk: rec.P.First,
			Entity: []string{EntityParticipant, EntityTiming, "other"}[rng.IntN(3)], ID: rec.P.ID,
			Op: []string{OpCreate, OpUpdate, "void"}[rng.IntN(3)], Origin: originCodes[rng.IntN(len(originCodes))], Fields: model.Diff(nil, &rec.P)}
		if rng.IntN(3) == 0 {
			ch.Relay = model.NewID()
		}
		var back Change
		if err := decodeChangeValue(encodeChange(&ch), &back); err != nil || !reflect.DeepEqual(back, ch) {
			t.Fatalf("change round trip:\n got %+v (%v)\nwant %+v", back, err, ch)
		}
	}
}

// A registration's record is a fraction of its JSON.
func TestARegistrationRecordIsCompact(t *testing.T) {
	dev := model.NewID()
	p := model.Participant{ID: model.NewID(), First: "Jörg", Last: "Müller-Lüdenscheidt", Born: model.BirthDate{Year: 1980, Month: 2, Day: 3},
		Gender: model.Male, Club: "TSV Buchau", Email: "j.mueller@example.org", Phone: "+49 7582 1234", Race: "10k", Bib: 4711,
		Status: model.Registered, PaidCents: 1500, PayMethod: model.Online, Source: model.SourceOnline, ExternalID: "WR26-1211",
		Extra: map[string]string{"tshirt": "L"}}
	rec := &record{P: p, Log: []uint64{123456}}
	rec.fill()
	for f := range p.Fields() {
		rec.stamp(f, model.HLC(1<<60), dev, OriginImport)
	}
	if n := len(encodeRecord(rec)); n > 170 { // JSON: about 1,000
		t.Errorf("record of a full online registration: %d bytes", n)
	}
}

// Decoding never panics, whatever the bytes.
func FuzzDecodeRecord(f *testing.F) {
	rng := rand.New(rand.NewPCG(1, 1))
	for i := 0; i < 8; i++ {
		f.Add(encodeRecord(randomRecord(rng)))
	}
	f.Add([]byte(`{"p":{"first":"A"}}`))
	f.Add([]byte{formatV1, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, v []byte) {
		decodeRecord("id", v)
		decodeParticipant("id", v)
		decodeSearchText("id", v)
		var ch Change
		decodeChangeValue(v, &ch)
	})
}

// Participant IDs stored as keys read back as they were, UUID or not.
func TestParticipantKeysRoundTrip(t *testing.T) {
	for _, id := range []string{model.NewID(), "0193F3A2-0000-7000-8000-000000000000", "x1", "fifteen-bytes-x", "exactly16bytes!!", "seventeen-bytes-x", ""} {
		k := pidKey(id)
		if got := pidOf(k); got != id {
			t.Errorf("pidOf(pidKey(%q)) = %q", id, got)
		}
		if len(k) == 16 && len(id) != 36 {
			t.Errorf("%q took a UUID's key length", id)
		}
	}
	if n := len(pidKey(model.NewID())); n != 16 {
		t.Errorf("a UUID key is %d bytes", n)
	}
}
