package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestStartFinishResultsAndExport(t *testing.T) {
	db := newEventDB(t)
	for _, r := range [][]string{
		{"--first", "Jörg", "--last", "Müller", "--born", "12.3.85", "--gender", "m", "--bib", "7"},
		{"--first", "Anna", "--last", "Weiß", "--born", "1990", "--gender", "w", "--bib", "8"},
		{"--first", "Zoë", "--last", "Dvořák", "--born", "1991", "--gender", "w", "--bib", "9"},
	} {
		if code, _, stderr := cli(t, append([]string{"register", "--db", db, "--race", "10k"}, r...)...); code != 0 {
			t.Fatalf("register: %s", stderr)
		}
	}
	steps := [][]string{
		{"start", "--race", "10k", "--time", "10:30:00"},
		{"finish", "--bib", "8", "--time", "11:10:13.4"},
		{"finish", "--bib", "7", "--time", "11:12:00"},
		{"finish", "--bib", "9", "--status", "dsq", "--reason", "shortened the course"},
		{"finish", "--bib", "777", "--race", "10k", "--time", "11:13:00"},
	}
	for _, st := range steps {
		if code, _, stderr := cli(t, append(append([]string{}, st...), "--db", db, "--lang", "en")...); code != 0 {
			t.Fatalf("%v: %s", st, stderr)
		}
	}
	code, out, _ := cli(t, "results", "--db", db, "--race", "10k", "--lang", "en")
	for _, want := range []string{"1.     8  Anna Weiß", "0:40:14", "2.     7  Jörg Müller", "DSQ (shortened the course)", "bib 777 at 11:13:00.0: nobody has this bib"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("results lack %q:\n%s", want, out)
		}
	}
	code, out, _ = cli(t, "results", "--db", db, "--race", "10k", "--class", "M40", "--json")
	var rr struct {
		Results []struct{ Bib, ClassPlace int }
	}
	if err := json.Unmarshal([]byte(out), &rr); code != 0 || err != nil || len(rr.Results) != 1 || rr.Results[0].Bib != 7 {
		t.Errorf("results --class M40: %d %v %s", code, err, out)
	}
	code, out, _ = cli(t, "export", "results", "--db", db, "--excel=false", "--lang", "en")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 4 || !strings.HasPrefix(lines[1], "10 km Hauptlauf,1,8,Anna Weiß") || !strings.Contains(lines[3], "DSQ") {
		t.Errorf("export results:\n%s", out)
	}
	// The export shows the time as the results do, rounded up (40:13.4
	// → 0:40:14); its JSON keeps the exact milliseconds, as stored.
	if !strings.Contains(lines[1], ",0:40:14,") {
		t.Errorf("export results: the winner's time is not 0:40:14:\n%s", lines[1])
	}
	code, out, _ = cli(t, "export", "results", "--db", db, "--format", "json", "--race", "10k")
	var exported []struct {
		Bib  int
		Time any `json:"time_ms"`
	}
	if err := json.Unmarshal([]byte(out), &exported); code != 0 || err != nil || len(exported) != 3 || exported[0].Bib != 8 || exported[0].Time != float64(2413400) {
		t.Errorf("export results --format json: %d %v %s", code, err, out)
	}
	if code, _, _ := cli(t, "start", "--db", db); code != 2 {
		t.Errorf("start without --race: exit %d, want 2", code)
	}
	// A time that does not exist is rejected input (exit 1, the flag
	// named), not a usage error (issue 18).
	if code, _, stderr := cli(t, "start", "--db", db, "--race", "10k", "--time", "25:00", "--lang", "en"); code != 1 || !strings.Contains(stderr, "--time") {
		t.Errorf("start at 25:00: exit %d, want 1: %s", code, stderr)
	}
	if code, _, _ := cli(t, "finish", "--db", db, "--bib", "8", "--time", "25:00:00"); code != 1 {
		t.Errorf("finish at 25:00:00: exit %d, want 1", code)
	}
	// time_ms is milliseconds, as its name says (it was nanoseconds), and
	// exact: places follow it. time is the time shown, rounded up.
	code, out, _ = cli(t, "results", "--db", db, "--race", "10k", "--json")
	var ms struct {
		Results []struct {
			Bib    int
			TimeMS int64  `json:"time_ms"`
			Time   string `json:"time"`
		}
	}
	if err := json.Unmarshal([]byte(out), &ms); code != 0 || err != nil || len(ms.Results) == 0 || ms.Results[0].Bib != 8 ||
		ms.Results[0].TimeMS != (40*60+13)*1000+400 || ms.Results[0].Time != "0:40:14" {
		t.Errorf("results --json time_ms and time: %+v %v", ms.Results, err)
	}
}
