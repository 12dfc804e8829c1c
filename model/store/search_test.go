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
