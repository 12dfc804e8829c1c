package printer

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// CodePage is the printer's character code table for bytes 0x80–0xFF.
// Both have every letter of German, French, Spanish, Portuguese, Italian
// and the Nordic languages, and €. WPC1252 also has Š š Ž ž Œ œ Ÿ and the
// typographic quotes and dashes; PC858 is what most clones know.
type CodePage string

const (
	PC858   CodePage = "pc858"   // ESC t 19
	WPC1252 CodePage = "wpc1252" // ESC t 16
)

// ParseCodePage reads pc858 or wpc1252 (also cp858, 858, cp1252, 1252,
// windows-1252); "" is PC858.
func ParseCodePage(s string) (CodePage, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "pc858", "cp858", "858", "ibm858":
		return PC858, nil
	case "wpc1252", "cp1252", "1252", "windows-1252", "win1252":
		return WPC1252, nil
	}
	return "", fmt.Errorf("code page %q: expected pc858 or wpc1252", s)
}

// escposTable is the n of ESC t n.
func (c CodePage) escposTable() byte {
	if c == WPC1252 {
		return 16
	}
	return 19
}

func (c CodePage) charmap() *charmap.Charmap {
	if c == WPC1252 {
		return charmap.Windows1252
	}
	return charmap.CodePage858
}

// codeTable maps the runes of a code page's upper half to their bytes.
type codeTable struct {
	enc map[rune]byte
	dec [128]rune // byte-0x80 → rune; 0 where the byte is not a character
}

var (
	tablesMu sync.Mutex
	tables   = map[CodePage]*codeTable{}
)

func (c CodePage) table() *codeTable {
	tablesMu.Lock()
	defer tablesMu.Unlock()
	if t := tables[c]; t != nil {
		return t
	}
	t := &codeTable{enc: map[rune]byte{}}
	cm := c.charmap()
	for b := 0x80; b <= 0xff; b++ {
		r := cm.DecodeByte(byte(b))
		// Leave out what is not a character to print: undefined bytes
		// and C1 controls, the soft hyphen, the no-break space (a plain
		// space prints the same).
		if r == utf8.RuneError || r < 0xa0 || r == 0xad || r == 0xa0 || !unicode.IsPrint(r) {
			continue
		}
		t.enc[r] = byte(b)
		t.dec[b-0x80] = r
	}
	tables[c] = t
	return t
}

// Decode is the character a byte of the upper half prints in this code
// page (0: none). Tests and tools use it to read jobs back.
func (c CodePage) Decode(b byte) rune {
	if b < 0x80 {
		return rune(b)
	}
	return c.table().dec[b-0x80]
}

// Has reports whether the code page prints r as one byte.
func (c CodePage) Has(r rune) bool {
	if r >= 0x20 && r < 0x7f {
		return true
	}
	_, ok := c.table().enc[r]
	return ok
}

