package model_test

import (
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

type birthDateCase struct {
	name    string
	input   string
	want    model.BirthDate // for valid inputs
	display string          // for valid inputs: what the desk shows back
	wantKey msg.Key         // for invalid inputs
}

var march12 = model.BirthDate{Year: 1985, Month: 3, Day: 12}

// birthDateCases are read with today = 2026-11-22. They also seed the fuzz
// corpus.
var birthDateCases = []birthDateCase{
	// Valid: the forms people type.
	{name: "a full German date is read as day, month, year", input: "12.03.1985", want: march12, display: "12.03.1985"},
	{name: "a date without leading zeros and a two-digit year is read", input: "12.3.85", want: march12, display: "12.03.1985"},
	{name: "an ISO date is read as year, month, day", input: "1985-03-12", want: march12, display: "12.03.1985"},
	{name: "a German date typed with dashes is read day first", input: "12-03-1985", want: march12, display: "12.03.1985"},
	{name: "an ISO date without leading zeros is read", input: "1985-3-12", want: march12, display: "12.03.1985"},
	{name: "a year alone is a birth year", input: "1985", want: model.BirthDate{Year: 1985}, display: "1985"},
	{name: "a two-digit year alone is a birth year", input: "85", want: model.BirthDate{Year: 1985}, display: "1985"},
	{name: "eight digits are DDMMYYYY", input: "12031985", want: march12, display: "12.03.1985"},
	{name: "six digits are DDMMYY", input: "120385", want: march12, display: "12.03.1985"},
	{name: "surrounding spaces are ignored", input: "  12.03.1985  ", want: march12, display: "12.03.1985"},
	{name: "surrounding tabs and newlines are ignored", input: "\t1985\n", want: model.BirthDate{Year: 1985}, display: "1985"},
	{name: "a trailing dot is ignored", input: "12.03.1985.", want: march12, display: "12.03.1985"},
	{name: "a trailing dot after a year is ignored", input: "1985.", want: model.BirthDate{Year: 1985}, display: "1985"},
	{name: "spaces after the dots are ignored", input: "12. 3. 1985", want: march12, display: "12.03.1985"},
	{name: "slashes separate like dots", input: "12/03/1985", want: march12, display: "12.03.1985"},
	{name: "a leap day in a leap year exists", input: "29.02.1984", want: model.BirthDate{Year: 1984, Month: 2, Day: 29}, display: "29.02.1984"},
	{name: "the leap day of 2000 exists", input: "29.2.00", want: model.BirthDate{Year: 2000, Month: 2, Day: 29}, display: "29.02.2000"},
	{name: "a two-digit year 20 is 2020", input: "1.1.20", want: model.BirthDate{Year: 2020, Month: 1, Day: 1}, display: "01.01.2020"},
	{name: "a two-digit year 30 is 1930, not the future 2030", input: "1.1.30", want: model.BirthDate{Year: 1930, Month: 1, Day: 1}, display: "01.01.1930"},
	{name: "a two-digit year 00 is 2000", input: "00", want: model.BirthDate{Year: 2000}, display: "2000"},
	{name: "a two-digit year of this year is this year", input: "26", want: model.BirthDate{Year: 2026}, display: "2026"},
	{name: "a two-digit year of next year is last century", input: "27", want: model.BirthDate{Year: 1927}, display: "1927"},
	{name: "a two-digit date of today is today", input: "22.11.26", want: model.BirthDate{Year: 2026, Month: 11, Day: 22}, display: "22.11.2026"},
	{name: "a two-digit date later this year is last century", input: "23.11.26", want: model.BirthDate{Year: 1926, Month: 11, Day: 23}, display: "23.11.1926"},
	{name: "a two-digit date in December this year is last century", input: "061226", want: model.BirthDate{Year: 1926, Month: 12, Day: 6}, display: "06.12.1926"},
	{name: "a baby born today is accepted", input: "22.11.2026", want: model.BirthDate{Year: 2026, Month: 11, Day: 22}, display: "22.11.2026"},
	{name: "exactly 110 years is still believed", input: "1916", want: model.BirthDate{Year: 1916}, display: "1916"},
	{name: "the first of January 110 years ago is believed", input: "01.01.1916", want: model.BirthDate{Year: 1916, Month: 1, Day: 1}, display: "01.01.1916"},
	{name: "new year's eve 1999 is read", input: "31.12.1999", want: model.BirthDate{Year: 1999, Month: 12, Day: 31}, display: "31.12.1999"},

	// Invalid.
	{name: "an empty input is missing", input: "", wantKey: msg.ErrBornMissing},
	{name: "only spaces are missing", input: "   ", wantKey: msg.ErrBornMissing},
	{name: "the 31st of February does not exist", input: "31.02.1985", wantKey: msg.ErrBornNoSuchDay},
	{name: "the 29th of February does not exist in 1985", input: "29.02.1985", wantKey: msg.ErrBornNoSuchDay},
	{name: "the 31st of April does not exist", input: "31.4.1990", wantKey: msg.ErrBornNoSuchDay},
	{name: "a compact 31st of February does not exist", input: "31021985", wantKey: msg.ErrBornNoSuchDay},
	{name: "month 13 does not exist", input: "12.13.1985", wantKey: msg.ErrBornNoSuchMonth},
	{name: "month 0 does not exist", input: "01.00.1990", wantKey: msg.ErrBornNoSuchMonth},
	{name: "a compact month 13 does not exist", input: "12131985", wantKey: msg.ErrBornNoSuchMonth},
	{name: "day 0 does not exist", input: "00.01.1990", wantKey: msg.ErrBornNoSuchDay},
	{name: "day 32 does not exist", input: "32.01.1990", wantKey: msg.ErrBornNoSuchDay},
	{name: "a compact day 32 does not exist", input: "320190", wantKey: msg.ErrBornNoSuchDay},
	{name: "a date in 2030 lies in the future", input: "01.01.2030", wantKey: msg.ErrBornFuture},
	{name: "tomorrow lies in the future", input: "23.11.2026", wantKey: msg.ErrBornFuture},
	{name: "next year alone lies in the future", input: "2027", wantKey: msg.ErrBornFuture},
	{name: "an ISO date tomorrow lies in the future", input: "2026-11-23", wantKey: msg.ErrBornFuture},
	{name: "1900 would be an age over 110", input: "1900", wantKey: msg.ErrBornTooOld},
	{name: "a full date in 1915 would be an age over 110", input: "31.12.1915", wantKey: msg.ErrBornTooOld},
	{name: "letters are not a date", input: "abc", wantKey: msg.ErrBornNotDate},
	{name: "day and month without a year are not a date", input: "12/03", wantKey: msg.ErrBornNotDate},
	{name: "day and month with a dot are not a date", input: "12.03", wantKey: msg.ErrBornNotDate},
	{name: "a three-digit year is not a date", input: "1.1.985", wantKey: msg.ErrBornNotDate},
	{name: "three digits are not a date", input: "123", wantKey: msg.ErrBornNotDate},
	{name: "seven digits are not a date", input: "1203198", wantKey: msg.ErrBornNotDate},
	{name: "a year with a leading zero is not a date", input: "0985", wantKey: msg.ErrBornNotDate},
	{name: "a full date with a year below 1000 is not a date", input: "12.03.0985", wantKey: msg.ErrBornNotDate},
	{name: "a letter in the year is not a date", input: "12.03.19a5", wantKey: msg.ErrBornNotDate},
	{name: "a letter in the day is not a date", input: "12a.03.1985", wantKey: msg.ErrBornNotDate},
	{name: "letters after a compact date are not a date", input: "12031985x", wantKey: msg.ErrBornNotDate},
	{name: "four parts are not a date", input: "12.03.1985.1", wantKey: msg.ErrBornNotDate},
	{name: "an empty month is not a date", input: "12..1985", wantKey: msg.ErrBornNotDate},
	{name: "a sign is not a date", input: "+12.03.1985", wantKey: msg.ErrBornNotDate},
	{name: "a five-digit year is not a date", input: "12.03.19850", wantKey: msg.ErrBornNotDate},
	{name: "Arabic-Indic digits are not read", input: "١٢.٠٣.١٩٨٥", wantKey: msg.ErrBornNotDate},
	{name: "spaces instead of dots are not a date", input: "12 03 1985", wantKey: msg.ErrBornNotDate},
}

func TestParseBirthDate(t *testing.T) {
	if len(birthDateCases) < 30 {
		t.Fatalf("only %d birth-date cases", len(birthDateCases))
	}
	for _, tt := range birthDateCases {
		t.Run(tt.name, func(t *testing.T) {
			got, err := model.ParseBirthDate(tt.input, today)
			if tt.wantKey != "" {
				fe := fieldError(t, err)
				if fe.Field != model.FBorn {
					t.Errorf("error field = %q, want %q", fe.Field, model.FBorn)
				}
				if fe.Key != tt.wantKey {
					t.Errorf("ParseBirthDate(%q) error key = %s (%v), want %s", tt.input, fe.Key, fe, tt.wantKey)
				}
				if got != (model.BirthDate{}) {
					t.Errorf("ParseBirthDate(%q) returned %+v along with the error", tt.input, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseBirthDate(%q): %v", tt.input, err)
			}
			if got != tt.want {
				t.Errorf("ParseBirthDate(%q) = %+v, want %+v", tt.input, got, tt.want)
			}
			if d := got.Display(); d != tt.display {
				t.Errorf("Display() = %q, want %q", d, tt.display)
			}
		})
	}
}

func TestBirthDateErrorsRender(t *testing.T) {
	tests := []struct {
		name  string
		input string
		lang  msg.Lang
		want  string
	}{
		{"no such day in English", "31.02.1985", msg.EN, `birth date "31.02.1985": no such day (use DD.MM.YYYY)`},
		{"no such day in German", "31.02.1985", msg.DE, `Geburtsdatum "31.02.1985": diesen Tag gibt es nicht (Format TT.MM.JJJJ)`},
		{"no such month in English", "12.13.1985", msg.EN, `birth date "12.13.1985": no such month (use DD.MM.YYYY)`},
		{"a missing date in English has no quotes", "", msg.EN, `birth date: required (use DD.MM.YYYY or the birth year)`},
		{"a missing date in German has no quotes", "", msg.DE, `Geburtsdatum: fehlt (TT.MM.JJJJ oder Jahrgang)`},
		{"not a date in English", "abc", msg.EN, `birth date "abc": not a date (use DD.MM.YYYY, YYYY-MM-DD or the birth year)`},
		{"the future in German", "01.01.2030", msg.DE, `Geburtsdatum "01.01.2030": liegt in der Zukunft (Format TT.MM.JJJJ)`},
		{"too old in English names the limit", "1900", msg.EN, `birth date "1900": that is an age over 110 (use DD.MM.YYYY)`},
		{"too old in German names the limit", "1900", msg.DE, `Geburtsdatum "1900": das wäre älter als 110 Jahre (Format TT.MM.JJJJ)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := model.ParseBirthDate(tt.input, today)
			fe := fieldError(t, err)
			if got := fe.Localize(tt.lang); got != tt.want {
				t.Errorf("Localize(%s) = %q, want %q", tt.lang, got, tt.want)
			}
		})
	}
	// Error() is the English rendering.
	_, err := model.ParseBirthDate("31.02.1985", today)
	if got, want := err.Error(), `birth date "31.02.1985": no such day (use DD.MM.YYYY)`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestTwoDigitYearsDependOnToday(t *testing.T) {
	tests := []struct {
		name  string
		input string
		today time.Time
		want  int
	}{
		{"85 seen from 2026 is 1985", "85", today, 1985},
		{"05 seen from 2026 is 2005", "05", today, 2005},
		{"05 seen from 2004 is 1905", "05", time.Date(2004, 6, 1, 0, 0, 0, 0, time.UTC), 1905},
		{"31.12.99 seen from 1.1.2100 is 2099", "31.12.99", time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), 2099},
		{"1.1.00 seen from 2099 is 2000", "1.1.00", time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC), 2000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := model.ParseBirthDate(tt.input, tt.today)
			if err != nil {
				t.Fatalf("ParseBirthDate(%q): %v", tt.input, err)
			}
			if got.Year != tt.want {
				t.Errorf("year = %d, want %d", got.Year, tt.want)
			}
		})
	}
}

func TestParseBirthDateOrder(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		order   model.DateOrder
		want    model.BirthDate
		wantKey msg.Key
	}{
		{name: "a US date is month, day, year", input: "03/12/1985", order: model.MDY, want: march12},
		{name: "a US date with a two-digit year", input: "3/12/85", order: model.MDY, want: march12},
		{name: "a US date with dots", input: "3.12.1985", order: model.MDY, want: march12},
		{name: "month 13 in a US date does not exist", input: "13/12/1985", order: model.MDY, wantKey: msg.ErrBornNoSuchMonth},
		{name: "February 30 in a US date does not exist", input: "02/30/1985", order: model.MDY, wantKey: msg.ErrBornNoSuchDay},
		{name: "an ISO date stays year first under MDY", input: "1985-03-12", order: model.MDY, want: march12},
		{name: "eight digits stay DDMMYYYY under MDY", input: "12031985", order: model.MDY, want: march12},
		{name: "a year alone stays a year under MDY", input: "1985", order: model.MDY, want: model.BirthDate{Year: 1985}},
		{name: "a year-first date with dots", input: "1985.03.12", order: model.YMD, want: march12},
		{name: "a year-first date with slashes", input: "1985/3/12", order: model.YMD, want: march12},
		{name: "a year-first date with a two-digit year", input: "85.03.12", order: model.YMD, want: march12},
		{name: "a German date under YMD is no day", input: "12.03.1985", order: model.YMD, wantKey: msg.ErrBornNoSuchDay},
		{name: "DMY is the German order", input: "03/12/1985", order: model.DMY, want: model.BirthDate{Year: 1985, Month: 12, Day: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := model.ParseBirthDateOrder(tt.input, tt.order, today)
			if tt.wantKey != "" {
				fe := fieldError(t, err)
				if fe.Key != tt.wantKey || fe.Field != model.FBorn {
					t.Errorf("error = %s on %q, want %s on born", fe.Key, fe.Field, tt.wantKey)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseBirthDateOrder(%q, %s): %v", tt.input, tt.order, err)
			}
			if got != tt.want {
				t.Errorf("ParseBirthDateOrder(%q, %s) = %+v, want %+v", tt.input, tt.order, got, tt.want)
			}
		})
	}
}

func TestBirthDateForms(t *testing.T) {
	tests := []struct {
		name             string
		b                model.BirthDate
		str, display     string
		isZero, yearOnly bool
	}{
		{"a full date", march12, "1985-03-12", "12.03.1985", false, false},
		{"a year alone", model.BirthDate{Year: 1985}, "1985", "1985", false, true},
		{"an unknown date", model.BirthDate{}, "", "", true, false},
		{"single-digit day and month are padded", model.BirthDate{Year: 2001, Month: 2, Day: 3}, "2001-02-03", "03.02.2001", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.b.String(); got != tt.str {
				t.Errorf("String() = %q, want %q", got, tt.str)
			}
			if got := tt.b.Display(); got != tt.display {
				t.Errorf("Display() = %q, want %q", got, tt.display)
			}
			if got := tt.b.IsZero(); got != tt.isZero {
				t.Errorf("IsZero() = %v, want %v", got, tt.isZero)
			}
			if got := tt.b.YearOnly(); got != tt.yearOnly {
				t.Errorf("YearOnly() = %v, want %v", got, tt.yearOnly)
			}
		})
	}
}

func TestParseISOBirthDateRoundTripsString(t *testing.T) {
	for _, b := range []model.BirthDate{
		march12,
		{Year: 1985},
		{Year: 2000, Month: 2, Day: 29},
		{Year: 1916, Month: 1, Day: 1},
		{Year: 2026, Month: 12, Day: 31},
		{Year: 1001},
	} {
		got, err := model.ParseISOBirthDate(b.String())
		if err != nil {
			t.Errorf("ParseISOBirthDate(%q): %v", b.String(), err)
			continue
		}
		if got != b {
			t.Errorf("ParseISOBirthDate(%q) = %+v, want %+v", b.String(), got, b)
		}
	}
}

func TestParseISOBirthDateRejectsOtherForms(t *testing.T) {
	tests := []struct {
		name  string
		input string
	}{
		{"an empty string is no stored date", ""},
		{"a two-digit year is no stored date", "85"},
		{"a two-digit ISO year is no stored date", "85-03-12"},
		{"a German date is no stored date", "12.03.1985"},
		{"compact digits are no stored date", "12031985"},
		{"a year below 1000 is no stored date", "0985"},
		{"a day that does not exist is no stored date", "1985-02-31"},
		{"month 13 is no stored date", "1985-13-01"},
		{"text is no stored date", "gestern"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if b, err := model.ParseISOBirthDate(tt.input); err == nil {
				t.Errorf("ParseISOBirthDate(%q) = %+v, want an error", tt.input, b)
			}
		})
	}
}

// FuzzParseBirthDate: whatever is typed, the parser does not panic; what it
// accepts it shows back in a form it reads again to the same date, never
// in the future and never older than MaxAge; what it rejects it rejects
// with a FieldError on the birth date.
func FuzzParseBirthDate(f *testing.F) {
	for _, tt := range birthDateCases {
		f.Add(tt.input)
	}
	f.Fuzz(func(t *testing.T, input string) {
		b, err := model.ParseBirthDate(input, today)
		if err != nil {
			fe := fieldError(t, err)
			if fe.Field != model.FBorn {
				t.Fatalf("ParseBirthDate(%q): error on field %q, want %q", input, fe.Field, model.FBorn)
			}
			if fe.Key == "" || !msg.Has(msg.EN, fe.Key) || !msg.Has(msg.DE, fe.Key) {
				t.Fatalf("ParseBirthDate(%q): error key %q is not in the catalog", input, fe.Key)
			}
			return
		}
		if b.IsZero() {
			t.Fatalf("ParseBirthDate(%q) accepted an unknown date %+v", input, b)
		}
		again, err := model.ParseBirthDate(b.Display(), today)
		if err != nil {
			t.Fatalf("ParseBirthDate(%q) = %+v, but its Display %q does not parse: %v", input, b, b.Display(), err)
		}
		if again != b {
			t.Fatalf("ParseBirthDate(%q) = %+v, but its Display %q parses to %+v", input, b, b.Display(), again)
		}
		iso, err := model.ParseISOBirthDate(b.String())
		if err != nil || iso != b {
			t.Fatalf("ParseBirthDate(%q) = %+v, but its String %q reads back as %+v, %v", input, b, b.String(), iso, err)
		}
		if b.Year > today.Year() || (b.Year == today.Year() && b.Month != 0 &&
			time.Date(b.Year, time.Month(b.Month), b.Day, 0, 0, 0, 0, time.UTC).After(today)) {
			t.Fatalf("ParseBirthDate(%q) = %+v lies after today %s", input, b, today.Format("2006-01-02"))
		}
		if age := today.Year() - b.Year; age > model.MaxAge {
			t.Fatalf("ParseBirthDate(%q) = %+v is %d years old", input, b, age)
		}
		if b.Month != 0 {
			d := time.Date(b.Year, time.Month(b.Month), b.Day, 0, 0, 0, 0, time.UTC)
			if d.Day() != b.Day || int(d.Month()) != b.Month {
				t.Fatalf("ParseBirthDate(%q) = %+v is no day of the calendar", input, b)
			}
		} else if b.Day != 0 {
			t.Fatalf("ParseBirthDate(%q) = %+v has a day without a month", input, b)
		}
	})
}
