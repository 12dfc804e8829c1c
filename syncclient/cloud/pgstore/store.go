package pgstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/cloud"
)

// Errors of the PostgreSQL back end, matched with errors.Is.
var (
	ErrNoEvent = cloud.ErrNoEvent
	// ErrEventExists: CreateEvent found another event by the same identity.
	ErrEventExists = errors.New("another event by this identity is in the cloud already")
)

// DB is the cloud's database: many events, shared by every server process
// that opened it.
type DB struct {
	pool *pgxpool.Pool
	// Now is the clock for token stamps and the working copies (nil:
	// time.Now). Set it before the first Event.
	Now func() time.Time
	// Dir holds the working copies ("": a temporary directory, removed
	// by Close).
	Dir string

	mu      sync.Mutex
	events  map[string]*Event // by identity: one working copy each
	tempDir string
}

// Open brings the database at dsn to the latest schema and connects to it.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if err := Migrate(ctx, dsn); err != nil {
		return nil, err
	}
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return &DB{pool: pool}, nil
}

// Close closes the working copies and the connections.
func (db *DB) Close() {
	db.closeCopies()
	db.pool.Close()
}

// closeCopies closes the working copies and removes their temporary
// directory.
func (db *DB) closeCopies() {
	db.mu.Lock()
	defer db.mu.Unlock()
	for _, e := range db.events {
		e.copyMu.Lock()
		if e.copy != nil {
			e.copy.Close()
			e.copy = nil
		}
		e.copyMu.Unlock()
	}
	db.events = nil
	if db.tempDir != "" {
		os.RemoveAll(db.tempDir)
		db.tempDir = ""
	}
}

// copyDir is where the working copies are kept.
func (db *DB) copyDir() (string, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.Dir != "" {
		return db.Dir, os.MkdirAll(db.Dir, 0o700)
	}
	if db.tempDir == "" {
		d, err := os.MkdirTemp("", "racedesk-cloud-")
		if err != nil {
			return "", fmt.Errorf("working copies: %w", err)
		}
		db.tempDir = d
	}
	return db.tempDir, nil
}

// now is the clock, to the microsecond PostgreSQL keeps, in UTC.
func (db *DB) now() time.Time {
	t := time.Now()
	if db.Now != nil {
		t = db.Now()
	}
	return t.UTC().Truncate(time.Microsecond)
}

// digest is the SHA-256 of a secret, as stored ("" has none: NULL).
func digest(tok string) []byte {
	if tok == "" {
		return nil
	}
	sum := sha256.Sum256([]byte(tok))
	return sum[:]
}

// CreateEvent puts an event into the cloud, served as serverDevice's log,
// with its enrolment token (stored as its digest; "": none). Creating the
// same event again changes nothing; another event of the same identity
// (another definition, server device or enrolment token) is
// ErrEventExists.
func (db *DB) CreateEvent(ctx context.Context, ev *model.Event, serverDevice, enrolToken string) error {
	return db.CreateEventAs(ctx, ev, serverDevice, "", enrolToken)
}

// CreateEventAs is CreateEvent with the desk name the cloud's own changes
// carry (its bib pools are that desk's; "": "Cloud").
func (db *DB) CreateEventAs(ctx context.Context, ev *model.Event, serverDevice, desk, enrolToken string) error {
	if desk == "" {
		desk = "Cloud"
	}
	given := serverDevice
	if serverDevice == "" {
		serverDevice = uuid.NewString() // a new cloud device, if the event is new
	}
	def, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("create event: %w", err)
	}
	id := ev.Identity()
	enrol := digest(enrolToken)
	_, err = db.pool.Exec(ctx, `INSERT INTO events (identity, definition, server_device, enrol_hash, desk)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (identity) DO NOTHING`, id, def, serverDevice, enrol, desk)
	if err != nil {
		return fmt.Errorf("create event %s: %w", id, err)
	}
	var same bool
	var gotEnrol []byte
	err = db.pool.QueryRow(ctx, `SELECT definition = $2::jsonb AND ($3 = '' OR server_device = $3), enrol_hash
		FROM events WHERE identity = $1`, id, def, given).Scan(&same, &gotEnrol)
	if err != nil {
		return fmt.Errorf("create event %s: %w", id, err)
	}
	if !same || !bytes.Equal(gotEnrol, enrol) {
		return fmt.Errorf("create event %s: %w", id, ErrEventExists)
	}
	return nil
}

