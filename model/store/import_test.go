package store_test

import (
	"errors"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// online is a registration as a platform exports it: registration ID,
// German date, the race by its name, paid online.
func online(ext, first, last string) model.ParticipantInput {
	return model.ParticipantInput{ExternalID: ext, First: first, Last: last, Born: "12.03.1985", Gender: "männlich",
		Race: "10 km Hauptlauf", Club: "SV Lauf 08", Email: strings.ToLower(first) + "@example.org", Paid: "online"}
}

func rows(ins ...model.ParticipantInput) []store.ImportRow {
	out := make([]store.ImportRow, len(ins))
	for i, in := range ins {
		out[i] = store.ImportRow{Line: i + 2, Input: in}
	}
	return out
}

func (f *fixture) importRows(rs []store.ImportRow, opts store.ImportOptions) store.ImportResult {
	f.t.Helper()
	res, err := f.s.Import(rs, opts)
	if err != nil {
		f.t.Fatalf("Import: %v", err)
	}
	if len(res.Rows) != len(rs) {
		f.t.Fatalf("%d results for %d rows", len(res.Rows), len(rs))
	}
	if res.Created+res.Updated+res.Unchanged+res.Rejected != len(rs) {
		f.t.Fatalf("counts %+v do not add up to %d rows", res, len(rs))
	}
	return res
}

func TestImportCreatesParticipantsThroughTheChangeLog(t *testing.T) {
	f := newFixture(t, "Desk 1")
	res := f.importRows(rows(online("A1", "Jörg", "Müller"), online("A2", "Anna", "Weiß")), store.ImportOptions{})
	if res.Created != 2 || res.Rejected != 0 {
		t.Fatalf("result %+v", res)
	}
	p := f.get(res.Rows[0].Participant.ID)
	if p.Source != model.SourceImport || p.Status != model.Registered || p.ExternalID != "A1" || p.Race != "10k" ||
		p.Born.String() != "1985-03-12" || p.PayMethod != model.Online || p.PaidCents != 1500 || p.Bib != 0 {
		t.Errorf("stored %+v", p)
	}
	log, err := f.s.Log(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Origin != store.OriginImport || log[0].Op != store.OpCreate || log[0].ID != p.ID {
		t.Errorf("change log %+v", log)
	}
	if c := f.counts(); c.Total != 2 || c.PerRace["10k"] != 2 || c.Late != 0 {
		t.Errorf("counts %+v", c)
	}
	if got, found, _ := f.s.ByExternalID("A2"); !found || got.First != "Anna" {
		t.Errorf("ByExternalID(A2) = %+v, %v", got, found)
	}
}

func TestImportRejectsWhatTheDeskWouldRejectAndKeepsTheRest(t *testing.T) {
	f := newFixture(t, "Desk 1")
	cases := []struct {
		name  string
		in    model.ParticipantInput
		field string
		key   msg.Key
	}{
		{"a missing first name", with(online("B1", "", "Müller"), func(in *model.ParticipantInput) {}), model.FFirst, msg.ErrRequired},
		{"an impossible year", with(online("B2", "Jörg", "Alt"), func(in *model.ParticipantInput) { in.Born = "1850" }), model.FBorn, msg.ErrBornTooOld},
		{"an impossible day", with(online("B3", "Jörg", "Feb"), func(in *model.ParticipantInput) { in.Born = "31.02.1985" }), model.FBorn, msg.ErrBornNoSuchDay},
		{"a future year", with(online("B4", "Jörg", "Zukunft"), func(in *model.ParticipantInput) { in.Born = "2030" }), model.FBorn, msg.ErrBornFuture},
		{"an unknown gender", with(online("B5", "Jörg", "Q"), func(in *model.ParticipantInput) { in.Gender = "q" }), model.FGender, msg.ErrGender},
		{"an unknown race", with(online("B6", "Jörg", "Marathon"), func(in *model.ParticipantInput) { in.Race = "Marathon" }), model.FRace, msg.ErrRace},
		{"too young for the race", with(online("B7", "Mia", "Kind"), func(in *model.ParticipantInput) { in.Born = "2019" }), model.FBorn, msg.ErrBornTooYoung},
		{"a bib outside the race's range", with(online("B8", "Jörg", "Bib"), func(in *model.ParticipantInput) { in.Bib = "450" }), model.FBib, msg.ErrBibRange},
	}
	ins := []model.ParticipantInput{online("OK1", "Anna", "Gut")}
	for _, c := range cases {
		ins = append(ins, c.in)
	}
	ins = append(ins, online("OK2", "Ben", "Gut"))
	res := f.importRows(rows(ins...), store.ImportOptions{})
	if res.Created != 2 || res.Rejected != len(cases) {
		t.Fatalf("created %d, rejected %d", res.Created, res.Rejected)
	}
	for i, c := range cases {
		r := res.Rows[i+1]
		if r.Outcome != store.Rejected || r.Line != i+3 {
			t.Errorf("%s: %+v", c.name, r)
			continue
		}
		if fe := fieldError(r.Err, c.field); fe == nil || fe.Key != c.key {
			t.Errorf("%s: error %v, want %s on %s", c.name, r.Err, c.key, c.field)
		}
	}
	if n := f.logLen(); n != 2 {
		t.Errorf("change log has %d entries, want 2 (the valid rows)", n)
	}
}

func TestReaderErrorsAreReportedWithValidationErrors(t *testing.T) {
	f := newFixture(t, "Desk 1")
	in := online("C1", "", "Müller")
	in.Born, in.Email = "", "" // the reader could not read the date
	ambiguous := &model.FieldError{Field: model.FBorn, Input: "03/04/1985", Key: msg.ImpDateAmbiguous}
	res := f.importRows([]store.ImportRow{{Line: 7, Input: in, Errs: []*model.FieldError{ambiguous}}}, store.ImportOptions{})
	var ve model.ValidationError
	if !errors.As(res.Rows[0].Err, &ve) || len(ve) != 2 || ve[0] != ambiguous || ve.For(model.FFirst) == nil {
		t.Errorf("errors %v; want the date's error and the missing first name, and no 'birth date required'", res.Rows[0].Err)
	}
}

func TestADuplicatedRowIsImportedOnce(t *testing.T) {
	f := newFixture(t, "Desk 1")
	a := online("D1", "Jörg", "Müller")
	sameRunner := online("D2", "Jörg", "Mueller") // same folded name, birth date and race
	res := f.importRows(rows(a, a, sameRunner), store.ImportOptions{})
	if res.Created != 1 || res.Rejected != 2 {
		t.Fatalf("result %+v", res)
	}
	for i, want := range []msg.Key{msg.ImpDuplicateID, msg.ImpDuplicateRunner} {
		var p *model.Problem
		if r := res.Rows[i+1]; !errors.As(r.Err, &p) || p.Key != want || p.Args[0] != 2 {
			t.Errorf("row %d: %v, want %s naming line 2", i+2, r.Err, want)
		}
	}
	if f.counts().Total != 1 {
		t.Errorf("%d participants", f.counts().Total)
	}
}

func TestReimportingTheSameFileChangesNothing(t *testing.T) {
	f := newFixture(t, "Desk 1")
	rs := rows(online("E1", "Jörg", "Müller"), online("E2", "Anna", "Weiß"))
	f.importRows(rs, store.ImportOptions{})
	n := f.logLen()
	res := f.importRows(rs, store.ImportOptions{})
	if res.Unchanged != 2 || res.Created != 0 || res.Updated != 0 {
		t.Errorf("second import %+v", res)
	}
	if f.logLen() != n || f.counts().Total != 2 {
		t.Errorf("second import wrote: log %d → %d, %d participants", n, f.logLen(), f.counts().Total)
	}
}

func TestReimportingAnUpdatedExportUpdatesByRegistrationID(t *testing.T) {
	f := newFixture(t, "Desk 1")
	res := f.importRows(rows(online("F1", "Jörg", "Müller")), store.ImportOptions{})
	id := res.Rows[0].Participant.ID
	changed := online("F1", "Jörg", "Müller-Lüdenscheidt") // married, new email, now in the 5k
	changed.Email, changed.Race = "joerg@example.com", "5K Fun Run"
	res = f.importRows(rows(changed), store.ImportOptions{})
	r := res.Rows[0]
	if r.Outcome != store.Updated || r.Participant.ID != id {
		t.Fatalf("%+v", r)
	}
	p := f.get(id)
	if p.Last != "Müller-Lüdenscheidt" || p.Email != "joerg@example.com" || p.Race != "5k" || f.counts().Total != 1 {
		t.Errorf("stored %+v", p)
	}
	// Paid online without an amount is the race's fee: the 5k's now.
	if strings.Join(r.Fields, ",") != "email,last,paid_cents,race" || p.PaidCents != 1000 {
		t.Errorf("changed fields %v", r.Fields)
	}
	h, _ := f.s.History(id)
	if last := h[len(h)-1]; last.Origin != store.OriginImport || last.Op != store.OpUpdate {
		t.Errorf("history %+v", last)
	}
}

func TestAFileWithoutRegistrationIDsMatchesByNameBirthDateAndRace(t *testing.T) {
	f := newFixture(t, "Desk 1")
	in := online("", "Jörg", "Müller")
	f.importRows(rows(in), store.ImportOptions{})
	again := in
	again.Last, again.First, again.Club = "MÜLLER", " jörg ", "LG Neu" // folded the same
	res := f.importRows(rows(again), store.ImportOptions{})
	if res.Updated != 1 || f.counts().Total != 1 {
		t.Errorf("result %+v, %d participants", res, f.counts().Total)
	}
}

func TestReimportAfterTheDeskCheckedPeopleIn(t *testing.T) {
	f := newFixture(t, "Desk 1")
	res := f.importRows(rows(online("G1", "Jörg", "Müller"), online("G2", "Anna", "Weiß")), store.ImportOptions{})
	jorg, anna := res.Rows[0].Participant.ID, res.Rows[1].Participant.ID
	// Race morning: Jörg is checked in and gets bib 1; the desk corrects
	// his club and takes cash from Anna, who had not paid after all.
	if _, err := f.s.CheckIn(jorg); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Modify(jorg, func(_ *bolt.Tx, p *model.Participant) error { p.Club = "TSV Buchau"; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.TakePayment(anna, model.Cash, 1500); err != nil {
		t.Fatal(err)
	}
	before := f.get(jorg)

	// The platform's newer export: Jörg with another club, bib 17 and a
	// new email; Anna still "paid online".
	j := online("G1", "Jörg", "Müller")
	j.Bib, j.Email = "17", "neu@example.org"
	res = f.importRows(rows(j, online("G2", "Anna", "Weiß")), store.ImportOptions{})

	after := f.get(jorg)
	if after.Status != model.CheckedIn || after.Bib != before.Bib || after.Club != "TSV Buchau" ||
		after.CheckedInAt != before.CheckedInAt || after.CheckedInDesk != "Desk 1" {
		t.Errorf("the desk's work was overwritten: %+v", after)
	}
	if after.Email != "neu@example.org" {
		t.Errorf("email %q: a field the import owns should follow the file", after.Email)
	}
	clashes := map[string]store.Clash{}
	for _, c := range res.Rows[0].Clashes {
		clashes[c.Field] = c
	}
	if c := clashes[model.FClub]; c.Stored != "TSV Buchau" || c.File != "SV Lauf 08" || c.By != store.OriginDesk {
		t.Errorf("club clash %+v", c)
	}
	if c := clashes[model.FBib]; c.Stored != "1" || c.File != "17" {
		t.Errorf("bib clash %+v", c)
	}
	if res.Rows[0].Outcome != store.Updated {
		t.Errorf("Jörg: %s", res.Rows[0].Outcome)
	}
	if p := f.get(anna); p.PayMethod != model.Cash || p.PaidCents != 1500 {
		t.Errorf("Anna's cash payment became %s %d", p.PayMethod, p.PaidCents)
	}
	if r := res.Rows[1]; r.Outcome != store.Unchanged || len(r.Clashes) != 1 || r.Clashes[0].Field != model.FPayMethod {
		t.Errorf("Anna: %+v", r)
	}
	// A changed race does not move a checked-in runner.
	j.Race = "5k"
	j.Bib = ""
	res = f.importRows(rows(j), store.ImportOptions{})
	if p := f.get(jorg); p.Race != "10k" || p.Bib != before.Bib {
		t.Errorf("race change moved a checked-in runner: %+v", p)
	}
	if len(res.Rows[0].Clashes) == 0 {
		t.Errorf("no clash reported for the race")
	}
}

func TestImportFillsWhatTheDeskLeftEmpty(t *testing.T) {
	f := newFixture(t, "Desk 1")
	desk := runner("Jörg", "Müller") // born 12.03.1985, 10k, no email, no registration ID
	desk.Bib = ""
	p := f.register(desk)
	res := f.importRows(rows(online("H1", "Jörg", "Müller")), store.ImportOptions{})
	r := res.Rows[0]
	if r.Outcome != store.Updated || r.Participant.ID != p.ID {
		t.Fatalf("%+v", r)
	}
	got := f.get(p.ID)
	if got.ExternalID != "H1" || got.Email != "jörg@example.org" || got.Club != "SV Lauf 08" || got.Gender != model.Male {
		t.Errorf("stored %+v", got)
	}
	if got.Source != model.SourceDesk {
		t.Errorf("source %s: it stays where the runner was first entered", got.Source)
	}
}

func TestARegistrationIDOfAnotherRunnerIsNotMerged(t *testing.T) {
	f := newFixture(t, "Desk 1")
	f.importRows(rows(online("I1", "Jörg", "Müller")), store.ImportOptions{})
	res := f.importRows(rows(online("I2", "Jörg", "Müller")), store.ImportOptions{})
	var p *model.Problem
	if r := res.Rows[0]; r.Outcome != store.Rejected || !errors.As(r.Err, &p) || p.Key != msg.ImpOtherRegistration {
		t.Errorf("%+v", r)
	}
}

func TestASimilarDeskEntryIsFlaggedNotMerged(t *testing.T) {
	f := newFixture(t, "Desk 1")
	desk := runner("Jörg", "Müller")
	desk.Born, desk.Bib = "1985", ""
	p := f.register(desk)
	res := f.importRows(rows(online("J1", "Jörg", "Müller")), store.ImportOptions{})
	r := res.Rows[0]
	if r.Outcome != store.Created || r.Similar == nil || r.Similar.ID != p.ID {
		t.Errorf("%+v", r)
	}
}

func TestBibsFromTheFile(t *testing.T) {
	f := newFixture(t, "Desk 1")
	holder := runner("Hans", "Halter")
	holder.Bib = "17"
	f.register(holder)
	a, b := online("K1", "Anna", "Weiß"), online("K2", "Ben", "Braun")
	a.Bib, b.Bib = "18", "17"
	res := f.importRows(rows(a, b), store.ImportOptions{})
	if p := res.Rows[0].Participant; res.Rows[0].Outcome != store.Created || p.Bib != 18 {
		t.Errorf("a free bib: %+v", res.Rows[0])
	}
	if fe := fieldError(res.Rows[1].Err, model.FBib); fe == nil || fe.Key != msg.ErrBibTaken {
		t.Errorf("a taken bib: %+v", res.Rows[1])
	}
	// The desk's automatic bibs skip the imported one.
	next := f.register(runner("Cem", "Kaya"))
	if next.Bib == 17 || next.Bib == 18 {
		t.Errorf("auto bib %d", next.Bib)
	}
}

func TestDryRunReportsExactlyAndWritesNothing(t *testing.T) {
	f := newFixture(t, "Desk 1")
	f.importRows(rows(online("L1", "Jörg", "Müller")), store.ImportOptions{})
	n, total := f.logLen(), f.counts().Total
	changed := online("L1", "Jörg", "Müller")
	changed.Email = "neu@example.org"
	res := f.importRows(rows(changed, online("L2", "Anna", "Weiß"), online("L2", "Anna", "Weiß")), store.ImportOptions{DryRun: true})
	if !res.DryRun || res.Updated != 1 || res.Created != 1 || res.Rejected != 1 {
		t.Errorf("dry run %+v", res)
	}
	if f.logLen() != n || f.counts().Total != total {
		t.Errorf("dry run wrote")
	}
	if _, found, _ := f.s.ByExternalID("L2"); found {
		t.Errorf("dry run created L2")
	}
}

func TestAnImportMovesItsOwnRunnerToAnotherRaceBeforeCheckIn(t *testing.T) {
	f := newFixture(t, "Desk 1")
	in := online("M1", "Jörg", "Müller")
	in.Bib = "17"
	res := f.importRows(rows(in), store.ImportOptions{})
	id := res.Rows[0].Participant.ID
	in.Race, in.Bib = "5k", "" // the platform moved him; his 10k bib does not fit the 5k
	res = f.importRows(rows(in), store.ImportOptions{})
	if p := f.get(id); res.Rows[0].Outcome != store.Updated || p.Race != "5k" || p.Bib != 0 {
		t.Errorf("%+v, stored %+v", res.Rows[0], p)
	}
	if _, err := f.s.ByBib("10k", 17); err == nil {
		t.Errorf("bib 17 of the 10k is still held")
	}
}

func TestTheSameBibTwiceInOneFileRejectsTheSecond(t *testing.T) {
	f := newFixture(t, "Desk 1")
	a, b := online("N1", "Anna", "Weiß"), online("N2", "Ben", "Braun")
	a.Bib, b.Bib = "21", "21"
	res := f.importRows(rows(a, b), store.ImportOptions{})
	if res.Created != 1 || res.Rows[0].Participant.Bib != 21 {
		t.Fatalf("%+v", res)
	}
	if fe := fieldError(res.Rows[1].Err, model.FBib); fe == nil || fe.Key != msg.ImpBibInFile || !strings.Contains(fe.Error(), "line 2") {
		t.Errorf("second row: %v", res.Rows[1].Err)
	}
}

// Issue 16: a row whose name, date and race agree but whose gender differs
// is not merged into the stored runner (a scoring field) — it is a new
// entry, listed with the one it resembles; a namesake of another
// generation in the same race is not flagged; a typo'd name is listed.
func TestImportListsLikelyDuplicatesAndNeverMergesAScoringField(t *testing.T) {
	f := newFixture(t, "Desk 1")
	stored := f.register(with(runner("Jörg", "Müller"), func(in *model.ParticipantInput) { in.Bib = "" }))
	other := online("K1", "Jörg", "Müller")
	other.Gender = "W"
	father := online("K2", "Jörg", "Müller")
	father.Born = "01.02.1955"
	typo := online("K3", "Jörg", "Müler")
	res := f.importRows(rows(other, father, typo), store.ImportOptions{})
	if r := res.Rows[0]; r.Outcome != store.Created || r.Similar == nil || r.Similar.ID != stored.ID {
		t.Errorf("gender differs: %+v; want a new entry listed with the stored one", r)
	}
	if got := f.get(stored.ID); got.Gender != model.Male {
		t.Errorf("the stored runner's gender was changed to %s", got.Gender)
	}
	if r := res.Rows[1]; r.Outcome != store.Created || r.Similar != nil {
		t.Errorf("the father (born 1955): %+v; not the same person", r)
	}
	if r := res.Rows[2]; r.Outcome != store.Created || r.Similar == nil || r.Similar.ID != stored.ID {
		t.Errorf("Müler: %+v; want it listed with Müller", r)
	}
}
