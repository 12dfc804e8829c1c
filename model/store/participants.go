package store

import (
	"errors"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// RegisterOptions qualify a registration.
type RegisterOptions struct {
	// Late marks a registration on race day (the late fee applies when a
	// payment is taken without an amount).
	Late bool
	// Origin says which path wrote (default OriginDesk).
	Origin Origin
}

// Register validates in and stores a new participant with a new ID,
// assigning the next bib of this desk's pool when in.Bib is "auto". The
// participant returned has been committed to disk.
func (s *Store) Register(in model.ParticipantInput, opts RegisterOptions) (model.Participant, error) {
	var p model.Participant
	err := s.update(func(tx *bolt.Tx) error {
		var err error
		p, err = s.registerTx(tx, in, opts, s.now())
		return err
	})
	if err != nil {
		return model.Participant{}, err
	}
	return p, nil
}

// CheckInResult tells what a check-in did.
type CheckInResult struct {
	Participant model.Participant
	// Already is set when the runner was checked in before; nothing was
	// changed then, and Participant says when and at which desk.
	Already bool
	// BibAssigned is set when the check-in gave out a bib.
	BibAssigned bool
}

// CheckIn marks a participant as present, giving out the next bib of this
// desk's pool when they have none.
func (s *Store) CheckIn(id string) (CheckInResult, error) {
	return s.CheckInPaying(id, "")
}

// CheckInPaying is CheckIn with a payment taken in the same transaction
// (method "": none): the desk asks for the money of an unpaid runner at
// check-in, and "checked in" and "paid" are then one change. Unpaid
// records the deliberate "pays later".
func (s *Store) CheckInPaying(id string, method model.PayMethod) (CheckInResult, error) {
	var res CheckInResult
	err := s.update(func(tx *bolt.Tx) error {
		rec, err := getRecord(tx, id)
		if err != nil {
			return err
		}
		if rec.P.Status == model.CheckedIn {
			res = CheckInResult{Participant: rec.P, Already: true}
			return nil
		}
		p := rec.P
		if p.Bib == 0 {
			race, ok := s.event.Race(p.Race)
			if !ok {
				return fmt.Errorf("check in %s: race %q is not in the event", id, p.Race)
			}
			if p.Bib, err = s.nextBib(tx, race); err != nil {
				return err
			}
			res.BibAssigned = true
		}
		p.Status = model.CheckedIn
		s.stampCheckIn(&p)
		if method != "" && method != model.Unpaid && !p.Paid() { // who paid pays nothing more
			race, _ := s.event.Race(p.Race)
			p.PayMethod, p.PaidCents = method, feeOf(race, &p)
		}
		res.Participant = p
		_, err = s.mutate(tx, rec, &p, OriginDesk)
		return err
	})
	return res, err
}

func (s *Store) stampCheckIn(p *model.Participant) {
	p.CheckedInAt = s.now().Format(time.RFC3339)
	p.CheckedInDesk = s.Device().Desk
}

// Edit replaces a participant's entered fields (names, birth date, gender,
// contact, race, bib, extra fields, registration ID) with a validated
// input. Status, payment, source and check-in stay as they are. A bib left
// empty keeps the runner's bib; moved to another race, a runner who holds
// a bib or is checked in gets the next bib of the new race from this
// desk's pool in the same transaction, and with none to give the edit is
// refused (a FieldError on the race) and nothing is written.
func (s *Store) Edit(id string, in model.ParticipantInput) (model.Participant, error) {
	in.Paid, in.Amount, in.Status = "", "", ""
	v, err := model.Validate(s.event, in, s.now(), false)
	if err != nil {
		return model.Participant{}, err
	}
	return s.Modify(id, func(tx *bolt.Tx, p *model.Participant) error {
		n := v.Participant
		n.ID, n.Status, n.PaidCents, n.PayMethod, n.Source = p.ID, p.Status, p.PaidCents, p.PayMethod, p.Source
		n.CheckedInAt, n.CheckedInDesk, n.Code = p.CheckedInAt, p.CheckedInDesk, p.Code
		if n.ExternalID == "" {
			// The desk's form has no field for the registration ID: an
			// edit keeps it (the next import finds the runner by it).
			n.ExternalID = p.ExternalID
		}
		race, _ := s.event.Race(n.Race)
		switch {
		case v.AutoBib && (p.Bib == 0 || p.Race != n.Race):
			if n.Bib, err = s.nextBib(tx, race); err != nil {
				return err
			}
		case v.AutoBib || in.Bib == "":
			n.Bib = p.Bib
			if p.Race != n.Race && !race.BibInRange(p.Bib) {
				// A bib belongs to its race. A runner who holds one (or
				// is checked in, so stands at the start) gets one of the
				// new race in this same change, never none.
				n.Bib = 0
				if p.Bib != 0 || p.Status == model.CheckedIn {
					if n.Bib, err = s.nextBib(tx, race); err != nil {
						return raceMoveError(err, race)
					}
				}
			}
		}
		*p = n
		return nil
	})
}

// raceMoveError says why a race change that needs a bib of the new race
// is refused: this desk has none of it to give.
func raceMoveError(err error, race *model.Race) error {
	var fe *model.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	switch fe.Key {
	case msg.ErrBibNoPool:
		return &model.FieldError{Field: model.FRace, Input: race.Name, Key: msg.ErrRaceMoveNoPool, Args: fe.Args}
	case msg.ErrBibPoolExhausted:
		return &model.FieldError{Field: model.FRace, Input: race.Name, Key: msg.ErrRaceMovePoolEmpty, Args: fe.Args}
	}
	return err
}

// TakePayment records a payment; cents < 0 means the race's fee (late fee
// for desk and hotspot registrations).
func (s *Store) TakePayment(id string, method model.PayMethod, cents int) (model.Participant, error) {
	return s.Modify(id, func(_ *bolt.Tx, p *model.Participant) error {
		if cents < 0 {
			race, ok := s.event.Race(p.Race)
			if !ok {
				return fmt.Errorf("payment for %s: race %q is not in the event", id, p.Race)
			}
			cents = feeOf(race, p)
		}
		if method == model.Unpaid {
			cents = 0
		}
		p.PayMethod, p.PaidCents = method, cents
		return nil
	})
}

// SetStatus changes a participant's status (DNS, DNF, DSQ, back to
// registered). Checking in goes through CheckIn.
func (s *Store) SetStatus(id string, st model.Status) (model.Participant, error) {
	switch st {
	case model.Registered, model.DNS, model.DNF, model.DSQ:
	default:
		// Check-in gives a bib and stamps time and desk; confirming a
		// pending registration is its own step. Neither is a bare status.
		return model.Participant{}, fmt.Errorf("set status of %s: %q goes through its own action", id, st)
	}
	return s.Modify(id, func(_ *bolt.Tx, p *model.Participant) error {
		p.Status = st
		return nil
	})
}

// Modify applies fn to a participant in one transaction; everything goes
// through mutate, so indexes and log follow. fn may return an error to
// abort without writing.
func (s *Store) Modify(id string, fn func(tx *bolt.Tx, p *model.Participant) error) (model.Participant, error) {
	return s.modify(id, OriginDesk, fn)
}

// modify is Modify for a given origin.
func (s *Store) modify(id string, origin Origin, fn func(tx *bolt.Tx, p *model.Participant) error) (model.Participant, error) {
	var out model.Participant
	err := s.update(func(tx *bolt.Tx) error {
		rec, err := getRecord(tx, id)
		if err != nil {
			return err
		}
		p := rec.P
		p.Extra = cloneMap(rec.P.Extra)
		if err := fn(tx, &p); err != nil {
			return err
		}
		if _, err := s.mutate(tx, rec, &p, origin); err != nil {
			return err
		}
		out = p
		return nil
	})
	return out, err
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// Get reads one participant.
func (s *Store) Get(id string) (model.Participant, error) {
	var p model.Participant
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		p, err = getParticipant(tx, id)
		return err
	})
	return p, err
}

