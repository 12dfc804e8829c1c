package store

import (
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
// bib first, then names starting with the query, then the rest; at most
// limit (≤ 0: all).
func (s *Store) Search(query string, limit int) ([]Hit, error) {
	words := strings.Fields(model.Fold(query))
	bibQuery, _ := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(query), "#"))
	var hits []Hit
	var ids []string
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bSearchIndex).ForEach(func(k, v []byte) error {
			text := string(v)
			rank, ok := match(text, words, bibQuery)
			if ok {
				hits = append(hits, Hit{Rank: rank})
				ids = append(ids, string(k))
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	// Rank and cut before reading records, so a short query over a large
	// event decodes only what is shown.
	order := make([]int, len(hits))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return hits[order[a]].Rank < hits[order[b]].Rank })
	if limit > 0 && len(order) > limit {
		order = order[:limit]
	}
	out := make([]Hit, 0, len(order))
	err = s.db.View(func(tx *bolt.Tx) error {
		for _, i := range order {
			rec, err := getRecord(tx, ids[i])
			if err != nil {
				return err
			}
			out = append(out, Hit{Participant: rec.P, Rank: hits[i].Rank})
		}
		return nil
	})
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Rank != out[b].Rank {
			return out[a].Rank < out[b].Rank
		}
		return model.Fold(out[a].Participant.Last+" "+out[a].Participant.First) < model.Fold(out[b].Participant.Last+" "+out[b].Participant.First)
	})
	return out, err
}

// match reports whether every word occurs in text, and how well: 0 for
// the exact bib, 1 for a name starting with the first word, 2 otherwise.
func match(text string, words []string, bib int) (int, bool) {
	if len(words) == 0 {
		return 3, true
	}
	for _, w := range words {
		if !strings.Contains(text, w) {
			return 0, false
		}
	}
	switch {
	case bib > 0 && strings.HasSuffix(text, " #"+strconv.Itoa(bib)):
		return 0, true
	case strings.HasPrefix(text, words[0]):
		return 1, true
	}
	return 2, true
}
