package store_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

func TestRegisterReturnsACommittedParticipantWithAUUIDv7(t *testing.T) {
	f := newFixture(t, "Desk 1")
	in := runner("Jörg", "Müller")
	in.Club = "TSV Buchau"
	in.Email = "joerg@example.org"
	in.Extra = map[string]string{"tshirt": "xl"}
	p := f.register(in)

	id, err := uuid.Parse(p.ID)
	if err != nil {
		t.Fatalf("ID %q is not a UUID: %v", p.ID, err)
	}
	if id.Version() != 7 || id.Variant() != uuid.RFC4122 {
		t.Errorf("ID %s is version %d variant %v, want a UUIDv7", p.ID, id.Version(), id.Variant())
	}
	want := model.Participant{
		ID: p.ID, First: "Jörg", Last: "Müller", Born: model.BirthDate{Year: 1985, Month: 3, Day: 12},
		Gender: model.Male, Club: "TSV Buchau", Email: "joerg@example.org", Race: "10k", Bib: 1,
		Status: model.Registered, Source: model.SourceDesk, Extra: map[string]string{"tshirt": "XL"},
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("Register returned\n%+v\nwant\n%+v", p, want)
	}

	f.reopen(store.Options{})
	if got := f.get(p.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("after reopening the file, Get = \n%+v\nwant\n%+v", got, want)
	}
	if c := f.counts(); c.Total != 1 || c.PerRace["10k"] != 1 {
		t.Errorf("after reopening, counts = %+v, want one 10k runner", c)
	}
}

func TestRegisterGivesEveryParticipantANewID(t *testing.T) {
	f := newFixture(t, "Desk 1")
	a := f.register(runner("Anna", "Schmidt"))
	b := f.register(runner("Anna", "Schmidt"))
	if a.ID == b.ID {
		t.Fatalf("two registrations share ID %s", a.ID)
	}
	if a.ID > b.ID {
		t.Errorf("UUIDv7 IDs should sort by creation: %s > %s", a.ID, b.ID)
	}
}

func TestRegisterRejectsInvalidInputAndWritesNothing(t *testing.T) {
	tests := []struct {
		name  string
		in    model.ParticipantInput
		field string
	}{
		{"a missing last name", with(runner("Anna", ""), func(in *model.ParticipantInput) {}), model.FLast},
		{"a birth date that does not exist", with(runner("Anna", "Schmidt"), func(in *model.ParticipantInput) { in.Born = "31.02.1985" }), model.FBorn},
		{"a runner too young for the 10k", with(runner("Anna", "Schmidt"), func(in *model.ParticipantInput) { in.Born = "2015" }), model.FBorn},
		{"a runner too old for the bambini race", with(runner("Anna", "Schmidt"), func(in *model.ParticipantInput) { in.Race = "bambini" }), model.FBorn},
		{"an unknown race", with(runner("Anna", "Schmidt"), func(in *model.ParticipantInput) { in.Race = "marathon" }), model.FRace},
		{"a bib that is not a number", with(runner("Anna", "Schmidt"), func(in *model.ParticipantInput) { in.Bib = "12a" }), model.FBib},
		{"a bib outside the race's range", with(runner("Anna", "Schmidt"), func(in *model.ParticipantInput) { in.Bib = "400" }), model.FBib},
		{"a bib of no race at all", with(runner("Anna", "Schmidt"), func(in *model.ParticipantInput) { in.Bib = "5000" }), model.FBib},
		{"a broken email address", with(runner("Anna", "Schmidt"), func(in *model.ParticipantInput) { in.Email = "anna@" }), model.FEmail},
		{"a T-shirt size the event does not offer", with(runner("Anna", "Schmidt"), func(in *model.ParticipantInput) { in.Extra = map[string]string{"tshirt": "XXXL"} }), "x.tshirt"},
		{"an extra field the event does not know", with(runner("Anna", "Schmidt"), func(in *model.ParticipantInput) { in.Extra = map[string]string{"shoe": "42"} }), "x.shoe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, "Desk 1")
			f.register(runner("Eva", "Vorher"))
			beforeCounts, beforeLog := f.counts(), f.logLen()

			_, err := f.s.Register(tt.in, store.RegisterOptions{})
			if err == nil {
				t.Fatal("Register accepted the input")
			}
			if fieldError(err, tt.field) == nil {
				t.Errorf("error %q does not name field %s", err, tt.field)
			}
			if c := f.counts(); !reflect.DeepEqual(c, beforeCounts) {
				t.Errorf("counts changed: %+v, were %+v", c, beforeCounts)
			}
			if n := f.logLen(); n != beforeLog {
				t.Errorf("change log has %d entries, had %d", n, beforeLog)
			}
			// The rejected runner took no bib: the next one gets 2.
			if p := f.register(runner("Max", "Danach")); p.Bib != 2 {
				t.Errorf("next automatic bib = %d, want 2", p.Bib)
			}
		})
	}
}

