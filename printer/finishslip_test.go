package printer

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// hotspotURL is the desk's hotspot address in these tests.
const hotspotURL = "http://192.168.1.10:8080"

// raceResults computes the 10k's results as the desk would: start 10:30,
// Dvořák (17) 34:12, Müller (1) 36:39.2 — shown 0:36:40, rounded up —
// Weiß (2) 39:05, Müller-Lüdenscheidt (5) disqualified with a reason.
func raceResults(t testing.TB) map[int]model.Result {
	t.Helper()
	ev := testEvent(t)
	start := time.Date(2026, 12, 6, 10, 30, 0, 0, time.Local)
	at := func(d time.Duration) int64 { return start.Add(d).UnixMilli() }
	events := []model.TimingEvent{
		{ID: "s", Kind: model.KindStart, Race: "10k", At: at(0), HLC: model.HLC(1)},
		{ID: "f17", Kind: model.KindFinish, Race: "10k", Bib: 17, At: at(34*time.Minute + 12*time.Second), HLC: model.HLC(2)},
		{ID: "f1", Kind: model.KindFinish, Race: "10k", Bib: 1, At: at(36*time.Minute + 39200*time.Millisecond), HLC: model.HLC(3)},
		{ID: "f2", Kind: model.KindFinish, Race: "10k", Bib: 2, At: at(39*time.Minute + 5*time.Second), HLC: model.HLC(4)},
		{ID: "f5", Kind: model.KindFinish, Race: "10k", Bib: 5, At: at(41 * time.Minute), HLC: model.HLC(5)},
		{ID: "q5", Kind: model.KindStatus, Bib: 5, Status: model.DSQ, Reason: "Abkürzung über den Sportplatz", HLC: model.HLC(6)},
	}
	out := map[int]model.Result{}
	for _, r := range model.ComputeResults(ev, runners(), events)["10k"].Results {
		out[r.Bib] = r
	}
	return out
}

// slipCase is one finish slip at one width.
type slipCase struct {
	name    string
	bib     int
	hotspot string
	check   func(t *testing.T, j *job)
}

