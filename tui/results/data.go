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
	// teamKeys are the extra fields team rankings go by (see ranked).
	teamKeys []string
	people   map[string]model.Participant
	bibs     map[bibKey][]string // race and bib → who holds it
	evs      screen.Events
}

type computedMsg struct {
	all       map[string]*model.RaceResults
	unchanged bool
	// adds are new finishes with their runners, for Update to add to the
	// results it shows (model.AddFinish) instead of computing them again.
	adds []finishAdd
	err  error
}

type finishAdd struct {
	e      model.TimingEvent
	holder *model.Participant
}

// changed starts reading what d says changed and recomputing.
func (m *Model) changed(d store.Delta) tea.Cmd {
	if d, ok := m.patcher.Start(d); ok {
		return m.compute(d, false)
	}
	return nil
}

// compute patches the copy from d (everything for d.All) and computes the
// results, in a command — or, for new finishes only, hands them to Update
// to add. force: compute even if nothing read moves a place.
func (m *Model) compute(d store.Delta, force bool) tea.Cmd {
	s, ev, dt, shown := m.ctx.Store, m.ctx.Event(), m.data, m.all != nil
	return func() tea.Msg {
		moved, fresh, err := dt.read(s, d)
		if err != nil {
			return computedMsg{err: err}
		}
		if !moved && !force {
			return computedMsg{unchanged: true} // a payment, an e-mail: no place moves
		}
		if adds := dt.finishes(d, fresh); shown && !force && adds != nil {
			return computedMsg{unchanged: true, adds: adds}
		}
		people := make([]model.Participant, 0, len(dt.people))
		for _, p := range dt.people {
			people = append(people, p) // any order: results do not depend on it
		}
		return computedMsg{all: model.ComputeResults(ev, people, dt.evs)}
	}
}

// finishes are the changed events as new finishes with their one runner,
// or nil when d holds anything else (then results are computed again).
func (dt *data) finishes(d store.Delta, fresh map[string]bool) []finishAdd {
	if d.All || len(d.Participants) > 0 || len(d.Timing) == 0 || len(fresh) != len(d.Timing) {
		return nil
	}
	var adds []finishAdd
	for _, e := range dt.evs {
		if !fresh[e.ID] {
			continue
		}
		var holder *model.Participant
		for _, id := range dt.bibs[bibKey{e.Race, e.Bib}] {
			if holder != nil {
				return nil // the bib is held twice
			}
			p := dt.people[id]
			holder = &p
		}
		if e.Kind != model.KindFinish || holder == nil {
			return nil
		}
		adds = append(adds, finishAdd{e, holder})
	}
	return adds
}

// read takes what d says changed from the store into the copy; it reports
// whether anything results depend on changed, and which events are new.
func (dt *data) read(s *store.Store, d store.Delta) (bool, map[string]bool, error) {
	if d.All || dt.people == nil {
		evs, err := s.TimingEvents()
		if err != nil {
			return false, nil, err
		}
		dt.people, dt.bibs = map[string]model.Participant{}, map[bibKey][]string{}
		if err := s.EachParticipant(func(p *model.Participant) error { dt.put(*p); return nil }); err != nil {
			return false, nil, err
		}
		dt.evs = screen.Events(evs)
		return true, nil, nil
	}
	moved := len(d.Timing) > 0
	for id := range d.Participants {
		old, had := dt.people[id]
		p, err := s.Get(id)
		dt.drop(id)
		if err != nil {
			moved = moved || had
			continue
		}
		dt.put(p)
		moved = moved || !had || dt.ranked(&old) != dt.ranked(&p)
	}
	fresh := map[string]bool{}
	for id := range d.Timing {
		e, err := s.TimingEvent(id)
		if err != nil {
			return false, nil, err
		}
		if !dt.evs.Has(id) {
			fresh[id] = true
		}
		dt.evs.Put(e)
	}
	return moved, fresh, nil
}

// bibKey is a bib in a race.
type bibKey struct {
	race string
	bib  int
}

func (dt *data) put(p model.Participant) {
	dt.people[p.ID] = p
	if p.Bib != 0 {
		k := bibKey{p.Race, p.Bib}
		dt.bibs[k] = append(dt.bibs[k], p.ID)
	}
}

func (dt *data) drop(id string) {
	p, ok := dt.people[id]
	if !ok {
		return
	}
	delete(dt.people, id)
	k := bibKey{p.Race, p.Bib}
	ids := dt.bibs[k]
	for i, x := range ids {
		if x == id {
			dt.bibs[k] = append(ids[:i:i], ids[i+1:]...)
			break
		}
	}
	if len(dt.bibs[k]) == 0 {
		delete(dt.bibs, k)
	}
}

// rankedFields is what of a participant results show or rank by; team
// is the extra fields teams go by (a company run's "team").
type rankedFields struct {
	bib                           int
	race, first, last, club, team string
	gender                        model.Gender
	born                          model.BirthDate
	status                        model.Status
}

func (dt *data) ranked(p *model.Participant) rankedFields {
	team := ""
	for _, k := range dt.teamKeys {
		team += p.Extra[k] + "\x00"
	}
	return rankedFields{p.Bib, p.Race, p.First, p.Last, p.Club, team, p.Gender, p.Born, p.Status}
}
