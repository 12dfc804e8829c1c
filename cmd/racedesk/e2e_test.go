package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// buildBinary compiles racedesk once per test run.
func buildBinary(t *testing.T) string {
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

// TestE2EDeskInTmux opens the desk in a real terminal (tmux), reads the
// screen and quits with q.
func TestE2EDeskInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux not installed")
	}
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "desk.db")
	if out, err := exec.Command(bin, "demo", "--db", db, "--runners", "25").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v %s", err, out)
	}
	session := "racedesk-e2e-" + filepath.Base(t.TempDir())
	done := filepath.Join(t.TempDir(), "done")
	script := bin + " --db " + db + " --lang en; echo $? > " + done + "; sleep 5"
	if out, err := exec.Command("tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", script).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	defer exec.Command("tmux", "kill-session", "-t", session).Run()
	screen := waitForScreen(t, session, "participants 25")
	for _, want := range []string{"Buchauer Nikolaus-Waldlauf 2026", "10 km Hauptlauf", "sync offline", "q/ctrl+c quit"} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
	exec.Command("tmux", "send-keys", "-t", session, "q").Run()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if b, err := os.ReadFile(done); err == nil {
			if strings.TrimSpace(string(b)) != "0" {
				t.Errorf("desk exited with %s", b)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("desk did not quit on q:\n%s", capture(session))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func capture(session string) string {
	out, _ := exec.Command("tmux", "capture-pane", "-p", "-t", session).Output()
	return string(out)
}

// waitForScreen polls the pane until it shows want (or fails after 10 s).
func waitForScreen(t *testing.T, session, want string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
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
