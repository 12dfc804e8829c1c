package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
)

// TestE2EFastDeskSessionInTmux: a volunteer checks in ten runners without
// a pause — name or registration ID, Enter, Enter, and at once the next —
// at 80×24 in tmux; then a timekeeper starts the 10 km, takes finishes, and
// hits a correction key by mistake in between. Every runner typed is
// checked in and nobody else; the stray key voids and relabels nothing.
func TestE2EFastDeskSessionInTmux(t *testing.T) {
	bin, dir, run := inTmux(t)
	db := filepath.Join(dir, "fast.db")
	run("demo", "--db", db)
	picked := tenPaidRunners(t, bin, db)

	one, keys := deskInTmux(t, bin, dir, db, "fast")
	waitForScreen(t, one, "0/300 checked in")
	var typed []string
	for i, p := range picked {
		q := model.Fold(p.Last + " " + p.First)
		if i%3 == 2 {
			q = p.ExternalID // a registration ID from the confirmation e-mail
		}
		typed = append(typed, q, "Enter", "Enter") // text that is no key name is sent as typed
	}
	keys(typed...) // one burst of keys, no waiting between runners
	waitForScreen(t, one, "10/300 checked in")
	keys("C-c")
	waitForFile(t, filepath.Join(dir, "fast.done"), one)

	checked := map[string]int{}
	for _, p := range listRunners(t, bin, db) {
		if p.Status == string(model.CheckedIn) {
			checked[p.ID] = p.Bib
		}
	}
	for _, p := range picked {
		if _, ok := checked[p.ID]; !ok {
			t.Errorf("%s %s was typed and is not checked in", p.First, p.Last)
		}
	}
	if len(checked) != len(picked) {
		t.Errorf("%d runners checked in, %d typed", len(checked), len(picked))
	}

	// The timekeeper: gun, a finish, a stray x before the next bib, a
	// stray b with a bib and Esc.
	var bibs []int
	for _, p := range picked {
		if p.Race == "10k" {
			bibs = append(bibs, checked[p.ID])
		}
	}
	if len(bibs) < 3 {
		t.Fatalf("only %d of the picked runners run the 10 km", len(bibs))
	}
	two, keys2 := deskInTmux(t, bin, dir, db, "timer")
	waitForScreen(t, two, "10/300 checked in")
	keys2("F4")
	waitForScreen(t, two, "finish")
	keys2("g")
	waitForScreen(t, two, "enter")
	keys2("Enter")
	keys2(strconv.Itoa(bibs[0]), "Enter", "x", strconv.Itoa(bibs[1]), "Enter")
	waitForScreen(t, two, "#2")
	// b names the newest finish and asks for its new bib; the old → new
	// question waits for y, and Esc leaves it as it was.
	keys2("b", strconv.Itoa(bibs[2]), "Enter")
	waitForScreen(t, two, "→ "+strconv.Itoa(bibs[2]))
	keys2("Escape")
	waitForScreenAny(t, two, "nothing changed", "nichts geändert")
	keys2("C-c")
	waitForFile(t, filepath.Join(dir, "timer.done"), two)
	out := run("results", "--db", db, "--race", "10k", "--json")
	var res struct {
		Results []struct{ Bib int }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("results: %v\n%s", err, out)
	}
	var got []int
	for _, r := range res.Results {
		got = append(got, r.Bib)
	}
	if len(got) != 2 || !containsInt(got, bibs[0]) || !containsInt(got, bibs[1]) {
		t.Errorf("results list bibs %v; want %d and %d (nothing voided, nothing relabelled)\n%s", got, bibs[0], bibs[1], out)
	}
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

type fullRunner struct {
	ID, First, Last, Race, Status string
	ExternalID                    string `json:"external_id"`
	PaidCents                     int    `json:"paid_cents"`
	Bib                           int
}

func listRunners(t *testing.T, bin, db string) []fullRunner {
	t.Helper()
	out, err := exec.Command(bin, "list", "--db", db, "--json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var ps []fullRunner
	if err := json.Unmarshal(out, &ps); err != nil {
		t.Fatal(err)
	}
	return ps
}

// tenPaidRunners picks ten registered, paid runners (Enter checks them in
// without the money question) whose name no other runner's starts with,
// six of them in the 10 km.
func tenPaidRunners(t *testing.T, bin, db string) []fullRunner {
	t.Helper()
	all := listRunners(t, bin, db)
	unique := func(p fullRunner) bool {
		q := model.Fold(p.Last + " " + p.First)
		for _, o := range all {
			if o.ID != p.ID && strings.HasPrefix(model.Fold(o.Last+" "+o.First), q) {
				return false
			}
		}
		return true
	}
	var out []fullRunner
	tens := 0
	for _, p := range all {
		if len(out) == 10 {
			break
		}
		if p.Status != string(model.Registered) || p.PaidCents == 0 || p.Bib != 0 || p.ExternalID == "" || !unique(p) {
			continue
		}
		if p.Race == "10k" && tens < 6 {
			tens++
		} else if p.Race == "10k" || len(out)-tens >= 4 {
			continue
		}
		out = append(out, p)
	}
	if len(out) < 10 {
		t.Fatalf("only %d suitable demo runners", len(out))
	}
	return out
}
