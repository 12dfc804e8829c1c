package store

import "sync"

// watchers lets screens hear about commits without polling, and what each
// commit changed, so they patch what they show instead of reloading
// everything: every committed mutation adds the IDs it wrote to each
// watcher's pending Delta and signals its channel. Signals coalesce (a
// channel holds at most one) and deltas merge, so a slow reader never
// blocks a writer and still learns everything that changed.
type watchers struct {
	mu   sync.Mutex
	next int
	subs map[int]*Watcher
}

// Delta is what commits changed since a watcher last took it.
type Delta struct {
	Participants map[string]bool // IDs of participants written
	Timing       map[string]bool // IDs of timing events written
	// All: too much changed to list (an import, a big sync page): reload.
	All bool
}

// maxDelta is how many IDs a delta lists before it says All: patching
// thousands of rows one by one costs more than one reload.
const maxDelta = 1000

// Empty reports whether nothing changed.
func (d Delta) Empty() bool { return !d.All && len(d.Participants) == 0 && len(d.Timing) == 0 }

// Merge adds o to d.
func (d *Delta) Merge(o Delta) {
	if o.All {
		d.All = true
	}
	for id := range o.Participants {
		d.add(&d.Participants, id)
	}
	for id := range o.Timing {
		d.add(&d.Timing, id)
	}
}

func (d *Delta) add(set *map[string]bool, id string) {
	if d.All {
		return
	}
	if *set == nil {
		*set = map[string]bool{}
	}
	(*set)[id] = true
	if len(d.Participants)+len(d.Timing) > maxDelta {
		d.All, d.Participants, d.Timing = true, nil, nil
	}
}

// IDs lists the participants a delta names.
func (d Delta) IDs() []string {
	out := make([]string, 0, len(d.Participants))
	for id := range d.Participants {
		out = append(out, id)
	}
	return out
}

// Watcher receives a signal on C after commits; Take says what changed.
type Watcher struct {
	C       <-chan struct{}
	c       chan struct{}
	w       *watchers
	id      int
	pending Delta // guarded by w.mu
}

// Take returns what changed since the last Take and starts afresh.
func (x *Watcher) Take() Delta {
	x.w.mu.Lock()
	defer x.w.mu.Unlock()
	d := x.pending
	x.pending = Delta{}
	return d
}

// Stop ends the signals and closes C (a reader waiting on it is released).
func (x *Watcher) Stop() {
	x.w.mu.Lock()
	defer x.w.mu.Unlock()
	if _, ok := x.w.subs[x.id]; ok {
		delete(x.w.subs, x.id)
		close(x.c)
	}
}

// Watch returns a watcher of this store's commits.
func (s *Store) Watch() *Watcher {
	w := &s.watch
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.subs == nil {
		w.subs = map[int]*Watcher{}
	}
	ch := make(chan struct{}, 1)
	x := &Watcher{C: ch, c: ch, w: w, id: w.next}
	w.next++
	w.subs[x.id] = x
	return x
}

// changed records, when tx commits, that it wrote the participant or
// timing event id.
func (s *Store) changed(tx interface{ OnCommit(func()) }, participant, timing string) {
	tx.OnCommit(func() {
		var d Delta
		if participant != "" {
			d.add(&d.Participants, participant)
		}
		if timing != "" {
			d.add(&d.Timing, timing)
		}
		s.notify(d)
	})
}

// notify hands d to every watcher and signals it.
func (s *Store) notify(d Delta) {
	w := &s.watch
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, x := range w.subs {
		x.pending.Merge(d)
		select {
		case x.c <- struct{}{}:
		default: // a signal is already waiting
		}
	}
}
