package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
)

// runnerWithHistory is an event with Jörg registered at Desk 1, then
// paying cash, then given a club and another club.
func runnerWithHistory(t *testing.T) (db, id string) {
	t.Helper()
	db = newEventDB(t)
	return db, withHistory(t, db)
}

func withHistory(t *testing.T, db string) (id string) {
	t.Helper()
	id = joerg(t, db).ID
	for _, args := range [][]string{
		{"pay", "--bib", "1", "--method", "cash"},
		{"edit", "--bib", "1", "--club", "LG Buchau"},
		{"edit", "--bib", "1", "--club", "TSV Buchau"},
	} {
		if code, _, stderr := cli(t, append(args, "--db", db)...); code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
	}
	return id
}

func TestHistoryShowsTheDesksLinesOldestFirst(t *testing.T) {
	db, _ := runnerWithHistory(t)
	when := `\d\d\.\d\d\. \d\d:\d\d Desk 1   `
	tests := []struct {
		lang  string
		lines []string // patterns, one per line
	}{
		{"en", []string{
			`^History: Jörg Müller · 10 km Hauptlauf · bib 1 · born 12\.03\.1985 · class M40 · paid 20,00 € \(cash\)$`,
			`^` + when + `created: bib 1, birth date 12\.03\.1985, first name Jörg, gender M, last name Müller, race 10k, source desk, status registered$`,
			`^` + when + `amount paid 20,00 €, payment cash$`,
			`^` + when + `club LG Buchau$`,
			`^` + when + `club TSV Buchau$`,
		}},
		{"de", []string{
			`^Verlauf: Jörg Müller · 10 km Hauptlauf · Startnr\. 1 `,
			`^` + when + `angelegt: Startnummer 1, Geburtsdatum 12\.03\.1985, Vorname Jörg, `,
			`^` + when + `bezahlter Betrag 20,00 €, Zahlung bar$`,
			`^` + when + `Verein LG Buchau$`,
			`^` + when + `Verein TSV Buchau$`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			code, out, stderr := cli(t, "history", "--db", db, "--lang", tt.lang, "--bib", "1")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if len(lines) != len(tt.lines) {
				t.Fatalf("%d lines, want %d:\n%s", len(lines), len(tt.lines), out)
			}
			for i, pattern := range tt.lines {
				if !regexp.MustCompile(pattern).MatchString(lines[i]) {
					t.Errorf("line %d %q does not match %q", i+1, lines[i], pattern)
				}
			}
		})
	}
}

type historyJSON []struct {
	At      string `json:"at"`
	AtMs    *int64 `json:"at_ms"`
	Desk    string `json:"desk"`
	Device  string `json:"device"`
	Op      string `json:"op"`
	Changes []struct {
		Field string  `json:"field"`
		Old   *string `json:"old"`
		New   *string `json:"new"`
	} `json:"changes"`
}

func TestHistoryJSONGivesEachFieldBeforeAndAfter(t *testing.T) {
	db, id := runnerWithHistory(t)
	code, out, stderr := cli(t, "history", "--db", db, "--id", id, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var h historyJSON
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if len(h) != 4 {
		t.Fatalf("%d entries, want 4:\n%s", len(h), out)
	}
	for i, e := range h {
		at, err := time.Parse(time.RFC3339, e.At)
		if err != nil || e.AtMs == nil || at.UnixMilli() != *e.AtMs {
			t.Errorf("entry %d: at %q (%v), at_ms %v", i, e.At, err, e.AtMs)
		}
		if e.Desk != "Desk 1" || e.Device == "" || e.Device != h[0].Device {
			t.Errorf("entry %d: desk %q, device %q", i, e.Desk, e.Device)
		}
		for _, c := range e.Changes {
			if c.Old == nil || c.New == nil {
				t.Errorf("entry %d: %s lacks old or new", i, c.Field)
			}
		}
	}
	if h[0].Op != "create" || h[1].Op != "update" {
		t.Errorf("ops %q, %q", h[0].Op, h[1].Op)
	}
	pay := map[string][2]string{}
	for _, c := range h[1].Changes {
		pay[c.Field] = [2]string{*c.Old, *c.New}
	}
	if pay["paid_cents"] != [2]string{"", "2000"} || pay["pay_method"] != [2]string{"", "cash"} {
		t.Errorf("payment changes %v", pay)
	}
	club := h[3].Changes
	if len(club) != 1 || club[0].Field != "club" || *club[0].Old != "LG Buchau" || *club[0].New != "TSV Buchau" {
		t.Errorf("second club change %s", out)
	}
}

func TestHistoryJSONOfADeletedRunnerShowsTheDeletion(t *testing.T) {
	db, id := runnerWithHistory(t)
	if code, _, stderr := cli(t, "delete", "--db", db, "--bib", "1", "--reason", "test entry"); code != 0 {
		t.Fatal(stderr)
	}
	code, out, stderr := cli(t, "history", "--db", db, "--lang", "en", "--id", id, "--json")
	var h historyJSON
	if err := json.Unmarshal([]byte(out), &h); code != 0 || err != nil || len(h) != 5 || h[4].Op != "delete" {
		t.Fatalf("exit %d, %v: %s%s", code, err, out, stderr)
	}
	for _, e := range h {
		for _, c := range e.Changes {
			if *c.Old == "Jörg" || *c.New == "Jörg" || *c.New == "LG Buchau" {
				t.Errorf("a deleted runner's name is still in the history: %s", out)
			}
		}
	}
}

func TestHistoryOfADeletedRunnerShowsNoPersonalData(t *testing.T) {
	db, id := runnerWithHistory(t)
	if code, _, stderr := cli(t, "delete", "--db", db, "--bib", "1", "--reason", "test entry"); code != 0 {
		t.Fatal(stderr)
	}
	code, out, stderr := cli(t, "history", "--db", db, "--lang", "en", "--id", id)
	if code != 0 || strings.Contains(out, "Jörg") || strings.Contains(out, "Buchau") ||
		!strings.Contains(out, "amount paid 20,00 €, payment cash") || !strings.Contains(out, "reason test entry") {
		t.Errorf("exit %d, %s%s", code, out, stderr)
	}
}

func TestHistoryRefusals(t *testing.T) {
	db := newEventDB(t)
	joerg(t, db)
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--lang", "en", "--id", "nobody"}, 1, "no participant with ID nobody"},
		{[]string{"--lang", "de", "--bib", "42"}, 1, "Startnummer 42"},
		{[]string{"--lang", "en", "--code", "ZZZZZZ"}, 1, `code "ZZZZZZ": no phone registration has this code`},
		{[]string{"--lang", "en"}, 2, "give exactly one of --bib, --id, --code"},
		{[]string{"--lang", "en", "--bib", "1", "extra"}, 2, "takes no arguments"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, stderr := cli(t, append([]string{"history", "--db", db}, tt.args...)...)
			if code != tt.code || out != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d and %q", code, out, stderr, tt.code, tt.want)
			}
		})
	}
}

func TestHistoryWhileADeskHoldsTheDatabase(t *testing.T) {
	db, closed := twinDBs(t, func(db string) { withHistory(t, db) })
	for _, args := range [][]string{
		{"history", "--lang", "en", "--bib", "1"},
		{"history", "--lang", "de", "--bib", "1", "--json"},
		{"history", "--lang", "en", "--bib", "2"},
	} {
		sameInDesk(t, db, closed, args...)
	}
}
