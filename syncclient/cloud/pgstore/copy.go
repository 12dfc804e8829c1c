package pgstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// Push and feed (docs/cloud-postgres.md): PostgreSQL holds the truth —
// the log with its positions, the mutation IDs applied, parked edits,
// notices, the event's clock. Each server process keeps a working copy of
// each event it serves, a bbolt store with a store.Mirror: the copy runs
// the bbolt cloud's push code (the same dedup, validation and merge
// rules, not a second implementation), and every write transaction of it
// is a transaction here, under the event's head row lock.

// callTimeout bounds one transaction of a working copy: no request waits
// on the database without a deadline.
const callTimeout = 30 * time.Second

// Store returns the event's working copy: a store whose reads show the
// event as of its last write or Refresh, and whose writes (Import,
// RegisterMany, Push…) are transactions of the database. It is built
// from the database the first time, and kept.
func (e *Event) Store() (*store.Store, error) {
	e.copyMu.Lock()
	defer e.copyMu.Unlock()
	if e.copy != nil {
		return e.copy, nil
	}
	dir, err := e.db.copyDir()
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "event-"+strconv.FormatInt(e.id, 10)+".db")
	for _, p := range []string{path, path + ".creating"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("working copy of %s: %w", e.event.Identity(), err)
		}
	}
	m := &mirror{e: e}
	s, err := store.Create(path, &e.event, e.desk, store.Options{
		Now: e.db.Now, Mirror: m, DeviceID: e.server, Scratch: true, Cloud: true,
	})
	if err != nil {
		return nil, fmt.Errorf("working copy of %s: %w", e.event.Identity(), err)
	}
	// The whole log, from a snapshot without the head row lock: the
	// event's writers in other processes go on meanwhile. Then what
	// they wrote since, under the lock, as every transaction does.
	m.snapshot = true
	err = s.Refresh()
	m.snapshot = false
	if err == nil {
		err = s.Refresh()
	}
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("working copy of %s: %w", e.event.Identity(), err)
	}
	e.copy = s
	return s, nil
}

// dropCopy forgets a working copy that could not catch up (it is built
// again from the database on the next call).
func (e *Event) dropCopy(s *store.Store) {
	e.copyMu.Lock()
	defer e.copyMu.Unlock()
	if e.copy == s {
		e.copy = nil
		s.Close()
	}
}

// Push applies a push with the bbolt cloud's rules (store.PushHolding or
// PushRelayed) on the working copy, in one transaction of the database.
func (e *Event) Push(_ context.Context, relay, asker string, push []store.Change, hold bool) (map[string]*store.Ack, error) {
	s, err := e.Store()
	if err != nil {
		return nil, err
	}
	var acks map[string]*store.Ack
	if hold {
		acks, err = s.PushHolding(relay, asker, push)
	} else {
		acks, err = s.PushRelayed(relay, asker, push)
	}
	if errors.Is(err, store.ErrMirrorDiverged) {
		e.dropCopy(s)
	}
	return acks, err
}

// Feed reads the log after a cursor from the database, as store.Feed
// reads the bbolt log: up to limit changes not made by exclude, the
// position to ask from next, whether more wait. Each batch is its own
// statement; the head row lock makes positions visible in order
// (docs/cloud-postgres.md, the proof), so a later batch never finds a
// position below one an earlier batch passed.
func (e *Event) Feed(ctx context.Context, after uint64, exclude string, limit int) (changes []store.Change, next uint64, more bool, err error) {
	next = after
	const batch = 1000
	for {
		rows, err := e.db.pool.Query(ctx, `SELECT pos, device, body FROM changes
			WHERE event_id = $1 AND pos > $2 ORDER BY pos LIMIT $3`, e.id, int64(next), batch)
		if err != nil {
			return nil, 0, false, fmt.Errorf("feed of %s: %w", e.event.Identity(), err)
		}
		n := 0
		for rows.Next() {
			n++
			if limit > 0 && len(changes) >= limit {
				more = true
				break
			}
			var pos int64
			var dev string
			var body []byte
			if err := rows.Scan(&pos, &dev, &body); err != nil {
				rows.Close()
				return nil, 0, false, fmt.Errorf("feed of %s: %w", e.event.Identity(), err)
			}
			next = uint64(pos)
			if dev == exclude {
				continue
			}
			ch, err := store.DecodeChange(uint64(pos), body)
			if err != nil {
				rows.Close()
				return nil, 0, false, fmt.Errorf("feed of %s: %w", e.event.Identity(), err)
			}
			changes = append(changes, ch)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, 0, false, fmt.Errorf("feed of %s: %w", e.event.Identity(), err)
		}
		if more || n < batch {
			return changes, next, more, nil
		}
	}
}

