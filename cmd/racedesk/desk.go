package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient"
	"github.com/racedesk/racedesk/syncclient/cloud"
	"github.com/racedesk/racedesk/syncclient/island"
	"github.com/racedesk/racedesk/tui"
	"github.com/racedesk/racedesk/tui/hotspot"
	"github.com/racedesk/racedesk/tui/phones"
)

// runDesk opens the desk TUI. While it runs, it syncs in the background
// when a cloud is known, and answers control requests (backup, sync) for
// the database it holds.
func runDesk(g *globals) error {
	s, err := g.open()
	if err != nil {
		return err
	}
	defer s.Close()
	// Printed and cancelled jobs of past days only fill the queue screen
	// (and the file); failed and waiting ones stay until a person acts.
	if _, err := s.PrunePrints(g.now().Add(-7 * 24 * time.Hour)); err != nil {
		return err
	}
	ev := s.Event()
	opts := tui.Options{Lang: g.language(ev.Lang), BackupDir: ev.Backup.Dir, BackupKeep: ev.Backup.Keep}
	if s.IdentityChanged() {
		opts.Notice = "! " + msg.T(opts.Lang, msg.NewIdentityShort)
	}
	if ev.Backup.EveryMinutes > 0 {
		opts.BackupEvery = time.Duration(ev.Backup.EveryMinutes) * time.Minute
	}
	if g.backupDir != "" {
		opts.BackupDir = g.backupDir
	}
	if g.backupEvery > 0 {
		opts.BackupEvery = g.backupEvery
	}
	// racedesk print while the desk runs: the desk lays the print out.
	extra := commandControl(s) // racedesk register, checkin, pay, finish, … while the desk runs
	// The hotspot's address, once it serves: QR codes lead there.
	var hotspotURL atomic.Pointer[string]
	extra["print"] = printControlHandler(s, func() string {
		if u := hotspotURL.Load(); u != nil {
			return *u
		}
		return ""
	})
	for op, h := range pendingControl(s) {
		extra[op] = h
	}
	if c, err := clientFor(s, g.cloud, g.tokenFile, false); err == nil {
		opts.Sync = c
		extra["sync"] = func(arg string) (any, error) {
			timeout, err := time.ParseDuration(arg) // sync --once --timeout
			if err != nil || timeout <= 0 {
				timeout = DefaultSyncTimeout
			}
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			return c.Sync(ctx)
		}
	} else if g.cloud != "" || g.tokenFile != "" {
		return err // asked for a cloud and cannot have it: say so now
	} else if !errors.As(err, new(usageError)) {
		opts.SyncProblem = err // a remembered cloud that cannot be used: the footer says why
	}
	if g.serve != "" {
		hub, stopHub, err := serveIsland(s, g.serve, g.serveToken)
		if err != nil {
			return err
		}
		opts.Island = hub
		defer stopHub()                      // before the store closes
		for op, h := range tokenControl(s) { // 'racedesk cloud token' on this desk
			extra[op] = h
		}
	}
	// Without the control channel the desk still works; only commands
	// beside it wait until it is closed. It says so, never stops.
	if stop, err := store.ServeControl(s, extra); err != nil {
		opts.Notice = strings.TrimPrefix(opts.Notice+" · ", " · ") + "! " + msg.T(opts.Lang, msg.ControlUnavailable, err)
	} else {
		defer stop()
	}
	if g.hotspot != "" {
		info, stopHotspot, err := serveHotspot(s, g.hotspot, opts.Lang, g.formLimit.limit(ev))
		if err != nil {
			return err
		}
		defer stopHotspot() // before the store closes: requests under way finish
		opts.Phones = info
		if len(info.URLs) > 0 {
			hotspotURL.Store(&info.URLs[0])
		}
	}
	if err := tui.Run(s, opts); err != nil {
		return fmt.Errorf("desk: %w", err)
	}
	return nil
}

// serveHotspot starts the phones' registration form beside the desk. The
// returned stop waits until requests under way have finished.
func serveHotspot(s *store.Store, addr string, lang msg.Lang, limit hotspot.Limit) (*phones.Info, func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("hotspot: %w", err)
	}
	srv := hotspot.New(s, hotspot.Options{Lang: lang, Global: limit}) // no log: the screen is the desk's
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); srv.Serve(ctx, ln) }()
	info := phones.InfoFor(srv, hotspot.URLs(ln.Addr().String()))
	return info, func() { cancel(); <-done }, nil
}

// serveIsland makes the desk the island's hub too (racedesk hub, in the
// desk's process): the other desks sync with it on addr. The returned stop
// lets requests under way finish.
func serveIsland(s *store.Store, addr, tokenFile string) (*phones.Island, func(), error) {
	if tokenFile == "" {
		return nil, nil, usageError{errors.New("--serve needs --serve-token-file (the island's enrolment token)")}
	}
	token, err := syncclient.ReadToken(tokenFile)
	if err != nil {
		return nil, nil, err
	}
	if err := s.ServeAsHub(); err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("serve: %w", err)
	}
	board := island.NewBoard(s, nil)
	hub := &phones.Island{URLs: hotspot.URLs(ln.Addr().String()), Board: board}
	srv := &http.Server{Handler: (&cloud.Server{Store: s, Token: token, Seen: board.Seen}).Handler(), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 2 * time.Minute, WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	go srv.Serve(ln) // the screen is the desk's: no log
	return hub, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}, nil
}
