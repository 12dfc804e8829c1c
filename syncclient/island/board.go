// Package island keeps what a hub knows about the devices it serves on
// the venue network — who synced when, how far each clock is off, what
// still waits for the cloud — for the hub's printed board and for the
// desk that doubles as the hub (its F7 screen). Organizers read it to know
// when it is safe to pack up.
package island

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient"
)

// Board collects the hub's view of its island. Seen and Cloud are called
// from the server's and the sync loop's goroutines; Snapshot from anyone.
type Board struct {
	store *store.Store
	now   func() time.Time

	mu      sync.Mutex
	devices map[string]*device
	status  syncclient.Status
	dirty   bool
}

type device struct {
	desk   string
	last   time.Time
	offset time.Duration // its clock minus the hub's
}

// NewBoard is an empty board for the hub holding s; now is its clock
// (nil: time.Now).
func NewBoard(s *store.Store, now func() time.Time) *Board {
	if now == nil {
		now = time.Now
	}
	return &Board{store: s, now: now, devices: map[string]*device{}}
}

// Seen records a device's sync (cloud.Server.Seen).
func (b *Board) Seen(id, desk string, offset time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	d, ok := b.devices[id]
	if !ok {
		d = &device{}
		b.devices[id] = d
		b.dirty = true
	}
	if (d.offset-offset).Abs() > time.Second || d.desk != desk {
		b.dirty = true
	}
	d.desk, d.last, d.offset = desk, b.now(), offset
}

// Cloud records the hub's own sync with the cloud (its loop's status).
func (b *Board) Cloud(st syncclient.Status) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if st.State != b.status.State || st.LastSync != b.status.LastSync {
		b.dirty = true
	}
	b.status = st
}

// Changed reports whether something worth printing again happened since
// the last call (a device came or its clock moved, the cloud's state).
func (b *Board) Changed() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	d := b.dirty
	b.dirty = false
	return d
}

// Device is one device the hub serves, as the board shows it.
type Device struct {
	Desk    string
	Last    time.Time     // its last sync with the hub
	Offset  time.Duration // its clock minus the hub's
	Waiting int           // its changes the cloud does not have yet
}

// Snapshot is the board at one moment.
type Snapshot struct {
	At      time.Time
	Event   string
	Devices []Device // by desk name
	// Waiting is every change the cloud does not have yet: the hub's
	// own and those it relays.
	Waiting int
	// InCloud is when the cloud last had everything (zero: not known,
	// or something waits).
	InCloud  time.Time
	CloudErr error // why the last sync with the cloud failed
}

// Snapshot reads the board and the store's waiting changes.
func (b *Board) Snapshot() Snapshot {
	waitingOf, _ := b.store.RelayCounts()
	relayed, _ := b.store.RelayCount()
	st, _ := b.store.SyncState()
	b.mu.Lock()
	defer b.mu.Unlock()
	sn := Snapshot{At: b.now(), Event: b.store.Event().Name, Waiting: relayed + st.Pending, CloudErr: b.status.Err}
	if sn.Waiting == 0 && !b.status.LastSync.IsZero() {
		sn.InCloud = b.status.LastSync
	}
	for id, d := range b.devices {
		sn.Devices = append(sn.Devices, Device{Desk: d.desk, Last: d.last, Offset: d.offset, Waiting: waitingOf[id]})
	}
	sort.Slice(sn.Devices, func(i, j int) bool { return sn.Devices[i].Desk < sn.Devices[j].Desk })
	return sn
}

// Headline is the snapshot's first line: how many devices, and whether
// the cloud has everything.
func (sn Snapshot) Headline() string {
	line := fmt.Sprintf("%d devices", len(sn.Devices))
	switch {
	case !sn.InCloud.IsZero():
		return line + fmt.Sprintf(" · all changes in the cloud at %s", sn.InCloud.Format("15:04:05"))
	case sn.CloudErr != nil:
		return line + fmt.Sprintf(" · %s for the cloud (%v)", ChangesWait(sn.Waiting), sn.CloudErr)
	}
	return line + fmt.Sprintf(" · %s for the cloud", ChangesWait(sn.Waiting))
}

// Line is one device's line.
func (sn Snapshot) Line(d Device) string {
	return fmt.Sprintf("%-16s last sync %s (%s ago) · %s for the cloud · clock %s", d.Desk, d.Last.Format("15:04:05"),
		sn.At.Sub(d.Last).Round(time.Second), ChangesWait(d.Waiting), ClockOff(d.Offset))
}

// Text is the board as the hub prints it.
func (sn Snapshot) Text() string {
	out := fmt.Sprintf("%s  hub of %q: %s\n", sn.At.Format("15:04:05"), sn.Event, sn.Headline())
	for _, d := range sn.Devices {
		out += "    " + sn.Line(d) + "\n"
	}
	return out
}

// ChangesWait says how many changes wait.
func ChangesWait(n int) string {
	if n == 1 {
		return "1 change waits"
	}
	return fmt.Sprintf("%d changes wait", n)
}

// ClockOff says how far a device's clock is off the hub's ("right" within
// two seconds: the request's own travel).
func ClockOff(d time.Duration) string {
	if d.Abs() < 2*time.Second {
		return "right"
	}
	sign := "+"
	if d < 0 {
		sign = "-"
	}
	return fmt.Sprintf("%s%s off", sign, d.Abs().Round(time.Second))
}
