package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
)

// buildBinary compiles racedesk once per test run.
func buildBinary(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "racedesk")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestE2EFromDemoToRegistration runs the real binary the way the issue's
// "done when" does.
func TestE2EFromDemoToRegistration(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "x.db")
	sh := func(args ...string) (int, string) {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8")
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, string(out)
	}
	if code, out := sh("demo", "--db", db); code != 0 {
		t.Fatalf("demo: %d %s", code, out)
	}
	if code, out := sh("demo", "--db", db); code != 1 || !strings.Contains(out, "--force") {
		t.Errorf("second demo without --force: %d %s", code, out)
	}
	code, out := sh("register", "--db", db, "--lang", "en", "--race", "10k", "--first", "Jörg", "--last", "Müller", "--born", "12.3.85", "--gender", "m")
	if code != 0 || !strings.Contains(out, "bib 1 ") || !strings.Contains(out, "class M40") {
		t.Fatalf("register: %d %s", code, out)
	}
	code, out = sh("register", "--db", db, "--lang", "en", "--race", "10k", "--first", "Jörg", "--last", "Müller", "--born", "31.02.1985", "--gender", "m")
	if code != 1 || !strings.Contains(out, `birth date "31.02.1985": no such day`) {
		t.Fatalf("bad register: %d %s", code, out)
	}
	if code, out := sh("checkin", "--db", db, "--lang", "en", "--bib", "1"); code != 0 || !strings.Contains(out, "checked in") {
		t.Errorf("checkin: %d %s", code, out)
	}
	if code, out := sh("event", "show", "--db", db, "--lang", "en"); code != 0 || !strings.Contains(out, "participants 301 · checked in 1 · late entries 1") {
		t.Errorf("event show: %d %s", code, out)
	}
}

// TestE2EDeskInTmux drives the real desk in a terminal (tmux) the way a
// volunteer does: search a runner with an umlaut typed without it, check
// them in, register a walk-in with a two-digit birth year, quit; then the
// export shows both changes.
func TestE2EDeskInTmux(t *testing.T) {
	bin, dir, _ := inTmux(t)
	db := filepath.Join(dir, "desk.db")
	if out, err := exec.Command(bin, "demo", "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("demo: %v %s", err, out)
	}
	runner := runnerWithUmlaut(t, bin, db)
	query := model.Fold(runner.Last) + " " + model.Fold(runner.First)
	if strings.ContainsAny(query, "äöüÄÖÜ") {
		t.Fatalf("query %q still has umlauts", query)
	}

	session := tmuxSession("e2e", dir)
	done := filepath.Join(dir, "done")
	script := bin + " --db " + db + " --lang en; echo $? > " + done + "; sleep 5"
	if out, err := exec.Command("tmux", "new-session", "-d", "-s", session, "-c", dir, "-x", "80", "-y", "24", script).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	defer exec.Command("tmux", "kill-session", "-t", session).Run()
	keys := func(k ...string) { exec.Command("tmux", append([]string{"send-keys", "-t", session}, k...)...).Run() }

	screen := waitForScreen(t, session, "0/300 checked in")
	for _, want := range []string{"[F2 Check-in]", "sync offline", "? help"} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
	// The event's name, or — on any day but the event's — the warning
	// that the laptop's date is not the event's.
	if !strings.Contains(screen, "Buchauer Nikolaus-Waldlauf 2026") && !strings.Contains(screen, "event date 2026-12-06") {
		t.Errorf("the header shows neither the event nor the date warning:\n%s", screen)
	}
	keys("-l", query)
	waitForScreen(t, session, runner.Last+", "+runner.First)
	keys("Enter")
	waitForScreen(t, session, "no bib yet")
	keys("Enter")
	waitForScreen(t, session, "checked in — hand out bib")

	keys("F3")
	waitForScreen(t, session, "Late registration")
	keys("-l", "Kowalczyk")
	keys("Tab")
	keys("-l", "Łukasz")
	keys("Tab")
	keys("-l", "7.7.91")
	keys("Tab", "m")
	waitForScreen(t, session, "→ 07.07.1991 · M35")
	keys("C-s")
	waitForScreen(t, session, "Check: born 07.07.1991 · male · 10 km Hauptlauf → M35")
	keys("Enter")
	waitForScreen(t, session, "saved — hand out bib")
	waitForScreen(t, session, "2/301 checked in")

	keys("C-c")
	waitForFile(t, done, session)

	out, err := exec.Command(bin, "export", "participants", "--db", db, "--format", "json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var all []struct {
		ID, First, Last, Status, Source, Born, AgeClass string
		Bib                                             int
	}
	if err := json.Unmarshal(out, &all); err != nil {
		t.Fatal(err)
	}
	var checkedIn, walkIn bool
	for _, p := range all {
		if p.ID == runner.ID && p.Status == "checked-in" && p.Bib > 0 {
			checkedIn = true
		}
		if p.Last == "Kowalczyk" && p.First == "Łukasz" && p.Born == "1991-07-07" && p.Source == "desk" && p.Bib > 0 {
			walkIn = true
		}
	}
	if !checkedIn || !walkIn {
		t.Errorf("export lacks the check-in (%v) or the walk-in (%v)", checkedIn, walkIn)
	}
}

