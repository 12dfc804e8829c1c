package printer

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

func TestEncodeStartsFromAKnownStateAndEndsWithOneCut(t *testing.T) {
	d := NewDoc(KindLabel, "t", Config{Width: 32, Cutter: CutFull})
	d.Line(Style{}, "Hallo")
	got := Encode(d)
	want := []byte{
		0x1b, '@', // initialise
		0x1c, '.', // leave Kanji mode
		0x1b, 'R', 0, // international set USA
		0x1b, 't', 19, // PC858
		'H', 'a', 'l', 'l', 'o', '\n',
		0x1d, 'V', 'A', 3, // feed and full cut
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Encode =\n% x\nwant\n% x", got, want)
	}
}

func TestEncodeCutters(t *testing.T) {
	for _, tc := range []struct {
		cutter Cutter
		tail   []byte
		cuts   int
	}{
		{CutFull, []byte{0x1d, 'V', 'A', 3}, 1},
		{CutPartial, []byte{0x1d, 'V', 'B', 3}, 1},
		{CutNone, []byte{0x1b, 'd', 5}, 0},
	} {
		t.Run(string(tc.cutter), func(t *testing.T) {
			d := NewDoc(KindLabel, "t", Config{Width: 32, Cutter: tc.cutter})
			d.Line(Style{Bold: true}, "x")
			b := Encode(d)
			if !bytes.HasSuffix(b, tc.tail) {
				t.Errorf("ends with % x, want % x", b[len(b)-4:], tc.tail)
			}
			j, err := decodeOne(b, 32)
			if err != nil {
				t.Fatal(err)
			}
			if len(j.Cuts) != tc.cuts {
				t.Errorf("%d cuts, want %d", len(j.Cuts), tc.cuts)
			}
		})
	}
}

func TestEncodeStylesSendOnlyChangesAndResetAtTheEnd(t *testing.T) {
	d := NewDoc(KindLabel, "t", Config{Width: 48})
	d.Line(Style{Bold: true, Align: Center, W: 2, H: 2}, "A")
	d.Line(Style{Bold: true, Align: Center, W: 2, H: 2}, "B")
	d.Line(Style{Underline: true, Align: Right}, "C")
	b := Encode(d)
	body := b[len(cmdInit)+len(cmdKanjiOff)+len(cmdIntlUSA)+3:]
	want := []byte{
		0x1b, 'a', 1, 0x1b, 'E', 1, 0x1d, '!', 0x11, 'A', '\n',
		'B', '\n',
		0x1b, 'a', 2, 0x1b, 'E', 0, 0x1b, '-', 1, 0x1d, '!', 0, 'C', '\n',
		0x1b, 'a', 0, 0x1b, '-', 0,
		0x1d, 'V', 'B', 3,
	}
	if !bytes.Equal(body, want) {
		t.Errorf("body =\n% x\nwant\n% x", body, want)
	}
}

func TestQRCodeBytesAndPayload(t *testing.T) {
	d := NewDoc(KindLabel, "t", Config{Width: 32})
	d.QR("1234", 6)
	b := Encode(d)
	want := []byte{
		0x1b, 'a', 1,
		0x1d, '(', 'k', 4, 0, '1', 'A', '2', 0, // model 2
		0x1d, '(', 'k', 3, 0, '1', 'C', 6, // module 6 dots
		0x1d, '(', 'k', 3, 0, '1', 'E', '1', // error correction M
		0x1d, '(', 'k', 7, 0, '1', 'P', '0', '1', '2', '3', '4', // store: pL = 4 + 3
		0x1d, '(', 'k', 3, 0, '1', 'Q', '0', // print
		'\n',
	}
	if !bytes.Contains(b, want) {
		t.Errorf("QR bytes missing:\n% x\nin\n% x", want, b)
	}
	j, err := decodeOne(b, 32)
	if err != nil {
		t.Fatal(err)
	}
	if len(j.QRs) != 1 || j.QRs[0] != (qrCode{Data: "1234", Module: 6, EC: '1'}) {
		t.Errorf("QR %+v", j.QRs)
	}
}

