package tui

import (
	"os"
	"runtime/debug"

	"github.com/racedesk/racedesk/model/store"
)

// The desk's soft memory limit: a base plus a share per participant. The
// live heap at 50,000 participants is about 40 MB (search index, the
// timing and results screens' copies); with Go's default pacing the heap
// may grow to twice the live set before a collection, and opening such a
// file peaked at 130 MB before the screens read participants streamed
// (85 MB since). The limit keeps a slow leak or a burst from growing the
// desk far past that; it grows with the event, so a 200,000-runner event
// (live heap ~150 MB) is never held under its own size — the collector
// would run without pause. GOMEMLIMIT overrides it.
const (
	memoryBase           = 64 << 20
	memoryPerParticipant = 1 << 10
)

// limitMemory sets the limit for s's event unless the user set one.
func limitMemory(s *store.Store) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	n := 0
	if c, err := s.Counts(); err == nil {
		n = c.Total
	}
	debug.SetMemoryLimit(memoryBase + int64(n)*memoryPerParticipant)
}
