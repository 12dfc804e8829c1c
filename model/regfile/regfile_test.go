package regfile_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/regfile"
)

// today is two weeks before the demo event (2026-12-06).
var today = time.Date(2026, time.November, 22, 10, 0, 0, 0, time.UTC)

func demoEvent(t testing.TB) *model.Event {
	t.Helper()
	ev, err := demo.Event()
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// load reads text and converts it for the demo event.
func load(t testing.TB, text string, ro regfile.ReadOptions, m *regfile.Mapping, o regfile.Options) (*regfile.File, *regfile.Result) {
	t.Helper()
	f, err := regfile.Read(strings.NewReader(text), ro)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if o.Today.IsZero() {
		o.Today = today
	}
	res, err := regfile.Convert(f, demoEvent(t), m, o)
	if err != nil {
		t.Fatalf("Convert: %v", err)
	}
	return f, res
}

func loadFile(t testing.TB, path string) (*regfile.File, *regfile.Result) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return load(t, string(data), regfile.ReadOptions{}, nil, regfile.Options{})
}

// validate runs the desk's validation on every row and fails the test on
// the first that does not pass.
func validate(t *testing.T, ev *model.Event, rows []regfile.Row) []model.Participant {
	t.Helper()
	var out []model.Participant
	for _, r := range rows {
		if len(r.Errs) > 0 {
			t.Fatalf("line %d: %v", r.Line, r.Errs[0])
		}
		v, err := model.Validate(ev, r.Input, today, false)
		if err != nil {
			t.Fatalf("line %d %+v: %v", r.Line, r.Input, err)
		}
		out = append(out, v.Participant)
	}
	return out
}

func rowByID(t *testing.T, rows []regfile.Row, ext string) regfile.Row {
	t.Helper()
	for _, r := range rows {
		if r.Input.ExternalID == ext {
			return r
		}
	}
	t.Fatalf("no row with registration ID %s", ext)
	return regfile.Row{}
}

func TestGermanSampleReadsEveryRowWithUmlautsGendersAndDates(t *testing.T) {
	f, res := loadFile(t, "testdata/anmeldungen-online.csv")
	if f.Encoding != regfile.UTF8 || !f.BOM || f.Delimiter != ';' {
		t.Errorf("read as %s (BOM %v), delimiter %q; want UTF-8 with BOM and ';'", f.Encoding, f.BOM, f.Delimiter)
	}
	if len(res.Rows) != 280 || len(res.Rejected) != 0 || res.Blank != 0 {
		t.Fatalf("%d rows, %d rejected, %d blank; want 280, 0, 0", len(res.Rows), len(res.Rejected), res.Blank)
	}
	if len(res.Unknown) != 0 {
		t.Errorf("unknown columns %v", res.Unknown)
	}
	if res.Dates.Reason != regfile.DateNotNeeded {
		t.Errorf("date decision %+v; dotted dates need no order", res.Dates)
	}
	ev := demoEvent(t)
	ps := validate(t, ev, res.Rows)
	genders := map[model.Gender]int{}
	for _, p := range ps {
		genders[p.Gender]++
	}
	if genders[model.Female] != 139 || genders[model.Male] != 140 || genders[model.Diverse] != 1 {
		t.Errorf("genders %v; want 139 W, 140 M, 1 D", genders)
	}
	for _, c := range []struct {
		ext, last, first, born, club, race string
		gender                             model.Gender
	}{
		{"WR26-1000", "Krüger", "Hannah", "1947-11-15", "", "10k", model.Female},
		{"WR26-1002", "Ruß", "José", "1980-09-11", "", "10k", model.Male},
		{"WR26-1003", "Wöhrle", "Sophie", "1960-03-06", `Laufgruppe "Die Schnecken"; Hof`, "10k", model.Female},
		{"WR26-1007", "Hübner", "Sophie", "1974-04-10", "TSV Kulmbach", "5k", model.Female},
		{"WR26-1008", "Köhler", "Günter", "2020-10-25", "TuS Mainleus", "bambini", model.Male},
		{"WR26-1011", "Groß", "Karl-Heinz", "1977-10-21", "", "10k", model.Diverse},
		{"WR26-1113", "Fuß", "Łukasz", "1966-07-11", "DJK Weißenstadt", "10k", model.Male},
	} {
		r := rowByID(t, res.Rows, c.ext)
		v, err := model.Validate(ev, r.Input, today, false)
		if err != nil {
			t.Fatalf("%s: %v", c.ext, err)
		}
		p := v.Participant
		if p.Last != c.last || p.First != c.first || p.Born.String() != c.born || p.Club != c.club || p.Race != c.race || p.Gender != c.gender {
			t.Errorf("%s read as %s, %s, %s, %q, %s, %s; want %s, %s, %s, %q, %s, %s", c.ext,
				p.Last, p.First, p.Born, p.Club, p.Race, p.Gender, c.last, c.first, c.born, c.club, c.race, c.gender)
		}
		if p.Source != model.SourceImport {
			t.Errorf("%s: source %s", c.ext, p.Source)
		}
	}
	// "nein" is unpaid, "ja" paid online at the race's fee.
	if v, _ := model.Validate(ev, rowByID(t, res.Rows, "WR26-1000").Input, today, false); v.Participant.Paid() {
		t.Errorf("WR26-1000 (Bezahlt: nein) counts as paid")
	}
	if v, _ := model.Validate(ev, rowByID(t, res.Rows, "WR26-1001").Input, today, false); v.Participant.PayMethod != model.Online || v.Participant.PaidCents != 1000 {
		t.Errorf("WR26-1001 (Bezahlt: ja, 5k) paid %s %d; want online 1000", v.Participant.PayMethod, v.Participant.PaidCents)
	}
	// Line numbers are the file's: the header is line 1.
	if r := rowByID(t, res.Rows, "WR26-1003"); r.Line != 5 {
		t.Errorf("WR26-1003 in line %d, want 5", r.Line)
	}
}

