//go:build unix

package printer

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"syscall"
	"testing"
	"time"
)

// fakeMode is how the fake network printer treats a new connection.
type fakeMode int

const (
	// fakeUp reads the job to the end, "prints" it and closes: a healthy
	// printer.
	fakeUp fakeMode = iota
	// fakeStall accepts and reads nothing: out of paper, cover open. Its
	// small receive buffer fills and the sender's writes block.
	fakeStall
	// fakeResetAfterRead reads the whole job, then drops the connection
	// with a reset instead of closing it: the job printed, but the sender
	// cannot know.
	fakeResetAfterRead
	// fakeKeepOpen reads the whole job and keeps the connection open.
	fakeKeepOpen
)

// fakePrinter is a raw-TCP (port 9100) printer in the test: it accepts,
// stalls, resets connections, goes away and comes back on the same
// address, and records every job it read to the end.
type fakePrinter struct {
	t    *testing.T
	addr string

	mu        sync.Mutex
	ln        net.Listener
	mode      fakeMode
	open      []*net.TCPConn // stalled or kept-open connections
	jobs      [][]byte       // complete jobs, in the order they arrived
	fragments int            // connections that broke off before the end
	accepted  int
	wg        sync.WaitGroup
}

// rcvBuf is the fake's socket receive buffer: small like a printer's, so
// a stall blocks the sender within a few kilobytes.
const rcvBuf = 4096

func newFakePrinter(t *testing.T) *fakePrinter {
	f := &fakePrinter{t: t}
	f.listen("127.0.0.1:0")
	t.Cleanup(f.close)
	return f
}

func (f *fakePrinter) target() string { return "tcp://" + f.addr }

func (f *fakePrinter) listen(addr string) {
	lc := net.ListenConfig{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, rcvBuf)
		})
		if err != nil {
			return err
		}
		return serr
	}}
	var ln net.Listener
	var err error
	for range 50 { // the port may take a moment to become free again
		if ln, err = lc.Listen(context.Background(), "tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		f.t.Fatalf("fake printer: %v", err)
	}
	f.mu.Lock()
	f.ln, f.addr = ln, ln.Addr().String()
	f.mu.Unlock()
	f.wg.Add(1)
	go f.accept(ln)
}

func (f *fakePrinter) accept(ln net.Listener) {
	defer f.wg.Done()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		conn := c.(*net.TCPConn)
		f.mu.Lock()
		f.accepted++
		mode := f.mode
		f.mu.Unlock()
		if mode == fakeStall {
			f.mu.Lock()
			f.open = append(f.open, conn)
			f.mu.Unlock()
			continue
		}
		f.wg.Add(1)
		go f.serve(conn, mode)
	}
}

func (f *fakePrinter) serve(conn *net.TCPConn, mode fakeMode) {
	defer f.wg.Done()
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	data, err := io.ReadAll(conn) // to the sender's half-close
	f.mu.Lock()
	if err != nil {
		f.fragments++
	} else {
		f.jobs = append(f.jobs, data)
	}
	f.mu.Unlock()
	if err != nil {
		conn.Close()
		return
	}
	switch mode {
	case fakeResetAfterRead:
		conn.SetLinger(0)
		conn.Close()
	case fakeKeepOpen:
		f.mu.Lock()
		f.open = append(f.open, conn)
		f.mu.Unlock()
	default:
		conn.Close()
	}
}

func (f *fakePrinter) setMode(m fakeMode) {
	f.mu.Lock()
	f.mode = m
	f.mu.Unlock()
}

// reset drops every stalled or open connection with a reset, counting
// what they had not read to the end as fragments.
func (f *fakePrinter) reset() {
	f.mu.Lock()
	open := f.open
	f.open = nil
	f.mu.Unlock()
	for _, c := range open {
		c.SetLinger(0)
		c.Close()
		f.mu.Lock()
		f.fragments++
		f.mu.Unlock()
	}
}

// stalled is the number of connections it holds without reading.
func (f *fakePrinter) stalled() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.open)
}

// down switches the printer off: connections are refused.
func (f *fakePrinter) down() {
	f.reset()
	f.mu.Lock()
	ln := f.ln
	f.ln = nil
	f.mu.Unlock()
	if ln != nil {
		ln.Close()
	}
}

// up switches it on again at the same address.
func (f *fakePrinter) up() { f.listen(f.addr) }

func (f *fakePrinter) close() {
	f.down()
	f.wg.Wait()
}

func (f *fakePrinter) received() [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][]byte(nil), f.jobs...)
}

func (f *fakePrinter) counts() (accepted, fragments int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.accepted, f.fragments
}

// patience bounds every wait: far longer than a healthy run needs (a wait
// ends as soon as its condition holds), so a busy laptop is slow, not failing.
const patience = 30 * time.Second

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", within, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// errIs reports whether err is a SendError of the stage.
func errIs(err error, stage Stage) bool {
	var se *SendError
	return errors.As(err, &se) && se.Stage == stage
}
