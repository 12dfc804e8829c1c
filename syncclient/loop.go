package syncclient

import (
	"context"
	"time"
)

// State is what the background loop is doing.
type State string

const (
	StateOffline State = "offline" // the cloud does not answer
	StateSyncing State = "syncing"
	StateSynced  State = "synced" // the last sync went through
	StateFailed  State = "failed" // the cloud answered, the sync did not go through
)

// Status is what the desk's footer shows.
type Status struct {
	State       State
	LastSync    time.Time // last completed sync
	Pending     int       // own changes waiting for the cloud
	Conflicts   int       // bibs held twice, refused changes: for a person
	ClockOffset time.Duration
	Err         error
	Report      Report // of the last completed sync
}

// Loop timings: probe cheaply and often; back off while the link is down,
// but never so long that a 10-second window is missed entirely.
type Loop struct {
	Every      time.Duration // between syncs while the link is up (default 5 s)
	MaxBackoff time.Duration // longest wait while it is down (default 20 s)
	Probe      time.Duration // timeout of one probe (default 2 s)
	Round      time.Duration // timeout of one sync (default 60 s)
}

func (l Loop) withDefaults() Loop {
	if l.Every <= 0 {
		l.Every = 5 * time.Second
	}
	if l.MaxBackoff <= 0 {
		l.MaxBackoff = 20 * time.Second
	}
	if l.Probe <= 0 {
		l.Probe = 2 * time.Second
	}
	if l.Round <= 0 {
		l.Round = 60 * time.Second
	}
	return l
}

// Run syncs in the background until ctx ends: probe, sync at once when
// the cloud answers, back off while it does not. A local change (a signal
// on changed) shortens the wait, so a check-in travels in the next window.
// notify gets every status change; it must not block (the desk passes
// tea.Program.Send).
func (c *Client) Run(ctx context.Context, l Loop, changed <-chan struct{}, notify func(Status)) {
	l = l.withDefaults()
	var st Status
	wait := l.Every
	for {
		st.Pending, st.Conflicts = c.pendingAndConflicts()
		pctx, cancel := context.WithTimeout(ctx, l.Probe)
		offset, err := c.Ping(pctx)
		cancel()
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			st.State, st.Err = StateOffline, err
			notify(st)
			wait = min(wait*2, l.MaxBackoff)
		} else {
			st.ClockOffset = offset
			st.State = StateSyncing
			notify(st)
			sctx, cancel := context.WithTimeout(ctx, l.Round)
			rep, err := c.Sync(sctx)
			cancel()
			st.Pending, st.Conflicts = c.pendingAndConflicts()
			switch {
			case err == ErrBusy:
				st.State = StateSynced // a CLI request is syncing right now
			case err != nil:
				st.State, st.Err = StateFailed, err
			default:
				st.State, st.Err, st.LastSync, st.Report = StateSynced, nil, c.now(), rep
				st.ClockOffset = rep.ClockOffset
			}
			notify(st)
			wait = l.Every
		}
		if !sleep(ctx, wait, changed, st.State == StateOffline) {
			return
		}
	}
}

// sleep waits d, or less when a local change arrives while the link is
// up (a second, so a burst of check-ins travels together).
func sleep(ctx context.Context, d time.Duration, changed <-chan struct{}, offline bool) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
			return true
		case _, ok := <-changed:
			if !ok {
				changed = nil
				continue
			}
			if !offline {
				t.Reset(time.Second)
				changed = nil
			}
		}
	}
}

func (c *Client) pendingAndConflicts() (int, int) {
	st, err := c.Store.SyncState()
	if err != nil {
		return 0, 0
	}
	cs, _ := c.Store.BibConflicts()
	return st.Pending, len(cs)
}
