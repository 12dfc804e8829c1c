package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
)

func TestEdit(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		say  []string // in stdout (exit 0) or stderr
		// check looks at the runner after; nil: as before, nothing written.
		check func(t *testing.T, before, after model.Participant)
	}{
		{"a club given is set and nothing else changes", []string{"--lang", "en", "--bib", "1", "--club", "LG Buchau"}, 0,
			[]string{"club: – → LG Buchau\nchanged: Jörg Müller · 10 km Hauptlauf · bib 1 · born 12.03.1985"},
			func(t *testing.T, before, after model.Participant) {
				before.Club = "LG Buchau"
				if !same(before, after) {
					t.Errorf("stored %+v", after)
				}
			}},
		{"a German desk names the fields in German", []string{"--lang", "de", "--bib", "1", "--first", "Jörn", "--born", "13.3.1985"}, 0,
			[]string{"Geburtsdatum: 12.03.1985 → 13.03.1985\nVorname: Jörg → Jörn\ngeändert: Jörn Müller"},
			func(t *testing.T, before, after model.Participant) {
				if after.First != "Jörn" || after.Born.Display() != "13.03.1985" || after.Last != "Müller" || after.Bib != 1 {
					t.Errorf("stored %+v", after)
				}
			}},
		{"an empty value clears a field", []string{"--lang", "en", "--bib", "1", "--email", ""}, 0,
			[]string{"email: joerg@example.org → –"},
			func(t *testing.T, _, after model.Participant) {
				if after.Email != "" || after.Phone != "0171 1234567" {
					t.Errorf("stored %+v", after)
				}
			}},
		{"the same values change nothing", []string{"--lang", "en", "--bib", "1", "--first", "Jörg", "--gender", "male"}, 0,
			[]string{"nothing changed: Jörg Müller"}, nil},
		{"nothing changed, in German", []string{"--lang", "de", "--bib", "1", "--club", ""}, 0,
			[]string{"nichts geändert: Jörg Müller"}, nil},
		{"a dry run shows the change and writes nothing", []string{"--lang", "en", "--bib", "1", "--last", "Meier", "--dry-run"}, 0,
			[]string{"last name: Müller → Meier\nwould change (nothing written): Jörg Meier"}, nil},
		{"wrong fields are refused, every one named", []string{"--lang", "en", "--bib", "1", "--born", "31.02.1985", "--gender", "q"}, 1,
			[]string{`birth date "31.02.1985": no such day`, `gender "q"`}, nil},
		{"wrong fields are refused in German", []string{"--lang", "de", "--bib", "1", "--first", "", "--email", "x@"}, 1,
			[]string{"Vorname: fehlt", `E-Mail "x@"`}, nil},
		{"a move the race's age rules forbid is refused", []string{"--lang", "en", "--bib", "1", "--race-to", "bambini"}, 1,
			[]string{`birth date "1985-03-12"`}, nil},
		{"a move to another race gives a bib of that race", []string{"--lang", "en", "--bib", "1", "--race-to", "5 km"}, 0,
			[]string{"bib: 1 → 400\nrace: 10k → 5k\nchanged: Jörg Müller · 5 km Volkslauf · bib 400"},
			func(t *testing.T, _, after model.Participant) {
				if after.Race != "5k" || after.Bib != 400 {
					t.Errorf("stored race %q bib %d", after.Race, after.Bib)
				}
			}},
		{"a dry run of a move says the bib comes from the pool", []string{"--lang", "de", "--bib", "1", "--race-to", "5k", "--dry-run"}, 0,
			[]string{"Startnummer: 1 → die nächste aus dem Vorrat dieses Tisches\nLauf: 10k → 5k\nwürde ändern (nichts gespeichert)"}, nil},
		{"a move is refused when this desk has no bib of the new race", []string{"--lang", "en", "--desk", "Desk 3", "--bib", "1", "--race-to", "5k"}, 1,
			[]string{`race "5 km Volkslauf": desk Desk 3 has no bib pool for 5 km Volkslauf`}, nil},
		{"a dry run refuses that move too", []string{"--lang", "en", "--desk", "Desk 3", "--bib", "1", "--race-to", "5k", "--dry-run"}, 1,
			[]string{`race "5 km Volkslauf": desk Desk 3 has no bib pool for 5 km Volkslauf`}, nil},
		{"an unknown race is refused", []string{"--lang", "en", "--bib", "1", "--race-to", "marathon"}, 1,
			[]string{`race "marathon": no such race`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newEventDB(t)
			p := registerRunner(t, db, "--race", "10k", "--first", "Jörg", "--last", "Müller", "--born", "12.3.85", "--gender", "m",
				"--email", "joerg@example.org", "--phone", "0171 1234567", "--external-id", "WR26-1029", "--extra", "tshirt=L", "--paid", "cash")
			before := logLen(t, db)
			code, out, stderr := cli(t, append([]string{"edit", "--db", db}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d (stdout %q, stderr %q)", code, tt.code, out, stderr)
			}
			said := out
			if code != 0 {
				said = stderr
				if out != "" {
					t.Errorf("refused, yet printed %q", out)
				}
			}
			for _, want := range tt.say {
				if !strings.Contains(said, want) {
					t.Errorf("output lacks %q:\n%s", want, said)
				}
			}
			after := readRunner(t, db, p.ID)
			if tt.check == nil {
				if !same(p, after) {
					t.Errorf("the runner changed:\nbefore %+v\nafter  %+v", p, after)
				}
				if logLen(t, db) != before {
					t.Errorf("wrote to the change log")
				}
			} else {
				tt.check(t, p, after)
			}
			if after.ExternalID != "WR26-1029" || after.Extra["tshirt"] != "L" || after.PaidCents != 2000 {
				t.Errorf("an edit lost what it was not given: %+v", after)
			}
		})
	}
}

