package printer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
)

// TargetKind is where a job goes.
type TargetKind int

const (
	TargetFile    TargetKind = iota // a file; jobs are appended
	TargetDevice                    // a device such as /dev/usb/lp0
	TargetTCP                       // a network printer's raw port
	TargetStdout                    // "-"
	TargetSpooler                   // a Windows printer, through the print spooler ("windows:NAME")
	TargetCUPS                      // a CUPS queue, through lp ("cups:QUEUE")
)

// Target is a parsed printer target.
type Target struct {
	Kind TargetKind
	Path string // file or device
	Addr string // host:port for TCP
	Name string // the Windows printer or the CUPS queue
}

// DefaultPort is the raw printing port (JetDirect, AppSocket).
const DefaultPort = "9100"

// ParseTarget reads a target: "-" (stdout), "tcp://HOST[:PORT]" (port
// 9100 by default), "windows:PRINTER NAME" (a printer of the Windows print
// spooler), "cups:QUEUE" (a CUPS queue, macOS and Linux), a path under
// /dev/ (a device), "file:PATH" or any other path (a file). A windows:
// target parses everywhere (one event file serves every laptop); only
// sending to it needs Windows.
func ParseTarget(s string) (Target, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return Target{}, errors.New("printer target is empty: give a file, /dev/usb/lp0, tcp://HOST:9100, windows:PRINTER NAME, cups:QUEUE or -")
	case hasPrefixFold(s, "windows:"):
		name := strings.TrimSpace(s[len("windows:"):])
		if name == "" || strings.ContainsFunc(name, unicode.IsControl) {
			return Target{}, fmt.Errorf("printer target %q: expected windows:PRINTER NAME, as 'racedesk printers' shows it", s)
		}
		return Target{Kind: TargetSpooler, Name: name}, nil
	case hasPrefixFold(s, "cups:"):
		queue := strings.TrimSpace(s[len("cups:"):])
		if !validQueue(queue) {
			return Target{}, fmt.Errorf("printer target %q: expected cups:QUEUE, a CUPS queue name without spaces, as 'racedesk printers' or 'lpstat -p' shows it", s)
		}
		return Target{Kind: TargetCUPS, Name: queue}, nil
	case s == "-":
		return Target{Kind: TargetStdout}, nil
	case strings.HasPrefix(s, "tcp://"):
		addr := strings.TrimSuffix(strings.TrimPrefix(s, "tcp://"), "/")
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			host, port = strings.Trim(addr, "[]"), DefaultPort
		}
		if host == "" || strings.ContainsAny(host, "/ ") || port == "" {
			return Target{}, fmt.Errorf("printer target %q: expected tcp://HOST:9100", s)
		}
		return Target{Kind: TargetTCP, Addr: net.JoinHostPort(host, port)}, nil
	case strings.HasPrefix(s, "file://"):
		return Target{Kind: TargetFile, Path: strings.TrimPrefix(s, "file://")}, nil
	case strings.HasPrefix(s, "file:"):
		return Target{Kind: TargetFile, Path: strings.TrimPrefix(s, "file:")}, nil
	case strings.HasPrefix(s, "/dev/"):
		return Target{Kind: TargetDevice, Path: s}, nil
	case strings.Contains(s, "://"):
		return Target{}, fmt.Errorf("printer target %q: racedesk prints to a file, a device (/dev/usb/lp0), tcp://HOST:9100, windows:PRINTER NAME, cups:QUEUE or -", s)
	}
	return Target{Kind: TargetFile, Path: s}, nil
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// validQueue reports whether q can be a CUPS queue name (with an optional
// /instance): printable, no space, tab or #, and nothing lp could take for
// an option.
func validQueue(q string) bool {
	if q == "" || strings.HasPrefix(q, "-") || strings.HasPrefix(q, "/") || strings.HasSuffix(q, "/") || strings.Count(q, "/") > 1 {
		return false
	}
	return !strings.ContainsFunc(q, func(r rune) bool { return r == '#' || unicode.IsSpace(r) || !unicode.IsPrint(r) })
}

func (t Target) String() string {
	switch t.Kind {
	case TargetStdout:
		return "-"
	case TargetTCP:
		return "tcp://" + t.Addr
	case TargetSpooler:
		return "windows:" + t.Name
	case TargetCUPS:
		return "cups:" + t.Name
	}
	return t.Path
}

