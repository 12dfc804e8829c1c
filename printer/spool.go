package printer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
)

// A Windows printer (target "windows:NAME") takes a job through the print
// spooler (winspool.drv), as raw bytes the spooler passes to the printer
// unchanged:
//
//	OpenPrinterW → StartDocPrinterW (DOC_INFO_1, datatype "RAW") → StartPagePrinter
//	→ WritePrinter … (until every byte is taken) → EndPagePrinter → EndDocPrinter → ClosePrinter
//
// The call sequence lives here, behind the spooler interface, so that it is
// tested on every platform with a fake; spool_windows.go makes the calls.
//
// What a successful send guarantees: EndDocPrinter returned, so the job is
// complete in the Windows spool. It is not yet on paper: the spooler prints
// it when it can, or keeps it while the printer is off (Settings › Printers
// shows it). A job that breaks off is aborted (AbortPrinter), so the spooler
// deletes what it holds of it instead of printing a torn piece — unless the
// printer is set to "print directly to the printer", where the bytes
// written went straight out.

// spoolHandle is an open printer (a Windows HANDLE).
type spoolHandle uintptr

// spooler is the part of the Windows print spooler API racedesk uses. Its
// errors are the system's (a windows.Errno on Windows).
type spooler interface {
	// Open opens the printer called name (OpenPrinterW).
	Open(name string) (spoolHandle, error)
	// StartDoc starts a job (StartDocPrinterW with DOC_INFO_1) and returns
	// its job ID.
	StartDoc(h spoolHandle, title, datatype string) (uint32, error)
	StartPage(h spoolHandle) error
	// Write hands p to the job (WritePrinter) and returns how many bytes
	// the spooler took.
	Write(h spoolHandle, p []byte) (int, error)
	EndPage(h spoolHandle) error
	// EndDoc completes the job: the spooler has it (EndDocPrinter).
	EndDoc(h spoolHandle) error
	// Abort deletes the job (AbortPrinter).
	Abort(h spoolHandle) error
	Close(h spoolHandle) error
}

// rawDatatype makes the spooler pass the bytes to the printer unchanged.
const rawDatatype = "RAW"

// errGaveUp is what the abandoned sequence records when it stops at the
// next step; nobody reads it but tests.
var errGaveUp = errors.New("racedesk gave up on the job")

// sendSpool prints data on the Windows printer name.
func sendSpool(ctx context.Context, name, title string, data []byte, to Timeouts) error {
	sp, err := systemSpooler()
	if err != nil {
		return &SendError{Stage: NotSent, Target: "windows:" + name, Total: len(data), Err: err}
	}
	return spoolSend(ctx, sp, name, title, data, to)
}

// Phases of a spool job, for how far an abandoned one got.
const (
	spoolSetup   int32 = iota // opening the printer, starting the job and its page
	spoolWriting              // writing, not yet the last chunk
	spoolLast                 // writing the last chunk
	spoolFinish               // every byte written: ending the page and the job
)

// spoolState is what the goroutine running a job tells the sender.
type spoolState struct {
	progress atomic.Int64 // steps done and bytes written: the sender's watchdog watches it
	written  atomic.Int64
	phase    atomic.Int32
	stop     atomic.Bool // the sender gave up: abort at the next step
}

