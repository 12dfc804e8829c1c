package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

func enqueue(t *testing.T, f *fixture, title string) store.PrintJob {
	t.Helper()
	j, err := f.s.EnqueuePrint(store.PrintJob{Title: title, Kind: "label", Printer: "desk", Target: "out.bin", Participant: "p1"}, []byte("\x1b@"+title))
	if err != nil {
		t.Fatalf("EnqueuePrint: %v", err)
	}
	return j
}

func TestPrintJobIsStoredWithItsBytesBeforeAnythingIsSent(t *testing.T) {
	f := newFixture(t, "Desk 1")
	j := enqueue(t, f, "Etikett Müller")
	if j.ID == 0 || j.State != store.PrintQueued || j.Size != len("\x1b@Etikett Müller") || j.Sends != 1 || !j.Created.Equal(pinned) {
		t.Errorf("job %+v", j)
	}
	f.reopen(store.Options{})
	jobs, err := f.s.PrintJobs()
	if err != nil || len(jobs) != 1 || jobs[0].Title != "Etikett Müller" || jobs[0].State != store.PrintQueued {
		t.Fatalf("after reopen: %+v %v", jobs, err)
	}
	data, err := f.s.PrintData(j.ID)
	if err != nil || string(data) != "\x1b@Etikett Müller" {
		t.Errorf("data %q %v", data, err)
	}
}

func TestPrintJobStatesMoveOnlyTheAllowedWays(t *testing.T) {
	f := newFixture(t, "Desk 1")
	j := enqueue(t, f, "a")

	if _, err := f.s.PrintSent(j.ID); !errors.Is(err, store.ErrPrintState) {
		t.Errorf("a queued job was marked done: %v", err)
	}
	claimed, data, err := f.s.ClaimPrint(j.ID)
	if err != nil || claimed.State != store.PrintPrinting || claimed.Attempts != 1 || string(data) != "\x1b@a" {
		t.Fatalf("claim: %+v %q %v", claimed, data, err)
	}
	if _, _, err := f.s.ClaimPrint(j.ID); !errors.Is(err, store.ErrPrintState) {
		t.Errorf("a job was claimed twice: %v", err)
	}
	next := pinned.Add(4 * time.Second)
	back, err := f.s.PrintRetry(j.ID, next, msg.PrWhyUnreachable, nil, "connection refused")
	if err != nil || back.State != store.PrintQueued || !back.NextTry.Equal(next) || back.Why(msg.EN) != "printer not reachable (connection refused)" {
		t.Fatalf("retry: %+v %v", back, err)
	}
	if _, _, err := f.s.ClaimPrint(j.ID); err != nil {
		t.Fatal(err)
	}
	failed, err := f.s.PrintFailed(j.ID, msg.PrWhyUnconfirmed, nil, "connection reset by peer")
	if err != nil || failed.State != store.PrintFailed || failed.Attempts != 2 {
		t.Fatalf("fail: %+v %v", failed, err)
	}
	if _, _, err := f.s.ClaimPrint(j.ID); !errors.Is(err, store.ErrPrintState) {
		t.Errorf("a failed job was claimed without a person re-sending it: %v", err)
	}
	again, err := f.s.ResendPrint(j.ID)
	if err != nil || again.State != store.PrintQueued || again.Sends != 2 || again.Attempts != 0 || again.Reason != "" {
		t.Fatalf("resend: %+v %v", again, err)
	}
	if _, _, err := f.s.ClaimPrint(j.ID); err != nil {
		t.Fatal(err)
	}
	done, err := f.s.PrintSent(j.ID)
	if err != nil || done.State != store.PrintDone || done.Printed.IsZero() {
		t.Fatalf("sent: %+v %v", done, err)
	}
	if _, err := f.s.CancelPrint(j.ID); !errors.Is(err, store.ErrPrintState) {
		t.Errorf("a printed job was cancelled: %v", err)
	}
	if again, err := f.s.ResendPrint(j.ID); err != nil || again.State != store.PrintQueued || again.Sends != 3 {
		t.Errorf("a printed job could not be re-sent: %+v %v", again, err)
	}
	if c, err := f.s.CancelPrint(j.ID); err != nil || c.State != store.PrintCancelled {
		t.Errorf("cancel: %+v %v", c, err)
	}
	if _, err := f.s.PrintRetry(j.ID, next, msg.PrWhyUnreachable, nil, ""); !errors.Is(err, store.ErrPrintState) {
		t.Errorf("a cancelled job went back to the queue: %v", err)
	}
}

// TestJobInterruptedMidSendIsFailedNotSentAgain is the crash case: the
// process died after "printing" was committed and before the outcome was.
// The job may have printed, so it is never sent again on its own.
func TestJobInterruptedMidSendIsFailedNotSentAgain(t *testing.T) {
	f := newFixture(t, "Desk 1")
	a := enqueue(t, f, "a")
	b := enqueue(t, f, "b")
	if _, _, err := f.s.ClaimPrint(a.ID); err != nil {
		t.Fatal(err)
	}
	f.reopen(store.Options{}) // the crash: nothing recorded the outcome
	rec, err := f.s.RecoverPrints()
	if err != nil || len(rec) != 1 || rec[0].ID != a.ID {
		t.Fatalf("recovered %+v %v", rec, err)
	}
	got, _ := f.s.PrintJobByID(a.ID)
	if got.State != store.PrintFailed || got.Reason != msg.PrWhyInterrupted {
		t.Errorf("interrupted job %+v", got)
	}
	if other, _ := f.s.PrintJobByID(b.ID); other.State != store.PrintQueued {
		t.Errorf("a job that never started was touched: %+v", other)
	}
	c, err := f.s.PrintCounts()
	if err != nil || c != (store.PrintCounts{Queued: 1, Failed: 1}) {
		t.Errorf("counts %+v %v", c, err)
	}
}

func TestPrunePrintsKeepsWhatIsNotFinished(t *testing.T) {
	f := newFixture(t, "Desk 1")
	done := enqueue(t, f, "done")
	waiting := enqueue(t, f, "waiting")
	f.s.ClaimPrint(done.ID)
	f.s.PrintSent(done.ID)
	f.clock.Advance(time.Hour)
	n, err := f.s.PrunePrints(f.clock.Now())
	if err != nil || n != 1 {
		t.Fatalf("pruned %d, %v", n, err)
	}
	if _, err := f.s.PrintData(done.ID); !errors.Is(err, store.ErrNoPrintJob) {
		t.Errorf("bytes of the pruned job are still there: %v", err)
	}
	if j, err := f.s.PrintJobByID(waiting.ID); err != nil || j.State != store.PrintQueued {
		t.Errorf("a waiting job was pruned: %v", err)
	}
}

func TestEnqueuePrintRefusesAJobWithoutTargetOrBytes(t *testing.T) {
	f := newFixture(t, "Desk 1")
	if _, err := f.s.EnqueuePrint(store.PrintJob{Title: "x"}, []byte("x")); err == nil {
		t.Error("job without target accepted")
	}
	if _, err := f.s.EnqueuePrint(store.PrintJob{Title: "x", Target: "out.bin"}, nil); err == nil {
		t.Error("job without bytes accepted")
	}
}
