package store

import (
	"bytes"
	"errors"
	"sort"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
)

// Similar lists the participants who are probably the person p names
// (model.LikelySame), best first; excludeID leaves out the participant
// being edited.
//
// It runs while the desk types, so it reads no record it need not: a
// scan of the resident index's folded names with model.NameFilter — most
// dismissed by their letter mask alone — (and
// of its registration IDs, when the entry has one) leaves a handful of candidates, and only
// their records are read to compare birth dates.
func (s *Store) Similar(p model.Person, excludeID string) ([]model.Match, error) {
	var out []model.Match
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		out, err = s.similarIn(tx, p, nil, func(q *model.Participant) bool { return q.ID != excludeID })
		return err
	})
	return out, err
}

// similarIn is Similar in a transaction: the candidates of the resident
// index and also (participants written in tx, not in the index until it
// commits), those keep accepts, best first.
func (s *Store) similarIn(tx *bolt.Tx, p model.Person, also []string, keep func(*model.Participant) bool) ([]model.Match, error) {
	return s.similarOf(tx, p, append(s.similarCandidates(p, -1), also...), keep)
}

// similarOf is similarIn for the candidates ids.
func (s *Store) similarOf(tx *bolt.Tx, p model.Person, ids []string, keep func(*model.Participant) bool) ([]model.Match, error) {
	var out []model.Match
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		q, err := getParticipant(tx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !keep(&q) {
			continue
		}
		if r, ok := model.LikelySame(p, &q); ok {
			out = append(out, model.Match{Participant: q, Reason: r})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		if ra, rb := matchRank(a.Reason), matchRank(b.Reason); ra != rb {
			return ra < rb
		}
		if ka, kb := model.Fold(a.Participant.Last+" "+a.Participant.First), model.Fold(b.Participant.Last+" "+b.Participant.First); ka != kb {
			return ka < kb
		}
		return a.Participant.ID < b.Participant.ID
	})
	return out, nil
}

// similarCandidates are the participants of the resident index whose
// names may match p's (or that hold its registration ID); first >= 0
// looks only at the first that many rows of the index (an import: the
// participants stored before it began).
func (s *Store) similarCandidates(p model.Person, first int) []string {
	c := newCandidates(p)
	if c == nil {
		return nil
	}
	var ids []string
	s.res.scanNames(first, c.letters, func(id string, text, name []byte) {
		if c.may(text, name) {
			ids = append(ids, id)
		}
	})
	return ids
}

// candidates tells, from a search text alone, who may be similar to a
// person: by name, or by the registration ID (nil: nobody can be).
type candidates struct {
	f       model.NameFilter
	byID    []byte
	letters func(uint64) bool
}

func newCandidates(p model.Person) *candidates {
	c := &candidates{f: model.NewNameFilter(p)}
	if id := model.Fold(p.ExternalID); id != "" {
		c.byID = []byte(" ~" + id)
	}
	if c.f.Empty() && c.byID == nil {
		return nil
	}
	c.letters = c.f.MayMatchLetters
	if c.byID != nil {
		c.letters = func(uint64) bool { return true } // every text is searched for the ID
	}
	return c
}

func (c *candidates) may(text, name []byte) bool {
	return c.f.MayMatch(name) || c.byID != nil && holdsWord(text, c.byID)
}

// holdsWord reports whether text holds w followed by its end or a space.
func holdsWord(text, w []byte) bool {
	for off := 0; ; {
		i := bytes.Index(text[off:], w)
		if i < 0 {
			return false
		}
		end := off + i + len(w)
		if end == len(text) || text[end] == ' ' {
			return true
		}
		off += i + 1
	}
}

// matchRank orders matches, surest first: the same registration ID, then
// by how far names and birth dates are from alike.
func matchRank(r model.MatchReason) int {
	if r.SameID {
		return 0
	}
	rank := 1
	switch r.Name {
	case model.NamePart:
		rank += 1
	case model.NameTypo:
		rank += 2
	case model.NameSwapped:
		rank += 3
	}
	switch r.Born {
	case model.BornSwapped:
		rank += 1
	case model.BornYear:
		rank += 2
	case 0:
		rank += 3
	}
	return rank
}
