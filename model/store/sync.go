package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
)

// Sync state in meta: the pull cursor (the cloud's log position this
// replica has applied) and the clock offset seen at the last sync.
var (
	kSyncCursor   = []byte("sync/cursor")
	kSyncServer   = []byte("sync/server") // whose log sync/cursor is in
	kSyncLast     = []byte("sync/last")
	kSyncSkewWarn = []byte("sync/clock_offset_ms")
	bSyncLog      = []byte("sync_log") // seq → Notice JSON: conflicts and rejections, for people
)

// MaxClockLead is how far ahead of the receiver's clock a change may be
// stamped; later stamps are pulled back to it (and flagged), so a laptop
// with a wrong date cannot win every later edit.
const MaxClockLead = 5 * time.Minute

// Notice is something sync did that a person should know: a bib held
// twice, a change the cloud refused, a clock far off.
type Notice struct {
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"` // bib, rejected, clock, invalid, external_id, duplicate
	ID     string    `json:"id,omitempty"`
	Device string    `json:"device,omitempty"`
	Detail string    `json:"detail"`
}

// SyncState is where this replica stands with the cloud.
type SyncState struct {
	Cursor uint64 `json:"cursor"`
	// Server is the device whose log Cursor is a position in ("": not
	// known yet, a file from before hubs).
	Server  string    `json:"server,omitempty"`
	Pending int       `json:"pending"` // own changes not yet acknowledged
	Last    time.Time `json:"last"`    // last completed sync
}

// SyncState reads the replica's sync position.
func (s *Store) SyncState() (SyncState, error) {
	var st SyncState
	err := s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		st.Cursor = btoi(meta.Get(kSyncCursor))
		st.Server = string(meta.Get(kSyncServer))
		if ms := btoi(meta.Get(kSyncLast)); ms != 0 {
			st.Last = time.UnixMilli(int64(ms))
		}
		st.Pending = s.pending(tx)
		return nil
	})
	return st, err
}

// Outbox returns up to limit own changes waiting for the cloud's
// acknowledgement, oldest first.
func (s *Store) Outbox(limit int) ([]Change, error) {
	var out []Change
	err := s.db.View(func(tx *bolt.Tx) error {
		return s.eachPending(tx, func(_ uint64, ch Change) bool {
			out = append(out, ch)
			return limit <= 0 || len(out) < limit
		})
	})
	return out, err
}

// Ack is the cloud's answer to pushed changes.
type Ack struct {
	// Upto: every own change with a device sequence up to here is applied
	// (or deliberately refused) by the cloud. It is also the last change
	// the cloud holds from this device: a file whose own sequence is
	// behind it was restored from a backup or copied.
	Upto uint64 `json:"upto"`
	// UptoDigest is the content digest of change Upto as the cloud holds
	// it: a copy that made other changes under the same sequence differs.
	UptoDigest string `json:"upto_digest,omitempty"`
	// Reused lists sequences the cloud already holds with other content:
	// this file was restored from a backup and must take a new identity.
	Reused []uint64 `json:"reused,omitempty"`
	// Refused lists changes the cloud would not apply, with the reason.
	Refused map[uint64]string `json:"refused,omitempty"`
	// Restamped lists changes whose HLC the cloud pulled back (clock far
	// ahead); the replica adopts the cloud's stamp so both agree.
	Restamped map[uint64]model.HLC `json:"restamped,omitempty"`
	// Ahead is the first own change the server held back, not applied,
	// because its stamp is more than MaxClockLead ahead of ServerNow (the
	// server's clock, Unix milliseconds): the device restamps it and the
	// changes after it by the server's clock and pushes them again
	// (PushHolding). 0: none held.
	Ahead     uint64 `json:"ahead,omitempty"`
	ServerNow int64  `json:"server_now,omitempty"`
}

// PullResult says what applying a sync response did.
type PullResult struct {
	Acked int // own changes that left the outbox
	// Rewound: the server held fewer own changes than were marked as
	// acknowledged; they wait in the outbox again.
	Rewound bool
	// PulledBack: own changes the server held for stamps far ahead of its
	// clock, now restamped by it; they wait in the outbox to go again.
	PulledBack int
	Applied    int // remote changes that changed something here
	Notices    int // new notices (conflicts, refusals)
	// Reidentify: nothing of the round was applied; the cloud holds other
	// history under this file's identity (Why says how it knows), so the
	// file must take a new identity and sync again.
	Reidentify bool
	Why        string
}