// spoolSend runs the job on sp in a goroutine, so that a call the spooler
// does not return from (a printer set to print directly, stuck out of
// paper; a print server that does not answer) cannot hold the caller: it
// gives up when no step completes within to.Write, or when ctx ends. The
// abandoned job is aborted and the printer closed as soon as the call
// returns; until then no other job is sent to that printer.
func spoolSend(ctx context.Context, sp spooler, name, title string, data []byte, to Timeouts) error {
	target := "windows:" + name
	fail := func(stage Stage, written int, stalled bool, err error) error {
		return &SendError{Stage: stage, Target: target, Written: written, Total: len(data), Stalled: stalled, Err: err}
	}
	key := "windows:" + strings.ToLower(name)
	if ch, ok := stuckDevices.Load(key); ok {
		select {
		case <-ch.(chan struct{}):
			stuckDevices.Delete(key)
		default:
			return fail(NotSent, 0, true, errors.New("an earlier job to this printer has not returned from the spooler yet"))
		}
	}
	st := &spoolState{}
	type result struct {
		stage Stage
		err   error
	}
	done := make(chan result, 1)
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		stage, err := spoolJob(sp, name, title, data, st)
		done <- result{stage, err}
	}()
	finish := func(r result) error {
		if r.err != nil {
			return fail(r.stage, int(st.written.Load()), false, r.err)
		}
		return nil
	}
	giveUp := func(err error, stalled bool) error {
		st.stop.Store(true)
		select {
		case r := <-done: // it finished meanwhile
			return finish(r)
		default:
		}
		stuckDevices.Store(key, returned)
		stage := Incomplete
		switch st.phase.Load() {
		case spoolSetup:
			stage = NotSent
		case spoolLast, spoolFinish:
			stage = Unconfirmed
		}
		return fail(stage, int(st.written.Load()), stalled, err)
	}
	timer := time.NewTimer(to.Write)
	defer timer.Stop()
	seen := int64(0)
	for {
		select {
		case r := <-done:
			return finish(r)
		case <-timer.C:
			if p := st.progress.Load(); p > seen {
				seen = p
				timer.Reset(to.Write)
				continue
			}
			return giveUp(errStalled, true)
		case <-ctx.Done():
			return giveUp(ctx.Err(), false)
		}
	}
}

// spoolJob is the call sequence. It always closes the printer it opened;
// a job that fails after it started is aborted, except when ending it
// failed (then it may be complete in the spool). The stage says how far
// the job got.
func spoolJob(sp spooler, name, title string, data []byte, st *spoolState) (stage Stage, err error) {
	h, err := sp.Open(name)
	if err != nil {
		return NotSent, fmt.Errorf("open the printer: %w", err)
	}
	st.progress.Add(1)
	defer sp.Close(h) // after EndDoc the spool has the job whatever Close says
	if st.stop.Load() {
		return NotSent, errGaveUp
	}
	if _, err := sp.StartDoc(h, title, rawDatatype); err != nil {
		return NotSent, fmt.Errorf("start the job: %w", err)
	}
	st.progress.Add(1)
	abort := func(stage Stage, err error) (Stage, error) {
		if aerr := sp.Abort(h); aerr != nil {
			err = fmt.Errorf("%w; cancelling the job failed too: %v", err, aerr)
		}
		return stage, err
	}
	if st.stop.Load() {
		return abort(NotSent, errGaveUp)
	}
	if err := sp.StartPage(h); err != nil {
		return abort(NotSent, fmt.Errorf("start the page: %w", err))
	}
	st.progress.Add(1)
	for off := 0; off < len(data); {
		if st.stop.Load() {
			return abort(stageAfter(off, len(data)), errGaveUp)
		}
		end := min(off+chunk, len(data))
		if end == len(data) {
			st.phase.Store(spoolLast)
		} else {
			st.phase.Store(spoolWriting)
		}
		want := end - off
		n, err := sp.Write(h, data[off:end])
		n = max(0, min(n, want))
		off += n
		st.written.Add(int64(n))
		st.progress.Add(int64(n) + 1)
		if err == nil && n < want {
			err = fmt.Errorf("the spooler took %d of %d bytes", n, want)
		}
		if err != nil {
			return abort(stageAfter(off, len(data)), fmt.Errorf("write: %w", err))
		}
	}
	st.phase.Store(spoolFinish)
	// Every byte is written; a job that fails to end now may still print
	// whole (or not at all), never torn: someone must look. One the sender
	// gave up on meanwhile is aborted, so that it does not print long
	// after it was reported as failed.
	if st.stop.Load() {
		return abort(Unconfirmed, errGaveUp)
	}
	if err := sp.EndPage(h); err != nil {
		return abort(Unconfirmed, fmt.Errorf("end the page: %w", err))
	}
	st.progress.Add(1)
	if st.stop.Load() {
		return abort(Unconfirmed, errGaveUp)
	}
	if err := sp.EndDoc(h); err != nil {
		return Unconfirmed, fmt.Errorf("end the job: %w", err)
	}
	return 0, nil
}
