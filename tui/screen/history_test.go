package screen_test

import (
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

func TestHistoryLineSaysWhatChangedInTheDesksWords(t *testing.T) {
	at := time.Date(2026, 12, 6, 9, 12, 0, 0, time.Local)
	checkIn := store.Change{HLC: model.MakeHLC(at.UnixMilli(), 0), Desk: "Desk 1", Op: store.OpUpdate, Fields: []model.FieldChange{
		{Field: model.FBib, Value: "400"}, {Field: model.FCheckedInAt, Value: at.Format(time.RFC3339)},
		{Field: model.FCheckedInDesk, Value: "Desk 1"}, {Field: model.FPaidCents, Value: "1300"},
		{Field: model.FPayMethod, Value: "cash"}, {Field: model.FStatus, Value: "checked-in"},
	}}
	created := store.Change{HLC: model.MakeHLC(at.UnixMilli(), 0), Desk: "A very long desk name\x1b[31m", Op: store.OpCreate,
		Fields: []model.FieldChange{{Field: model.FBorn, Value: "1985-03-12"}, {Field: model.FClub, Value: ""}}}
	tests := []struct {
		name string
		lang msg.Lang
		ch   store.Change
		want string
	}{
		{"a check-in with payment, in English", msg.EN, checkIn,
			"06.12. 09:12 Desk 1   bib 400, amount paid 13,00 €, payment cash, status checked in"},
		{"a check-in with payment, in German", msg.DE, checkIn,
			"06.12. 09:12 Desk 1   Startnummer 400, bezahlter Betrag 13,00 €, Zahlung bar, Status eingecheckt"},
		{"a creation, with a long desk name cut and its escape removed", msg.EN, created,
			"06.12. 09:12 A very … created: birth date 12.03.1985, club –"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := screen.HistoryLine(tt.lang, tt.ch); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