func TestEnglishSampleReadsDatesAsMonthDay(t *testing.T) {
	f, res := loadFile(t, "testdata/registrations-export.csv")
	if f.Encoding != regfile.UTF8 || f.BOM || f.Delimiter != ',' {
		t.Errorf("read as %s (BOM %v), delimiter %q; want UTF-8 without BOM and ','", f.Encoding, f.BOM, f.Delimiter)
	}
	if len(res.Rows) != 120 || len(res.Rejected) != 0 {
		t.Fatalf("%d rows, %d rejected; want 120, 0", len(res.Rows), len(res.Rejected))
	}
	d := res.Dates
	if d.Reason != regfile.DateProven || d.Order != model.MDY || d.Proof == nil || d.Proof.Value != "03/25/1984" || d.Proof.Line != 2 {
		t.Fatalf("date decision %+v; want month/day proven by 03/25/1984 in line 2", d)
	}
	ev := demoEvent(t)
	ps := validate(t, ev, res.Rows)
	byExt := map[string]model.Participant{}
	for _, p := range ps {
		byExt[p.ExternalID] = p
	}
	for ext, want := range map[string]string{
		"880000": "1984-03-25", // 03/25/1984
		"880001": "2022-03-06", // 03/06/2022: ambiguous alone, month first in this file
		"880003": "1999-07-07", // 07/07/1999: the same both ways
		"880013": "1970-01-14",
		"880029": "1996-12-01", // 12/01/1996
	} {
		if got := byExt[ext].Born.String(); got != want {
			t.Errorf("%s born %s, want %s", ext, got, want)
		}
	}
	p := byExt["880011"]
	if p.Last != "Dvořák" || p.First != "Ursula" || p.Gender != model.Female || p.Race != "5k" || p.Club != "TV 1860 Fürth" {
		t.Errorf("880011 read as %+v", p)
	}
	if p.PayMethod != model.Online || p.PaidCents != 1500 {
		t.Errorf("880011 paid %s %d; want online 1500 (Amount Paid 15.00)", p.PayMethod, p.PaidCents)
	}
	if byExt["880001"].Race != "bambini" || byExt["880001"].Gender != model.Male {
		t.Errorf("880001 %+v", byExt["880001"])
	}
}

const germanHeader = "Anmelde-ID;Nachname;Vorname;Geschlecht;Geburtsdatum;Verein;Strecke;Startnummer;E-Mail;Bezahlt\r\n"

