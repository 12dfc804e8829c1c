// Package lists builds the lists an event hands out — start lists,
// check-in lists, later results — from participants: who is on them, in
// which order, grouped by race. It renders nothing; the CLI exports the
// lists as CSV or JSON, and the printer will print the same lists.
package lists

import (
	"sort"

	"github.com/racedesk/racedesk/model"
)

// Entry is one participant on a list, with what the lists show beside
// the stored fields.
type Entry struct {
	model.Participant
	// AgeClass is the class in the participant's race ("" without).
	AgeClass string
	// Due is what the participant still owes, in cents.
	Due int
}

// Group is one race's part of a list.
type Group struct {
	Race    *model.Race
	Entries []Entry
}

// Order is how a start list is sorted within a race.
type Order string

const (
	// ByBib sorts by bib; runners without a bib yet come last, by name.
	ByBib Order = "bib"
	// ByName sorts by last and first name (folded: Müller, Mueller and
	// Muller sort together), with the bib beside each name.
	ByName Order = "name"
)

// ParseOrder reads "bib" or "name".
func ParseOrder(s string) (Order, bool) {
	switch Order(s) {
	case ByBib, ByName:
		return Order(s), true
	}
	return "", false
}

// StartList lists who is expected at the start, per race in the event's
// order: registered and checked-in runners (not pending hotspot entries,
// not DNS/DNF/DSQ).
func StartList(ev *model.Event, ps []model.Participant, order Order) []Group {
	return build(ev, ps, order, func(p *model.Participant) bool {
		return p.Status == model.Registered || p.Status == model.CheckedIn
	})
}

// CheckInList lists who has not been checked in yet, per race, by name:
// registered runners and pending hotspot entries.
func CheckInList(ev *model.Event, ps []model.Participant) []Group {
	return build(ev, ps, ByName, func(p *model.Participant) bool {
		return p.Status == model.Registered || p.Status == model.Pending
	})
}

// build groups the participants that keep accepts by race (races in the
// event's order, races without entries left out) and sorts each group.
func build(ev *model.Event, ps []model.Participant, order Order, keep func(*model.Participant) bool) []Group {
	byRace := map[string][]Entry{}
	for i := range ps {
		p := &ps[i]
		if !keep(p) {
			continue
		}
		e := Entry{Participant: *p}
		if r, ok := ev.Race(p.Race); ok {
			e.AgeClass = model.AgeClass(r, ev.Year(), p.Born, p.Gender)
			e.Due = model.Due(r, p)
		}
		byRace[p.Race] = append(byRace[p.Race], e)
	}
	var out []Group
	for i := range ev.Races {
		r := &ev.Races[i]
		if es := byRace[r.ID]; len(es) > 0 {
			sortEntries(es, order)
			out = append(out, Group{Race: r, Entries: es})
		}
	}
	return out
}

func sortEntries(es []Entry, order Order) {
	keys := make(map[string]string, len(es))
	for _, e := range es {
		keys[e.ID] = model.SortKey(e.Last + " " + e.First)
	}
	byName := func(a, b *Entry) bool {
		if ka, kb := keys[a.ID], keys[b.ID]; ka != kb {
			return ka < kb
		}
		if a.Born != b.Born {
			return a.Born.String() < b.Born.String()
		}
		return a.ID < b.ID
	}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := &es[i], &es[j]
		if order == ByBib && a.Bib != b.Bib {
			switch {
			case a.Bib == 0:
				return false
			case b.Bib == 0:
				return true
			}
			return a.Bib < b.Bib
		}
		return byName(a, b)
	})
}

// Len is the number of entries over all groups.
func Len(gs []Group) int {
	n := 0
	for _, g := range gs {
		n += len(g.Entries)
	}
	return n
}
