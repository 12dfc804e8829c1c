package printer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeSpooler is the Windows print spooler in the tests: it records every
// call, fails the step a test names, and can hold a call until released.
type fakeSpooler struct {
	mu      sync.Mutex
	calls   []string
	data    bytes.Buffer
	title   string
	dtype   string
	fail    map[string]error // call → its error
	short   int              // the write of this number (1-based) takes one byte less
	failN   int              // the write of this number fails with fail["write"]
	writes  int
	block   string        // this call waits for release
	release chan struct{} // closed to let a blocked call return
	handles map[spoolHandle]bool
}

const fakeHandle spoolHandle = 0x5150

func newFakeSpooler() *fakeSpooler {
	return &fakeSpooler{fail: map[string]error{}, release: make(chan struct{}), handles: map[spoolHandle]bool{}}
}

// call records name and returns the error the test set for it.
func (f *fakeSpooler) call(name string, h spoolHandle) error {
	f.mu.Lock()
	f.calls = append(f.calls, name)
	if name != "open" && h != fakeHandle {
		f.calls = append(f.calls, "(wrong handle)")
	}
	block, err := f.block == name, f.fail[name]
	f.mu.Unlock()
	if block {
		<-f.release
	}
	return err
}

func (f *fakeSpooler) Open(name string) (spoolHandle, error) {
	if err := f.call("open", 0); err != nil {
		return 0, err
	}
	if !strings.HasPrefix(name, "EPSON") {
		return 0, fmt.Errorf("open %q: The printer name is invalid", name)
	}
	return fakeHandle, nil
}

func (f *fakeSpooler) StartDoc(h spoolHandle, title, datatype string) (uint32, error) {
	f.mu.Lock()
	f.title, f.dtype = title, datatype
	f.mu.Unlock()
	if err := f.call("startdoc", h); err != nil {
		return 0, err
	}
	return 42, nil
}

func (f *fakeSpooler) StartPage(h spoolHandle) error { return f.call("startpage", h) }

func (f *fakeSpooler) Write(h spoolHandle, p []byte) (int, error) {
	f.mu.Lock()
	f.writes++
	n := len(p)
	if f.writes == f.short {
		n--
	}
	failing := f.writes == f.failN
	f.mu.Unlock()
	if err := f.call("write", h); err != nil && failing {
		return 0, err
	}
	f.mu.Lock()
	f.data.Write(p[:n])
	f.mu.Unlock()
	return n, nil
}

func (f *fakeSpooler) EndPage(h spoolHandle) error { return f.call("endpage", h) }
func (f *fakeSpooler) EndDoc(h spoolHandle) error  { return f.call("enddoc", h) }
func (f *fakeSpooler) Abort(h spoolHandle) error   { return f.call("abort", h) }
func (f *fakeSpooler) Close(h spoolHandle) error   { return f.call("close", h) }

func (f *fakeSpooler) got() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

// compact folds runs of writes into one "write×N" for readable sequences.
func compact(calls []string) []string {
	var out []string
	n := 0
	flush := func() {
		if n > 0 {
			out = append(out, fmt.Sprintf("write×%d", n))
			n = 0
		}
	}
	for _, c := range calls {
		if c == "write" {
			n++
			continue
		}
		flush()
		out = append(out, c)
	}
	flush()
	return out
}

// spoolStage is the stage of a failed send.
func spoolStage(err error) (Stage, *SendError) {
	var se *SendError
	if !errors.As(err, &se) {
		return -1, nil
	}
	return se.Stage, se
}

// spoolPatience bounds the waits of these tests.
const spoolPatience = 30 * time.Second