func TestWindows1252IsDetectedAndUmlautsSurvive(t *testing.T) {
	text := germanHeader + "A1;Müller;Jörg;männlich;12.03.1985;SV Weißenstadt;10 km;;;ja\r\n"
	data, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "ü") {
		t.Fatal("test data is still UTF-8")
	}
	f, res := load(t, string(data), regfile.ReadOptions{}, nil, regfile.Options{})
	if f.Encoding != regfile.Windows1252 || !f.EncodingDetected {
		t.Errorf("encoding %s (detected %v), want windows-1252 detected", f.Encoding, f.EncodingDetected)
	}
	in := res.Rows[0].Input
	if in.Last != "Müller" || in.First != "Jörg" || in.Club != "SV Weißenstadt" || in.Gender != "männlich" {
		t.Errorf("read %+v", in)
	}

	// Forced to UTF-8, the broken bytes become U+FFFD and validation
	// rejects the names instead of storing garbage.
	_, res = load(t, string(data), regfile.ReadOptions{Encoding: "utf-8"}, nil, regfile.Options{})
	_, err = model.Validate(demoEvent(t), res.Rows[0].Input, today, false)
	var ve model.ValidationError
	if !errors.As(err, &ve) || ve.For(model.FLast) == nil || ve.For(model.FLast).Key != msg.ErrBadChars {
		t.Errorf("forced UTF-8: %v; want the last name refused for unreadable characters", err)
	}
}

func TestQuotedFieldsKeepDelimitersQuotesAndLineBreaks(t *testing.T) {
	text := germanHeader +
		"A1;Müller;Jörg;m;12.03.1985;\"LG \"\"Die Schnecken\"\"; Hof\";10k;;;ja\r\n" +
		"A2;Weiß;Anna;w;01.02.1990;\"Lauftreff\r\nzweite Zeile\";5k;;;nein\r\n" +
		"A3;Öz;Ali;m;03.04.1980;;10k;;;ja\r\n"
	_, res := load(t, text, regfile.ReadOptions{}, nil, regfile.Options{})
	if len(res.Rows) != 3 || len(res.Rejected) != 0 {
		t.Fatalf("%d rows, %d rejected", len(res.Rows), len(res.Rejected))
	}
	if got := res.Rows[0].Input.Club; got != `LG "Die Schnecken"; Hof` {
		t.Errorf("club %q", got)
	}
	if got := res.Rows[1].Input.Club; got != "Lauftreff\nzweite Zeile" {
		t.Errorf("club %q", got)
	}
	// The record after a line break inside a field starts on line 5.
	if lines := []int{res.Rows[0].Line, res.Rows[1].Line, res.Rows[2].Line}; lines[0] != 2 || lines[1] != 3 || lines[2] != 5 {
		t.Errorf("lines %v, want [2 3 5]", lines)
	}
	// Validation collapses the line break in a club to a space.
	v, err := model.Validate(demoEvent(t), res.Rows[1].Input, today, false)
	if err != nil || v.Participant.Club != "Lauftreff zweite Zeile" {
		t.Errorf("club after validation %q, %v", v.Participant.Club, err)
	}
}

