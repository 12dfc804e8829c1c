// Package store keeps an event in one bbolt file: the event, its
// participants, their indexes and the change log that sync builds on.
// Every mutation is one bbolt transaction that writes the record, keeps
// the indexes and appends to the change log together; it has committed
// (and been fsynced) before any method returns.
package store

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/google/uuid"
	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// SchemaVersion is the layout this binary writes. A file with a higher
// version is refused; a lower one is migrated on open.
const SchemaVersion = 4

// migrations[n] upgrades a file from schema n to n+1, inside the open
// transaction (see migrate.go).
var migrations = map[int]func(tx *bolt.Tx) error{
	1: migrateBibIndexToHolders,
	2: migrateOwnSeqIndex,
	3: migrateCompactRecords,
}

var (
	bMeta         = []byte("meta")
	bParticipants = []byte("participants")
	bBibIndex     = []byte("idx_bib")        // race \x00 bib(4 bytes BE) \x00 participant ID → nil; race \x00 bib → 1: given out once, never deleted
	bBibConflicts = []byte("bib_conflicts")  // race \x00 bib → JSON IDs of its holders (≥ 2)
	bSyncMuts     = []byte("sync_mutations") // device \x00 device seq → HLC (server: mutations applied)
	bExtIndex     = []byte("idx_ext")        // external registration ID → participant ID (pidKey)
	bLog          = []byte("changelog")      // local seq (8 bytes BE) → change (codec.go)
	bCounts       = []byte("counts")         // counter name → int64 (8 bytes BE)
	allBuckets    = [][]byte{bMeta, bParticipants, bBibIndex, bExtIndex, bLog, bCounts, bBibConflicts, bSyncMuts, bSyncLog, bTiming, bPrintJobs, bPrintData, bPrintKeys, bOwnSeq, bDeskTokens, bRelay, bParked}
)

var (
	kSchema   = []byte("schema")
	kDeviceID = []byte("device_id")
	kDesk     = []byte("desk")
	kEvent    = []byte("event")
	kHLC      = []byte("hlc")
	kDevSeq   = []byte("device_seq")
)

// Store is an open event database.
type Store struct {
	db     *bolt.DB
	path   string
	device Device
	event  *model.Event
	now    func() time.Time
	watch  watchers
	devMu  sync.RWMutex
	// cloud: this is the cloud's own file (ServeAsCloud); hub: a hub's
	// (ServeAsHub).
	cloud, hub bool
	// reidentifiedAtOpen: the file was copied or moved and took a new
	// identity when it was opened.
	reidentifiedAtOpen bool
	backupMu           sync.Mutex // one backup at a time (their temp files)
	res                resident   // the search index, in memory
	// arrived: registrations the write transaction arrivedTx applied by
	// sync (only one write transaction runs at a time).
	arrivedTx int
	arrived   []arrival
	// mirror: this is the working copy of an event kept elsewhere
	// (mirror.go); mtx is its bookkeeping of the write transaction.
	mirror Mirror
	mtx    *mirrorTx
}

// Device is this database's identity in sync and in the change log.
type Device struct {
	ID   string `json:"id"`
	Desk string `json:"desk"`
}

// Options tune Open and Create.
type Options struct {
	// LockTimeout is how long to wait for another process's lock; after
	// that Open fails with "in use". Default one second.
	LockTimeout time.Duration
	// Now is the clock (tests pin it). Default time.Now.
	Now func() time.Time
	// Desk renames this database's desk when not empty.
	Desk string
	// Cloud opens the cloud's own file: it keeps its identity wherever it
	// is (see ServeAsCloud).
	Cloud bool
	// Mirror makes the store the working copy of an event kept elsewhere
	// (mirror.go): every write transaction is also the truth's.
	Mirror Mirror
	// DeviceID is the identity Create gives the file ("" a new one): a
	// working copy serves under the event's cloud device.
	DeviceID string
	// Scratch: a copy that can be rebuilt (a working copy) skips fsync.
	Scratch bool
}