// Event opens the event by its identity (model.Event.Identity);
// ErrNoEvent if the cloud holds none by that name.
func (db *DB) Event(ctx context.Context, identity string) (*Event, error) {
	db.mu.Lock()
	e, ok := db.events[identity]
	db.mu.Unlock()
	if ok {
		return e, nil
	}
	e, err := db.readEvent(ctx, identity)
	if err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if had, ok := db.events[identity]; ok {
		return had, nil
	}
	if db.events == nil {
		db.events = map[string]*Event{}
	}
	db.events[identity] = e
	return e, nil
}

func (db *DB) readEvent(ctx context.Context, identity string) (*Event, error) {
	e := &Event{db: db}
	var def []byte
	err := db.pool.QueryRow(ctx, `SELECT id, definition, server_device, enrol_hash, desk FROM events WHERE identity = $1`, identity).
		Scan(&e.id, &def, &e.server, &e.enrol, &e.desk)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%w: %q", ErrNoEvent, identity)
	}
	if err != nil {
		return nil, fmt.Errorf("event %s: %w", identity, err)
	}
	if err := json.Unmarshal(def, &e.event); err != nil {
		return nil, fmt.Errorf("event %s: %w", identity, err)
	}
	return e, nil
}

// Event is one event of the database, as the protocol server uses it.
// What it holds of the event row is immutable; tokens are read per call,
// so a revocation on one process takes effect at once on every other.
type Event struct {
	db     *DB
	id     int64
	event  model.Event
	server string
	enrol  []byte
	desk   string // the name the cloud's own changes carry

	copyMu sync.Mutex
	copy   *store.Store // the working copy (copy.go), built on first use
}

var _ cloud.EventBackend = (*Event)(nil)

func (e *Event) Event() *model.Event { return &e.event }
func (e *Event) Server() string      { return e.server }

// IsHub is false: a hub serves its venue from a desk, never from here.
func (e *Event) IsHub() bool { return false }

// Enrol reports whether tok is the event's enrolment token (constant-time
// on its digest).
func (e *Event) Enrol(tok string) bool {
	return tok != "" && e.enrol != nil && subtle.ConstantTimeCompare(digest(tok), e.enrol) == 1
}

const tokenColumns = `hash, prefix, desk, device, via, parent, hub, created, revoked`

func scanToken(row pgx.Row) (store.DeskToken, error) {
	var t store.DeskToken
	var hash []byte
	var revoked *time.Time
	if err := row.Scan(&hash, &t.Prefix, &t.Desk, &t.Device, &t.Via, &t.Parent, &t.Hub, &t.Created, &revoked); err != nil {
		return t, err
	}
	t.Hash = hex.EncodeToString(hash)
	t.Created = t.Created.UTC()
	if revoked != nil {
		t.Revoked = revoked.UTC()
	}
	return t, nil
}

// hashBytes is a store.TokenHash as stored.
func hashBytes(hash string) ([]byte, error) {
	b, err := hex.DecodeString(hash)
	if err != nil || len(b) != sha256.Size {
		return nil, fmt.Errorf("not a token digest: %q", hash)
	}
	return b, nil
}

