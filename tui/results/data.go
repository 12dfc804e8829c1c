package results

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

// The screen's copy of the participants and timing events, loaded once
// and patched from what each commit changed; results are computed from it
// in a command. Only the command running now touches it (screen.Patcher
// runs one at a time), so it needs no lock.
type data struct {
	people map[string]model.Participant
	evs    screen.Events
}

type computedMsg struct {
	all       map[string]*model.RaceResults
	unchanged bool
	err       error
}

// changed starts reading what d says changed and recomputing.
func (m *Model) changed(d store.Delta) tea.Cmd {
	if d, ok := m.patcher.Start(d); ok {
		return m.compute(d)
	}
	return nil
}

// compute patches the copy from d (everything for d.All) and computes the
// results, in a command.
func (m *Model) compute(d store.Delta) tea.Cmd {
	s, ev, dt := m.ctx.Store, m.ctx.Event(), m.data
	return func() tea.Msg {
		moved, err := dt.read(s, d)
		if err != nil {
			return computedMsg{err: err}
		}
		if !moved {
			return computedMsg{unchanged: true} // a payment, an e-mail: no place moves
		}
		people := make([]model.Participant, 0, len(dt.people))
		for _, p := range dt.people {
			people = append(people, p) // any order: results do not depend on it
		}
		return computedMsg{all: model.ComputeResults(ev, people, dt.evs)}
	}
}

// read takes what d says changed from the store into the copy; it reports
// whether anything results depend on changed.
func (dt *data) read(s *store.Store, d store.Delta) (bool, error) {
	if d.All || dt.people == nil {
		ps, err := s.List("")
		if err != nil {
			return false, err
		}
		evs, err := s.TimingEvents()
		if err != nil {
			return false, err
		}
		dt.people = make(map[string]model.Participant, len(ps))
		for _, p := range ps {
			dt.people[p.ID] = p
		}
		dt.evs = screen.Events(evs)
		return true, nil
	}
	moved := len(d.Timing) > 0
	for id := range d.Participants {
		old, had := dt.people[id]
		p, err := s.Get(id)
		if err != nil {
			delete(dt.people, id)
			moved = moved || had
			continue
		}
		dt.people[id] = p
		moved = moved || !had || ranked(&old) != ranked(&p)
	}
	for id := range d.Timing {
		e, err := s.TimingEvent(id)
		if err != nil {
			return false, err
		}
		dt.evs.Put(e)
	}
	return moved, nil
}

// rankedFields is what of a participant results show or rank by.
type rankedFields struct {
	bib                     int
	race, first, last, club string
	gender                  model.Gender
	born                    model.BirthDate
	status                  model.Status
}

func ranked(p *model.Participant) rankedFields {
	return rankedFields{p.Bib, p.Race, p.First, p.Last, p.Club, p.Gender, p.Born, p.Status}
}
