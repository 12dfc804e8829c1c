package syncclient

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/protocol"
)

// TestRandomizedConvergence: three desks and the cloud; random
// registrations, edits, check-ins, bibs and payments at random replicas,
// random syncs over a link that fails at random steps, and partitions
// (a desk that stays offline for a while). On top, the accidents of race
// day: a desk restored from one of its earlier backups, a database copied
// to a new laptop that joins as a desk, a desk clock jumping ±48 h, and a
// desk's token used to push as another desk. After everyone syncs twice
// with the link healthy, every replica holds the same participants and
// timing events, nothing a desk confirmed is lost (except what only a
// restored laptop held), nothing forged is anywhere, and every bib held
// twice is flagged on every replica.
func TestRandomizedConvergence(t *testing.T) {
	rng, rounds := randomRun(t, 0x9e3779b97f4a7c15)
	w := newWorld(t)
	f := &fleet{w: w, t: t}
	for _, name := range []string{"Desk 1", "Desk 2", "Desk 3"} {
		f.add(name, "")
	}
	names := []string{"Müller", "Schmidt", "Weiß", "Dvořák", "Nguyễn", "Öztürk", "García", "Łukasik"}
	firsts := []string{"Jörg", "Anna", "Zoë", "Łukasz", "Renée", "Björn"}
	races := []string{"10k", "5k"}
	ops, accidents := 0, map[string]int{}
	for round := 0; round < rounds; round++ {
		// A few local operations at random replicas (the cloud too: online
		// registrations and edits).
		for n := rng.IntN(4); n > 0; n-- {
			var s *store.Store
			var d *replica
			if i := rng.IntN(len(f.desks) + 1); i == len(f.desks) {
				s = w.cloud
			} else {
				d = f.desks[i]
				s = d.c.Store
			}
			var wrote bool
			var id string
			if rng.IntN(3) == 0 && d != nil {
				wrote, id = randomTiming(t, rng, s)
			} else {
				wrote, id = randomOp(t, rng, s, names, firsts, races)
			}
			if wrote {
				ops++
			}
			if wrote && id != "" {
				f.confirmed[id] = s.Device().Desk
			}
		}
		if what := f.accident(rng); what != "" {
			accidents[what]++
		}
		// Partitions come and go.
		for _, d := range f.desks {
			if d.offline > 0 {
				d.offline--
			} else if rng.IntN(20) == 0 {
				d.offline = 1 + rng.IntN(8)
			}
		}
		// Some desks sync, over a link that may fail at any step.
		for _, d := range f.desks {
			if d.offline > 0 || rng.IntN(3) != 0 {
				continue
			}
			if rng.IntN(4) == 0 {
				w.link.inject(fault(1 + rng.IntN(4)))
			}
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			d.c.Sync(ctx) // errors are the point of the faults
			cancel()
		}
	}
	w.link.inject() // healthy from here
	w.link.faults = nil
	for _, d := range f.desks {
		d.skew.Store(0) // clocks put right: the ahead stamps stay, bounded
	}
	for pass := 0; pass < 2; pass++ {
		for _, d := range f.desks {
			mustSync(t, d.c)
		}
	}
	want := snapshot(t, w.cloud)
	for _, d := range f.desks {
		assertSame(t, "cloud and "+d.name, want, snapshot(t, d.c.Store))
		st, _ := d.c.Store.SyncState()
		if st.Pending != 0 {
			t.Errorf("%s: %d changes never acknowledged", d.name, st.Pending)
		}
	}
	// Nothing a desk confirmed is lost, nothing forged is anywhere.
	for id, desk := range f.confirmed {
		if !f.lost[id] && !lists(t, w.cloud, id) && !hasTiming(t, w.cloud, id) {
			t.Errorf("%s confirmed %s; it is gone", desk, id)
		}
	}
	for id := range f.forged {
		if lists(t, w.cloud, id) {
			t.Errorf("a forged change (%s) reached the cloud", id)
		}
	}
	// Timing: every replica holds the union of all events, and so the
	// same results.
	wantTiming, wantResults := timingOf(t, w.cloud)
	for _, d := range f.desks {
		gotTiming, gotResults := timingOf(t, d.c.Store)
		if gotTiming != wantTiming {
			t.Errorf("%s timing events differ from the cloud's%s", d.name, diffWords(gotTiming, wantTiming))
		}
		if gotResults != wantResults {
			t.Errorf("%s results differ from the cloud's:\n%s\n%s", d.name, gotResults, wantResults)
		}
	}
	// A bib two desks gave out is flagged the same way everywhere, and no
	// bib is held twice unflagged.
	wantConflicts := conflictsOf(t, w.cloud)
	assertFlagged(t, "cloud", w.cloud)
	for _, d := range f.desks {
		if got := conflictsOf(t, d.c.Store); got != wantConflicts {
			t.Errorf("%s flags %s, the cloud %s", d.name, got, wantConflicts)
		}
		assertFlagged(t, d.name, d.c.Store)
	}
	if ops < rounds/2 {
		t.Errorf("only %d operations in %d rounds; the test exercised too little", ops, rounds)
	}
	t.Logf("%d operations, %d participants, %d desks, %d round trips, accidents %v, %d lost with restored laptops, bib conflicts %s, results %.200s",
		ops, len(want), len(f.desks), w.link.trips, accidents, len(f.lost), wantConflicts, wantResults)
}

