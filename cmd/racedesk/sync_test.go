package main

import (
	"bufio"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// racedeskIn runs the real binary in dir and fails the test on an error.
func racedeskIn(t testing.TB, bin, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("racedesk %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// serveCloud starts `racedesk cloud serve` on a loopback port in dir and
// returns its URL and a stop (also run when the test ends).
func serveCloud(t testing.TB, bin, dir string) (string, func()) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "token.txt"), []byte("e2e-enrolment-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	event, _ := filepath.Abs("testdata/event.toml")
	racedeskIn(t, bin, dir, "event", "init", "--config", event, "--db", "cloud.db", "--desk", "cloud")
	url, _, stop := startServer(t, bin, dir, "cloud", "serve", "--db", "cloud.db", "--listen", "127.0.0.1:0", "--token-file", "token.txt")
	return url, stop
}

// startServer runs a racedesk server command (cloud serve, hub) in dir
// and returns its URL (from its first line, "listening on ADDR"), the
// lines it prints after that, and a stop (also run when the test ends).
func startServer(t testing.TB, bin, dir string, args ...string) (string, *bufio.Scanner, func()) {
	t.Helper()
	serve := exec.Command(bin, args...)
	serve.Dir = dir
	stdout, err := serve.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	stop := func() { once.Do(func() { serve.Process.Signal(os.Interrupt); serve.Wait() }) }
	t.Cleanup(stop)
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatalf("%v printed nothing: %v", args, lines.Err())
	}
	addr, ok := strings.CutPrefix(lines.Text(), "listening on ")
	if !ok {
		t.Fatalf("%v said %q", args, lines.Text())
	}
	return "http://" + addr, lines, stop
}

type listedBib struct {
	First string
	Bib   int
}

func bibsIn(t *testing.T, bin, dir, db string) map[string]int {
	t.Helper()
	var ps []listedBib
	if err := json.Unmarshal([]byte(racedeskIn(t, bin, dir, "list", "--db", db, "--json")), &ps); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, p := range ps {
		out[p.First] = p.Bib
	}
	return out
}

// A laptop restored from a backup with cp: after one sync it lists the
// runner it had registered after the backup, and its next late entry gets
// a new bib.
func TestE2ERestoredDeskGetsItsRunnerBackAndANewBib(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	url, _ := serveCloud(t, bin, dir)
	event, _ := filepath.Abs("testdata/event.toml")
	racedeskIn(t, bin, dir, "event", "init", "--config", event, "--db", "desk.db", "--desk", "Desk 1")
	racedeskIn(t, bin, dir, "sync", "--db", "desk.db", "--cloud", url, "--token-file", "token.txt", "--once")
	racedeskIn(t, bin, dir, "backup", "--db", "desk.db", "--to", "backup.db")
	racedeskIn(t, bin, dir, "register", "--db", "desk.db", "--race", "10k", "--first", "Bob", "--last", "Nachher", "--born", "1980", "--gender", "m")
	racedeskIn(t, bin, dir, "sync", "--db", "desk.db", "--once")
	bob := bibsIn(t, bin, dir, "desk.db")["Bob"]

	if out, err := exec.Command("cp", filepath.Join(dir, "backup.db"), filepath.Join(dir, "desk.db")).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	if _, ok := bibsIn(t, bin, dir, "desk.db")["Bob"]; ok {
		t.Fatal("the backup should not hold Bob")
	}
	out := racedeskIn(t, bin, dir, "sync", "--db", "desk.db", "--once", "--json")
	if !strings.Contains(out, `"new_identity": true`) {
		t.Errorf("the restored desk kept its identity: %s", out)
	}
	after := bibsIn(t, bin, dir, "desk.db")
	if after["Bob"] != bob {
		t.Fatalf("the restored desk lists Bob with bib %d, want %d (all: %v)", after["Bob"], bob, after)
	}
	racedeskIn(t, bin, dir, "register", "--db", "desk.db", "--race", "10k", "--first", "Eve", "--last", "Danach", "--born", "1982", "--gender", "w")
	if eve := bibsIn(t, bin, dir, "desk.db")["Eve"]; eve == bob || eve == 0 {
		t.Errorf("Eve got bib %d; Bob holds %d", eve, bob)
	}
}

// silentLink accepts connections and never answers: a satellite link that
// dropped without a reset.
func silentLink(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // held open, never read
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://" + ln.Addr().String()
}

// sync --once against a link that accepts and never answers ends with a
// clear message within its deadline, and the database is free right after.
func TestSyncOnceGivesUpOnASilentLinkAndFreesTheDatabase(t *testing.T) {
	db := newEventDB(t)
	tok := filepath.Join(t.TempDir(), "token.txt")
	os.WriteFile(tok, []byte("some-token\n"), 0o600)
	type result struct {
		code        int
		stdout, err string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errOut := cli(t, "sync", "--once", "--db", db, "--lang", "en", "--cloud", silentLink(t), "--token-file", tok, "--timeout", "1s")
		done <- result{code, out, errOut}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(patience): // a hanging sync waits for minutes
		t.Fatalf("sync --once --timeout 1s still runs after %v", patience)
	}
	if r.code != 1 || !strings.Contains(r.err, "did not answer in time") {
		t.Errorf("exit %d, stderr %q: want 1 and a message about the link", r.code, r.err)
	}
	if code, _, stderr := cli(t, "list", "--db", db); code != 0 {
		t.Errorf("the database is not free after the sync gave up: %s", stderr)
	}
}

// The bearer token never crosses the network in the clear.
func TestSyncRefusesPlainHTTPToAnotherComputer(t *testing.T) {
	db := newEventDB(t)
	tok := filepath.Join(t.TempDir(), "token.txt")
	os.WriteFile(tok, []byte("some-token\n"), 0o600)
	code, _, stderr := cli(t, "sync", "--once", "--db", db, "--cloud", "http://cloud.example.org", "--token-file", tok)
	if code != 2 || !strings.Contains(stderr, "refusing to send the desk's token over plain http") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// racedesk pool saves the pool and shows it, with exit status 0.
func TestPoolSavesAndShowsIt(t *testing.T) {
	db := newEventDB(t)
	code, out, stderr := cli(t, "pool", "--db", db, "--lang", "en", "--race", "10k", "--bibs", "300-349")
	if code != 0 || !strings.Contains(out, "300-349") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

// The organizer adds, lists and revokes desk tokens.
func TestCloudTokensAddListRevoke(t *testing.T) {
	db := newEventDB(t)
	out := filepath.Join(t.TempDir(), "desk3.txt")
	if code, _, stderr := cli(t, "cloud", "token", "add", "--db", db, "--desk", "Desk 3", "--out", out); code != 0 {
		t.Fatalf("add: %d %s", code, stderr)
	}
	tok, _ := os.ReadFile(out)
	if len(strings.TrimSpace(string(tok))) < 32 {
		t.Fatalf("token file holds %q", tok)
	}
	code, list, _ := cli(t, "cloud", "token", "list", "--db", db)
	if code != 0 || !strings.Contains(list, "Desk 3") || !strings.Contains(list, "(not used yet)") {
		t.Errorf("list: %d\n%s", code, list)
	}
	if code, rev, stderr := cli(t, "cloud", "token", "revoke", "--db", db, "Desk 3"); code != 0 || !strings.Contains(rev, "revoked") {
		t.Errorf("revoke: %d %s %s", code, rev, stderr)
	}
	if code, _, _ := cli(t, "cloud", "token", "revoke", "--db", db, "Desk 3"); code != 1 {
		t.Errorf("revoking again: exit %d, want 1 (nothing in force)", code)
	}
}

// --hub allows plain http to the venue network's private addresses only.
func TestOnVenueNetwork(t *testing.T) {
	for url, want := range map[string]bool{
		"http://192.168.1.10:8443": true, "http://10.0.0.5:8443/": true, "http://172.20.1.1": true,
		"http://127.0.0.1:8443": true, "http://[fe80::1]:8443": true,
		"http://8.8.8.8:8443": false, "http://hub.local:8443": false, "http://cloud.example.org": false, "::": false,
	} {
		if got := onVenueNetwork(url); got != want {
			t.Errorf("onVenueNetwork(%q) = %v, want %v", url, got, want)
		}
	}
}
