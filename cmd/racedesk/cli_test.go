package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model/store"
)

// cli runs racedesk with args and returns exit status, stdout and stderr.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// newEventDB creates an event database from the example event file.
func newEventDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "event.db")
	code, _, stderr := cli(t, "event", "init", "--config", "testdata/event.toml", "--db", db, "--desk", "Desk 1", "--lang", "en")
	if code != 0 {
		t.Fatalf("event init: exit %d: %s", code, stderr)
	}
	return db
}

func logLen(t *testing.T, db string) int {
	t.Helper()
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	log, err := s.Log(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(log)
}

func TestRegisterPrintsParticipantWithBibAndAgeClass(t *testing.T) {
	db := newEventDB(t)
	code, out, stderr := cli(t, "register", "--db", db, "--lang", "en", "--race", "10k",
		"--first", "Jörg", "--last", "Müller", "--born", "12.3.85", "--gender", "m")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"Jörg Müller", "10 km Hauptlauf", "bib 1", "12.03.1985", "class M40"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestRegisterRejectsImpossibleBirthDateAndWritesNothing(t *testing.T) {
	db := newEventDB(t)
	before := logLen(t, db)
	code, out, stderr := cli(t, "register", "--db", db, "--lang", "en", "--race", "10k",
		"--first", "Jörg", "--last", "Müller", "--born", "31.02.1985", "--gender", "m")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if out != "" {
		t.Errorf("stdout should be empty, got %q", out)
	}
	if !strings.Contains(stderr, `birth date "31.02.1985": no such day (use DD.MM.YYYY)`) {
		t.Errorf("stderr does not say why: %q", stderr)
	}
	if after := logLen(t, db); after != before {
		t.Errorf("change log grew from %d to %d entries", before, after)
	}
}

func TestRegisterNamesEveryWrongFieldInGerman(t *testing.T) {
	db := newEventDB(t)
	code, _, stderr := cli(t, "register", "--db", db, "--lang", "de", "--race", "marathon",
		"--first", "", "--last", "Müller", "--born", "31.02.1985", "--gender", "q")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	for _, want := range []string{"Vorname: fehlt", `Geburtsdatum "31.02.1985": diesen Tag gibt es nicht`,
		`Geschlecht "q"`, `Lauf "marathon": diesen Lauf gibt es nicht (einer von 10k, 5k, bambini)`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	db := newEventDB(t)
	for _, args := range [][]string{
		{"register", "--db", db, "--no-such-flag"},
		{"frobnicate"},
		{"checkin", "--db", db},
		{"checkin", "--db", db, "--bib", "1", "--id", "x"},
		{"event", "init"},
		{"export", "participants", "--db", db, "--format", "xml"},
		{"list", "--db", db, "extra-arg"},
		{"register", "--db", db, "--extra", "novalue"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, _, stderr := cli(t, args...)
			if code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", code, stderr)
			}
		})
	}
}

func TestCheckinGivesBibAndSecondCheckinChangesNothing(t *testing.T) {
	db := newEventDB(t)
	code, out, stderr := cli(t, "register", "--db", db, "--lang", "en", "--race", "5k", "--bib", "",
		"--first", "Anna", "--last", "Weiß", "--born", "2001", "--gender", "w", "--json")
	if code != 0 {
		t.Fatalf("register: %d %s", code, stderr)
	}
	var p struct {
		ID  string `json:"id"`
		Bib int    `json:"bib"`
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	if p.Bib != 0 {
		t.Fatalf("registered with --bib \"\" should have no bib yet, got %d", p.Bib)
	}
	code, out, _ = cli(t, "checkin", "--db", db, "--lang", "en", "--id", p.ID)
	if code != 0 || !strings.Contains(out, "checked in: Anna Weiß") || !strings.Contains(out, "bib 400") {
		t.Fatalf("checkin: exit %d, %q", code, out)
	}
	n := logLen(t, db)
	code, out, _ = cli(t, "checkin", "--db", db, "--lang", "en", "--bib", "400")
	if code != 0 || !strings.Contains(out, "already checked in at") || !strings.Contains(out, "Desk 1") {
		t.Fatalf("second checkin: exit %d, %q", code, out)
	}
	if logLen(t, db) != n {
		t.Errorf("second check-in wrote to the change log")
	}
}

func TestCheckinUnknownBibFails(t *testing.T) {
	db := newEventDB(t)
	code, _, stderr := cli(t, "checkin", "--db", db, "--lang", "en", "--bib", "42")
	if code != 1 || !strings.Contains(stderr, "no participant with bib 42") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestListAndExportShowRegisteredRunners(t *testing.T) {
	db := newEventDB(t)
	for _, r := range [][]string{
		{"--race", "10k", "--first", "Jörg", "--last", "Müller", "--born", "12.3.85", "--gender", "m", "--extra", "tshirt=xl"},
		{"--race", "Bambini", "--first", "Zoë", "--last", "Dvořák", "--born", "2019", "--gender", "w"},
	} {
		if code, _, stderr := cli(t, append([]string{"register", "--db", db}, r...)...); code != 0 {
			t.Fatalf("register %v: %s", r, stderr)
		}
	}
	code, out, _ := cli(t, "list", "--db", db, "--lang", "en")
	if code != 0 || !strings.Contains(out, "Müller, Jörg") || !strings.Contains(out, "Dvořák, Zoë") || !strings.Contains(out, "WU8") {
		t.Fatalf("list: %d\n%s", code, out)
	}
	code, out, _ = cli(t, "list", "--db", db, "--race", "bambini", "--json")
	var views []map[string]any
	if err := json.Unmarshal([]byte(out), &views); code != 0 || err != nil || len(views) != 1 || views[0]["age_class"] != "WU8" {
		t.Fatalf("list --json: %d %v %v", code, err, views)
	}
	file := filepath.Join(t.TempDir(), "out.csv")
	if code, _, stderr := cli(t, "export", "participants", "--db", db, "--excel=false", "-o", file); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("csv rows %d, err %v", len(rows), err)
	}
	header := strings.Join(rows[0], ",")
	if !strings.Contains(header, "age_class") || !strings.HasSuffix(header, "x.tshirt,x.emergency_phone") {
		t.Errorf("header %q", header)
	}
	if !strings.Contains(strings.Join(rows[1], ","), "Müller,Jörg,1985-03-12,M,M40") || rows[1][len(rows[1])-2] != "XL" {
		t.Errorf("row %q", rows[1])
	}
}

func TestSecondProcessFailsFastWhileDatabaseIsOpen(t *testing.T) {
	db := newEventDB(t)
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	code, _, stderr := cli(t, "list", "--db", db, "--lang", "en")
	if code != 1 || !strings.Contains(stderr, "is in use by another racedesk process") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestBackupWhileDeskHoldsTheDatabase(t *testing.T) {
	db := newEventDB(t)
	cli(t, "register", "--db", db, "--race", "10k", "--first", "Jörg", "--last", "Müller", "--born", "1985", "--gender", "m")
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	stop, err := store.ServeControl(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(t.TempDir(), "copy.db")
	code, out, stderr := cli(t, "backup", "--db", db, "--lang", "en", "--to", to)
	stop()
	s.Close()
	if code != 0 || !strings.Contains(out, "backup written to") {
		t.Fatalf("backup: exit %d, %q %q", code, out, stderr)
	}
	code, out, _ = cli(t, "list", "--db", to)
	if code != 0 || !strings.Contains(out, "Müller") {
		t.Errorf("backup copy lacks the runner: %d %q", code, out)
	}
}

func TestMissingDatabaseSaysHowToCreateOne(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	code, _, stderr := cli(t, "list", "--db", db, "--lang", "en")
	if code != 1 || !strings.Contains(stderr, "racedesk event init or racedesk demo") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("a failed open created %s", db)
	}
}

func TestDatabaseFromEnvironment(t *testing.T) {
	db := newEventDB(t)
	t.Setenv("RACEDESK_DB", db)
	code, out, _ := cli(t, "event", "show", "--lang", "en")
	if code != 0 || !strings.Contains(out, "Buchauer Nikolaus-Waldlauf 2026") || !strings.Contains(out, "1-199") {
		t.Errorf("event show: %d\n%s", code, out)
	}
}
