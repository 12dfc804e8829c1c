package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model/store"
)

// A job with a key is queued once, ever: not again after a reopen, not
// after it printed and was pruned; the caller gets the earlier job.
func TestAKeyedPrintJobIsQueuedOnceEver(t *testing.T) {
	f := newFixture(t, "Desk 1")
	slip := store.PrintJob{Title: "Zielzettel Müller", Kind: "slip", Printer: "ziel", Target: "out.bin", Key: "slip:f1"}
	j, err := f.s.EnqueuePrint(slip, []byte("\x1b@1"))
	if err != nil || j.Key != "slip:f1" {
		t.Fatalf("first: %+v %v", j, err)
	}
	again, err := f.s.EnqueuePrint(slip, []byte("\x1b@2"))
	if !errors.Is(err, store.ErrPrintKeyUsed) || again.ID != j.ID {
		t.Errorf("second: %+v %v, want the first job and ErrPrintKeyUsed", again, err)
	}
	other := slip
	other.Key = "slip:f2"
	if _, err := f.s.EnqueuePrint(other, []byte("\x1b@3")); err != nil {
		t.Errorf("another key: %v", err)
	}
	plain := slip
	plain.Key = ""
	for range 2 {
		if _, err := f.s.EnqueuePrint(plain, []byte("\x1b@4")); err != nil {
			t.Errorf("a job without key: %v", err)
		}
	}
	f.reopen(store.Options{})
	if _, err := f.s.EnqueuePrint(slip, []byte("\x1b@5")); !errors.Is(err, store.ErrPrintKeyUsed) {
		t.Errorf("after reopening: %v", err)
	}
	if _, _, err := f.s.ClaimPrint(j.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.PrintSent(j.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := f.s.PrunePrints(pinned.Add(time.Hour)); err != nil || n != 1 {
		t.Fatalf("pruned %d %v", n, err)
	}
	if again, err := f.s.EnqueuePrint(slip, []byte("\x1b@6")); !errors.Is(err, store.ErrPrintKeyUsed) || again.ID != j.ID {
		t.Errorf("after pruning: %+v %v", again, err)
	}
	used, err := f.s.PrintKeysUsed([]string{"slip:f1", "slip:f2", "slip:f3", ""})
	if err != nil || len(used) != 2 || !used["slip:f1"] || !used["slip:f2"] {
		t.Errorf("keys used %v %v", used, err)
	}
	jobs, _ := f.s.PrintJobs()
	if len(jobs) != 3 {
		t.Errorf("%d jobs, want slip:f2 and the two without key", len(jobs))
	}
}
