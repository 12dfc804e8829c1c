package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model/store"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader in two
// goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// patience bounds every wait: far longer than a healthy run needs (a wait
// ends as soon as its condition holds), so a busy laptop is slow, not failing.
const patience = 30 * time.Second

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// listedJSON is the part of `racedesk list --json` the hotspot tests read.
type listedJSON struct {
	First, Last, Status, Source, Code, Race string
	Bib                                     int
}

func listJSON(t *testing.T, db string) []listedJSON {
	t.Helper()
	code, out, stderr := cli(t, "list", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, stderr)
	}
	var ps []listedJSON
	if err := json.Unmarshal([]byte(out), &ps); err != nil {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	return ps
}

func TestHotspotServesTheFormAndTheEntryIsPendingInTheList(t *testing.T) {
	db := newEventDB(t)
	var out, errOut syncBuffer
	g := &globals{db: db, now: time.Now, in: strings.NewReader(""), out: &out, err: &errOut}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	sign := filepath.Join(t.TempDir(), "schild.png")
	go func() { done <- runHotspot(ctx, g, &hotspotOptions{listen: "127.0.0.1:0", sign: sign}) }()
	var addr string
	waitFor(t, "listening on", func() bool {
		m := regexp.MustCompile(`listening on (\S+)`).FindStringSubmatch(out.String())
		if m != nil {
			addr = m[1]
		}
		return m != nil && strings.Contains(out.String(), "Strg+C beendet.") // the whole banner
	})
	base := "http://" + addr
	for _, want := range []string{"Selbst-Anmeldung für Buchauer Nikolaus-Waldlauf 2026", "  " + base + "/", "█", "Strg+C beendet.",
		"QR-Code von " + base + "/ in " + sign, "Live-Ergebnisse: " + base + "/results"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, out.String())
		}
	}
	if b, err := os.ReadFile(sign); err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Errorf("--sign wrote no PNG: %v", err)
	}
	// While it serves, the database is held: a second process's command
	// runs in the serving process.
	if code, _, stderr := cli(t, "list", "--db", db, "--lang", "en"); code != 0 {
		t.Errorf("list while serving: exit %d %q", code, stderr)
	}

	registerOnPhone(t, base, "Zoë", "Dvořák")
	waitFor(t, "the registration line", func() bool { return strings.Contains(out.String(), "Zoë Dvořák · 5 km Volkslauf") })

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("hotspot: %v", err)
		}
	case <-time.After(patience):
		t.Fatal("the hotspot did not stop")
	}
	ps := listJSON(t, db)
	if len(ps) != 1 || ps[0].Status != "pending" || ps[0].Source != "hotspot" || ps[0].Last != "Dvořák" || ps[0].Bib != 0 || ps[0].Code == "" {
		t.Fatalf("list --json: %+v", ps)
	}
	if !strings.Contains(out.String(), ps[0].Code+"  Zoë Dvořák") {
		t.Errorf("the registration line lacks the code %s:\n%s", ps[0].Code, out.String())
	}
	if strings.Contains(errOut.String(), "Dvořák") {
		t.Errorf("the log has personal data:\n%s", errOut.String())
	}
}

func TestHotspotRefusesCleanlyWhileTheDeskHoldsTheDatabase(t *testing.T) {
	db := newEventDB(t)
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	code, out, stderr := cli(t, "hotspot", "--db", db, "--lang", "en", "--listen", "127.0.0.1:0")
	if code != 1 || !strings.Contains(stderr, "is in use by another racedesk process") || out != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

func TestHotspotUsage(t *testing.T) {
	db := newEventDB(t)
	for _, args := range [][]string{
		{"hotspot", "--db", db, "--listen", ""},
		{"hotspot", "--db", db, "extra"},
	} {
		if code, _, stderr := cli(t, args...); code != 2 {
			t.Errorf("%q: exit %d, want 2 (%s)", args, code, stderr)
		}
	}
	if code, _, stderr := cli(t, "hotspot", "--db", db, "--listen", "256.1.1.1:80"); code != 1 || !strings.Contains(stderr, "listen") {
		t.Errorf("bad address: exit %d %q", code, stderr)
	}
}