func same(a, b model.Participant) bool {
	x, y := a.Fields(), b.Fields()
	if len(x) != len(y) {
		return false
	}
	for k, v := range x {
		if y[k] != v {
			return false
		}
	}
	return true
}

func TestEditByPhoneCodeKeepsTheCode(t *testing.T) {
	db := newEventDB(t)
	p := phoneRunner(t, db)
	code, out, stderr := cli(t, "edit", "--db", db, "--lang", "en", "--code", p.Code, "--club", "LG Buchau", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Participant struct {
			Code string `json:"code"`
			Club string `json:"club"`
		} `json:"participant"`
		Changes []changeView `json:"changes"`
		DryRun  bool         `json:"dry_run"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	want := []changeView{{Field: "club", Old: "", New: "LG Buchau"}}
	if got.Participant.Code != p.Code || got.Participant.Club != "LG Buchau" || got.DryRun || len(got.Changes) != 1 || got.Changes[0] != want[0] {
		t.Errorf("json %s", out)
	}
	if s := readRunner(t, db, p.ID); s.Code != p.Code || s.Status != model.Pending || s.Club != "LG Buchau" {
		t.Errorf("stored %+v", s)
	}
}

func TestEditNothingChangedJSONHasAnEmptyList(t *testing.T) {
	db := newEventDB(t)
	joerg(t, db)
	code, out, _ := cli(t, "edit", "--db", db, "--bib", "1", "--last", "Müller", "--json")
	if code != 0 || !strings.Contains(out, `"changes": []`) {
		t.Errorf("exit %d\n%s", code, out)
	}
}

func TestEditRefusesADeletedRunner(t *testing.T) {
	db := newEventDB(t)
	p := joerg(t, db)
	if code, _, stderr := cli(t, "delete", "--db", db, "--bib", "1", "--reason", "test entry"); code != 0 {
		t.Fatal(stderr)
	}
	code, _, stderr := cli(t, "edit", "--db", db, "--lang", "en", "--id", p.ID, "--club", "X")
	if code != 1 || !strings.Contains(stderr, "was deleted: nothing can change it any more") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}

func TestEditUsageErrorsExitTwo(t *testing.T) {
	db := newEventDB(t)
	joerg(t, db)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--lang", "en", "--bib", "1"}, "give at least one of --first, --last, --born, --gender, --race-to, --club, --email, --phone"},
		{[]string{"--lang", "de", "--bib", "1", "--dry-run"}, "mindestens eins davon angeben: --first"},
		{[]string{"--lang", "en", "--club", "X"}, "give exactly one of --bib, --id, --code"},
		{[]string{"--lang", "en", "--bib", "1", "--bib-to", "3"}, "unknown flag: --bib-to"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, stderr := cli(t, append([]string{"edit", "--db", db}, tt.args...)...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
}

func TestEditWhileADeskHoldsTheDatabase(t *testing.T) {
	db, closed := twinDBs(t, func(db string) { joerg(t, db) })
	for _, args := range [][]string{
		{"edit", "--lang", "en", "--bib", "1", "--club", "LG Buchau", "--race-to", "5k"},
		{"edit", "--lang", "de", "--bib", "400", "--club", "LG Buchau"},
		{"edit", "--lang", "en", "--bib", "400", "--born", "31.02.1985"},
		{"edit", "--lang", "en", "--bib", "400", "--first", "Jörn", "--dry-run", "--json"},
	} {
		sameInDesk(t, db, closed, args...)
	}
	if got, err := byBibIn(t, db, 400); err != nil || got.Club != "LG Buchau" || got.Race != "5k" || got.First != "Jörg" {
		t.Errorf("the desk's store holds %+v (%v)", got, err)
	}
}