// Timeouts bound every step of a send, so an absent or stuck printer
// never holds a job (or the desk) for long.
type Timeouts struct {
	// Connect bounds opening a TCP connection (default 3 s).
	Connect time.Duration
	// Write is how long a printer may take no data before the send gives
	// up (default 15 s).
	Write time.Duration
	// Confirm is how long to wait, once the printer has every byte, for
	// it to close the connection; a printer that keeps it open is taken
	// to have the job (default 5 s).
	Confirm time.Duration
}

func (t Timeouts) withDefaults() Timeouts {
	if t.Connect <= 0 {
		t.Connect = 3 * time.Second
	}
	if t.Write <= 0 {
		t.Write = 15 * time.Second
	}
	if t.Confirm <= 0 {
		t.Confirm = 5 * time.Second
	}
	return t
}

// Stage says how far a failed send got, which decides whether sending
// again can print a job twice.
type Stage int

const (
	// NotSent: no byte reached the printer. Sending again is safe.
	NotSent Stage = iota
	// Incomplete: the end of the job (and with it the cut) never reached
	// the printer; at most a torn fragment printed. Sending again prints
	// the job once, complete.
	Incomplete
	// Unconfirmed: the whole job reached the printer (or its driver), but
	// it did not confirm. It may have printed; only a person can tell.
	Unconfirmed
)

func (s Stage) String() string {
	switch s {
	case NotSent:
		return "not sent"
	case Incomplete:
		return "incomplete"
	}
	return "unconfirmed"
}

// SendError is a failed send.
type SendError struct {
	Stage   Stage
	Target  string
	Written int // bytes handed to the connection or device
	Total   int
	Stalled bool // the printer stopped taking data
	Err     error
}

func (e *SendError) Error() string {
	switch e.Stage {
	case NotSent:
		return fmt.Sprintf("print to %s: %v", e.Target, e.Err)
	case Incomplete:
		return fmt.Sprintf("print to %s: broke off after %d of %d bytes: %v", e.Target, e.Written, e.Total, e.Err)
	}
	return fmt.Sprintf("print to %s: sent %d bytes, not confirmed: %v", e.Target, e.Total, e.Err)
}

func (e *SendError) Unwrap() error { return e.Err }

// Retryable reports whether sending the job again cannot print it twice.
func (e *SendError) Retryable() bool { return e.Stage != Unconfirmed }

// errStalled is the cause when the printer takes no data for Timeouts.Write.
var errStalled = errors.New("the printer took no data (paper out? cover open? busy?)")

// Sender delivers one job's bytes to a target.
type Sender interface {
	Send(ctx context.Context, target string, data []byte) error
}

// Transport is the Sender racedesk uses: files, devices, raw TCP, the
// Windows print spooler, CUPS, stdout.
type Transport struct {
	Timeouts
	// Stdout receives jobs for the target "-" (default os.Stdout).
	Stdout io.Writer
}

// Send delivers data to target and reports failures as *SendError. For
// TCP it sends the job on its own connection, half-closes it and waits for
// the printer to close its side: a printer that closed after reading
// everything has the job. A send cancelled through ctx stops at once.
func (t Transport) Send(ctx context.Context, target string, data []byte) error {
	tg, err := ParseTarget(target)
	if err != nil {
		return &SendError{Stage: NotSent, Target: target, Total: len(data), Err: err}
	}
	to := t.Timeouts.withDefaults()
	switch tg.Kind {
	case TargetTCP:
		return sendTCP(ctx, tg.Addr, data, to)
	case TargetSpooler:
		return sendSpool(ctx, tg.Name, JobTitle(ctx), data, to)
	case TargetCUPS:
		return sendCUPS(ctx, tg.Name, JobTitle(ctx), data, to)
	case TargetStdout:
		w := t.Stdout
		if w == nil {
			w = os.Stdout
		}
		n, err := w.Write(data)
		if err != nil {
			return &SendError{Stage: stageAfter(n, len(data)), Target: target, Written: n, Total: len(data), Err: err}
		}
		return nil
	}
	return sendFile(ctx, tg, data, to)
}

func stageAfter(written, total int) Stage {
	switch {
	case written == 0:
		return NotSent
	case written < total:
		return Incomplete
	}
	return Unconfirmed
}

// chunk is how much one write hands over: small enough that a stalled
// printer is noticed within Timeouts.Write, and that a broken send knows
// how much it delivered.
const chunk = 2048

// sendBuffer is the socket send buffer for printer connections: little in
// flight beyond what the printer acknowledged.
const sendBuffer = 16 << 10

