package printer

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model/msg"
)

// goldenCase is one printout at one width.
type goldenCase struct {
	name string
	doc  func(l Layout) (*Doc, error)
	// checks beyond the invariants every job meets
	check func(t *testing.T, j *job)
}

var goldenCases = []goldenCase{
	{name: "startlist-bib", doc: func(l Layout) (*Doc, error) {
		return l.StartList("10k", runners(), ByBib)
	}, check: func(t *testing.T, j *job) {
		text := j.Text()
		for _, want := range []string{"Müller, Jörg", "Weiß, Anna", "Dvorák, Rehor", "Kowalczyk, Lukasz", "Ivanov, Dmitriy", "Papadopoulou, Eleni", "Nguyen"} {
			if !strings.Contains(strings.ReplaceAll(text, "\n", " "), want) && !containsWrapped(j, want) {
				t.Errorf("start list lacks %q", want)
			}
		}
		for _, gone := range []string{"Schmidt", "Hotspot", "Bäcker"} {
			if strings.Contains(text, gone) {
				t.Errorf("start list shows %s (DNS, pending or another race)", gone)
			}
		}
		if !strings.Contains(text, "10 Teilnehmer") {
			t.Errorf("start list does not count 10 runners:\n%s", text)
		}
		// By bib: 1 before 2 before 5 before 399; runners without a bib last.
		assertOrder(t, text, "Müller, Jörg", "Weiß, Anna", "Müller-Lüdenscheidt", "Gonçalves", "Kowalczyk")
	}},
	{name: "startlist-name", doc: func(l Layout) (*Doc, error) {
		return l.StartList("10k", runners(), ByName)
	}, check: func(t *testing.T, j *job) {
		text := j.Text()
		// Folded order: Dvořák, Gonçalves, Ivanov, Kowalczyk, Müller, Müller-L…, Nguyen, Öztürk, Papadopoulou, Weiß.
		assertOrder(t, text, "Dvor", "Gonçalves", "Ivanov", "Kowalczyk", "Müller, Jörg", "Müller-L", "Nguyen", "Öztürk", "Papadop", "Weiß")
		if !strings.Contains(text, "20,00") || !strings.Contains(text, "15,00") {
			t.Errorf("name list does not show what Kowalczyk (20,00) and Weiß (15,00) owe:\n%s", text)
		}
	}},
	{name: "label-paid", doc: func(l Layout) (*Doc, error) {
		return l.Label(find(runners(), "p01"))
	}, check: func(t *testing.T, j *job) {
		if len(j.QRs) != 1 || j.QRs[0].Data != "1" {
			t.Errorf("QR codes %+v, want one carrying the bib 1", j.QRs)
		}
		big := false
		for _, l := range j.Lines {
			if l.Text == "1" && l.W >= 4 && l.H >= 4 {
				big = true
			}
		}
		if !big {
			t.Errorf("the bib is not printed huge:\n%s", j.Text())
		}
		for _, want := range []string{"Jörg Müller", "10 km Hauptlauf · Start 10:30", "Klasse M40", "bezahlt 15,00 € (online)"} {
			if !containsWrapped(j, want) {
				t.Errorf("label lacks %q:\n%s", want, j.Text())
			}
		}
	}},
	{name: "label-nobib-due", doc: func(l Layout) (*Doc, error) {
		return l.Label(find(runners(), "p04"))
	}, check: func(t *testing.T, j *job) {
		if len(j.QRs) != 0 {
			t.Errorf("a runner without a bib got a QR code %+v", j.QRs)
		}
		for _, want := range []string{"noch ohne Startnummer", "Lukasz Kowalczyk", "OFFEN 20,00 €"} {
			if !containsWrapped(j, want) {
				t.Errorf("label lacks %q:\n%s", want, j.Text())
			}
		}
	}},
	{name: "results", doc: func(l Layout) (*Doc, error) {
		return l.Results(results(), ResultOptions{})
	}, check: func(t *testing.T, j *job) {
		assertOrder(t, j.Text(), "Dvor", "Müller, Jörg", "Weiß", "DNF", "DSQ")
		if !strings.Contains(j.Text(), "8 im Ziel") {
			t.Errorf("results do not count 8 finishers:\n%s", j.Text())
		}
	}},
	{name: "results-class", doc: func(l Layout) (*Doc, error) {
		return l.Results(results(), ResultOptions{ByClass: true})
	}, check: func(t *testing.T, j *job) {
		// Men young to old, then women.
		assertOrder(t, j.Text(), "M35", "M40", "M45", "M50", "M55", "M65", "WHK", "W35")
	}},
	{name: "checkin", doc: func(l Layout) (*Doc, error) {
		return l.CheckInSummary("", runners())
	}, check: func(t *testing.T, j *job) {
		text := j.Text()
		// 10k: 12 entries, 4 in, 7 missing (6 registered + 1 pending), 1 DNS.
		if !containsLine(text, []string{"10 km Hauptlauf", "12", "4", "7", "1"}) {
			t.Errorf("summary row of the 10k is wrong:\n%s", text)
		}
		if !containsLine(text, []string{"Summe", "14", "5", "8", "1"}) {
			t.Errorf("total row is wrong:\n%s", text)
		}
		if strings.Contains(text, "Müller, Jörg") {
			t.Errorf("a checked-in runner is listed as missing:\n%s", text)
		}
		for _, want := range []string{"Weiß, Anna", "Hotspot, Lena", "Åström, Sören"} {
			if !containsWrapped(j, want) {
				t.Errorf("missing list lacks %q:\n%s", want, text)
			}
		}
	}},
}

