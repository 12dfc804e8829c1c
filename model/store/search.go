package store

import (
	"bytes"
	"errors"
	"sort"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
)

// Hit is one search result.
type Hit struct {
	Participant model.Participant
	Rank        int    // lower is better
	Name        string // folded "last first": hits are ordered by (Rank, Name, ID)
}

// Before reports whether h ranks before o, as Search orders them.
func (h *Hit) Before(o *Hit) bool {
	if h.Rank != o.Rank {
		return h.Rank < o.Rank
	}
	if h.Name != o.Name {
		return h.Name < o.Name
	}
	return h.Participant.ID < o.Participant.ID
}

// query is a search compiled for matching index texts.
type query struct {
	needles [][]byte
	// exact: the index text ends in it, or holds it followed by a space
	// — the query is a bib (" #123"), a phone code (" @k7m2qx") or a
	// registration ID (" ~wr26 1029").
	exact [][]byte
	mask  uint64 // byteMask of the needles
}

func compile(q string) query {
	folded := model.Fold(q)
	words := strings.Fields(folded)
	var c query
	for _, w := range words {
		c.needles = append(c.needles, []byte(w))
		c.mask |= byteMask([]byte(w))
	}
	if bib, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(q), "#")); err == nil && bib > 0 {
		c.exact = append(c.exact, []byte(" #"+strconv.Itoa(bib)))
	}
	if folded != "" {
		c.exact = append(c.exact, []byte(" @"+folded), []byte(" ~"+folded))
	}
	return c
}

// exactIn reports whether text is the participant the query names
// exactly (bib, code or registration ID).
func (c *query) exactIn(text []byte) bool {
	for _, e := range c.exact {
		if i := bytes.Index(text, e); i >= 0 && (i+len(e) == len(text) || text[i+len(e)] == ' ') {
			return true
		}
	}
	return false
}

// Search finds participants whose name, club or bib matches every word of
// query. Matching folds case, accents and umlaut spellings (model.Fold), so
// "muller", "mueller" and "Müller" find the same people. Results: the
// runner the query names exactly (bib, phone code, registration ID) first,
// then names holding every word and starting with the first, then names
// holding every word, then hits that need the club or a code, each group
// by folded name; at most limit (≤ 0: all).
func (s *Store) Search(q string, limit int) ([]Hit, error) {
	c := compile(q)
	// Scan the resident index in place. With a limit, only the best
	// `limit` candidates are kept (a bounded heap), and only those are
	// copied: a one-letter query over 50,000 runners must not allocate and
	// sort them all.
	top := &topK{limit: limit}
	s.res.scan(c.mask, func(id string, text, name []byte) {
		if len(text) == 0 {
			return // deleted
		}
		if top.full() && !beats(c.bestRank(text), name, id, &top.items[0]) {
			return // cannot make the list, whether it matches or not
		}
		if rank, ok := c.match(text); ok {
			top.offer(rank, name, id)
		}
	})
	return s.hits(top.sorted())
}

// bestRank is the best rank text could match with (match gives it or a
// worse one, or no match): cheap to tell, so once the list is full a text
// that could not beat its worst entry is passed over without searching
// it. A one-letter query matches most of 200,000 runners; only those
// whose name starts with the letter can make the first page.
func (c *query) bestRank(text []byte) int {
	switch {
	case len(c.needles) == 0:
		return rankEveryone
	case c.exactIn(text):
		return rankExact
	case bytes.HasPrefix(text, c.needles[0]):
		return rankNameStarts
	}
	return rankName
}

