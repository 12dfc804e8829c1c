package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/racedesk/racedesk/model/store"
)

// MoveReport is what MoveIn moved, and the proof it is whole: the
// original's digest and the digest of a working copy built from the
// database alone (a fresh process's view), which must be equal.
type MoveReport struct {
	Identity string              `json:"identity"`
	Server   string              `json:"server_device"`
	Tokens   int                 `json:"tokens"`
	Notices  int                 `json:"notices"`
	Parked   int                 `json:"parked"`
	From     store.ContentDigest `json:"from"`
	To       store.ContentDigest `json:"to"`
}

// ErrMoveDiffers: the event in the database is not the one in the file.
var ErrMoveDiffers = errors.New("the event in PostgreSQL differs from the file")

// MoveIn moves the event of a bbolt cloud's file into the database, in
// one transaction: the event under the file's cloud device (so every
// desk's pull cursor stays valid), the desk tokens (as their digests: the
// file holds no token in clear either), the log with its positions, the
// mutation IDs applied, parked edits, notices and the clock. enrolToken
// is the event's enrolment token (the file does not hold it: 'cloud
// serve --token-file'); "" for none. Then it builds a working copy from
// the database with a separate connection and compares digests.
// An event already in the database is ErrEventExists: nothing is merged.
func (db *DB) MoveIn(ctx context.Context, s *store.Store, enrolToken string) (MoveReport, error) {
	ev, dev := s.Event(), s.Device()
	rep := MoveReport{Identity: ev.Identity(), Server: dev.ID}
	from, err := s.Digest()
	if err != nil {
		return rep, fmt.Errorf("move %s: %w", rep.Identity, err)
	}
	rep.From = from
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{})
	if err != nil {
		return rep, fmt.Errorf("move %s: %w", rep.Identity, err)
	}
	defer tx.Rollback(context.Background())
	if err := db.moveIn(ctx, tx, s, enrolToken, &rep); err != nil {
		return rep, fmt.Errorf("move %s: %w", rep.Identity, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return rep, fmt.Errorf("move %s: %w", rep.Identity, err)
	}
	to, differ, err := db.verifyCopy(ctx, rep.Identity, s)
	rep.To = to
	if err != nil {
		return rep, fmt.Errorf("move %s: check: %w", rep.Identity, err)
	}
	if to != from {
		return rep, fmt.Errorf("move %s: %w: %+v in the file, %+v here; differing entries: %s", rep.Identity, ErrMoveDiffers, from, to, strings.Join(differ, ", "))
	}
	return rep, nil
}

func (db *DB) moveIn(ctx context.Context, tx pgx.Tx, s *store.Store, enrolToken string, rep *MoveReport) error {
	ev, dev := s.Event(), s.Device()
	def, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	hlc, own, err := s.CloudClock()
	if err != nil {
		return err
	}
	log, err := s.Log(0, 0)
	if err != nil {
		return err
	}
	var head uint64
	if len(log) > 0 {
		head = log[len(log)-1].Seq
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO events (identity, definition, server_device, enrol_hash, desk, head, hlc, own_seq, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) ON CONFLICT (identity) DO NOTHING RETURNING id`,
		rep.Identity, def, dev.ID, digest(enrolToken), dev.Desk, int64(head), int64(hlc), int64(own)).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrEventExists
	}
	if err != nil {
		return err
	}
	e := &Event{db: db, id: id}
	tokens, err := s.Tokens()
	if err != nil {
		return err
	}
	for _, t := range tokens {
		if err := e.putToken(ctx, tx, t); err != nil {
			return err
		}
	}
	rep.Tokens = len(tokens)
	if err := copyRows(ctx, tx, "changes", []string{"event_id", "pos", "device", "seq", "hlc", "desk", "entity", "record_id", "op", "origin", "relay", "body"}, len(log), func(i int) []any {
		ch := &log[i]
		return []any{id, int64(ch.Seq), ch.Device, int64(ch.DevSeq), int64(ch.HLC), ch.Desk, ch.Entity, ch.ID, ch.Op, string(ch.Origin), ch.Relay, store.EncodeChange(ch)}
	}); err != nil {
		return fmt.Errorf("log: %w", err)
	}
	muts, err := s.Mutations()
	if err != nil {
		return err
	}
	if err := copyRows(ctx, tx, "mutations", []string{"event_id", "device", "seq", "hlc", "digest", "ver"}, len(muts), func(i int) []any {
		m := muts[i]
		return []any{id, m.Device, int64(m.Seq), int64(m.HLC), m.Digest, int64(1)}
	}); err != nil {
		return fmt.Errorf("mutations: %w", err)
	}
	parked, err := s.Parked()
	if err != nil {
		return err
	}
	if err := copyRows(ctx, tx, "parked", []string{"event_id", "record_id", "arrival", "body"}, len(parked), func(i int) []any {
		return []any{id, parked[i].ID, int64(i + 1), store.EncodeChange(&parked[i])}
	}); err != nil {
		return fmt.Errorf("parked: %w", err)
	}
	rep.Parked = len(parked)
	notices, err := s.Notices()
	if err != nil {
		return err
	}
	for _, n := range notices {
		if _, err := tx.Exec(ctx, `INSERT INTO notices (event_id, notice) VALUES ($1, $2)`, id, n); err != nil {
			return fmt.Errorf("notices: %w", err)
		}
	}
	rep.Notices = len(notices)
	return nil
}

func copyRows(ctx context.Context, tx pgx.Tx, table string, cols []string, n int, row func(int) []any) error {
	if n == 0 {
		return nil
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromSlice(n, func(i int) ([]any, error) { return row(i), nil }))
	return err
}

// verifyCopy builds a working copy of the event from the database alone,
// as a process that never saw the file would, and digests it.
// It names the first entries that differ from the file's, if any.
func (db *DB) verifyCopy(ctx context.Context, identity string, file *store.Store) (store.ContentDigest, []string, error) {
	fresh := &DB{pool: db.pool, Now: db.Now}
	defer fresh.closeCopies()
	e, err := fresh.Event(ctx, identity)
	if err != nil {
		return store.ContentDigest{}, nil, err
	}
	s, err := e.Store()
	if err != nil {
		return store.ContentDigest{}, nil, err
	}
	d, err := s.Digest()
	if err != nil {
		return d, nil, err
	}
	var differ []string
	a, b := file.DigestEntries(), s.DigestEntries()
	for k, v := range a {
		if b[k] != v {
			differ = append(differ, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			differ = append(differ, k)
		}
	}
	sort.Strings(differ)
	return d, differ[:min(len(differ), 5)], nil
}
