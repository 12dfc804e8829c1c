package main

import (
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) add(s string) { l.mu.Lock(); l.b.WriteString(s); l.mu.Unlock() }
func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serveHub starts `racedesk hub` on a loopback port and returns its URL
// and what it prints.
func serveHub(t testing.TB, bin, dir, db string) (string, *lockedBuffer) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "island-token.txt"), []byte("island-enrolment-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	url, lines, _ := startServer(t, bin, dir, "hub", "--db", db, "--listen", "127.0.0.1:0", "--token-file", "island-token.txt", "--status-every", "100ms", "--lang", "en",
		"--hotspot", "127.0.0.1:0", "--backup-dir", "hub-backups", "--backup-every", "300ms")
	out := &lockedBuffer{}
	go func() {
		for lines.Scan() {
			out.add(lines.Text() + "\n")
		}
	}()
	return url, out
}

// startIsland starts, as real processes over loopback, a cloud, a hub
// that joined it with a hub's token (and serves the phones' form), and
// makes desk1.db and desk2.db desks that joined the hub. It returns the
// cloud's URL and what the hub prints.
func startIsland(t *testing.T, bin, dir string) (string, *lockedBuffer) {
	t.Helper()
	run := func(args ...string) string { t.Helper(); return racedeskIn(t, bin, dir, args...) }
	cloudURL, _ := serveCloud(t, bin, dir)
	run("cloud", "token", "add", "--db", "cloud.db", "--desk", "Hub", "--hub", "--out", "hub-token.txt")
	run("sync", "--db", "island.db", "--desk", "Hub", "--cloud", cloudURL, "--token-file", "hub-token.txt", "--once")
	hubURL, board := serveHub(t, bin, dir, "island.db")
	for _, d := range []string{"Desk 1", "Desk 2"} {
		db := strings.ReplaceAll(strings.ToLower(d), " ", "") + ".db"
		run("sync", "--db", db, "--desk", d, "--cloud", hubURL, "--token-file", "island-token.txt", "--once")
	}
	return cloudURL, board
}

// The island with real processes over loopback: a cloud, a hub that
// joined it with a hub's token, two desks that joined the hub. A late
// entry at Desk 1 is at Desk 2 after their next syncs with the hub, the
// hub carries it to the cloud on its own, and a desk at the satellite dish
// gets it from the cloud; the hub says when the cloud has everything.
func TestE2EIsland(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	run := func(args ...string) string { t.Helper(); return racedeskIn(t, bin, dir, args...) }
	cloudURL, board := startIsland(t, bin, dir)
	run("register", "--db", "desk1.db", "--race", "10k", "--first", "Jörg", "--last", "Müller", "--born", "12.3.85", "--gender", "m")
	run("sync", "--db", "desk1.db", "--once")
	run("sync", "--db", "desk2.db", "--once")
	if out := run("list", "--db", "desk2.db", "--lang", "en"); !strings.Contains(out, "Müller, Jörg") {
		t.Fatalf("Desk 2 does not see Desk 1's late entry:\n%s", out)
	}
	// The hub's own loop carries it up; a desk at the dish gets it.
	waitFor(t, "Desk 1's late entry in the cloud, through the hub", func() bool {
		run("sync", "--db", "desk3.db", "--desk", "Desk 3", "--cloud", cloudURL, "--token-file", "token.txt", "--once")
		return strings.Contains(run("list", "--db", "desk3.db", "--lang", "en"), "Müller, Jörg")
	})
	waitFor(t, "the hub's board to show Desk 2 and the cloud up to date", func() bool {
		b := board.String()
		return strings.Contains(b, "all changes in the cloud at") && strings.Contains(b, "Desk 2") &&
			strings.Contains(b, "0 changes wait for the cloud · clock right")
	})
	// A runner registers on a phone, on the hub's form: pending at both desks.
	var phones string
	waitFor(t, "the hub's form", func() bool {
		m := regexp.MustCompile(`phones: listening on (\S+)`).FindStringSubmatch(board.String())
		if m != nil {
			phones = "http://" + m[1]
		}
		return m != nil
	})
	registerOnPhone(t, phones, "Zoë", "Dvořák")
	for _, db := range []string{"desk1.db", "desk2.db"} {
		waitFor(t, "the phone's registration at "+db, func() bool {
			run("sync", "--db", db, "--once")
			for _, p := range listJSON(t, filepath.Join(dir, db)) {
				if p.Last == "Dvořák" && p.Status == "pending" && p.Code != "" {
					return true
				}
			}
			return false
		})
	}
	// The hub's file is as safe as a desk's: rotating backups.
	waitFor(t, "a backup of the hub's file", func() bool {
		files, _ := filepath.Glob(filepath.Join(dir, "hub-backups", "island-*.db"))
		return len(files) > 0 && strings.Contains(board.String(), "backup written to")
	})
	t.Logf("the hub's board:\n%s", board)
}