// hits reads the records of the candidates.
func (s *Store) hits(cands []candidate) ([]Hit, error) {
	out := make([]Hit, 0, len(cands))
	err := s.db.View(func(tx *bolt.Tx) error {
		for _, cand := range cands {
			p, err := getParticipant(tx, cand.id)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, Hit{Participant: p, Rank: cand.rank, Name: cand.name})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SearchAmong matches q against the participants ids only — what commits
// changed — ranked as Search ranks them, so a screen can patch its hits
// instead of searching everyone again. IDs that no longer exist or no
// longer match are simply not in the result.
func (s *Store) SearchAmong(q string, ids []string) ([]Hit, error) {
	c := compile(q)
	var cands []candidate
	for _, id := range ids {
		text := s.res.text(id)
		if text == nil {
			continue
		}
		if rank, ok := c.match(text); ok {
			cands = append(cands, candidate{id: id, name: string(nameOf(text)), rank: rank})
		}
	}
	return s.hits(cands)
}

// candidate is a search hit before its record is read.
type candidate struct {
	id   string
	name string // folded "last first", the sort key
	rank int
}

// nameOf is the folded name at the start of an index text (searchText):
// everything before the club (" | "), the code (" @"), the registration
// ID (" ~") or the bib (" #"); folded names hold none of these characters.
func nameOf(text []byte) []byte {
	if i := bytes.IndexAny(text, "|#@~"); i > 0 {
		return text[:i-1]
	}
	return text
}

// Ranks of a hit, best first.
const (
	rankExact      = iota // the bib, phone code or registration ID typed
	rankNameStarts        // every word in the name, which starts with the first
	rankName              // every word in the name
	rankOther             // a word only in the club, a code or the bib
	rankEveryone          // no words: the whole list
)

// match reports whether every word occurs in text, and how well (a rank).
// A name match ranks above a club match: "koehler fr" is Köhler, Franz
// before Köhler, Åsa of the Freiwillige Feuerwehr.
func (c *query) match(text []byte) (int, bool) {
	if len(c.needles) == 0 {
		return rankEveryone, true
	}
	for _, w := range c.needles {
		if !bytes.Contains(text, w) {
			return 0, false
		}
	}
	if c.exactIn(text) {
		return rankExact, true
	}
	name := nameOf(text)
	for _, w := range c.needles {
		if !bytes.Contains(name, w) {
			return rankOther, true
		}
	}
	if bytes.HasPrefix(name, c.needles[0]) {
		return rankNameStarts, true
	}
	return rankName, true
}

// topK keeps the best candidates by (rank, name, id); limit ≤ 0 keeps all.
// For a limit it is a max-heap whose root is the worst kept candidate.
type topK struct {
	limit int
	items []candidate
}

func (c *candidate) less(o *candidate) bool {
	if c.rank != o.rank {
		return c.rank < o.rank
	}
	if c.name != o.name {
		return c.name < o.name
	}
	return c.id < o.id
}

// beats reports whether a candidate not yet copied is better than o; the
// string conversions in comparisons do not allocate.
func beats(rank int, name []byte, id string, o *candidate) bool {
	if rank != o.rank {
		return rank < o.rank
	}
	if string(name) != o.name {
		return string(name) < o.name
	}
	return id < o.id
}

func (t *topK) offer(rank int, name []byte, id string) {
	if t.limit <= 0 || len(t.items) < t.limit {
		t.items = append(t.items, candidate{id: id, name: string(name), rank: rank})
		if t.limit > 0 {
			t.up(len(t.items) - 1)
		}
		return
	}
	if !beats(rank, name, id, &t.items[0]) {
		return
	}
	t.items[0] = candidate{id: id, name: string(name), rank: rank}
	t.down(0)
}

// full reports whether a candidate must beat the worst kept to be kept.
func (t *topK) full() bool { return t.limit > 0 && len(t.items) >= t.limit }

// up and down keep the max-heap order (worst at the root).
func (t *topK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !t.items[p].less(&t.items[i]) {
			return
		}
		t.items[p], t.items[i] = t.items[i], t.items[p]
		i = p
	}
}

func (t *topK) down(i int) {
	n := len(t.items)
	for {
		worst, l, r := i, 2*i+1, 2*i+2
		if l < n && t.items[worst].less(&t.items[l]) {
			worst = l
		}
		if r < n && t.items[worst].less(&t.items[r]) {
			worst = r
		}
		if worst == i {
			return
		}
		t.items[i], t.items[worst] = t.items[worst], t.items[i]
		i = worst
	}
}

// sorted returns the kept candidates, best first.
func (t *topK) sorted() []candidate {
	sort.Slice(t.items, func(a, b int) bool { return t.items[a].less(&t.items[b]) })
	return t.items
}