func TestBrokenQuotesRejectTheirRecordAndNothingElse(t *testing.T) {
	text := germanHeader +
		"A1;Müller;Jörg;m;12.03.1985;LG \"Die Schnecken\";10k;;;ja\n" + // bare quote
		"A2;Weiß;Anna;w;01.02.1990;;5k;;;nein\n" +
		"A3;Öz;Ali;m;03.04.1980;\"Lauftreff;10k;;;ja\n" + // never closed
		"A4;Kaya;Can;m;03.04.1980;;10k;;;ja\n"
	f, res := load(t, text, regfile.ReadOptions{}, nil, regfile.Options{})
	if len(res.Rows) != 1 || res.Rows[0].Input.ExternalID != "A2" {
		t.Fatalf("rows %+v", res.Rows)
	}
	if len(res.Rejected) != 2 {
		t.Fatalf("rejected %+v", res.Rejected)
	}
	bare, open := res.Rejected[0], res.Rejected[1]
	if bare.Line != 2 || !strings.Contains(bare.Err.Error(), "quote") {
		t.Errorf("bare quote: line %d, %v", bare.Line, bare.Err)
	}
	if got := strings.Join(bare.Fields, "|"); !strings.Contains(got, `LG "Die Schnecken"|10k`) {
		t.Errorf("the rejected row is shown as %q", got)
	}
	if open.Line != 4 || !strings.Contains(open.Err.Error(), "line 4") || !strings.Contains(open.Err.Error(), "line 5") {
		t.Errorf("open quote: line %d, %v", open.Line, open.Err)
	}
	de := open.Err.(msg.Localized).Localize(msg.DE)
	if !strings.Contains(de, "Zeile 4") {
		t.Errorf("German: %q", de)
	}
	if raw := f.Raw(f.Records[0]); !strings.HasPrefix(raw, "A1;Müller") || strings.HasSuffix(raw, "\n") {
		t.Errorf("raw %q", raw)
	}
}

func TestFieldCounts(t *testing.T) {
	header := "Nachname;Vorname;Geschlecht;Geburtsdatum;Strecke;;\n"
	for _, c := range []struct {
		name, row string
		ok        bool
	}{
		{"trailing empty columns are fine", "Müller;Jörg;m;1985;10k;;", true},
		{"fewer trailing empty columns than the header are fine", "Müller;Jörg;m;1985;10k", true},
		{"a field too few is rejected", "Müller;Jörg;m;1985", false},
		{"an extra field with data is rejected", "Müller;Jörg;m;1985;10k;;;x", false},
		{"extra empty fields are fine", "Müller;Jörg;m;1985;10k;;;;;", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, res := load(t, header+c.row+"\n", regfile.ReadOptions{}, nil, regfile.Options{})
			if got := len(res.Rows) == 1; got != c.ok {
				t.Errorf("imported %v, want %v (rejected %+v)", got, c.ok, res.Rejected)
			}
			if !c.ok && (len(res.Rejected) != 1 || !strings.Contains(res.Rejected[0].Err.Error(), "fields")) {
				t.Errorf("rejections %+v", res.Rejected)
			}
		})
	}
}

func TestBlankRowsAreSkipped(t *testing.T) {
	_, res := load(t, germanHeader+";;;;;;;;;\r\nA1;Müller;Jörg;m;1985;;10k;;;\r\n\r\n;;;\r\n", regfile.ReadOptions{}, nil, regfile.Options{})
	if len(res.Rows) != 1 || res.Blank != 2 || len(res.Rejected) != 0 {
		t.Errorf("rows %d, blank %d, rejected %d", len(res.Rows), res.Blank, len(res.Rejected))
	}
}

func TestDelimiterAndEncodingDetection(t *testing.T) {
	for _, c := range []struct {
		name, text string
		delim      rune
	}{
		{"comma", "Last Name,First Name,Sex,DOB,Race\nMüller,Jörg,m,1985,10k\n", ','},
		{"tab", "Nachname\tVorname\tm/w\tJg.\tStrecke\nMüller\tJörg\tm\t1985\t10k\n", '\t'},
		{"semicolon beats commas inside quotes", "\"Name, Nachname\";Vorname;Geschlecht;Jahrgang;Lauf\nMüller;Jörg;m;1985;10k\n", ';'},
		{"Excel's sep= line", "sep=,\nNachname,Vorname,Geschlecht,Jahrgang,Lauf\nMüller,Jörg,m,1985,10k\n", ','},
		{"classic Mac line ends", "Nachname;Vorname;Geschlecht;Jahrgang;Lauf\rMüller;Jörg;m;1985;10k\r", ';'},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := regfile.Read(strings.NewReader(c.text), regfile.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if f.Delimiter != c.delim {
				t.Errorf("delimiter %q, want %q", f.Delimiter, c.delim)
			}
			if len(f.Records) != 1 || len(f.Records[0].Fields) != 5 || f.Records[0].Fields[0] != "Müller" {
				t.Errorf("records %+v", f.Records)
			}
		})
	}
	t.Run("UTF-16 with BOM (Excel's Unicode text)", func(t *testing.T) {
		text := "Nachname\tVorname\tGeschlecht\tJahrgang\tLauf\r\nMüller\tJörg\tm\t1985\t10k\r\n"
		var b []byte
		b = append(b, 0xFF, 0xFE)
		for _, r := range text {
			b = append(b, byte(r), byte(r>>8))
		}
		f, err := regfile.Read(strings.NewReader(string(b)), regfile.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if f.Encoding != regfile.UTF16 || f.Delimiter != '\t' || f.Records[0].Fields[0] != "Müller" {
			t.Errorf("%s %q %+v", f.Encoding, f.Delimiter, f.Records)
		}
	})
	t.Run("an empty file is an error", func(t *testing.T) {
		if _, err := regfile.Read(strings.NewReader("\ufeff"), regfile.ReadOptions{}); err == nil {
			t.Error("no error")
		}
	})
}

