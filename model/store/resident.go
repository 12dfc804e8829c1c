package store

import (
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
)

// resident is the search index, kept in memory: one folded text per
// participant (searchText). The desk searches on every keystroke; scanning
// texts in memory costs a fraction of walking a bbolt cursor over them,
// and a commit no longer writes an index bucket (one page less per
// registration). It is built when the file is opened (a pass over the
// records that decodes only the participant) and follows every commit.
//
// Commits reach it through tx.OnCommit, which bbolt runs after releasing
// the writer lock, so two commits' updates may arrive out of order: each
// row remembers the transaction that wrote it, and an older write never
// replaces a newer one.
type resident struct {
	mu   sync.RWMutex
	rows []residentRow
	byID map[string]int32
}

type residentRow struct {
	id   string
	text []byte // searchText: "last first | club @code #bib"
	txid int
}

// build reads every participant in tx.
func (r *resident) build(tx *bolt.Tx) error {
	var rows []residentRow
	byID := map[string]int32{}
	err := tx.Bucket(bParticipants).ForEach(func(k, v []byte) error {
		p, err := decodeParticipant(string(k), v)
		if err != nil {
			return err
		}
		byID[p.ID] = int32(len(rows))
		rows = append(rows, residentRow{id: p.ID, text: []byte(searchText(&p)), txid: tx.ID()})
		return nil
	})
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.rows, r.byID = rows, byID
	r.mu.Unlock()
	return nil
}

// stage makes the commit of tx update p's row.
func (r *resident) stage(tx *bolt.Tx, p *model.Participant) {
	id, text, txid := p.ID, []byte(searchText(p)), tx.ID()
	tx.OnCommit(func() { r.put(id, text, txid) })
}

func (r *resident) put(id string, text []byte, txid int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i, ok := r.byID[id]; ok {
		if r.rows[i].txid <= txid {
			r.rows[i].text, r.rows[i].txid = text, txid
		}
		return
	}
	if r.byID == nil {
		r.byID = map[string]int32{}
	}
	r.byID[id] = int32(len(r.rows))
	r.rows = append(r.rows, residentRow{id: id, text: text, txid: txid})
}

// text is the search text of one participant (nil: unknown).
func (r *resident) text(id string) []byte {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if i, ok := r.byID[id]; ok {
		return r.rows[i].text
	}
	return nil
}

// scan calls fn for every row, under the read lock; fn must not keep text
// beyond the call unless it copies it (rows are replaced, not changed, so
// keeping the slice is safe too).
func (r *resident) scan(fn func(id string, text []byte)) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for i := range r.rows {
		fn(r.rows[i].id, r.rows[i].text)
	}
}
