//go:build unix

package printer

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// Short timeouts keep the tests quick; the logic is the same.
// testTimeouts are short where a test waits for them to run out (a
// stalled printer given up on) and generous where a healthy send on a busy
// machine must not hit them.
var testTimeouts = Timeouts{Connect: 5 * time.Second, Write: 500 * time.Millisecond, Confirm: 10 * time.Second}

// hangs is a write timeout no test waits for: only the test ends the send.
const hangs = 10 * time.Minute

// adjustable sends like Transport with timeouts the test changes between
// sends: a stall the test ends itself, then one the write timeout ends.
type adjustable struct{ to atomic.Pointer[Timeouts] }

func newAdjustable(to Timeouts) *adjustable {
	a := &adjustable{}
	a.to.Store(&to)
	return a
}

func (a *adjustable) set(to Timeouts) { a.to.Store(&to) }

func (a *adjustable) Send(ctx context.Context, target string, data []byte) error {
	return Transport{Timeouts: *a.to.Load()}.Send(ctx, target, data)
}

// within fails the test when f has not returned after the patience: f is
// something that must not wait for a printer or a screen that hangs until
// the test ends it.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(patience):
		t.Fatalf("%s still waits after %v", what, patience)
	}
}

func newTestStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Create(filepath.Join(t.TempDir(), "event.db"), testEvent(t), "Desk 1", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// runQueue starts q and returns a stop function that waits for Run to
// return. Statuses are collected.
type runningQueue struct {
	q        *Queue
	cancel   context.CancelFunc
	done     chan struct{}
	mu       sync.Mutex
	statuses []Status
}

func startQueue(t *testing.T, s *store.Store, o QueueOptions) *runningQueue {
	t.Helper()
	if o.MinBackoff == 0 {
		o.MinBackoff, o.MaxBackoff = 20*time.Millisecond, 100*time.Millisecond
	}
	if o.Sender == nil {
		o.Sender = Transport{Timeouts: testTimeouts}
	}
	rq := &runningQueue{q: NewQueue(s, o), done: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	rq.cancel = cancel
	go func() {
		defer close(rq.done)
		rq.q.Run(ctx, func(st Status) {
			rq.mu.Lock()
			rq.statuses = append(rq.statuses, st)
			rq.mu.Unlock()
		})
	}()
	t.Cleanup(rq.stop)
	return rq
}

func (rq *runningQueue) stop() {
	rq.cancel()
	<-rq.done
}

func (rq *runningQueue) state(t *testing.T, id uint64) store.PrintJob {
	t.Helper()
	j, err := rq.q.s.PrintJobByID(id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func (rq *runningQueue) waitState(t *testing.T, id uint64, want store.PrintState) store.PrintJob {
	t.Helper()
	var j store.PrintJob
	waitFor(t, patience, fmt.Sprintf("job %d to be %s", id, want), func() bool {
		j = rq.state(t, id)
		return j.State == want
	})
	return j
}

// bigJob is an encoded start list of n runners, told apart by its title.
func bigJob(t *testing.T, title string, n int) *Doc {
	t.Helper()
	d, err := layout(t, 48, PC858, msg.DE).StartList("10k", manyRunners(n), ByBib)
	if err != nil {
		t.Fatal(err)
	}
	d.Title = title
	d.Blocks = append([]Block{{Kind: TextBlock, Text: title}}, d.Blocks...)
	return d
}

// TestFakeNetworkPrinterStallsResetsAndComesBack is the outage the desk
// must ride out: the printer takes two jobs, then stops taking data in the
// middle of the third, resets the connection, stalls again until the
// write timeout, is switched off for a while, and comes back. Every job
// must arrive exactly once, complete and in order, and the desk must be
// able to queue jobs at once throughout.
func TestFakeNetworkPrinterStallsResetsAndComesBack(t *testing.T) {
	fp := newFakePrinter(t)
	s := newTestStore(t)
	hanging := testTimeouts
	hanging.Write = hangs // the first stall lasts until the test resets it
	sender := newAdjustable(hanging)
	rq := startQueue(t, s, QueueOptions{Sender: sender})
	p := Printer{Name: "desk", Target: fp.target(), Config: Config{Width: 48}}

	var docs []*Doc
	var ids []uint64
	submit := func(i int) {
		t.Helper()
		d := bigJob(t, fmt.Sprintf("Job %d", i), 1500) // ~90 kB: more than any buffer on the way
		var j store.PrintJob
		var err error
		within(t, fmt.Sprintf("queueing job %d", i), func() { j, err = rq.q.Submit(d, p, "") })
		if err != nil {
			t.Fatal(err)
		}
		docs, ids = append(docs, d), append(ids, j.ID)
	}

	submit(1)
	submit(2)
	rq.waitState(t, ids[1], store.PrintDone)

	fp.setMode(fakeStall)
	submit(3)
	waitFor(t, patience, "the third job to stall", func() bool { return fp.stalled() > 0 })
	submit(4) // the desk queues while the printer hangs (until the reset below)
	submit(5)
	// Responsive: the status is there while the send still hangs (it did
	// not wait for the send to end).
	if st := rq.q.Status(); st.Printing != 1 || st.Queued != 2 {
		t.Errorf("status while stalled: %+v", st)
	}
	if fp.stalled() == 0 {
		t.Errorf("Status returned only after the stalled send ended")
	}

	sender.set(testTimeouts) // from here a stall runs into the write timeout
	fp.reset()               // the printer drops the connection mid-job
	waitFor(t, patience, "a retry of the third job", func() bool { return rq.state(t, ids[2]).Attempts >= 2 })
	waitFor(t, patience, "the retry to stall", func() bool { return fp.stalled() > 0 })
	// This time the write timeout gives up on the stalled printer.
	waitFor(t, patience, "the write timeout", func() bool { return rq.state(t, ids[2]).Attempts >= 3 })
	fp.down() // switched off: connections refused
	waitFor(t, patience, "retries while it is off", func() bool {
		j := rq.state(t, ids[2])
		return j.Reason == msg.PrWhyUnreachable && j.State == store.PrintQueued
	})
	if st := rq.q.Status(); st.Waiting == nil || st.Queued != 3 {
		t.Errorf("status while off: %+v", st)
	} else if txt := StatusText(msg.EN, st); !bytes.Contains([]byte(txt), []byte("3 waiting · printer not reachable")) {
		t.Errorf("status text while off: %q", txt)
	}

	fp.setMode(fakeUp)
	fp.up()
	for _, id := range ids {
		rq.waitState(t, id, store.PrintDone)
	}

	got := fp.received()
	if len(got) != len(docs) {
		t.Fatalf("the printer got %d complete jobs, want %d (each exactly once)", len(got), len(docs))
	}
	for i, d := range docs {
		if !bytes.Equal(got[i], Encode(d)) {
			t.Errorf("job %d arrived as %d bytes, not the %d of %q", i+1, len(got[i]), len(Encode(d)), d.Title)
		}
		if _, err := decodeOne(got[i], 48); err != nil {
			t.Errorf("job %d does not decode: %v", i+1, err)
		}
	}
	if _, fragments := fp.counts(); fragments < 2 {
		t.Errorf("only %d broken connections: the outage was not exercised", fragments)
	}
	rq.mu.Lock()
	n := len(rq.statuses)
	rq.mu.Unlock()
	if n == 0 {
		t.Error("no status was reported")
	}
}

// TestUnconfirmedJobIsFailedUntilAPersonResendsIt: the printer read the
// whole job but reset the connection instead of closing it. The job may
// have printed, so the queue does not send it again; a person does.
func TestUnconfirmedJobIsFailedUntilAPersonResendsIt(t *testing.T) {
	fp := newFakePrinter(t)
	fp.setMode(fakeResetAfterRead)
	s := newTestStore(t)
	rq := startQueue(t, s, QueueOptions{})
	d := bigJob(t, "Unconfirmed", 20)
	j, err := rq.q.Submit(d, Printer{Name: "desk", Target: fp.target(), Config: d.Config}, "")
	if err != nil {
		t.Fatal(err)
	}
	failed := rq.waitState(t, j.ID, store.PrintFailed)
	if failed.Reason != msg.PrWhyUnconfirmed {
		t.Errorf("reason %q", failed.Reason)
	}
	if why := failed.Why(msg.DE); !bytes.Contains([]byte(why), []byte("nachsehen, ob gedruckt")) {
		t.Errorf("Why = %q", why)
	}
	time.Sleep(300 * time.Millisecond) // many backoffs long
	if accepted, _ := fp.counts(); accepted != 1 {
		t.Fatalf("the queue connected %d times; an unconfirmed job must not be sent again on its own", accepted)
	}
	if st := rq.q.Status(); st.Failed != 1 || StatusText(msg.EN, st) != "! 1 failed" {
		t.Errorf("status %+v %q", st, StatusText(msg.EN, st))
	}

	fp.setMode(fakeUp)
	if _, err := rq.q.Resend(j.ID); err != nil {
		t.Fatal(err)
	}
	done := rq.waitState(t, j.ID, store.PrintDone)
	if done.Sends != 2 {
		t.Errorf("sends %d, want 2", done.Sends)
	}
	if got := fp.received(); len(got) != 2 {
		t.Errorf("the printer got %d copies, want 2 (the second asked for by a person)", len(got))
	}
}

func TestPrinterThatKeepsTheLineOpenHasTheJob(t *testing.T) {
	fp := newFakePrinter(t)
	fp.setMode(fakeKeepOpen)
	s := newTestStore(t)
	to := testTimeouts
	to.Confirm = 200 * time.Millisecond
	rq := startQueue(t, s, QueueOptions{Sender: Transport{Timeouts: to}})
	d := bigJob(t, "Open", 20)
	j, _ := rq.q.Submit(d, Printer{Target: fp.target()}, "")
	rq.waitState(t, j.ID, store.PrintDone)
	if len(fp.received()) != 1 {
		t.Errorf("received %d", len(fp.received()))
	}
}

// TestQueueWaitsForAPrinterThatIsOff: jobs wait with the reason while
// nothing answers, and print once each, in order, when it is switched on.
func TestQueueWaitsForAPrinterThatIsOff(t *testing.T) {
	fp := newFakePrinter(t)
	fp.down()
	s := newTestStore(t)
	rq := startQueue(t, s, QueueOptions{})
	p := Printer{Target: fp.target()}
	var ids []uint64
	var docs []*Doc
	for i := range 3 {
		d := bigJob(t, fmt.Sprintf("Label %d", i), 3)
		j, err := rq.q.Submit(d, p, "")
		if err != nil {
			t.Fatal(err)
		}
		ids, docs = append(ids, j.ID), append(docs, d)
	}
	waitFor(t, patience, "a few retries", func() bool { return rq.state(t, ids[0]).Attempts >= 3 })
	if j := rq.state(t, ids[1]); j.Attempts != 0 {
		t.Errorf("the second job was tried (%d) before the first got through", j.Attempts)
	}
	fp.up()
	for _, id := range ids {
		rq.waitState(t, id, store.PrintDone)
	}
	got := fp.received()
	if len(got) != 3 {
		t.Fatalf("received %d jobs, want 3", len(got))
	}
	for i := range got {
		if !bytes.Equal(got[i], Encode(docs[i])) {
			t.Errorf("job %d out of order or changed", i)
		}
	}
}

// TestCancelBreaksOffASendInProgress: a person cancels a job the printer
// hangs on; it is not sent again when the printer recovers.
func TestCancelBreaksOffASendInProgress(t *testing.T) {
	fp := newFakePrinter(t)
	fp.setMode(fakeStall)
	s := newTestStore(t)
	to := testTimeouts
	to.Write = hangs // only the person ends this send
	rq := startQueue(t, s, QueueOptions{Sender: Transport{Timeouts: to}})
	j, _ := rq.q.Submit(bigJob(t, "Hangs", 1500), Printer{Target: fp.target()}, "")
	waitFor(t, patience, "the send to hang", func() bool { return fp.stalled() > 0 && rq.state(t, j.ID).State == store.PrintPrinting })
	if _, err := rq.q.Cancel(j.ID); err != nil {
		t.Fatal(err)
	}
	// The send would hang for ten minutes: only the cancel ends it.
	waitFor(t, patience, "the send to stop", func() bool {
		rq.q.mu.Lock()
		defer rq.q.mu.Unlock()
		return len(rq.q.inflight) == 0
	})
	if st := rq.state(t, j.ID).State; st != store.PrintCancelled {
		t.Errorf("state %s", st)
	}
	fp.reset()
	fp.setMode(fakeUp)
	time.Sleep(200 * time.Millisecond)
	if accepted, _ := fp.counts(); accepted != 1 || len(fp.received()) != 0 {
		t.Errorf("a cancelled job was sent again: %d connections, %d jobs", accepted, len(fp.received()))
	}
}

// countingSender records what it is asked to send.
type countingSender struct {
	mu    sync.Mutex
	sends int
	err   error
}

func (c *countingSender) Send(ctx context.Context, target string, data []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sends++
	return c.err
}

// TestJobLeftPrintingByACrashIsNotSentAgain: racedesk died after it marked
// a job "printing" and before it recorded how the send ended. The next
// run marks it failed and sends nothing.
func TestJobLeftPrintingByACrashIsNotSentAgain(t *testing.T) {
	s := newTestStore(t)
	j, err := s.EnqueuePrint(store.PrintJob{Title: "crash", Target: "out.bin"}, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.ClaimPrint(j.ID); err != nil { // the previous run, then the crash
		t.Fatal(err)
	}
	sender := &countingSender{}
	rq := startQueue(t, s, QueueOptions{Sender: sender})
	got := rq.waitState(t, j.ID, store.PrintFailed)
	if got.Reason != msg.PrWhyInterrupted {
		t.Errorf("reason %q", got.Reason)
	}
	time.Sleep(100 * time.Millisecond)
	sender.mu.Lock()
	defer sender.mu.Unlock()
	if sender.sends != 0 {
		t.Errorf("the interrupted job was sent %d times", sender.sends)
	}
}

// TestAnErrorTheSenderDidNotClassifyIsNotRetried: anything but a
// SendError saying nothing (or only part) went out counts as "may have
// printed".
func TestAnErrorTheSenderDidNotClassifyIsNotRetried(t *testing.T) {
	s := newTestStore(t)
	sender := &countingSender{err: fmt.Errorf("something odd")}
	rq := startQueue(t, s, QueueOptions{Sender: sender})
	j, _ := rq.q.Enqueue(store.PrintJob{Title: "odd", Target: "out.bin"}, []byte("x"))
	rq.waitState(t, j.ID, store.PrintFailed)
	time.Sleep(100 * time.Millisecond)
	sender.mu.Lock()
	defer sender.mu.Unlock()
	if sender.sends != 1 {
		t.Errorf("sent %d times", sender.sends)
	}
}

// TestNotifyNeverHoldsUpTheDesk: a screen that is slow to take status
// reports does not slow down queueing or printing.
func TestNotifyNeverHoldsUpTheDesk(t *testing.T) {
	s := newTestStore(t)
	out := filepath.Join(t.TempDir(), "labels.bin")
	release := make(chan struct{})
	var calls atomic.Int32
	q := NewQueue(s, QueueOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		q.Run(ctx, func(Status) {
			calls.Add(1)
			<-release // the screen is busy
		})
	}()
	var ids []uint64
	for i := range 20 { // the screen stays busy until release: none of this may wait for it
		var j store.PrintJob
		var err error
		within(t, "Enqueue while the screen is busy", func() {
			j, err = q.Enqueue(store.PrintJob{Title: fmt.Sprint(i), Target: out}, Encode(NewDoc(KindLabel, "x", Config{})))
		})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, j.ID)
	}
	waitFor(t, patience, "all jobs printed while the screen is busy", func() bool {
		j, _ := s.PrintJobByID(ids[len(ids)-1])
		return j.State == store.PrintDone
	})
	close(release)
	cancel()
	<-done
	if calls.Load() == 0 {
		t.Error("notify was never called")
	}
}

// TestCheckInQueuesALabelThatPrintsToAFile is the desk's path: a runner
// is checked in, gets a bib, and the label is queued and printed to the
// event's file target.
func TestCheckInQueuesALabelThatPrintsToAFile(t *testing.T) {
	s := newTestStore(t)
	out := filepath.Join(t.TempDir(), "racedesk-print.bin")
	ev := s.Event()
	reg, err := s.Register(model.ParticipantInput{First: "Jörg", Last: "Müller", Born: "12.03.1985", Gender: "M", Race: "10k", Source: model.SourceOnline}, store.RegisterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.CheckIn(reg.ID)
	if err != nil {
		t.Fatal(err)
	}
	p, err := EventPrinter(ev, "")
	if err != nil {
		t.Fatal(err)
	}
	p.Target = out
	rq := startQueue(t, s, QueueOptions{})
	d, err := Layout{Event: ev, Config: p.Config, Lang: msg.DE, Now: time.Now(), Desk: s.Device().Desk}.Label(res.Participant)
	if err != nil {
		t.Fatal(err)
	}
	j, err := rq.q.Submit(d, p, res.Participant.ID)
	if err != nil {
		t.Fatal(err)
	}
	if j.Participant != reg.ID || j.Kind != string(KindLabel) || j.Printer != "desk" {
		t.Errorf("job %+v", j)
	}
	rq.waitState(t, j.ID, store.PrintDone)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	job := checkJob(t, b, p.Config)
	bib := fmt.Sprint(res.Participant.Bib)
	if len(job.QRs) != 1 || job.QRs[0].Data != bib {
		t.Errorf("QR %+v, want the bib %s", job.QRs, bib)
	}
	if !containsWrapped(job, "Jörg Müller") || !containsWrapped(job, "OFFEN 15,00 €") {
		t.Errorf("label:\n%s", job.Text())
	}
}

// TestRunBreaksOffSendsAtShutdownAndTheyWaitForTheNextRun: quitting the
// desk while a printer hangs ends within the grace time; the job broke
// off before its end, so the next run prints it once, complete.
func TestRunBreaksOffSendsAtShutdownAndTheyWaitForTheNextRun(t *testing.T) {
	fp := newFakePrinter(t)
	fp.setMode(fakeStall)
	s := newTestStore(t)
	to := testTimeouts
	to.Write = hangs
	rq := startQueue(t, s, QueueOptions{Sender: Transport{Timeouts: to}, ShutdownGrace: 100 * time.Millisecond})
	d := bigJob(t, "At shutdown", 1500)
	j, _ := rq.q.Submit(d, Printer{Target: fp.target()}, "")
	waitFor(t, patience, "the send to hang", func() bool { return fp.stalled() > 0 })
	within(t, "stopping the queue while a send hangs", rq.stop)
	if st := rq.state(t, j.ID); st.State != store.PrintQueued {
		t.Fatalf("after shutdown the job is %s (%s)", st.State, st.Why(msg.EN))
	}
	fp.reset()
	fp.setMode(fakeUp)
	rq2 := startQueue(t, s, QueueOptions{})
	rq2.waitState(t, j.ID, store.PrintDone)
	if got := fp.received(); len(got) != 1 || !bytes.Equal(got[0], Encode(d)) {
		t.Errorf("received %d complete jobs", len(got))
	}
}

// TestTransportStages checks how far a failed send got, against the fake.
func TestTransportStages(t *testing.T) {
	data := Encode(bigJob(t, "x", 1500))
	small := Encode(bigJob(t, "y", 2))
	tr := Transport{Timeouts: testTimeouts}
	ctx := context.Background()

	fp := newFakePrinter(t)
	if err := tr.Send(ctx, fp.target(), small); err != nil {
		t.Errorf("healthy printer: %v", err)
	}
	fp.setMode(fakeStall)
	if err := tr.Send(ctx, fp.target(), data); !errIs(err, Incomplete) {
		t.Errorf("stalled printer: %v, want incomplete", err)
	}
	fp.setMode(fakeResetAfterRead)
	if err := tr.Send(ctx, fp.target(), small); !errIs(err, Unconfirmed) {
		t.Errorf("reset after reading: %v, want unconfirmed", err)
	}
	fp.down()
	if err := tr.Send(ctx, fp.target(), small); !errIs(err, NotSent) {
		t.Errorf("printer off: %v, want not sent", err)
	}
	if err := tr.Send(ctx, filepath.Join(t.TempDir(), "no", "such", "dir"), small); !errIs(err, NotSent) {
		t.Errorf("bad file: %v, want not sent", err)
	}
	if err := tr.Send(ctx, "/dev/racedesk-no-such-printer", small); !errIs(err, NotSent) {
		t.Errorf("missing device: %v, want not sent", err)
	}
	file := filepath.Join(t.TempDir(), "out.bin")
	for range 2 {
		if err := tr.Send(ctx, file, small); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := os.ReadFile(file)
	if jobs, err := decodeJobs(b, 48); err != nil || len(jobs) != 2 {
		t.Errorf("a file target appends jobs: %d, %v", len(jobs), err)
	}
	var buf bytes.Buffer
	if err := (Transport{Stdout: &buf}).Send(ctx, "-", small); err != nil || !bytes.Equal(buf.Bytes(), small) {
		t.Errorf("stdout: %v", err)
	}
}
