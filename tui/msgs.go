package tui

import (
	"time"

	"github.com/racedesk/racedesk/model/store"
)

// countsMsg carries fresh counts read in a command.
type countsMsg struct {
	counts store.Counts
	err    error
}

// tickMsg drives the clock and periodic refreshes.
type tickMsg time.Time

// backupMsg reports a rotating backup.
type backupMsg struct {
	path string
	at   time.Time
	err  error
}
