package timing

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

// The screen's copy of what it shows: every timing event (in ID order, as
// the store keeps them) and who holds which bib. It is loaded once and then
// patched from what each commit changed: a check-in at 50,000 runners
// reads one participant, not all of them.

type holder struct {
	race string
	bib  int
}

type data struct {
	evs     screen.Events
	holders map[holder]map[string]string // race and bib → participant ID → "Last, First"
	raceOf  map[int]string               // bib → race (bib ranges do not overlap)
	bibOf   map[string]holder            // participant ID → the bib it holds
	refd    map[string]bool              // events some correction refers to
}

func (d *data) refer(e model.TimingEvent) {
	if e.Ref != "" {
		d.refd[e.Ref] = true
	}
}

// plain reports whether a patch only adds starts and finishes nothing
// refers to yet: the timing records can take them in without a replay.
func (d *data) plain(msg loadedMsg) bool {
	if msg.all || d.holders == nil {
		return false
	}
	for _, e := range msg.evs {
		if d.evs.Has(e.ID) || d.refd[e.ID] || e.Ref != "" || (e.Kind != model.KindStart && e.Kind != model.KindFinish) {
			return false
		}
	}
	return true
}

// name is who holds the bib in the race ("" if nobody; one of them if two
// do after a sync merge — the results flag that).
func (d *data) name(race string, bib int) string {
	for _, n := range d.holders[holder{race, bib}] {
		return n
	}
	return ""
}

// loadedMsg is a full load (all) or a patch: the events and participants
// a commit changed.
type loadedMsg struct {
	all    bool
	evs    []model.TimingEvent
	people []model.Participant
	gone   []string // participants that no longer exist
	err    error
}

// changed starts reading what d says changed (one read at a time).
func (m *Model) changed(d store.Delta) tea.Cmd {
	if d, ok := m.patcher.Start(d); ok {
		return m.read(d)
	}
	return nil
}

// read reads what d says changed — everything for d.All — in a command.
func (m *Model) read(d store.Delta) tea.Cmd {
	s := m.ctx.Store
	if d.All {
		return func() tea.Msg {
			evs, err := s.TimingEvents()
			if err != nil {
				return loadedMsg{err: err}
			}
			// Only who holds which bib: the screen keeps names, not records.
			var ps []model.Participant
			err = s.EachParticipant(func(p *model.Participant) error {
				if p.Bib != 0 {
					ps = append(ps, model.Participant{ID: p.ID, Race: p.Race, Bib: p.Bib, Last: p.Last, First: p.First})
				}
				return nil
			})
			return loadedMsg{all: true, evs: evs, people: ps, err: err}
		}
	}
	return func() tea.Msg {
		var msg loadedMsg
		for id := range d.Timing {
			e, err := s.TimingEvent(id)
			if err != nil {
				return loadedMsg{err: err}
			}
			msg.evs = append(msg.evs, e)
		}
		for id := range d.Participants {
			p, err := s.Get(id)
			if err != nil {
				msg.gone = append(msg.gone, id)
				continue
			}
			msg.people = append(msg.people, p)
		}
		return msg
	}
}

// apply takes a load or a patch into the data.
func (d *data) apply(msg loadedMsg) {
	if msg.all || d.holders == nil {
		*d = data{evs: screen.Events(msg.evs), holders: map[holder]map[string]string{}, raceOf: map[int]string{}, bibOf: map[string]holder{}, refd: map[string]bool{}}
		for _, e := range msg.evs {
			d.refer(e)
		}
	} else {
		for _, e := range msg.evs {
			d.evs.Put(e)
			d.refer(e)
		}
	}
	for _, id := range msg.gone {
		d.unhold(id)
	}
	for i := range msg.people {
		p := &msg.people[i]
		d.unhold(p.ID)
		if p.Bib == 0 {
			continue
		}
		h := holder{p.Race, p.Bib}
		if d.holders[h] == nil {
			d.holders[h] = map[string]string{}
		}
		d.holders[h][p.ID] = p.Last + ", " + p.First
		d.raceOf[p.Bib] = p.Race
		d.bibOf[p.ID] = h
	}
}

// unhold forgets the bib a participant held.
func (d *data) unhold(id string) {
	h, ok := d.bibOf[id]
	if !ok {
		return
	}
	delete(d.bibOf, id)
	delete(d.holders[h], id)
	if len(d.holders[h]) == 0 {
		delete(d.holders, h)
		delete(d.raceOf, h.bib)
	}
}

// Holds reports whether the screen's copy has the event.
func (m *Model) Holds(id string) bool { return m.data.evs.Has(id) }
