package store_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/store"
)

// TestSimilarFindsTheLateEntriesLikelySameFinds runs Store.Similar over
// the matcher's test set (model/testdata) and checks it finds exactly
// what LikelySame finds comparing each entry with everyone, and the
// duplicate each row names.
func TestSimilarFindsTheLateEntriesLikelySameFinds(t *testing.T) {
	read := func(path string) [][]string {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows[1:]
	}
	ev, err := demo.Event()
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Create(filepath.Join(t.TempDir(), "t.db"), ev, "Desk 1", store.Options{Now: func() time.Time { return ev.Day() }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ins []model.ParticipantInput
	for _, r := range read("../testdata/online_registrations.csv") {
		ins = append(ins, model.ParticipantInput{ExternalID: r[0], First: r[1], Last: r[2], Born: r[3], Gender: r[4], Race: r[5], Source: model.SourceOnline})
	}
	ps, rejected, err := s.RegisterMany(ins, store.RegisterOptions{})
	if err != nil || len(rejected) > 0 {
		t.Fatalf("RegisterMany: %v, rejected %v", err, rejected)
	}
	found, dups, flagged := 0, 0, 0
	for _, row := range read("../testdata/late_entries.csv") {
		born, err := model.ParseISOBirthDate(row[4])
		if err != nil {
			t.Fatal(err)
		}
		a := model.Person{First: row[2], Last: row[3], Born: born, Gender: model.Gender(row[5])}
		ms, err := s.Similar(a, "")
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for _, m := range ms {
			got = append(got, m.Participant.ExternalID)
		}
		for i := range ps {
			if _, ok := model.LikelySame(a, &ps[i]); ok {
				want = append(want, ps[i].ExternalID)
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("case %s (%s %s %s): Similar found %v, LikelySame over everyone %v", row[0], row[2], row[3], row[4], got, want)
		}
		if row[6] == "" {
			if len(got) > 0 {
				flagged++
			}
			continue
		}
		dups++
		if slices.Contains(got, row[6]) {
			found++
		}
	}
	t.Logf("Store.Similar: %d of %d duplicates found, %d new runners flagged", found, dups, flagged)
	// The registration ID alone finds the runner, whatever the names.
	ms, err := s.Similar(model.Person{First: "Somebody", Last: "Else", ExternalID: ps[7].ExternalID}, "")
	if err != nil || len(ms) != 1 || !ms[0].Reason.SameID || ms[0].Participant.ID != ps[7].ID {
		t.Errorf("Similar by registration ID: %+v, %v", ms, err)
	}
	// The participant being edited is not its own duplicate.
	if ms, _ := s.Similar(model.PersonOf(&ps[3]), ps[3].ID); slices.ContainsFunc(ms, func(m model.Match) bool { return m.Participant.ID == ps[3].ID }) {
		t.Errorf("Similar lists the excluded participant")
	}
}