// ByBib finds the holder of a bib in a race.
func (s *Store) ByBib(race string, bib int) (model.Participant, error) {
	var p model.Participant
	err := s.db.View(func(tx *bolt.Tx) error {
		holders := bibHolders(tx, race, bib)
		if len(holders) == 0 {
			return model.NewProblem(msg.ErrBibNotFound, bib)
		}
		var err error
		p, err = getParticipant(tx, holders[0])
		return err
	})
	return p, err
}

// FindBib finds the holder of a bib in any race (bib ranges of races do
// not overlap, so at most one race has it).
func (s *Store) FindBib(bib int) (model.Participant, error) {
	for _, r := range s.event.Races {
		if !r.BibInRange(bib) {
			continue
		}
		return s.ByBib(r.ID, bib)
	}
	return model.Participant{}, model.NewProblem(msg.ErrBibNotFound, bib)
}

// ByExternalID finds a participant by the registration platform's ID.
func (s *Store) ByExternalID(ext string) (model.Participant, bool, error) {
	var p model.Participant
	var found bool
	err := s.db.View(func(tx *bolt.Tx) error {
		id := tx.Bucket(bExtIndex).Get([]byte(ext))
		if id == nil {
			return nil
		}
		var err error
		p, err = getParticipant(tx, pidOf(id))
		found = err == nil
		return err
	})
	return p, found, err
}

