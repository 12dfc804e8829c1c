package store

import (
	"strings"

	"github.com/racedesk/racedesk/model"
)

// FindSimilar lists participants who are probably the same person as a
// new entry: same folded last name (Müller = Mueller = Muller), same first
// initial, same birth year — the runner who registered online and now
// stands at the desk again. excludeID leaves out the participant being
// edited.
func (s *Store) FindSimilar(first, last string, birthYear int, excludeID string) ([]model.Participant, error) {
	fl, ff := model.Fold(last), model.Fold(first)
	if fl == "" || ff == "" {
		return nil, nil
	}
	hits, err := s.Search(fl, 0)
	if err != nil {
		return nil, err
	}
	var out []model.Participant
	for _, h := range hits {
		p := h.Participant
		if p.ID == excludeID || model.Fold(p.Last) != fl {
			continue
		}
		pf := model.Fold(p.First)
		if pf == "" || !strings.HasPrefix(pf, ff[:1]) {
			continue
		}
		if birthYear != 0 && p.Born.Year != 0 && p.Born.Year != birthYear {
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

// Similar lists the participants who are probably the person p names
// (model.LikelySame), best first; excludeID leaves out the participant
// being edited.
func (s *Store) Similar(p model.Person, excludeID string) ([]model.Match, error) {
	hits, err := s.Search(model.Fold(p.Last), 0)
	if err != nil {
		return nil, err
	}
	var out []model.Match
	for _, h := range hits {
		q := h.Participant
		if q.ID == excludeID {
			continue
		}
		if r, ok := model.LikelySame(p, &q); ok {
			out = append(out, model.Match{Participant: q, Reason: r})
		}
	}
	return out, nil
}
