package printer

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// pinned is when the test printouts are printed: the morning of the event.
var pinned = time.Date(2026, 12, 6, 8, 30, 0, 0, time.UTC)

// testEvent is docs/examples/event.toml, frozen in testdata: 10k (bibs
// 1–399, start 10:30, fee 15 €, late 20 €), 5k (400–699, start 10:00),
// bambini (700–799).
func testEvent(t testing.TB) *model.Event {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "event.toml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ev, err := model.ParseEvent(f)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func born(y, m, d int) model.BirthDate { return model.BirthDate{Year: y, Month: m, Day: d} }

// runners are what a printout must cope with: umlauts, ß, é; names no
// code page has (Ł, ř, ı, Cyrillic, Greek, Vietnamese); a name too long
// for any column; runners without a bib; one who will not start; an
// unconfirmed hotspot entry; people who still owe money.
func runners() []model.Participant {
	return []model.Participant{
		{ID: "p01", First: "Jörg", Last: "Müller", Born: born(1985, 3, 12), Gender: model.Male, Club: "SV Lauf 08", Race: "10k", Bib: 1,
			Status: model.CheckedIn, PaidCents: 1500, PayMethod: model.Online, Source: model.SourceOnline},
		{ID: "p02", First: "Anna", Last: "Weiß", Born: born(2001, 7, 1), Gender: model.Female, Club: "LG Würzburg", Race: "10k", Bib: 2,
			Status: model.Registered, Source: model.SourceOnline},
		{ID: "p03", First: "Řehoř", Last: "Dvořák", Born: born(1979, 1, 30), Gender: model.Male, Club: "TJ Sokol Brno", Race: "10k", Bib: 17,
			Status: model.CheckedIn, PaidCents: 1500, PayMethod: model.Cash, Source: model.SourceOnline},
		{ID: "p04", First: "Łukasz", Last: "Kowalczyk", Born: born(1991, 7, 7), Gender: model.Male, Race: "10k",
			Status: model.Registered, Source: model.SourceDesk},
		{ID: "p05", First: "Ayşe", Last: "Öztürk", Born: born(1990, 2, 2), Gender: model.Female, Club: "Galatasaray Koşu Kulübü", Race: "10k", Bib: 123,
			Status: model.Registered, PaidCents: 1500, PayMethod: model.Card, Source: model.SourceOnline},
		{ID: "p06", First: "Hans-Joachim Friedrich", Last: "Müller-Lüdenscheidt", Born: born(1960, 11, 11), Gender: model.Male,
			Club: "Sportgemeinschaft Oberbayerische Laufgemeinschaft e.V.", Race: "10k", Bib: 5,
			Status: model.CheckedIn, PaidCents: 1500, PayMethod: model.Online, Source: model.SourceOnline},
		{ID: "p07", First: "Дмитрий", Last: "Иванов", Born: born(1975, 5, 9), Gender: model.Male, Club: "Спартак Москва", Race: "10k", Bib: 42,
			Status: model.Registered, PaidCents: 1500, PayMethod: model.Online, Source: model.SourceOnline},
		{ID: "p08", First: "Ελένη", Last: "Παπαδοπούλου", Born: born(1988, 4, 4), Gender: model.Female, Race: "10k", Bib: 43,
			Status: model.Registered, PaidCents: 1500, PayMethod: model.Online, Source: model.SourceOnline},
		{ID: "p09", First: "Thị Hương", Last: "Nguyễn", Born: model.BirthDate{Year: 1995}, Gender: model.Female, Club: "Café Crème Läufer", Race: "10k",
			Status: model.Registered, PaidCents: 500, PayMethod: model.Cash, Source: model.SourceOnline},
		{ID: "p10", First: "José", Last: "Gonçalves", Born: born(1970, 8, 15), Gender: model.Male, Club: "Benfica Lisboa", Race: "10k", Bib: 399,
			Status: model.CheckedIn, PaidCents: 2000, PayMethod: model.Cash, Source: model.SourceDesk},
		{ID: "p11", First: "Peter", Last: "Schmidt", Born: born(1980, 1, 1), Gender: model.Male, Race: "10k", Bib: 8,
			Status: model.DNS, PaidCents: 1500, PayMethod: model.Online, Source: model.SourceOnline},
		{ID: "p12", First: "Lena", Last: "Hotspot", Born: born(1999, 9, 9), Gender: model.Female, Race: "10k",
			Status: model.Pending, Source: model.SourceHotspot},
		{ID: "p13", First: "Zoë", Last: "Bäcker", Born: born(2010, 6, 6), Gender: model.Female, Race: "5k", Bib: 400,
			Status: model.CheckedIn, PaidCents: 1000, PayMethod: model.Cash, Source: model.SourceOnline},
		{ID: "p14", First: "Sören", Last: "Åström", Born: born(1966, 6, 6), Gender: model.Diverse, Race: "5k", Bib: 401,
			Status: model.Registered, Source: model.SourceOnline},
	}
}

// results are a 10k result list as the timing would hand it over.
func results() ResultList {
	return ResultList{Race: "10k", Rows: []ResultRow{
		{Place: 1, Bib: 17, Name: "Dvořák, Řehoř", Club: "TJ Sokol Brno", Class: "M45", ClassPlace: 1, Time: "0:34:12"},
		{Place: 2, Bib: 1, Name: "Müller, Jörg", Club: "SV Lauf 08", Class: "M40", ClassPlace: 1, Time: "0:36:40"},
		{Place: 3, Bib: 2, Name: "Weiß, Anna", Club: "LG Würzburg", Class: "WHK", ClassPlace: 1, Time: "0:39:05"},
		{Place: 4, Bib: 5, Name: "Müller-Lüdenscheidt, Hans-Joachim Friedrich", Club: "Sportgemeinschaft Oberbayerische Laufgemeinschaft e.V.", Class: "M65", ClassPlace: 1, Time: "0:41:59"},
		{Place: 5, Bib: 42, Name: "Иванов, Дмитрий", Club: "Спартак Москва", Class: "M50", ClassPlace: 1, Time: "0:44:00"},
		{Place: 6, Bib: 123, Name: "Öztürk, Ayşe", Club: "Galatasaray Koşu Kulübü", Class: "W35", ClassPlace: 1, Time: "0:45:31"},
		{Place: 7, Bib: 43, Name: "Παπαδοπούλου, Ελένη", Class: "W35", ClassPlace: 2, Time: "0:47:02"},
		{Place: 8, Bib: 399, Name: "Gonçalves, José", Club: "Benfica Lisboa", Class: "M55", ClassPlace: 1, Time: "1:02:10"},
		{Bib: 3, Name: "Kowalczyk, Łukasz", Class: "M35", Status: "dnf"},
		{Bib: 8, Name: "Schmidt, Peter", Class: "M45", Status: "dsq"},
	}}
}

func layout(t testing.TB, width int, cp CodePage, lang msg.Lang) Layout {
	return Layout{Event: testEvent(t), Config: Config{Width: width, CodePage: cp, Cutter: CutPartial}, Lang: lang, Now: pinned, Desk: "Desk 1"}
}

// find returns the runner with the ID.
func find(ps []model.Participant, id string) model.Participant {
	for _, p := range ps {
		if p.ID == id {
			return p
		}
	}
	panic("no runner " + id)
}

// manyRunners makes n registered 10k runners with bibs from 1.
func manyRunners(n int) []model.Participant {
	first := []string{"Jörg", "Anna", "Łukasz", "Zoë", "Sören", "José", "Ayşe", "Hans-Peter", "Marie-Luise", "Ömer",
		"Thomas", "Sabine", "Michael", "Petra", "Jürgen", "Andrea", "Stefan", "Claudia", "Frank", "Monika"}
	last := []string{"Müller", "Weiß", "Dvořák", "Öztürk", "Schäfer", "Gonçalves", "Kowalczyk", "Nguyễn", "Bauer", "Groß",
		"Schmidt", "Schneider", "Fischer", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter",
		"Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann-Lüdenscheidt"}
	clubs := []string{"", "SV Lauf 08", "LG Würzburg", "TSV Großhadern Laufabteilung", "", "Café Crème Läufer"}
	ps := make([]model.Participant, n)
	for i := range ps {
		ps[i] = model.Participant{ID: fmt.Sprintf("r%05d", i), First: first[i%len(first)], Last: last[(i/len(first))%len(last)],
			Born: model.BirthDate{Year: 1950 + i%55}, Gender: []model.Gender{model.Male, model.Female}[i%2], Club: clubs[i%len(clubs)],
			Race: "10k", Bib: i + 1, Status: model.Registered, PaidCents: 1500 * (i % 3 / 2), PayMethod: []model.PayMethod{"", "", model.Online}[i%3],
			Source: model.SourceOnline}
	}
	return ps
}