// TestGoldenBytes pins the exact bytes of every printout at every width,
// and reads each back with the decoder: lines within the paper, the code
// table's bytes for umlauts, no byte ≥ 0x80 without a code table, one cut
// at the very end. Run with -update to rewrite testdata after checking
// the .txt files.
func TestGoldenBytes(t *testing.T) {
	for _, gc := range goldenCases {
		for _, w := range []int{Width58, Width80, Width80HD} {
			name := fmt.Sprintf("%s-%d", gc.name, w)
			t.Run(name, func(t *testing.T) {
				l := layout(t, w, PC858, msg.DE)
				d, err := gc.doc(l)
				if err != nil {
					t.Fatal(err)
				}
				got := Encode(d)
				j := checkJob(t, got, d.Config)
				if gc.check != nil {
					gc.check(t, j)
				}
				golden(t, name, got, render(j, d))
			})
		}
	}
}

// TestGoldenBytesOtherCodePageAndLanguage pins one list in WPC1252 and
// English: the umlauts are that table's bytes, and Š/Œ-style letters
// 1252 has are kept.
func TestGoldenBytesOtherCodePageAndLanguage(t *testing.T) {
	l := layout(t, Width80HD, WPC1252, msg.EN)
	d, err := l.StartList("10k", runners(), ByName)
	if err != nil {
		t.Fatal(err)
	}
	got := Encode(d)
	j := checkJob(t, got, d.Config)
	if !bytes.Contains(got, []byte{'M', 0xfc, 'l', 'l', 'e', 'r'}) {
		t.Errorf("ü of Müller is not 0xFC (WPC1252)")
	}
	if !strings.Contains(j.Text(), "Start list by name") {
		t.Errorf("not in English:\n%s", j.Text())
	}
	golden(t, "startlist-name-48-wpc1252-en", got, render(j, d))
}

// checkJob decodes one job and asserts what every job must meet.
func checkJob(t *testing.T, b []byte, cfg Config) *job {
	t.Helper()
	cfg = cfg.withDefaults()
	j, err := decodeOne(b, cfg.Width)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if want := int(cfg.CodePage.escposTable()); j.CodeTable != want {
		t.Errorf("code table %d, want %d", j.CodeTable, want)
	}
	switch cfg.Cutter {
	case CutNone:
		if len(j.Cuts) != 0 {
			t.Errorf("cuts %v on a printer without cutter", j.Cuts)
		}
	default:
		if len(j.Cuts) != 1 || !j.EndsWithCut {
			t.Errorf("cuts %v (ends with cut: %v), want exactly one, at the end", j.Cuts, j.EndsWithCut)
		}
		if !bytes.HasSuffix(b, []byte{0x1d, 'V', map[Cutter]byte{CutFull: 'A', CutPartial: 'B'}[cfg.Cutter], cutFeed}) {
			t.Errorf("the job does not end with the cut")
		}
	}
	if utf8Like(b) {
		t.Errorf("the bytes contain UTF-8 sequences")
	}
	for _, l := range j.Lines {
		if l.Columns() > cfg.Width {
			t.Errorf("line %q takes %d columns of %d", l.Text, l.Columns(), cfg.Width)
		}
	}
	return j
}