// registerOnPhone fills in the self-registration form at base as a phone
// would.
func registerOnPhone(t testing.TB, base, first, last string) {
	t.Helper()
	resp, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	tok := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(string(page))
	if tok == nil {
		t.Fatalf("no form:\n%s", page)
	}
	form := url.Values{"csrf": {html.UnescapeString(tok[1])}, "first": {first}, "last": {last}, "born": {"3.4.1999"},
		"gender": {"W"}, "race": {"5k"}, "x.tshirt": {"s"}}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noRedirect.PostForm(base+"/register", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST: %d", resp.StatusCode)
	}
}

// deskInTmux opens the desk on db in a detached 80×24 tmux session and
// returns the session's name and a way to type into it.
func deskInTmux(t *testing.T, bin, dir, db, name string, args ...string) (string, func(...string)) {
	t.Helper()
	session := tmuxSession(name, dir)
	done := filepath.Join(dir, name+".done")
	script := bin + " --db " + db + " --lang en " + strings.Join(args, " ") + "; echo $? > " + done + "; sleep 5"
	if out, err := exec.Command("tmux", "new-session", "-d", "-s", session, "-c", dir, "-x", "80", "-y", "24", script).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	t.Cleanup(func() {
		exec.Command("tmux", "send-keys", "-t", session, "C-c").Run()
		waitForFile(t, done, session)
		exec.Command("tmux", "kill-session", "-t", session).Run()
	})
	return session, func(k ...string) { exec.Command("tmux", append([]string{"send-keys", "-t", session}, k...)...).Run() }
}

// The island as volunteers see it: two desks open on one hub; a check-in
// on Desk 1's screen shows on Desk 2's screen, with no key pressed there.
func TestE2EIslandInTmux(t *testing.T) {
	bin, dir, run := inTmux(t)
	startIsland(t, bin, dir)
	run("register", "--db", "desk1.db", "--race", "10k", "--first", "Jörg", "--last", "Müller", "--born", "12.3.85", "--gender", "m")
	run("sync", "--db", "desk1.db", "--once")
	run("sync", "--db", "desk2.db", "--once")

	one, keys := deskInTmux(t, bin, dir, "desk1.db", "desk1")
	two, _ := deskInTmux(t, bin, dir, "desk2.db", "desk2")
	waitForScreen(t, one, "0/1 checked in")
	waitForScreen(t, two, "0/1 checked in")
	keys("-l", "muller")
	waitForScreen(t, one, "Müller, Jörg")
	keys("Enter")
	waitForScreenAny(t, one, "Enter check in", "check in")
	keys("Enter")
	waitForScreen(t, one, "Check in and take: 1 cash") // registered unpaid: the desk asks for the money
	keys("1")
	waitForScreen(t, one, "1/1 checked in")
	screen := waitForScreen(t, two, "1/1 checked in")
	t.Logf("Desk 2:\n%s", screen)
}

// A desk doubles as the hub (--serve): a second laptop joins it and gets
// its runners, while its screen is open.
func TestE2EDeskDoublesAsHub(t *testing.T) {
	bin, dir, run := inTmux(t)
	event, _ := filepath.Abs("testdata/event.toml")
	run("event", "init", "--config", event, "--db", "desk1.db", "--desk", "Desk 1")
	run("register", "--db", "desk1.db", "--race", "10k", "--first", "Jörg", "--last", "Müller", "--born", "12.3.85", "--gender", "m")
	if err := os.WriteFile(filepath.Join(dir, "island-token.txt"), []byte("island-enrolment-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0") // a free port for the desk
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	one, keys := deskInTmux(t, bin, dir, "desk1.db", "hubdesk", "--serve", addr, "--serve-token-file", "island-token.txt")
	waitForScreen(t, one, "0/1 checked in")
	waitFor(t, "Desk 2 to join the desk that serves", func() bool {
		cmd := exec.Command(bin, "sync", "--db", "desk2.db", "--desk", "Desk 2", "--hub", "http://"+addr, "--token-file", "island-token.txt", "--once")
		cmd.Dir = dir
		return cmd.Run() == nil
	})
	if out := run("list", "--db", "desk2.db", "--lang", "en"); !strings.Contains(out, "Müller, Jörg") {
		t.Errorf("Desk 2 lacks the runner of the desk that serves:\n%s", out)
	}
	// The desk that serves shows the island's board: Desk 2 and its clock.
	keys("F7")
	screen := waitForScreen(t, one, "Desk 2")
	for _, want := range []string{"F7 Hub+phones", "Hub of the island", "--hub http://" + addr, "devices: 1", "clock right"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the hub desk's F7 screen lacks %q:\n%s", want, screen)
		}
	}
}

// inTmux is the start of a test that drives the real binary in tmux: it
// skips without tmux (and with -short), and gives the binary, a directory
// and a way to run commands there.
func inTmux(t *testing.T) (string, string, func(...string) string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux not installed")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	return bin, dir, func(args ...string) string { t.Helper(); return racedeskIn(t, bin, dir, args...) }
}

// tmuxSession names a tmux session for one test: tmux sessions are
// shared by everything on the machine (another checkout's tests, a stress
// run), and a test's temp directory name ("002") is not unique.
func tmuxSession(name, dir string) string {
	return fmt.Sprintf("racedesk-%s-%d-%s", name, os.Getpid(), filepath.Base(dir))
}
