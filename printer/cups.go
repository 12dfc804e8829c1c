package printer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync/atomic"
	"time"
)

// A CUPS queue (target "cups:QUEUE", macOS and Linux) takes a job through
// lp, as raw bytes no filter touches:
//
//	lp -d QUEUE -o raw -t TITLE   (the job on stdin)
//
// What a successful send guarantees: lp exited 0, which it does once the
// CUPS scheduler has accepted the whole job and given it an ID. The job is
// in the CUPS queue, not yet on paper: CUPS prints it when it can, or keeps
// it while the printer is off (lpstat -o lists it).

// lpCommand is the lp program (tests put a fake in its place).
var lpCommand = "lp"

// sendCUPS hands data to the CUPS queue with lp, within to.Write.
func sendCUPS(ctx context.Context, queue, title string, data []byte, to Timeouts) error {
	target := "cups:" + queue
	fail := func(stage Stage, written int, stalled bool, err error) error {
		return &SendError{Stage: stage, Target: target, Written: written, Total: len(data), Stalled: stalled, Err: err}
	}
	ctx, cancel := context.WithTimeout(ctx, to.Write)
	defer cancel()
	// The queue name was checked by ParseTarget (no leading "-"); the
	// title follows -t as its own argument. No shell is involved.
	cmd := exec.CommandContext(ctx, lpCommand, "-d", queue, "-o", "raw", "-t", title)
	in := &countingReader{r: bytes.NewReader(data)}
	var stdout, stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = in, &stdout, &stderr
	cmd.WaitDelay = time.Second // a child of lp holding the pipes does not hold us
	err := cmd.Run()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, exec.ErrNotFound):
		return fail(NotSent, 0, false, fmt.Errorf("%s not found: install CUPS (on Linux the cups-client package), or print to tcp://HOST:9100", lpCommand))
	case ctx.Err() != nil:
		// lp was stopped (racedesk is closing, or lp took too long). CUPS
		// prints nothing of a job whose end it did not receive; one lp had
		// whole may be in the queue.
		n := int(in.n.Load())
		cause := ctx.Err()
		stalled := errors.Is(cause, context.DeadlineExceeded)
		if stalled {
			cause = fmt.Errorf("lp did not finish within %s (is the CUPS scheduler running?)", to.Write)
		}
		return fail(stageAfter(n, len(data)), n, stalled, cause)
	}
	// lp refused the job (no such queue, scheduler not running, not
	// accepting jobs): nothing is queued.
	why := strings.TrimSpace(stderr.String())
	if why == "" {
		why = strings.TrimSpace(stdout.String())
	}
	if why == "" {
		why = err.Error()
	} else {
		why = strings.Join(strings.Fields(why), " ")
	}
	return fail(NotSent, 0, false, errors.New(why))
}

// countingReader counts the bytes read from it.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
