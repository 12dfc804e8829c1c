package store_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// Benchmarks for docs/benchmarks.md. Run with
//
//	go test -run='^$' -bench=. -benchtime=2s -count=5 ./model/store/

// benchEvent has one race with more bibs than any benchmark uses, so
// automatic assignment never runs out.
func benchEvent() *model.Event {
	return &model.Event{Name: "Bench", Date: "2026-12-06", Races: []model.Race{
		{ID: "10k", Name: "10 km", Bibs: []model.BibRange{{From: 1, To: 9_999_999}}},
	}}
}

// Name lists for realistic search text: the commonest German surnames
// (Müller about 1 in 100), some from neighbouring countries, umlauts and
// accents as people spell them.
var (
	benchLast = []string{
		"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
		"Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
		"Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier",
		"Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
		"Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert",
		"Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz",
		"Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm", "Winter", "Kraus", "Martin",
		"Schumacher", "Krämer", "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich",
		"Brandt", "Haas", "Schreiber", "Graf", "Schulte", "Dietrich", "Ziegler", "Kuhn", "Kühn", "Pohl",
		"Engel", "Horn", "Busch", "Bergmann", "Thomas", "Voigt", "Sauer", "Arnold", "Wolff", "Pfeiffer",
		"Dvořák", "Nowak", "Kowalski", "Yılmaz", "Kaya", "Öztürk", "García", "Fernández", "Rossi", "Nguyen",
	}
	benchFirst = []string{
		"Jörg", "Jürgen", "Anna", "Lena", "Lukas", "Maximilian", "Sophie", "Marie", "Paul", "Felix",
		"Jonas", "Leonie", "Hannah", "Emma", "Thomas", "Michael", "Andreas", "Stefan", "Sabine", "Petra",
		"Katrin", "Björn", "Sören", "Özlem", "Zoë", "Chloé", "René", "Łukasz", "Tomáš", "Antonín",
		"François", "José", "Ines", "Uwe", "Dieter", "Günther", "Jan", "Nina", "Tim", "Julia",
	}
	benchClubPrefix = []string{"TSV", "SV", "TuS", "LG", "SC", "LAV", "TV", "SG", "LC", "ASV", "VfL", "Lauftreff"}
	benchTown       = []string{
		"Buchau", "Köln", "Düsseldorf", "Münster", "Tübingen", "Göttingen", "Lübeck", "Würzburg", "Nürnberg", "Fürth",
		"Saarbrücken", "Osnabrück", "Bremen", "Kiel", "Jena", "Erfurt", "Halle", "Gießen", "Marburg", "Kassel",
		"Ulm", "Aalen", "Biberach", "Ravensburg", "Konstanz", "Lörrach", "Offenburg", "Bühl", "Baden-Baden", "Pforzheim",
	}
)

// benchRunners makes n registrations with realistic names, clubs and
// birth dates, asking for automatic bibs when bib is "auto".
func benchRunners(rng *rand.Rand, n int, bib string) []model.ParticipantInput {
	ins := make([]model.ParticipantInput, n)
	for i := range ins {
		in := model.ParticipantInput{
			First:  benchFirst[rng.IntN(len(benchFirst))],
			Last:   benchLast[rng.IntN(len(benchLast))],
			Born:   fmt.Sprintf("%02d.%02d.%d", 1+rng.IntN(28), 1+rng.IntN(12), 1950+rng.IntN(58)),
			Gender: []string{"M", "W"}[rng.IntN(2)],
			Race:   "10k",
			Bib:    bib,
		}
		if rng.IntN(10) < 6 {
			in.Club = benchClubPrefix[rng.IntN(len(benchClubPrefix))] + " " + benchTown[rng.IntN(len(benchTown))]
		}
		if rng.IntN(10) == 0 {
			in.Last += "-" + benchLast[rng.IntN(len(benchLast))]
		}
		ins[i] = in
	}
	return ins
}

// fill registers ins in batches of one transaction each.
func fill(s *store.Store, ins []model.ParticipantInput) ([]model.Participant, error) {
	var out []model.Participant
	const batch = 5000
	for i := 0; i < len(ins); i += batch {
		ps, rejected, err := s.RegisterMany(ins[i:min(i+batch, len(ins))], store.RegisterOptions{})
		if err != nil {
			return nil, err
		}
		if len(rejected) > 0 {
			return nil, fmt.Errorf("%d rejected, first: %v", len(rejected), rejected[0])
		}
		out = append(out, ps...)
	}
	return out, nil
}