// mirror is a working copy's view of the database: one transaction at a
// time (the copy's bbolt write lock orders them).
type mirror struct {
	e       *Event
	tx      pgx.Tx
	cancel  context.CancelFunc
	ctx     context.Context
	version uint64
	// snapshot: catch up from one consistent snapshot (REPEATABLE READ,
	// read only) without the head row lock — for a copy's first build;
	// its transaction must write nothing.
	snapshot bool
}

// testHookBeforeCommit runs after a transaction wrote the log and
// before it commits (tests hold a writer there).
var testHookBeforeCommit func(identity string, first, last uint64)

// testUnlockedPositions switches the head row lock off and takes
// positions from a sequence instead: the design the proof rejects, for
// the test that shows it skips changes.
var testUnlockedPositions bool

func (m *mirror) Lock(at store.MirrorMark) (*store.MirrorCatchUp, error) {
	m.ctx, m.cancel = context.WithTimeout(context.Background(), callTimeout)
	opts, lock := pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, " FOR UPDATE"
	if m.snapshot {
		// One snapshot for the row and the log: by the head row's proof
		// the positions it holds are a prefix, up to the head it shows.
		opts, lock = pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, ""
	}
	if testUnlockedPositions {
		lock = ""
	}
	tx, err := m.e.db.pool.BeginTx(m.ctx, opts)
	if err != nil {
		m.cancel()
		return nil, err
	}
	m.tx = tx
	cu := &store.MirrorCatchUp{}
	var head, version, hlc, own int64
	if err := tx.QueryRow(m.ctx, `SELECT head, version, hlc, own_seq FROM events WHERE id = $1`+lock, m.e.id).Scan(&head, &version, &hlc, &own); err != nil {
		m.Rollback()
		return nil, err
	}
	cu.Head, cu.Version, cu.HLC, cu.OwnSeq = uint64(head), uint64(version), model.HLC(hlc), uint64(own)
	m.version = cu.Version
	if cu.Version == at.Version && cu.Head == at.Head {
		return cu, nil
	}
	if err := m.catchUp(at, cu); err != nil {
		m.Rollback()
		return nil, err
	}
	return cu, nil
}

// catchUp reads what was committed since the working copy's mark.
func (m *mirror) catchUp(at store.MirrorMark, cu *store.MirrorCatchUp) error {
	var err error
	rows, _ := m.tx.Query(m.ctx, `SELECT pos, body FROM changes WHERE event_id = $1 AND pos > $2 ORDER BY pos`, m.e.id, int64(at.Head))
	if cu.Log, err = pgx.CollectRows(rows, scanChange); err != nil {
		return err
	}
	rows, _ = m.tx.Query(m.ctx, `SELECT device, seq, hlc, digest FROM mutations WHERE event_id = $1 AND ver > $2`, m.e.id, int64(at.Version))
	if cu.Applied, err = pgx.CollectRows(rows, scanMutation); err != nil {
		return err
	}
	rows, _ = m.tx.Query(m.ctx, `SELECT 0, body FROM parked WHERE event_id = $1 ORDER BY arrival`, m.e.id)
	cu.Parked, err = pgx.CollectRows(rows, scanChange)
	cu.ParkedKnown = err == nil
	return err
}

// scanChange reads a (position, entry) row.
func scanChange(row pgx.CollectableRow) (store.Change, error) {
	var pos int64
	var body []byte
	if err := row.Scan(&pos, &body); err != nil {
		return store.Change{}, err
	}
	return store.DecodeChange(uint64(pos), body)
}

func scanMutation(row pgx.CollectableRow) (store.Mutation, error) {
	var mu store.Mutation
	var seq, hlc int64
	err := row.Scan(&mu.Device, &seq, &hlc, &mu.Digest)
	mu.Seq, mu.HLC = uint64(seq), model.HLC(hlc)
	return mu, err
}

func (m *mirror) Rollback() {
	if m.tx != nil {
		m.tx.Rollback(context.Background())
		m.tx = nil
	}
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
}

