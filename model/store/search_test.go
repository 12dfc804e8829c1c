package store_test

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// A search with a limit returns the first hits of the same search without
// one: passing over texts that cannot make the list changes nothing.
func TestSearchWithALimitIsTheStartOfTheWholeResult(t *testing.T) {
	f := newFixture(t, "Desk 1")
	rng := rand.New(rand.NewPCG(11, 12))
	syll := []string{"üb", "ma", "mu", "le", "ler", "ko", "ch", "ul", "mö", "ber", "an", "na"}
	word := func() string {
		w := ""
		for i := 0; i < 1+rng.IntN(3); i++ {
			w += syll[rng.IntN(len(syll))]
		}
		r := []rune(w)
		return strings.ToUpper(string(r[0])) + string(r[1:])
	}
	var ins []model.ParticipantInput
	for i := 0; i < 400; i++ {
		in := runner(word(), word())
		if i >= 150 {
			in.Bib = "" // the pool has 199 bibs
		}
		if rng.IntN(2) == 0 {
			in.Club = "LG " + word()
		}
		ins = append(ins, in)
	}
	if _, rej, err := f.s.RegisterMany(ins, store.RegisterOptions{}); err != nil || len(rej) > 0 {
		t.Fatal(err, rej)
	}
	queries := []string{"", "m", "mu", "ma le", "ler", "ul", "mö", "lg", "1", "12", "#7", "ko ch", "x"}
	for _, q := range queries {
		all, err := f.s.Search(q, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{1, 5, 20, 100, 1000} {
			got, err := f.s.Search(q, limit)
			if err != nil {
				t.Fatal(err)
			}
			want := all[:min(limit, len(all))]
			if !reflect.DeepEqual(ids(got), ids(want)) {
				t.Errorf("Search(%q, %d) = %v, want %v", q, limit, ids(got), ids(want))
			}
		}
	}
}

func ids(hits []store.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Participant.ID
	}
	return out
}

// A name match ranks above a club match, and the runner a query names
// exactly — bib, phone code, registration ID — comes first (issue 15:
// "koehler fr" listed Köhler, Åsa of the Freiwillige Feuerwehr first, and
// Enter, Enter gave her Franz's bib).
func TestSearchRanksNamesAboveClubsAndExactKeysFirst(t *testing.T) {
	f := newFixture(t, "Desk 1")
	asa := f.register(with(runner("Åsa", "Köhler"), func(in *model.ParticipantInput) { in.Club = "Freiwillige Feuerwehr Buchau" }))
	franz := f.register(runner("Franz", "Köhler"))
	fritz := f.register(with(runner("Fritz", "Mähler"), func(in *model.ParticipantInput) { in.Club = "LG Köhlerwald" }))
	online := f.register(with(runner("Online", "Läuferin"), func(in *model.ParticipantInput) { in.ExternalID = "WR26-1029" }))
	bib12 := f.register(with(runner("Zwölf", "Nummer"), func(in *model.ParticipantInput) { in.Bib = "12" }))
	f.register(with(runner("Hundertzwölf", "Nummer"), func(in *model.ParticipantInput) { in.Bib = "112" }))
	for _, tt := range []struct {
		q     string
		first string
		order []string
	}{
		{q: "koehler fr", order: []string{franz.ID, asa.ID, fritz.ID}},
		{q: "köhler", order: []string{asa.ID, franz.ID, fritz.ID}},
		{q: "WR26-1029", first: online.ID},
		{q: "wr26 1029", first: online.ID},
		{q: "12", first: bib12.ID},
	} {
		hits, err := f.s.Search(tt.q, 0)
		if err != nil {
			t.Fatal(err)
		}
		got := ids(hits)
		if tt.order != nil && !reflect.DeepEqual(got, tt.order) {
			t.Errorf("Search(%q) = %v, want %v", tt.q, got, tt.order)
		}
		if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
			t.Errorf("Search(%q) = %v, want %s first", tt.q, got, tt.first)
		}
	}
}
