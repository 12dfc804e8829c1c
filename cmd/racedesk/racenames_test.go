package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// listByName lists the participants by "Last, First".
func listByName(t *testing.T, db string) map[string]listed {
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
		m[p.Last+", "+p.First] = p
	}
	return m
}

// The late-entry lists an organizer types in Excel: races written 5km,
// 10km and Bambini while the event file says "5 km", "10 km" and
// "Bambini"; one saved as "CSV UTF-8" (BOM, birth dates), one as plain
// "CSV" of a German Excel (Windows-1252, birth years, m/w). Both import
// without a mapping file and without --race.
func TestGermanLateEntryListWithRacesTyped5km10kmBambiniImportsWithoutAMappingFile(t *testing.T) {
	want := map[string]struct{ race, born, gender, club string }{
		"Müller, Jörg":       {"10k", "1985-03-12", "M", "TSV Buchau"},
		"Schäfer, Anna-Lena": {"5k", "1992-07-24", "W", "LG Frankenwald"},
		"Weiß, Lukas":        {"bambini", "2018-11-03", "M", ""},
		"Öztürk, Elif":       {"10k", "1979-05-17", "W", "Lauftreff Hof"},
		"Groß, Karl-Heinz":   {"5k", "1958-01-30", "M", "SV Döhlau"},
		"Hübner, Sophie":     {"bambini", "2019-09-09", "W", ""},
		"Krüger, Maximilian": {"10k", "2001-06-21", "M", "Team Fichtelgebirge"},
		"Brückner, Lea":      {"5k", "2012-02-14", "W", "TV Schwarzenbach/Saale"},
		"Nußbaum, Jürgen":    {"10k", "1967-12-05", "M", ""},
		"Bäumler, Emma":      {"bambini", "2017-08-28", "W", "Kindergarten Sonnenschein"},
		"Rößler, Tobias":     {"5k", "1990-04-11", "M", "FC Rehau"},
		"Vogel, Marie":       {"10k", "1988-10-19", "W", "LG Frankenwald"},
	}
	for _, tt := range []struct {
		file, encoding string
		yearsOnly      bool
	}{
		{"nachmeldungen.csv", "UTF-8 mit BOM", false},
		{"nachmeldungen-ansi.csv", "Windows-1252", true},
	} {
		t.Run(tt.file, func(t *testing.T) {
			db := demoDB(t)
			path := tempFile(t, tt.file, nil)
			code, out, stderr := cli(t, "import", path, "--db", db, "--lang", "de")
			if code != 0 {
				t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
			}
			for _, s := range []string{tt.encoding, `Trennzeichen ";"`, "12 neu · 0 geändert · 0 unverändert · 0 abgelehnt"} {
				if !strings.Contains(out, s) {
					t.Errorf("summary lacks %q:\n%s", s, out)
				}
			}
			if _, err := os.Stat(strings.TrimSuffix(path, ".csv") + ".rejected.csv"); err == nil {
				t.Error("a rejected file was written")
			}
			ps := listByName(t, db)
			if len(ps) != len(want) {
				t.Errorf("%d participants, want %d", len(ps), len(want))
			}
			for name, w := range want {
				p, ok := ps[name]
				if !ok {
					t.Errorf("%s not imported", name)
					continue
				}
				born := w.born
				if tt.yearsOnly {
					born = born[:4]
				}
				if p.Race != w.race || p.Born != born || p.Gender != w.gender || p.Club != w.club || p.Source != "import" {
					t.Errorf("%s stored as race %s, born %s, %s, club %q, source %s; want %s, %s, %s, %q",
						name, p.Race, p.Born, p.Gender, p.Club, p.Source, w.race, born, w.gender, w.club)
				}
			}
		})
	}
}

