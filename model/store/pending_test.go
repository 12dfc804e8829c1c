package store_test

import (
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
)

func TestSelfRegistrationIsPendingUntilTheDeskConfirms(t *testing.T) {
	f := newFixture(t, "Desk 1")
	p, err := f.s.RegisterPending(model.ParticipantInput{First: "Zoë", Last: "Dvořák", Born: "3.4.1999", Gender: "w", Race: "5k", Bib: "401", Status: "checked-in"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != model.Pending || p.Source != model.SourceHotspot || p.Bib != 0 || len(p.Code) != 6 {
		t.Fatalf("pending registration %+v: the phone must not set status or bib", p)
	}
	if c, _ := f.s.Counts(); c.Pending != 1 || c.Late != 1 {
		t.Errorf("counts %+v", c)
	}
	hits, err := f.s.Search(strings.ToLower(p.Code), 0)
	if err != nil || len(hits) != 1 || hits[0].Participant.ID != p.ID {
		t.Fatalf("search by code %s: %v %v", p.Code, hits, err)
	}
	res, err := f.s.CheckIn(p.ID)
	if err != nil || res.Participant.Status != model.CheckedIn || res.Participant.Bib == 0 {
		t.Fatalf("confirm: %+v %v", res, err)
	}
	if c, _ := f.s.Counts(); c.Pending != 0 || c.CheckedIn != 1 {
		t.Errorf("counts after confirm %+v", c)
	}
	if _, err := f.s.RegisterPending(model.ParticipantInput{First: "", Last: "X", Born: "31.02.1990", Gender: "q", Race: "5k"}); err == nil {
		t.Error("an invalid self-registration was stored")
	}
}

// Codes are searched the way they are typed: folded like every query, so
// a code with "UE" or "AE" in it is found too.
func TestEveryCodeIsFoundBySearch(t *testing.T) {
	f := newFixture(t, "Desk 1")
	for i := 0; i < 200; i++ {
		p, err := f.s.RegisterPending(model.ParticipantInput{First: "Anna", Last: "Weiß", Born: "1990", Gender: "w", Race: "5k"})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{p.Code, strings.ToLower(p.Code)} {
			hits, err := f.s.Search(q, 0)
			if err != nil || len(hits) != 1 || hits[0].Participant.ID != p.ID {
				t.Fatalf("code %s searched as %q: %d hits, %v", p.Code, q, len(hits), err)
			}
		}
	}
}