// ApplySync commits, in one transaction, the cloud's acknowledgement of
// pushed changes, the pulled changes, and the new cursor. Either all of it
// lands or none: a crash before the commit leaves the outbox and cursor as
// they were, and the next sync repeats the round harmlessly.
//
// offset is the cloud's clock minus this laptop's, measured when the answer
// arrived (nil: not measured); applying a big page on a slow disk must not
// make the clock look off.
func (s *Store) ApplySync(ack Ack, pulled []Change, cursor uint64, offset *time.Duration) (PullResult, error) {
	return s.applySync(&ack, pulled, cursor, offset)
}

// ApplyPulled is ApplySync for the later batches of a pull committed in
// several: they carry no acknowledgement (the first batch applied it), and
// must not be read as one that says the server holds none of ours.
func (s *Store) ApplyPulled(pulled []Change, cursor uint64, offset *time.Duration) (PullResult, error) {
	return s.applySync(nil, pulled, cursor, offset)
}

func (s *Store) applySync(ack *Ack, pulled []Change, cursor uint64, offset *time.Duration) (PullResult, error) {
	if ack != nil {
		if res, err := s.checkAck(ack); err != nil || res.Reidentify {
			return res, err
		}
	}
	var res PullResult
	err := s.db.Update(func(tx *bolt.Tx) error {
		res = PullResult{}
		if ack != nil {
			if err := s.applyAck(tx, *ack, &res); err != nil {
				return err
			}
		}
		return s.applyPulled(tx, pulled, cursor, offset, &res)
	})
	return res, err
}

// checkAck sees whether an acknowledgement says another copy holds this
// file's identity.
func (s *Store) checkAck(ack *Ack) (PullResult, error) {
	// A file whose identity another copy holds must apply nothing of this
	// round (its pull left out changes "we" made elsewhere): it takes a new
	// identity and syncs again.
	if len(ack.Reused) > 0 {
		return PullResult{Reidentify: true, Why: fmt.Sprintf("the cloud holds other content under change %d of this desk's identity: this file was restored from a backup or copied", ack.Reused[0])}, nil
	}
	why, err := s.IdentityCheck(ack.Upto, ack.UptoDigest)
	return PullResult{Reidentify: why != "", Why: why}, err
}

// applyPulled applies a batch of pulled changes and moves the cursor.
func (s *Store) applyPulled(tx *bolt.Tx, pulled []Change, cursor uint64, offset *time.Duration, res *PullResult) error {
	for i := range pulled {
		changed, err := s.applyRemote(tx, &pulled[i], false)
		if err != nil {
			return fmt.Errorf("apply change %s/%d: %w", pulled[i].Device, pulled[i].DevSeq, err)
		}
		if changed {
			res.Applied++
		}
	}
	meta := tx.Bucket(bMeta)
	if cursor > btoi(meta.Get(kSyncCursor)) {
		if err := meta.Put(kSyncCursor, itob(cursor)); err != nil {
			return err
		}
	}
	if offset != nil {
		if err := meta.Put(kSyncSkewWarn, itob(uint64(offset.Milliseconds()))); err != nil {
			return err
		}
	}
	return meta.Put(kSyncLast, itob(uint64(s.now().UnixMilli())))
}

// applyAck takes acknowledged changes out of the outbox: it moves the
// acknowledged mark, reporting refused ones, and adopts restamped clocks.
func (s *Store) applyAck(tx *bolt.Tx, ack Ack, res *PullResult) error {
	own := tx.Bucket(bOwnSeq)
	dev := s.Device().ID
	for ds, h := range ack.Restamped {
		if seq := own.Get(deviceSeqKey(dev, ds)); seq != nil && ds > s.acked(tx) {
			if err := s.restamp(tx, seq, h); err != nil {
				return err
			}
		}
	}
	if ack.Ahead > ack.Upto {
		n, err := s.pullBack(tx, ack.Ahead, ack.ServerNow)
		if err != nil {
			return err
		}
		res.PulledBack = n
	}
	if ack.Upto < s.acked(tx) {
		// This server holds less of ours than another acknowledged (the
		// desk moved from the hub to the cloud before the hub passed it
		// on): push from what it holds. Changes it gets twice are
		// recognised by their identity and content.
		res.Rewound = true
		return tx.Bucket(bMeta).Put(kAcked, itob(ack.Upto))
	}
	upto := s.acked(tx)
	var noticeErr error
	err := s.eachPending(tx, func(ds uint64, ch Change) bool {
		if ds > ack.Upto {
			return false
		}
		if reason, refused := ack.Refused[ds]; refused {
			if noticeErr = s.notice(tx, Notice{Kind: "rejected", ID: ch.ID, Device: ch.Device, Detail: reason}); noticeErr != nil {
				return false
			}
			res.Notices++
		}
		upto = ds
		res.Acked++
		return true
	})
	if err = errors.Join(err, noticeErr); err != nil {
		return err
	}
	return tx.Bucket(bMeta).Put(kAcked, itob(upto))
}

