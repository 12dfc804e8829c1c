//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/racedesk/racedesk/printer"
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

// fakeLpstatOnPath answers lpstat -e, -p and -v like a Mac with one raw
// queue for a receipt printer.
func fakeLpstatOnPath(t *testing.T) {
	fakeCommand(t, "lpstat", `case "$1" in
-e) echo TM-T20;;
-p) printf 'printer TM-T20 is idle.  enabled since Sat 14 Jun 2025 09:12:01\n';;
-v) echo "device for TM-T20: usb://EPSON/TM-T20III?serial=X4LF012345";;
esac`)
}

func TestPrintersGivesTheTargetLineForTheEventFile(t *testing.T) {
	fakeLpstatOnPath(t)
	code, out, stderr := cli(t, "printers", "--lang", "en")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{`target = "cups:TM-T20"`, "# CUPS queue · usb://EPSON/TM-T20III?serial=X4LF012345", "[[printers]]"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestPrintersJSONHasTargetKindNameAndNote(t *testing.T) {
	fakeLpstatOnPath(t)
	code, out, stderr := cli(t, "printers", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	want := map[string]any{"target": "cups:TM-T20", "kind": "cups", "name": "TM-T20", "note": "usb://EPSON/TM-T20III?serial=X4LF012345"}
	if !slices.ContainsFunc(got, func(m map[string]any) bool { return reflect.DeepEqual(m, want) }) {
		t.Errorf("no %v in %v", want, got)
	}
}

// printersWith runs the command on printers the test makes up.
func printersWith(t *testing.T, jsonOut bool, found []printer.Found, problems ...error) (string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	g := &globals{lang: "en", db: filepath.Join(t.TempDir(), "none.db"), out: &out, err: &errOut}
	o := &printersOptions{json: jsonOut, discover: func(context.Context) ([]printer.Found, []error) { return found, problems }}
	if err := runPrinters(context.Background(), g, o); err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String()
}

func TestNoPrinterIsAnEmptyArrayOrAWordOnNetworkPrinters(t *testing.T) {
	if out, _ := printersWith(t, true, nil); strings.TrimSpace(out) != "[]" {
		t.Errorf("JSON %q, want []", out)
	}
	if out, _ := printersWith(t, false, nil); !strings.Contains(out, "No printer found") || !strings.Contains(out, "tcp://ADDRESS:9100") {
		t.Errorf("text %q", out)
	}
	_, stderr := printersWith(t, false, nil, errors.New("CUPS queues not listed: lpstat: Scheduler is not running."))
	if stderr != "racedesk: CUPS queues not listed: lpstat: Scheduler is not running.\n" {
		t.Errorf("stderr %q", stderr)
	}
}

func TestAWindowsShareIsQuotedSoTheEventFileReadsItBack(t *testing.T) {
	name := `\\desk2\EPSON TM-T88 "Kasse"`
	out, _ := printersWith(t, false, []printer.Found{{Target: "windows:" + name, Kind: printer.FoundWindows, Name: name}})
	line, _, _ := strings.Cut(out, "  #")
	var entry struct{ Target string }
	if _, err := toml.Decode(line, &entry); err != nil || entry.Target != "windows:"+name {
		t.Errorf("%q reads back as %q, %v", line, entry.Target, err)
	}
	if !strings.Contains(out, "# Windows printer") {
		t.Errorf("output %q", out)
	}
}
