package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
	timingscreen "github.com/racedesk/racedesk/tui/timing"
)

// timingDB is an event with three 10k runners (bibs 7, 8, 9), the 10k
// started at 10:30 and three finishes: #1 bib 8 at 11:10:13.4, #2 bib 7
// at 11:12:00, #3 bib 777 (nobody's) at 11:13:00.
func timingDB(t *testing.T) string {
	t.Helper()
	db := newEventDB(t)
	for _, r := range [][]string{
		{"--first", "Jörg", "--last", "Müller", "--born", "1985", "--gender", "m", "--bib", "7"},
		{"--first", "Anna", "--last", "Weiß", "--born", "1990", "--gender", "w", "--bib", "8"},
		{"--first", "Zoë", "--last", "Dvořák", "--born", "1991", "--gender", "w", "--bib", "9"},
	} {
		if code, _, stderr := cli(t, append([]string{"register", "--db", db, "--race", "10k"}, r...)...); code != 0 {
			t.Fatalf("register: %s", stderr)
		}
	}
	for _, st := range [][]string{
		{"start", "--race", "10k", "--time", "10:30:00"},
		{"finish", "--bib", "8", "--time", "11:10:13.4"},
		{"finish", "--bib", "7", "--time", "11:12:00"},
		{"finish", "--bib", "777", "--race", "10k", "--time", "11:13:00"},
	} {
		if code, _, stderr := cli(t, append(st, "--db", db)...); code != 0 {
			t.Fatalf("%v: %s", st, stderr)
		}
	}
	return db
}

// placings are a race's results as "bib place time" (DNF/DSQ instead of
// a place), in the order results list them.
func placings(t *testing.T, db, race string) []string {
	t.Helper()
	code, out, stderr := cli(t, "results", "--db", db, "--race", race, "--json")
	if code != 0 {
		t.Fatalf("results: %s", stderr)
	}
	var rr struct {
		Results []struct {
			Bib, Place int
			TimeText   string `json:"time"`
			Status     string
		}
	}
	if err := json.Unmarshal([]byte(out), &rr); err != nil {
		t.Fatalf("results --json: %v\n%s", err, out)
	}
	var got []string
	for _, r := range rr.Results {
		if r.Status != "" {
			got = append(got, fmt.Sprintf("%d %s", r.Bib, r.Status))
			continue
		}
		got = append(got, fmt.Sprintf("%d %d. %s", r.Bib, r.Place, r.TimeText))
	}
	return got
}

