package store_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

func TestEveryMutationAppendsExactlyOneChange(t *testing.T) {
	f := newFixture(t, "Desk 1")
	dev := f.s.Device()
	var id string
	steps := []struct {
		name   string
		do     func() (string, error)
		op     string
		fields []model.FieldChange
	}{
		{
			name: "register",
			do: func() (string, error) {
				in := runner("Jörg", "Müller")
				in.Club = "TSV Buchau"
				in.Bib = ""
				p, err := f.s.Register(in, store.RegisterOptions{})
				id = p.ID
				return p.ID, err
			},
			op: store.OpCreate,
			fields: []model.FieldChange{
				{Field: "born", Value: "1985-03-12"}, {Field: "club", Value: "TSV Buchau"},
				{Field: "first", Value: "Jörg"}, {Field: "gender", Value: "M"}, {Field: "last", Value: "Müller"},
				{Field: "race", Value: "10k"}, {Field: "source", Value: "desk"}, {Field: "status", Value: "registered"},
			},
		},
		{
			name: "take payment",
			do: func() (string, error) {
				_, err := f.s.TakePayment(id, model.Cash, -1)
				return id, err
			},
			op:     store.OpUpdate,
			fields: []model.FieldChange{{Field: "paid_cents", Value: "2000"}, {Field: "pay_method", Value: "cash"}},
		},
		{
			name: "check in",
			do: func() (string, error) {
				_, err := f.s.CheckIn(id)
				return id, err
			},
			op: store.OpUpdate,
			fields: []model.FieldChange{
				{Field: "bib", Value: "1"}, {Field: "checked_in_at", Value: pinned.Add(time.Second).Format(time.RFC3339)},
				{Field: "checked_in_desk", Value: "Desk 1"}, {Field: "status", Value: "checked-in"},
			},
		},
		{
			name: "edit clears the club and fixes the first name",
			do: func() (string, error) {
				in := runner("Jürgen", "Müller")
				in.Bib = ""
				_, err := f.s.Edit(id, in)
				return id, err
			},
			op:     store.OpUpdate,
			fields: []model.FieldChange{{Field: "club", Value: ""}, {Field: "first", Value: "Jürgen"}},
		},
		{
			name: "set status",
			do: func() (string, error) {
				_, err := f.s.SetStatus(id, model.DNS)
				return id, err
			},
			op:     store.OpUpdate,
			fields: []model.FieldChange{{Field: "status", Value: "dns"}},
		},
		{
			name: "payment taken back",
			do: func() (string, error) {
				_, err := f.s.TakePayment(id, model.Unpaid, 0)
				return id, err
			},
			op:     store.OpUpdate,
			fields: []model.FieldChange{{Field: "paid_cents", Value: ""}, {Field: "pay_method", Value: ""}},
		},
		{
			name: "a second runner",
			do: func() (string, error) {
				p, err := f.s.Register(runner("Anna", "Schmidt"), store.RegisterOptions{})
				return p.ID, err
			},
			op: store.OpCreate,
		},
	}

	var prev store.Change
	for i, step := range steps {
		f.clock.Advance(time.Duration(i%2) * time.Second) // the wall clock sometimes stands still
		changedID, err := step.do()
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		log, err := f.s.Log(0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != i+1 {
			t.Fatalf("after %s the log has %d entries, want %d", step.name, len(log), i+1)
		}
		ch := log[i]
		if ch.Device != dev.ID || ch.Desk != "Desk 1" || ch.Entity != store.EntityParticipant {
			t.Errorf("%s: device %q desk %q entity %q, want %q / Desk 1 / participant", step.name, ch.Device, ch.Desk, ch.Entity, dev.ID)
		}
		if ch.DevSeq != uint64(i+1) {
			t.Errorf("%s: DevSeq %d, want %d", step.name, ch.DevSeq, i+1)
		}
		if ch.Seq != uint64(i+1) {
			t.Errorf("%s: Seq %d, want %d", step.name, ch.Seq, i+1)
		}
		if i > 0 && ch.HLC <= prev.HLC {
			t.Errorf("%s: HLC %v is not after %v", step.name, ch.HLC, prev.HLC)
		}
		if ch.HLC.WallMillis() < f.clock.Now().UnixMilli() {
			t.Errorf("%s: HLC %v is behind the clock %v", step.name, ch.HLC, f.clock.Now())
		}
		if ch.ID != changedID || ch.Op != step.op {
			t.Errorf("%s: entry for %s op %s, want %s op %s", step.name, ch.ID, ch.Op, changedID, step.op)
		}
		if step.fields != nil && !reflect.DeepEqual(ch.Fields, step.fields) {
			t.Errorf("%s: fields\n%v\nwant\n%v", step.name, ch.Fields, step.fields)
		}
		prev = ch
	}

	hist, err := f.s.History(id)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != len(steps)-1 {
		t.Fatalf("History has %d entries, want %d", len(hist), len(steps)-1)
	}
	for i, ch := range hist {
		if ch.ID != id || ch.Seq != uint64(i+1) || !reflect.DeepEqual(ch.Fields, steps[i].fields) {
			t.Errorf("History[%d] = seq %d id %s fields %v", i, ch.Seq, ch.ID, ch.Fields)
		}
	}
}

func TestHistoryListsOnlyThatParticipantInOrder(t *testing.T) {
	f := newFixture(t, "Desk 1")
	a := f.register(runner("Anna", "Schmidt"))
	b := f.register(runner("Bert", "Schmidt"))
	steps := []func() error{
		func() error { _, err := f.s.CheckIn(b.ID); return err },
		func() error { _, err := f.s.TakePayment(a.ID, model.Card, -1); return err },
		func() error { _, err := f.s.SetStatus(b.ID, model.DNF); return err },
		func() error { _, err := f.s.CheckIn(a.ID); return err },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		id   string
		seqs []uint64
	}{{a.ID, []uint64{1, 4, 6}}, {b.ID, []uint64{2, 3, 5}}} {
		hist, err := f.s.History(tt.id)
		if err != nil {
			t.Fatal(err)
		}
		var seqs []uint64
		for _, ch := range hist {
			seqs = append(seqs, ch.Seq)
			if ch.ID != tt.id {
				t.Errorf("History(%s) holds an entry of %s", tt.id, ch.ID)
			}
		}
		if !reflect.DeepEqual(seqs, tt.seqs) {
			t.Errorf("History(%s) seqs %v, want %v", tt.id, seqs, tt.seqs)
		}
	}
	if hist, err := f.s.History("nobody"); err != nil || len(hist) != 0 {
		t.Errorf("History(nobody) = %v, %v", hist, err)
	}
}

func TestLogPagesAfterAPosition(t *testing.T) {
	f := newFixture(t, "Desk 1")
	for range 5 {
		f.register(runner("Anna", "Schmidt"))
	}
	page, err := f.s.Log(2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 2 || page[0].Seq != 3 || page[1].Seq != 4 {
		t.Errorf("Log(2, 2) = %+v, want seqs 3 and 4", page)
	}
	if rest, _ := f.s.Log(4, 0); len(rest) != 1 || rest[0].Seq != 5 {
		t.Errorf("Log(4, 0) = %+v, want seq 5", rest)
	}
	if none, _ := f.s.Log(5, 0); len(none) != 0 {
		t.Errorf("Log(5, 0) = %+v, want nothing", none)
	}
}

func TestModificationsThatChangeNothingAreNotLogged(t *testing.T) {
	f := newFixture(t, "Desk 1")
	in := runner("Anna", "Schmidt")
	in.Club = "LG Buchau"
	p := f.register(in)
	if _, err := f.s.TakePayment(p.ID, model.Cash, 1500); err != nil {
		t.Fatal(err)
	}
	before := f.logLen()
	noops := []struct {
		name string
		do   func() error
	}{
		{"the same status", func() error { _, err := f.s.SetStatus(p.ID, model.Registered); return err }},
		{"the same payment", func() error { _, err := f.s.TakePayment(p.ID, model.Cash, 1500); return err }},
		{"the same input", func() error { _, err := f.s.Edit(p.ID, in); return err }},
		{"the same input with the bib left empty", func() error {
			same := in
			same.Bib = ""
			_, err := f.s.Edit(p.ID, same)
			return err
		}},
		{"the same input spelled with other spaces", func() error {
			same := in
			same.First, same.Club = "  Anna ", "LG   Buchau"
			_, err := f.s.Edit(p.ID, same)
			return err
		}},
		{"a modify that changes nothing", func() error {
			_, err := f.s.Modify(p.ID, func(_ *bolt.Tx, p *model.Participant) error { return nil })
			return err
		}},
	}
	for _, tt := range noops {
		f.clock.Advance(time.Second)
		if err := tt.do(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if n := f.logLen(); n != before {
			t.Errorf("%s: the log grew from %d to %d", tt.name, before, n)
		}
	}
	if h, _ := f.s.History(p.ID); len(h) != 2 {
		t.Errorf("History has %d entries, want 2", len(h))
	}
}

var errGiveUp = errors.New("give up")

func TestAFailedTransactionLeavesNoEntryAndNoGap(t *testing.T) {
	f := newFixture(t, "Desk 1")
	a := f.register(runner("Anna", "Schmidt"))
	b := f.register(runner("Bert", "Braun"))
	ext := runner("Cora", "Extern")
	ext.ExternalID = "RR-1"
	f.register(ext)

	failures := []struct {
		name string
		do   func() error
	}{
		{"a duplicate bib at registration", func() error {
			in := runner("Dup", "Licate")
			in.Bib = "1"
			_, err := f.s.Register(in, store.RegisterOptions{})
			return err
		}},
		{"a duplicate bib in an edit", func() error {
			in := runner("Bert", "Braun")
			in.Bib = "1"
			_, err := f.s.Edit(b.ID, in)
			return err
		}},
		{"a duplicate external ID", func() error {
			in := runner("Dup", "Licate")
			in.ExternalID = "RR-1"
			_, err := f.s.Register(in, store.RegisterOptions{})
			return err
		}},
		{"a modify that gives up", func() error {
			_, err := f.s.Modify(a.ID, func(_ *bolt.Tx, p *model.Participant) error {
				p.Club = "half written"
				return errGiveUp
			})
			return err
		}},
	}
	for _, tt := range failures {
		if err := tt.do(); err == nil {
			t.Fatalf("%s succeeded", tt.name)
		}
	}
	if got := f.get(a.ID); got.Club != "" {
		t.Errorf("aborted Modify left club %q", got.Club)
	}
	if got := f.get(b.ID); got.Bib != 2 {
		t.Errorf("Bert's bib = %d after a refused edit, want 2", got.Bib)
	}
	f.register(runner("Emil", "Danach"))
	log, err := f.s.Log(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 4 {
		t.Fatalf("log has %d entries, want 4", len(log))
	}
	for i, ch := range log {
		if ch.DevSeq != uint64(i+1) || ch.Seq != uint64(i+1) {
			t.Errorf("entry %d: DevSeq %d Seq %d, want %d", i, ch.DevSeq, ch.Seq, i+1)
		}
	}
	if c := f.counts(); c.Total != 4 {
		t.Errorf("total = %d, want 4", c.Total)
	}
}

func TestTheLogContinuesAfterReopening(t *testing.T) {
	f := newFixture(t, "Desk 1")
	f.register(runner("Anna", "Schmidt"))
	f.register(runner("Bert", "Braun"))
	first, _ := f.s.Log(0, 0)
	dev := f.s.Device()
	// The clock jumps back (a laptop with a wrong date): the HLC must not.
	f.clock.Advance(-time.Hour)
	f.reopen(store.Options{})
	if f.s.Device() != dev {
		t.Errorf("device %+v after reopening, was %+v", f.s.Device(), dev)
	}
	f.register(runner("Cora", "Clausen"))
	log, _ := f.s.Log(0, 0)
	if len(log) != 3 {
		t.Fatalf("log has %d entries, want 3", len(log))
	}
	if log[2].DevSeq != 3 || log[2].HLC <= first[1].HLC {
		t.Errorf("entry after reopening: DevSeq %d HLC %v (previous %v)", log[2].DevSeq, log[2].HLC, first[1].HLC)
	}
}
