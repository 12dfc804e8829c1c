package tui

import (
	"os"
	"runtime/debug"
)

// memoryBudget is the desk's soft memory limit. The desk's live heap at
// 50,000 participants is about 40 MB (search index, the timing and
// results screens' copies); with Go's default GC pacing (the heap may
// grow to twice the live set before a collection) opening such a file
// peaked at 130 MB. Under the limit the collector runs sooner instead,
// which costs a few milliseconds at open and nothing while idle. It is
// soft: a bigger event uses what it needs. GOMEMLIMIT overrides it.
const memoryBudget = 64 << 20

// limitMemory sets the budget unless the user set one.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryBudget)
	}
}
