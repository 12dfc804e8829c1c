package regfile_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/regfile"
)

// FuzzReadAndConvert feeds arbitrary bytes (and an arbitrary mapping
// file) through the reader and the column mapping. Whatever comes in,
// nothing panics, and every record of the file ends up exactly once as a
// row, as a rejection with a line number and a reason, or as blank.
//
//	go test -run '^$' -fuzz FuzzReadAndConvert -fuzztime 5m -fuzzminimizetime 3s ./model/regfile/
//
// (With the default minimize time of 60 s, the progress line shows
// "0/sec" for a minute after each new input while the worker shrinks it.)
func FuzzReadAndConvert(f *testing.F) {
	for _, path := range []string{"testdata/anmeldungen-online.csv", "testdata/registrations-export.csv"} {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		// The head of each sample: the whole files slow the mutator down
		// to a crawl.
		lines := strings.SplitAfterN(string(data), "\n", 8)
		f.Add([]byte(strings.Join(lines[:7], "")), "", uint8(0))
	}
	for _, s := range []string{
		germanHeader + "A1;Müller;Jörg;m;12.03.1985;\"LG \"\"X\"\"; Hof\";10k;;;ja\r\nA2;Weiß;\"An\nna\";w;03/04/1985;;5k;7;;x\r\n",
		germanHeader + "A1;Müller;Jörg;m;12.03.1985;LG \"X\";10k;;;ja\nA2;\"open;w;1990;;5k;;;\n",
		"sep=,\nLast Name,First Name,Sex,DOB,Race,Amount Paid\nA,B,f,13/13/2000,Kids 400m,1.234\n,,,,,\n",
		"Nachname\tVorname\tm/w\tJg.\tStrecke\tT-Shirt-Größe\nÖ\tÄ\td\t85\tHauptlauf\tXL\n",
		"\xef\xbb\xbfName;Vorname\n\xfc\xe4;\xdf\n",
		"Familienname;Rufname;Anrede;Geburtsdatum;Distanz\nMüller;Jörg;Herr;25/12/1985 00:00;HM\n",
	} {
		f.Add([]byte(s), "[columns]\n\"Familienname\" = \"last\"\n\"Rufname\" = \"first\"\n\"Anrede\" = \"gender\"\n\"Distanz\" = \"race\"\n[values.race]\n\"HM\" = \"10k\"\n[values.gender]\n\"Herr\" = \"M\"\n", uint8(2))
	}
	ev := demoEvent(f)
	orders := []model.DateOrder{"", model.DMY, model.MDY, model.YMD}
	f.Fuzz(func(t *testing.T, data []byte, mapping string, order uint8) {
		m, err := regfile.ParseMapping(strings.NewReader(mapping))
		if err != nil {
			m = nil
		}
		file, err := regfile.Read(strings.NewReader(string(data)), regfile.ReadOptions{})
		if err != nil {
			return // a file-level error (empty, broken header) is an answer too
		}
		if file.HeaderLine < 1 {
			t.Fatalf("header line %d", file.HeaderLine)
		}
		opts := regfile.Options{Today: today, DateOrder: orders[int(order)%len(orders)]}
		if order&4 != 0 {
			opts.Race = "10k"
		}
		res, err := regfile.Convert(file, ev, m, opts)
		if err != nil {
			if _, ok := err.(msg.Localized); !ok {
				t.Fatalf("Convert error %T is not Localized: %v", err, err)
			}
			return
		}
		if res.Total() != len(file.Records) {
			t.Fatalf("%d records, but %d rows + %d rejected + %d blank", len(file.Records), len(res.Rows), len(res.Rejected), res.Blank)
		}
		lines := map[int]bool{}
		for _, r := range res.Rejected {
			if r.Line <= file.HeaderLine || r.Err == nil {
				t.Fatalf("rejection without line or reason: %+v", r)
			}
			lines[r.Line] = true
			for _, lang := range []msg.Lang{msg.DE, msg.EN} {
				if msg.Error(lang, r.Err) == "" {
					t.Fatalf("empty reason for line %d", r.Line)
				}
			}
		}
		for _, r := range res.Rows {
			if r.Line <= file.HeaderLine || lines[r.Line] {
				t.Fatalf("row line %d (header %d, seen before %v)", r.Line, file.HeaderLine, lines[r.Line])
			}
			lines[r.Line] = true
			for _, fe := range r.Errs {
				if fe.Field == "" || fe.Localize(msg.DE) == "" {
					t.Fatalf("line %d: error without field or text: %+v", r.Line, fe)
				}
			}
			// The desk's validation takes every row without panicking
			// and either accepts it or names what is wrong.
			if len(r.Errs) == 0 {
				_, err := model.Validate(ev, r.Input, today, false)
				var ve model.ValidationError
				if err != nil && (!errors.As(err, &ve) || len(ve) == 0) {
					t.Fatalf("line %d: validation error %T without fields: %v", r.Line, err, err)
				}
			}
		}
	})
}
