package model_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// goodInput is a complete, valid desk registration for the example event.
func goodInput() model.ParticipantInput {
	return model.ParticipantInput{
		First:  "Anna",
		Last:   "Müller",
		Born:   "12.03.1985",
		Gender: "w",
		Club:   "LG Buchau",
		Email:  "anna@example.org",
		Phone:  "+49 170 1234567",
		Race:   "10k",
		Bib:    "17",
		Paid:   "cash",
		Extra:  map[string]string{"tshirt": "M"},
	}
}

func TestParseGender(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  model.Gender
	}{
		{"m is male", "m", model.Male},
		{"w is female", "w", model.Female},
		{"d is diverse", "d", model.Diverse},
		{"M is male", "M", model.Male},
		{"W is female", "W", model.Female},
		{"D is diverse", "D", model.Diverse},
		{"male is male", "male", model.Male},
		{"Male in title case is male", "Male", model.Male},
		{"female is female", "female", model.Female},
		{"f is female", "f", model.Female},
		{"F is female", "F", model.Female},
		{"diverse is diverse", "diverse", model.Diverse},
		{"männlich is male", "männlich", model.Male},
		{"weiblich is female", "weiblich", model.Female},
		{"divers is diverse", "divers", model.Diverse},
		{"MÄNNLICH in capitals is male", "MÄNNLICH", model.Male},
		{"WEIBLICH in capitals is female", "WEIBLICH", model.Female},
		{"männlich with a decomposed umlaut is male", "ma\u0308nnlich", model.Male},
		{"maennlich spelled out is male", "maennlich", model.Male},
		{"surrounding spaces are ignored", "  w  ", model.Female},
		{"a tab and a newline are ignored", "\tM\n", model.Male},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := model.ParseGender(tt.input)
			if err != nil {
				t.Fatalf("ParseGender(%q): %v", tt.input, err)
			}
			if got != tt.want {
				t.Errorf("ParseGender(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}

func TestParseGenderRejects(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		wantKey msg.Key
		wantEN  string
	}{
		{"q is no gender", "q", msg.ErrGender, `gender "q": expected M (male), W (female) or D (diverse)`},
		{"mw is no gender", "mw", msg.ErrGender, `gender "mw": expected M (male), W (female) or D (diverse)`},
		{"m w with a space is no gender", "m w", msg.ErrGender, `gender "m w": expected M (male), W (female) or D (diverse)`},
		{"an empty gender is missing", "", msg.ErrGenderMissing, `gender: required (M, W or D)`},
		{"spaces only are missing", "   ", msg.ErrGenderMissing, `gender: required (M, W or D)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := model.ParseGender(tt.input)
			fe := fieldError(t, err)
			if g != "" {
				t.Errorf("ParseGender(%q) returned %q along with the error", tt.input, g)
			}
			if fe.Field != model.FGender {
				t.Errorf("error field = %q, want %q", fe.Field, model.FGender)
			}
			if fe.Key != tt.wantKey {
				t.Errorf("error key = %s, want %s", fe.Key, tt.wantKey)
			}
			if got := fe.Localize(msg.EN); got != tt.wantEN {
				t.Errorf("Localize(en) = %q, want %q", got, tt.wantEN)
			}
		})
	}
	_, err := model.ParseGender("q")
	if got, want := fieldError(t, err).Localize(msg.DE), `Geschlecht "q": erwartet M (männlich), W (weiblich) oder D (divers)`; got != want {
		t.Errorf("Localize(de) = %q, want %q", got, want)
	}
}

func TestValidateHappyPath(t *testing.T) {
	ev := exampleEvent(t)
	v, err := model.Validate(ev, goodInput(), today, false)
	if err != nil {
		t.Fatalf("Validate: %v", err)
	}
	want := model.Participant{
		First:     "Anna",
		Last:      "Müller",
		Born:      march12,
		Gender:    model.Female,
		Club:      "LG Buchau",
		Email:     "anna@example.org",
		Phone:     "+49 170 1234567",
		Race:      "10k",
		Bib:       17,
		Status:    model.Registered,
		PaidCents: 1500,
		PayMethod: model.Cash,
		Source:    model.SourceDesk,
		Extra:     map[string]string{"tshirt": "M"},
	}
	if !reflect.DeepEqual(v.Participant, want) {
		t.Errorf("Validate participant =\n%+v\nwant\n%+v", v.Participant, want)
	}
	if v.AutoBib {
		t.Error("AutoBib is set for a bib typed by hand")
	}
}

func TestValidateReportsEveryErrorAtOnce(t *testing.T) {
	ev := exampleEvent(t)
	in := model.ParticipantInput{
		First:  "  ",
		Last:   "123",
		Born:   "31.02.1985",
		Gender: "q",
		Email:  "anna@",
		Phone:  "call me",
		Race:   "10k",
		Bib:    "9999",
		Paid:   "maybe",
		Status: "gone",
		Extra:  map[string]string{"tshirt": "XXXL", "shoe": "42"},
	}
	before := in
	beforeExtra := map[string]string{"tshirt": "XXXL", "shoe": "42"}

	_, err := model.Validate(ev, in, today, false)
	ve := validationError(t, err)

	want := map[string]msg.Key{
		model.FFirst:     msg.ErrRequired,
		model.FLast:      msg.ErrNameDigits,
		model.FBorn:      msg.ErrBornNoSuchDay,
		model.FGender:    msg.ErrGender,
		model.FEmail:     msg.ErrEmail,
		model.FPhone:     msg.ErrPhone,
		model.FBib:       msg.ErrBibRange,
		model.FPayMethod: msg.ErrPayMethod,
		model.FStatus:    msg.ErrStatus,
		"x.tshirt":       msg.ErrChoice,
		"x.shoe":         msg.ErrUnknownField,
	}
	got := map[string]msg.Key{}
	for _, fe := range ve {
		if _, dup := got[fe.Field]; dup {
			t.Errorf("field %q reported twice", fe.Field)
		}
		got[fe.Field] = fe.Key
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("errors by field =\n%v\nwant\n%v\nall:\n%s", got, want, ve.Localize(msg.EN))
	}
	for field, key := range want {
		if fe := ve.For(field); fe == nil || fe.Key != key {
			t.Errorf("For(%q) = %v, want key %s", field, fe, key)
		}
	}
	if ve.For(model.FClub) != nil {
		t.Error("For(club) reports an error for a field that was fine")
	}
	if lines := strings.Split(ve.Localize(msg.EN), "\n"); len(lines) != len(want) {
		t.Errorf("Localize renders %d lines, want one per error (%d)", len(lines), len(want))
	}

	// The form shows the input again: Validate must not touch it.
	if !reflect.DeepEqual(in, before) || !reflect.DeepEqual(in.Extra, beforeExtra) {
		t.Errorf("Validate changed its input:\n%+v\nwas\n%+v", in, before)
	}
}

func TestValidateReportsErrorsInAStableOrder(t *testing.T) {
	// A form lists the errors in the order Validate gives them; the same
	// input must give the same list every time.
	ev := exampleEvent(t)
	in := goodInput()
	in.Extra = map[string]string{"a": "1", "b": "2", "c": "3", "d": "4", "e": "5", "f": "6"}
	_, err := model.Validate(ev, in, today, false)
	first := validationError(t, err).Localize(msg.EN)
	for i := 0; i < 20; i++ {
		_, err := model.Validate(ev, in, today, false)
		if got := validationError(t, err).Localize(msg.EN); got != first {
			t.Fatalf("second run gave\n%s\nfirst gave\n%s", got, first)
		}
	}
}

func TestValidateNames(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		want    string
		wantKey msg.Key
	}{
		{name: "a plain name is kept", input: "Anna", want: "Anna"},
		{name: "surrounding spaces are trimmed", input: "  Anna  ", want: "Anna"},
		{name: "inner runs of spaces become one", input: "Anna   Lena", want: "Anna Lena"},
		{name: "a decomposed umlaut is stored composed (NFC)", input: "Mu\u0308ller", want: "M\u00fcller"},
		{name: "a hyphen and an apostrophe are fine", input: "O'Brien-Smith", want: "O'Brien-Smith"},
		{name: "letters of other scripts are fine", input: "Дмитрий", want: "Дмитрий"},
		{name: "an empty name is required", input: "", wantKey: msg.ErrRequired},
		{name: "spaces only are required", input: " \t ", wantKey: msg.ErrRequired},
		{name: "a name with no letter is rejected", input: "--", wantKey: msg.ErrNameNoLetter},
		{name: "a name of punctuation is rejected", input: ". ,", wantKey: msg.ErrNameNoLetter},
		{name: "a name that is a bib is rejected", input: "123", wantKey: msg.ErrNameDigits},
		{name: "a name with a digit is rejected", input: "Anna 2", wantKey: msg.ErrNameDigits},
		{name: "a name with a control character is rejected", input: "An\x00na", wantKey: msg.ErrControlChar},
		{name: "a name with invalid UTF-8 is rejected", input: "An\xffna", wantKey: msg.ErrBadChars},
		{name: "a name of 60 letters is fine", input: strings.Repeat("a", 60), want: strings.Repeat("a", 60)},
		{name: "60 umlauts are 60 characters, not 120 bytes", input: strings.Repeat("ü", 60), want: strings.Repeat("ü", 60)},
		{name: "60 decomposed umlauts are 60 characters after NFC", input: strings.Repeat("u\u0308", 60), want: strings.Repeat("ü", 60)},
		{name: "a name of 61 letters is too long", input: strings.Repeat("a", 61), wantKey: msg.ErrTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := model.ValidateName(model.FLast, tt.input)
			if tt.wantKey != "" {
				fe := fieldError(t, err)
				if fe.Key != tt.wantKey || fe.Field != model.FLast {
					t.Errorf("ValidateName(%q) error %s on %q, want %s on last", tt.input, fe.Key, fe.Field, tt.wantKey)
				}
				return
			}
			if err != nil {
				t.Fatalf("ValidateName(%q): %v", tt.input, err)
			}
			if got != tt.want {
				t.Errorf("ValidateName(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}

func TestValidateNormalizesNamesOfTheParticipant(t *testing.T) {
	ev := exampleEvent(t)
	in := goodInput()
	in.First = "  Jo\u0308rg  "
	in.Last = "Mu\u0308ller  -  Lu\u0308denscheidt"
	v, err := model.Validate(ev, in, today, false)
	if err != nil {
		t.Fatal(err)
	}
	if v.Participant.First != "J\u00f6rg" {
		t.Errorf("first = %q, want NFC %q", v.Participant.First, "J\u00f6rg")
	}
	if v.Participant.Last != "M\u00fcller - L\u00fcdenscheidt" {
		t.Errorf("last = %q, want NFC %q", v.Participant.Last, "M\u00fcller - L\u00fcdenscheidt")
	}
	if in.First != "  Jo\u0308rg  " {
		t.Errorf("Validate changed the input's first name to %q", in.First)
	}
}

func TestTooLongNameRendersTheLimit(t *testing.T) {
	_, err := model.ValidateName(model.FFirst, strings.Repeat("x", 61))
	fe := fieldError(t, err)
	want := `first name "` + strings.Repeat("x", 61) + `": too long (at most 60 characters)`
	if got := fe.Localize(msg.EN); got != want {
		t.Errorf("Localize(en) = %q, want %q", got, want)
	}
	wantDE := `Vorname "` + strings.Repeat("x", 61) + `": zu lang (höchstens 60 Zeichen)`
	if got := fe.Localize(msg.DE); got != wantDE {
		t.Errorf("Localize(de) = %q, want %q", got, wantDE)
	}
}

func TestValidateMatchesTheRace(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{"the race ID", "10k", "10k"},
		{"the race ID in capitals", "10K", "10k"},
		{"the race name", "10 km Hauptlauf", "10k"},
		{"the race name in lower case with extra spaces", "  10 km   hauptlauf ", "10k"},
		{"an alias", "Hauptlauf", "10k"},
		{"an alias in capitals", "5K FUN RUN", "5k"},
		{"an alias with punctuation instead of spaces", "5k-fun-run", "5k"},
		{"a name with an accent the file does not have", "Vólkslauf", "5k"},
		{"the bambini by ID", "bambini", "bambini"},
		{"the bambini by alias", "kinderlauf", "bambini"},
	}
	ev := exampleEvent(t)
	for _, tt := range tests {
		t.Run(tt.name+" finds "+tt.want, func(t *testing.T) {
			in := goodInput()
			in.Race = tt.input
			in.Bib = ""
			in.Born = "1985" // old enough for the 10k and the 5k
			if tt.want == "bambini" {
				in.Born = "2018"
			}
			v, err := model.Validate(ev, in, today, false)
			if err != nil {
				t.Fatalf("Validate(race %q): %v", tt.input, err)
			}
			if v.Participant.Race != tt.want {
				t.Errorf("race = %q, want %q", v.Participant.Race, tt.want)
			}
		})
	}
}

func TestValidateRejectsAnUnknownRace(t *testing.T) {
	ev := exampleEvent(t)
	tests := []struct {
		name    string
		input   string
		wantKey msg.Key
		wantEN  string
		wantDE  string
	}{
		{"a race that does not exist lists the IDs", "marathon", msg.ErrRace,
			`race "marathon": no such race (one of 10k, 5k, bambini)`,
			`Lauf "marathon": diesen Lauf gibt es nicht (einer von 10k, 5k, bambini)`},
		{"a missing race lists the IDs", "", msg.ErrRaceMissing,
			`race: required (one of 10k, 5k, bambini)`,
			`Lauf: fehlt (einer von 10k, 5k, bambini)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := goodInput()
			in.Race = tt.input
			_, err := model.Validate(ev, in, today, false)
			fe := validationError(t, err).For(model.FRace)
			if fe == nil {
				t.Fatalf("no error on race in %v", err)
			}
			if fe.Key != tt.wantKey {
				t.Errorf("key = %s, want %s", fe.Key, tt.wantKey)
			}
			if got := fe.Localize(msg.EN); got != tt.wantEN {
				t.Errorf("Localize(en) = %q, want %q", got, tt.wantEN)
			}
			if got := fe.Localize(msg.DE); got != tt.wantDE {
				t.Errorf("Localize(de) = %q, want %q", got, tt.wantDE)
			}
		})
	}
}

func TestValidateRaceAgeLimits(t *testing.T) {
	// Event year 2026: the 10k needs class age 16 (born 2010 or earlier),
	// the bambini allow at most 9 (born 2017 or later).
	tests := []struct {
		name    string
		race    string
		born    string
		wantKey msg.Key
		wantEN  string
		wantDE  string
	}{
		{name: "born 2010 is just old enough for the 10k", race: "10k", born: "31.12.2010"},
		{name: "born 2011 is too young for the 10k", race: "10k", born: "01.01.2011", wantKey: msg.ErrBornTooYoung,
			wantEN: `birth date "01.01.2011": too young for 10 km Hauptlauf (at least 16 in 2026)`,
			wantDE: `Geburtsdatum "01.01.2011": zu jung für 10 km Hauptlauf (mindestens 16 im Jahr 2026)`},
		{name: "a birth year alone is checked too", race: "10k", born: "2011", wantKey: msg.ErrBornTooYoung},
		{name: "born 2018 is just old enough for the 5k", race: "5k", born: "2018"},
		{name: "born 2019 is too young for the 5k", race: "5k", born: "2019", wantKey: msg.ErrBornTooYoung},
		{name: "born 2017 is just young enough for the bambini", race: "bambini", born: "01.01.2017"},
		{name: "born 2016 is too old for the bambini", race: "bambini", born: "31.12.2016", wantKey: msg.ErrBornTooOldForRace,
			wantEN: `birth date "31.12.2016": too old for Bambinilauf 400 m (at most 9 in 2026)`,
			wantDE: `Geburtsdatum "31.12.2016": zu alt für Bambinilauf 400 m (höchstens 9 im Jahr 2026)`},
		{name: "a grown-up is too old for the bambini", race: "bambini", born: "1985", wantKey: msg.ErrBornTooOldForRace},
		{name: "the 10k has no upper limit", race: "10k", born: "1916"},
	}
	ev := exampleEvent(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := goodInput()
			in.Race, in.Born, in.Bib, in.Extra = tt.race, tt.born, "", nil
			_, err := model.Validate(ev, in, today, false)
			if tt.wantKey == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			ve := validationError(t, err)
			if len(ve) != 1 {
				t.Errorf("got %d errors, want only the birth date:\n%s", len(ve), ve.Localize(msg.EN))
			}
			fe := ve.For(model.FBorn)
			if fe == nil || fe.Key != tt.wantKey {
				t.Fatalf("birth date error = %v, want %s", fe, tt.wantKey)
			}
			if tt.wantEN != "" {
				if got := fe.Localize(msg.EN); got != tt.wantEN {
					t.Errorf("Localize(en) = %q, want %q", got, tt.wantEN)
				}
				if got := fe.Localize(msg.DE); got != tt.wantDE {
					t.Errorf("Localize(de) = %q, want %q", got, tt.wantDE)
				}
			}
		})
	}
}

