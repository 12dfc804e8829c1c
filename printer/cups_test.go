//go:build unix

package printer

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeLP puts a shell script in place of lp for the test: it records its
// arguments (one a line) and the bytes on its stdin in dir, then runs
// body.
func fakeLP(t *testing.T, body string) (dir string) {
	t.Helper()
	dir = t.TempDir()
	script := filepath.Join(dir, "lp")
	text := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"" + dir + "/args\"\ncat > \"" + dir + "/stdin\"\n" + body + "\n"
	if err := os.WriteFile(script, []byte(text), 0o755); err != nil {
		t.Fatal(err)
	}
	old := lpCommand
	lpCommand = script
	t.Cleanup(func() { lpCommand = old })
	return dir
}

func TestACUPSJobGoesToLPRawWithItsTitleAndEveryByte(t *testing.T) {
	dir := fakeLP(t, `echo "request id is TM-T20-17 (0 file(s))"`)
	ctx := WithJobTitle(context.Background(), "Start list 10 km")
	if err := (Transport{}).Send(ctx, "cups:TM-T20", spoolData); err != nil {
		t.Fatal(err)
	}
	args, _ := os.ReadFile(filepath.Join(dir, "args"))
	want := []string{"-d", "TM-T20", "-o", "raw", "-t", "Start list 10 km"}
	if got := strings.Split(strings.TrimSuffix(string(args), "\n"), "\n"); !slices.Equal(got, want) {
		t.Errorf("lp %q, want %q", got, want)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "stdin")); !bytes.Equal(got, spoolData) {
		t.Errorf("lp got %d bytes on stdin, want the job's %d unchanged", len(got), len(spoolData))
	}
}

func TestLPRefusingAJobSaysWhyAndNothingIsSent(t *testing.T) {
	fakeLP(t, `echo "lp: The printer or class does not exist." >&2; exit 1`)
	err := (Transport{}).Send(context.Background(), "cups:nosuch", spoolData)
	stage, se := spoolStage(err)
	if se == nil || stage != NotSent || !strings.Contains(err.Error(), "print to cups:nosuch: lp: The printer or class does not exist.") {
		t.Errorf("%v (stage %v): want not sent with lp's reason", err, stage)
	}
}

func TestWithoutLPTheErrorSaysToInstallCUPS(t *testing.T) {
	old := lpCommand
	lpCommand = "racedesk-no-such-lp"
	t.Cleanup(func() { lpCommand = old })
	err := (Transport{}).Send(context.Background(), "cups:TM-T20", spoolData)
	if stage, se := spoolStage(err); se == nil || stage != NotSent || !strings.Contains(err.Error(), "install CUPS") {
		t.Errorf("%v: want not sent, install CUPS", err)
	}
}

func TestAnLPThatHangsIsStoppedAtTheDeadline(t *testing.T) {
	fakeLP(t, `exec sleep 30`)
	start := time.Now()
	err := (Transport{Timeouts: Timeouts{Write: 200 * time.Millisecond}}).Send(context.Background(), "cups:TM-T20", spoolData)
	stage, se := spoolStage(err)
	// lp had the whole job: it may be in the queue, only a person can tell.
	if se == nil || stage != Unconfirmed || !se.Stalled || !strings.Contains(err.Error(), "lp did not finish within 200ms") {
		t.Errorf("%v (stage %v): want a stalled, unconfirmed send", err, stage)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("stopped only after %v", d)
	}
}
