package timing

import (
	"sync"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// writer commits timing events in order on its own goroutine. A key press
// hands its event over without waiting (Update never blocks), and when the
// desk closes, Close waits until every event handed over is on disk — a
// finish captured a moment before ctrl+c is not lost with the program's
// pending commands.
type writer struct {
	in   chan model.TimingEvent
	out  chan savedMsg
	done chan struct{}
	once sync.Once
}

// writerQueue bounds what can be handed over at once: far more than a
// bunch sprint produces between two commits.
const writerQueue = 4096

func newWriter(s *store.Store) *writer {
	w := &writer{in: make(chan model.TimingEvent, writerQueue), out: make(chan savedMsg, writerQueue), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		defer close(w.out)
		for e := range w.in {
			_, err := s.RecordTiming(e)
			w.out <- savedMsg{id: e.ID, err: err}
		}
	}()
	return w
}

// put hands an event over (with its ID already given).
func (w *writer) put(e model.TimingEvent) { w.in <- e }

// close stops taking events and waits until all handed over are stored.
func (w *writer) close() {
	w.once.Do(func() { close(w.in) })
	<-w.done
}