// The outbox is not a bucket of its own (schema 4): it is this device's
// own changes after the last one the cloud acknowledged (kAcked), read
// from the own-sequence index. One bucket less in every commit.
var kAcked = []byte("sync/acked")

// acked is the device sequence up to which the cloud acknowledged.
func (s *Store) acked(tx *bolt.Tx) uint64 { return btoi(tx.Bucket(bMeta).Get(kAcked)) }

// pending is how many own changes wait for the cloud.
func (s *Store) pending(tx *bolt.Tx) int {
	if s.cloud {
		return 0 // the cloud serves its changes from its log, pushes none
	}
	last, acked := btoi(tx.Bucket(bMeta).Get(kDevSeq)), s.acked(tx)
	if last <= acked {
		return 0
	}
	return int(last - acked)
}

// eachPending calls fn with every change waiting for the cloud, oldest
// first, until fn returns false.
func (s *Store) eachPending(tx *bolt.Tx, fn func(ds uint64, ch Change) bool) error {
	if s.cloud {
		return nil
	}
	dev := s.Device().ID
	prefix := append([]byte(dev), 0)
	log := tx.Bucket(bLog)
	c := tx.Bucket(bOwnSeq).Cursor()
	for k, v := c.Seek(deviceSeqKey(dev, s.acked(tx)+1)); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
		ch, err := decodeChange(v, log.Get(v))
		if err != nil {
			return err
		}
		if !fn(btoi(k[len(prefix):]), ch) {
			return nil
		}
	}
	return nil
}

// pullBack restamps this device's own changes from device sequence from
// on that are stamped more than MaxClockLead ahead of a server's clock
// (serverNow, Unix ms) — this laptop's clock is (or was) far ahead, and
// the server held them back. They were never applied anywhere (a server
// holds such a change, it does not take it), so the stamp is chosen once,
// here. They keep their order and stay after every stamp a server can
// have given (the limit is the server's now + MaxClockLead); the clock
// for new changes follows the server's (clockNow, from the offset this
// sync records).
func (s *Store) pullBack(tx *bolt.Tx, from uint64, serverNow int64) (int, error) {
	limit := serverNow + MaxClockLead.Milliseconds()
	var seqs [][]byte
	err := s.eachPending(tx, func(ds uint64, ch Change) bool {
		if ds >= from && ch.HLC.WallMillis() > limit {
			seqs = append(seqs, itob(ch.Seq))
		}
		return true
	})
	if err != nil || len(seqs) == 0 {
		return 0, err
	}
	h := model.MakeHLC(limit, 0)
	for _, seq := range seqs {
		if err := s.restamp(tx, seq, h); err != nil {
			return 0, err
		}
		h = h.Next()
	}
	meta := tx.Bucket(bMeta)
	if model.HLC(btoi(meta.Get(kHLC))) > h {
		if err := meta.Put(kHLC, itob(uint64(h))); err != nil {
			return 0, err
		}
	}
	return len(seqs), s.notice(tx, Notice{Kind: "clock", Device: s.Device().ID,
		Detail: fmt.Sprintf("this laptop's clock is %s ahead of the server's: %d changes restamped by the server's clock", time.Duration(s.now().UnixMilli()-serverNow)*time.Millisecond, len(seqs))})
}

// clockNow is the wall clock this replica stamps and bounds by: its own,
// unless the last sync found it off from the server's by more than half
// the lead a server accepts — then the server's (a laptop with a wrong
// date keeps working, and its changes order where they happened).
func (s *Store) clockNow(tx *bolt.Tx) time.Time {
	now := s.now()
	off := time.Duration(int64(btoi(tx.Bucket(bMeta).Get(kSyncSkewWarn)))) * time.Millisecond
	if off > MaxClockLead/2 || off < -MaxClockLead/2 {
		return now.Add(off)
	}
	return now
}

