package model_test

import (
	"reflect"
	"testing"

	"github.com/racedesk/racedesk/model"
)

// fullParticipant has every field set, extra fields included.
func fullParticipant() model.Participant {
	return model.Participant{
		ID:            "0190f0e4-0000-7000-8000-000000000001",
		First:         "Jörg",
		Last:          "Müller",
		Born:          march12,
		Gender:        model.Male,
		Club:          "LG Buchau",
		Email:         "joerg@example.org",
		Phone:         "+49 170 1234567",
		Race:          "10k",
		Bib:           17,
		Status:        model.CheckedIn,
		PaidCents:     1550,
		PayMethod:     model.Cash,
		Source:        model.SourceDesk,
		ExternalID:    "RR-4711",
		Extra:         map[string]string{"tshirt": "XL", "emergency_phone": "0170 999"},
		CheckedInAt:   "2026-12-06T09:12:00+01:00",
		CheckedInDesk: "Desk 1",
	}
}

func TestFieldsFlattensEveryField(t *testing.T) {
	p := fullParticipant()
	want := map[string]string{
		model.FFirst:         "Jörg",
		model.FLast:          "Müller",
		model.FBorn:          "1985-03-12",
		model.FGender:        "M",
		model.FClub:          "LG Buchau",
		model.FEmail:         "joerg@example.org",
		model.FPhone:         "+49 170 1234567",
		model.FRace:          "10k",
		model.FBib:           "17",
		model.FStatus:        "checked-in",
		model.FPaidCents:     "1550",
		model.FPayMethod:     "cash",
		model.FSource:        "desk",
		model.FExternalID:    "RR-4711",
		model.FCheckedInAt:   "2026-12-06T09:12:00+01:00",
		model.FCheckedInDesk: "Desk 1",
		"x.tshirt":           "XL",
		"x.emergency_phone":  "0170 999",
	}
	if got := p.Fields(); !reflect.DeepEqual(got, want) {
		t.Errorf("Fields() =\n%v\nwant\n%v", got, want)
	}
}

func TestFieldsLeavesOutEmptyValues(t *testing.T) {
	p := model.Participant{First: "Anna", Last: "Roth", Born: model.BirthDate{Year: 1990}, Race: "5k", Status: model.Registered}
	want := map[string]string{"first": "Anna", "last": "Roth", "born": "1990", "race": "5k", "status": "registered"}
	if got := p.Fields(); !reflect.DeepEqual(got, want) {
		t.Errorf("Fields() = %v, want %v (no bib 0, no paid_cents 0, no empty strings)", got, want)
	}
}

func TestSetFieldRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		name string
		p    model.Participant
	}{
		{"a participant with every field set", fullParticipant()},
		{"a participant with a birth year alone", model.Participant{First: "Anna", Last: "Roth", Born: model.BirthDate{Year: 1990}, Race: "5k", Status: model.Registered, Source: model.SourceOnline}},
		{"a participant with only a name", model.Participant{First: "Anna"}},
	} {
		t.Run(tt.name+" survives Fields and SetField", func(t *testing.T) {
			want := tt.p
			want.ID = "" // the ID is the record's key, not a field
			var got model.Participant
			for name, value := range tt.p.Fields() {
				if err := got.SetField(name, value); err != nil {
					t.Fatalf("SetField(%q, %q): %v", name, value, err)
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("rebuilt participant =\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

func TestSetFieldClearsWithAnEmptyValue(t *testing.T) {
	p := fullParticipant()
	for _, f := range []string{
		model.FFirst, model.FLast, model.FBorn, model.FGender, model.FClub, model.FEmail, model.FPhone,
		model.FRace, model.FBib, model.FStatus, model.FPaidCents, model.FPayMethod, model.FSource,
		model.FExternalID, model.FCheckedInAt, model.FCheckedInDesk, "x.tshirt", "x.emergency_phone",
	} {
		if err := p.SetField(f, ""); err != nil {
			t.Fatalf("SetField(%q, \"\"): %v", f, err)
		}
		if _, still := p.Fields()[f]; still {
			t.Errorf("field %q is still set after clearing it", f)
		}
	}
	if got := p.Fields(); len(got) != 0 {
		t.Errorf("after clearing every field, Fields() = %v", got)
	}
	if p.ID == "" {
		t.Error("clearing fields cleared the ID")
	}
}

func TestSetFieldRejects(t *testing.T) {
	tests := []struct {
		name, field, value string
	}{
		{"a bib that is no number", model.FBib, "zwölf"},
		{"an amount that is no number", model.FPaidCents, "15,50"},
		{"a birth date that is not in stored form", model.FBorn, "12.03.1985"},
		{"a birth date that does not exist", model.FBorn, "1985-02-31"},
		{"an unknown field", "shoe", "42"},
		{"a field named like a label", "First", "Anna"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is rejected", func(t *testing.T) {
			p := fullParticipant()
			before := fullParticipant()
			if err := p.SetField(tt.field, tt.value); err == nil {
				t.Errorf("SetField(%q, %q) = nil, want an error", tt.field, tt.value)
			}
			if !reflect.DeepEqual(p, before) {
				t.Errorf("a rejected SetField changed the participant:\n%+v", p)
			}
		})
	}
}

func TestSetFieldAddsExtraFieldsToAnEmptyMap(t *testing.T) {
	var p model.Participant
	if err := p.SetField("x.tshirt", "M"); err != nil {
		t.Fatal(err)
	}
	if p.Extra["tshirt"] != "M" {
		t.Errorf("Extra = %v, want tshirt=M", p.Extra)
	}
	// Clearing an extra field that was never set is fine.
	var q model.Participant
	if err := q.SetField("x.tshirt", ""); err != nil {
		t.Errorf("clearing an unset extra field: %v", err)
	}
}

func TestDiff(t *testing.T) {
	base := fullParticipant()
	tests := []struct {
		name   string
		before *model.Participant
		change func(p *model.Participant)
		want   []model.FieldChange
	}{
		{"an unchanged participant has no changes", &base, func(p *model.Participant) {}, nil},
		{"a new bib is one change", &base, func(p *model.Participant) { p.Bib = 18 },
			[]model.FieldChange{{Field: "bib", Value: "18"}}},
		{"a cleared bib is a change to empty", &base, func(p *model.Participant) { p.Bib = 0 },
			[]model.FieldChange{{Field: "bib", Value: ""}}},
		{"a cleared extra field is a change to empty", &base, func(p *model.Participant) {
			p.Extra = map[string]string{"tshirt": "XL"}
		}, []model.FieldChange{{Field: "x.emergency_phone", Value: ""}}},
		{"a changed extra field and a new one are listed", &base, func(p *model.Participant) {
			p.Extra = map[string]string{"tshirt": "S", "emergency_phone": "0170 999", "helper": "Ziel"}
		}, []model.FieldChange{{Field: "x.helper", Value: "Ziel"}, {Field: "x.tshirt", Value: "S"}}},
		{"changes come sorted by field name", &base, func(p *model.Participant) {
			p.Status = model.DNS
			p.Club = ""
			p.PaidCents = 2000
			p.Born = model.BirthDate{Year: 1985}
		}, []model.FieldChange{
			{Field: "born", Value: "1985"},
			{Field: "club", Value: ""},
			{Field: "paid_cents", Value: "2000"},
			{Field: "status", Value: "dns"},
		}},
		{"a change of the ID alone is no field change", &base, func(p *model.Participant) { p.ID = "other" }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := *tt.before
			after.Extra = map[string]string{}
			for k, v := range tt.before.Extra {
				after.Extra[k] = v
			}
			tt.change(&after)
			got := model.Diff(tt.before, &after)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Diff =\n%v\nwant\n%v", got, tt.want)
			}
			// Applying the diff to the old record gives the new one.
			applied := *tt.before
			applied.Extra = map[string]string{}
			for k, v := range tt.before.Extra {
				applied.Extra[k] = v
			}
			for _, c := range got {
				if err := applied.SetField(c.Field, c.Value); err != nil {
					t.Fatalf("SetField(%q, %q): %v", c.Field, c.Value, err)
				}
			}
			if !reflect.DeepEqual(applied.Fields(), after.Fields()) {
				t.Errorf("old record plus Diff =\n%v\nwant\n%v", applied.Fields(), after.Fields())
			}
		})
	}
}

func TestDiffFromNothingListsEveryField(t *testing.T) {
	p := fullParticipant()
	got := model.Diff(nil, &p)
	fields := p.Fields()
	if len(got) != len(fields) {
		t.Fatalf("Diff(nil, p) has %d changes, want %d (one per field)", len(got), len(fields))
	}
	for i, c := range got {
		if fields[c.Field] != c.Value {
			t.Errorf("change %s = %q, want %q", c.Field, c.Value, fields[c.Field])
		}
		if i > 0 && got[i-1].Field >= c.Field {
			t.Errorf("changes not sorted: %q before %q", got[i-1].Field, c.Field)
		}
	}
}

func TestFullName(t *testing.T) {
	tests := []struct {
		name        string
		first, last string
		want        string
	}{
		{"first and last", "Anna", "Roth", "Anna Roth"},
		{"a last name alone has no leading space", "", "Roth", "Roth"},
		{"a first name alone has no trailing space", "Anna", "", "Anna"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := model.Participant{First: tt.first, Last: tt.last}
			if got := p.FullName(); got != tt.want {
				t.Errorf("FullName() = %q, want %q", got, tt.want)
			}
		})
	}
}