func TestValidateBib(t *testing.T) {
	tests := []struct {
		name     string
		bib      string
		wantBib  int
		wantAuto bool
		wantKey  msg.Key
		wantEN   string
	}{
		{name: "an empty bib is none yet", bib: ""},
		{name: "auto asks the store for the next bib", bib: "auto", wantAuto: true},
		{name: "AUTO in capitals asks the store too", bib: " AUTO ", wantAuto: true},
		{name: "a bib in the race's range is taken", bib: "1", wantBib: 1},
		{name: "the last bib of the range is taken", bib: "399", wantBib: 399},
		{name: "spaces around the bib are ignored", bib: " 42 ", wantBib: 42},
		{name: "a bib of another race is out of range", bib: "400", wantKey: msg.ErrBibRange,
			wantEN: `bib "400": not a bib of 10 km Hauptlauf (1-399)`},
		{name: "bib 0 is no number", bib: "0", wantKey: msg.ErrBibNumber},
		{name: "a negative bib is no number", bib: "-5", wantKey: msg.ErrBibNumber},
		{name: "letters are no bib", bib: "zwölf", wantKey: msg.ErrBibNumber,
			wantEN: `bib "zwölf": expected a number, or auto`},
	}
	ev := exampleEvent(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := goodInput()
			in.Bib = tt.bib
			v, err := model.Validate(ev, in, today, false)
			if tt.wantKey != "" {
				fe := validationError(t, err).For(model.FBib)
				if fe == nil || fe.Key != tt.wantKey {
					t.Fatalf("bib error = %v, want %s", fe, tt.wantKey)
				}
				if tt.wantEN != "" {
					if got := fe.Localize(msg.EN); got != tt.wantEN {
						t.Errorf("Localize(en) = %q, want %q", got, tt.wantEN)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if v.Participant.Bib != tt.wantBib || v.AutoBib != tt.wantAuto {
				t.Errorf("bib = %d, auto = %v; want %d, %v", v.Participant.Bib, v.AutoBib, tt.wantBib, tt.wantAuto)
			}
		})
	}
}

func TestValidatePayment(t *testing.T) {
	tests := []struct {
		name       string
		race       string
		paid       string
		amount     string
		late       bool
		wantMethod model.PayMethod
		wantCents  int
		wantField  string
		wantKey    msg.Key
	}{
		{name: "cash with no amount pays the race's fee", race: "10k", paid: "cash", wantMethod: model.Cash, wantCents: 1500},
		{name: "cash with no amount when late pays the late fee", race: "10k", paid: "cash", late: true, wantMethod: model.Cash, wantCents: 2000},
		{name: "bar is cash", race: "5k", paid: "Bar", wantMethod: model.Cash, wantCents: 1000},
		{name: "card when late pays the 5k's late fee", race: "5k", paid: "karte", late: true, wantMethod: model.Card, wantCents: 1300},
		{name: "online with no amount pays the fee", race: "10k", paid: "online", wantMethod: model.Online, wantCents: 1500},
		{name: "the bambini run for free", race: "bambini", paid: "cash", wantMethod: model.Cash, wantCents: 0},
		{name: "a late bambino pays the late fee", race: "bambini", paid: "cash", late: true, wantMethod: model.Cash, wantCents: 300},
		{name: "an amount with a decimal comma is read as euros", race: "10k", paid: "cash", amount: "15,50", wantMethod: model.Cash, wantCents: 1550},
		{name: "an amount with a decimal point is read as euros", race: "10k", paid: "cash", amount: "15.5", wantMethod: model.Cash, wantCents: 1550},
		{name: "an amount with a euro sign is read", race: "10k", paid: "card", amount: "20 €", wantMethod: model.Card, wantCents: 2000},
		{name: "an amount overrides the late fee", race: "10k", paid: "cash", amount: "15", late: true, wantMethod: model.Cash, wantCents: 1500},
		{name: "nothing paid is unpaid", race: "10k", paid: "", wantMethod: model.Unpaid},
		{name: "no is unpaid", race: "10k", paid: "nein", wantMethod: model.Unpaid},
		{name: "unpaid with an amount of 0 is unpaid", race: "10k", paid: "no", amount: "0", wantMethod: model.Unpaid},
		{name: "an amount without a method is rejected", race: "10k", paid: "", amount: "15", wantField: model.FPaidCents, wantKey: msg.ErrAmountWithoutMethod},
		{name: "an amount that is no number is rejected", race: "10k", paid: "cash", amount: "fünfzehn", wantField: model.FPaidCents, wantKey: msg.ErrAmount},
		{name: "three decimals are rejected", race: "10k", paid: "cash", amount: "15,005", wantField: model.FPaidCents, wantKey: msg.ErrAmount},
		{name: "a negative amount is rejected", race: "10k", paid: "cash", amount: "-15", wantField: model.FPaidCents, wantKey: msg.ErrAmount},
		{name: "an unknown method is rejected", race: "10k", paid: "paypal", wantField: model.FPayMethod, wantKey: msg.ErrPayMethod},
	}
	ev := exampleEvent(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := goodInput()
			in.Race, in.Paid, in.Amount, in.Bib = tt.race, tt.paid, tt.amount, ""
			if tt.race == "bambini" {
				in.Born = "2019"
			}
			v, err := model.Validate(ev, in, today, tt.late)
			if tt.wantKey != "" {
				ve := validationError(t, err)
				fe := ve.For(tt.wantField)
				if fe == nil || fe.Key != tt.wantKey {
					t.Fatalf("error on %s = %v, want %s; all:\n%s", tt.wantField, fe, tt.wantKey, ve.Localize(msg.EN))
				}
				if len(ve) != 1 {
					t.Errorf("got %d errors, want 1:\n%s", len(ve), ve.Localize(msg.EN))
				}
				return
			}
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			p := v.Participant
			if p.PayMethod != tt.wantMethod || p.PaidCents != tt.wantCents {
				t.Errorf("payment = %q %d, want %q %d", p.PayMethod, p.PaidCents, tt.wantMethod, tt.wantCents)
			}
			if p.Paid() != (tt.wantMethod != model.Unpaid) {
				t.Errorf("Paid() = %v for method %q", p.Paid(), p.PayMethod)
			}
		})
	}
}

