package model_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// participantFields is every field constant of model (field.first ...
// field.checked_in_desk in the catalog).
var participantFields = []string{
	model.FFirst, model.FLast, model.FBorn, model.FGender, model.FClub, model.FEmail, model.FPhone,
	model.FRace, model.FBib, model.FStatus, model.FPaidCents, model.FPayMethod, model.FSource,
	model.FExternalID, model.FCheckedInAt, model.FCheckedInDesk,
}

func TestEveryFieldHasALabelInEveryLanguage(t *testing.T) {
	for _, lang := range []msg.Lang{msg.EN, msg.DE} {
		for _, f := range append(participantFields, "?") {
			key := msg.Key("field." + f)
			if !msg.Has(lang, key) {
				t.Errorf("catalog %s has no label %s", lang, key)
				continue
			}
			if got := model.FieldLabel(lang, f, nil); got == "" || got == string(key) {
				t.Errorf("FieldLabel(%s, %q) = %q", lang, f, got)
			}
		}
	}
}

func TestFieldLabel(t *testing.T) {
	labels := map[msg.Lang]string{msg.DE: "T-Shirt-Größe", msg.EN: "T-shirt size"}
	tests := []struct {
		name     string
		lang     msg.Lang
		field    string
		override map[msg.Lang]string
		want     string
	}{
		{"a field in English", msg.EN, model.FBorn, nil, "birth date"},
		{"a field in German", msg.DE, model.FBorn, nil, "Geburtsdatum"},
		{"the desk field in German", msg.DE, model.FCheckedInDesk, nil, "eingecheckt am Tisch"},
		{"an extra field's English label", msg.EN, "x.tshirt", labels, "T-shirt size"},
		{"an extra field's German label", msg.DE, "x.tshirt", labels, "T-Shirt-Größe"},
		{"English falls back to the German label", msg.EN, "x.tshirt", map[msg.Lang]string{msg.DE: "T-Shirt-Größe"}, "T-Shirt-Größe"},
		{"an extra field without labels is called by its key", msg.EN, "x.tshirt", nil, "tshirt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := model.FieldLabel(tt.lang, tt.field, tt.override); got != tt.want {
				t.Errorf("FieldLabel(%s, %q) = %q, want %q", tt.lang, tt.field, got, tt.want)
			}
		})
	}
}

func TestFieldErrorRendering(t *testing.T) {
	fe := &model.FieldError{Field: model.FBib, Input: "400", Key: msg.ErrBibRange, Args: []any{"10 km Hauptlauf", "1-399"}}
	tests := []struct {
		lang msg.Lang
		want string
	}{
		{msg.EN, `bib "400": not a bib of 10 km Hauptlauf (1-399)`},
		{msg.DE, `Startnummer "400": keine Startnummer von 10 km Hauptlauf (1-399)`},
	}
	for _, tt := range tests {
		t.Run("a bib error in "+string(tt.lang), func(t *testing.T) {
			if got := fe.Localize(tt.lang); got != tt.want {
				t.Errorf("Localize = %q, want %q", got, tt.want)
			}
			if got := msg.Error(tt.lang, fe); got != tt.want {
				t.Errorf("msg.Error = %q, want %q", got, tt.want)
			}
		})
	}
	if fe.Error() != fe.Localize(msg.EN) {
		t.Errorf("Error() = %q is not the English rendering", fe.Error())
	}
}

func TestValidationErrorRendersOneLinePerError(t *testing.T) {
	ve := model.ValidationError{
		{Field: model.FFirst, Key: msg.ErrRequired},
		{Field: model.FBorn, Input: "31.02.1985", Key: msg.ErrBornNoSuchDay},
	}
	wantDE := "Vorname: fehlt\nGeburtsdatum \"31.02.1985\": diesen Tag gibt es nicht (Format TT.MM.JJJJ)"
	if got := ve.Localize(msg.DE); got != wantDE {
		t.Errorf("Localize(de) = %q, want %q", got, wantDE)
	}
	wantEN := "first name: required\nbirth date \"31.02.1985\": no such day (use DD.MM.YYYY)"
	if got := ve.Error(); got != wantEN {
		t.Errorf("Error() = %q, want %q", got, wantEN)
	}
	if got := msg.Error(msg.DE, ve); got != wantDE {
		t.Errorf("msg.Error(de) = %q, want %q", got, wantDE)
	}
}

func TestProblem(t *testing.T) {
	p := model.NewProblem(msg.ErrBibNotFound, 17)
	if got, want := p.Localize(msg.DE), "kein Teilnehmer mit Startnummer 17"; got != want {
		t.Errorf("Localize(de) = %q, want %q", got, want)
	}
	if got, want := p.Error(), "no participant with bib 17"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	wrapped := fmt.Errorf("check-in: %w", p)
	if !errors.Is(wrapped, model.NewProblem(msg.ErrBibNotFound)) {
		t.Error("errors.Is does not match a Problem with the same key")
	}
	if errors.Is(wrapped, model.NewProblem(msg.ErrNotFound)) {
		t.Error("errors.Is matches a Problem with another key")
	}
	if got, want := msg.Error(msg.DE, wrapped), "check-in: kein Teilnehmer mit Startnummer 17"; got != want {
		t.Errorf("msg.Error(de, wrapped) = %q, want %q", got, want)
	}
}
