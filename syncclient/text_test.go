package syncclient

import (
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// Issue 17, item 2: the cloud checks every text a pushed change carries
// by the text policy — not only names — and refuses a change that breaks
// it, naming the field, before any other desk can show it.
func TestTheCloudRefusesPushedTextThatBreaksThePolicy(t *testing.T) {
	w := newWorld(t)
	a := w.desk("Desk 1")
	p := register(t, a.Store, "Gültig", "Läuferin", "1990", "w", "10k")
	mustSync(t, a)
	hlc := func() model.HLC { return model.MakeHLC(w.clock.Now().UnixMilli(), 0) }
	checkIn := func(desk string) []model.FieldChange {
		return []model.FieldChange{{Field: model.FStatus, Value: string(model.CheckedIn)},
			{Field: model.FCheckedInAt, Value: "2026-12-06T08:01:00Z"}, {Field: model.FCheckedInDesk, Value: desk}}
	}
	evil := "Desk\x1b]0;PWNED\x07"
	for _, tc := range []struct {
		name, field string
		ch          store.Change
	}{
		{"a check-in by a desk whose name holds an escape sequence", model.FCheckedInDesk,
			store.Change{Entity: store.EntityParticipant, ID: p.ID, Op: store.OpUpdate, Desk: "Desk 2", Fields: checkIn(evil)}},
		{"a code with an escape sequence", model.FCode,
			store.Change{Entity: store.EntityParticipant, ID: p.ID, Op: store.OpUpdate, Desk: "Desk 2", Fields: []model.FieldChange{{Field: model.FCode, Value: "K7\x1b[2J"}}}},
		{"a change sent under a desk name with an escape sequence", model.FDesk,
			store.Change{Entity: store.EntityParticipant, ID: p.ID, Op: store.OpUpdate, Desk: evil, Fields: []model.FieldChange{{Field: model.FClub, Value: "LG Nord"}}}},
		{"a club with a C1 control", model.FClub,
			store.Change{Entity: store.EntityParticipant, ID: p.ID, Op: store.OpUpdate, Desk: "Desk 2", Fields: []model.FieldChange{{Field: model.FClub, Value: "LG\u009b2J"}}}},
		{"a last name with a soft hyphen", model.FLast,
			store.Change{Entity: store.EntityParticipant, ID: p.ID, Op: store.OpUpdate, Desk: "Desk 2", Fields: []model.FieldChange{{Field: model.FLast, Value: "Läu\u00adferin"}}}},
		{"an extra field with an escape sequence", model.ExtraPrefix + "tshirt",
			store.Change{Entity: store.EntityParticipant, ID: p.ID, Op: store.OpUpdate, Desk: "Desk 2", Fields: []model.FieldChange{{Field: model.ExtraPrefix + "tshirt", Value: "M\x1b[2J"}}}},
		{"a DSQ reason with an escape sequence", model.FReason,
			store.Change{Entity: store.EntityTiming, ID: model.NewID(), Op: store.OpCreate, Desk: "Desk 2", Fields: []model.FieldChange{
				{Field: "kind", Value: string(model.KindStatus)}, {Field: "bib", Value: "1"}, {Field: "status", Value: string(model.DSQ)},
				{Field: "reason", Value: "cut the course" + evil}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch := tc.ch
			dev := "evil " + tc.field
			ch.Device, ch.DevSeq, ch.HLC = dev, 1, hlc()
			before, _ := w.cloud.Get(p.ID)
			ack, err := w.cloud.Push(dev, []store.Change{ch})
			if err != nil {
				t.Fatal(err)
			}
			reason := ack.Refused[1]
			if reason == "" {
				t.Fatalf("ack %+v: the change must be refused", ack)
			}
			if label := model.FieldLabel("en", tc.field, nil); !strings.Contains(reason, label) {
				t.Errorf("the reason %q does not name the field (%s)", reason, label)
			}
			if strings.ContainsAny(reason, "\x1b\x07\u009b") {
				t.Errorf("the reason carries the control character: %q", reason)
			}
			if after, _ := w.cloud.Get(p.ID); after.Club != before.Club || after.CheckedInDesk != before.CheckedInDesk || after.Code != before.Code || after.Last != before.Last {
				t.Errorf("the cloud applied it: %+v", after)
			}
		})
	}
}
