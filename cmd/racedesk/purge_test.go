package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// racedesk delete and racedesk purge with the real binary: purge refuses
// while a change exists only on this laptop, names what is missing, and
// succeeds once the cloud holds everything; afterwards no personal data
// is left in the file's bytes.
func TestE2EPurgeRefusesUntilTheCloudHasEverything(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	run := func(args ...string) string { t.Helper(); return racedeskIn(t, bin, dir, args...) }
	cloudURL, _ := serveCloud(t, bin, dir)
	run("sync", "--db", "desk.db", "--desk", "Desk 1", "--cloud", cloudURL, "--token-file", "token.txt", "--once")
	run("register", "--db", "desk.db", "--race", "10k", "--first", "Zacharias", "--last", "Quellenberg", "--born", "12.3.1985",
		"--gender", "m", "--email", "zq@example.org", "--lang", "en")
	run("register", "--db", "desk.db", "--race", "10k", "--first", "Test", "--last", "Eintrag", "--born", "1990", "--gender", "w", "--lang", "en")
	out := run("delete", "--db", "desk.db", "--bib", "2", "--reason", "test entry", "--lang", "en")
	if !strings.Contains(out, "deleted: Test Eintrag") {
		t.Errorf("delete: %s", out)
	}
	code, _, stderr := racedeskExit(t, bin, dir, "purge", "--db", "desk.db", "--lang", "en")
	if code != 1 || !strings.Contains(stderr, "wait for the cloud") {
		t.Fatalf("purge before the sync: exit %d: %s", code, stderr)
	}
	run("sync", "--db", "desk.db", "--once")
	out = run("purge", "--db", "desk.db", "--lang", "en")
	if !strings.Contains(out, "purged:") {
		t.Errorf("purge: %s", out)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, personal := range []string{"Quellenberg", "Zacharias", "zq@example.org", "Eintrag"} {
		if strings.Contains(string(raw), personal) {
			t.Errorf("the purged file still holds %q in its bytes", personal)
		}
	}
	// The cloud still has the runner (and the deletion).
	run("sync", "--db", "check.db", "--desk", "Check", "--cloud", cloudURL, "--token-file", "token.txt", "--once")
	cloud := run("list", "--db", "check.db", "--json")
	if !strings.Contains(cloud, "Quellenberg") || strings.Contains(cloud, "Eintrag") {
		t.Errorf("the cloud after the purge:\n%s", cloud)
	}
	if code, _, stderr := racedeskExit(t, bin, dir, "sync", "--db", "desk.db", "--once"); code == 0 || !strings.Contains(stderr, "purged") {
		t.Errorf("a purged laptop synced: exit %d %s", code, stderr)
	}
}

// racedeskExit runs the binary in dir and returns its exit code, stdout
// and stderr.
func racedeskExit(t *testing.T, bin, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errOut.String()
}
