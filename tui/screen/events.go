package screen

import (
	"sort"

	"github.com/racedesk/racedesk/model"
)

// Events is a screen's copy of the timing events, in ID order as the store
// keeps them (results and timing records are computed from them in that
// order), patched one event at a time.
type Events []model.TimingEvent

// Put inserts or replaces e.
func (es *Events) Put(e model.TimingEvent) {
	s := *es
	i := sort.Search(len(s), func(i int) bool { return s[i].ID >= e.ID })
	if i < len(s) && s[i].ID == e.ID {
		s[i] = e
		return
	}
	s = append(s, model.TimingEvent{})
	copy(s[i+1:], s[i:])
	s[i] = e
	*es = s
}

// Has reports whether the event is there.
func (es Events) Has(id string) bool {
	i := sort.Search(len(es), func(i int) bool { return es[i].ID >= id })
	return i < len(es) && es[i].ID == id
}