func (o Options) lockTimeout() time.Duration {
	if o.LockTimeout > 0 {
		return o.LockTimeout
	}
	return time.Second
}

// ErrInUse, ErrNewerSchema and ErrNoEvent are matched with errors.Is.
var (
	ErrInUse       = model.NewProblem(msg.ErrDBInUse)
	ErrNewerSchema = model.NewProblem(msg.ErrDBNewer)
	ErrNoEvent     = model.NewProblem(msg.ErrDBNoEvent)
	ErrNotFound    = model.NewProblem(msg.ErrNotFound)
)

// Open opens an existing event database.
func Open(path string, opts Options) (*Store, error) {
	// bbolt would create a missing file and format an empty one.
	if st, err := os.Stat(path); errors.Is(err, os.ErrNotExist) || (err == nil && st.Size() == 0) {
		return nil, model.NewProblem(msg.ErrDBNoEvent, path)
	}
	if opts.Desk != "" {
		// The desk's name goes on every change and every check-in, and
		// other desks show it: the text policy applies.
		d, err := model.CleanDeskName(opts.Desk)
		if err != nil {
			return nil, err
		}
		opts.Desk = d
	}
	s, err := openDB(path, opts, false)
	if err != nil {
		return nil, err
	}
	if err := s.load(opts); err != nil {
		s.db.Close()
		return nil, err
	}
	if err := s.db.View(s.res.build); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("open event db %s: %w", path, err)
	}
	if opts.Cloud && !s.hub { // a hub's file stays a hub's (token commands open it so too)
		if err := s.ServeAsCloud(); err != nil {
			s.db.Close()
			return nil, err
		}
	}
	if opts.Mirror != nil {
		s.mirror = opts.Mirror
	}
	before := s.Device().ID
	if err := s.checkHome(); err != nil {
		s.db.Close()
		return nil, err
	}
	s.reidentifiedAtOpen = s.Device().ID != before
	return s, nil
}

// Create makes a new event database at path for ev, with a new device ID
// and the given desk name. It refuses to touch an existing file. The file
// is built under a temporary name and renamed when complete, so a create
// that is killed halfway leaves no file without an event under path (and
// the next create removes what it left).
func Create(path string, ev *model.Event, desk string, opts Options) (*Store, error) {
	if err := ev.Check(); err != nil {
		return nil, err
	}
	var err error
	if desk, err = model.CleanDeskName(desk); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("create event db: %s already exists", path)
	}
	tmp := path + ".creating"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("create event db: %w", err)
	}
	if err := build(tmp, ev, desk, opts); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("create event db: %w", err)
	}
	if testHookCreated != nil {
		testHookCreated()
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("create event db: %w", err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("create event db: %w", err)
	}
	opts.Desk = ""
	return Open(path, opts)
}

// testHookCreated runs when the new file is complete under its temporary
// name (a test kills the process there).
var testHookCreated func()

// build writes a complete new event database at path.
func build(path string, ev *model.Event, desk string, opts Options) error {
	s, err := openDB(path, opts, true)
	if err != nil {
		return err
	}
	if desk == "" {
		desk = "Desk 1"
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		evJSON, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		for k, v := range map[string][]byte{
			string(kSchema): itob(SchemaVersion), string(kDeviceID): []byte(cmp.Or(opts.DeviceID, uuid.NewString())),
			string(kDesk): []byte(desk), string(kEvent): evJSON,
		} {
			if err := meta.Put([]byte(k), v); err != nil {
				return err
			}
		}
		return nil
	})
	if cerr := s.db.Close(); err == nil {
		err = cerr
	}
	return err
}

// initialMmapSize is how much of the file bbolt maps when it opens it.
// On Linux and macOS a large mapping only reserves address space — the
// file does not grow — and spares a large import a dozen remaps, each a
// copy. On Windows bbolt grows the file to the size it maps, so 1 GiB
// would make every event file a gigabyte: there it maps what the file
// needs and grows in bbolt's steps.
// mmapOS is the platform whose mapping the store uses (a benchmark sets
// another to measure Windows' setting here).
var mmapOS = runtime.GOOS

