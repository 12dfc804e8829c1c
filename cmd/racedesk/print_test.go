package main

import (
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model/store"
)

// printDB is the example event with three 10k runners, two checked in.
func printDB(t *testing.T) string {
	t.Helper()
	db := newEventDB(t)
	for _, r := range [][]string{
		{"Jörg", "Müller", "12.3.85", "m", "--checkin"},
		{"Anna", "Weiß", "2001", "w", "--checkin"},
		{"Łukasz", "Kowalczyk", "7.7.91", "m", ""},
	} {
		args := []string{"register", "--db", db, "--race", "10k", "--first", r[0], "--last", r[1], "--born", r[2], "--gender", r[3]}
		if r[4] != "" {
			args = append(args, r[4])
		}
		if code, _, stderr := cli(t, args...); code != 0 {
			t.Fatalf("register: %s", stderr)
		}
	}
	return db
}

func TestPrintStartListToAFile(t *testing.T) {
	db := printDB(t)
	out := filepath.Join(t.TempDir(), "out.bin")
	if err := os.WriteFile(out, []byte("old contents"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := cli(t, "print", "startlist", "--db", db, "--lang", "de", "--race", "10k", "--to", out, "--width", "42")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "Startliste 10 km Hauptlauf (nach Startnummer)") || !strings.Contains(stdout, out) {
		t.Errorf("stdout %q", stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range [][]byte{
		{0x1b, '@'},                     // initialise
		{0x1b, 't', 19},                 // PC858
		{'M', 0x81, 'l', 'l', 'e', 'r'}, // Müller in PC858
		{'W', 'e', 'i', 0xe1},           // Weiß
		[]byte("Kowalczyk, Lukasz"),     // Ł transliterated
	} {
		if !bytes.Contains(b, want) {
			t.Errorf("out.bin lacks % x", want)
		}
	}
	if !bytes.HasPrefix(b, []byte{0x1b, '@'}) || !bytes.HasSuffix(b, []byte{0x1d, 'V', 'B', 3}) {
		t.Errorf("the file is not exactly one job from ESC @ to the cut (old contents kept?)")
	}
	if bytes.Contains(b, []byte("Müller")) {
		t.Error("UTF-8 reached the printer bytes")
	}
}

func TestPrintPreviewShowsTheTextAndSendsNothing(t *testing.T) {
	db := printDB(t)
	code, stdout, stderr := cli(t, "print", "startlist", "--db", db, "--lang", "en", "--race", "10k", "--order", "name", "--preview", "--width", "32")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Start list by name", "Kowalczyk, Lukasz", "Müller, Jörg", "Weiß, Anna", "20,00", ">8"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("preview lacks %q:\n%s", want, stdout)
		}
	}
	for _, line := range strings.Split(stdout, "\n") {
		if n := len([]rune(line)); n > 32 {
			t.Errorf("preview line %q is %d wide", line, n)
		}
	}
}

func TestPrintLabelToStdoutKeepsStdoutForTheBytes(t *testing.T) {
	db := printDB(t)
	code, stdout, stderr := cli(t, "print", "labels", "--db", db, "--lang", "en", "--bib", "1", "--to", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !bytes.HasPrefix([]byte(stdout), []byte{0x1b, '@'}) || !strings.Contains(stdout, "\x1d(k\x04\x001P0") {
		t.Errorf("stdout is not one label with the bib's QR code: %q", stdout)
	}
	if !strings.Contains(stderr, "Label Jörg Müller #1") {
		t.Errorf("the summary belongs on stderr: %q", stderr)
	}
}

func TestPrintAllLabelsOfARaceIsOneJobEach(t *testing.T) {
	db := printDB(t)
	out := filepath.Join(t.TempDir(), "labels.bin")
	code, stdout, stderr := cli(t, "print", "labels", "--db", db, "--race", "10k", "--to", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(out)
	if n := bytes.Count(b, []byte{0x1d, 'V', 'B', 3}); n != 3 || strings.Count(stdout, "\n") != 3 {
		t.Errorf("%d cuts, stdout %q; want three labels", n, stdout)
	}
}

func TestPrintResultsWithoutFinishersSaysSo(t *testing.T) {
	db := printDB(t)
	code, _, stderr := cli(t, "print", "results", "--db", db, "--lang", "en", "--race", "10k", "--preview")
	if code != 1 || !strings.Contains(stderr, "no results yet for 10 km Hauptlauf") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestPrintResultsByClass(t *testing.T) {
	db := printDB(t)
	for _, args := range [][]string{
		{"start", "--race", "10k", "--time", "10:30:00"},
		{"finish", "--bib", "2", "--time", "11:09:05"},
		{"finish", "--bib", "1", "--time", "11:06:40.2"}, // printed rounded up: 0:36:41
	} {
		if code, _, stderr := cli(t, append(args, "--db", db)...); code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
	}
	code, stdout, stderr := cli(t, "print", "results", "--db", db, "--lang", "de", "--race", "10k", "--by-class", "--preview", "--width", "48")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Ergebnisliste nach Altersklassen", "M40", "Müller, Jörg", "0:36:41", "WHK", "Weiß, Anna", "2 im Ziel"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("results lack %q:\n%s", want, stdout)
		}
	}
}

func TestPrintCheckInSummary(t *testing.T) {
	db := printDB(t)
	code, stdout, stderr := cli(t, "print", "checkin", "--db", db, "--lang", "de", "--preview", "--width", "42")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Noch nicht eingecheckt", "Kowalczyk, Lukasz", "1 fehlen noch"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
}

// TestPrintToANetworkPrinter sends a start list to a raw TCP listener
// that behaves like a printer, and to a port where nothing listens.
func TestPrintToANetworkPrinter(t *testing.T) {
	db := printDB(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		b, _ := io.ReadAll(c)
		c.Close()
		got <- b
	}()
	code, _, stderr := cli(t, "print", "startlist", "--db", db, "--race", "10k", "--to", "tcp://"+ln.Addr().String())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if b := <-got; !bytes.HasPrefix(b, []byte{0x1b, '@'}) || !bytes.HasSuffix(b, []byte{0x1d, 'V', 'B', 3}) {
		t.Errorf("the printer got %d bytes, not one job", len(b))
	}
	addr := ln.Addr().String()
	ln.Close()
	code, _, stderr = cli(t, "print", "startlist", "--db", db, "--race", "10k", "--to", "tcp://"+addr)
	if code != 1 || !strings.Contains(stderr, "print to tcp://"+addr) {
		t.Errorf("printer off: exit %d, stderr %q", code, stderr)
	}
}

// TestPrintWhileTheDeskRuns: the desk holds the database; the command asks
// it over the control socket for the printout and sends it itself.
func TestPrintWhileTheDeskRuns(t *testing.T) {
	db := printDB(t)
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stop, err := store.ServeControl(s, map[string]store.ControlHandler{"print": printControlHandler(s, nil)})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	out := filepath.Join(t.TempDir(), "out.bin")
	code, stdout, stderr := cli(t, "print", "startlist", "--db", db, "--lang", "en", "--race", "10k", "--order", "name", "--to", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(out)
	if !bytes.Contains(b, []byte("Kowalczyk, Lukasz")) || !strings.Contains(stdout, "Start list 10 km Hauptlauf (by name)") {
		t.Errorf("stdout %q, %d bytes", stdout, len(b))
	}
	code, _, stderr = cli(t, "print", "results", "--db", db, "--lang", "en", "--race", "10k", "--preview")
	if code != 1 || !strings.Contains(stderr, "no results yet") {
		t.Errorf("an error of the desk is passed on: exit %d, %q", code, stderr)
	}
}

func TestPrintWithoutAPrinterSaysWhereToPrint(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "event.toml")
	os.WriteFile(cfg, []byte(`name = "Lauf"
date = "2026-12-06"
[[races]]
id = "5k"
name = "5 km"
bibs = [{ from = 1, to = 99 }]
`), 0o644)
	db := filepath.Join(dir, "e.db")
	if code, _, stderr := cli(t, "event", "init", "--config", cfg, "--db", db); code != 0 {
		t.Fatal(stderr)
	}
	code, _, stderr := cli(t, "print", "checkin", "--db", db, "--lang", "en")
	if code != 1 || !strings.Contains(stderr, "no printer: give --to") {
		t.Errorf("exit %d, %q", code, stderr)
	}
	// --preview needs no printer; 32 columns by default.
	code, stdout, _ := cli(t, "print", "checkin", "--db", db, "--lang", "en", "--preview")
	if code != 0 || !strings.Contains(stdout, "Check-in") {
		t.Errorf("preview without printer: exit %d\n%s", code, stdout)
	}
}

func TestPrintUsageErrorsExitTwo(t *testing.T) {
	db := printDB(t)
	for _, args := range [][]string{
		{"print", "startlist", "--db", db, "--width", "12", "--preview"},
		{"print", "startlist", "--db", db, "--order", "age", "--preview"},
		{"print", "startlist", "--db", db, "--codepage", "utf8", "--preview"},
		{"print", "startlist", "--db", db, "--cutter", "laser", "--preview"},
		{"print", "startlist", "--db", db, "--to", "http://printer"},
		{"print", "results", "--db", db, "--preview"},
		{"print", "frobnicate", "--db", db},
		{"print", "labels", "--db", db, "extra"},
	} {
		t.Run(strings.Join(args[:2], " ")+" "+args[len(args)-2], func(t *testing.T) {
			if code, _, stderr := cli(t, args...); code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", code, stderr)
			}
		})
	}
}
