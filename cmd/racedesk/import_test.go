package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// demoDB is the demo event without runners: what an organizer starts
// with before loading the online registrations.
func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, _, stderr := cli(t, "demo", "--db", db, "--runners", "0"); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	return db
}

// copyFile puts testdata/name (or the given content) into a temporary
// directory, so the rejected file lands there.
func tempFile(t *testing.T, name string, content []byte) string {
	t.Helper()
	if content == nil {
		var err error
		if content, err = os.ReadFile(filepath.Join("testdata", name)); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type listed struct {
	ID         string `json:"id"`
	ExternalID string `json:"external_id"`
	First      string `json:"first"`
	Last       string `json:"last"`
	Born       string `json:"born"`
	Gender     string `json:"gender"`
	Race       string `json:"race"`
	Club       string `json:"club"`
	Bib        int    `json:"bib"`
	Status     string `json:"status"`
	PayMethod  string `json:"pay_method"`
	PaidCents  int    `json:"paid_cents"`
	Source     string `json:"source"`
}

func listAll(t *testing.T, db string) map[string]listed {
	t.Helper()
	code, out, stderr := cli(t, "list", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("list: %s", stderr)
	}
	var ps []listed
	if err := json.Unmarshal([]byte(out), &ps); err != nil {
		t.Fatal(err)
	}
	m := map[string]listed{}
	for _, p := range ps {
		m[p.ExternalID] = p
	}
	return m
}

func TestBothSampleFilesImportIntoTheDemoEventWithoutFlags(t *testing.T) {
	db := demoDB(t)
	code, out, stderr := cli(t, "import", tempFile(t, "anmeldungen-online.csv", nil), "--db", db, "--lang", "de")
	if code != 0 {
		t.Fatalf("German file: exit %d\n%s\n%s", code, out, stderr)
	}
	for _, want := range []string{"UTF-8 mit BOM", `Trennzeichen ";"`, "280 neu · 0 geändert · 0 unverändert · 0 abgelehnt", "Strecke → Lauf"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	code, out, stderr = cli(t, "import", tempFile(t, "registrations-export.csv", nil), "--db", db, "--lang", "en")
	if code != 0 {
		t.Fatalf("English file: exit %d\n%s\n%s", code, out, stderr)
	}
	for _, want := range []string{"120 new", "month/day/year; 03/25/1984 (line 2) can only be read that way"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	ps := listAll(t, db)
	if len(ps) != 400 {
		t.Fatalf("%d participants, want 400", len(ps))
	}
	for ext, want := range map[string]listed{
		"WR26-1003": {Last: "Wöhrle", First: "Sophie", Born: "1960-03-06", Gender: "W", Race: "10k", Club: `Laufgruppe "Die Schnecken"; Hof`, PayMethod: "online", PaidCents: 1500},
		"WR26-1011": {Last: "Groß", First: "Karl-Heinz", Born: "1977-10-21", Gender: "D", Race: "10k"},
		"WR26-1000": {Last: "Krüger", First: "Hannah", Born: "1947-11-15", Gender: "W", Race: "10k"},
		"880000":    {Last: "Müller", First: "Katrin", Born: "1984-03-25", Gender: "W", Race: "10k", Club: "SV Lauf 08", PayMethod: "online", PaidCents: 1500},
		"880001":    {Last: "Neumann", First: "Niklas", Born: "2022-03-06", Gender: "M", Race: "bambini", Club: "LAV Stadtwerke Bamberg", PayMethod: "online", PaidCents: 1500},
		"880009":    {Last: "Klein", First: "Małgorzata", Born: "1985-08-02", Gender: "W", Race: "5k", Club: "DJK Weißenstadt", PayMethod: "online", PaidCents: 1500},
	} {
		p := ps[ext]
		if p.Last != want.Last || p.First != want.First || p.Born != want.Born || p.Gender != want.Gender || p.Race != want.Race ||
			(want.Club != "" && p.Club != want.Club) || (want.PayMethod != "" && (p.PayMethod != want.PayMethod || p.PaidCents != want.PaidCents)) {
			t.Errorf("%s stored as %+v, want %+v", ext, p, want)
		}
		if p.Source != "import" || p.Status != "registered" {
			t.Errorf("%s: source %s, status %s", ext, p.Source, p.Status)
		}
	}
	if p := ps["WR26-1000"]; p.PayMethod != "" {
		t.Errorf("WR26-1000 (Bezahlt: nein) stored as paid %s", p.PayMethod)
	}
}

const header = "Anmelde-ID;Nachname;Vorname;Geschlecht;Geburtsdatum;Verein;Strecke;Startnummer;E-Mail;Bezahlt\r\n"

func TestRejectedRowsGoToARejectedFileAndExitOne(t *testing.T) {
	db := demoDB(t)
	path := tempFile(t, "anmeldungen.csv", []byte(header+
		"X1;Müller;Jörg;männlich;12.03.1985;;10 km;;;ja\r\n"+
		"X2;Weiß;;weiblich;01.02.1990;;5 km;;;nein\r\n"+ // no first name
		"X3;Kaya;Can;q;03.04.1980;\"LG \"\"Ost\"\"; Hof\";10 km;;;ja\r\n"+ // unknown gender
		"X4;Zukunft;Zoe;w;2030;;Marathon;;;ja\r\n"+ // future year, unknown race
		"X1;Müller;Jörg;männlich;12.03.1985;;10 km;;;ja\r\n")) // duplicate
	code, out, stderr := cli(t, "import", path, "--db", db, "--lang", "en")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, stderr)
	}
	for _, want := range []string{"1 new · 0 updated · 0 unchanged · 4 rejected", "line 3", "first name: required",
		`gender "q"`, `birth date "2030": lies in the future`, `race "Marathon": no such race`, "duplicate of line 2",
		"anmeldungen.rejected.csv"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	rejected := filepath.Join(filepath.Dir(path), "anmeldungen.rejected.csv")
	data, err := os.ReadFile(rejected)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\ufeff")) {
		t.Errorf("rejected file has no BOM")
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 5 || strings.Join(recs[0][:4], ";") != "rejected_line;rejected_reason;Anmelde-ID;Nachname" {
		t.Fatalf("rejected file %q", recs)
	}
	if recs[2][0] != "4" || recs[2][7] != `LG "Ost"; Hof` || !strings.Contains(recs[2][1], "gender") {
		t.Errorf("rejected row %q", recs[2])
	}

	// Correct the rows in the rejected file and import it again: the file
	// goes away once nothing is rejected any more.
	fixed := strings.NewReplacer(";;weiblich", ";Anna;weiblich", ";q;", ";m;", ";2030;", ";2001;", "Marathon", "5 km").Replace(string(data))
	if err := os.WriteFile(rejected, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = cli(t, "import", rejected, "--db", db, "--lang", "en")
	if code != 0 || !strings.Contains(out, "3 new · 0 updated · 1 unchanged · 0 rejected") || !strings.Contains(out, "the file was removed") {
		t.Fatalf("re-import of the corrected file: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(rejected); !os.IsNotExist(err) {
		t.Errorf("the rejected file is still there: %v", err)
	}
	if n := len(listAll(t, db)); n != 4 {
		t.Errorf("%d participants, want 4", n)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	db := demoDB(t)
	path := tempFile(t, "a.csv", []byte(header+"X1;Müller;Jörg;m;1985;;10k;;;ja\r\nX2;Weiß;;w;1990;;5k;;;\r\n"))
	before := logLen(t, db)
	code, out, _ := cli(t, "import", path, "--db", db, "--lang", "en", "--dry-run")
	if code != 1 || !strings.Contains(out, "1 new · 0 updated · 0 unchanged · 1 rejected") || !strings.Contains(out, "Dry run: nothing was written.") {
		t.Errorf("exit %d\n%s", code, out)
	}
	if logLen(t, db) != before {
		t.Errorf("dry run wrote to the change log")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "a.rejected.csv")); !os.IsNotExist(err) {
		t.Errorf("dry run wrote a rejected file")
	}
}

func TestReimportAfterCheckInReportsClashesAndKeepsTheDesksWork(t *testing.T) {
	db := demoDB(t)
	path := tempFile(t, "a.csv", []byte(header+"X1;Müller;Jörg;m;12.03.1985;SV Lauf 08;10k;;;ja\r\n"))
	if code, _, stderr := cli(t, "import", path, "--db", db); code != 0 {
		t.Fatal(stderr)
	}
	id := listAll(t, db)["X1"].ID
	if code, _, stderr := cli(t, "checkin", "--db", db, "--id", id); code != 0 {
		t.Fatal(stderr)
	}
	// The newer export gives him bib 42 and another club.
	if err := os.WriteFile(path, []byte(header+"X1;Müller;Jörg;m;12.03.1985;TSV Buchau;10k;42;;ja\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := cli(t, "import", path, "--db", db, "--lang", "en")
	if code != 0 || !strings.Contains(out, "0 new · 1 updated") || !strings.Contains(out, "bib: kept 1, file 42 (set by the desk)") {
		t.Errorf("exit %d\n%s", code, out)
	}
	p := listAll(t, db)["X1"]
	if p.Status != "checked-in" || p.Bib != 1 || p.Club != "TSV Buchau" {
		t.Errorf("stored %+v: the desk's check-in and bib must stay, the import's club may change", p)
	}
}

func TestWindows1252FileImports(t *testing.T) {
	db := demoDB(t)
	data, err := charmap.Windows1252.NewEncoder().Bytes([]byte(header + "X1;Müller;Jörg;männlich;12.03.1985;SV Weißenstadt;10k;;;ja\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := cli(t, "import", tempFile(t, "w.csv", data), "--db", db, "--lang", "en")
	if code != 0 || !strings.Contains(out, "Windows-1252") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if p := listAll(t, db)["X1"]; p.Last != "Müller" || p.First != "Jörg" || p.Club != "SV Weißenstadt" || p.Gender != "M" {
		t.Errorf("stored %+v", p)
	}
}

func TestImportJSONSummary(t *testing.T) {
	db := demoDB(t)
	code, out, _ := cli(t, "import", tempFile(t, "registrations-export.csv", nil), "--db", db, "--json", "--dry-run")
	var s struct {
		Created  int    `json:"created"`
		Rejected int    `json:"rejected"`
		DryRun   bool   `json:"dry_run"`
		Delim    string `json:"delimiter"`
		Dates    struct {
			Order  string `json:"order"`
			Reason string `json:"reason"`
		} `json:"dates"`
	}
	if err := json.Unmarshal([]byte(out), &s); code != 0 || err != nil {
		t.Fatalf("exit %d, %v\n%s", code, err, out)
	}
	if s.Created != 120 || s.Rejected != 0 || !s.DryRun || s.Delim != "," || s.Dates.Order != "mdy" || s.Dates.Reason != "proven" {
		t.Errorf("summary %+v", s)
	}
}

func TestImportFileProblemsAndUsage(t *testing.T) {
	db := demoDB(t)
	code, _, stderr := cli(t, "import", tempFile(t, "a.csv", []byte("Nachname;Geschlecht\r\nMüller;m\r\n")), "--db", db, "--lang", "de")
	if code != 1 || !strings.Contains(stderr, "keine Spalte für Vorname, Geburtsdatum, Lauf") {
		t.Errorf("missing columns: exit %d, %q", code, stderr)
	}
	for _, args := range [][]string{
		{"import", "--db", db},
		{"import", "a.csv", "b.csv", "--db", db},
		{"import", "a.csv", "--db", db, "--date-order", "ddmm"},
		{"import", "a.csv", "--db", db, "--encoding", "ebcdic"},
	} {
		if code, _, stderr := cli(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, stderr)
		}
	}
}

func TestExportsStartAndCheckInLists(t *testing.T) {
	db := demoDB(t)
	path := tempFile(t, "a.csv", []byte(header+
		"X1;Müller;Jörg;m;12.03.1985;SV Lauf 08;10k;;;ja\r\n"+
		"X2;Abt;Anna;w;01.02.1990;;10k;;;nein\r\n"+
		"X3;Weiß;Zoë;w;2001;;5k;;;ja\r\n"))
	if code, _, stderr := cli(t, "import", path, "--db", db); code != 0 {
		t.Fatal(stderr)
	}
	id := listAll(t, db)["X1"].ID
	if code, _, stderr := cli(t, "checkin", "--db", db, "--id", id); code != 0 {
		t.Fatal(stderr)
	}

	code, out, _ := cli(t, "export", "startlist", "--db", db, "--lang", "de", "--race", "10k")
	if code != 0 || !strings.HasPrefix(out, "\ufeffLauf;Startnr.;Nachname;Vorname;Jg.;Geschlecht;Klasse;Verein\r\n") {
		t.Fatalf("start list: exit %d\n%q", code, out)
	}
	// By bib: Jörg has bib 1, Anna none yet.
	if lines := strings.Split(out, "\r\n"); !strings.Contains(lines[1], "1;Müller;Jörg;1985;M;M40;SV Lauf 08") || !strings.Contains(lines[2], ";;Abt;Anna") {
		t.Errorf("start list by bib:\n%s", out)
	}
	code, out, _ = cli(t, "export", "startlist", "--db", db, "--lang", "en", "--order", "name", "--excel=false")
	if code != 0 || !strings.HasPrefix(out, "Race,Bib,Last name") || strings.Index(out, "Abt") > strings.Index(out, "Müller") {
		t.Errorf("start list by name:\n%s", out)
	}
	code, out, _ = cli(t, "export", "checkin", "--db", db, "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); code != 0 || err != nil {
		t.Fatalf("check-in list: %d %v\n%s", code, err, out)
	}
	if len(rows) != 2 || rows[0]["last"] != "Abt" || rows[0]["due_cents"] != float64(1500) || rows[1]["last"] != "Weiß" || rows[1]["race"] != "5k" {
		t.Errorf("check-in list %v: Jörg is checked in; Anna owes the 10k fee", rows)
	}
	file := filepath.Join(t.TempDir(), "p.csv")
	code, _, stderr := cli(t, "export", "participants", "--db", db, "-o", file)
	data, _ := os.ReadFile(file)
	if code != 0 || !bytes.HasPrefix(data, []byte("\ufeffid;external_id;race;bib;last;first")) {
		t.Errorf("participants for Excel: %d %s %q", code, stderr, data)
	}
	if code, _, _ := cli(t, "export", "startlist", "--db", db, "--order", "age"); code != 2 {
		t.Errorf("--order age: exit %d, want 2", code)
	}
}
