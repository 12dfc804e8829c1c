//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeCommand puts a shell script called name first in PATH for the
// test and returns its directory.
func fakeCommand(t *testing.T, name, body string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return dir
}

func TestPrintingToACUPSQueueSaysTheJobIsQueuedNotPrinted(t *testing.T) {
	db := printDB(t)
	dir := fakeCommand(t, "lp", `printf '%s|' "$@" > "$(dirname "$0")/args"; cat > "$(dirname "$0")/job"; echo "request id is TM-T20-3 (0 file(s))"`)
	code, stdout, stderr := cli(t, "print", "checkin", "--db", db, "--lang", "en", "--to", "cups:TM-T20")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "bytes to cups:TM-T20") || !strings.Contains(stdout, "in the CUPS queue, not yet on paper") {
		t.Errorf("stdout %q", stdout)
	}
	args, _ := os.ReadFile(filepath.Join(dir, "args"))
	if !strings.HasPrefix(string(args), "-d|TM-T20|-o|raw|-t|Check-in") {
		t.Errorf("lp %s", args)
	}
	if job, _ := os.ReadFile(filepath.Join(dir, "job")); !bytes.HasPrefix(job, []byte{0x1b, '@'}) {
		t.Errorf("lp got % x…", job[:min(len(job), 8)])
	}
}