func (e *Event) putToken(ctx context.Context, tx pgx.Tx, t store.DeskToken) error {
	hash, err := hashBytes(t.Hash)
	if err != nil {
		return err
	}
	var revoked *time.Time
	if !t.Revoked.IsZero() {
		revoked = &t.Revoked
	}
	_, err = tx.Exec(ctx, `INSERT INTO desk_tokens (event_id, `+tokenColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (hash) DO UPDATE SET device = EXCLUDED.device, revoked = EXCLUDED.revoked
		WHERE desk_tokens.event_id = EXCLUDED.event_id`,
		e.id, hash, t.Prefix, t.Desk, t.Device, t.Via, t.Parent, t.Hub, t.Created, revoked)
	if err != nil {
		return fmt.Errorf("store token: %w", err)
	}
	return nil
}

// token finds a token of this event by its digest (store.ErrTokenUnknown),
// within tx (nil: outside any transaction).
func (e *Event) token(ctx context.Context, tx pgx.Tx, hash string) (store.DeskToken, error) {
	b, err := hashBytes(hash)
	if err != nil {
		return store.DeskToken{}, err
	}
	var row pgx.Row
	const sel = `SELECT ` + tokenColumns + ` FROM desk_tokens WHERE hash = $1 AND event_id = $2`
	if tx != nil {
		row = tx.QueryRow(ctx, sel, b, e.id)
	} else {
		row = e.db.pool.QueryRow(ctx, sel, b, e.id)
	}
	t, err := scanToken(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return t, store.ErrTokenUnknown
	}
	if err != nil {
		return t, fmt.Errorf("read token: %w", err)
	}
	return t, nil
}

// Authenticate finds a desk token of this event in force: a token of
// another event is unknown here.
func (e *Event) Authenticate(ctx context.Context, tok string) (store.DeskToken, error) {
	t, err := e.token(ctx, nil, store.TokenHash(tok))
	if err != nil {
		return t, err
	}
	if !t.Revoked.IsZero() {
		return t, store.ErrTokenRevoked
	}
	return t, nil
}

// IssueToken makes an organizer's token for a desk, bound to the first
// device that joins with it (store.Store.IssueToken).
func (e *Event) IssueToken(ctx context.Context, desk string) (string, store.DeskToken, error) {
	return e.issueToken(ctx, desk, false)
}

// IssueHubToken is IssueToken for a hub (store.Store.IssueHubToken).
func (e *Event) IssueHubToken(ctx context.Context, desk string) (string, store.DeskToken, error) {
	return e.issueToken(ctx, desk, true)
}

func (e *Event) issueToken(ctx context.Context, desk string, hub bool) (string, store.DeskToken, error) {
	if err := store.CheckDeskName(desk); err != nil {
		return "", store.DeskToken{}, err
	}
	tok := store.NewToken()
	t := store.DeskToken{Hash: store.TokenHash(tok), Prefix: store.TokenPrefix(tok), Desk: desk, Via: "organizer", Created: e.db.now(), Hub: hub}
	err := pgx.BeginFunc(ctx, e.db.pool, func(tx pgx.Tx) error { return e.putToken(ctx, tx, t) })
	if err != nil {
		return "", store.DeskToken{}, fmt.Errorf("issue token: %w", err)
	}
	return tok, t, nil
}

// Join binds req.Token to req.Device on the authority of auth (nil: the
// enrolment token), by store.Store.Join's rules and with its errors. The
// joins of one event take its row's lock one after another (as bbolt's
// one writer), so two processes never bind one device twice.
func (e *Event) Join(ctx context.Context, auth *store.DeskToken, req store.JoinRequest) (store.DeskToken, error) {
	if !store.ValidToken(req.Token) {
		return store.DeskToken{}, errors.New("the desk's token is too short")
	}
	if err := store.CheckDeskName(req.Desk); err != nil {
		return store.DeskToken{}, err
	}
	var out store.DeskToken
	err := pgx.BeginFunc(ctx, e.db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM events WHERE id = $1 FOR UPDATE`, e.id); err != nil {
			return err
		}
		hash := store.TokenHash(req.Token)
		b, _ := hashBytes(hash)
		var other bool // the secret is a token of another event
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM desk_tokens WHERE hash = $1 AND event_id <> $2)`, b, e.id).Scan(&other); err != nil {
			return err
		}
		if other {
			return store.ErrTokenOtherDevice
		}
		if t, err := e.token(ctx, tx, hash); err == nil {
			if t.Device != req.Device || !t.Revoked.IsZero() {
				return store.ErrTokenOtherDevice
			}
			out = t // a repeated join
			return nil
		} else if !errors.Is(err, store.ErrTokenUnknown) {
			return err
		}
		if auth != nil {
			// The authority as it is now, not as the request found it.
			cur, err := e.token(ctx, tx, auth.Hash)
			if err != nil {
				return err
			}
			auth = &cur
		}
		via, parent, err := e.joinAuthority(ctx, tx, auth, req)
		if err != nil {
			return err
		}
		out = store.DeskToken{Hash: hash, Prefix: store.TokenPrefix(req.Token), Desk: req.Desk, Device: req.Device, Via: via, Parent: parent, Created: e.db.now(),
			Hub: auth != nil && auth.Hub}
		return e.putToken(ctx, tx, out)
	})
	if err != nil {
		return store.DeskToken{}, err
	}
	return out, nil
}

// joinAuthority decides whether auth may join req.Device, and how
// (store's joinAuthority, case for case).
func (e *Event) joinAuthority(ctx context.Context, tx pgx.Tx, auth *store.DeskToken, req store.JoinRequest) (via, parent string, err error) {
	var bound int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM desk_tokens WHERE event_id = $1 AND device = $2`, e.id, req.Device).Scan(&bound); err != nil {
		return "", "", err
	}
	switch {
	case auth == nil:
		if bound > 0 {
			return "", "", store.ErrDeviceJoined // nobody takes over a desk that joined
		}
		return "join", "", nil
	case !auth.Revoked.IsZero():
		return "", "", store.ErrTokenRevoked
	case auth.Device == req.Device:
		return "join", "", nil // a second token for itself
	case auth.Device == "" && bound == 0:
		auth.Device = req.Device // the organizer's token is now this desk's
		return "organizer", "", e.putToken(ctx, tx, *auth)
	case auth.Device != "" && auth.Device == req.Previous && bound == 0:
		return "successor", req.Previous, nil
	case bound > 0:
		return "", "", store.ErrDeviceJoined
	}
	return "", "", store.ErrTokenOtherDevice
}

