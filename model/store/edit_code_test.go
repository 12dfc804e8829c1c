package store_test

import (
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

func TestEditKeepsThePhoneRegistrationsCode(t *testing.T) {
	f := newFixture(t, "Desk 1")
	p, err := f.s.RegisterPending(model.ParticipantInput{First: "Anna", Last: "Weiß", Born: "1990", Gender: "w", Race: "5k"})
	if err != nil {
		t.Fatal(err)
	}
	in := model.InputOf(&p)
	in.Club = "LG Buchau"
	got, err := f.s.Edit(p.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if got.Code != p.Code || f.get(p.ID).Code != p.Code {
		t.Errorf("code after an edit: returned %q, stored %q, want %q", got.Code, f.get(p.ID).Code, p.Code)
	}
	if got.Club != "LG Buchau" {
		t.Errorf("club %q", got.Club)
	}
}

// The desk's edit form has no field for the registration ID of an online
// entry: an edit from it must keep the ID (the next import finds the
// runner by it), as it keeps the phone code.
func TestEditWithoutARegistrationIDKeepsIt(t *testing.T) {
	f := newFixture(t, "Desk 1")
	p, err := f.s.Register(model.ParticipantInput{First: "Anna", Last: "Weiß", Born: "1990", Gender: "w", Race: "5k", ExternalID: "WR26-1001"}, store.RegisterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if q, ok, _ := f.s.ByExternalID("WR26-1001"); !ok || q.ID != p.ID {
		t.Fatalf("before the edit: %v %+v", ok, q)
	}
	in := model.InputOf(&p)
	in.ExternalID, in.Club = "", "LG Buchau"
	if _, err := f.s.Edit(p.ID, in); err != nil {
		t.Fatal(err)
	}
	if got := f.get(p.ID).ExternalID; got != "WR26-1001" {
		t.Errorf("registration ID after an edit without it: %q", got)
	}
	if q, ok, err := f.s.ByExternalID("WR26-1001"); err != nil || !ok || q.ID != p.ID {
		t.Errorf("the ID no longer finds the runner: %v %v", ok, err)
	}
}