// restamp adopts the cloud's HLC for one of our changes whose stamp it
// pulled back: fields still carrying the old stamp take the new one.
func (s *Store) restamp(tx *bolt.Tx, logSeq []byte, h model.HLC) error {
	ch, err := decodeChange(logSeq, tx.Bucket(bLog).Get(logSeq))
	if err != nil {
		return err
	}
	h0 := ch.HLC
	ch.HLC = h
	if err := tx.Bucket(bLog).Put(logSeq, encodeChange(&ch)); err != nil {
		return err
	}
	if ch.Entity == EntityTiming {
		return s.restampTiming(tx, ch.ID, h) // results order corrections by stamp
	}
	rec, err := getRecord(tx, ch.ID)
	if err != nil {
		return nil // gone: nothing to adjust
	}
	for _, f := range ch.Fields {
		if rec.Clocks[f.Field] == h0 && rec.Devs[f.Field] == ch.Device {
			rec.Clocks[f.Field] = h
		}
	}
	return putRecord(tx, rec)
}

// applyRemote merges a change made elsewhere: each field takes the value
// with the later (HLC, device). Fields that win are written with the
// change's stamp, the indexes follow (a bib held twice is kept and
// flagged), and the change enters this replica's log with its original
// identity, holding only the fields that won. It reports whether anything
// changed.
func (s *Store) applyRemote(tx *bolt.Tx, ch *Change, server bool) (bool, error) {
	switch ch.Entity {
	case EntityParticipant:
	case EntityTiming:
		return s.applyRemoteTiming(tx, ch)
	default:
		return false, s.notice(tx, Notice{Kind: "unknown", ID: ch.ID, Device: ch.Device, Detail: "unknown entity " + ch.Entity})
	}
	rec, err := getRecord(tx, ch.ID)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return false, err
	}
	if ch.Op != OpDelete && (err == nil && rec.P.Status == model.Deleted || tombstoned(ch)) {
		// A tombstone absorbs the personal fields and the status of every
		// change, whenever it was made; the rest (bib, payment) merges as
		// always, so replicas that saw changes around a deletion in other
		// orders agree.
		kept := *ch
		kept.Fields = nil
		for _, f := range ch.Fields {
			if !model.IsPersonal(f.Field) && f.Field != model.FStatus {
				kept.Fields = append(kept.Fields, f)
			}
		}
		ch = &kept
	}
	if ch.Op == OpDelete {
		s.observe(tx, ch.HLC)
		if err != nil {
			rec = nil
		}
		logged := *ch
		_, err := s.tombstone(tx, rec, &logged)
		return err == nil, err
	}
	var prev *model.Participant
	switch {
	case err == nil:
		prev = &rec.P
		rec = rec.clone()
	case errors.Is(err, ErrNotFound):
		rec = &record{P: model.Participant{ID: ch.ID}, Clocks: map[string]model.HLC{}, Devs: map[string]string{}, Origins: map[string]Origin{}}
	default:
		return false, err
	}
	origin := OriginSync
	if s.catchingUp() && ch.Device == s.Device().ID && ch.Origin != "" {
		// A working copy catching up on the cloud's own change (an
		// import another process ran) keeps its origin, as the process
		// that made it did: an import later never overwrites a desk's
		// work, and knows its own by this.
		origin = ch.Origin
	}
	var won []model.FieldChange
	for _, f := range ch.Fields {
		if !rec.newer(f.Field, ch.HLC, ch.Device) {
			continue
		}
		if err := rec.P.SetField(f.Field, f.Value); err != nil {
			// A field this version does not know (a newer desk): keep
			// going, and say so.
			if nerr := s.notice(tx, Notice{Kind: "invalid", ID: ch.ID, Device: ch.Device, Detail: err.Error()}); nerr != nil {
				return false, nerr
			}
			continue
		}
		rec.stamp(f.Field, ch.HLC, ch.Device, origin)
		won = append(won, f)
	}
	s.observe(tx, ch.HLC)
	if len(won) == 0 {
		return false, nil
	}
	hadConflict := prev != nil && rec.P.Bib != 0 && (prev.Bib != rec.P.Bib || prev.Race != rec.P.Race) && otherHolder(tx, rec.P.Race, rec.P.Bib, rec.P.ID) != ""
	if prev == nil && rec.P.Bib != 0 && otherHolder(tx, rec.P.Race, rec.P.Bib, rec.P.ID) != "" {
		hadConflict = true
	}
	logged := *ch
	logged.Fields = won
	if err := s.appendLog(tx, &logged); err != nil {
		return false, err
	}
	rec.Log = append(rec.Log, logged.Seq)
	if err := s.write(tx, prev, rec); err != nil {
		return false, err
	}
	if hadConflict {
		if err := s.notice(tx, Notice{Kind: "bib", ID: rec.P.ID, Device: ch.Device,
			Detail: fmt.Sprintf("bib %d in %s is held by two participants", rec.P.Bib, rec.P.Race)}); err != nil {
			return false, err
		}
	}
	if prev == nil { // edits that came before it are applied now
		if err := s.unpark(tx, rec.P.ID); err != nil {
			return false, err
		}
		if s.catchingUp() {
			// A working copy catching up: the process that applied it
			// first said so already (the notice is the database's), and
			// the comparison with every registration caught up on in
			// this transaction would grow with the square of the log.
			return true, nil
		}
		if err := s.flagDuplicate(tx, &rec.P, ch.Device); err != nil {
			return false, err
		}
	}
	return true, nil
}