// EachParticipant calls fn with every participant in no particular order
// — for screens that index them their own way (timing, results): at
// 50,000 runners a list of them all is 15 MB the desk need not hold, and
// its sort costs more than the reading. fn must not keep p.
func (s *Store) EachParticipant(fn func(p *model.Participant) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bParticipants).ForEach(func(k, v []byte) error {
			p, err := decodeParticipant(pidOf(k), v)
			if err != nil {
				return err
			}
			return fn(&p)
		})
	})
}

// List returns participants, optionally of one race, sorted by race order,
// last name, first name.
func (s *Store) List(race string) ([]model.Participant, error) {
	var out []model.Participant
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bParticipants).ForEach(func(k, v []byte) error {
			p, err := decodeParticipant(pidOf(k), v)
			if err != nil {
				return err
			}
			if (race == "" || p.Race == race) && p.Status != model.Deleted {
				out = append(out, p) // a deleted runner is nobody's business
			}
			return nil
		})
	})
	s.sortParticipants(out)
	return out, err
}

func (s *Store) sortParticipants(ps []model.Participant) {
	order := map[string]int{}
	for i, r := range s.event.Races {
		order[r.ID] = i
	}
	keys := make([]string, len(ps))
	for i := range ps {
		keys[i] = model.SortKey(ps[i].Last + " " + ps[i].First)
	}
	idx := make([]int, len(ps))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		pa, pb := &ps[idx[a]], &ps[idx[b]]
		if order[pa.Race] != order[pb.Race] {
			return order[pa.Race] < order[pb.Race]
		}
		return keys[idx[a]] < keys[idx[b]]
	})
	sorted := make([]model.Participant, len(ps))
	for i, j := range idx {
		sorted[i] = ps[j]
	}
	copy(ps, sorted)
}

// Counts are the desk's headline numbers.
type Counts struct {
	Total     int            `json:"total"`
	CheckedIn int            `json:"checked_in"`
	Late      int            `json:"late"` // desk and hotspot registrations
	Pending   int            `json:"pending"`
	PerRace   map[string]int `json:"per_race"`
	InPerRace map[string]int `json:"checked_in_per_race"`
}

// Counts reads the counters mutate keeps, without scanning participants.
func (s *Store) Counts() (Counts, error) {
	c := Counts{PerRace: map[string]int{}, InPerRace: map[string]int{}}
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bCounts)
		get := func(k string) int { return int(int64(btoi(b.Get([]byte(k))))) }
		c.Total = get("all")
		c.CheckedIn = get("status/" + string(model.CheckedIn))
		c.Pending = get("status/" + string(model.Pending))
		c.Late = get("source/"+string(model.SourceDesk)) + get("source/"+string(model.SourceHotspot))
		for _, r := range s.event.Races {
			c.PerRace[r.ID] = get("race/" + r.ID)
			c.InPerRace[r.ID] = get("race-in/" + r.ID)
		}
		return nil
	})
	return c, err
}

// History is a participant's change log, oldest first — what changed,
// when, at which desk.
func (s *Store) History(id string) ([]Change, error) {
	var out []Change
	err := s.db.View(func(tx *bolt.Tx) error {
		rec, err := getRecord(tx, id)
		if errors.Is(err, ErrNotFound) {
			return nil // no history
		}
		if err != nil {
			return err
		}
		log := tx.Bucket(bLog)
		for _, seq := range rec.Log {
			ch, err := decodeChange(itob(seq), log.Get(itob(seq)))
			if err != nil {
				return err
			}
			out = append(out, ch)
		}
		return nil
	})
	return out, err
}

// Log returns up to limit change-log entries after local position after.
func (s *Store) Log(after uint64, limit int) ([]Change, error) {
	var out []Change
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bLog).Cursor()
		for k, v := c.Seek(itob(after + 1)); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Next() {
			ch, err := decodeChange(k, v)
			if err != nil {
				return err
			}
			out = append(out, ch)
		}
		return nil
	})
	return out, err
}

func decodeChange(key, v []byte) (Change, error) {
	var ch Change
	if v == nil {
		return ch, errors.New("change log entry missing")
	}
	if err := decodeChangeValue(v, &ch); err != nil {
		return ch, fmt.Errorf("read change %d: %w", btoi(key), err)
	}
	ch.Seq = btoi(key)
	return ch, nil
}

// feeOf is what p pays in race: the late fee for an entry made on the day.
func feeOf(race *model.Race, p *model.Participant) int {
	if race == nil {
		return 0
	}
	if p.Source == model.SourceDesk || p.Source == model.SourceHotspot {
		return race.LateFeeCents
	}
	return race.FeeCents
}
