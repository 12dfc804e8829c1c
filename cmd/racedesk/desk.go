package main

import (
	"fmt"
	"time"

	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui"
)

// runDesk opens the desk TUI. While it runs, it answers control requests
// (backups) for the database it holds.
func runDesk(g *globals) error {
	s, err := g.open()
	if err != nil {
		return err
	}
	defer s.Close()
	stop, err := store.ServeControl(s)
	if err != nil {
		return err
	}
	defer stop()
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
	if err := tui.Run(s, opts); err != nil {
		return fmt.Errorf("desk: %w", err)
	}
	return nil
}
