package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui"
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
	ev := s.Event()
	opts := tui.Options{Lang: g.language(ev.Lang), BackupDir: ev.Backup.Dir, BackupKeep: ev.Backup.Keep}
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
	extra := map[string]store.ControlHandler{"print": printControlHandler(s)}
	if c, err := clientFor(s, g.cloud, g.tokenFile); err == nil {
		opts.Sync = c
		extra["sync"] = func(string) (any, error) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			return c.Sync(ctx)
		}
	} else if g.cloud != "" || g.tokenFile != "" {
		return err // asked for a cloud and cannot have it: say so now
	} else if !errors.As(err, new(usageError)) {
		opts.SyncProblem = err // a remembered cloud that cannot be used: the footer says why
	}
	stop, err := store.ServeControl(s, extra)
	if err != nil {
		return err
	}
	defer stop()
	if err := tui.Run(s, opts); err != nil {
		return fmt.Errorf("desk: %w", err)
	}
	return nil
}