// walkEventDB is an event with a 5 km run and a 5 km walk: "5km" could
// be either.
func walkEventDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	config := filepath.Join(dir, "event.toml")
	if err := os.WriteFile(config, []byte(`
name = "Stadtlauf"
date = "2026-09-13"
lang = "de"

[[races]]
id = "5k"
name = "5 km Volkslauf"
distance_m = 5000
bibs = [{ from = 1, to = 99 }]

[[races]]
id = "walk"
name = "5 km Walking"
distance_m = 5000
bibs = [{ from = 100, to = 199 }]

[[races]]
id = "10k"
name = "10 km Hauptlauf"
distance_m = 10000
bibs = [{ from = 200, to = 299 }]
`), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "event.db")
	if code, _, stderr := cli(t, "event", "init", "--config", config, "--db", db, "--desk", "Desk 1"); code != 0 {
		t.Fatalf("event init: %s", stderr)
	}
	return db
}

func TestImportRefusesARaceThatCouldMeanTwoAndNamesThem(t *testing.T) {
	db := walkEventDB(t)
	path := tempFile(t, "nach.csv", []byte("Nachname;Vorname;Jahrgang;m/w;Strecke\r\n"+
		"Müller;Jörg;1985;m;10km\r\n"+
		"Weiß;Anna;1990;w;5km\r\n"+
		"Groß;Eva;1970;w;5 km Walking\r\n"))
	code, out, _ := cli(t, "import", path, "--db", db, "--lang", "de")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, out)
	}
	for _, s := range []string{"2 neu · 0 geändert · 0 unverändert · 1 abgelehnt",
		`Lauf "5km": nicht eindeutig, in Frage kommen 5k (5 km Volkslauf), walk (5 km Walking)`} {
		if !strings.Contains(out, s) {
			t.Errorf("summary lacks %q:\n%s", s, out)
		}
	}
	ps := listByName(t, db)
	if ps["Müller, Jörg"].Race != "10k" || ps["Groß, Eva"].Race != "walk" {
		t.Errorf("stored %+v", ps)
	}
	if _, ok := ps["Weiß, Anna"]; ok {
		t.Error("the ambiguous row was imported")
	}
}

// Every command that takes --race reads it like the import does.
func TestRaceFlagsTakeDistancesAndRefuseAmbiguousOnes(t *testing.T) {
	db := newEventDB(t)
	code, out, stderr := cli(t, "register", "--db", db, "--lang", "en", "--race", "5km",
		"--first", "Anna", "--last", "Weiß", "--born", "2001", "--gender", "w")
	if code != 0 || !strings.Contains(out, "5 km Volkslauf") {
		t.Fatalf("register --race 5km: exit %d\n%s%s", code, out, stderr)
	}
	for _, args := range [][]string{
		{"start", "--race", "10.000 m", "--time", "10:30:00"},
		{"finish", "--race", "5 KM", "--bib", "400", "--time", "10:31:00"},
		{"list", "--race", "5000m"},
		{"results", "--race", "10km"},
		{"export", "participants", "--race", "Bambini-Lauf", "--output", filepath.Join(t.TempDir(), "b.csv")},
	} {
		if code, out, stderr := cli(t, append(args, "--db", db, "--lang", "en")...); code != 0 {
			t.Errorf("%s: exit %d\n%s%s", strings.Join(args, " "), code, out, stderr)
		}
	}
	code, _, stderr = cli(t, "list", "--db", db, "--lang", "en", "--race", "15km")
	if code != 1 || !strings.Contains(stderr, `race "15km": no such race (one of 10k, 5k, bambini)`) {
		t.Errorf("list --race 15km: exit %d, %q", code, stderr)
	}

	walk := walkEventDB(t)
	code, _, stderr = cli(t, "register", "--db", walk, "--lang", "en", "--race", "5km",
		"--first", "Anna", "--last", "Weiß", "--born", "2001", "--gender", "w")
	if code != 1 || !strings.Contains(stderr, `race "5km": could mean 5k (5 km Volkslauf), walk (5 km Walking): give the race's ID or full name`) {
		t.Errorf("register --race 5km with a 5 km walk: exit %d, %q", code, stderr)
	}
	code, _, stderr = cli(t, "start", "--db", walk, "--lang", "en", "--race", "5000 m", "--time", "10:00:00")
	if code != 1 || !strings.Contains(stderr, "could mean 5k (5 km Volkslauf), walk (5 km Walking)") {
		t.Errorf("start --race \"5000 m\" with a 5 km walk: exit %d, %q", code, stderr)
	}
}