func initialMmapSize(goos string) int {
	if goos == "windows" {
		return 0
	}
	return 1 << 30
}

func openDB(path string, opts Options, create bool) (*Store, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.lockTimeout(), InitialMmapSize: initialMmapSize(mmapOS)})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, model.NewProblem(msg.ErrDBInUse, path)
	}
	if err != nil {
		return nil, fmt.Errorf("open event db %s: %w", path, err)
	}
	// The file grows by this much past what it holds when it must grow
	// (bbolt's default is 16 MB: a 300-runner event would be a 17 MB
	// file, and every backup of it).
	db.AllocSize = 2 << 20
	db.NoSync = opts.Scratch
	if !create {
		// Look before writing: a file without an event, or one a newer
		// racedesk wrote, is left exactly as it is.
		if err := checkFile(db, path); err != nil {
			db.Close()
			return nil, err
		}
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open event db %s: %w", path, err)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, path: path, now: now, res: resident{db: db}}, nil
}

// checkFile refuses a file without an event or of a newer schema.
func checkFile(db *bolt.DB, path string) error {
	return db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta == nil || meta.Get(kEvent) == nil {
			return model.NewProblem(msg.ErrDBNoEvent, path)
		}
		if v := int(btoi(meta.Get(kSchema))); v > SchemaVersion {
			return model.NewProblem(msg.ErrDBNewer, path, v, SchemaVersion)
		}
		return nil
	})
}

// load reads the schema, device and event, migrating older files.
func (s *Store) load(opts Options) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta.Get(kEvent) == nil {
			return model.NewProblem(msg.ErrDBNoEvent, s.path)
		}
		v := int(btoi(meta.Get(kSchema)))
		if v > SchemaVersion {
			return model.NewProblem(msg.ErrDBNewer, s.path, v, SchemaVersion)
		}
		for ; v < SchemaVersion; v++ {
			if m := migrations[v]; m != nil {
				if err := m(tx); err != nil {
					return fmt.Errorf("migrate schema %d: %w", v, err)
				}
			}
		}
		if err := meta.Put(kSchema, itob(SchemaVersion)); err != nil {
			return err
		}
		if opts.Desk != "" && opts.Desk != string(meta.Get(kDesk)) {
			if err := meta.Put(kDesk, []byte(opts.Desk)); err != nil {
				return err
			}
		}
		var ev model.Event
		if err := json.Unmarshal(meta.Get(kEvent), &ev); err != nil {
			return fmt.Errorf("read stored event: %w", err)
		}
		s.event = &ev
		s.cloud = string(meta.Get(kRole)) == roleCloud
		s.hub = string(meta.Get(kRole)) == roleHub
		s.setDevice(Device{ID: string(meta.Get(kDeviceID)), Desk: string(meta.Get(kDesk))})
		return nil
	})
}

// Close releases the file.
func (s *Store) Close() error { return s.db.Close() }

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Event is the stored event. Callers must not modify it.
func (s *Store) Event() *model.Event { return s.event }

// Device is this database's identity.
func (s *Store) Device() Device {
	s.devMu.RLock()
	defer s.devMu.RUnlock()
	return s.device
}

// setDevice changes the identity (sync may give a restored file a new one
// while the desk reads it).
func (s *Store) setDevice(d Device) {
	s.devMu.Lock()
	defer s.devMu.Unlock()
	s.device = d
}

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now() }

// Check runs bbolt's consistency check over the whole file.
func (s *Store) Check() error {
	return s.db.View(func(tx *bolt.Tx) error {
		var first error
		for err := range tx.Check() { // drain: the checker blocks until read
			if first == nil {
				first = err
			}
		}
		return first
	})
}

func itob(v uint64) []byte {
	b := make([]byte, 8)
	for i := 7; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
	return b
}

func btoi(b []byte) uint64 {
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v
}
