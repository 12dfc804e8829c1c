package store

import "sync"

// watchers lets screens hear about commits without polling: every
// committed mutation signals each watcher's channel. Signals coalesce (a
// channel holds at most one), so a slow reader never blocks a writer and
// still learns that something changed.
type watchers struct {
	mu   sync.Mutex
	next int
	subs map[int]chan struct{}
}

// Watch returns a channel that receives a signal after commits, and a
// function that stops the signals and closes the channel.
func (s *Store) Watch() (<-chan struct{}, func()) {
	w := &s.watch
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.subs == nil {
		w.subs = map[int]chan struct{}{}
	}
	id := w.next
	w.next++
	ch := make(chan struct{}, 1)
	w.subs[id] = ch
	return ch, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		if _, ok := w.subs[id]; ok {
			delete(w.subs, id)
			close(ch) // a reader waiting on it is released
		}
	}
}

// notify signals every watcher; it runs after a transaction committed.
func (s *Store) notify() {
	w := &s.watch
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, ch := range w.subs {
		select {
		case ch <- struct{}{}:
		default: // a signal is already waiting
		}
	}
}
