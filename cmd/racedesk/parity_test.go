package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// parityStep is one command line of a race day, run with the database
// closed and again while another process holds it.
type parityStep struct {
	args []string
	code int    // the exit status both must have
	file string // a file the command writes (compared too)
}

// paritySteps walk a race day's commands: reads and writes, refusals and
// usage errors, in the event's language. Later steps depend on earlier
// ones (bib 1 is Anna Neu's).
var paritySteps = []parityStep{
	{args: []string{"find", "müller"}},
	{args: []string{"find", "müller", "--json"}},
	{args: []string{"list", "--race", "5k"}},
	{args: []string{"register", "--race", "10k", "--first", "Anna", "--last", "Neu", "--born", "1.2.1990", "--gender", "w"}},
	{args: []string{"register", "--race", "10k", "--first", "Anna", "--last", "Neu", "--born", "1.2.1990", "--gender", "w"}, code: 1},
	{args: []string{"register", "--race", "10k", "--first", "Jörg", "--last", "Müller", "--born", "31.02.1985", "--gender", "m"}, code: 1},
	{args: []string{"register", "--race", "5k", "--first", "Ben", "--last", "Ohm", "--born", "3.4.2001", "--gender", "m", "--dry-run", "--json"}},
	{args: []string{"checkin", "--bib", "1"}},
	{args: []string{"checkin", "--bib", "1", "--json"}},
	{args: []string{"checkin", "--bib", "999"}, code: 1},
	{args: []string{"checkin"}, code: 2},
	{args: []string{"start", "--race", "10k", "--time", "10:00:00"}},
	{args: []string{"finish", "--bib", "1", "--time", "10:40:03.4"}},
	{args: []string{"finish", "--bib", "1", "--time", "25:00:00"}, code: 1},
	{args: []string{"results", "--race", "10k"}},
	{args: []string{"results", "--race", "10k", "--json"}},
	{args: []string{"export", "results", "--format", "json"}},
	{args: []string{"export", "participants", "-o", "teilnehmer.csv"}, file: "teilnehmer.csv"},
	{args: []string{"import", "nachmeldungen.csv", "--dry-run"}, code: 1},
	{args: []string{"import", "nachmeldungen.csv"}, code: 1, file: "nachmeldungen.rejected.csv"},
	{args: []string{"event", "show"}},
	{args: []string{"print", "startlist", "--race", "10k", "--to", "startliste.bin"}, file: "startliste.bin"},
	{args: []string{"print", "labels", "--bib", "1", "--to", "-"}},
	{args: []string{"print", "results", "--race", "10k", "--preview"}},
	{args: []string{"print", "results", "--race", "nosuch", "--to", "x.bin"}, code: 1},
	{args: []string{"a4", "certificates", "--bib", "1", "-o", "urkunde.html"}, file: "urkunde.html"},
	{args: []string{"a4", "results", "--race", "bambini", "-o", "x.html"}, code: 1},
	{args: []string{"checkin", "--bib", "1", "--pay", "bitcoin"}, code: 1},
	{args: []string{"pay", "--bib", "1", "--method", "cash"}},
	{args: []string{"pay", "--bib", "1", "--method", "cash"}, code: 1},
	{args: []string{"edit", "--bib", "1", "--club", "LG Buchau"}},
	{args: []string{"history", "--bib", "1"}},
	{args: []string{"cash", "--json"}},
	{args: []string{"cash", "--only-desk", "nosuch"}, code: 1},
	{args: []string{"timing", "list"}},
	{args: []string{"timing", "time", "1", "--time", "10:40:02.9"}},
	{args: []string{"timing", "void", "1"}},
	{args: []string{"timing", "undo"}},
	{args: []string{"list", "--bogus"}, code: 2},
	{args: []string{"results", "--race", "10k", "--class"}, code: 2},
	{args: []string{"delete", "--bib", "1", "--reason", "Testeintrag"}},
	{args: []string{"list", "--race", "10k", "--json"}},
}