// The 50,000-runner store is built once per test binary and shared by
// the read benchmarks.
const bigN = 50_000

var big struct {
	once sync.Once
	dir  string
	s    *store.Store
	err  error
}

func bigStore(b *testing.B) *store.Store {
	b.Helper()
	big.once.Do(func() {
		big.dir, big.err = os.MkdirTemp("", "racedesk-bench-")
		if big.err != nil {
			return
		}
		big.s, big.err = store.Create(filepath.Join(big.dir, "big.db"), benchEvent(), "Desk 1", store.Options{})
		if big.err != nil {
			return
		}
		rng := rand.New(rand.NewPCG(1, 2))
		_, big.err = fill(big.s, benchRunners(rng, bigN, "auto"))
	})
	if big.err != nil {
		b.Fatal(big.err)
	}
	return big.s
}

func removeBenchStores() {
	if big.s != nil {
		big.s.Close()
	}
	if big.dir != "" {
		os.RemoveAll(big.dir)
	}
}

func newBenchStore(b *testing.B) *store.Store {
	b.Helper()
	s, err := store.Create(filepath.Join(b.TempDir(), "bench.db"), benchEvent(), "Desk 1", store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkRegister is one durable registration: validation, automatic
// bib, record, indexes, counters and change log in one committed and
// fsynced bbolt transaction.
func BenchmarkRegister(b *testing.B) {
	s := newBenchStore(b)
	ins := benchRunners(rand.New(rand.NewPCG(3, 4)), 1000, "auto")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Register(ins[i%len(ins)], store.RegisterOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBarePutFsync is the floor BenchmarkRegister is measured
// against: one bbolt transaction that puts a value the size of a stored
// participant under a new key, committed and fsynced, on the same disk.
func BenchmarkBarePutFsync(b *testing.B) {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "bare.db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("p")); return err }); err != nil {
		b.Fatal(err)
	}
	value := bytes.Repeat([]byte("x"), 180) // a registration's compact record (1,479 bytes as JSON before schema 4)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		err := db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("p")).Put([]byte(model.NewID()), value)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckIn is one durable check-in of a runner without a bib, who
// gets the desk's next bib.
func BenchmarkCheckIn(b *testing.B) {
	s := newBenchStore(b)
	ps, err := fill(s, benchRunners(rand.New(rand.NewPCG(5, 6)), b.N, ""))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := s.CheckIn(ps[i].ID)
		if err != nil || !res.BibAssigned {
			b.Fatalf("CheckIn: %+v, %v", res, err)
		}
	}
}

// BenchmarkLookupByBib reads the holder of a bib among 50,000 runners.
func BenchmarkLookupByBib(b *testing.B) {
	s := bigStore(b)
	rng := rand.New(rand.NewPCG(7, 8))
	b.Run("ByBib", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.ByBib("10k", 1+rng.IntN(bigN)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("FindBib", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.FindBib(1 + rng.IntN(bigN)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSearch searches 50,000 runners the way the desk does: the top
// 20 hits for what a volunteer types, and once all hits of a common name.
func BenchmarkSearch(b *testing.B) {
	s := bigStore(b)
	for _, bm := range []struct {
		query string
		limit int
	}{
		{"muller", 20},
		{"jorg", 20},
		{"Müller Jörg", 20},
		{"4711", 20},
		{"tübingen", 20},
		{"dvorak", 20},
		{"muller", 0},
	} {
		b.Run(fmt.Sprintf("q=%s/limit=%s", bm.query, strconv.Itoa(bm.limit)), func(b *testing.B) {
			var hits []store.Hit
			for i := 0; i < b.N; i++ {
				var err error
				if hits, err = s.Search(bm.query, bm.limit); err != nil {
					b.Fatal(err)
				}
			}
			if len(hits) == 0 {
				b.Fatalf("Search(%q) found nothing", bm.query)
			}
			b.ReportMetric(float64(len(hits)), "hits")
		})
	}
}
