package store_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// An edit that moves a runner to another race never leaves them holding
// no bib (or a bib of the old race): the same change gives one of the new
// race from this desk's pool (issue 15, item 7).
func TestARaceChangeGivesABibOfTheNewRace(t *testing.T) {
	tests := []struct {
		name      string
		checkIn   bool   // the runner is checked in before the edit
		onlineBib string // the runner's bib before the edit ("" none)
		editBib   string // what the edit says about the bib
		wantBib   int
	}{
		{"a checked-in runner whose bib is left as it is gets the next bib of the new race", true, "auto", "", 400},
		{"a registered runner holding a bib gets the next bib of the new race", false, "17", "", 400},
		{"a registered runner without a bib stays without one", false, "", "", 0},
		{"auto still takes the next bib of the new race", true, "auto", "auto", 400},
		{"a bib typed in for the new race is used", true, "auto", "650", 650},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, "Desk 1")
			in := runner("Anna", "Schmidt")
			in.Bib = tt.onlineBib
			p := f.register(in)
			oldBib := p.Bib
			if tt.checkIn {
				ci, err := f.s.CheckIn(p.ID)
				if err != nil {
					t.Fatal(err)
				}
				p, oldBib = ci.Participant, ci.Participant.Bib
			}
			before := f.logLen()
			move := runner("Anna", "Schmidt")
			move.Race, move.Bib = "5k", tt.editBib
			got, err := f.s.Edit(p.ID, move)
			if err != nil {
				t.Fatalf("Edit: %v", err)
			}
			if got.Race != "5k" || got.Bib != tt.wantBib || got.Status != p.Status {
				t.Errorf("after the move: race %s bib %d status %s, want 5k / %d / %s", got.Race, got.Bib, got.Status, tt.wantBib, p.Status)
			}
			if stored := f.get(p.ID); !reflect.DeepEqual(stored, got) {
				t.Errorf("stored %+v, Edit returned %+v", stored, got)
			}
			if n := f.logLen(); n != before+1 {
				t.Errorf("the move wrote %d changes, want one", n-before)
			}
			if oldBib != 0 {
				if _, err := f.s.ByBib("10k", oldBib); err == nil {
					t.Errorf("10k bib %d still has a holder", oldBib)
				}
			}
			if tt.wantBib != 0 {
				if h, err := f.s.ByBib("5k", tt.wantBib); err != nil || h.ID != p.ID {
					t.Errorf("ByBib(5k, %d) = %q, %v", tt.wantBib, h.ID, err)
				}
			}
		})
	}
}

func TestARaceChangeWithNoBibToGiveIsRefusedNamingTheRace(t *testing.T) {
	ev := tinyEvent()
	ev.Races = append(ev.Races, model.Race{ID: "2k", Name: "2 km", Bibs: []model.BibRange{{From: 20, To: 30}},
		Pools: []model.BibPool{{Desk: "Desk 1", From: 20, To: 20}, {Desk: "Desk 2", From: 21, To: 30}}})
	tests := []struct {
		name    string
		desk    string
		prepare func(f *fixture) // uses up bibs before the move
		wantKey msg.Key
		mention []string
	}{
		{"this desk's pool of the new race is used up", "Desk 1", func(f *fixture) {
			in := runner("Voll", "Vorrat")
			in.Race = "2k"
			f.register(in) // takes 20, the only bib of Desk 1's 2k pool
		}, msg.ErrRaceMovePoolEmpty, []string{"2 km", "Desk 1", "20"}},
		{"this desk has no pool for the new race", "Desk 3", func(*fixture) {}, msg.ErrRaceMoveNoPool, []string{"2 km", "Desk 3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixtureFor(t, ev, tt.desk)
			tt.prepare(f)
			in := runner("Anna", "Schmidt")
			in.Race, in.Bib = "1k", "5"
			p := f.register(in)
			ci, err := f.s.CheckIn(p.ID)
			if err != nil {
				t.Fatal(err)
			}
			before := f.logLen()
			move := runner("Anna", "Schmidt")
			move.Race, move.Bib = "2k", ""
			_, err = f.s.Edit(p.ID, move)
			var fe *model.FieldError
			if !errors.As(err, &fe) || fe.Field != model.FRace || fe.Key != tt.wantKey {
				t.Fatalf("err = %v, want a race FieldError %s", err, tt.wantKey)
			}
			for _, lang := range []msg.Lang{msg.EN, msg.DE} {
				text := fe.Localize(lang)
				for _, part := range tt.mention {
					if !strings.Contains(text, part) {
						t.Errorf("%s: %q does not mention %q", lang, text, part)
					}
				}
			}
			if got := f.get(p.ID); !reflect.DeepEqual(got, ci.Participant) {
				t.Errorf("the refused move changed the runner to %+v", got)
			}
			if n := f.logLen(); n != before {
				t.Errorf("the refused move wrote %d changes", n-before)
			}
		})
	}
}