func TestDateOrder(t *testing.T) {
	header := "Nachname,Vorname,Geschlecht,Geburtsdatum,Strecke\n"
	row := func(first, born string) string { return "Müller," + first + ",m," + born + ",10k\n" }
	for _, c := range []struct {
		name   string
		rows   []string
		flag   model.DateOrder
		reason regfile.DateReason
		order  model.DateOrder
		born   []string // "" for a row with a date error
	}{
		{"a day above 12 proves day/month", []string{row("A", "25/03/1984"), row("B", "03/04/1985")}, "",
			regfile.DateProven, model.DMY, []string{"1984-03-25", "1985-04-03"}},
		{"a month position above 12 proves month/day", []string{row("A", "03/25/1984"), row("B", "03/04/1985")}, "",
			regfile.DateProven, model.MDY, []string{"1984-03-25", "1985-03-04"}},
		{"without proof and flag, ambiguous dates are rejected", []string{row("A", "03/04/1985"), row("B", "12/12/1984"), row("C", "03/25/1984-")}, "",
			regfile.DateUnknown, "", []string{"", "1984-12-12", ""}},
		{"the flag decides what the data does not", []string{row("A", "03/04/1985")}, model.MDY,
			regfile.DateFlag, model.MDY, []string{"1985-03-04"}},
		{"proof wins over the flag", []string{row("A", "25/03/1984"), row("B", "03/04/1985")}, model.MDY,
			regfile.DateProven, model.DMY, []string{"1984-03-25", "1985-04-03"}},
		{"a file with both orders rejects ambiguous dates", []string{row("A", "25/03/1984"), row("B", "03/25/1984"), row("C", "03/04/1985")}, "",
			regfile.DateConflict, "", []string{"1984-03-25", "1984-03-25", ""}},
		{"dotted dates are German, ISO dates year first", []string{row("A", "03.04.1985"), row("B", "1985-04-03"), row("C", "1985/04/03")}, "",
			regfile.DateNotNeeded, "", []string{"1985-04-03", "1985-04-03", "1985-04-03"}},
		{"dates with a time of day", []string{row("A", "03/25/1984 00:00"), row("B", "1985-04-03T00:00:00Z")}, "",
			regfile.DateProven, model.MDY, []string{"1984-03-25", "1985-04-03"}},
		{"two-digit years", []string{row("A", "03/25/84")}, "", regfile.DateProven, model.MDY, []string{"1984-03-25"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, res := load(t, header+strings.Join(c.rows, ""), regfile.ReadOptions{}, nil, regfile.Options{DateOrder: c.flag})
			if res.Dates.Reason != c.reason || res.Dates.Order != c.order {
				t.Errorf("decision %+v, want %s %q", res.Dates, c.reason, c.order)
			}
			if c.reason == regfile.DateProven && c.flag != "" && c.flag != c.order && res.Dates.FlagIgnored != c.flag {
				t.Errorf("the ignored flag is not reported: %+v", res.Dates)
			}
			for i, r := range res.Rows {
				got := r.Input.Born
				if len(r.Errs) > 0 {
					got = ""
				}
				if got != c.born[i] {
					t.Errorf("row %d born %q (errors %v), want %q", i, r.Input.Born, r.Errs, c.born[i])
				}
			}
		})
	}
	t.Run("the ambiguous date says what to do", func(t *testing.T) {
		_, res := load(t, header+row("A", "03/04/1985"), regfile.ReadOptions{}, nil, regfile.Options{})
		e := res.Rows[0].Errs
		if len(e) != 1 || e[0].Field != model.FBorn || !strings.Contains(e[0].Error(), `birth date "03/04/1985": could be day/month or month/day`) ||
			!strings.Contains(e[0].Error(), "--date-order") {
			t.Errorf("errors %v", e)
		}
	})
}

