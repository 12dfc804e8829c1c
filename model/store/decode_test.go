package store

import (
	"encoding/json"
	"testing"

	"github.com/racedesk/racedesk/model"
)

// The read paths decode only the participant of a record; they must read
// the same participant as a full decode, and still read a record whose
// fields come in another order.
func TestDecodeParticipantReadsWhatAFullDecodeReads(t *testing.T) {
	p := model.Participant{ID: "x1", First: "Jörg", Last: "Müller", Race: "10k", Bib: 7, Club: `LG "Buchau"`,
		Extra: map[string]string{"shirt": "M"}, Status: model.CheckedIn}
	rec := record{P: p, Clocks: map[string]model.HLC{"first": 1}, Devs: map[string]string{"first": "d"}, Origins: map[string]Origin{"first": OriginDesk}}
	v, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeParticipant("x1", v)
	if err != nil || got.Last != "Müller" || got.Club != `LG "Buchau"` || got.Extra["shirt"] != "M" || got.Bib != 7 || got.Status != model.CheckedIn {
		t.Errorf("decoded %+v, %v", got, err)
	}
	other := []byte(`{"c":{"first":1},"p":{"id":"x2","first":"Anna","last":"Schmidt"}}`)
	if got, err := decodeParticipant("x2", other); err != nil || got.First != "Anna" {
		t.Errorf("a record with p later: %+v, %v", got, err)
	}
	if _, err := decodeParticipant("x3", []byte(`{"p":`)); err == nil {
		t.Error("a broken record decoded")
	}
}
