package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// racedesk register refuses a runner who is probably registered already
// (the same command run twice used to make two records), names who and
// why, and registers with --not-duplicate; --dry-run --json lists the
// likely duplicates and writes nothing.
func TestRegisterRefusesAProbableDuplicate(t *testing.T) {
	db := newEventDB(t)
	args := []string{"register", "--db", db, "--lang", "en", "--race", "10k", "--first", "Jörg", "--last", "Müller", "--born", "12.3.1985", "--gender", "m", "--external-id", "WR26-1029"}
	if code, _, stderr := cli(t, args...); code != 0 {
		t.Fatalf("first registration: exit %d: %s", code, stderr)
	}
	n := logLen(t, db)
	again := []string{"register", "--db", db, "--lang", "en", "--race", "10k", "--first", "Joerg", "--last", "Mueller", "--born", "3.12.1985", "--gender", "m"}
	code, _, stderr := cli(t, again...)
	if code != 1 || !strings.Contains(stderr, "probably registered already: Jörg Müller") || !strings.Contains(stderr, "--not-duplicate") {
		t.Errorf("the same runner again (spelled out, day and month swapped): exit %d: %s", code, stderr)
	}
	if logLen(t, db) != n {
		t.Errorf("a refused duplicate wrote to the log")
	}

	code, out, stderr := cli(t, append(again, "--dry-run", "--json")...)
	var dry struct {
		Similar []struct {
			ID, Reason string
			ExternalID string `json:"external_id"`
		} `json:"similar"`
	}
	if err := json.Unmarshal([]byte(out), &dry); code != 0 || err != nil {
		t.Fatalf("--dry-run --json: exit %d, %v: %s %s", code, err, out, stderr)
	}
	if len(dry.Similar) != 1 || dry.Similar[0].ExternalID != "WR26-1029" || !strings.Contains(dry.Similar[0].Reason, "day and month swapped") {
		t.Errorf("similar %+v", dry.Similar)
	}
	code, out, _ = cli(t, "register", "--db", db, "--lang", "en", "--race", "10k", "--first", "Anna", "--last", "Neu", "--born", "1990", "--gender", "w", "--dry-run", "--json")
	if code != 0 || !strings.Contains(out, `"similar": []`) {
		t.Errorf("no duplicate: want an empty list: exit %d %s", code, out)
	}
	if logLen(t, db) != n {
		t.Errorf("--dry-run wrote to the log")
	}

	if code, out, stderr := cli(t, append(again, "--not-duplicate")...); code != 0 || !strings.Contains(out, "registered") {
		t.Errorf("--not-duplicate: exit %d: %s %s", code, out, stderr)
	}
}

// racedesk find searches as the desk does; racedesk checkin --code
// confirms a phone registration by the code the runner shows (issue 18).
func TestFindAndCheckInByCode(t *testing.T) {
	db := newEventDB(t)
	if code, _, stderr := cli(t, "register", "--db", db, "--race", "10k", "--first", "Franz", "--last", "Köhler", "--born", "1980", "--gender", "m"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := cli(t, "register", "--db", db, "--race", "10k", "--first", "Åsa", "--last", "Köhler", "--born", "1981", "--gender", "w", "--club", "Freiwillige Feuerwehr"); code != 0 {
		t.Fatal(stderr)
	}
	code, out, _ := cli(t, "find", "--db", db, "--json", "koehler fr")
	var hits []struct{ First string }
	if err := json.Unmarshal([]byte(out), &hits); code != 0 || err != nil || len(hits) != 2 || hits[0].First != "Franz" {
		t.Errorf("find koehler fr: %d %v %s", code, err, out)
	}
	s := openStore(t, db)
	p, err := s.RegisterPending(model.ParticipantInput{First: "Renée", Last: "Lefèvre", Born: "1992", Gender: "w", Race: "10k"})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr := cli(t, "checkin", "--db", db, "--lang", "en", "--code", strings.ToLower(p.Code))
	if code != 0 || !strings.Contains(out, "Lefèvre") {
		t.Errorf("checkin --code: exit %d: %s %s", code, out, stderr)
	}
	if code, _, stderr := cli(t, "checkin", "--db", db, "--lang", "en", "--code", "XXXXXX"); code != 1 || !strings.Contains(stderr, "no phone registration has this code") {
		t.Errorf("an unknown code: exit %d: %s", code, stderr)
	}
}

func openStore(t *testing.T, db string) *store.Store {
	t.Helper()
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
