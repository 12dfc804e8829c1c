package screen

import "github.com/racedesk/racedesk/model/store"

// Patcher runs a screen's reads of what changed one at a time: changes
// that arrive while a read runs wait, merged, for the next. Reads run as
// commands on their own goroutines; two at once could land in the wrong
// order, and an older read would undo a newer one.
type Patcher struct {
	busy   bool
	queued store.Delta
}

// Start returns the delta to read now, or false when a read is running
// (d waits for it).
func (p *Patcher) Start(d store.Delta) (store.Delta, bool) {
	if p.busy {
		p.queued.Merge(d)
		return store.Delta{}, false
	}
	if d.Empty() {
		return d, false
	}
	p.busy = true
	return d, true
}

// Done ends a read and returns what waited, if anything, to read next.
func (p *Patcher) Done() (store.Delta, bool) {
	next := p.queued
	p.queued = store.Delta{}
	if next.Empty() {
		p.busy = false
		return next, false
	}
	return next, true
}