func TestLongQRPayloadUsesBothLengthBytes(t *testing.T) {
	data := strings.Repeat("7", 300)
	d := NewDoc(KindLabel, "t", Config{Width: 32})
	d.QR(data, 3)
	b := Encode(d)
	n := len(data) + 3
	if !bytes.Contains(b, []byte{0x1d, '(', 'k', byte(n), byte(n >> 8), '1', 'P', '0'}) {
		t.Errorf("store header with pL=%d pH=%d missing", n&0xff, n>>8)
	}
	j, err := decodeOne(b, 32)
	if err != nil || len(j.QRs) != 1 || j.QRs[0].Data != data {
		t.Errorf("QR not read back: %v %+v", err, j)
	}
}

func TestCODE128(t *testing.T) {
	d := NewDoc(KindLabel, "t", Config{Width: 32})
	d.Barcode("A{1}")
	b := Encode(d)
	if !bytes.Contains(b, []byte{0x1d, 'k', 73, 7, '{', 'B', 'A', '{', '{', '1', '}'}) {
		t.Errorf("CODE128 bytes wrong: % x", b)
	}
	j, err := decodeOne(b, 32)
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Barcodes) != 1 || j.Barcodes[0] != "A{1}" {
		t.Errorf("barcodes %q", j.Barcodes)
	}
}

// TestEveryLayoutFitsEveryWidth lays out every printout at every width a
// printer might have, in both languages and code tables: the decoder must
// read each with no line wider than the paper and exactly one cut.
func TestEveryLayoutFitsEveryWidth(t *testing.T) {
	ps := runners()
	for w := minWidth; w <= maxWidth; w++ {
		for _, lang := range []msg.Lang{msg.DE, msg.EN} {
			for _, cp := range []CodePage{PC858, WPC1252} {
				l := layout(t, w, cp, lang)
				var docs []*Doc
				add := func(d *Doc, err error) {
					if err != nil {
						t.Fatal(err)
					}
					docs = append(docs, d)
				}
				add(l.StartList("10k", ps, ByBib))
				add(l.StartList("10k", ps, ByName))
				add(l.StartList("bambini", ps, ByName)) // empty
				for _, p := range ps {
					add(l.Label(p))
				}
				add(l.Results(results(), ResultOptions{}))
				add(l.Results(results(), ResultOptions{ByClass: true}))
				add(l.Results(results(), ResultOptions{Class: "W35"}))
				add(l.CheckInSummary("", ps))
				for _, d := range docs {
					name := fmt.Sprintf("%s/%d/%s/%s", d.Title, w, lang, cp)
					j, err := decodeOne(Encode(d), w)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if len(j.Cuts) != 1 {
						t.Fatalf("%s: %d cuts", name, len(j.Cuts))
					}
					for _, line := range strings.Split(Preview(d), "\n") {
						if n := width(line); n > w {
							t.Fatalf("%s: preview line %q is %d wide", name, line, n)
						}
					}
				}
			}
		}
	}
}

