package store_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// manyRows are n registrations with their own IDs and names, and at the
// end two duplicates of rows of the first page: one by registration ID,
// one by name, birth date and race under another ID.
func manyRows(n int) []store.ImportRow {
	name := func(i int) string {
		s := ""
		// Consonants only: Fold reads "ae" as "ä".
		const letters = "bcdfghjklmnpqrstvwxz"
		for i++; i > 0; i /= len(letters) {
			i--
			s = string(letters[i%len(letters)]) + s
		}
		return "Muster" + s
	}
	ins := make([]model.ParticipantInput, 0, n+2)
	for i := range n {
		ins = append(ins, online(fmt.Sprintf("R%05d", i), "Anna", name(i)))
	}
	ins = append(ins, online("R00005", "Jörg", "Anders"), online("X1", "Anna", name(10)))
	return rows(ins...)
}

func TestImportOfManyPagesKeepsEveryPromiseOfOneTransaction(t *testing.T) {
	const page = 20 // rows per transaction
	const n = 2*page + 15
	rs := manyRows(n)
	opts := func(dry bool) store.ImportOptions { return store.ImportOptions{DryRun: dry, PageRows: page} }
	check := func(what string, res store.ImportResult, created, unchanged int) {
		t.Helper()
		if res.Created != created || res.Unchanged != unchanged || res.Rejected != 2 || res.Updated != 0 {
			t.Fatalf("%s: %d created, %d unchanged, %d updated, %d rejected; want %d, %d, 0, 2",
				what, res.Created, res.Unchanged, res.Updated, res.Rejected, created, unchanged)
		}
		byID, byName := res.Rows[n], res.Rows[n+1]
		if byID.Outcome != store.Rejected || !errors.Is(byID.Err, model.NewProblem(msg.ImpDuplicateID)) ||
			byName.Outcome != store.Rejected || !errors.Is(byName.Err, model.NewProblem(msg.ImpDuplicateRunner)) {
			t.Fatalf("%s: the duplicates of the first page: %v; %v", what, byID.Err, byName.Err)
		}
	}
	f := newFixture(t, "Desk 1")
	check("dry run", f.importRows(rs, opts(true)), n, 0)
	if ps, _ := f.s.List(""); len(ps) != 0 {
		t.Fatalf("a dry run stored %d participants", len(ps))
	}

	// A crash after two pages leaves two whole pages; importing the file
	// again finishes the job, duplicating nobody.
	x := f.s.NewImporter(opts(false))
	defer x.Close() // the crashed process would be gone
	for _, page := range [][]store.ImportRow{rs[:page], rs[page : 2*page]} {
		if _, err := x.Page(page); err != nil {
			t.Fatal(err)
		}
	}
	if got := x.Result().Created; got != 2*page {
		t.Fatalf("%d created by two pages", got)
	}
	check("after a crash", f.importRows(rs, opts(false)), n-2*page, 2*page)
	check("again", f.importRows(rs, opts(false)), 0, n)
	if ps, _ := f.s.List(""); len(ps) != n {
		t.Fatalf("%d participants stored, want %d", len(ps), n)
	}
	// The search index did not follow the imports; it is read anew.
	x.Close()
	if hits, err := f.s.Search(rs[n-1].Input.Last, 5); err != nil || len(hits) != 1 {
		t.Errorf("the last row's runner found %d times, %v", len(hits), err)
	}
}