func TestAutoBibIsTheLowestFreeBibOfTheDesksPool(t *testing.T) {
	tests := []struct {
		desk string
		race string
		born string
		want []int
	}{
		{"Desk 1", "10k", "1985", []int{1, 2, 3, 4}},
		{"Desk 2", "10k", "1985", []int{200, 201, 202, 203}},
		{"Desk 1", "5k", "2012", []int{400, 401, 402}},
		{"Desk 2", "5k", "2012", []int{550, 551, 552}},
		{"desk 2", "bambini", "2019", []int{750, 751}}, // desk names match ignoring case
	}
	for _, tt := range tests {
		t.Run(tt.desk+" "+tt.race, func(t *testing.T) {
			f := newFixture(t, tt.desk)
			var got []int
			for range tt.want {
				in := runner("Lea", "Kurz")
				in.Race, in.Born = tt.race, tt.born
				got = append(got, f.register(in).Bib)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("bibs = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAutoBibSkipsBibsGivenByHand(t *testing.T) {
	f := newFixture(t, "Desk 1")
	for _, bib := range []string{"1", "2", "4"} {
		in := runner("Hand", "Vergeben")
		in.Bib = bib
		f.register(in)
	}
	var got []int
	for range 3 {
		got = append(got, f.register(runner("Auto", "Matisch")).Bib)
	}
	if want := []int{3, 5, 6}; !reflect.DeepEqual(got, want) {
		t.Errorf("automatic bibs = %v, want %v", got, want)
	}
}

func TestTwoDesksNeverGiveOutTheSameBib(t *testing.T) {
	desk1, desk2 := newFixture(t, "Desk 1"), newFixture(t, "Desk 2")
	seen := map[int]string{}
	for i := range 60 {
		for _, f := range []*fixture{desk1, desk2} {
			in := runner("Lauf", "Freund")
			if i%3 == 0 {
				in.Race, in.Born = "5k", "2010"
			}
			p := f.register(in)
			desk := f.s.Device().Desk
			if other, dup := seen[p.Bib]; dup {
				t.Fatalf("bib %d given by %s and %s", p.Bib, other, desk)
			}
			seen[p.Bib] = desk
			race, _ := f.s.Event().Race(p.Race)
			pool, _ := race.PoolFor(desk)
			if !inRanges(pool, p.Bib) {
				t.Errorf("%s gave bib %d outside its pool %v", desk, p.Bib, pool)
			}
		}
	}
}

func inRanges(rs []model.BibRange, bib int) bool {
	for _, r := range rs {
		if r.Contains(bib) {
			return true
		}
	}
	return false
}

func TestABibSomeoneHoldsIsRefusedNamingTheHolder(t *testing.T) {
	f := newFixture(t, "Desk 1")
	in := runner("Jörg", "Müller")
	in.Bib = "7"
	f.register(in)
	beforeCounts, beforeLog := f.counts(), f.logLen()

	dup := runner("Anna", "Schmidt")
	dup.Bib = "7"
	_, err := f.s.Register(dup, store.RegisterOptions{})
	var fe *model.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v (%T), want a *model.FieldError", err, err)
	}
	if fe.Field != model.FBib || fe.Key != msg.ErrBibTaken {
		t.Errorf("FieldError on %q with key %q, want field bib, key %s", fe.Field, fe.Key, msg.ErrBibTaken)
	}
	if !strings.Contains(err.Error(), "Jörg Müller") {
		t.Errorf("error %q does not name the holder Jörg Müller", err)
	}
	if c := f.counts(); !reflect.DeepEqual(c, beforeCounts) {
		t.Errorf("counts changed to %+v", c)
	}
	if n := f.logLen(); n != beforeLog {
		t.Errorf("change log grew from %d to %d", beforeLog, n)
	}
}

func TestTheSameBibNumberIsNotSharedAcrossRaces(t *testing.T) {
	// Bib ranges of races do not overlap, so a bib names one runner; but
	// the index is per race, so check that 10k's 1 and 5k's 400 coexist
	// and that ByBib looks in the right race.
	f := newFixture(t, "Desk 1")
	a := f.register(runner("Zehn", "Kilometer"))
	in := runner("Fünf", "Kilometer")
	in.Race, in.Born = "5k", "2010"
	b := f.register(in)
	if got, err := f.s.ByBib("10k", a.Bib); err != nil || got.ID != a.ID {
		t.Errorf("ByBib(10k, %d) = %v, %v", a.Bib, got.ID, err)
	}
	if _, err := f.s.ByBib("10k", b.Bib); err == nil {
		t.Errorf("ByBib(10k, %d) found the 5k runner", b.Bib)
	}
}

// tinyEvent has one race whose Desk 1 pool is two bibs.
func tinyEvent() *model.Event {
	return &model.Event{
		Name: "Mini", Date: "2026-12-06",
		Races: []model.Race{{
			ID: "1k", Name: "1 km", Bibs: []model.BibRange{{From: 1, To: 10}},
			Pools: []model.BibPool{{Desk: "Desk 1", From: 1, To: 2}, {Desk: "Desk 2", From: 3, To: 10}},
		}},
	}
}

func TestAnExhaustedPoolIsAClearFieldError(t *testing.T) {
	f := newFixtureFor(t, tinyEvent(), "Desk 1")
	in := runner("Erst", "Läufer")
	in.Race = "1k"
	for _, want := range []int{1, 2} {
		if p := f.register(in); p.Bib != want {
			t.Fatalf("bib = %d, want %d", p.Bib, want)
		}
	}
	beforeLog := f.logLen()
	_, err := f.s.Register(in, store.RegisterOptions{})
	var fe *model.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v (%T), want a *model.FieldError", err, err)
	}
	if fe.Field != model.FBib || fe.Key != msg.ErrBibPoolExhausted {
		t.Errorf("FieldError on %q with key %q, want bib / %s", fe.Field, fe.Key, msg.ErrBibPoolExhausted)
	}
	for _, part := range []string{"Desk 1", "1 km", "1-2"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not mention %q", err, part)
		}
	}
	if n := f.logLen(); n != beforeLog {
		t.Errorf("change log grew from %d to %d", beforeLog, n)
	}
	// A bib outside the pool can still be given by hand.
	in.Bib = "5"
	if p := f.register(in); p.Bib != 5 {
		t.Errorf("manual bib = %d, want 5", p.Bib)
	}
}

func TestADeskWithoutAPoolCannotAssignBibsAutomatically(t *testing.T) {
	f := newFixture(t, "Desk 3")
	_, err := f.s.Register(runner("Anna", "Schmidt"), store.RegisterOptions{})
	var fe *model.FieldError
	if !errors.As(err, &fe) || fe.Field != model.FBib || fe.Key != msg.ErrBibNoPool {
		t.Fatalf("err = %v, want a FieldError on bib with key %s", err, msg.ErrBibNoPool)
	}
	if !strings.Contains(err.Error(), "Desk 3") {
		t.Errorf("error %q does not name the desk", err)
	}
	if n := f.logLen(); n != 0 {
		t.Errorf("change log has %d entries, want none", n)
	}
	in := runner("Anna", "Schmidt")
	in.Bib = "42"
	if p := f.register(in); p.Bib != 42 {
		t.Errorf("manual bib = %d, want 42", p.Bib)
	}
	// Checking in someone without a bib needs the pool too.
	nobib := runner("Ohne", "Nummer")
	nobib.Bib = ""
	p := f.register(nobib)
	if _, err := f.s.CheckIn(p.ID); fieldError(err, model.FBib) == nil {
		t.Errorf("CheckIn without pool: err = %v, want a bib FieldError", err)
	}
	if got := f.get(p.ID); got.Status != model.Registered || got.Bib != 0 {
		t.Errorf("failed check-in changed the runner: %+v", got)
	}
}

func TestARaceWithoutPoolsLetsEveryDeskUseAllItsBibs(t *testing.T) {
	ev := tinyEvent()
	ev.Races[0].Pools = nil
	f := newFixtureFor(t, ev, "Desk 9")
	in := runner("Erst", "Läufer")
	in.Race = "1k"
	if p := f.register(in); p.Bib != 1 {
		t.Errorf("bib = %d, want 1", p.Bib)
	}
}

func TestAReleasedBibIsNotReusedAutomaticallyButCanBeGivenByHand(t *testing.T) {
	f := newFixture(t, "Desk 1")
	first := f.register(runner("Erst", "Läufer"))
	if first.Bib != 1 {
		t.Fatalf("first bib = %d, want 1", first.Bib)
	}
	// The runner swaps to bib 50 (a damaged bib, say): 1 is free again.
	edit := runner("Erst", "Läufer")
	edit.Bib = "50"
	if p, err := f.s.Edit(first.ID, edit); err != nil || p.Bib != 50 {
		t.Fatalf("Edit to bib 50 = %d, %v", p.Bib, err)
	}
	if _, err := f.s.ByBib("10k", 1); err == nil {
		t.Errorf("bib 1 still has a holder after the edit")
	}
	var got []int
	for range 3 {
		got = append(got, f.register(runner("Auto", "Matisch")).Bib)
	}
	if want := []int{2, 3, 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("automatic bibs after releasing 1 = %v, want %v", got, want)
	}
	byHand := runner("Hand", "Vergeben")
	byHand.Bib = "1"
	p := f.register(byHand)
	if p.Bib != 1 {
		t.Errorf("manual bib = %d, want 1", p.Bib)
	}
	if holder, err := f.s.ByBib("10k", 1); err != nil || holder.ID != p.ID {
		t.Errorf("ByBib(10k, 1) = %s, %v; want %s", holder.ID, err, p.ID)
	}
}

func TestRegisterManyStoresValidInputsAndReportsTheRest(t *testing.T) {
	f := newFixture(t, "Desk 1")
	taken := runner("Schon", "Da")
	taken.Bib = "9"
	f.register(taken)

	ins := []model.ParticipantInput{
		runner("Anna", "Eins"),
		with(runner("Bob", "Zwei"), func(in *model.ParticipantInput) { in.Born = "morgen" }),
		runner("Cem", "Drei"),
		with(runner("Dora", "Vier"), func(in *model.ParticipantInput) { in.Bib = "9" }),
		with(runner("Emil", "Fünf"), func(in *model.ParticipantInput) { in.Bib = "20" }),
		with(runner("Fritz", "Sechs"), func(in *model.ParticipantInput) { in.Bib = "20" }),
	}
	ps, rejected, err := f.s.RegisterMany(ins, store.RegisterOptions{})
	if err != nil {
		t.Fatalf("RegisterMany: %v", err)
	}
	var bibs []int
	for _, p := range ps {
		bibs = append(bibs, p.Bib)
		if got := f.get(p.ID); got.Bib != p.Bib {
			t.Errorf("stored %s has bib %d, returned %d", p.ID, got.Bib, p.Bib)
		}
	}
	if want := []int{1, 2, 20}; !reflect.DeepEqual(bibs, want) {
		t.Errorf("stored bibs = %v, want %v", bibs, want)
	}
	var idx []int
	for _, r := range rejected {
		idx = append(idx, r.Index)
	}
	if want := []int{1, 3, 5}; !reflect.DeepEqual(idx, want) {
		t.Errorf("rejected inputs = %v, want %v", idx, want)
	}
	if c := f.counts(); c.Total != 4 {
		t.Errorf("total = %d, want 4", c.Total)
	}
	log, _ := f.s.Log(0, 0)
	if len(log) != 4 {
		t.Fatalf("change log has %d entries, want 4 (one per stored runner)", len(log))
	}
	for i, ch := range log {
		if ch.DevSeq != uint64(i+1) {
			t.Errorf("entry %d has DevSeq %d", i, ch.DevSeq)
		}
	}
}

func TestCheckInGivesABibAndRecordsWhenAndWhere(t *testing.T) {
	f := newFixture(t, "Desk 2")
	in := runner("Jörg", "Müller")
	in.Bib = ""
	p := f.register(in)
	if p.Bib != 0 {
		t.Fatalf("registered with bib %d, want none", p.Bib)
	}
	f.clock.Advance(90 * time.Minute)

	res, err := f.s.CheckIn(p.ID)
	if err != nil {
		t.Fatalf("CheckIn: %v", err)
	}
	if res.Already || !res.BibAssigned {
		t.Errorf("result Already=%v BibAssigned=%v, want false/true", res.Already, res.BibAssigned)
	}
	want := p
	want.Bib = 200
	want.Status = model.CheckedIn
	want.CheckedInAt = pinned.Add(90 * time.Minute).Format(time.RFC3339)
	want.CheckedInDesk = "Desk 2"
	if !reflect.DeepEqual(res.Participant, want) {
		t.Errorf("CheckIn returned\n%+v\nwant\n%+v", res.Participant, want)
	}
	f.reopen(store.Options{})
	if got := f.get(p.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("stored after check-in\n%+v\nwant\n%+v", got, want)
	}
	if holder, err := f.s.ByBib("10k", 200); err != nil || holder.ID != p.ID {
		t.Errorf("ByBib(10k, 200) = %s, %v", holder.ID, err)
	}
	if c := f.counts(); c.CheckedIn != 1 || c.InPerRace["10k"] != 1 {
		t.Errorf("counts %+v, want one checked in", c)
	}
}

func TestCheckInKeepsABibTheRunnerHas(t *testing.T) {
	f := newFixture(t, "Desk 1")
	in := runner("Anna", "Schmidt")
	in.Bib = "123"
	p := f.register(in)
	res, err := f.s.CheckIn(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.BibAssigned || res.Participant.Bib != 123 {
		t.Errorf("bib %d (assigned %v), want 123 kept", res.Participant.Bib, res.BibAssigned)
	}
}

func TestASecondCheckInReportsTheFirstAndChangesNothing(t *testing.T) {
	f := newFixture(t, "Desk 1")
	p := f.register(runner("Anna", "Schmidt"))
	first, err := f.s.CheckIn(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	logLen, counts := f.logLen(), f.counts()
	f.clock.Advance(10 * time.Minute)

	second, err := f.s.CheckIn(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !second.Already || second.BibAssigned {
		t.Errorf("second check-in Already=%v BibAssigned=%v, want true/false", second.Already, second.BibAssigned)
	}
	if !reflect.DeepEqual(second.Participant, first.Participant) {
		t.Errorf("second check-in reports\n%+v\nwant the first\n%+v", second.Participant, first.Participant)
	}
	if n := f.logLen(); n != logLen {
		t.Errorf("change log grew from %d to %d", logLen, n)
	}
	if c := f.counts(); !reflect.DeepEqual(c, counts) {
		t.Errorf("counts changed to %+v", c)
	}
}

func TestCheckInOfAnUnknownIDIsNotFound(t *testing.T) {
	f := newFixture(t, "Desk 1")
	if _, err := f.s.CheckIn("0190d1a2-0000-7000-8000-000000000000"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}

func TestRegisteringAsCheckedInStampsTheCheckIn(t *testing.T) {
	f := newFixture(t, "Desk 1")
	in := runner("Spät", "Kommer")
	in.Status = "checked-in"
	p := f.register(in)
	if p.Status != model.CheckedIn || p.CheckedInAt != pinned.Format(time.RFC3339) || p.CheckedInDesk != "Desk 1" {
		t.Errorf("got %+v, want checked in at the desk now", p)
	}
	if c := f.counts(); c.CheckedIn != 1 {
		t.Errorf("checked in = %d, want 1", c.CheckedIn)
	}
}

func TestEditKeepsStatusPaymentSourceAndCheckIn(t *testing.T) {
	f := newFixture(t, "Desk 1")
	in := runner("Jorg", "Muller")
	in.Paid = "online"
	in.Source = model.SourceOnline
	in.ExternalID = "RR-17"
	p := f.register(in)
	ci, err := f.s.CheckIn(p.ID)
	if err != nil {
		t.Fatal(err)
	}

	fix := runner("Jörg", "Müller")
	fix.Bib = ""
	fix.Club = "LG Buchau"
	fix.ExternalID = "RR-17"
	fix.Paid, fix.Status, fix.Source = "no", "dns", model.SourceHotspot // ignored by Edit
	got, err := f.s.Edit(p.ID, fix)
	if err != nil {
		t.Fatalf("Edit: %v", err)
	}
	want := ci.Participant
	want.First, want.Last, want.Club = "Jörg", "Müller", "LG Buchau"
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Edit returned\n%+v\nwant\n%+v", got, want)
	}
	if stored := f.get(p.ID); !reflect.DeepEqual(stored, want) {
		t.Errorf("stored\n%+v\nwant\n%+v", stored, want)
	}
}

func TestEditValidatesAndWritesNothingOnError(t *testing.T) {
	f := newFixture(t, "Desk 1")
	p := f.register(runner("Anna", "Schmidt"))
	bad := runner("Anna", "")
	if _, err := f.s.Edit(p.ID, bad); fieldError(err, model.FLast) == nil {
		t.Errorf("err = %v, want a last-name error", err)
	}
	if got := f.get(p.ID); !reflect.DeepEqual(got, p) {
		t.Errorf("participant changed to %+v", got)
	}
	if n := f.logLen(); n != 1 {
		t.Errorf("change log has %d entries, want 1", n)
	}
}

func TestEditOfTheRaceMovesOrClearsTheBib(t *testing.T) {
	tests := []struct {
		name    string
		bib     string
		wantBib int
	}{
		{"an empty bib takes the next bib of the new race (a bib belongs to its race; issue 15)", "", 400},
		{"auto takes the next bib of the new race's pool", "auto", 400},
		{"a bib typed in is used", "650", 650},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, "Desk 1")
			p := f.register(runner("Anna", "Schmidt"))
			ci, err := f.s.CheckIn(p.ID)
			if err != nil {
				t.Fatal(err)
			}
			in := runner("Anna", "Schmidt")
			in.Race, in.Bib = "5k", tt.bib
			got, err := f.s.Edit(p.ID, in)
			if err != nil {
				t.Fatalf("Edit: %v", err)
			}
			if got.Race != "5k" || got.Bib != tt.wantBib {
				t.Errorf("race %s bib %d, want 5k / %d", got.Race, got.Bib, tt.wantBib)
			}
			if got.Status != model.CheckedIn || got.CheckedInAt != ci.Participant.CheckedInAt {
				t.Errorf("check-in lost: %+v", got)
			}
			if _, err := f.s.ByBib("10k", 1); err == nil {
				t.Errorf("the 10k bib 1 still has a holder")
			}
			if tt.wantBib != 0 {
				if h, err := f.s.ByBib("5k", tt.wantBib); err != nil || h.ID != p.ID {
					t.Errorf("ByBib(5k, %d) = %s, %v", tt.wantBib, h.ID, err)
				}
			}
			c := f.counts()
			if c.PerRace["10k"] != 0 || c.PerRace["5k"] != 1 || c.InPerRace["10k"] != 0 || c.InPerRace["5k"] != 1 {
				t.Errorf("counts per race %v, checked in per race %v", c.PerRace, c.InPerRace)
			}
			// 10k's bib 1 was handed out once; the next 10k runner gets 2.
			if n := f.register(runner("Neu", "Läufer")); n.Bib != 2 {
				t.Errorf("next 10k bib = %d, want 2", n.Bib)
			}
		})
	}
}

func TestEditInTheSameRaceKeepsTheBib(t *testing.T) {
	for _, bib := range []string{"", "auto", "1"} {
		t.Run("bib "+strconvQuote(bib), func(t *testing.T) {
			f := newFixture(t, "Desk 1")
			p := f.register(runner("Anna", "Schmidt"))
			in := runner("Anna", "Schmitt")
			in.Bib = bib
			got, err := f.s.Edit(p.ID, in)
			if err != nil {
				t.Fatal(err)
			}
			if got.Bib != 1 || got.Last != "Schmitt" {
				t.Errorf("got bib %d last %q, want 1 / Schmitt", got.Bib, got.Last)
			}
		})
	}
}

func strconvQuote(s string) string { return `"` + s + `"` }

func TestEditToABibSomeoneHoldsIsRefused(t *testing.T) {
	f := newFixture(t, "Desk 1")
	a := f.register(runner("Anna", "Schmidt"))
	b := f.register(runner("Jörg", "Müller"))
	in := runner("Anna", "Schmidt")
	in.Bib = "2"
	_, err := f.s.Edit(a.ID, in)
	if fe := fieldError(err, model.FBib); fe == nil || !strings.Contains(err.Error(), "Jörg Müller") {
		t.Fatalf("err = %v, want a bib error naming Jörg Müller", err)
	}
	if got := f.get(a.ID); got.Bib != 1 {
		t.Errorf("Anna's bib = %d, want 1", got.Bib)
	}
	if h, _ := f.s.ByBib("10k", 1); h.ID != a.ID {
		t.Errorf("bib 1 index points at %s, want Anna", h.ID)
	}
	if h, _ := f.s.ByBib("10k", 2); h.ID != b.ID {
		t.Errorf("bib 2 index points at %s, want Jörg", h.ID)
	}
}

func TestTakePayment(t *testing.T) {
	tests := []struct {
		name   string
		source model.Source
		race   string
		method model.PayMethod
		cents  int
		want   int
	}{
		{"the fee of an online registration", model.SourceOnline, "10k", model.Cash, -1, 1500},
		{"the late fee of a desk registration", model.SourceDesk, "10k", model.Cash, -1, 2000},
		{"the late fee of a hotspot registration", model.SourceHotspot, "5k", model.Card, -1, 1300},
		{"the fee of an imported registration", model.SourceImport, "5k", model.Card, -1, 1000},
		{"the late fee of a free race", model.SourceDesk, "bambini", model.Cash, -1, 300},
		{"an amount given", model.SourceDesk, "10k", model.Cash, 1234, 1234},
		{"nothing when unpaid", model.SourceDesk, "10k", model.Unpaid, 1500, 0},
	}
	born := map[string]string{"10k": "1985", "5k": "2010", "bambini": "2019"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, "Desk 1")
			in := runner("Anna", "Schmidt")
			in.Race, in.Born, in.Source = tt.race, born[tt.race], tt.source
			p := f.register(in)
			got, err := f.s.TakePayment(p.ID, tt.method, tt.cents)
			if err != nil {
				t.Fatal(err)
			}
			if got.PaidCents != tt.want || got.PayMethod != tt.method {
				t.Errorf("paid %d by %q, want %d by %q", got.PaidCents, got.PayMethod, tt.want, tt.method)
			}
			if stored := f.get(p.ID); !reflect.DeepEqual(stored, got) {
				t.Errorf("stored %+v, returned %+v", stored, got)
			}
		})
	}
}