// TestLongNamesWrapInsideTheirColumn checks that a name too long for its
// column continues below in the same column: the bib and class columns of
// every row stay where the header puts them.
func TestLongNamesWrapInsideTheirColumn(t *testing.T) {
	ps := []model.Participant{
		{ID: "a", First: "Maximiliane Josephine Henriette", Last: "von Hohenzollern-Sigmaringen-Wittelsbach", Born: born(1980, 1, 1),
			Gender: model.Female, Race: "10k", Bib: 7, Status: model.Registered, Club: strings.Repeat("Lauftreff ", 8), Source: model.SourceOnline},
		{ID: "b", First: "Jo", Last: "Ek", Born: born(1980, 1, 1), Gender: model.Male, Race: "10k", Bib: 12, Status: model.Registered, Source: model.SourceOnline},
	}
	for _, w := range []int{32, 42, 48} {
		l := layout(t, w, PC858, msg.DE)
		d, err := l.StartList("10k", ps, ByBib)
		if err != nil {
			t.Fatal(err)
		}
		j, err := decodeOne(Encode(d), w)
		if err != nil {
			t.Fatal(err)
		}
		var header string
		var rows []string
		inTable := false
		for _, line := range j.Lines {
			switch {
			case strings.HasPrefix(line.Text, "Nr."):
				header, inTable = line.Text, true
			case inTable && strings.HasPrefix(line.Text, "---"):
				if len(rows) > 0 {
					inTable = false
				}
			case inTable:
				rows = append(rows, line.Text)
			}
		}
		nameCol := strings.Index(header, "Name")
		classCol := strings.Index(header, "AK")
		if len(rows) < 3 {
			t.Fatalf("width %d: the long name did not wrap: %q", w, rows)
		}
		for _, r := range rows {
			runes := []rune(r)
			// Column 0..nameCol-1 is the bib: digits or blank on a continuation.
			if bib := strings.TrimSpace(string(runes[:nameCol])); bib != "" && bib != "7" && bib != "12" {
				t.Errorf("width %d: row %q breaks the bib column", w, r)
			}
			if len(runes) > classCol {
				if c := strings.TrimSpace(string(runes[classCol:])); c != "" && c != "W45" && c != "M45" {
					t.Errorf("width %d: row %q breaks the class column (%q)", w, r, c)
				}
			}
		}
		// The name column, read down, gives the whole name back.
		nameEnd := len([]rune(header))
		if i := strings.Index(header[nameCol+4:], strings.TrimSpace(header[nameCol+4:])); i >= 0 && strings.TrimSpace(header[nameCol+4:]) != "" {
			nameEnd = len([]rune(header[:nameCol+4+i]))
		}
		var parts []string
		for _, r := range rows {
			runes := []rune(r + strings.Repeat(" ", w))
			parts = append(parts, strings.TrimSpace(string(runes[nameCol:nameEnd])))
		}
		name := strings.ReplaceAll(strings.Join(parts, " "), "- ", "-")
		if !strings.Contains(name, "von Hohenzollern-Sigmaringen-Wittelsbach, Maximiliane Josephine Henriette Ek, Jo") {
			t.Errorf("width %d: the name column reads %q:\n%s", w, name, j.Text())
		}
	}
}

func TestWrapAndClip(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want []string
	}{
		{"Müller, Jörg", 20, []string{"Müller, Jörg"}},
		{"Müller-Lüdenscheidt, Hans-Joachim", 20, []string{"Müller-Lüdenscheidt,", "Hans-Joachim"}},
		{"Müller-Lüdenscheidt", 10, []string{"Müller-", "Lüdenschei", "dt"}},
		{"Aaaaaaaaaaaaaaa", 6, []string{"Aaaaaa", "aaaaaa", "aaa"}},
		{"  a   b  ", 3, []string{"a b"}},
	} {
		got := wrap(tc.in, tc.n)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
		for _, l := range got {
			if width(l) > tc.n {
				t.Errorf("wrap(%q, %d): line %q too wide", tc.in, tc.n, l)
			}
		}
	}
	if got := clip("Sportgemeinschaft", 8); got != "Sportge." {
		t.Errorf("clip = %q", got)
	}
	if got := clip("SV", 8); got != "SV" {
		t.Errorf("clip = %q", got)
	}
}