// observe moves this replica's HLC past a remote stamp.
func (s *Store) observe(tx *bolt.Tx, h model.HLC) {
	meta := tx.Bucket(bMeta)
	c := model.Clock{Last: model.HLC(btoi(meta.Get(kHLC))), Now: s.now}
	c.Observe(h)
	meta.Put(kHLC, itob(uint64(c.Last)))
}

// notice records something for a person to look at.
func (s *Store) notice(tx *bolt.Tx, n Notice) error {
	if n.At.IsZero() {
		n.At = s.now()
	}
	b := tx.Bucket(bSyncLog)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	return putJSON(b, itob(seq), n)
}

// Notices returns the sync notices, newest last.
func (s *Store) Notices() ([]Notice, error) {
	var out []Notice
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bSyncLog).ForEach(func(_, v []byte) error {
			var n Notice
			if err := json.Unmarshal(v, &n); err != nil {
				return err
			}
			out = append(out, n)
			return nil
		})
	})
	return out, err
}

// ClockOffset is the cloud's clock minus this laptop's, as seen at the
// last sync.
func (s *Store) ClockOffset() (time.Duration, error) {
	var d time.Duration
	err := s.db.View(func(tx *bolt.Tx) error {
		d = time.Duration(int64(btoi(tx.Bucket(bMeta).Get(kSyncSkewWarn)))) * time.Millisecond
		return nil
	})
	return d, err
}

func (s *Store) outboxTx(tx *bolt.Tx) ([]Change, error) {
	var out []Change
	err := s.eachPending(tx, func(_ uint64, ch Change) bool {
		out = append(out, ch)
		return true
	})
	return out, err
}

func deviceSeqKey(device string, ds uint64) []byte {
	return append(append([]byte(device), 0), itob(ds)...)
}

// SwitchServer makes server's log the one the pull cursor counts in: the
// current position is kept for its server, and server's own position
// (0 the first time) becomes the cursor. A desk moving between the hub and
// the cloud thus never asks one for the other's position — which could
// skip changes — and comes back where it left off.
func (s *Store) SwitchServer(server string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if old := meta.Get(kSyncServer); len(old) > 0 {
			if err := meta.Put(serverCursorKey(string(old)), itob(btoi(meta.Get(kSyncCursor)))); err != nil {
				return err
			}
		}
		if err := meta.Put(kSyncCursor, itob(btoi(meta.Get(serverCursorKey(server))))); err != nil {
			return err
		}
		return meta.Put(kSyncServer, []byte(server))
	})
}

func serverCursorKey(server string) []byte { return []byte("sync/cursor/" + server) }

// AdoptServer records whose log the cursor counts in, for a file that
// synced before servers were named (its cursor is that server's).
func (s *Store) AdoptServer(server string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if len(meta.Get(kSyncServer)) > 0 {
			return nil
		}
		return meta.Put(kSyncServer, []byte(server))
	})
}

// resetCursors sets the pull position in every server's log back to 0.
func resetCursors(meta *bolt.Bucket) error {
	var keys [][]byte
	c := meta.Cursor()
	prefix := []byte("sync/cursor/")
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, append([]byte(nil), k...))
	}
	for _, k := range keys {
		if err := meta.Delete(k); err != nil {
			return err
		}
	}
	return meta.Put(kSyncCursor, itob(0))
}