// TestCommandsGiveTheSameOutputWithTheDatabaseHeld runs every step
// through the real binary on two demo events: one closed, one held by a
// hub (the same control channel a desk serves). Each step must exit alike
// and print the same, but for what differs between two databases by
// nature (IDs, the moments things happened).
func TestCommandsGiveTheSameOutputWithTheDatabaseHeld(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	closed, held := t.TempDir(), t.TempDir()
	for _, dir := range []string{closed, held} {
		racedeskIn(t, bin, dir, "demo", "--db", "event.db", "--runners", "40")
		data, err := os.ReadFile("testdata/nachmeldungen.csv")
		if err != nil {
			t.Fatal(err)
		}
		// One row with a day that does not exist goes to the rejected file.
		data = append(data, "Kaputt;Karl;31.02.1980;m;;10km\r\n"...)
		if err := os.WriteFile(filepath.Join(dir, "nachmeldungen.csv"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(held, "token.txt"), []byte("island-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	startServer(t, bin, held, "hub", "--db", "event.db", "--listen", "127.0.0.1:0", "--token-file", "token.txt")
	for _, st := range paritySteps {
		args := append([]string{"--db", "event.db"}, st.args...)
		c1, out1, err1 := racedeskExit(t, bin, closed, args...)
		c2, out2, err2 := racedeskExit(t, bin, held, args...)
		name := strings.Join(st.args, " ")
		if c1 != st.code || c2 != st.code {
			t.Errorf("%s: exit %d closed, %d held, want %d\nclosed: %s%s\nheld: %s%s", name, c1, c2, st.code, out1, err1, out2, err2)
		}
		if strings.Contains(err2, "in use") {
			t.Errorf("%s: the held database was not reached: %s", name, err2)
		}
		if a, b := masked(out1), masked(out2); a != b {
			t.Errorf("%s: stdout differs\nclosed:\n%s\nheld:\n%s", name, a, b)
		}
		if a, b := masked(err1), masked(err2); a != b {
			t.Errorf("%s: stderr differs\nclosed:\n%s\nheld:\n%s", name, a, b)
		}
		if st.file != "" {
			a, _ := os.ReadFile(filepath.Join(closed, st.file))
			b, err := os.ReadFile(filepath.Join(held, st.file))
			if err != nil {
				t.Errorf("%s: the held run wrote no %s in the caller's directory: %v", name, st.file, err)
			}
			if masked(string(a)) != masked(string(b)) {
				t.Errorf("%s: %s differs", name, st.file)
			}
		}
	}
}

var (
	uuidRE  = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	stampRE = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)`)
	msRE    = regexp.MustCompile(`"(checked_in_at|at|created|updated)_ms": \d+`)
)

// masked hides what two databases differ in by nature.
func masked(s string) string {
	s = uuidRE.ReplaceAllString(s, "<id>")
	s = stampRE.ReplaceAllString(s, "<time>")
	return msRE.ReplaceAllString(s, `"$1_ms": <ms>`)
}

// The desk open in tmux, a script beside it: what the script does shows on
// the desk's screen as if a volunteer had typed it, and what it reads is
// what the desk holds.
func TestE2ECommandsWhileTheDeskIsOpen(t *testing.T) {
	bin, dir, run := inTmux(t)
	run("demo", "--db", "desk.db")
	runner := runnerWithUmlaut(t, bin, filepath.Join(dir, "desk.db"))
	session, _ := deskInTmux(t, bin, dir, "desk.db", "cli")
	waitForScreen(t, session, "0/300 checked in")

	out := run("--db", "desk.db", "--lang", "en", "checkin", "--id", runner.ID)
	if !strings.Contains(out, "checked in") {
		t.Errorf("checkin said %q", out)
	}
	waitForScreen(t, session, "1/300 checked in")
	run("--db", "desk.db", "register", "--race", "10k", "--first", "Łukasz", "--last", "Kowalczyk", "--born", "7.7.1991", "--gender", "m")
	waitForScreen(t, session, "1/301 checked in · 1 late entries")
	if found := run("--db", "desk.db", "find", "kowalczyk", "--json"); !strings.Contains(found, `"first": "Łukasz"`) {
		t.Errorf("find while the desk is open: %s", found)
	}
}

// docs/examples/raceday.sh — a whole race day with the command line alone
// — runs to its end while the desk is open on the database in tmux, and
// the desk's screen shows the day's check-ins.
func TestE2ERaceDayScriptWhileTheDeskIsOpen(t *testing.T) {
	bin, dir, run := inTmux(t)
	run("demo", "--db", "raceday.db", "--runners", "0", "--phones", "3")
	session, _ := deskInTmux(t, bin, dir, "raceday.db", "raceday")
	waitForScreen(t, session, "0/3 checked in")
	script, _ := filepath.Abs("../../docs/examples/raceday.sh")
	cmd := exec.Command("bash", script, "raceday.db")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "RACEDESK="+bin, "OUT="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("raceday.sh: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "in use") || !strings.Contains(string(out), "raceday: done") {
		t.Fatalf("raceday.sh did not go through the desk:\n%s", out)
	}
	waitForScreen(t, session, "9/285 checked in")
	for _, want := range []string{"bib 3 inserted at 10:44:30.0", "undone: void of finish #1", "  1.     4  Jörg Brandt                M40       1    1    0:41:07", "DSQ (shortened the course)"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("raceday.sh output lacks %q", want)
		}
	}
	for _, f := range []string{"startlist-10k.bin", "results.csv", "results-10k.bin", "raceday-backup.db"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("raceday.sh wrote no %s: %v", f, err)
		}
	}
}

// A database deep in a synced folder (a 200-byte directory path, more
// than a unix socket's path can hold) opens, the desk works, and the
// command line reaches it (over the loopback channel). Where no channel
// can be made at all, the desk still opens and says what waits.
func TestE2EDeskInADeepFolder(t *testing.T) {
	bin, dir, run := inTmux(t)
	deep := dir
	for len(deep) < 200 {
		deep = filepath.Join(deep, "Vereinsablage"[:min(13, 200-len(deep))])
	}
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(deep, "waldlauf.db")
	run("demo", "--db", db)
	runner := runnerWithUmlaut(t, bin, db)
	session, _ := deskInTmux(t, bin, dir, db, "deep")
	waitForScreen(t, session, "0/300 checked in")
	if out := run("--db", db, "--lang", "en", "checkin", "--id", runner.ID); !strings.Contains(out, "checked in") {
		t.Errorf("checkin beside a desk in a deep folder: %s", out)
	}
	waitForScreen(t, session, "1/300 checked in")

	// No channel can be made (something else sits where it goes).
	db2 := filepath.Join(dir, "second.db")
	run("demo", "--db", db2, "--runners", "5")
	if err := os.MkdirAll(filepath.Join(db2+".ctl", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	session2, keys := deskInTmux(t, bin, dir, db2, "nochannel")
	waitForScreen(t, session2, "commands beside this desk wait")
	waitForScreen(t, session2, "0/5 checked in") // the counts load after the first frame
	keys("-l", "a")
	waitForScreen(t, session2, "0/5 checked in")
}