// Tokens lists the event's desk tokens, oldest first.
func (e *Event) Tokens(ctx context.Context) ([]store.DeskToken, error) {
	rows, err := e.db.pool.Query(ctx, `SELECT `+tokenColumns+` FROM desk_tokens WHERE event_id = $1 ORDER BY created, hash`, e.id)
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.DeskToken, error) { return scanToken(r) })
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	return out, nil
}

// RevokeTokens revokes every token of the event in force that sel names
// (store.Store.RevokeTokens) and returns them.
func (e *Event) RevokeTokens(ctx context.Context, sel string) ([]store.DeskToken, error) {
	sel = strings.TrimSpace(sel)
	if err := store.CheckSelector(sel); err != nil {
		return nil, err
	}
	var out []store.DeskToken
	err := pgx.BeginFunc(ctx, e.db.pool, func(tx pgx.Tx) error {
		out = nil
		rows, err := tx.Query(ctx, `SELECT `+tokenColumns+` FROM desk_tokens
			WHERE event_id = $1 AND revoked IS NULL ORDER BY created, hash FOR UPDATE`, e.id)
		if err != nil {
			return err
		}
		all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.DeskToken, error) { return scanToken(r) })
		if err != nil {
			return err
		}
		now := e.db.now()
		for _, t := range all {
			if !t.Selected(sel) {
				continue
			}
			t.Revoked = now
			if err := e.putToken(ctx, tx, t); err != nil {
				return err
			}
			out = append(out, t)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("revoke tokens: %w", err)
	}
	return out, nil
}

// Open is the event of that identity, as the protocol server serves it
// (cloud.Backend).
func (db *DB) Open(ctx context.Context, identity string) (cloud.EventBackend, error) {
	e, err := db.Event(ctx, identity)
	if err != nil {
		return nil, err
	}
	return e, nil
}

// Only is the database's one event (cloud.Backend): requests without an
// event's path prefix are served when there is exactly one, so a desk
// moved here from the bbolt cloud keeps its URL.
func (db *DB) Only(ctx context.Context) (cloud.EventBackend, error) {
	ids, err := db.Identities(ctx)
	if err != nil {
		return nil, err
	}
	switch len(ids) {
	case 0:
		return nil, ErrNoEvent
	case 1:
		return db.Open(ctx, ids[0])
	}
	return nil, cloud.ErrWhichEvent
}

// Identities lists the events in the database, by identity.
func (db *DB) Identities(ctx context.Context) ([]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT identity FROM events ORDER BY identity`)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	return ids, nil
}

var _ cloud.Backend = (*DB)(nil)

// Summary is one event of the database, for the organizer's list.
type Summary struct {
	Identity string `json:"identity"`
	Name     string `json:"name"`
	Date     string `json:"date"`
	Changes  int64  `json:"changes"`
	Tokens   int64  `json:"desk_tokens"`
}

// Summaries lists the events with their log's length and desk tokens.
func (db *DB) Summaries(ctx context.Context) ([]Summary, error) {
	rows, err := db.pool.Query(ctx, `SELECT e.identity, e.definition->>'name', e.definition->>'date', e.head,
		(SELECT count(*) FROM desk_tokens t WHERE t.event_id = e.id AND t.revoked IS NULL)
		FROM events e ORDER BY e.identity`)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Summary, error) {
		var s Summary
		var name, date *string
		err := r.Scan(&s.Identity, &name, &date, &s.Changes, &s.Tokens)
		if name != nil {
			s.Name = *name
		}
		if date != nil {
			s.Date = *date
		}
		return s, err
	})
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	return out, nil
}

// Ping checks the database answers (a load balancer's health check).
func (db *DB) Ping(ctx context.Context) error { return db.pool.Ping(ctx) }