func TestBirthYearColumn(t *testing.T) {
	header := "Nachname;Vorname;Geschlecht;Geburtsdatum;Jahrgang;Strecke\n"
	_, res := load(t, header+
		"Müller;Jörg;m;;1985;10k\n"+
		"Weiß;Anna;w;12.03.1985;1985;10k\n"+
		"Kaya;Can;m;12.03.1985;1986;10k\n", regfile.ReadOptions{}, nil, regfile.Options{})
	if got := res.Rows[0].Input.Born; got != "1985" {
		t.Errorf("year only: born %q", got)
	}
	if got := res.Rows[1].Input.Born; got != "1985-03-12" || len(res.Rows[1].Errs) > 0 {
		t.Errorf("date and year: born %q, %v", got, res.Rows[1].Errs)
	}
	if e := res.Rows[2].Errs; len(e) != 1 || !strings.Contains(e[0].Error(), "1986") {
		t.Errorf("a year that contradicts the date: %v", e)
	}
}

func TestPaymentColumns(t *testing.T) {
	for _, c := range []struct {
		header, cells string
		paid, amount  string
	}{
		{"Bezahlt", "ja", "online", ""},
		{"Bezahlt", "X", "online", ""},
		{"Bezahlt", "1", "online", ""},
		{"Bezahlt", "nein", "no", ""},
		{"Bezahlt", "0", "no", ""},
		{"Bezahlt", "", "", ""},
		{"Bezahlt", "15,00", "online", "15,00"},
		{"Bezahlt", "0.00", "no", ""},
		{"Bezahlt", "bar", "cash", ""},
		{"Bezahlt", "PayPal", "online", ""},
		{"Bezahlt", "vielleicht", "vielleicht", ""}, // validation says what it expects
		{"Amount Paid", "15.00", "online", "15.00"},
		{"Amount Paid", "0.00", "no", ""},
		{"Amount Paid", "", "", ""},
		{"Zahlungsart", "Überweisung", "online", ""},
	} {
		t.Run(c.header+"="+c.cells, func(t *testing.T) {
			_, res := load(t, "Nachname;Vorname;Geschlecht;Jahrgang;Strecke;"+c.header+"\nMüller;Jörg;m;1985;10k;"+c.cells+"\n",
				regfile.ReadOptions{}, nil, regfile.Options{})
			in := res.Rows[0].Input
			if in.Paid != c.paid || in.Amount != c.amount {
				t.Errorf("paid %q amount %q, want %q %q", in.Paid, in.Amount, c.paid, c.amount)
			}
		})
	}
}

func TestUnknownColumnsAreListedAndExtraFieldsFound(t *testing.T) {
	_, res := load(t, "Nachname;Vorname;Geschlecht;Jahrgang;Strecke;T-Shirt-Größe;Notfall-Telefon;Lieblingsfarbe;;;rejected_reason\n"+
		"Müller;Jörg;m;1985;10k;xl;0171 1234567;blau;;?;\n", regfile.ReadOptions{}, nil, regfile.Options{})
	// An unnamed column counts only when it has data (#10, not #9).
	if strings.Join(res.Unknown, ",") != "Lieblingsfarbe,#10" {
		t.Errorf("unknown %q", res.Unknown)
	}
	if x := res.Rows[0].Input.Extra; x["tshirt"] != "xl" || x["emergency_phone"] != "0171 1234567" {
		t.Errorf("extra %v", x)
	}
}