var slipCases = []slipCase{
	{name: "slip", bib: 1, hotspot: hotspotURL, check: func(t *testing.T, j *job) {
		text := j.Printout()
		for _, want := range []string{"Buchauer Nikolaus-Waldlauf 2026", "06.12.2026", "Jörg Müller", "10 km Hauptlauf · Startnr. 1",
			"0:36:40", "Dein Ergebnis, live:", "[QR " + hotspotURL + "/r/10k/1]", "Desk 1 · gedruckt 06.12.2026 08:30"} {
			if !containsWrapped(j, want) && !strings.Contains(text, want) {
				t.Errorf("slip lacks %q:\n%s", want, text)
			}
		}
		if !strings.Contains(text, "2. gesamt · 2. Männer · 1. M40") && !strings.Contains(text, "2. gesamt\n2. Männer\n1. M40") {
			t.Errorf("places are not 2nd overall, 2nd man (behind Dvořák, M45), 1st M40:\n%s", text)
		}
		if strings.Contains(text, "0:36:39") {
			t.Errorf("the time is not rounded up as the results show it:\n%s", text)
		}
		if len(j.QRs) != 1 || j.QRs[0].EC != '1' {
			t.Errorf("QR codes %+v, want one at error correction M", j.QRs)
		}
		assertOrder(t, text, "Jörg Müller", "0:36:40", "2. gesamt", "[QR ", "Desk 1")
	}},
	{name: "slip-dsq", bib: 5, hotspot: hotspotURL, check: func(t *testing.T, j *job) {
		text := j.Printout()
		for _, want := range []string{"Hans-Joachim Friedrich Müller-", "Lüdenscheidt", "DSQ", "disqualifiziert: Abkürzung über den Sportplatz", "[QR " + hotspotURL + "/r/10k/5]"} {
			if !containsWrapped(j, want) && !strings.Contains(text, want) {
				t.Errorf("DSQ slip lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "gesamt") || strings.Contains(text, "0:41") {
			t.Errorf("a disqualified runner's slip shows a place or a time:\n%s", text)
		}
	}},
	{name: "slip-nourl", bib: 2, check: func(t *testing.T, j *job) {
		if len(j.QRs) != 0 || strings.Contains(j.Text(), "live") {
			t.Errorf("without [results] url and hotspot the slip has a QR code %+v:\n%s", j.QRs, j.Printout())
		}
		if !strings.Contains(j.Text(), "3. gesamt · 1. Frauen · 1. WHK") && !strings.Contains(j.Text(), "1. Frauen") {
			t.Errorf("places of Anna Weiß:\n%s", j.Text())
		}
	}},
}

// TestFinishSlipGolden pins the bytes of the finish slip at 58 mm and at
// both 80 mm widths and reads them back: the text, umlauts in the code
// table, the QR code's payload — the runner's live result — and that it
// fits the paper.
func TestFinishSlipGolden(t *testing.T) {
	rs := raceResults(t)
	for _, sc := range slipCases {
		for _, w := range []int{Width58, Width80, Width80HD} {
			name := fmt.Sprintf("%s-%d", sc.name, w)
			t.Run(name, func(t *testing.T) {
				l := layout(t, w, PC858, msg.DE)
				l.Hotspot = sc.hotspot
				d, err := l.FinishSlip("10k", rs[sc.bib])
				if err != nil {
					t.Fatal(err)
				}
				got := Encode(d)
				j := checkJob(t, got, d.Config)
				sc.check(t, j)
				golden(t, name, got, render(j, d))
			})
		}
	}
}

// The label of a runner whose result will be live carries a second,
// captioned QR code to it; the first still carries the bib for the
// check-in scanner.
func TestLabelGoldenWithResultURL(t *testing.T) {
	for _, w := range []int{Width58, Width80HD} {
		name := fmt.Sprintf("label-url-%d", w)
		t.Run(name, func(t *testing.T) {
			l := layout(t, w, PC858, msg.DE)
			l.Hotspot = hotspotURL
			d, err := l.Label(find(runners(), "p01"))
			if err != nil {
				t.Fatal(err)
			}
			got := Encode(d)
			j := checkJob(t, got, d.Config)
			if len(j.QRs) != 2 || j.QRs[0].Data != "1" || j.QRs[1].Data != hotspotURL+"/r/10k/1" {
				t.Errorf("QR codes %+v, want the bib, then the result", j.QRs)
			}
			assertOrder(t, j.Printout(), "[QR 1]", "Dein Ergebnis, live nach dem Zieleinlauf:", "[QR "+hotspotURL+"/r/10k/1]")
			golden(t, name, got, render(j, d))
		})
	}
}

// The event file's [results] url wins over the hotspot's address; a
// runner without a bib gets no QR code to a result.
func TestResultsURLOfTheEventFileWins(t *testing.T) {
	l := layout(t, Width58, PC858, msg.EN)
	l.Event.Results = &model.ResultsConfig{URL: "https://lauf.example/live/"}
	l.Hotspot = hotspotURL
	d, err := l.FinishSlip("10k", raceResults(t)[17])
	if err != nil {
		t.Fatal(err)
	}
	j := checkJob(t, Encode(d), d.Config)
	if len(j.QRs) != 1 || j.QRs[0].Data != "https://lauf.example/live/r/10k/17" {
		t.Errorf("QR %+v, want the [results] url", j.QRs)
	}
	if !strings.Contains(j.Text(), "1. overall · 1. men · 1. M45") || !strings.Contains(j.Text(), "Your result, live:") {
		t.Errorf("English slip:\n%s", j.Text())
	}
	d, err = l.Label(find(runners(), "p04"))
	if err != nil {
		t.Fatal(err)
	}
	if j := checkJob(t, Encode(d), d.Config); len(j.QRs) != 0 {
		t.Errorf("a label without bib has QR codes %+v", j.QRs)
	}
}

// A long [results] url still prints whole, its modules made smaller so
// the code fits the paper (the decoder measures it).
func TestALongResultsURLShrinksTheQRCodeToThePaper(t *testing.T) {
	long := "https://ergebnisse.buchauer-nikolaus-waldlauf.example/" + strings.Repeat("veranstaltungen/", 12) + "live"
	for _, w := range []int{Width58, Width80, Width80HD} {
		l := layout(t, w, WPC1252, msg.EN)
		l.Event.Results = &model.ResultsConfig{URL: long}
		d, err := l.FinishSlip("10k", raceResults(t)[1])
		if err != nil {
			t.Fatal(err)
		}
		j := checkJob(t, Encode(d), d.Config)
		if len(j.QRs) != 1 || j.QRs[0].Data != long+"/r/10k/1" {
			t.Fatalf("width %d: QR %+v", w, j.QRs)
		}
		if w == Width58 && j.QRs[0].Module >= 6 {
			t.Errorf("width %d: module %d, want smaller than the usual 6", w, j.QRs[0].Module)
		}
	}
}

// Every width a printer may have, both languages and code tables: the
// slip and the label with a result QR code fit, one cut each.
func TestFinishSlipFitsEveryWidth(t *testing.T) {
	rs := raceResults(t)
	for w := minWidth; w <= maxWidth; w++ {
		for _, lang := range []msg.Lang{msg.DE, msg.EN} {
			for _, cp := range []CodePage{PC858, WPC1252} {
				l := layout(t, w, cp, lang)
				l.Hotspot = hotspotURL
				for _, bib := range []int{1, 2, 5, 17} {
					d, err := l.FinishSlip("10k", rs[bib])
					if err != nil {
						t.Fatal(err)
					}
					j, err := decodeOne(Encode(d), w)
					if err != nil || len(j.Cuts) != 1 {
						t.Fatalf("slip %d at %d/%s/%s: %v", bib, w, lang, cp, err)
					}
				}
				d, err := l.Label(find(runners(), "p06"))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := decodeOne(Encode(d), w); err != nil {
					t.Fatalf("label at %d: %v", w, err)
				}
			}
		}
	}
}

func TestAFinishSlipNeedsAResult(t *testing.T) {
	l := layout(t, Width58, PC858, msg.EN)
	_, err := l.FinishSlip("10k", model.Result{Bib: 8, Name: "Peter Schmidt"})
	if err == nil || !strings.Contains(msg.Error(msg.EN, err), "bib 8 has no result yet") {
		t.Errorf("a slip without result: %v", err)
	}
}

// The decoder refuses a QR code wider than the paper and bytes a scanner
// would not read as the address.
func TestTheDecoderMeasuresQRCodes(t *testing.T) {
	d := NewDoc(KindSlip, "t", Config{Width: Width58})
	d.QR(hotspotURL+"/r/10k/1", 16) // 29 modules + quiet zone at 16 dots: 592 > 384
	if _, err := decodeOne(Encode(d), Width58); err == nil || !strings.Contains(err.Error(), "the paper has 384") {
		t.Errorf("a QR code wider than 58 mm paper: %v", err)
	}
	b := Encode(NewDoc(KindSlip, "t", Config{Width: Width58}))
	bad := append([]byte{0x1b, '@', 0x1d, '(', 'k', 5, 0, '1', 'P', '0', 'a', 0xfc}, b[2:]...)
	if _, err := decodeOne(bad, Width58); err == nil || !strings.Contains(err.Error(), "QR data byte 0xfc") {
		t.Errorf("a QR payload with a code-table byte: %v", err)
	}
}

func TestTheSlipPrinterIsTheAutomaticOneElseTheFirst(t *testing.T) {
	ev := testEvent(t)
	ev.Printers = []model.Printer{{Name: "desk", Target: "desk.bin"}, {Name: "ziel", Target: "ziel.bin", Width: 48, FinishSlips: "auto"}}
	p, err := SlipPrinter(ev)
	if err != nil || p.Name != "ziel" || !p.AutoSlips || p.Width != 48 {
		t.Errorf("slip printer %+v %v, want ziel", p, err)
	}
	if p, ok, err := AutoSlipPrinter(ev); !ok || err != nil || p.Name != "ziel" {
		t.Errorf("automatic slip printer %+v %v %v", p, ok, err)
	}
	ev.Printers[1].FinishSlips = "off"
	if p, err := SlipPrinter(ev); err != nil || p.Name != "desk" || p.AutoSlips {
		t.Errorf("without an automatic one: %+v %v, want the first", p, err)
	}
	if _, ok, _ := AutoSlipPrinter(ev); ok {
		t.Errorf("finish_slips = off prints automatically")
	}
	ev.Printers[1].FinishSlips = "sometimes"
	if _, err := FromModel(ev.Printers[1]); err == nil || !strings.Contains(err.Error(), "printer ziel: finish_slips") {
		t.Errorf("a wrong finish_slips: %v", err)
	}
}