// replica is a desk of the randomized test: its client, its clock's
// skew, and the backups taken of it.
type replica struct {
	name    string
	c       *Client
	skew    *atomic.Int64 // ms added to the world's clock
	backups []string
	offline int
}

// fleet is the desks of the randomized test and what they confirmed.
type fleet struct {
	w         *world
	t         *testing.T
	desks     []*replica
	files     int
	confirmed map[string]string // participant or timing ID → desk that made it
	lost      map[string]bool   // confirmed, but only on a laptop restored from an older backup
	forged    map[string]bool
}

func (f *fleet) add(name, from string) *replica {
	f.t.Helper()
	if f.confirmed == nil {
		f.confirmed, f.lost, f.forged = map[string]string{}, map[string]bool{}, map[string]bool{}
	}
	f.files++
	r := &replica{name: name, skew: new(atomic.Int64)}
	now := func() time.Time { return f.w.clock.Now().Add(time.Duration(r.skew.Load()) * time.Millisecond) }
	path := filepath.Join(f.w.dir, fmt.Sprintf("laptop%d.db", f.files))
	var s *store.Store
	if from == "" {
		s = newStore(f.t, f.w.dir, filepath.Base(path), name, f.w.ev, now)
	} else {
		if err := copyFile(from, path); err != nil {
			f.t.Fatal(err)
		}
		s = f.open(path, now)
	}
	r.c = New(s, "http://localhost", testToken)
	r.c.HTTP, r.c.Now = &http.Client{Transport: f.w.link}, now
	f.desks = append(f.desks, r)
	return r
}

func (f *fleet) open(path string, now func() time.Time) *store.Store {
	f.t.Helper()
	s, err := store.Open(path, store.Options{Now: now})
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { s.Close() })
	return s
}

// accident does one of race day's accidents now and then; it names it.
func (f *fleet) accident(rng *rand.Rand) string {
	f.t.Helper()
	d := f.desks[rng.IntN(len(f.desks))]
	switch n := rng.IntN(100); {
	case n < 6: // the rotating backup
		b := filepath.Join(f.w.dir, fmt.Sprintf("backup-%d-%d.db", f.files, len(d.backups)))
		if _, err := d.c.Store.BackupToFile(b); err != nil {
			f.t.Fatal(err)
		}
		d.backups = append(d.backups, b)
		f.files++
		return "backup"
	case n < 8 && len(d.backups) > 0: // the laptop dies; an older backup comes back
		f.restore(d, d.backups[rng.IntN(len(d.backups))])
		return "restore"
	case n < 9 && len(f.desks) < 6: // "Desk 2" set up in a hurry: a copy of the file
		tmp := filepath.Join(f.w.dir, fmt.Sprintf("copy-%d.db", f.files))
		if _, err := d.c.Store.BackupToFile(tmp); err != nil {
			f.t.Fatal(err)
		}
		f.add(d.name, tmp)
		return "copy"
	case n < 11: // the clock jumps
		d.skew.Store([]int64{-48, 48, 0}[rng.IntN(3)] * int64(time.Hour/time.Millisecond))
		return "clock"
	case n < 13: // a desk's token used for another desk's device
		if f.forge(rng) {
			return "forged push"
		}
	}
	return ""
}

// restore replaces d's file by a backup, as a person restores a laptop.
// What only that laptop held since the backup is lost with it.
func (f *fleet) restore(d *replica, backup string) {
	f.t.Helper()
	old := d.c.Store
	for id := range f.confirmed {
		if (lists(f.t, old, id) || hasTiming(f.t, old, id)) && !f.elsewhere(id, d) {
			f.lost[id] = true
		}
	}
	path := old.Path()
	old.Close()
	if err := copyFile(backup, path); err != nil {
		f.t.Fatal(err)
	}
	d.c.Store = f.open(path, d.c.Now)
	for id := range f.lost { // what the backup has is not lost after all
		if lists(f.t, d.c.Store, id) || hasTiming(f.t, d.c.Store, id) {
			delete(f.lost, id)
		}
	}
}

