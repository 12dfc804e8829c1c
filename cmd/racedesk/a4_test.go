package main

import (
	stdhtml "html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/printer/a4"
)

// a4Event is the example event (German) with five finishers of the 10k
// whose names need more than ASCII, and one runner of the 5k who has not
// finished:
//
//	place  bib  name            class  time
//	1      3    Łukasz Wójcik   M45    0:38:10
//	2      1    Jörg Müller     M45    0:40:04 (40:03.4 rounded up)
//	3      2    Zoë Dvořák      W35    0:41:00
//	4      5    Hans Groß       MHK    0:44:30
//	5      4    Anna Schmidt    W30    0:47:12
func a4Event(t *testing.T) string {
	t.Helper()
	db := newEventDB(t)
	must := func(args ...string) {
		t.Helper()
		if code, out, stderr := cli(t, append([]string{"--db", db}, args...)...); code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", strings.Join(args, " "), code, out, stderr)
		}
	}
	for _, r := range [][]string{
		{"Jörg", "Müller", "12.03.1980", "m", "LG Buchau"},
		{"Zoë", "Dvořák", "1990", "w", "SK Slavia Praha"},
		{"Łukasz", "Wójcik", "1979", "m", "KS Łódź"},
		{"Anna", "Schmidt", "1996", "w", ""},
		{"Hans", "Groß", "2000", "m", "TSV Groß-Umstadt"},
	} {
		must("register", "--race", "10k", "--first", r[0], "--last", r[1], "--born", r[2], "--gender", r[3], "--club", r[4])
	}
	must("register", "--race", "5k", "--first", "Ærøskøbing", "--last", "Ødegård", "--born", "1970", "--gender", "w")
	must("start", "--race", "10k", "--time", "10:30:00")
	for _, f := range [][]string{{"3", "11:08:10"}, {"1", "11:10:03.4"}, {"2", "11:11:00"}, {"5", "11:14:30"}, {"4", "11:17:12"}} {
		must("finish", "--bib", f[0], "--time", f[1])
	}
	return db
}

var (
	htmlStyleRE = regexp.MustCompile(`(?s)<style.*?</style>`)
	htmlTagRE   = regexp.MustCompile(`<[^>]*>`)
)

// htmlText is what a reader sees of a page: no style sheet, no tags,
// entities decoded, white space collapsed.
func htmlText(page string) string {
	page = htmlStyleRE.ReplaceAllString(page, " ")
	page = htmlTagRE.ReplaceAllString(page, " ")
	return strings.Join(strings.Fields(stdhtml.UnescapeString(page)), " ")
}

// inOrder fails unless each of want appears in text after the one before.
func inOrder(t *testing.T, text string, want ...string) {
	t.Helper()
	at := 0
	for _, w := range want {
		i := strings.Index(text[at:], w)
		if i < 0 {
			t.Errorf("%q missing (or out of order) in:\n%s", w, text)
			return
		}
		at += i + len(w)
	}
}