func sendTCP(ctx context.Context, addr string, data []byte, to Timeouts) error {
	target := "tcp://" + addr
	fail := func(stage Stage, written int, stalled bool, err error) error {
		return &SendError{Stage: stage, Target: target, Written: written, Total: len(data), Stalled: stalled, Err: err}
	}
	d := net.Dialer{Timeout: to.Connect, KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: 5 * time.Second, Interval: 2 * time.Second, Count: 3}}
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fail(NotSent, 0, false, err)
	}
	conn := c.(*net.TCPConn)
	conn.SetWriteBuffer(sendBuffer)
	// abort drops the connection with a reset: nothing still unsent
	// trickles out to the printer after racedesk gave up on the job.
	abort := func() {
		conn.SetLinger(0)
		conn.Close()
	}
	// Cancelling aborts the connection, which unblocks every read and
	// write at once. (A deadline in the past did too, but the loop below
	// sets a fresh one before each chunk and could undo it: a cancel that
	// came in between waited out the whole write timeout.)
	stop := context.AfterFunc(ctx, abort)
	defer stop()
	cause := func(err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}

	written := 0
	for written < len(data) {
		end := min(written+chunk, len(data))
		conn.SetWriteDeadline(time.Now().Add(to.Write))
		n, err := conn.Write(data[written:end])
		written += n
		if err != nil {
			abort()
			stalled := isTimeout(err) && ctx.Err() == nil
			if stalled {
				err = errStalled
			}
			return fail(stageAfter(written, len(data)), written, stalled, cause(err))
		}
	}

	// Every byte is with the kernel. First wait until the printer has
	// acknowledged them all (where the platform tells), then half-close
	// and wait for the printer to close its side. Whatever status the
	// printer sends meanwhile is read and dropped.
	buf := make([]byte, 512)
	unacked := outq(conn) // -1 where the platform cannot tell
	lastProgress := time.Now()
	for unacked > 0 {
		conn.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		_, err := conn.Read(buf)
		if err == nil || (isTimeout(err) && ctx.Err() == nil) {
			q := outq(conn)
			if q < unacked {
				lastProgress = time.Now()
			}
			unacked = q
			if unacked > 0 && time.Since(lastProgress) > to.Write {
				abort()
				return fail(Incomplete, written-unacked, true, errStalled)
			}
			continue // status bytes or nothing yet
		}
		// The printer closed or reset the connection, or the send was
		// cancelled, before it had the end of the job.
		abort()
		if errors.Is(err, io.EOF) {
			err = errors.New("the printer closed the connection before taking the whole job")
		}
		return fail(Incomplete, written-unacked, false, cause(err))
	}
	if err := conn.CloseWrite(); err != nil {
		abort()
		return fail(Unconfirmed, written, false, cause(err))
	}
	deadline := time.Now().Add(to.Confirm)
	for {
		conn.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		_, err := conn.Read(buf)
		if errors.Is(err, io.EOF) {
			conn.Close() // the printer read everything up to our end: it has the job
			return nil
		}
		if err == nil || (isTimeout(err) && ctx.Err() == nil) {
			if time.Now().After(deadline) {
				// The printer keeps the line open. It acknowledged every
				// byte (where the platform tells), so it has the job.
				conn.Close()
				return nil
			}
			continue
		}
		if ctx.Err() != nil && unacked == 0 {
			// Cancelled (racedesk is closing) while waiting for the
			// printer to close, which has acknowledged every byte: as
			// when it keeps the line open, it has the job.
			conn.Close()
			return nil
		}
		// Reset after the printer had every byte: it may have printed
		// the job, or lost it.
		abort()
		return fail(Unconfirmed, written, false, cause(err))
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// stuckDevices are devices with a write racedesk gave up on that has not
// returned yet; nothing else is written to them until it does.
var stuckDevices sync.Map // path → chan struct{} (closed when the write returns)

func sendFile(ctx context.Context, tg Target, data []byte, to Timeouts) error {
	target := tg.String()
	fail := func(stage Stage, written int, stalled bool, err error) error {
		return &SendError{Stage: stage, Target: target, Written: written, Total: len(data), Stalled: stalled, Err: err}
	}
	if ch, ok := stuckDevices.Load(tg.Path); ok {
		select {
		case <-ch.(chan struct{}):
			stuckDevices.Delete(tg.Path)
		default:
			return fail(NotSent, 0, true, errors.New("an earlier write to the device has not returned yet"))
		}
	}
	flags := os.O_WRONLY
	if tg.Kind == TargetFile {
		flags |= os.O_CREATE | os.O_APPEND
	}
	f, err := os.OpenFile(tg.Path, flags, 0o644)
	if err != nil {
		return fail(NotSent, 0, false, err)
	}
	if tg.Kind == TargetFile {
		n, err := f.Write(data)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fail(stageAfter(n, len(data)), n, false, err)
		}
		return nil
	}
	// A device: a printer out of paper blocks the write. Write in chunks
	// in a goroutine and give up when no chunk completes in time.
	var written atomic.Int64
	var abandoned atomic.Bool
	done := make(chan error, 1)
	returned := make(chan struct{})
	last := make(chan bool, 1) // true while the final chunk is being written
	go func() {
		defer close(returned)
		for off := 0; off < len(data); {
			if abandoned.Load() {
				done <- errors.New("abandoned")
				return
			}
			end := min(off+chunk, len(data))
			if end == len(data) {
				last <- true
			}
			n, err := f.Write(data[off:end])
			off += n
			written.Add(int64(n))
			if err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	timer := time.NewTimer(to.Write)
	defer timer.Stop()
	seen := int64(0)
	for {
		select {
		case err := <-done:
			cerr := f.Close()
			n := int(written.Load())
			if err == nil && cerr != nil {
				return fail(Unconfirmed, n, false, cerr)
			}
			if err != nil {
				return fail(stageAfter(n, len(data)), n, false, err)
			}
			return nil
		case <-timer.C:
			if n := written.Load(); n > seen {
				seen = n
				timer.Reset(to.Write)
				continue
			}
			return giveUp(f, tg.Path, &abandoned, returned, last, int(written.Load()), fail, errStalled, true)
		case <-ctx.Done():
			return giveUp(f, tg.Path, &abandoned, returned, last, int(written.Load()), fail, ctx.Err(), false)
		}
	}
}

// giveUp leaves a device write that does not return. When the final chunk
// was already handed to the driver the job may yet print whole.
func giveUp(f *os.File, path string, abandoned *atomic.Bool, returned chan struct{}, last chan bool, written int,
	fail func(Stage, int, bool, error) error, err error, stalled bool) error {
	abandoned.Store(true)
	stuckDevices.Store(path, returned)
	go func() { <-returned; f.Close() }()
	select {
	case <-last:
		return fail(Unconfirmed, written, stalled, err)
	default:
		return fail(Incomplete, written, stalled, err)
	}
}

// Open opens a target for writing one job, for callers that stream
// rather than send a finished job: a file (appended), a device, a TCP
// connection (with the timeouts; Close half-closes and waits for the
// printer), or stdout ("-", not closed). A Windows printer or a CUPS
// queue takes a job whole: what is written is sent on Close.
func Open(target string, to Timeouts) (io.WriteCloser, error) {
	tg, err := ParseTarget(target)
	if err != nil {
		return nil, err
	}
	to = to.withDefaults()
	switch tg.Kind {
	case TargetStdout:
		return nopCloser{os.Stdout}, nil
	case TargetTCP:
		c, err := net.DialTimeout("tcp", tg.Addr, to.Connect)
		if err != nil {
			return nil, err
		}
		return &tcpWriter{c: c.(*net.TCPConn), to: to}, nil
	case TargetDevice:
		return os.OpenFile(tg.Path, os.O_WRONLY, 0)
	case TargetSpooler, TargetCUPS:
		return &wholeJob{target: tg.String(), to: to}, nil
	}
	return os.OpenFile(tg.Path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
}

// wholeJob collects a job for a target that takes jobs whole.
type wholeJob struct {
	bytes.Buffer
	target string
	to     Timeouts
}

func (w *wholeJob) Close() error {
	return Transport{Timeouts: w.to}.Send(context.Background(), w.target, w.Bytes())
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

type tcpWriter struct {
	c  *net.TCPConn
	to Timeouts
}

func (w *tcpWriter) Write(p []byte) (int, error) {
	w.c.SetWriteDeadline(time.Now().Add(w.to.Write))
	return w.c.Write(p)
}

func (w *tcpWriter) Close() error {
	if err := w.c.CloseWrite(); err != nil {
		w.c.Close()
		return err
	}
	w.c.SetReadDeadline(time.Now().Add(w.to.Confirm))
	io.Copy(io.Discard, w.c)
	return w.c.Close()
}
