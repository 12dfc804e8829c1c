package syncclient

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// TestRandomizedConvergence: three desks and the cloud; random
// registrations, edits, check-ins, bibs and payments at random replicas,
// random syncs over a link that fails at random steps, and partitions
// (a desk that stays offline for a while). After everyone syncs twice
// with the link healthy, every replica holds the same participants.
func TestRandomizedConvergence(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("RACEDESK_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	rounds := 200
	if testing.Short() {
		rounds = 40
	}
	t.Logf("seed %d (rerun with RACEDESK_SEED=%d)", seed, seed)
	defer func() {
		if t.Failed() {
			t.Logf("FAILED with seed %d", seed)
		}
	}()
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	w := newWorld(t)
	desks := []*Client{w.desk("Desk 1"), w.desk("Desk 2"), w.desk("Desk 3")}
	offline := make([]int, len(desks)) // rounds a desk stays partitioned
	names := []string{"Müller", "Schmidt", "Weiß", "Dvořák", "Nguyễn", "Öztürk", "García", "Łukasik"}
	firsts := []string{"Jörg", "Anna", "Zoë", "Łukasz", "Renée", "Björn"}
	races := []string{"10k", "5k"}
	ops := 0
	for round := 0; round < rounds; round++ {
		// A few local operations at random replicas (the cloud too: online
		// registrations and edits).
		for n := rng.IntN(4); n > 0; n-- {
			var s *store.Store
			if i := rng.IntN(len(desks) + 1); i == len(desks) {
				s = w.cloud
			} else {
				s = desks[i].Store
			}
			if rng.IntN(3) == 0 && s.Device().Desk != "cloud" {
				if randomTiming(t, rng, s) {
					ops++
				}
			} else if randomOp(t, rng, s, names, firsts, races) {
				ops++
			}
		}
		// Partitions come and go.
		for i := range desks {
			if offline[i] > 0 {
				offline[i]--
			} else if rng.IntN(20) == 0 {
				offline[i] = 1 + rng.IntN(8)
			}
		}
		// Some desks sync, over a link that may fail at any step.
		for i, d := range desks {
			if offline[i] > 0 || rng.IntN(3) != 0 {
				continue
			}
			if rng.IntN(4) == 0 {
				w.link.inject(fault(1 + rng.IntN(4)))
			}
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			d.Sync(ctx) // errors are the point of the faults
			cancel()
		}
	}
	w.link.inject() // healthy from here
	w.link.faults = nil
	for pass := 0; pass < 2; pass++ {
		for _, d := range desks {
			mustSync(t, d)
		}
	}
	want := snapshot(t, w.cloud)
	for _, d := range desks {
		assertSame(t, "cloud and "+d.Store.Device().Desk, want, snapshot(t, d.Store))
		st, _ := d.Store.SyncState()
		if st.Pending != 0 {
			t.Errorf("%s: %d changes never acknowledged", d.Store.Device().Desk, st.Pending)
		}
	}
	// Timing: every replica holds the union of all events, and so the
	// same results.
	wantTiming, wantResults := timingOf(t, w.cloud)
	for _, d := range desks {
		gotTiming, gotResults := timingOf(t, d.Store)
		if gotTiming != wantTiming {
			t.Errorf("%s timing events differ from the cloud's", d.Store.Device().Desk)
		}
		if gotResults != wantResults {
			t.Errorf("%s results differ from the cloud's:\n%s\n%s", d.Store.Device().Desk, gotResults, wantResults)
		}
	}
	// A bib two desks gave out is flagged the same way everywhere.
	wantConflicts := conflictsOf(t, w.cloud)
	for _, d := range desks {
		if got := conflictsOf(t, d.Store); got != wantConflicts {
			t.Errorf("%s flags %s, the cloud %s", d.Store.Device().Desk, got, wantConflicts)
		}
	}
	if ops < rounds/2 {
		t.Errorf("only %d operations in %d rounds; the test exercised too little", ops, rounds)
	}
	t.Logf("%d operations, %d participants, %d round trips, bib conflicts %s, results %.200s", ops, len(want), w.link.trips, wantConflicts, wantResults)
}

func conflictsOf(t *testing.T, s *store.Store) string {
	t.Helper()
	cs, err := s.BibConflicts()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(cs)
}

// randomOp does one random desk action at s; it reports whether it wrote.
func randomOp(t *testing.T, rng *rand.Rand, s *store.Store, names, firsts, races []string) bool {
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
		_, err := s.Register(in, store.RegisterOptions{Late: !online})
		return err == nil
	}
	p := ps[rng.IntN(len(ps))]
	switch rng.IntN(5) {
	case 0:
		if online {
			return false
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
			return false
		}
		_, err = s.SetStatus(p.ID, model.DNS)
	case 4:
		if online {
			return false
		}
		// A manual bib: may collide with another desk's (flagged, kept).
		in := model.InputOf(&p)
		r, _ := s.Event().Race(p.Race)
		in.Bib = strconv.Itoa(r.Bibs[0].From + rng.IntN(8))
		_, err = s.Edit(p.ID, in)
	}
	return err == nil
}

// randomTiming records a start, finish or correction at a desk.
func randomTiming(t *testing.T, rng *rand.Rand, s *store.Store) bool {
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
	_, err = s.RecordTiming(e)
	return err == nil
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