// a4Page runs `racedesk a4 ARGS -o FILE` and returns the file.
func a4Page(t *testing.T, db string, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "page.html")
	code, stdout, stderr := cli(t, append(append([]string{"--db", db, "a4"}, args...), "-o", out)...)
	if code != 0 {
		t.Fatalf("a4 %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
	}
	if !strings.Contains(stderr, "geschrieben: "+out) {
		t.Errorf("a4 %s does not say where the page is: %q", strings.Join(args, " "), stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestA4StartListResultsAndCertificatesOfAnEventWithUmlauts(t *testing.T) {
	db := a4Event(t)

	start := htmlText(a4Page(t, db, "startlist", "--order", "name"))
	inOrder(t, start, "Startliste 10 km Hauptlauf", "nach Namen · Start 10:30",
		"Dvořák, Zoë 2 SK Slavia Praha W35", "Groß, Hans 5", "Müller, Jörg 1 LG Buchau M45", "Schmidt, Anna 4",
		"Wójcik, Łukasz 3 KS Łódź M45", "5 Teilnehmer",
		"Startliste 5 km Volkslauf", "Ødegård, Ærøskøbing 400", "1 Teilnehmer")
	if strings.Contains(start, "Bambini") {
		t.Error("the start lists have a page for a race nobody is in")
	}

	results := htmlText(a4Page(t, db, "results", "--race", "10k"))
	inOrder(t, results, "Ergebnisliste 10 km Hauptlauf", "Gesamtwertung",
		"1 3 Łukasz Wójcik KS Łódź M45 1 0:38:10",
		"2 1 Jörg Müller LG Buchau M45 2 0:40:04",
		"3 2 Zoë Dvořák SK Slavia Praha W35 1 0:41:00",
		"4 5 Hans Groß TSV Groß-Umstadt MHK 1 0:44:30",
		"5 4 Anna Schmidt W30 1 0:47:12", "5 im Ziel",
		"Altersklassenwertung", "Altersklasse MHK", "Altersklasse M45 (2 im Ziel)",
		"1 3 Łukasz Wójcik", "2 1 Jörg Müller", "Altersklasse W30", "Altersklasse W35")

	page := a4Page(t, db, "certificates", "--top", "1")
	certs := strings.Split(page, `<section class="sheet">`)[1:]
	if len(certs) != 4 {
		t.Fatalf("%d certificates for the first of each class, want 4 (MHK, M45, W30, W35)", len(certs))
	}
	inOrder(t, htmlText(certs[1]), "Buchauer Nikolaus-Waldlauf 2026", "Urkunde", "Łukasz Wójcik", "KS Łódź",
		"erreichte im 10 km Hauptlauf", "Zeit 0:38:10", "Gesamtwertung 1. von 5", "Männer 1. von 3",
		"Altersklasse M45 1. von 2", "Sportplatz Buchau, Waldstraße 3", "6. Dezember 2026", "Der Veranstalter")
	inOrder(t, htmlText(certs[3]), "Zoë Dvořák", "Zeit 0:41:00", "Gesamtwertung 3. von 5", "Frauen 1. von 2")
	if strings.Contains(page, "Jörg") {
		t.Error("the second of M45 has a certificate of the first of each class")
	}

	one := htmlText(a4Page(t, db, "certificates", "--bib", "1"))
	inOrder(t, one, "Jörg Müller", "Zeit 0:40:04", "Gesamtwertung 2. von 5", "Altersklasse M45 2. von 2")
	if strings.Contains(one, "1980") || strings.Contains(one, "12.03.") {
		t.Error("the certificate shows the birth date")
	}
}

func TestA4RefusesWhatItCannotMake(t *testing.T) {
	db := a4Event(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"results", "--race", "5k"}, 1, "noch keine Ergebnisse für 5 km Volkslauf: niemand im Ziel"},
		{[]string{"certificates", "--class", "W99"}, 1, "niemand im Ziel in der Klasse W99"},
		{[]string{"certificates", "--bib", "400"}, 1, "Startnummer 400 hat keinen Platz"},
		{[]string{"certificates", "--bib", "999"}, 1, "999"},
		{[]string{"certificates", "--bib", "1", "--class", "M45"}, 2, "--bib nennt einen Läufer"},
		{[]string{"certificates", "--top", "-3"}, 2, "--top -3"},
		{[]string{"certificates", "--open"}, 2, "--open braucht eine Datei"},
		{[]string{"startlist", "--top", "3"}, 2, "unbekannte Option: --top"},
		{[]string{"template"}, 2, "welche Vorlage?"},
	} {
		code, _, stderr := cli(t, append([]string{"--db", db, "a4"}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("a4 %s: exit %d, want %d with %q: %q", strings.Join(tc.args, " "), code, tc.code, tc.want, stderr)
		}
	}
}

func TestA4TemplateToEditAndUse(t *testing.T) {
	db := a4Event(t)
	code, out, stderr := cli(t, "--db", db, "a4", "template", "certificate")
	if code != 0 || out != string(a4.DefaultSource(a4.KindCertificates)) {
		t.Fatalf("a4 template certificate: exit %d, not the default template\n%s", code, stderr)
	}
	// The organizer's own words on the certificate.
	dir := t.TempDir()
	urkunde := filepath.Join(dir, "urkunde.html")
	if code, _, stderr := cli(t, "--db", db, "a4", "template", "certificate", "-o", urkunde); code != 0 {
		t.Fatalf("a4 template -o: %s", stderr)
	}
	b, err := os.ReadFile(urkunde)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(b), "<h1>{{$.Labels.Certificate}}</h1>", "<h1>Ehrenurkunde</h1>", 1)
	if edited == string(b) {
		t.Fatal("the certificate template has no {{$.Labels.Certificate}} heading to replace")
	}
	if err := os.WriteFile(urkunde, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	page := htmlText(a4Page(t, db, "certificates", "--bib", "2", "--template", urkunde))
	inOrder(t, page, "Ehrenurkunde", "Zoë Dvořák", "Zeit 0:41:00")
	if strings.Contains(page, "Urkunde Zoë") {
		t.Error("the default heading is still there")
	}
}

func TestA4TemplateErrorExitsOneNamingTheFileAndTheLine(t *testing.T) {
	db := a4Event(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "urkunden.html")
	if err := os.WriteFile(out, []byte("the last good page"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, text, want string }{
		{"a broken action", "<html>\n<body>\n{{range .Certificates}}\n<h1>{{.Name}</h1>\n{{end}}\n", "urkunde.html:4"},
		{"a field that does not exist", "<html>\n<body>\n{{range .Certificates}}\n\n<h1>{{.Vorname}}</h1>\n{{end}}\n", "urkunde.html:5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := filepath.Join(dir, "urkunde.html")
			if err := os.WriteFile(tmpl, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := cli(t, "--db", db, "a4", "certificates", "--template", tmpl, "-o", out)
			if code != 1 || !strings.HasPrefix(stderr, "racedesk: die Vorlage funktioniert nicht: ") || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, want 1 naming %s: %q", code, tc.want, stderr)
			}
			if b, _ := os.ReadFile(out); string(b) != "the last good page" {
				t.Errorf("a failed template touched the output file: %q", b)
			}
		})
	}
}
