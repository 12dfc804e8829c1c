package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

func phoneEntry(first string) model.ParticipantInput {
	return model.ParticipantInput{First: first, Last: "Flut", Born: "1990", Gender: "w", Race: "5k"}
}

func TestRegisterPendingUpToStopsAtTheCap(t *testing.T) {
	f := newFixture(t, "Desk 1")
	for _, n := range []string{"A", "B"} {
		if _, err := f.s.RegisterPendingUpTo(phoneEntry(n), 2); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.s.RegisterPendingUpTo(phoneEntry("C"), 2); !errors.Is(err, store.ErrTooManyPending) {
		t.Fatalf("third: %v, want ErrTooManyPending", err)
	}
	if _, err := f.s.RegisterPendingUpTo(model.ParticipantInput{First: "X"}, 2); err == nil || errors.Is(err, store.ErrTooManyPending) {
		t.Errorf("an invalid entry at the cap: %v (the fields are checked first)", err)
	}
	if _, err := f.s.RegisterPendingUpTo(phoneEntry("D"), 0); err != nil {
		t.Errorf("without a cap: %v", err)
	}
	if c, _ := f.s.Counts(); c.Pending != 3 {
		t.Errorf("%d pending, want 3", c.Pending)
	}
}

func TestABatchOfUnconfirmedRegistrationsIsDeletedAndConfirmedOnesStay(t *testing.T) {
	f := newFixture(t, "Desk 1")
	before, _ := f.s.RegisterPending(phoneEntry("Early"))
	f.clock.Advance(20 * time.Minute)
	since := f.clock.Now()
	var flood []model.Participant
	for _, n := range []string{"Fa", "Fb", "Fc", "Fd"} {
		f.clock.Advance(time.Second)
		p, err := f.s.RegisterPending(phoneEntry(n))
		if err != nil {
			t.Fatal(err)
		}
		flood = append(flood, p)
	}
	if _, err := f.s.CheckIn(flood[1].ID); err != nil { // a real runner among them
		t.Fatal(err)
	}
	list, err := f.s.PendingSince(since)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || list[0].ID != flood[0].ID || list[2].ID != flood[3].ID || !list[0].At.Equal(since.Add(time.Second).Truncate(time.Millisecond)) {
		t.Fatalf("pending since: %+v", list)
	}
	// One is confirmed between the list and the deletion: it stays.
	if _, err := f.s.CheckIn(flood[2].ID); err != nil {
		t.Fatal(err)
	}
	ids := []string{list[0].ID, list[1].ID, list[2].ID}
	res, err := f.s.DeletePendingIDs(ids, "phone form flood")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Deleted) != 2 || res.Skipped != 1 {
		t.Errorf("result %+v: want 2 deleted, 1 skipped", res)
	}
	for i, want := range []model.Status{model.Deleted, model.CheckedIn, model.CheckedIn, model.Deleted} {
		p, err := f.s.Get(flood[i].ID)
		if err != nil || p.Status != want {
			t.Errorf("flood[%d]: %s %v, want %s", i, p.Status, err, want)
		}
		if want == model.Deleted && (p.First != "" || p.Code != "") {
			t.Errorf("flood[%d] deleted but keeps its data: %+v", i, p)
		}
	}
	if p, _ := f.s.Get(before.ID); p.Status != model.Pending {
		t.Errorf("the registration before the window: %s", p.Status)
	}
	if c, _ := f.s.Counts(); c.Pending != 1 || c.CheckedIn != 2 {
		t.Errorf("counts %+v", c)
	}
	h, _ := f.s.History(flood[0].ID)
	if last := h[len(h)-1]; last.Op != store.OpDelete {
		t.Errorf("the deletion is not a change in the log: %+v", last)
	}
	if _, err := f.s.DeletePending(flood[1].ID, "phone form flood"); !errors.Is(err, store.ErrNotPending) {
		t.Errorf("deleting a confirmed runner: %v", err)
	}
}