func TestAmountWithoutMethodRenders(t *testing.T) {
	ev := exampleEvent(t)
	in := goodInput()
	in.Paid, in.Amount = "", "15"
	_, err := model.Validate(ev, in, today, false)
	fe := validationError(t, err).For(model.FPaidCents)
	if fe == nil {
		t.Fatalf("no error on paid_cents in %v", err)
	}
	if got, want := fe.Localize(msg.EN), `amount paid "15": an amount needs a payment method (cash, card or online)`; got != want {
		t.Errorf("Localize(en) = %q, want %q", got, want)
	}
	if got, want := fe.Localize(msg.DE), `bezahlter Betrag "15": ein Betrag braucht eine Zahlungsart (bar, Karte oder online)`; got != want {
		t.Errorf("Localize(de) = %q, want %q", got, want)
	}
}

func TestParseEuros(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  int
		bad   bool
	}{
		{name: "whole euros", input: "15", want: 1500},
		{name: "a decimal comma with two digits", input: "15,50", want: 1550},
		{name: "a decimal comma with one digit is tenths", input: "15,5", want: 1550},
		{name: "a decimal point", input: "7.05", want: 705},
		{name: "a euro sign behind", input: "15 €", want: 1500},
		{name: "a euro sign in front", input: "€15", want: 1500},
		{name: "EUR behind", input: "15,00 EUR", want: 1500},
		{name: "zero", input: "0", want: 0},
		{name: "an empty amount is rejected", input: "", bad: true},
		{name: "thousands separators are rejected", input: "1.500,00", bad: true},
		{name: "a minus is rejected", input: "-1", bad: true},
		{name: "a million euros is rejected", input: "1000000", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := model.ParseEuros(tt.input)
			if tt.bad {
				fe := fieldError(t, err)
				if fe.Field != model.FPaidCents || fe.Key != msg.ErrAmount {
					t.Errorf("error %s on %q, want %s on paid_cents", fe.Key, fe.Field, msg.ErrAmount)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseEuros(%q) = %d, %v; want %d", tt.input, got, err, tt.want)
			}
		})
	}
}