// elsewhere reports whether a replica other than d holds id.
func (f *fleet) elsewhere(id string, d *replica) bool {
	if lists(f.t, f.w.cloud, id) || hasTiming(f.t, f.w.cloud, id) {
		return true
	}
	for _, o := range f.desks {
		if o != d && (lists(f.t, o.c.Store, id) || hasTiming(f.t, o.c.Store, id)) {
			return true
		}
	}
	return false
}

// forge sends a registration under one desk's device with another desk's
// token; the cloud must refuse it. It reports whether two joined desks
// were there to try.
func (f *fleet) forge(rng *rand.Rand) bool {
	f.t.Helper()
	a, b := f.desks[rng.IntN(len(f.desks))], f.desks[rng.IntN(len(f.desks))]
	credA, _ := loadCredential(a.c.Store.Path())
	if a == b || !credA.Joined || credA.Device != a.c.Store.Device().ID {
		return false
	}
	dev := b.c.Store.Device().ID
	own, _ := b.c.Store.OwnSeq()
	forged := store.Change{Device: dev, DevSeq: own + 1, HLC: model.MakeHLC(f.w.clock.Now().UnixMilli(), 0), Desk: b.name,
		Entity: store.EntityParticipant, ID: model.NewID(), Op: store.OpCreate,
		Fields: []model.FieldChange{{Field: model.FFirst, Value: "Falsch"}, {Field: model.FLast, Value: "Spieler"}, {Field: model.FBorn, Value: "1980"},
			{Field: model.FGender, Value: "m"}, {Field: model.FRace, Value: "10k"}, {Field: model.FStatus, Value: "registered"}, {Field: model.FSource, Value: "late"}}}
	f.forged[forged.ID] = true
	req := protocol.SyncRequest{Event: f.w.ev.Identity(), Device: dev, Desk: b.name, Push: []store.Change{forged}}
	_, err := a.c.round(context.Background(), &req, "", credA.Token, &Report{})
	var re *refusedError
	// 403; or 401 where A's secret joined only the hub, not the cloud.
	if !errors.As(err, &re) || (re.status != http.StatusForbidden && re.status != http.StatusUnauthorized) {
		f.t.Errorf("%s pushed as %s: %v", a.name, b.name, err)
	}
	return true
}

func hasTiming(t *testing.T, s *store.Store, id string) bool {
	t.Helper()
	evs, err := s.TimingEvents()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.ID == id {
			return true
		}
	}
	return false
}

// assertFlagged checks that every bib held by two participants is listed
// as a conflict.
func assertFlagged(t *testing.T, name string, s *store.Store) {
	t.Helper()
	ps, err := s.List("")
	if err != nil {
		t.Fatal(err)
	}
	holders := map[string]int{}
	for _, p := range ps {
		if p.Bib != 0 {
			holders[fmt.Sprintf("%s/%d", p.Race, p.Bib)]++
		}
	}
	cs, _ := s.BibConflicts()
	flagged := map[string]bool{}
	for _, c := range cs {
		flagged[fmt.Sprintf("%s/%d", c.Race, c.Bib)] = true
	}
	for k, n := range holders {
		if n > 1 && !flagged[k] {
			t.Errorf("%s: bib %s held by %d participants, not flagged", name, k, n)
		}
	}
}

func conflictsOf(t *testing.T, s *store.Store) string {
	t.Helper()
	cs, err := s.BibConflicts()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(cs)
}

