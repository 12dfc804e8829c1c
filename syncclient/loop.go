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

// Loop timings: while the link is down, probe cheaply and often — a
// satellite window may last only 10 seconds, and a probe is one small
// request — and sync the moment the cloud answers.
type Loop struct {
	Every time.Duration // between syncs while the link is up (default 5 s)
	// OnHub is Every while the server is a hub on the venue network
	// (default 1.5 s): a check-in at one desk shows at the next within
	// seconds, and an idle sync costs the hub one small request.
	OnHub   time.Duration
	Offline time.Duration // between probes while it is down (default 1.5 s)
	Probe   time.Duration // timeout of one probe (default 2 s)
	Round   time.Duration // timeout of one sync (default 30 s)
	// Clock is the loop's time (tests run an hour of windows in virtual
	// time); default: the real one.
	Clock Clock
}

// Clock is what the loop waits with.
type Clock interface {
	Now() time.Time
	After(time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

func (l Loop) withDefaults() Loop {
	if l.Every <= 0 {
		l.Every = 5 * time.Second
	}
	if l.Offline <= 0 {
		l.Offline = 1500 * time.Millisecond
	}
	if l.OnHub <= 0 {
		l.OnHub = 1500 * time.Millisecond
	}
	if l.Probe <= 0 {
		l.Probe = 2 * time.Second
	}
	if l.Round <= 0 {
		l.Round = 30 * time.Second
	}
	if l.Clock == nil {
		l.Clock = realClock{}
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
	for {
		wait := l.Every
		st.Pending, st.Conflicts = c.pendingAndConflicts()
		// On the venue network, while syncs go through, the next one is
		// the probe: one request per round, not two (a hub serves every
		// device every second or two). Over the satellite the cheap probe
		// stays: a sync into a dead link would wait out its whole timeout.
		var offset time.Duration
		var err error
		if st.State != StateSynced || !c.OnHub() {
			pctx, cancel := context.WithTimeout(ctx, l.Probe)
			offset, err = c.Ping(pctx)
			cancel()
		}
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			st.State, st.Err = StateOffline, err
			notify(st)
			wait = l.Offline
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
				st.State, st.Err, st.LastSync, st.Report = StateSynced, nil, l.Clock.Now(), rep
				st.ClockOffset = rep.ClockOffset
			}
			notify(st)
		}
		if c.OnHub() && wait == l.Every { // known only once the server answered
			wait = l.OnHub
		}
		// A local change is sent after a short pause that lets a burst
		// travel together: a second over the satellite, a tenth of one on
		// the venue network (the next desk should see a check-in at once).
		debounce := time.Second
		if c.OnHub() {
			debounce = 100 * time.Millisecond
		}
		if !sleep(ctx, l.Clock, wait, debounce, changed, st.State == StateOffline) {
			return
		}
	}
}

// sleep waits d, or debounce after a local change while the link is up.
func sleep(ctx context.Context, clock Clock, d, debounce time.Duration, changed <-chan struct{}, offline bool) bool {
	t := clock.After(d)
	for {
		select {
		case <-ctx.Done():
			return false
		case <-t:
			return true
		case _, ok := <-changed:
			if !ok {
				changed = nil
				continue
			}
			if !offline {
				t = clock.After(debounce)
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