func waitCalls(t *testing.T, f *fakeSpooler, want []string) {
	t.Helper()
	deadline := time.Now().Add(spoolPatience)
	for !slices.Equal(compact(f.got()), want) {
		if time.Now().After(deadline) {
			t.Fatalf("calls %v, want %v", compact(f.got()), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// job is 5 chunks and a bit: writes are chunked.
var spoolData = bytes.Repeat([]byte("ESC/POS "), 5*chunk/8+100)

func TestASpoolJobIsOpenStartDocStartPageWritesEndPageEndDocClose(t *testing.T) {
	f := newFakeSpooler()
	err := spoolSend(context.Background(), f, "EPSON TM-T20III Receipt", "Label 17 Anna Neu", spoolData, Timeouts{Write: spoolPatience})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"open", "startdoc", "startpage", "write×6", "endpage", "enddoc", "close"}
	if got := compact(f.got()); !slices.Equal(got, want) {
		t.Errorf("calls %v, want %v", got, want)
	}
	if !bytes.Equal(f.data.Bytes(), spoolData) {
		t.Errorf("the spooler got %d bytes, want the job's %d unchanged", f.data.Len(), len(spoolData))
	}
	if f.title != "Label 17 Anna Neu" || f.dtype != "RAW" {
		t.Errorf("DOC_INFO_1: title %q, datatype %q; want the job's title and RAW", f.title, f.dtype)
	}
}

func TestEveryFailureClosesThePrinterAndAJobStartedIsAborted(t *testing.T) {
	boom := errors.New("boom")
	for _, c := range []struct {
		name  string
		fail  string // the call that fails
		nth   int    // with fail == "write": the write that fails (1-based)
		short int    // this write takes one byte less
		calls []string
		stage Stage
		says  string
	}{
		{name: "a printer that cannot be opened is not closed", fail: "open",
			calls: []string{"open"}, stage: NotSent, says: "open the printer"},
		{name: "a job the spooler refuses leaves nothing to abort", fail: "startdoc",
			calls: []string{"open", "startdoc", "close"}, stage: NotSent, says: "start the job"},
		{name: "a page that does not start aborts the job", fail: "startpage",
			calls: []string{"open", "startdoc", "startpage", "abort", "close"}, stage: NotSent, says: "start the page"},
		{name: "a first write that fails aborts with nothing sent", fail: "write", nth: 1,
			calls: []string{"open", "startdoc", "startpage", "write×1", "abort", "close"}, stage: NotSent, says: "write: boom"},
		{name: "a write failing midway aborts an incomplete job", fail: "write", nth: 3,
			calls: []string{"open", "startdoc", "startpage", "write×3", "abort", "close"}, stage: Incomplete, says: "write: boom"},
		{name: "a short write fails the job", short: 2,
			calls: []string{"open", "startdoc", "startpage", "write×2", "abort", "close"}, stage: Incomplete, says: "took 2047 of 2048 bytes"},
		{name: "a short last write fails the job", short: 6,
			calls: []string{"open", "startdoc", "startpage", "write×6", "abort", "close"}, stage: Incomplete, says: "the spooler took"},
		{name: "a page that does not end aborts a job that may be whole", fail: "endpage",
			calls: []string{"open", "startdoc", "startpage", "write×6", "endpage", "abort", "close"}, stage: Unconfirmed, says: "end the page"},
		{name: "a job that does not end is not aborted: it may be in the spool", fail: "enddoc",
			calls: []string{"open", "startdoc", "startpage", "write×6", "endpage", "enddoc", "close"}, stage: Unconfirmed, says: "end the job"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeSpooler()
			f.short = c.short
			if c.fail != "" {
				f.fail[c.fail] = boom
			}
			f.failN = c.nth
			err := spoolSend(context.Background(), f, "EPSON TM-T20III Receipt", "t", spoolData, Timeouts{Write: spoolPatience})
			stage, se := spoolStage(err)
			if se == nil || stage != c.stage {
				t.Fatalf("%v: stage %v, want %v", err, stage, c.stage)
			}
			if !strings.Contains(err.Error(), c.says) || !strings.HasPrefix(err.Error(), "print to windows:EPSON TM-T20III Receipt") {
				t.Errorf("error %q does not say %q about the target", err, c.says)
			}
			if se.Retryable() != (c.stage != Unconfirmed) {
				t.Errorf("retryable %v at stage %v", se.Retryable(), c.stage)
			}
			if got := compact(f.got()); !slices.Equal(got, c.calls) {
				t.Errorf("calls %v, want %v", got, c.calls)
			}
		})
	}
}

func TestAnAbortThatFailsToIsReportedBeside(t *testing.T) {
	f := newFakeSpooler()
	f.fail["startpage"] = errors.New("page")
	f.fail["abort"] = errors.New("the handle is invalid")
	err := spoolSend(context.Background(), f, "EPSON TM-T20III Receipt", "t", spoolData, Timeouts{Write: spoolPatience})
	if err == nil || !strings.Contains(err.Error(), "start the page: page; cancelling the job failed too: the handle is invalid") {
		t.Errorf("error %v", err)
	}
	if got := f.got(); got[len(got)-1] != "close" {
		t.Errorf("the printer was not closed: %v", got)
	}
}

func TestAClosePrinterFailingAfterEndDocStillCountsTheJobSpooled(t *testing.T) {
	f := newFakeSpooler()
	f.fail["close"] = errors.New("close")
	if err := spoolSend(context.Background(), f, "EPSON TM-T20III Receipt", "t", spoolData, Timeouts{Write: spoolPatience}); err != nil {
		t.Errorf("the job is in the spool, yet: %v", err)
	}
}

func TestAStuckSpoolerIsGivenUpOnAbortedWhenItReturnsAndHoldsBackTheNextJob(t *testing.T) {
	f := newFakeSpooler()
	f.block = "write"                // the first write hangs: a printer printing directly, out of paper
	name := "EPSON stuck in a write" // a printer of its own: the test leaves it stuck for a while
	start := time.Now()
	err := spoolSend(context.Background(), f, name, "t", spoolData, Timeouts{Write: 200 * time.Millisecond})
	stage, se := spoolStage(err)
	if se == nil || stage != Incomplete || !se.Stalled {
		t.Fatalf("%v: want a stalled, incomplete send", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("gave up only after %v", d)
	}
	// The spooler has not returned yet: the next job waits its turn.
	if err := spoolSend(context.Background(), f, name, "t", spoolData, Timeouts{Write: spoolPatience}); !errorsIsStage(err, NotSent) || !strings.Contains(err.Error(), "has not returned") {
		t.Errorf("a second job while the first hangs: %v", err)
	}
	f.mu.Lock()
	f.block = ""
	f.mu.Unlock()
	close(f.release)
	waitCalls(t, f, []string{"open", "startdoc", "startpage", "write×1", "abort", "close"})
	if err := spoolSend(context.Background(), f, name, "t", spoolData, Timeouts{Write: spoolPatience}); err != nil {
		t.Errorf("once the spooler returned: %v", err)
	}
}

func TestACancelledSendStopsAtOnceAndClosesThePrinterLater(t *testing.T) {
	f := newFakeSpooler()
	f.block = "open" // a print server that does not answer
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	err := spoolSend(ctx, f, "EPSON stuck in open", "t", spoolData, Timeouts{Write: spoolPatience})
	if stage, se := spoolStage(err); se == nil || stage != NotSent || !errors.Is(err, context.Canceled) {
		t.Fatalf("%v: want not sent, cancelled", err)
	}
	close(f.release)
	waitCalls(t, f, []string{"open", "close"}) // no job started after racedesk gave up
}

func TestAJobGivenUpOnAfterItsLastByteIsUnconfirmedAndAborted(t *testing.T) {
	f := newFakeSpooler()
	f.block = "endpage"
	err := spoolSend(context.Background(), f, "EPSON stuck in endpage", "t", spoolData, Timeouts{Write: 200 * time.Millisecond})
	if stage, se := spoolStage(err); se == nil || stage != Unconfirmed {
		t.Fatalf("%v: want unconfirmed", err)
	}
	close(f.release)
	waitCalls(t, f, []string{"open", "startdoc", "startpage", "write×6", "endpage", "abort", "close"})
}

func TestWindowsTargetsGoToTheSpoolerAndElsewhereSayWhatToUse(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the real spooler")
	}
	err := Transport{}.Send(context.Background(), "windows:EPSON TM-T20III Receipt", spoolData)
	stage, se := spoolStage(err)
	if se == nil || stage != NotSent {
		t.Fatalf("%v: want not sent", err)
	}
	want := "exist only on Windows; on this laptop use "
	if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "cups:QUEUE") || !strings.Contains(err.Error(), "racedesk printers") {
		t.Errorf("error %q does not say what to use instead", err)
	}
}

func TestJobTitlesAreOneLineAndNeverEmpty(t *testing.T) {
	for in, want := range map[string]string{
		"":                            "racedesk",
		"Label 17\nAnna\x1b[2J Neu":   "Label 17 Anna [2J Neu",
		"  Start list 10 km  ":        "Start list 10 km",
		strings.Repeat("Müller ", 40): strings.TrimSpace(string([]rune(strings.Repeat("Müller ", 40))[:120])),
	} {
		if got := JobTitle(WithJobTitle(context.Background(), in)); got != want {
			t.Errorf("JobTitle(%q) = %q, want %q", in, got, want)
		}
	}
	if got := JobTitle(context.Background()); got != "racedesk" {
		t.Errorf("no title: %q", got)
	}
}

func errorsIsStage(err error, stage Stage) bool {
	s, se := spoolStage(err)
	return se != nil && s == stage
}
