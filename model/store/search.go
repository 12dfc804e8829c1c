package store

import (
	"bytes"
	"sort"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
)

// Hit is one search result.
type Hit struct {
	Participant model.Participant
	Rank        int // lower is better
}

// Search finds participants whose name, club or bib matches every word of
// query. Matching folds case, accents and umlaut spellings (model.Fold), so
// "muller", "mueller" and "Müller" find the same people. Results: an exact
// bib first, then names starting with the query, then the rest, each group
// by folded name; at most limit (≤ 0: all).
func (s *Store) Search(query string, limit int) ([]Hit, error) {
	words := strings.Fields(model.Fold(query))
	needles := make([][]byte, len(words))
	for i, w := range words {
		needles[i] = []byte(w)
	}
	var bibSuffix []byte
	if bib, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(query), "#")); err == nil && bib > 0 {
		bibSuffix = []byte(" #" + strconv.Itoa(bib))
	}
	var out []Hit
	err := s.db.View(func(tx *bolt.Tx) error {
		// Scan the index in place (bbolt's values are valid for the
		// transaction); copy only what matches.
		var cands []candidate
		c := tx.Bucket(bSearchIndex).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if rank, ok := match(v, needles, bibSuffix); ok {
				cands = append(cands, candidate{id: string(k), name: string(nameOf(v)), rank: rank})
			}
		}
		// Order and cut before reading records, so a short query over a
		// large event decodes only what is shown.
		sort.Slice(cands, func(a, b int) bool {
			ca, cb := &cands[a], &cands[b]
			if ca.rank != cb.rank {
				return ca.rank < cb.rank
			}
			if ca.name != cb.name {
				return ca.name < cb.name
			}
			return ca.id < cb.id
		})
		if limit > 0 && len(cands) > limit {
			cands = cands[:limit]
		}
		out = make([]Hit, 0, len(cands))
		for _, cand := range cands {
			rec, err := getRecord(tx, cand.id)
			if err != nil {
				return err
			}
			out = append(out, Hit{Participant: rec.P, Rank: cand.rank})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// candidate is a search hit before its record is read.
type candidate struct {
	id   string
	name string // folded "last first", the sort key
	rank int
}

// nameOf is the folded name at the start of an index text (searchText):
// everything before the club (" | ") or the bib (" #"); folded names hold
// neither character.
func nameOf(text []byte) []byte {
	if i := bytes.IndexAny(text, "|#"); i > 0 {
		return text[:i-1]
	}
	return text
}

// match reports whether every word occurs in text, and how well: 0 for
// the exact bib (text ends in bibSuffix), 1 for a name starting with the
// first word, 2 otherwise; 3 for everyone when there are no words.
func match(text []byte, words [][]byte, bibSuffix []byte) (int, bool) {
	if len(words) == 0 {
		return 3, true
	}
	for _, w := range words {
		if !bytes.Contains(text, w) {
			return 0, false
		}
	}
	switch {
	case bibSuffix != nil && bytes.HasSuffix(text, bibSuffix):
		return 0, true
	case bytes.HasPrefix(text, words[0]):
		return 1, true
	}
	return 2, true
}