func TestColumnProblemsAreFileErrors(t *testing.T) {
	ev := demoEvent(t)
	for _, c := range []struct{ name, header, want string }{
		{"a required column is missing", "Nachname;Geschlecht;Jahrgang;Strecke", `no column for first name (the file has "Nachname", "Geschlecht", "Jahrgang", "Strecke")`},
		{"two columns for one field", "Nachname;Name;Vorname;Geschlecht;Jahrgang;Strecke", `columns "Nachname", "Name" all look like last name`},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := regfile.Read(strings.NewReader(c.header+"\n"), regfile.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = regfile.Convert(f, ev, nil, regfile.Options{Today: today})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
	t.Run("--race stands in for a race column", func(t *testing.T) {
		_, res := load(t, "Nachname;Vorname;Geschlecht;Jahrgang\nMüller;Jörg;m;1985\n", regfile.ReadOptions{}, nil, regfile.Options{Race: "5k"})
		if res.Rows[0].Input.Race != "5k" {
			t.Errorf("race %q", res.Rows[0].Input.Race)
		}
	})
}

func TestMappingFile(t *testing.T) {
	m, err := regfile.ParseMapping(strings.NewReader(`
date_order = "mdy"

[columns]
"Familienname" = "last"
"Rufname"      = "first"
"Anrede"       = "gender"
"Distanz"      = "race"
"Shirt"        = "tshirt"
"Name"         = "-"

[values.gender]
"Herr" = "M"
"Frau" = "W"

[values.race]
"HM" = "10k"

[values.paid]
"erledigt" = "ja"
`))
	if err != nil {
		t.Fatal(err)
	}
	_, res := load(t, "Familienname;Rufname;Name;Anrede;Geburtsdatum;Distanz;Shirt;Bezahlt\n"+
		"Müller;Jörg;Jörg Müller;Herr;03/04/1985;HM;XL;erledigt\n", regfile.ReadOptions{}, m, regfile.Options{})
	if len(res.Unknown) != 0 {
		t.Errorf("unknown %v", res.Unknown)
	}
	in := res.Rows[0].Input
	if in.Last != "Müller" || in.First != "Jörg" || in.Gender != "M" || in.Race != "10k" || in.Born != "1985-03-04" ||
		in.Extra["tshirt"] != "XL" || in.Paid != "online" {
		t.Errorf("read %+v (date decision %+v)", in, res.Dates)
	}
	for _, bad := range []string{
		`[columns]` + "\n" + `"X" = "shoe size"`,
		`[values."with space"]` + "\n" + `"a" = "b"`,
		`date_order = "dym"`,
		`colums = 1`,
	} {
		if _, err := regfile.ParseMapping(strings.NewReader(bad)); err == nil {
			t.Errorf("mapping %q accepted", bad)
		}
	}
	m, err = regfile.ParseMapping(strings.NewReader("[columns]\n\"Größe\" = \"shoesize\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	f, _ := regfile.Read(strings.NewReader("Nachname;Vorname;Geschlecht;Jahrgang;Strecke;Größe\n"), regfile.ReadOptions{})
	if _, err := regfile.Convert(f, demoEvent(t), m, regfile.Options{}); err == nil || !strings.Contains(err.Error(), "no extra field") {
		t.Errorf("a mapping to an extra field the event lacks: %v", err)
	}
	m, err = regfile.ParseMapping(strings.NewReader("[values.nonsense]\n\"a\" = \"b\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := regfile.Convert(f, demoEvent(t), m, regfile.Options{}); err == nil || !strings.Contains(err.Error(), "no extra field") {
		t.Errorf("values for a field the event lacks: %v", err)
	}
}

func TestHeaderKeyFoldsSpellings(t *testing.T) {
	for _, names := range [][]string{
		{"E-Mail", "e-mail", "Email", "EMAIL", " E Mail "},
		{"Jg.", "jg", "JG"},
		{"Anmelde-ID", "Anmelde ID", "anmeldeid"},
		{"T-Shirt-Größe", "T-Shirt Grösse", "tshirtgrosse"},
	} {
		for _, n := range names[1:] {
			if regfile.HeaderKey(n) != regfile.HeaderKey(names[0]) {
				t.Errorf("%q and %q fold differently: %q, %q", n, names[0], regfile.HeaderKey(n), regfile.HeaderKey(names[0]))
			}
		}
	}
}
