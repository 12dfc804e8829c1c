package printer

import "bytes"

// ESC/POS commands racedesk sends (see ../shared/DOMAIN.md and Epson's
// ESC/POS reference). Every job starts from a known state and ends with
// exactly one cut.
const (
	esc = 0x1b
	gs  = 0x1d
	fs  = 0x1c
	lf  = 0x0a
)

var (
	cmdInit        = []byte{esc, '@'}    // initialise: styles, code table, line spacing back to default
	cmdKanjiOff    = []byte{fs, '.'}     // leave Chinese/Kanji mode, which some clones start in
	cmdIntlUSA     = []byte{esc, 'R', 0} // international set USA: no § Ä Ö replacing [ \ ]
	cmdFeedAndCut  = []byte{gs, 'V', 'A'}
	cmdFeedAndPart = []byte{gs, 'V', 'B'}
)

// cutFeed is the n of GS V 65/66 n: feed this many motion units past the
// cutting position, so the next job does not start on the torn edge.
const cutFeed = 3

// noCutterFeed is how many lines a printer without cutter feeds so the
// last line clears the tear bar.
const noCutterFeed = 5

// Encode renders d as ESC/POS: initialise, select the code table, the
// blocks, then feed and cut (or feed only, without a cutter). Text bytes
// ≥ 0x80 are always in the selected code table; no UTF-8 reaches the
// printer.
func Encode(d *Doc) []byte {
	cfg := d.Config.withDefaults()
	e := encoder{cp: cfg.CodePage, table: cfg.CodePage.table()}
	e.buf.Grow(64 + len(d.Blocks)*(cfg.Width+8))
	e.buf.Write(cmdInit)
	e.buf.Write(cmdKanjiOff)
	e.buf.Write(cmdIntlUSA)
	e.buf.Write([]byte{esc, 't', cfg.CodePage.escposTable()})
	for i := range d.Blocks {
		e.block(&d.Blocks[i])
	}
	e.style(Style{}) // leave the printer as ESC @ found it
	switch cfg.Cutter {
	case CutNone:
		e.buf.Write([]byte{esc, 'd', noCutterFeed})
	case CutFull:
		e.buf.Write(cmdFeedAndCut)
		e.buf.WriteByte(cutFeed)
	default:
		e.buf.Write(cmdFeedAndPart)
		e.buf.WriteByte(cutFeed)
	}
	return e.buf.Bytes()
}

type encoder struct {
	buf   bytes.Buffer
	cp    CodePage
	table *codeTable
	cur   Style // what the printer is set to (after ESC @: the zero Style)
}

func (e *encoder) block(b *Block) {
	switch b.Kind {
	case TextBlock:
		e.style(b.Style)
		e.text(b.Text)
		e.buf.WriteByte(lf)
	case FeedBlock:
		e.buf.Write([]byte{esc, 'd', byte(min(b.N, 255))})
	case QRBlock:
		e.style(Style{Align: b.Style.Align})
		e.qr(b.Text, b.N)
	case BarcodeBlock:
		e.style(Style{Align: b.Style.Align})
		e.code128(b.Text)
	}
}

// style sends only what changes.
func (e *encoder) style(s Style) {
	if s.Align != e.cur.Align {
		e.buf.Write([]byte{esc, 'a', byte(s.Align)})
	}
	if s.Bold != e.cur.Bold {
		e.buf.Write([]byte{esc, 'E', boolByte(s.Bold)})
	}
	if s.Underline != e.cur.Underline {
		e.buf.Write([]byte{esc, '-', boolByte(s.Underline)})
	}
	if s.w() != e.cur.w() || s.h() != e.cur.h() {
		e.buf.Write([]byte{gs, '!', byte(16*(s.w()-1) + (s.h() - 1))})
	}
	e.cur = s
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// text writes printable text as code-table bytes. Text from a Doc's
// methods is printable already; anything else becomes '?'.
func (e *encoder) text(s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x20 && c < 0x7f {
			e.buf.WriteByte(c)
			continue
		}
		// Not plain ASCII: go by runes from here.
		for _, r := range s[i:] {
			switch {
			case r >= 0x20 && r < 0x7f:
				e.buf.WriteByte(byte(r))
			default:
				if b, ok := e.table.enc[r]; ok {
					e.buf.WriteByte(b)
				} else {
					e.buf.WriteByte('?')
				}
			}
		}
		return
	}
}

// qr prints data as a QR code, model 2, error correction M.
func (e *encoder) qr(data string, module int) {
	b := &e.buf
	b.Write([]byte{gs, '(', 'k', 4, 0, '1', 'A', '2', 0})               // model 2
	b.Write([]byte{gs, '(', 'k', 3, 0, '1', 'C', byte(module)})         // module size
	b.Write([]byte{gs, '(', 'k', 3, 0, '1', 'E', '1'})                  // error correction M
	n := len(data) + 3                                                  // pL + 256·pH = len + 3
	b.Write([]byte{gs, '(', 'k', byte(n), byte(n >> 8), '1', 'P', '0'}) // store
	b.WriteString(data)
	b.Write([]byte{gs, '(', 'k', 3, 0, '1', 'Q', '0'}) // print
	b.WriteByte(lf)
}

// code128 prints data as CODE128 code set B, 60 dots high, modules of 2
// dots, the text below.
func (e *encoder) code128(data string) {
	data = stringsReplaceBrace(data)
	if len(data) > 253 {
		data = data[:253]
	}
	b := &e.buf
	b.Write([]byte{gs, 'h', 60})
	b.Write([]byte{gs, 'w', 2})
	b.Write([]byte{gs, 'H', 2})
	b.Write([]byte{gs, 'k', 73, byte(len(data) + 2), '{', 'B'})
	b.WriteString(data)
	b.WriteByte(lf)
}

// stringsReplaceBrace escapes "{" as "{{" (in CODE128 data "{" starts a
// code set switch).
func stringsReplaceBrace(s string) string {
	if !bytes.ContainsRune([]byte(s), '{') {
		return s
	}
	return string(bytes.ReplaceAll([]byte(s), []byte("{"), []byte("{{")))
}