// Printable returns s as the printer will print it: Unicode NFC, every
// character one the code page has, the others transliterated (ł→l, ř→r,
// ı→i, Ж→Zh, Ω→O, “→", –→-), control characters as spaces, and ? only
// for what has no sensible Latin form. Each rune of the result is one
// column and one byte on paper.
func (c CodePage) Printable(s string) string {
	if isPlainASCII(s) {
		return s
	}
	t := c.table()
	if t.printsAsIs(s) {
		return s
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	var prev rune
	for _, r := range s {
		if isGreekUpsilon(r) && isGreekOmicron(prev) {
			// ου is u in Greek (Παπαδοπούλου → Papadopoulou).
			if unicode.IsUpper(r) && unicode.IsUpper(prev) {
				b.WriteByte('U')
			} else {
				b.WriteByte('u')
			}
		} else {
			t.appendRune(&b, r, 0)
		}
		prev = r
	}
	return b.String()
}

func isGreekOmicron(r rune) bool { return r == 'ο' || r == 'ό' || r == 'Ο' || r == 'Ό' }

func isGreekUpsilon(r rune) bool {
	return r == 'υ' || r == 'ύ' || r == 'ϋ' || r == 'ΰ' || r == 'Υ' || r == 'Ύ' || r == 'Ϋ'
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// printsAsIs reports whether s is NFC and every rune of it printable in
// the table: most names with umlauts, which then need no copy.
func (t *codeTable) printsAsIs(s string) bool {
	for _, r := range s {
		if !t.has(r) {
			return false
		}
	}
	return norm.NFC.IsNormalString(s)
}

func (t *codeTable) has(r rune) bool {
	if r >= 0x20 && r < 0x7f {
		return true
	}
	_, ok := t.enc[r]
	return ok
}

func (t *codeTable) appendRune(b *strings.Builder, r rune, depth int) {
	switch {
	case r >= 0x20 && r < 0x7f:
		b.WriteByte(byte(r))
		return
	case r < 0x20 || (r >= 0x7f && r < 0xa0):
		b.WriteByte(' ') // tab, newline, escape: never a control byte in text
		return
	case t.has(r):
		b.WriteRune(r)
		return
	}
	if sub, ok := translit[r]; ok {
		for _, x := range sub {
			if t.has(x) {
				b.WriteRune(x)
			} else {
				b.WriteByte('?')
			}
		}
		return
	}
	switch {
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r) || r == 0xad:
		return // a lone accent, a zero-width joiner, a soft hyphen
	case unicode.IsSpace(r):
		b.WriteByte(' ')
		return
	}
	// A letter with accents the code page lacks: ř → r + ˇ → r. The base
	// may be Greek or Cyrillic and go through the table again.
	if d := norm.NFD.String(string(r)); d != string(r) && depth == 0 {
		for _, x := range d {
			if !unicode.Is(unicode.Mn, x) {
				t.appendRune(b, x, depth+1)
			}
		}
		return
	}
	b.WriteByte('?')
}

// translit is what racedesk prints for characters neither code page has
// and that do not decompose into a Latin letter and accents.
var translit = func() map[rune]string {
	m := map[rune]string{
		// Latin letters without a decomposition.
		'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D", 'ħ': "h", 'Ħ': "H", 'ı': "i",
		'ŀ': "l", 'Ŀ': "L", 'œ': "oe", 'Œ': "OE", 'ŋ': "ng", 'Ŋ': "NG", 'ĸ': "k",
		'ſ': "s", 'ŉ': "'n", 'ŧ': "t", 'Ŧ': "T", 'ƒ': "f", 'ə': "e", 'Ə': "E",
		'ẞ': "SS", 'ø': "o", 'Ø': "O", 'æ': "ae", 'Æ': "AE", 'þ': "th", 'Þ': "Th",
		'ð': "d", 'Ð': "D", 'ß': "ss", 'ĳ': "ij", 'Ĳ': "IJ", 'ǆ': "dz", 'ǅ': "Dz",
		// Punctuation and symbols.
		'‘': "'", '’': "'", '‚': ",", '‛': "'", '′': "'", '`': "'", '´': "'",
		'“': "\"", '”': "\"", '„': "\"", '‟': "\"", '″': "\"", '«': "\"", '»': "\"",
		'‹': "<", '›': ">", '–': "-", '—': "-", '‒': "-", '―': "-", '−': "-", '‐': "-", '‑': "-",
		'…': "...", '•': "*", '·': ".", '€': "EUR", '™': "TM", '©': "(c)", '®': "(R)",
		'✓': "x", '✔': "x", '✗': "x", '×': "x", '→': "->", '←': "<-", '°': "o",
		'½': "1/2", '¼': "1/4", '¾': "3/4", '²': "2", '³': "3", '¹': "1", '§': "S",
	}
	// Cyrillic (Russian, Ukrainian, Belarusian, Bulgarian, Serbian).
	cyr := "аa бb вv гg дd еe ёe жzh зz иi йy кk лl мm нn оo пp рr сs тt уu фf хkh цts чch шsh щshch ъ ыy ь эe юyu яya " +
		"іi їyi єye ґg ўu ђdj јj љlj њnj ћc џdz"
	for _, pair := range strings.Fields(cyr) {
		lower, size := utf8.DecodeRuneInString(pair)
		latin := pair[size:]
		m[lower] = latin
		m[unicode.ToUpper(lower)] = titleASCII(latin)
	}
	// Greek (monotonic; accents are stripped by decomposition first).
	greek := "αa βv γg δd εe ζz ηi θth ιi κk λl μm νn ξx οo πp ρr σs ςs τt υy φf χch ψps ωo"
	for _, pair := range strings.Fields(greek) {
		lower, size := utf8.DecodeRuneInString(pair)
		latin := pair[size:]
		m[lower] = latin
		if up := unicode.ToUpper(lower); up != lower {
			m[up] = titleASCII(latin)
		}
	}
	return m
}()

func titleASCII(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
