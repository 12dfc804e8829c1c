package model_test

import (
	"encoding/csv"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// readLateEntries reads the test set (see TestWriteLateEntries).
func readLateEntries(t *testing.T) ([]registration, []lateEntry) {
	t.Helper()
	read := func(path string) [][]string {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return rows[1:]
	}
	date := func(s string) model.BirthDate {
		b, err := model.ParseISOBirthDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var regs []registration
	for _, r := range read(registrationsFile) {
		regs = append(regs, registration{id: r[0], first: r[1], last: r[2], born: date(r[3]), gender: model.Gender(r[4]), race: r[5]})
	}
	var entries []lateEntry
	for _, r := range read(lateEntriesFile) {
		entries = append(entries, lateEntry{kind: r[1], first: r[2], last: r[3], born: date(r[4]), gender: model.Gender(r[5]), dup: r[6], note: r[7]})
	}
	return regs, entries
}

// TestLateEntriesAreFoundAndNewRunnersLeftAlone runs LikelySame over the
// test set: every late entry against every registration.
func TestLateEntriesAreFoundAndNewRunnersLeftAlone(t *testing.T) {
	regs, entries := readLateEntries(t)
	if len(entries) < 150 {
		t.Fatalf("only %d late entries in the test set", len(entries))
	}
	ps := make([]model.Participant, len(regs))
	for i, r := range regs {
		ps[i] = model.Participant{ID: r.id, ExternalID: r.id, First: r.first, Last: r.last, Born: r.born, Gender: r.gender}
	}
	var dups, found, news, flagged, extra int
	missedBy, flaggedBy := map[string]int{}, map[string]int{}
	for i, e := range entries {
		a := model.Person{First: e.first, Last: e.last, Born: e.born, Gender: e.gender}
		var hits []string
		for j := range ps {
			if r, ok := model.LikelySame(a, &ps[j]); ok {
				hits = append(hits, ps[j].ID+" ("+r.Text(msg.EN)+")")
			}
		}
		if e.dup == "" {
			news++
			if len(hits) > 0 {
				flagged++
				flaggedBy[e.kind]++
				t.Logf("false alarm, case %d (%s: %s %s %s, %s): %s", i+1, e.kind, e.first, e.last, e.born, e.note, strings.Join(hits, "; "))
			}
			continue
		}
		dups++
		ok := false
		for _, h := range hits {
			if strings.HasPrefix(h, e.dup+" ") {
				ok = true
			} else {
				extra++
				t.Logf("also shown, case %d (%s %s %s): %s", i+1, e.first, e.last, e.born, h)
			}
		}
		if ok {
			found++
		} else {
			missedBy[e.kind]++
			t.Logf("missed, case %d (%s: %s %s %s for %s, %s)", i+1, e.kind, e.first, e.last, e.born, e.dup, e.note)
		}
	}
	recall := float64(found) / float64(dups)
	fp := float64(flagged) / float64(news)
	t.Logf("%d late entries against %d registrations", len(entries), len(regs))
	t.Logf("recall: %d of %d duplicates found (%.1f %%); missed by kind: %v", found, dups, 100*recall, sorted(missedBy))
	t.Logf("false positives: %d of %d new runners flagged (%.1f %%); by kind: %v; other runners shown along with a found duplicate: %d",
		flagged, news, 100*fp, sorted(flaggedBy), extra)
	if recall < 0.95 {
		t.Errorf("recall %.1f %% is below 95 %%", 100*recall)
	}
	if fp > 0.05 {
		t.Errorf("false positives %.1f %% are above 5 %%", 100*fp)
	}
}

func sorted(m map[string]int) []string {
	var out []string
	for k, v := range m {
		out = append(out, k+"="+strconv.Itoa(v))
	}
	sort.Strings(out)
	return out
}
