package hotspot

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// The live results are computed once per change of the store, not per
// request: two hundred phones reloading the results every half minute
// read one shared snapshot, and the desk's laptop computes the results
// only after a commit (a finish, a correction, a registration) — and then
// at most about a tenth of its time (see liveCache.get).

// liveSnapshot is the results as the live pages show them. It holds only
// what a results list shows, copied out of the participants, so no page
// can show more.
type liveSnapshot struct {
	gen   uint64    // 1, 2, …: the how-manieth computation
	at    time.Time // computed (Options.Now)
	races []*liveRace
	byID  map[string]*liveRace
}

// liveRace is one race's results.
type liveRace struct {
	ID, Name  string
	Started   bool
	Finishers int
	Rows      []liveRow // finishers by place, then DNF, then DSQ
	byBib     map[int]int
	genders   []model.Gender // ranked genders present, in the lists' order
	genderN   map[model.Gender]int
	classes   []string // classes present, in ceremony order; "" (none) last
	classN    map[string]int
}

// liveRow is one line of a result list.
type liveRow struct {
	Bib                            int
	Name, Club                     string
	Gender                         model.Gender // the gender ranked in
	Class                          string
	Time                           string // Result.TimeText: rounded as the race says
	Status                         model.Status
	Reason                         string
	Place, GenderPlace, ClassPlace int
	fold                           string // the name folded, for the search
}

// genderOrder is the order of the gender lists (as printed lists).
var genderOrder = []model.Gender{model.Male, model.Female, model.Diverse}

// newSnapshot builds the snapshot from the computed results.
func newSnapshot(ev *model.Event, all map[string]*model.RaceResults, at time.Time) *liveSnapshot {
	snap := &liveSnapshot{at: at, byID: map[string]*liveRace{}}
	for i := range ev.Races {
		race := &ev.Races[i]
		lr := &liveRace{ID: race.ID, Name: race.Name, byBib: map[int]int{},
			genderN: map[model.Gender]int{}, classN: map[string]int{}}
		if rr := all[race.ID]; rr != nil {
			lr.Started = rr.Started
			lr.Rows = make([]liveRow, 0, len(rr.Results))
			hasClass := map[string]bool{}
			hasGender := map[model.Gender]bool{}
			for _, r := range rr.Results {
				if r.Bib == 0 {
					continue
				}
				row := liveRow{Bib: r.Bib, Name: r.Name, Club: r.Club, Gender: r.Gender, Class: r.Class,
					Time: r.TimeText, Status: r.Status, Reason: r.Reason, Place: r.Place,
					GenderPlace: r.GenderPlace, ClassPlace: r.ClassPlace, fold: model.Fold(r.Name)}
				if row.Status == "" {
					lr.Finishers++
					lr.genderN[row.Gender]++
					if row.Class != "" {
						lr.classN[row.Class]++
					}
				}
				hasGender[row.Gender] = true
				hasClass[row.Class] = true
				lr.byBib[row.Bib] = len(lr.Rows)
				lr.Rows = append(lr.Rows, row)
			}
			for _, g := range genderOrder {
				if hasGender[g] {
					lr.genders = append(lr.genders, g)
				}
			}
			lr.classes = classesInOrder(race, hasClass)
		}
		snap.races = append(snap.races, lr)
		snap.byID[race.ID] = lr
	}
	return snap
}

// classesInOrder lists the classes present in ceremony order: by gender
// (as genderOrder), youngest first, as the race's scheme has them; classes
// the scheme does not name after them, and "" (no class) last.
func classesInOrder(race *model.Race, present map[string]bool) []string {
	rank := map[string]int{}
	if scheme, err := race.Scheme(); err == nil {
		for _, g := range genderOrder {
			for _, b := range scheme {
				label := strings.ReplaceAll(b.Label, "{g}", string(g))
				if _, ok := rank[label]; !ok {
					rank[label] = len(rank)
				}
			}
		}
	}
	var out []string
	for c := range present {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b string) int {
		if (a == "") != (b == "") {
			if a == "" {
				return 1
			}
			return -1
		}
		ra, oka := rank[a]
		rb, okb := rank[b]
		if oka != okb {
			if oka {
				return -1
			}
			return 1
		}
		if oka && ra != rb {
			return cmp.Compare(ra, rb)
		}
		return strings.Compare(a, b)
	})
	return out
}

// watchable is a store that signals its commits (*store.Store does): the
// results are computed again only after one.
type watchable interface{ Watch() *store.Watcher }

// Without a watcher (a store that cannot signal), the results are computed
// again when they are this old.
const unwatchedMaxAge = 2 * time.Second

// The results are computed again after a change at the earliest when
// costFactor times the last computation's cost has passed since it ended —
// so computing takes at most about a tenth of one core however fast
// finishes come in — and never later than maxGap after it.
const (
	costFactor = 10
	maxGap     = 5 * time.Second
)

// liveCache holds the snapshot and computes it again when the store
// changed.
type liveCache struct {
	store Store
	watch *store.Watcher // nil: recompute after unwatchedMaxAge
	now   func() time.Time

	mu    sync.Mutex // guards snap, dirty, ended, cost
	snap  *liveSnapshot
	dirty bool
	ended time.Time     // wall clock when the snapshot was computed
	cost  time.Duration // how long computing it took

	computing sync.Mutex // one computation at a time
	computed  atomic.Int64
}

func newLiveCache(st Store, now func() time.Time) *liveCache {
	c := &liveCache{store: st, now: now}
	if w, ok := st.(watchable); ok {
		c.watch = w.Watch()
	}
	return c
}

// stop ends the watcher.
func (c *liveCache) stop() {
	if c.watch != nil {
		c.watch.Stop()
	}
}

// poll marks the snapshot dirty when the store changed since it was
// computed. c.mu is held.
func (c *liveCache) poll() {
	if c.watch == nil {
		if time.Since(c.ended) >= unwatchedMaxAge {
			c.dirty = true
		}
		return
	}
	select {
	case <-c.watch.C:
		c.watch.Take() // what changed does not matter: everything is computed again
		c.dirty = true
	default:
	}
}

// get returns the snapshot, computing it first when the store changed —
// unless another request is computing it right now, or the last
// computation ended too recently (costFactor): then the one before, and
// current false. Only the first request ever waits for another's
// computation.
func (c *liveCache) get() (snap *liveSnapshot, current bool, err error) {
	c.mu.Lock()
	c.poll()
	snap, current = c.snap, c.snap != nil && !c.dirty
	soon := time.Since(c.ended) < min(costFactor*c.cost, maxGap)
	c.mu.Unlock()
	switch {
	case current:
		return snap, true, nil
	case snap == nil:
		c.computing.Lock()
	case soon || !c.computing.TryLock():
		return snap, false, nil
	}
	defer c.computing.Unlock()
	c.mu.Lock()
	c.poll()
	if c.snap != nil && !c.dirty { // computed while this request waited
		snap = c.snap
		c.mu.Unlock()
		return snap, true, nil
	}
	c.dirty = false // a commit from now on marks it again
	c.mu.Unlock()

	t0 := time.Now()
	all, err := c.store.Results()
	if err != nil {
		c.mu.Lock()
		c.dirty = true
		snap = c.snap
		c.mu.Unlock()
		return snap, false, err
	}
	fresh := newSnapshot(c.store.Event(), all, c.now())
	fresh.gen = uint64(c.computed.Add(1))
	c.mu.Lock()
	c.snap, c.ended, c.cost = fresh, time.Now(), time.Since(t0)
	c.mu.Unlock()
	return fresh, true, nil
}