func TestFormatEuros(t *testing.T) {
	for cents, want := range map[int]string{0: "0,00 €", 5: "0,05 €", 1550: "15,50 €", 200000: "2000,00 €"} {
		if got := model.FormatEuros(cents); got != want {
			t.Errorf("FormatEuros(%d) = %q, want %q", cents, got, want)
		}
	}
}

func TestValidateExtraFields(t *testing.T) {
	tests := []struct {
		name      string
		extra     map[string]string
		want      map[string]string
		wantField string
		wantKey   msg.Key
		wantEN    string
		wantDE    string
	}{
		{name: "no extra fields is fine", extra: nil, want: nil},
		{name: "a choice is returned as the file spells it", extra: map[string]string{"tshirt": "xl"}, want: map[string]string{"tshirt": "XL"}},
		{name: "a choice with spaces matches ignoring case", extra: map[string]string{"tshirt": "  kinder   128 "}, want: map[string]string{"tshirt": "Kinder 128"}},
		{name: "a free-text field is trimmed", extra: map[string]string{"emergency_phone": "  0170 999 "}, want: map[string]string{"emergency_phone": "0170 999"}},
		{name: "an empty optional field is left out", extra: map[string]string{"tshirt": " "}, want: nil},
		{name: "a wrong choice lists the choices", extra: map[string]string{"tshirt": "XXXL"}, wantField: "x.tshirt", wantKey: msg.ErrChoice,
			wantEN: `T-shirt size "XXXL": expected one of XS, S, M, L, XL, XXL, Kinder 128, Kinder 140, Kinder 152`,
			wantDE: `T-Shirt-Größe "XXXL": erwartet eins von XS, S, M, L, XL, XXL, Kinder 128, Kinder 140, Kinder 152`},
		{name: "an unknown extra key is rejected", extra: map[string]string{"shoe": "42"}, wantField: "x.shoe", wantKey: msg.ErrUnknownField,
			wantEN: `shoe "42": the event has no such field`,
			wantDE: `shoe "42": dieses Feld gibt es in der Veranstaltung nicht`},
		{name: "a free-text field over its max_len is too long", extra: map[string]string{"emergency_phone": strings.Repeat("1", 41)}, wantField: "x.emergency_phone", wantKey: msg.ErrTooLong},
	}
	ev := exampleEvent(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := goodInput()
			in.Extra = tt.extra
			v, err := model.Validate(ev, in, today, false)
			if tt.wantKey != "" {
				ve := validationError(t, err)
				fe := ve.For(tt.wantField)
				if fe == nil || fe.Key != tt.wantKey {
					t.Fatalf("error on %s = %v, want %s; all:\n%s", tt.wantField, fe, tt.wantKey, ve.Localize(msg.EN))
				}
				if len(ve) != 1 {
					t.Errorf("got %d errors, want 1:\n%s", len(ve), ve.Localize(msg.EN))
				}
				if tt.wantEN != "" {
					if got := fe.Localize(msg.EN); got != tt.wantEN {
						t.Errorf("Localize(en) = %q, want %q", got, tt.wantEN)
					}
					if got := fe.Localize(msg.DE); got != tt.wantDE {
						t.Errorf("Localize(de) = %q, want %q", got, tt.wantDE)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if !reflect.DeepEqual(v.Participant.Extra, tt.want) {
				t.Errorf("extra = %#v, want %#v", v.Participant.Extra, tt.want)
			}
		})
	}
}

func TestValidateRequiredExtraField(t *testing.T) {
	ev := exampleEvent(t)
	ev.ExtraFields = append(ev.ExtraFields, model.ExtraField{Key: "helper", Label: "Helferschicht", Required: true})
	in := goodInput()
	_, err := model.Validate(ev, in, today, false)
	fe := validationError(t, err).For("x.helper")
	if fe == nil || fe.Key != msg.ErrRequired {
		t.Fatalf("error on x.helper = %v, want %s", fe, msg.ErrRequired)
	}
	// No English label in the file: English falls back to the German one.
	if got, want := fe.Localize(msg.EN), "Helferschicht: required"; got != want {
		t.Errorf("Localize(en) = %q, want %q", got, want)
	}
	if got, want := fe.Localize(msg.DE), "Helferschicht: fehlt"; got != want {
		t.Errorf("Localize(de) = %q, want %q", got, want)
	}

	in.Extra = map[string]string{"helper": "Ziel 9-11", "tshirt": "S"}
	v, err := model.Validate(ev, in, today, false)
	if err != nil {
		t.Fatalf("Validate with the helper shift: %v", err)
	}
	if want := map[string]string{"helper": "Ziel 9-11", "tshirt": "S"}; !reflect.DeepEqual(v.Participant.Extra, want) {
		t.Errorf("extra = %v, want %v", v.Participant.Extra, want)
	}
}

func TestValidateOtherFields(t *testing.T) {
	tests := []struct {
		name      string
		change    func(*model.ParticipantInput)
		check     func(t *testing.T, p model.Participant)
		wantField string
		wantKey   msg.Key
	}{
		{name: "an empty email is fine", change: func(in *model.ParticipantInput) { in.Email = "" },
			check: func(t *testing.T, p model.Participant) {
				if p.Email != "" {
					t.Errorf("email = %q", p.Email)
				}
			}},
		{name: "an email with a display name is rejected", change: func(in *model.ParticipantInput) { in.Email = "Anna <anna@example.org>" }, wantField: model.FEmail, wantKey: msg.ErrEmail},
		{name: "an email without a dot in the domain is rejected", change: func(in *model.ParticipantInput) { in.Email = "anna@localhost" }, wantField: model.FEmail, wantKey: msg.ErrEmail},
		{name: "a phone with four digits is rejected", change: func(in *model.ParticipantInput) { in.Phone = "1234" }, wantField: model.FPhone, wantKey: msg.ErrPhone},
		{name: "a phone with a plus inside is rejected", change: func(in *model.ParticipantInput) { in.Phone = "0170+123456" }, wantField: model.FPhone, wantKey: msg.ErrPhone},
		{name: "a phone with slashes and brackets is fine", change: func(in *model.ParticipantInput) { in.Phone = "(0 70 71) 12-34/5" },
			check: func(t *testing.T, p model.Participant) {
				if p.Phone != "(0 70 71) 12-34/5" {
					t.Errorf("phone = %q", p.Phone)
				}
			}},
		{name: "a club over 80 characters is too long", change: func(in *model.ParticipantInput) { in.Club = strings.Repeat("L", 81) }, wantField: model.FClub, wantKey: msg.ErrTooLong},
		{name: "a status is read in any case", change: func(in *model.ParticipantInput) { in.Status = "Checked-In" },
			check: func(t *testing.T, p model.Participant) {
				if p.Status != model.CheckedIn {
					t.Errorf("status = %q", p.Status)
				}
			}},
		{name: "a source given is kept", change: func(in *model.ParticipantInput) { in.Source = model.SourceImport },
			check: func(t *testing.T, p model.Participant) {
				if p.Source != model.SourceImport {
					t.Errorf("source = %q", p.Source)
				}
			}},
		{name: "no source is a desk registration", change: func(in *model.ParticipantInput) { in.Source = "" },
			check: func(t *testing.T, p model.Participant) {
				if p.Source != model.SourceDesk {
					t.Errorf("source = %q", p.Source)
				}
			}},
		{name: "an unknown source is rejected", change: func(in *model.ParticipantInput) { in.Source = "fax" }, wantField: model.FSource, wantKey: msg.ErrSource},
	}
	ev := exampleEvent(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := goodInput()
			tt.change(&in)
			v, err := model.Validate(ev, in, today, false)
			if tt.wantKey != "" {
				fe := validationError(t, err).For(tt.wantField)
				if fe == nil || fe.Key != tt.wantKey {
					t.Fatalf("error on %s = %v, want %s", tt.wantField, fe, tt.wantKey)
				}
				return
			}
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			tt.check(t, v.Participant)
		})
	}
}

