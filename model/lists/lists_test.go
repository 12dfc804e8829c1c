package lists_test

import (
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/lists"
)

func participant(id, race, last, first string, bib int, st model.Status) model.Participant {
	return model.Participant{ID: id, Race: race, Last: last, First: first, Bib: bib, Status: st,
		Born: model.BirthDate{Year: 1985}, Gender: model.Male, Source: model.SourceImport}
}

func names(g lists.Group) string {
	var out []string
	for _, e := range g.Entries {
		out = append(out, e.Last)
	}
	return strings.Join(out, ",")
}

func fixture(t *testing.T) (*model.Event, []model.Participant) {
	t.Helper()
	ev, err := demo.Event()
	if err != nil {
		t.Fatal(err)
	}
	return ev, []model.Participant{
		participant("1", "5k", "Weiß", "Anna", 402, model.CheckedIn),
		participant("2", "10k", "Müller", "Jörg", 0, model.Registered),
		participant("3", "10k", "Mueller", "Anna", 7, model.Registered),
		participant("4", "10k", "Abt", "Karl", 3, model.DNS),
		participant("5", "10k", "Zander", "Zoë", 1, model.CheckedIn),
		participant("6", "10k", "Özdemir", "Ali", 0, model.Pending),
		participant("7", "10k", "Becker", "Ben", 2, model.Registered),
	}
}

func TestStartListByBibPutsRunnersWithoutBibLast(t *testing.T) {
	ev, ps := fixture(t)
	gs := lists.StartList(ev, ps, lists.ByBib)
	if len(gs) != 2 || gs[0].Race.ID != "10k" || gs[1].Race.ID != "5k" {
		t.Fatalf("groups %+v; want 10k then 5k in the event's order", gs)
	}
	if got := names(gs[0]); got != "Zander,Becker,Mueller,Müller" {
		t.Errorf("10k by bib: %s (DNS and pending are not on a start list)", got)
	}
	if lists.Len(gs) != 5 {
		t.Errorf("len %d", lists.Len(gs))
	}
}

func TestStartListByNameFoldsUmlauts(t *testing.T) {
	ev, ps := fixture(t)
	gs := lists.StartList(ev, ps, lists.ByName)
	// Mueller, Anna and Müller, Jörg fold to "muller anna" and "muller jorg".
	if got := names(gs[0]); got != "Becker,Mueller,Müller,Zander" {
		t.Errorf("10k by name: %s", got)
	}
	if e := gs[0].Entries[0]; e.AgeClass != "M40" || e.Bib != 2 {
		t.Errorf("entry %+v", e)
	}
}

func TestCheckInListShowsWhoIsNotCheckedInWithWhatTheyOwe(t *testing.T) {
	ev, ps := fixture(t)
	gs := lists.CheckInList(ev, ps)
	if len(gs) != 1 || names(gs[0]) != "Becker,Mueller,Müller,Özdemir" {
		t.Fatalf("check-in list %+v", gs)
	}
	if e := gs[0].Entries[0]; e.Due != 1500 {
		t.Errorf("due %d, want the 10k's fee 1500", e.Due)
	}
}
