package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model/store"
)

// slipDB is printDB with the 10k started at 10:00 and Müller (bib 1)
// across the line at 10:40:03.4.
func slipDB(t *testing.T) string {
	t.Helper()
	db := printDB(t)
	for _, args := range [][]string{
		{"start", "--race", "10k", "--time", "10:00:00"},
		{"finish", "--bib", "1", "--time", "10:40:03.4"},
	} {
		if code, _, stderr := cli(t, append(args, "--db", db)...); code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
	}
	return db
}

// racedesk print slip lays out a runner's finish slip: the time as the
// results show it, rounded up, and the places.
func TestPrintSlipPreview(t *testing.T) {
	db := slipDB(t)
	code, stdout, stderr := cli(t, "print", "slip", "--db", db, "--lang", "en", "--bib", "1", "--preview")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Jörg Müller", "10 km Hauptlauf · bib 1", "0:40:04", "1. overall · 1. men · 1. M40"} {
		if !strings.Contains(stdout, want) && !strings.Contains(strings.Join(strings.Fields(stdout), " "), want) {
			t.Errorf("preview lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "QR") {
		t.Errorf("without [results] url or hotspot the slip has a QR code:\n%s", stdout)
	}
	code, _, stderr = cli(t, "print", "slip", "--db", db, "--lang", "en", "--bib", "2", "--race", "10k", "--preview")
	if code != 1 || !strings.Contains(stderr, "bib 2 has no result yet") {
		t.Errorf("a runner without result: exit %d %q", code, stderr)
	}
	code, _, stderr = cli(t, "print", "slip", "--db", db, "--lang", "en")
	if code != 2 || !strings.Contains(stderr, "--bib") {
		t.Errorf("without --bib: exit %d %q", code, stderr)
	}
}

// While the desk runs with its hotspot, the slip's QR code leads to the
// runner's result there.
func TestPrintSlipThroughTheDeskCarriesTheHotspotsAddress(t *testing.T) {
	db := slipDB(t)
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stop, err := store.ServeControl(s, map[string]store.ControlHandler{"print": printControlHandler(s, func() string { return "http://10.0.0.5:8080" })})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	out := filepath.Join(t.TempDir(), "slip.bin")
	code, stdout, stderr := cli(t, "print", "slip", "--db", db, "--lang", "de", "--bib", "1", "--to", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "Zielzettel Jörg Müller #1") {
		t.Errorf("stdout %q", stdout)
	}
	b, _ := os.ReadFile(out)
	url := "http://10.0.0.5:8080/r/10k/1"
	store := append([]byte{0x1d, '(', 'k', byte(len(url) + 3), 0, '1', 'P', '0'}, url...)
	if !bytes.Contains(b, store) || !bytes.Contains(b, []byte{'M', 0x81, 'l', 'l', 'e', 'r'}) {
		t.Errorf("the slip lacks the QR code of %s or Müller in PC858: % x", url, b)
	}
}
