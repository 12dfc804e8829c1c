package printer

import (
	"testing"

	"github.com/racedesk/racedesk/model/lists"
	"github.com/racedesk/racedesk/model/msg"
)

// BenchmarkEncodeStartList5000 encodes the start list of a race with
// 5,000 runners at 48 columns, by bib and by name: from the list
// model/lists built to the bytes for the printer (transliteration,
// columns, wrapping, ESC/POS). Target: under 20 ms. Encode alone is the
// ESC/POS step of an already laid-out Doc.
func BenchmarkEncodeStartList5000(b *testing.B) {
	ev := testEvent(b)
	l := Layout{Event: ev, Config: Config{Width: 48, CodePage: PC858, Cutter: CutPartial}, Lang: msg.DE, Now: pinned}
	for _, order := range []Order{ByBib, ByName} {
		entries := lists.StartList(ev, manyRunners(5000), order)[0].Entries
		b.Run("order="+string(order), func(b *testing.B) {
			var n int
			for b.Loop() {
				d, err := l.StartListOf("10k", entries, order)
				if err != nil {
					b.Fatal(err)
				}
				n = len(Encode(d))
			}
			b.ReportMetric(float64(n), "bytes")
		})
	}
	entries := lists.StartList(ev, manyRunners(5000), ByName)[0].Entries
	d, err := l.StartListOf("10k", entries, ByName)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Encode", func(b *testing.B) {
		for b.Loop() {
			Encode(d)
		}
	})
}

// BenchmarkStartListFromParticipants5000 is the whole path a command
// takes: 5,000 participants as the store returns them, selected and
// sorted by model/lists, laid out and encoded.
func BenchmarkStartListFromParticipants5000(b *testing.B) {
	ps := manyRunners(5000)
	l := Layout{Event: testEvent(b), Config: Config{Width: 48, CodePage: PC858, Cutter: CutPartial}, Lang: msg.DE, Now: pinned}
	for _, order := range []Order{ByBib, ByName} {
		b.Run("order="+string(order), func(b *testing.B) {
			for b.Loop() {
				d, err := l.StartList("10k", ps, order)
				if err != nil {
					b.Fatal(err)
				}
				Encode(d)
			}
		})
	}
}