type listedRunner struct {
	ID, First, Last string
	Bib             int
}

// runnerWithUmlaut finds a demo runner whose last name has an umlaut.
func runnerWithUmlaut(t *testing.T, bin, db string) listedRunner {
	t.Helper()
	out, err := exec.Command(bin, "list", "--db", db, "--json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var ps []listedRunner
	if err := json.Unmarshal(out, &ps); err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if strings.ContainsAny(p.Last, "äöü") && p.Bib == 0 {
			return p
		}
	}
	t.Fatal("no demo runner with an umlaut")
	return listedRunner{}
}

func waitForFile(t *testing.T, path, session string) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for {
		if b, err := os.ReadFile(path); err == nil {
			if strings.TrimSpace(string(b)) != "0" {
				t.Errorf("desk exited with %s", b)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("desk did not quit:\n%s", capture(session))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func capture(session string) string {
	out, _ := exec.Command("tmux", "capture-pane", "-p", "-t", session).Output()
	return string(out)
}

// waitForScreenAny polls the pane until it shows one of wants.
func waitForScreenAny(t *testing.T, session string, wants ...string) string {
	t.Helper()
	deadline := time.Now().Add(patience)
	for {
		s := capture(session)
		for _, w := range wants {
			if strings.Contains(s, w) {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("screen never showed any of %q:\n%s", wants, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitForScreen polls the pane until it shows want (or fails after the
// patience).
func waitForScreen(t *testing.T, session, want string) string {
	t.Helper()
	deadline := time.Now().Add(patience)
	for {
		s := capture(session)
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("screen never showed %q:\n%s", want, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestE2ESyncTwoProcesses: `racedesk cloud serve` and desks as separate
// processes over loopback. A desk registers runners offline and syncs; a
// second desk joins and pulls them; the cloud's own file lists them.
func TestE2ESyncTwoProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	run := func(args ...string) string { t.Helper(); return racedeskIn(t, bin, dir, args...) }
	url, stopCloud := serveCloud(t, bin, dir)
	event, _ := filepath.Abs("testdata/event.toml")
	run("event", "init", "--config", event, "--db", "desk1.db", "--desk", "Desk 1")
	run("register", "--db", "desk1.db", "--race", "10k", "--first", "Jörg", "--last", "Müller", "--born", "12.3.85", "--gender", "m")
	run("register", "--db", "desk1.db", "--race", "5k", "--first", "Zoë", "--last", "Dvořák", "--born", "2001", "--gender", "w", "--checkin")
	out := run("sync", "--db", "desk1.db", "--cloud", url, "--token-file", "token.txt", "--once", "--json")
	if !strings.Contains(out, `"pushed": 2`) || !strings.Contains(out, `"round_trips": 1`) {
		t.Errorf("desk 1 sync: %s", out)
	}
	out = run("sync", "--db", "desk2.db", "--desk", "Desk 2", "--cloud", url, "--token-file", "token.txt", "--once", "--lang", "en")
	if !strings.Contains(out, "0 pushed, 2 pulled") {
		t.Errorf("desk 2 join: %s", out)
	}
	out = run("list", "--db", "desk2.db", "--lang", "en")
	if !strings.Contains(out, "Müller, Jörg") || !strings.Contains(out, "Dvořák, Zoë") || !strings.Contains(out, "checked in") {
		t.Errorf("desk 2 lacks the runners:\n%s", out)
	}
	// The remembered cloud: a second sync needs no flags.
	if out := run("sync", "--db", "desk1.db", "--once", "--json"); !strings.Contains(out, `"pending": 0`) {
		t.Errorf("second sync: %s", out)
	}
	stopCloud()
	out = run("export", "participants", "--db", "cloud.db", "--format", "json")
	if !strings.Contains(out, "Müller") || !strings.Contains(out, "Dvořák") {
		t.Errorf("cloud export lacks the runners:\n%s", out)
	}
}

// TestE2ETimingInTmux: the timekeeper's screen in a real terminal. Start
// the 10 km, capture five finishes — two bib-first, three stamped and
// given their bibs afterwards — quit, and read the results as JSON.
func TestE2ETimingInTmux(t *testing.T) {
	bin, dir, _ := inTmux(t)
	db := filepath.Join(dir, "timing.db")
	// The 10 km with tenths, in the older spelling (tenths = true) that
	// event files still use: finishes a moment apart show distinct times.
	toml, err := os.ReadFile("testdata/event.toml")
	if err != nil {
		t.Fatal(err)
	}
	event := filepath.Join(dir, "event.toml")
	tenths := strings.Replace(string(toml), "distance_m     = 10000", "distance_m     = 10000\ntenths         = true", 1)
	if err := os.WriteFile(event, []byte(tenths), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "event", "init", "--config", event, "--db", db, "--desk", "Desk 1").CombinedOutput(); err != nil {
		t.Fatalf("event init: %v %s", err, out)
	}
	for i, name := range []string{"Eins", "Zwei", "Drei", "Vier", "Fünf"} {
		out, err := exec.Command(bin, "register", "--db", db, "--race", "10k", "--first", "Läufer", "--last", name,
			"--born", fmt.Sprintf("198%d", i), "--gender", "m", "--checkin").CombinedOutput()
		if err != nil {
			t.Fatalf("register: %v %s", err, out)
		}
	}
	session := tmuxSession("timing", dir)
	done := filepath.Join(dir, "done")
	script := bin + " --db " + db + " --lang en; echo $? > " + done + "; sleep 5"
	if out, err := exec.Command("tmux", "new-session", "-d", "-s", session, "-c", dir, "-x", "80", "-y", "24", script).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	defer exec.Command("tmux", "kill-session", "-t", session).Run()
	keys := func(k ...string) { exec.Command("tmux", append([]string{"send-keys", "-t", session}, k...)...).Run() }

	waitForScreen(t, session, "5/5 checked in")
	keys("F4")
	waitForScreen(t, session, "nr+enter finish")
	keys("g")
	waitForScreen(t, session, "Start 10 km Hauptlauf at")
	keys("Enter")
	waitForScreenAny(t, session, "[10k 0", "[10k 1", "[10k 2") // the start's hh:mm:ss
	// A fifth of a second between runners: the times are real, so the
	// runners must not cross the line in the same tenth.
	gap := func() { time.Sleep(200 * time.Millisecond) }
	keys("2", "Enter")
	waitForScreen(t, session, "2  Zwei, Läufer")
	gap()
	keys("1", "Enter")
	waitForScreen(t, session, "1  Eins, Läufer")
	for i := 1; i <= 3; i++ {
		gap()
		keys("Space")
		waitForScreen(t, session, fmt.Sprintf("%d stamped times wait", i))
	}
	for _, bib := range []string{"5", "3", "4"} {
		keys(bib, "Enter")
	}
	waitForScreen(t, session, "4  Vier, Läufer")
	keys("C-c")
	waitForFile(t, done, session)

	out, err := exec.Command(bin, "results", "--db", db, "--race", "10k", "--json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var rr struct {
		Started bool
		Results []struct {
			Bib, Place int
			Time       string
		}
	}
	if err := json.Unmarshal(out, &rr); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	order := []int{}
	for _, r := range rr.Results {
		order = append(order, r.Bib)
	}
	if !rr.Started || fmt.Sprint(order) != "[2 1 5 3 4]" {
		t.Errorf("results order %v (started %v), want [2 1 5 3 4]:\n%s", order, rr.Started, out)
	}
	for _, r := range rr.Results {
		if !strings.Contains(r.Time, ".") {
			t.Errorf("bib %d shows %q, want tenths", r.Bib, r.Time)
		}
	}
}