func TestPreviewShowsThePrintedText(t *testing.T) {
	l := layout(t, 32, PC858, msg.DE)
	d, err := l.Label(find(runners(), "p07"))
	if err != nil {
		t.Fatal(err)
	}
	p := Preview(d)
	for _, want := range []string{"Dmitriy Ivanov", "Spartak Moskva", "│ QR 42 │", "█████", "bezahlt 15,00 € (online)", ">8"} {
		if !strings.Contains(p, want) {
			t.Errorf("preview lacks %q:\n%s", want, p)
		}
	}
	if strings.Contains(p, "Дмитрий") {
		t.Errorf("preview shows Cyrillic the printer cannot print:\n%s", p)
	}
}

func TestConfigFromTheEventFile(t *testing.T) {
	p, err := FromModel(model.Printer{Name: "desk", Target: "tcp://192.0.2.10", Width: 48, CodePage: "WPC1252", Cutter: "full"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Width != 48 || p.CodePage != WPC1252 || p.Cutter != CutFull || p.Target != "tcp://192.0.2.10" {
		t.Errorf("got %+v", p)
	}
	p, err = FromModel(model.Printer{Name: "bare", Target: "out.bin"})
	if err != nil || p.Width != 32 || p.CodePage != PC858 || p.Cutter != CutPartial {
		t.Errorf("defaults: %+v %v", p, err)
	}
	for _, bad := range []model.Printer{
		{Name: "w", Target: "x", Width: 12},
		{Name: "cp", Target: "x", CodePage: "utf8"},
		{Name: "cut", Target: "x", Cutter: "guillotine"},
		{Name: "t", Target: "usb://epson"},
	} {
		if _, err := FromModel(bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	ev := testEvent(t)
	if p, err := EventPrinter(ev, ""); err != nil || p.Name != "desk" || p.Width != 48 {
		t.Errorf("EventPrinter: %+v %v", p, err)
	}
	if _, err := EventPrinter(ev, "kitchen"); err == nil || !strings.Contains(msg.Error(msg.EN, err), `"kitchen"`) {
		t.Errorf("unknown printer: %v", err)
	}
	ev.Printers = nil
	if _, err := EventPrinter(ev, ""); err == nil {
		t.Errorf("no printers: no error")
	}
}

func TestParseTarget(t *testing.T) {
	for in, want := range map[string]Target{
		"-":                               {Kind: TargetStdout},
		"tcp://192.0.2.10:9100":           {Kind: TargetTCP, Addr: "192.0.2.10:9100"},
		"tcp://printer":                   {Kind: TargetTCP, Addr: "printer:9100"},
		"tcp://[::1]:9101":                {Kind: TargetTCP, Addr: "[::1]:9101"},
		"/dev/usb/lp0":                    {Kind: TargetDevice, Path: "/dev/usb/lp0"},
		"out.bin":                         {Kind: TargetFile, Path: "out.bin"},
		"file:/tmp/x.bin":                 {Kind: TargetFile, Path: "/tmp/x.bin"},
		"windows:EPSON TM-T20III Receipt": {Kind: TargetSpooler, Name: "EPSON TM-T20III Receipt"},
		"Windows: \\\\desk2\\TM-T88":      {Kind: TargetSpooler, Name: "\\\\desk2\\TM-T88"},
		"cups:TM-T20":                     {Kind: TargetCUPS, Name: "TM-T20"},
		"cups:TM-T20/labels":              {Kind: TargetCUPS, Name: "TM-T20/labels"},
	} {
		got, err := ParseTarget(in)
		if err != nil || got != want {
			t.Errorf("ParseTarget(%q) = %+v, %v; want %+v", in, got, err, want)
		}
		if again, err := ParseTarget(got.String()); err != nil || again != got {
			t.Errorf("ParseTarget(%q).String() = %q reads back as %+v, %v", in, got.String(), again, err)
		}
	}
	for _, bad := range []string{"", "tcp://", "http://printer", "tcp://a b", "windows:", "windows:a\nb", "cups:", "cups:TM T20", "cups:-oraw", "cups:a#b", "cups://host/q"} {
		if _, err := ParseTarget(bad); err == nil {
			t.Errorf("ParseTarget(%q) accepted", bad)
		}
	}
}
