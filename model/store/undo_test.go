package store_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// An undo puts back what one of this desk's changes changed, as a new
// change in the log; fields changed since are kept and named.
func TestRevertPutsBackWhatAChangeChanged(t *testing.T) {
	f := newFixture(t, "Desk 1")
	p := f.register(with(runner("Jörg", "Müller"), func(in *model.ParticipantInput) { in.Bib = "" }))
	res, err := f.s.CheckInPaying(p.ID, model.Cash)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Participant; got.Status != model.CheckedIn || got.Bib == 0 || got.PayMethod != model.Cash || got.PaidCents == 0 {
		t.Fatalf("check-in with cash: %+v", got)
	}
	recent, err := f.s.RecentOwn(5)
	if err != nil || len(recent) != 1 {
		t.Fatalf("recent own changes %v, %v: want the check-in only (not the registration)", recent, err)
	}
	logBefore := f.logLen()
	back, kept, err := f.s.Revert(recent[0].Seq)
	if err != nil || len(kept) > 0 {
		t.Fatalf("Revert: %v, kept %v", err, kept)
	}
	if back.Status != model.Registered || back.Bib != 0 || back.PaidCents != 0 || back.PayMethod != "" || back.CheckedInAt != "" {
		t.Errorf("after undo: %+v; want registered, no bib, unpaid", back)
	}
	if f.logLen() != logBefore+1 {
		t.Errorf("an undo is one new change in the log (%d → %d)", logBefore, f.logLen())
	}
	// An edit, then a newer edit of one of its fields: undoing the first
	// keeps the newer value.
	in := model.InputOf(&back)
	in.Club, in.Phone = "LG Buchau", "0170 1234"
	if _, err := f.s.Edit(p.ID, in); err != nil {
		t.Fatal(err)
	}
	in.Club = "TSV Kappel"
	if _, err := f.s.Edit(p.ID, in); err != nil {
		t.Fatal(err)
	}
	recent, _ = f.s.RecentOwn(5)
	first := recent[1] // newest first: recent[0] is the second edit
	got, kept, err := f.s.Revert(first.Seq)
	if err != nil {
		t.Fatal(err)
	}
	if got.Club != "TSV Kappel" || got.Phone != "" || !slices.Equal(kept, []string{model.FClub}) {
		t.Errorf("undo of the first edit: club %q phone %q kept %v; want the newer club kept, the phone back", got.Club, got.Phone, kept)
	}
	if _, _, err := f.s.Revert(first.Seq); !isProblem(err, msg.ErrNothingToUndo) {
		t.Errorf("undoing it again: %v, want nothing to undo", err)
	}
}

func isProblem(err error, k msg.Key) bool {
	var p *model.Problem
	return errors.As(err, &p) && p.Key == k
}

// A registration is not undone (a runner is not deleted this way).
func TestRevertRefusesARegistration(t *testing.T) {
	f := newFixture(t, "Desk 1")
	f.register(runner("Anna", "Schmidt"))
	log, _ := f.s.Log(0, 0)
	if _, _, err := f.s.Revert(log[len(log)-1].Seq); err == nil {
		t.Errorf("a registration was undone")
	}
}