// randomOp does one random desk action at s; it reports whether it wrote,
// and the ID of a participant it created.
func randomOp(t *testing.T, rng *rand.Rand, s *store.Store, names, firsts, races []string) (bool, string) {
	t.Helper()
	ps, err := s.List("")
	if err != nil {
		t.Fatal(err)
	}
	online := s.Device().Desk == "cloud"
	if len(ps) == 0 || rng.IntN(3) == 0 {
		in := model.ParticipantInput{
			First: firsts[rng.IntN(len(firsts))], Last: names[rng.IntN(len(names))],
			Born:   fmt.Sprintf("%d.%d.%d", 1+rng.IntN(28), 1+rng.IntN(12), 1950+rng.IntN(50)),
			Gender: []string{"m", "w", "d"}[rng.IntN(3)], Race: races[rng.IntN(len(races))], Bib: "auto",
		}
		if online {
			in.Bib, in.Source = "", model.SourceOnline
		}
		p, err := s.Register(in, store.RegisterOptions{Late: !online})
		return err == nil, p.ID
	}
	p := ps[rng.IntN(len(ps))]
	if rng.IntN(40) == 0 { // a runner withdraws their consent, or a test entry goes
		_, err = s.Delete(p.ID, "randomized deletion")
		return err == nil, ""
	}
	switch rng.IntN(5) {
	case 0:
		if online {
			return false, ""
		}
		_, err = s.CheckIn(p.ID)
	case 1:
		in := model.InputOf(&p)
		in.Born = fmt.Sprintf("%d.%d.%d", 1+rng.IntN(28), 1+rng.IntN(12), 1950+rng.IntN(50))
		in.Club = []string{"", "LG Buchau", "TSV Hof"}[rng.IntN(3)]
		_, err = s.Edit(p.ID, in)
	case 2:
		_, err = s.TakePayment(p.ID, []model.PayMethod{model.Cash, model.Card}[rng.IntN(2)], -1)
	case 3:
		if online {
			return false, ""
		}
		_, err = s.SetStatus(p.ID, model.DNS)
	case 4:
		if online {
			return false, ""
		}
		// A manual bib: may collide with another desk's (flagged, kept).
		in := model.InputOf(&p)
		r, _ := s.Event().Race(p.Race)
		in.Bib = strconv.Itoa(r.Bibs[0].From + rng.IntN(8))
		_, err = s.Edit(p.ID, in)
	}
	return err == nil, ""
}

// randomTiming records a start, finish or correction at a desk; it
// reports whether it wrote, and the event's ID.
func randomTiming(t *testing.T, rng *rand.Rand, s *store.Store) (bool, string) {
	t.Helper()
	evs, err := s.TimingEvents()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 6, 10, 30, 0, 0, time.UTC).UnixMilli() + int64(rng.IntN(3_600_000))
	e := model.TimingEvent{Kind: model.KindFinish, At: at, Bib: rng.IntN(12), Mode: model.ModeBib}
	var finishes []model.TimingEvent
	for _, x := range evs {
		if x.Kind == model.KindFinish {
			finishes = append(finishes, x)
		}
	}
	switch n := rng.IntN(10); {
	case n == 0:
		e = model.TimingEvent{Kind: model.KindStart, Race: []string{"10k", "5k"}[rng.IntN(2)], At: at - 3_600_000}
	case n < 4 && len(finishes) > 0:
		ref := finishes[rng.IntN(len(finishes))].ID
		e = []model.TimingEvent{{Kind: model.KindBib, Ref: ref, Bib: 1 + rng.IntN(12)},
			{Kind: model.KindTime, Ref: ref, At: at}, {Kind: model.KindVoid, Ref: ref}}[rng.IntN(3)]
	case n == 4:
		e = model.TimingEvent{Kind: model.KindStatus, Bib: 1 + rng.IntN(12), Status: []model.Status{model.DNF, model.DSQ, model.Registered}[rng.IntN(3)]}
	}
	saved, err := s.RecordTiming(e)
	return err == nil, saved.ID
}

// timingOf renders a replica's timing events and results for comparison.
func timingOf(t *testing.T, s *store.Store) (string, string) {
	t.Helper()
	evs, err := s.TimingEvents()
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(evs))
	for i, e := range evs {
		ids[i] = fmt.Sprintf("%s@%d", e.ID, e.HLC)
	}
	all, err := s.Results()
	if err != nil {
		t.Fatal(err)
	}
	var res []string
	for _, race := range []string{"10k", "5k", "bambini"} {
		for _, r := range all[race].Results {
			res = append(res, fmt.Sprintf("%s %d %d %s %s", race, r.Place, r.Bib, r.TimeText, r.Status))
		}
	}
	return fmt.Sprint(ids), fmt.Sprint(res)
}

// diffWords names the entries two renderings do not share.
func diffWords(got, want string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(strings.Trim(s, "[]")) {
			m[w] = true
		}
		return m
	}
	g, w := in(got), in(want)
	var out []string
	for k := range g {
		if !w[k] {
			out = append(out, "+"+k)
		}
	}
	for k := range w {
		if !g[k] {
			out = append(out, "-"+k)
		}
	}
	sort.Strings(out)
	return ": " + strings.Join(out, " ")
}

// randomRun is the random source and the number of rounds of a randomized
// test: a fresh seed each run (RACEDESK_SEED repeats one), logged, and
// named again when the test fails.
func randomRun(t *testing.T, salt uint64) (*rand.Rand, int) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("RACEDESK_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	rounds := 300
	if testing.Short() {
		rounds = 60
	}
	t.Logf("seed %d (rerun with RACEDESK_SEED=%d)", seed, seed)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("FAILED with seed %d", seed)
		}
	})
	return rand.New(rand.NewPCG(seed, seed^salt)), rounds
}