func TestDue(t *testing.T) {
	r := &model.Race{ID: "10k", FeeCents: 1500, LateFeeCents: 2000}
	tests := []struct {
		name   string
		source model.Source
		paid   int
		want   int
	}{
		{"an unpaid online registration owes the fee", model.SourceOnline, 0, 1500},
		{"an unpaid import owes the fee", model.SourceImport, 0, 1500},
		{"an unpaid desk registration owes the late fee", model.SourceDesk, 0, 2000},
		{"an unpaid hotspot registration owes the late fee", model.SourceHotspot, 0, 2000},
		{"a part payment leaves the rest", model.SourceOnline, 1000, 500},
		{"a full payment leaves nothing", model.SourceDesk, 2000, 0},
		{"paying too much never gives a negative due", model.SourceOnline, 5000, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &model.Participant{Source: tt.source, PaidCents: tt.paid}
			if got := model.Due(r, p); got != tt.want {
				t.Errorf("Due = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestEveryStatusHasALabel(t *testing.T) {
	for _, st := range model.Statuses {
		for _, lang := range []msg.Lang{msg.EN, msg.DE} {
			if !msg.Has(lang, msg.Key("status."+string(st))) {
				t.Errorf("status %q has no %s label", st, lang)
			}
			if got := st.Label(lang); got == "" || strings.HasPrefix(got, "status.") {
				t.Errorf("%q.Label(%s) = %q", st, lang, got)
			}
		}
	}
	if got := model.CheckedIn.Label(msg.DE); got != "eingecheckt" {
		t.Errorf("CheckedIn.Label(de) = %q, want eingecheckt", got)
	}
}
