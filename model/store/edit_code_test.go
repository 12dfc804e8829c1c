package store_test

import (
	"testing"

	"github.com/racedesk/racedesk/model"
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
