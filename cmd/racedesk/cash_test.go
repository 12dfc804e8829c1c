package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// racedesk cash: the event's total is what the runners in list paid; a
// walk-in paying cash at the desk is this desk's, and a late fee; one
// desk's view has its row alone; print cash writes the report.
func TestCashOnTheCommandLineAddsUpToTheRunners(t *testing.T) {
	db := filepath.Join(t.TempDir(), "event.db")
	steps := [][]string{
		{"demo", "--db", db, "--runners", "30"},
		{"--db", db, "register", "--race", "10k", "--first", "Anna", "--last", "Neu", "--born", "1.2.1990", "--gender", "w", "--paid", "cash", "--checkin"},
		{"--db", db, "register", "--race", "5k", "--first", "Ben", "--last", "Ohm", "--born", "3.4.1971", "--gender", "m", "--checkin"},
	}
	for _, st := range steps {
		if code, _, stderr := cli(t, st...); code != 0 {
			t.Fatalf("%v: %s", st, stderr)
		}
	}
	code, out, stderr := cli(t, "--db", db, "list", "--json")
	if code != 0 {
		t.Fatal(stderr)
	}
	var runners []struct {
		PaidCents int `json:"paid_cents"`
	}
	if err := json.Unmarshal([]byte(out), &runners); err != nil {
		t.Fatal(err)
	}
	paid := 0
	for _, r := range runners {
		paid += r.PaidCents
	}
	code, out, stderr = cli(t, "--db", db, "cash", "--json")
	if code != 0 {
		t.Fatal(stderr)
	}
	var rep struct {
		Desk  string `json:"desk"`
		Event struct {
			Paid struct {
				Total int `json:"total_cents"`
				Cash  int `json:"cash_cents"`
			} `json:"paid"`
			Late struct {
				Total int `json:"total_cents"`
			} `json:"late_fees"`
		} `json:"event"`
		Desks []struct {
			Desk   string `json:"desk"`
			Import bool   `json:"import"`
		} `json:"desks"`
		Unpaid []struct {
			Last string `json:"last"`
		} `json:"checked_in_unpaid"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Event.Paid.Total != paid || rep.Event.Paid.Cash != 2000 || rep.Event.Late.Total != 2000 || rep.Desk != "Desk 1" {
		t.Errorf("event %+v, desk %q; the runners paid %d, Anna 20,00 cash as a late entry", rep.Event, rep.Desk, paid)
	}
	if len(rep.Unpaid) != 1 || rep.Unpaid[0].Last != "Ohm" {
		t.Errorf("checked in unpaid: %+v, want Ben Ohm", rep.Unpaid)
	}

	code, out, stderr = cli(t, "--db", db, "--lang", "en", "cash", "--only-desk", "Desk 1")
	if code != 0 {
		t.Fatal(stderr)
	}
	for _, want := range []string{"Cash report — ", "Desk 1 (this desk)           20,00", "of it late fees", "Checked in, not paid (1)", "Ohm, Ben"} {
		if !strings.Contains(out, want) {
			t.Errorf("cash --only-desk: no %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Import (online)") || strings.Contains(out, "Event ") {
		t.Errorf("cash --only-desk shows more than the desk:\n%s", out)
	}

	bin := filepath.Join(t.TempDir(), "kasse.bin")
	if code, _, stderr := cli(t, "--db", db, "print", "cash", "--to", bin); code != 0 {
		t.Fatal(stderr)
	}
	b, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "Kassenabschluss") || !strings.Contains(string(b), "Desk 1 (dieser Tisch)") {
		t.Errorf("the printout lacks its title or this desk's row")
	}
}
