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
	// paused counts the imports running (Importer): their commits do
	// not reach the index — a million imported rows would make it a few
	// hundred megabytes that the import never reads. stale says commits
	// were missed: the first use after the last import reads the index
	// anew from db.
	paused int
	stale  bool
	db     *bolt.DB
}

// pause stops commits from reaching the index until resume.
func (r *resident) pause() {
	r.mu.Lock()
	r.paused++
	r.mu.Unlock()
}

func (r *resident) resume() {
	r.mu.Lock()
	r.paused--
	r.mu.Unlock()
}

// fresh reads the index anew if commits were missed and no import runs
// any more. Commits meanwhile wait for it (their updates come after).
func (r *resident) fresh() {
	r.mu.RLock()
	need := r.stale && r.paused == 0 && r.db != nil
	r.mu.RUnlock()
	if !need {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.stale || r.paused > 0 {
		return
	}
	err := r.db.View(func(tx *bolt.Tx) error {
		rows, byID, err := readRows(tx)
		if err == nil {
			r.rows, r.byID = rows, byID
		}
		return err
	})
	if err == nil {
		r.stale = false
	}
}

type residentRow struct {
	id   string
	text []byte // searchText: "last first | club @code #bib"
	mask uint64 // byteMask(text): a word can only occur in a text whose mask holds its own
	name int    // len(nameOf(text)): hits are ordered by it
	// letters is model.LetterMask of the name: the duplicate check
	// (Similar) dismisses most rows by it without reading their text.
	letters uint64
	txid    int
}

func newRow(id string, text []byte, txid int) residentRow {
	name := nameOf(text)
	return residentRow{id: id, text: text, mask: byteMask(text), name: len(name), letters: model.LetterMask(name), txid: txid}
}

// byteMask has bit b&63 set for every byte b of text. A word whose mask
// is not within a text's cannot occur in it: most texts are dismissed by
// one AND instead of a substring search.
func byteMask(text []byte) uint64 {
	var m uint64
	for _, b := range text {
		m |= 1 << (b & 63)
	}
	return m
}

// build reads every participant in tx.
func (r *resident) build(tx *bolt.Tx) error {
	rows, byID, err := readRows(tx)
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.rows, r.byID = rows, byID
	r.mu.Unlock()
	return nil
}

// readRows reads the rows of every participant in tx.
func readRows(tx *bolt.Tx) ([]residentRow, map[string]int32, error) {
	var rows []residentRow
	byID := map[string]int32{}
	err := tx.Bucket(bParticipants).ForEach(func(k, v []byte) error {
		id := pidOf(k)
		text, err := decodeSearchText(id, v)
		if err != nil {
			return err
		}
		byID[id] = int32(len(rows))
		rows = append(rows, newRow(id, []byte(text), tx.ID()))
		return nil
	})
	return rows, byID, err
}

// stage makes the commit of tx update p's row.
func (r *resident) stage(tx *bolt.Tx, p *model.Participant) {
	r.mu.RLock()
	paused := r.paused > 0
	r.mu.RUnlock()
	if paused {
		tx.OnCommit(func() {
			r.mu.Lock()
			r.stale = true
			r.mu.Unlock()
		})
		return
	}
	id, text, txid := p.ID, []byte(searchText(p)), tx.ID()
	tx.OnCommit(func() { r.put(id, text, txid) })
}

func (r *resident) put(id string, text []byte, txid int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i, ok := r.byID[id]; ok {
		if r.rows[i].txid <= txid {
			r.rows[i] = newRow(id, text, txid)
		}
		return
	}
	if r.byID == nil {
		r.byID = map[string]int32{}
	}
	r.byID[id] = int32(len(r.rows))
	r.rows = append(r.rows, newRow(id, text, txid))
}

// len is how many participants the index holds.
func (r *resident) len() int {
	r.fresh()
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.rows)
}

// text is the search text of one participant (nil: unknown).
func (r *resident) text(id string) []byte {
	r.fresh()
	r.mu.RLock()
	defer r.mu.RUnlock()
	if i, ok := r.byID[id]; ok {
		return r.rows[i].text
	}
	return nil
}

// scan calls fn for every row whose text may hold every byte of mask,
// under the read lock (texts are replaced, never changed, so fn may keep
// them).
func (r *resident) scan(mask uint64, fn func(id string, text, name []byte)) {
	r.fresh()
	r.mu.RLock()
	defer r.mu.RUnlock()
	for i := range r.rows {
		if row := &r.rows[i]; row.mask&mask == mask {
			fn(row.id, row.text, row.text[:row.name])
		}
	}
}

// scanNames calls fn for every row whose name's letter mask passes
// letters, under the read lock; first >= 0 looks only at the first rows
// (rows are appended, never moved).
func (r *resident) scanNames(first int, letters func(uint64) bool, fn func(id string, text, name []byte)) {
	r.fresh()
	r.mu.RLock()
	defer r.mu.RUnlock()
	n := len(r.rows)
	if first >= 0 {
		n = min(n, first)
	}
	for i := range n {
		if row := &r.rows[i]; letters(row.letters) {
			fn(row.id, row.text, row.text[:row.name])
		}
	}
}