func TestSetStatusDNS(t *testing.T) {
	f := newFixture(t, "Desk 1")
	p := f.register(runner("Anna", "Schmidt"))
	if _, err := f.s.CheckIn(p.ID); err != nil {
		t.Fatal(err)
	}
	got, err := f.s.SetStatus(p.ID, model.DNS)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != model.DNS || f.get(p.ID).Status != model.DNS {
		t.Errorf("status %q, want dns", got.Status)
	}
	if got.Bib != 1 {
		t.Errorf("bib %d, want 1 kept", got.Bib)
	}
	c := f.counts()
	if c.CheckedIn != 0 || c.InPerRace["10k"] != 0 || c.Total != 1 {
		t.Errorf("counts after DNS: %+v", c)
	}
}

func TestModifyOfAnUnknownIDIsNotFound(t *testing.T) {
	f := newFixture(t, "Desk 1")
	const id = "0190d1a2-0000-7000-8000-000000000000"
	if _, err := f.s.SetStatus(id, model.DNS); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetStatus: err = %v, want ErrNotFound", err)
	}
	if _, err := f.s.Get(id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get: err = %v, want ErrNotFound", err)
	}
}

func TestPoolsReportTheBibsLeft(t *testing.T) {
	f := newFixture(t, "Desk 2")
	f.register(runner("Anna", "Schmidt"))
	byHand := runner("Bert", "Braun")
	byHand.Bib = "399"
	f.register(byHand)
	released := f.register(runner("Cora", "Clausen"))
	move := runner("Cora", "Clausen")
	move.Race, move.Born, move.Bib = "5k", "2010", ""
	if _, err := f.s.Edit(released.ID, move); err != nil {
		t.Fatal(err)
	}
	pools, err := f.s.Pools()
	if err != nil {
		t.Fatal(err)
	}
	left := map[string]int{}
	for _, p := range pools {
		if !p.OK {
			t.Errorf("%s: Desk 2 has a pool, reported none", p.Race)
		}
		left[p.Race] = p.Left
	}
	// 200-399: 200 bibs, three handed out (201 was released but is not
	// handed out again); 5k 550-699, one taken by Cora's move; bambini
	// 750-799.
	if want := map[string]int{"10k": 197, "5k": 149, "bambini": 50}; !reflect.DeepEqual(left, want) {
		t.Errorf("left %v, want %v", left, want)
	}

	other := newFixture(t, "Desk 3")
	pools, _ = other.s.Pools()
	for _, p := range pools {
		if p.OK || p.Left != 0 {
			t.Errorf("Desk 3 %s: OK=%v left %d, want no pool", p.Race, p.OK, p.Left)
		}
	}
}