// utf8Like reports a UTF-8 encoded umlaut or accent (C3 xx), the mark of
// text sent unconverted.
func utf8Like(b []byte) bool {
	for i := 0; i+1 < len(b); i++ {
		if b[i] == 0xc3 && b[i+1] >= 0x80 && b[i+1] <= 0xbf {
			return true
		}
	}
	return false
}

// render is the decoded job as reviewable text: attributes, then the
// line as printed; then QR codes and cuts.
func render(j *job, d *Doc) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s — %d columns, code table %d, cutter %s\n", d.Title, d.Config.Width, j.CodeTable, d.Config.Cutter)
	for _, l := range j.Lines {
		if l.QR != "" {
			fmt.Fprintf(&b, "%-6s|[QR %q]\n", "qr", l.QR)
			continue
		}
		attr := ""
		if l.Bold {
			attr += "b"
		}
		if l.Underline {
			attr += "u"
		}
		attr += string("lcr"[l.Align])
		if l.W > 1 || l.H > 1 {
			attr += fmt.Sprintf("%dx%d", l.W, l.H)
		}
		fmt.Fprintf(&b, "%-6s|%s\n", attr, l.Text)
	}
	for _, q := range j.QRs {
		fmt.Fprintf(&b, "QR %q module %d ec %c\n", q.Data, q.Module, "LMQH"[q.EC-'0'])
	}
	fmt.Fprintf(&b, "cuts %v\n", j.Cuts)
	b.WriteString("--- preview\n")
	b.WriteString(Preview(d))
	return b.String()
}

// golden compares got with testdata/name.bin and text with name.txt.
func golden(t *testing.T, name string, got []byte, text string) {
	t.Helper()
	bin := filepath.Join("testdata", name+".bin")
	txt := filepath.Join("testdata", name+".txt")
	if *update {
		if err := os.WriteFile(bin, got, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(txt, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(bin)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		wantText, _ := os.ReadFile(txt)
		t.Errorf("bytes differ from %s (%d bytes, want %d); decoded now:\n%s\nwas:\n%s", bin, len(got), len(want), text, wantText)
	}
	if wantText, err := os.ReadFile(txt); err != nil || string(wantText) != text {
		t.Errorf("decoded text differs from %s", txt)
	}
}

// containsWrapped reports whether want appears on one line, or across
// consecutive lines of the job (a wrapped cell).
func containsWrapped(j *job, want string) bool {
	var joined strings.Builder
	for _, l := range j.Lines {
		if strings.Contains(l.Text, want) {
			return true
		}
		joined.WriteString(strings.Join(strings.Fields(l.Text), " "))
		joined.WriteByte(' ')
	}
	return strings.Contains(joined.String(), want)
}

// containsLine reports whether a line holds the fields in order (the
// first, a name, may be wrapped).
func containsLine(text string, fields []string) bool {
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) < len(fields) {
			continue
		}
		name := strings.Join(f[:len(f)-len(fields)+1], " ")
		if name == "" || !strings.HasPrefix(fields[0], name) { // a wrapped name ends on the next line
			continue
		}
		ok := true
		for i, want := range fields[1:] {
			if f[len(f)-len(fields)+1+i] != want {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func assertOrder(t *testing.T, text string, parts ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(text), " ")
	at := 0
	for _, p := range parts {
		i := strings.Index(flat[at:], p)
		if i < 0 {
			t.Errorf("%q missing or out of order in:\n%s", p, text)
			return
		}
		at += i + len(p)
	}
}
