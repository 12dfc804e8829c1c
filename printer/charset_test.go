package printer

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPrintableKeepsWhatTheCodePageHasAndTransliteratesTheRest(t *testing.T) {
	for _, tc := range []struct {
		name     string
		cp       CodePage
		in, want string
	}{
		{"German umlauts and ß stay", PC858, "Müller Jörg Weiß Äöü ÄÖÜ", "Müller Jörg Weiß Äöü ÄÖÜ"},
		{"French, Spanish, Portuguese accents stay", PC858, "Élodie Núñez Gonçalves", "Élodie Núñez Gonçalves"},
		{"Nordic letters stay", PC858, "Åström Søren Ærø", "Åström Søren Ærø"},
		{"Polish ł and Czech ř become l and r", PC858, "Łukasz Dvořák Řehoř", "Lukasz Dvorák Rehor"},
		{"Turkish dotless ı and ş", PC858, "Işıl Ayşe", "Isil Ayse"},
		{"Vietnamese stacked accents drop", PC858, "Nguyễn Thị Hương", "Nguyen Thi Huong"},
		{"Cyrillic is transliterated", PC858, "Дмитрий Иванов, Щукин, Юлия", "Dmitriy Ivanov, Shchukin, Yuliya"},
		{"Greek is transliterated, ου is u", PC858, "Παπαδοπούλου Ελένη Γιώργος", "Papadopoulou Eleni Giorgos"},
		{"€ is in both tables", PC858, "15,00 €", "15,00 €"},
		{"€ is in WPC1252 too", WPC1252, "15,00 €", "15,00 €"},
		{"Š and Œ are in WPC1252", WPC1252, "Šimon Œuvre", "Šimon Œuvre"},
		{"but not in PC858", PC858, "Šimon Œuvre", "Simon OEuvre"},
		{"typographic quotes and dashes in PC858", PC858, "„Lauf“ – ‚gut‘ … 10–12", "\"Lauf\" - ,gut' ... 10-12"},
		{"typographic quotes stay in WPC1252", WPC1252, "„Lauf“ – …", "„Lauf“ – …"},
		{"control characters never reach the printer", PC858, "a\x1b@b\tc\nd\x1d", "a @b c d "},
		{"zero-width and soft hyphen vanish", PC858, "Ma\u00adri\u200bon", "Marion"},
		{"no-break space is a space", PC858, "10\u00a0km", "10 km"},
		{"decomposed input is composed first", PC858, "Mu\u0308ller", "Müller"},
		{"what has no Latin form is ? as the last resort", PC858, "李 🏃", "? ?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.cp.Printable(tc.in); got != tc.want {
				t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestUmlautsArriveAsTheSelectedCodeTablesBytes(t *testing.T) {
	for _, tc := range []struct {
		cp    CodePage
		table byte
		want  map[string]byte
	}{
		{PC858, 19, map[string]byte{"ä": 0x84, "ö": 0x94, "ü": 0x81, "Ä": 0x8e, "Ö": 0x99, "Ü": 0x9a, "ß": 0xe1, "é": 0x82, "€": 0xd5}},
		{WPC1252, 16, map[string]byte{"ä": 0xe4, "ö": 0xf6, "ü": 0xfc, "Ä": 0xc4, "Ö": 0xd6, "Ü": 0xdc, "ß": 0xdf, "é": 0xe9, "€": 0x80}},
	} {
		t.Run(string(tc.cp), func(t *testing.T) {
			d := NewDoc(KindLabel, "t", Config{Width: 32, CodePage: tc.cp})
			for ch := range tc.want {
				d.Line(Style{}, "x"+ch+"x")
			}
			b := Encode(d)
			if !bytes.Contains(b, []byte{0x1b, 't', tc.table}) {
				t.Fatalf("ESC t %d not sent", tc.table)
			}
			for ch, code := range tc.want {
				if !bytes.Contains(b, []byte{'x', code, 'x'}) {
					t.Errorf("%s is not sent as %#02x", ch, code)
				}
			}
			j, err := decodeOne(b, 32)
			if err != nil {
				t.Fatal(err)
			}
			for ch := range tc.want {
				if !strings.Contains(j.Text(), "x"+ch+"x") {
					t.Errorf("%s does not decode back from %s", ch, tc.cp)
				}
			}
		})
	}
}

// TestNoUTF8OrControlBytesEverReachThePrinter throws random text from many
// scripts at the encoder: it must always decode cleanly, every byte ≥ 0x80
// after the code table is chosen and a character of it, every line within
// the paper.
func TestNoUTF8OrControlBytesEverReachThePrinter(t *testing.T) {
	alphabet := []rune("aZ09 ,.-äöüÄÖÜßéèêçñøåæœŒŠšŽžłŁřŘčıİğşĞŞДмитрийЖЩΣσςΩωάύ李日🏃\x00\x1b\x1d\x0a\x09\u00a0\u00ad\u200b\u0301€„“–—…")
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 500; i++ {
		var b strings.Builder
		for k := rng.IntN(90); k > 0; k-- {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		for _, cp := range []CodePage{PC858, WPC1252} {
			w := []int{32, 42, 48}[i%3]
			d := NewDoc(KindLabel, "fuzz", Config{Width: w, CodePage: cp})
			d.Wrap(Style{Bold: true, Align: Center}, s)
			d.Line(Style{W: 2, H: 2}, s)
			t2 := newTable(w, column{head: "A", width: 4, align: Right}, column{head: "B", wrap: true}, column{head: "C", width: 6})
			t2.row(d, s, s, s)
			out := Encode(d)
			if _, err := decodeOne(out, w); err != nil {
				t.Fatalf("text %q in %s: %v", s, cp, err)
			}
			if utf8Like(out) {
				t.Fatalf("text %q in %s: UTF-8 bytes in the output", s, cp)
			}
			for _, bl := range d.Blocks {
				if !utf8.ValidString(bl.Text) {
					t.Fatalf("invalid text block %q", bl.Text)
				}
				for _, r := range bl.Text {
					if !cp.Has(r) {
						t.Fatalf("block %q holds %q, which %s lacks", bl.Text, r, cp)
					}
				}
			}
		}
	}
}

func TestParseCodePage(t *testing.T) {
	for in, want := range map[string]CodePage{"": PC858, "pc858": PC858, "CP858": PC858, "858": PC858,
		"wpc1252": WPC1252, "windows-1252": WPC1252, "cp1252": WPC1252, "1252": WPC1252} {
		if got, err := ParseCodePage(in); err != nil || got != want {
			t.Errorf("ParseCodePage(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseCodePage("pc437"); err == nil {
		t.Errorf("pc437 accepted; racedesk needs a table with €")
	}
}