// Commit writes what the working copy's transaction added and commits.
func (m *mirror) Commit(d *store.MirrorDelta) (uint64, error) {
	defer m.Rollback() // after a commit: only the context
	if m.snapshot && !d.Empty() {
		return 0, errors.New("a working copy wrote while catching up from a snapshot")
	}
	if d.Empty() {
		// Nothing to keep (a retried push, a refresh): the clock too
		// moves only with a write.
		return m.version, m.tx.Commit(m.ctx)
	}
	version := m.version + 1
	if err := m.writeLog(d); err != nil {
		return 0, fmt.Errorf("log: %w", err)
	}
	if len(d.Applied) > 0 {
		rows := make([][]any, len(d.Applied))
		for i, mu := range d.Applied {
			rows[i] = []any{m.e.id, mu.Device, int64(mu.Seq), int64(mu.HLC), mu.Digest, int64(version)}
		}
		if _, err := m.tx.CopyFrom(m.ctx, pgx.Identifier{"mutations"}, []string{"event_id", "device", "seq", "hlc", "digest", "ver"}, pgx.CopyFromRows(rows)); err != nil {
			return 0, fmt.Errorf("mutations: %w", err)
		}
	}
	for _, n := range d.Notices {
		if _, err := m.tx.Exec(m.ctx, `INSERT INTO notices (event_id, notice) VALUES ($1, $2)`, m.e.id, n); err != nil {
			return 0, fmt.Errorf("notices: %w", err)
		}
	}
	if d.ParkedChanged {
		if _, err := m.tx.Exec(m.ctx, `DELETE FROM parked WHERE event_id = $1`, m.e.id); err != nil {
			return 0, fmt.Errorf("parked: %w", err)
		}
		for i := range d.Parked {
			if _, err := m.tx.Exec(m.ctx, `INSERT INTO parked (event_id, record_id, arrival, body) VALUES ($1, $2, $3, $4)`,
				m.e.id, d.Parked[i].ID, i+1, store.EncodeChange(&d.Parked[i])); err != nil {
				return 0, fmt.Errorf("parked: %w", err)
			}
		}
	}
	head := d.Head + uint64(len(d.Log))
	if testUnlockedPositions {
		// No head row: positions came from the sequence.
	} else if _, err := m.tx.Exec(m.ctx, `UPDATE events SET head = GREATEST(head, $2), version = $3,
		hlc = GREATEST(hlc, $4), own_seq = GREATEST(own_seq, $5) WHERE id = $1`,
		m.e.id, int64(head), int64(version), int64(d.HLC), int64(d.OwnSeq)); err != nil {
		return 0, fmt.Errorf("head: %w", err)
	}
	if testHookBeforeCommit != nil && len(d.Log) > 0 {
		testHookBeforeCommit(m.e.event.Identity(), d.Log[0].Seq, d.Log[len(d.Log)-1].Seq)
	}
	if err := m.tx.Commit(m.ctx); err != nil {
		return 0, err
	}
	return version, nil
}

// writeLog inserts the log entries at their positions: those after the
// head read under its lock.
func (m *mirror) writeLog(d *store.MirrorDelta) error {
	if len(d.Log) == 0 {
		return nil
	}
	rows := make([][]any, len(d.Log))
	for i := range d.Log {
		ch := &d.Log[i]
		pos := int64(ch.Seq)
		if testUnlockedPositions {
			if err := m.tx.QueryRow(m.ctx, `SELECT nextval('test_positions')`).Scan(&pos); err != nil {
				return err
			}
			ch.Seq = uint64(pos)
		}
		rows[i] = []any{m.e.id, pos, ch.Device, int64(ch.DevSeq), int64(ch.HLC), ch.Desk, ch.Entity, ch.ID, ch.Op,
			string(ch.Origin), ch.Relay, store.EncodeChange(ch)}
	}
	_, err := m.tx.CopyFrom(m.ctx, pgx.Identifier{"changes"},
		[]string{"event_id", "pos", "device", "seq", "hlc", "desk", "entity", "record_id", "op", "origin", "relay", "body"}, pgx.CopyFromRows(rows))
	return err
}

// SetCommitHook runs f in every transaction that wrote the log, after it
// wrote and before it commits, until the returned function is called: a
// test of another package holds writers open there (nil: none).
func SetCommitHook(f func(identity string, first, last uint64)) (restore func()) {
	old := testHookBeforeCommit
	testHookBeforeCommit = f
	return func() { testHookBeforeCommit = old }
}

// Replica is the working copy (cloud.EventBackend).
func (e *Event) Replica() (*store.Store, error) { return e.Store() }