func TestTimingCorrectionsChangeTheResults(t *testing.T) {
	before := []string{"8 1. 0:40:14", "7 2. 0:42:00"}
	tests := []struct {
		name  string
		steps [][]string // the last one's output is checked
		out   string
		want  []string
	}{
		{"a bib fix gives an unknown bib's finish to a runner",
			[][]string{{"timing", "bib", "3", "--bib", "9"}},
			"finish #3 at 11:13:00.0: bib 777 → 9\n", []string{"8 1. 0:40:14", "7 2. 0:42:00", "9 3. 0:43:00"}},
		{"a finish copied from the list as #N is named too",
			[][]string{{"timing", "bib", "#1", "--bib", "9"}},
			"finish #1 at 11:10:13.4: bib 8 → 9\n", []string{"9 1. 0:40:14", "7 2. 0:42:00"}},
		{"a time fix changes the race time and says the finish's new number",
			[][]string{{"timing", "time", "2", "--time", "11:09:00"}},
			"finish #2, bib 7: 11:12:00.0 → 11:09:00.0 (now #1)\n", []string{"7 1. 0:39:00", "8 2. 0:40:14"}},
		{"a void takes a finish out of the results",
			[][]string{{"timing", "void", "1"}},
			"finish #1 voided (bib 8, 11:10:13.4)\n", []string{"7 1. 0:42:00"}},
		{"an insert adds a missed finisher where its time puts it",
			[][]string{{"timing", "insert", "--bib", "9", "--time", "11:11:00"}},
			"bib 9 inserted at 11:11:00.0: finish #2\n", []string{"8 1. 0:40:14", "9 2. 0:41:00", "7 3. 0:42:00"}},
		{"undo takes back a void: the finish counts again",
			[][]string{{"timing", "void", "1"}, {"timing", "undo"}},
			"undone: void of finish #1 (bib 8, 11:10:13.4)\n", before},
		{"undo takes back a bib fix, naming the bib it goes back to",
			[][]string{{"timing", "bib", "1", "--bib", "9"}, {"timing", "undo"}},
			"undone: bib of finish #1 (11:10:13.4), 9 back to 8\n", before},
		{"undo takes back a time fix, and says the finish's number back",
			[][]string{{"timing", "time", "2", "--time", "11:09:00"}, {"timing", "undo"}},
			"undone: time of finish #1 (bib 7), 11:09:00.0 back to 11:12:00.0 (now #2)\n", before},
		{"undo takes back an insert: the finish is voided",
			[][]string{{"timing", "insert", "--bib", "9", "--time", "11:11:00"}, {"timing", "undo"}},
			"undone: finish #2 (bib 9, 11:11:00.0), it is voided\n", before},
		{"an undo of an undo is not undone: undo goes one step further back",
			[][]string{{"timing", "void", "2"}, {"timing", "void", "1"}, {"timing", "undo"}, {"timing", "undo"}},
			"undone: void of finish #2 (bib 7, 11:12:00.0)\n", before},
		{"the same bib again changes nothing",
			[][]string{{"timing", "bib", "2", "--bib", "7"}},
			"finish #2 at 11:12:00.0 already has bib 7: nothing changed\n", before},
		{"the same time again changes nothing",
			[][]string{{"timing", "time", "1", "--time", "11:10:13.4"}},
			"finish #1, bib 8, is already at 11:10:13.4: nothing changed\n", before},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := timingDB(t)
			if got := placings(t, db, "10k"); strings.Join(got, "|") != strings.Join(before, "|") {
				t.Fatalf("results before: %v", got)
			}
			var out string
			for _, st := range tt.steps {
				var code int
				var stderr string
				code, out, stderr = cli(t, append(st, "--db", db, "--lang", "en")...)
				if code != 0 {
					t.Fatalf("%v: exit %d: %s", st, code, stderr)
				}
			}
			if out != tt.out {
				t.Errorf("said %q, want %q", out, tt.out)
			}
			if got := placings(t, db, "10k"); strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("results %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTimingCorrectionsSpeakTheEventsLanguage(t *testing.T) {
	db := timingDB(t) // the event file says lang = "de"
	code, out, stderr := cli(t, "timing", "bib", "3", "--bib", "9", "--db", db)
	if code != 0 || out != "Zieleinlauf #3 um 11:13:00.0: Nr. 777 → 9\n" {
		t.Errorf("exit %d, %q %q", code, out, stderr)
	}
	code, _, stderr = cli(t, "timing", "void", "9", "--db", db)
	if code != 1 || !strings.Contains(stderr, `N "9": kein Zieleinlauf hat diese Nummer (3 Zieleinläufe`) {
		t.Errorf("exit %d, %q", code, stderr)
	}
}

func TestTimingRefusesInputAndWritesNothing(t *testing.T) {
	tests := []struct {
		name   string
		pre    [][]string // steps before (they may write)
		args   []string
		code   int
		stderr string
	}{
		{"a number no finish has", nil, []string{"timing", "bib", "4", "--bib", "9"}, 1, `N "4": no finish has this number (3 finishes`},
		{"number 0", nil, []string{"timing", "void", "0"}, 1, `N "0": no finish has this number`},
		{"an ID no finish has", nil, []string{"timing", "void", "--id", "nope"}, 1, `--id "nope": no finish has this ID`},
		{"a bib of 0", nil, []string{"timing", "bib", "1", "--bib", "0"}, 1, `--bib "0": a bib is a whole number from 1`},
		{"a negative bib", nil, []string{"timing", "bib", "1", "--bib=-3"}, 1, `--bib "-3"`},
		{"a time that does not exist", nil, []string{"timing", "time", "1", "--time", "25:00:00"}, 1, `--time "25:00:00": no such time of day`},
		{"a time that is no time", nil, []string{"timing", "time", "1", "--time", "ten past"}, 1, `--time "ten past": expected hh:mm:ss`},
		{"voiding a finish already voided", [][]string{{"timing", "void", "2"}}, []string{"timing", "void", "2"}, 1,
			`N "2": finish #2 (bib 7, 11:12:00.0) is already voided`},
		{"inserting bib 0", nil, []string{"timing", "insert", "--bib", "0", "--time", "11:00:00"}, 1, `--bib "0"`},
		{"inserting at a time that does not exist", nil, []string{"timing", "insert", "--bib", "9", "--time", "11:60:00"}, 1, `--time "11:60:00"`},
		{"inserting into a race that does not exist", nil, []string{"timing", "insert", "--bib", "9", "--time", "11:00:00", "--race", "marathon"}, 1, `race "marathon"`},
		{"undo with nothing left of this desk's", [][]string{{"timing", "undo"}, {"timing", "undo"}, {"timing", "undo"}, {"timing", "undo"}},
			[]string{"timing", "undo"}, 1, "nothing of this desk's timing left to undo"},
		{"a list of a race that does not exist", nil, []string{"timing", "list", "--race", "marathon"}, 1, `race "marathon"`},

		{"a bib fix without --bib", nil, []string{"timing", "bib", "1"}, 2, "--bib is required"},
		{"a bib fix without a finish", nil, []string{"timing", "bib", "--bib", "9"}, 2, "give exactly one of N, --id"},
		{"a bib fix with N and --id", nil, []string{"timing", "bib", "1", "--id", "x", "--bib", "9"}, 2, "give exactly one of N, --id"},
		{"a finish number that is no number", nil, []string{"timing", "void", "first"}, 2, `invalid value "first" for N`},
		{"two finish numbers", nil, []string{"timing", "void", "1", "2"}, 2, "expected 1 argument(s), got 2"},
		{"a time fix without --time", nil, []string{"timing", "time", "1"}, 2, "--time is required"},
		{"an insert without --bib", nil, []string{"timing", "insert", "--time", "11:00:00"}, 2, "--bib is required"},
		{"an insert without --time", nil, []string{"timing", "insert", "--bib", "9"}, 2, "--time is required"},
		// Flags after a bad one are not read (--lang en): the event's language.
		{"a bib that is no number", nil, []string{"timing", "bib", "1", "--bib", "x"}, 2, `ungültiger Wert "x" für --bib`},
		{"a timing command that does not exist", nil, []string{"timing", "frob"}, 2, `unknown command "frob" for "racedesk timing"`},
		{"undo with an argument", nil, []string{"timing", "undo", "1"}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := timingDB(t)
			for _, st := range tt.pre {
				if code, _, stderr := cli(t, append(st, "--db", db)...); code != 0 {
					t.Fatalf("%v: %s", st, stderr)
				}
			}
			n, results := logLen(t, db), placings(t, db, "10k")
			code, out, stderr := cli(t, append(tt.args, "--db", db, "--lang", "en")...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.stderr)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
			if logLen(t, db) != n {
				t.Errorf("the change log grew")
			}
			if got := placings(t, db, "10k"); strings.Join(got, "|") != strings.Join(results, "|") {
				t.Errorf("results went from %v to %v", results, got)
			}
		})
	}
}

// listedFinish is one finish of racedesk timing list --json.
type listedFinish struct {
	Number      int
	ID          string
	Race        string
	Bib         int
	Name        string
	At          string `json:"clock"`
	AtMS        int64  `json:"at_ms"`
	Void        bool
	Corrected   bool
	WaitsForBib bool `json:"waits_for_bib"`
	UnknownBib  bool `json:"unknown_bib"`
	Twice       bool
}

func timingList(t *testing.T, db string, args ...string) []listedFinish {
	t.Helper()
	code, out, stderr := cli(t, append([]string{"timing", "list", "--db", db, "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("timing list: %s", stderr)
	}
	var l []listedFinish
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		t.Fatalf("timing list --json: %v\n%s", err, out)
	}
	return l
}

func TestTimingListNamesFinishesForTheCorrections(t *testing.T) {
	db := timingDB(t)
	l := timingList(t, db)
	var got []string
	for _, f := range l {
		got = append(got, fmt.Sprintf("#%d %s %d %s %v", f.Number, f.At, f.Bib, f.Name, f.UnknownBib))
	}
	want := []string{"#3 11:13:00.0 777  true", "#2 11:12:00.0 7 Müller, Jörg false", "#1 11:10:13.4 8 Weiß, Anna false"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("list (newest first, as on the screen):\n got %v\nwant %v", got, want)
	}
	if at := time.UnixMilli(l[2].AtMS).Format("15:04:05.000"); at != "11:10:13.400" || l[2].Race != "10k" {
		t.Errorf("at_ms %d is %s, race %q", l[2].AtMS, at, l[2].Race)
	}
	// --id names the finish a script took from the list.
	code, out, stderr := cli(t, "timing", "bib", "--id", l[0].ID, "--bib", "9", "--db", db, "--lang", "en", "--json")
	var change struct {
		Changed       bool
		Kind, Ref     string
		Text          string
		Before, After listedFinish
	}
	if err := json.Unmarshal([]byte(out), &change); code != 0 || err != nil {
		t.Fatalf("bib --id: exit %d %v: %s %s", code, err, out, stderr)
	}
	if !change.Changed || change.Kind != "bib" || change.Ref != l[0].ID || change.Text != "finish #3 at 11:13:00.0: bib 777 → 9" ||
		change.Before.Bib != 777 || !change.Before.UnknownBib || change.After.Bib != 9 || change.After.Name != "Dvořák, Zoë" || !change.After.Corrected {
		t.Errorf("bib --id --json: %+v", change)
	}
	// A void stays in the list, numbered; a second finish of a bib is
	// flagged; a finish without a bib waits for one.
	for _, st := range [][]string{{"timing", "void", "1"}, {"timing", "insert", "--bib", "7", "--time", "11:12:30"}} {
		if code, _, stderr := cli(t, append(st, "--db", db)...); code != 0 {
			t.Fatalf("%v: %s", st, stderr)
		}
	}
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	start := l[2].AtMS - 1000
	if _, err := s.RecordTiming(model.TimingEvent{Kind: model.KindFinish, At: start, Mode: model.ModeStamp}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	got = nil
	for _, f := range timingList(t, db) {
		got = append(got, fmt.Sprintf("#%d %d void=%v twice=%v waits=%v", f.Number, f.Bib, f.Void, f.Twice, f.WaitsForBib))
	}
	want = []string{"#5 9 void=false twice=false waits=false", "#4 7 void=false twice=true waits=false", "#3 7 void=false twice=false waits=false",
		"#2 8 void=true twice=false waits=false", "#1 0 void=false twice=false waits=true"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("list:\n got %v\nwant %v", got, want)
	}
	if l := timingList(t, db, "--race", "5k"); len(l) != 0 {
		t.Errorf("5k has no finishes, listedFinish %v", l)
	}
	code, out, _ = cli(t, "timing", "list", "--db", db, "--lang", "en")
	for _, w := range []string{"start: 10k 10:30:00.0 · 5k – · bambini –", "#4 11:12:30.0      7  Müller, Jörg", "! bib twice, first counts",
		"#2 11:10:13.4      8  Weiß, Anna               10k     voided", "#1 11:10:12.4      –  "} {
		if code != 0 || !strings.Contains(out, w) {
			t.Errorf("list lacks %q:\n%s", w, out)
		}
	}
}

var screenRowRE = regexp.MustCompile(`(#\d+) +(\d\d:\d\d:\d\d\.\d) +(\S+)`)

// screenNumbers are the "#N time bib" of the timing screen's rows on s.
func screenNumbers(t *testing.T, s *store.Store) []string {
	t.Helper()
	ctx := &screen.Context{Store: s, Lang: msg.EN, Styles: screen.NewStyles(), Now: time.Now, Stopwatch: time.Now}
	m := timingscreen.New(ctx)
	defer m.Close()
	m.SetSize(120, 100)
	m.Update(m.Init()())
	var rows []string
	for _, line := range strings.Split(m.View(), "\n") {
		if f := screenRowRE.FindStringSubmatch(line); f != nil {
			rows = append(rows, strings.Join(f[1:], " "))
		}
	}
	return rows
}

// listNumbers are the same three columns of racedesk timing list.
func listNumbers(out string) []string {
	var rows []string
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) >= 3 && strings.HasPrefix(f[0], "#") && f[0] != "#" {
			rows = append(rows, strings.Join(f[:3], " "))
		}
	}
	return rows
}

// While a desk holds the database, racedesk timing runs in the desk on
// its open store: the same output as on a closed database, and the
// desk's timing screen numbers the finishes as the list does.
func TestTimingInADeskAsOnAClosedDatabase(t *testing.T) {
	closed, held := timingDB(t), timingDB(t)
	s, err := store.Open(held, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stop, err := store.ServeControl(s, commandControl(s))
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	steps := [][]string{
		{"timing", "list"},
		{"timing", "bib", "3", "--bib", "9"},
		{"timing", "time", "2", "--time", "11:09:00", "--json"},
		{"timing", "void", "2"},
		{"timing", "void", "2"},
		{"timing", "insert", "--bib", "7", "--time", "11:11:11.1"},
		{"timing", "bib", "7", "--bib", "1"},
		{"timing", "time", "1", "--time", "25:00:00"},
		{"timing", "bib", "1"},
		{"timing", "undo"},
		{"timing", "undo", "--json"},
		{"timing", "list", "--json"},
		{"timing", "list", "--race", "10k"},
		{"finish", "--bib", "8", "--time", "11:20:00"},
		{"timing", "list", "--lang", "de"},
	}
	for _, st := range steps {
		var got [2][3]string
		for i, db := range []string{closed, held} {
			code, out, stderr := cli(t, append(st, "--db", db, "--lang", "en")...)
			got[i] = [3]string{fmt.Sprint(code), uuidRE.ReplaceAllString(out, "ID"), uuidRE.ReplaceAllString(stderr, "ID")}
		}
		if got[0] != got[1] {
			t.Errorf("%v:\nclosed: %q\n  desk: %q", st, got[0], got[1])
		}
		if st[0] == "timing" && st[1] == "list" && len(st) == 2 {
			_, out, _ := cli(t, "timing", "list", "--db", held, "--lang", "en")
			if list, scr := listNumbers(out), screenNumbers(t, s); strings.Join(list, "|") != strings.Join(scr, "|") || len(list) == 0 {
				t.Errorf("list numbers %v, the screen's %v", list, scr)
			}
		}
	}
	_, out, _ := cli(t, "timing", "list", "--db", held, "--lang", "en")
	if list, scr := listNumbers(out), screenNumbers(t, s); strings.Join(list, "|") != strings.Join(scr, "|") || len(list) != 5 {
		t.Errorf("list numbers %v, the screen's %v", list, scr)
	}
	// The desk's store has what the commands wrote.
	evs, err := s.TimingEvents()
	if err != nil || len(evs) != 4+7 {
		t.Errorf("the desk's store holds %d timing events (%v), want 11", len(evs), err)
	}
}

// Typed times are read as the timing screen reads them: on the day of the
// race's start, else today — not on the event file's date (a rehearsal,
// a laptop with a wrong date, a race the day before).
func TestTypedTimesAreReadOnTheRaceStartDay(t *testing.T) {
	db := newEventDB(t) // the event is on 2026-12-06
	for _, r := range [][]string{
		{"--race", "5k", "--first", "Anna", "--last", "Weiß", "--born", "1990", "--gender", "w", "--bib", "400"},
		{"--race", "5k", "--first", "Zoë", "--last", "Dvořák", "--born", "1991", "--gender", "w", "--bib", "401"},
	} {
		if code, _, stderr := cli(t, append([]string{"register", "--db", db}, r...)...); code != 0 {
			t.Fatalf("register: %s", stderr)
		}
	}
	at := func(args ...string) time.Time {
		t.Helper()
		code, out, stderr := cli(t, append(args, "--db", db, "--json")...)
		var e struct {
			At int64 `json:"at_ms"`
		}
		if err := json.Unmarshal([]byte(out), &e); code != 0 || err != nil {
			t.Fatalf("%v: exit %d %v: %s", args, code, err, stderr)
		}
		return time.UnixMilli(e.At)
	}
	// No start yet: today, as the screen's typed start.
	before := time.Now()
	got := at("start", "--race", "10k", "--time", "09:00:00")
	if d := got.Format("2006-01-02"); d != before.Format("2006-01-02") && d != time.Now().Format("2006-01-02") {
		t.Errorf("a first typed start is on %s, want today", d)
	}
	// The 5k started on another day (a rehearsal on the 28th): typed
	// times of its finishes are that day's.
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 28, 10, 0, 0, 0, time.Local)
	if _, err := s.RecordTiming(model.TimingEvent{Kind: model.KindStart, Race: "5k", At: start.UnixMilli(), Mode: model.ModeTyped}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	day := func(got time.Time, what string) {
		t.Helper()
		if got.Format("2006-01-02") != "2026-11-28" {
			t.Errorf("%s at %s, want on the 5k's start day 2026-11-28", what, got.Format("2006-01-02 15:04:05.0"))
		}
	}
	day(at("finish", "--bib", "400", "--time", "10:20:00"), "finish of the 5k's bib 400")
	day(at("start", "--race", "5k", "--time", "10:00:30"), "restart of the 5k")
	day(time.UnixMilli(timingList(t, db)[0].AtMS), "finish #1")
	if code, _, stderr := cli(t, "timing", "insert", "--bib", "401", "--time", "10:21:00", "--db", db); code != 0 {
		t.Fatalf("insert: %s", stderr)
	}
	if code, _, stderr := cli(t, "timing", "time", "1", "--time", "10:19:00", "--db", db); code != 0 {
		t.Fatalf("time: %s", stderr)
	}
	for _, f := range timingList(t, db) {
		day(time.UnixMilli(f.AtMS), fmt.Sprintf("finish #%d", f.Number))
	}
	if got, want := placings(t, db, "5k"), []string{"400 1. 0:18:30", "401 2. 0:20:30"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("5k results %v, want %v", got, want)
	}
}
