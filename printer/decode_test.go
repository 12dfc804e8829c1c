package printer

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// A decoder for the ESC/POS racedesk sends, written independently of the
// encoder: it reads bytes the way a printer would and turns them back into
// printed lines and events, refusing anything a printer would
// misunderstand. Tests assert on what it finds, not only on bytes.

// printed is one line as it comes out of the printer.
type printed struct {
	Text      string // decoded through the selected code table
	Bold      bool
	Underline bool
	Align     int
	W, H      int
	// QR is the payload of a QR code printed at this point (Text is empty).
	QR string
}

// Columns is how many Font A columns the line takes.
func (p printed) Columns() int { return utf8.RuneCountInString(p.Text) * p.W }

type qrCode struct {
	Data   string
	Module int
	EC     byte
}

// job is one decoded job: from ESC @ to its cut.
type job struct {
	Lines     []printed
	QRs       []qrCode
	Barcodes  []string
	Cuts      []string // "full", "partial"
	Feeds     []int    // ESC d n
	CodeTable int      // ESC t n; -1 when none was selected
	Events    []string // every command, in order, for failure messages
	// EndsWithCut: nothing but the cut follows the last line.
	EndsWithCut bool
}

// Text is the job's lines, one per line, trailing spaces cut.
func (j *job) Text() string {
	var b strings.Builder
	for _, l := range j.Lines {
		b.WriteString(strings.TrimRight(l.Text, " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// Printout is what the paper shows: the lines as Text has them, a QR
// code as "[QR payload]" where it prints.
func (j *job) Printout() string {
	var b strings.Builder
	for _, l := range j.Lines {
		if l.QR != "" {
			b.WriteString("[QR " + l.QR + "]\n")
			continue
		}
		b.WriteString(strings.TrimRight(l.Text, " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// qrByteCapacity is how many bytes a QR code of versions 1–15 holds in
// byte mode (the largest mode a printer may choose), per error
// correction level L, M, Q, H (ISO/IEC 18004, table 7).
var qrByteCapacity = [][4]int{
	{17, 14, 11, 7}, {32, 26, 20, 14}, {53, 42, 32, 24}, {78, 62, 46, 34}, {106, 84, 60, 44},
	{134, 106, 74, 58}, {154, 122, 86, 64}, {192, 152, 108, 84}, {230, 180, 130, 98}, {271, 213, 151, 119},
	{321, 251, 177, 137}, {367, 287, 203, 155}, {425, 331, 241, 177}, {458, 362, 258, 194}, {520, 412, 292, 220},
}

// qrSymbolModules is the width in modules of the smallest QR code that
// holds n bytes at error correction ec ('0'–'3': L, M, Q, H).
func qrSymbolModules(n int, ec byte) (int, bool) {
	for v, c := range qrByteCapacity {
		if n <= c[ec-'0'] {
			return 17 + 4*(v+1), true
		}
	}
	return 0, false
}

// decodeJobs reads one or more jobs (a file a queue appended to). width is
// the printer's columns; every check that fails is an error.
func decodeJobs(b []byte, width int) ([]*job, error) {
	d := &decoder{b: b, width: width}
	return d.run()
}

// decodeOne reads exactly one job.
func decodeOne(b []byte, width int) (*job, error) {
	jobs, err := decodeJobs(b, width)
	if err != nil {
		return nil, err
	}
	if len(jobs) != 1 {
		return nil, fmt.Errorf("%d jobs, want 1", len(jobs))
	}
	return jobs[0], nil
}

type decoder struct {
	b     []byte
	i     int
	width int
	jobs  []*job
	cur   *job
	// printer state
	line      []rune
	lineStyle printed
	started   bool // the line has its first character (style taken)
	bold      bool
	underline bool
	align     int
	w, h      int
	qrData    *string
	qrModule  int
	qrEC      byte
	model2    bool
}

func (d *decoder) errf(format string, args ...any) error {
	ctx := ""
	if d.cur != nil && len(d.cur.Events) > 0 {
		from := max(0, len(d.cur.Events)-6)
		ctx = " after " + strings.Join(d.cur.Events[from:], " ")
	}
	return fmt.Errorf("byte %d: "+format+ctx, append([]any{d.i}, args...)...)
}

func (d *decoder) need(n int) ([]byte, error) {
	if d.i+n > len(d.b) {
		return nil, d.errf("command cut short: need %d more bytes", n)
	}
	p := d.b[d.i : d.i+n]
	d.i += n
	return p, nil
}

func (d *decoder) event(s string) { d.cur.Events = append(d.cur.Events, s) }

func (d *decoder) reset() {
	d.bold, d.underline, d.align, d.w, d.h = false, false, 0, 1, 1
	d.qrData, d.qrModule, d.qrEC, d.model2 = nil, 3, '0', false
}

func (d *decoder) run() ([]*job, error) {
	for d.i < len(d.b) {
		c := d.b[d.i]
		if d.cur == nil && c != 0x1b {
			return nil, d.errf("a job must start with ESC @, found %#02x", c)
		}
		d.i++
		var err error
		switch {
		case c == 0x1b:
			err = d.esc()
		case c == 0x1d:
			err = d.gs()
		case c == 0x1c:
			err = d.fs()
		case c == 0x0a:
			d.lf()
		case c < 0x20 || c == 0x7f:
			err = d.errf("control byte %#02x in text", c)
		default:
			err = d.char(c)
		}
		if err != nil {
			return nil, err
		}
	}
	if d.cur != nil {
		if err := d.finish(); err != nil {
			return nil, err
		}
	}
	return d.jobs, nil
}

func (d *decoder) char(c byte) error {
	if c >= 0x80 && d.cur.CodeTable < 0 {
		return d.errf("byte %#02x ≥ 0x80 with no code table selected", c)
	}
	var r rune
	switch {
	case c < 0x80:
		r = rune(c)
	case d.cur.CodeTable == 19:
		r = PC858.Decode(c)
	case d.cur.CodeTable == 16:
		r = WPC1252.Decode(c)
	default:
		return d.errf("byte %#02x in code table %d, which racedesk does not use", c, d.cur.CodeTable)
	}
	if r == 0 {
		return d.errf("byte %#02x is no character in code table %d", c, d.cur.CodeTable)
	}
	if !d.started {
		d.started = true
		d.lineStyle = printed{Bold: d.bold, Underline: d.underline, Align: d.align, W: d.w, H: d.h}
	}
	d.line = append(d.line, r)
	if cols := len(d.line) * d.lineStyle.W; cols > d.width {
		return d.errf("line %q is %d columns wide, the paper has %d", string(d.line), cols, d.width)
	}
	return nil
}

func (d *decoder) lf() {
	st := d.lineStyle
	if !d.started {
		st = printed{Bold: d.bold, Underline: d.underline, Align: d.align, W: d.w, H: d.h}
	}
	st.Text = string(d.line)
	d.cur.Lines = append(d.cur.Lines, st)
	d.line, d.started = nil, false
	d.cur.EndsWithCut = false
}

func (d *decoder) esc() error {
	p, err := d.need(1)
	if err != nil {
		return err
	}
	switch p[0] {
	case '@':
		if d.cur != nil {
			if err := d.finish(); err != nil {
				return err
			}
		}
		d.cur = &job{CodeTable: -1}
		d.reset()
		d.event("init")
		return nil
	}
	if d.cur == nil {
		return d.errf("ESC %q before ESC @", p[0])
	}
	arg, err := d.need(1)
	if err != nil {
		return err
	}
	n := arg[0]
	switch p[0] {
	case 't':
		d.cur.CodeTable = int(n)
		d.event(fmt.Sprintf("codetable(%d)", n))
	case 'R':
		if n != 0 {
			return d.errf("international set %d: racedesk uses USA (0)", n)
		}
		d.event("intl(USA)")
	case 'E':
		d.bold = n&1 == 1
		d.event(fmt.Sprintf("bold(%v)", d.bold))
	case '-':
		d.underline = n != 0
		d.event(fmt.Sprintf("underline(%v)", d.underline))
	case 'a':
		if d.started {
			return d.errf("justification changed in the middle of a line")
		}
		if n > 2 {
			return d.errf("justification %d", n)
		}
		d.align = int(n)
		d.event(fmt.Sprintf("align(%d)", n))
	case 'd':
		if d.started {
			return d.errf("feed in the middle of a line")
		}
		d.cur.Feeds = append(d.cur.Feeds, int(n))
		d.event(fmt.Sprintf("feed(%d)", n))
	default:
		return d.errf("unknown command ESC %q", p[0])
	}
	return nil
}

func (d *decoder) fs() error {
	p, err := d.need(1)
	if err != nil {
		return err
	}
	if p[0] != '.' {
		return d.errf("unknown command FS %q", p[0])
	}
	d.event("kanji-off")
	return nil
}

func (d *decoder) gs() error {
	if d.cur == nil {
		return d.errf("GS before ESC @")
	}
	p, err := d.need(1)
	if err != nil {
		return err
	}
	switch p[0] {
	case '!':
		a, err := d.need(1)
		if err != nil {
			return err
		}
		d.w, d.h = int(a[0]>>4)+1, int(a[0]&0x0f)+1
		if d.w > 8 || d.h > 8 {
			return d.errf("character size %#02x", a[0])
		}
		d.event(fmt.Sprintf("size(%dx%d)", d.w, d.h))
	case 'V':
		a, err := d.need(2)
		if err != nil {
			return err
		}
		if d.started {
			return d.errf("cut in the middle of a line (%q not fed)", string(d.line))
		}
		kind := map[byte]string{'A': "full", 'B': "partial"}[a[0]]
		if kind == "" {
			return d.errf("cut function %#02x", a[0])
		}
		d.cur.Cuts = append(d.cur.Cuts, kind)
		d.cur.EndsWithCut = true
		d.event("cut(" + kind + ")")
	case '(':
		return d.gsParen()
	case 'k':
		return d.barcode()
	case 'h', 'w', 'H':
		if _, err := d.need(1); err != nil {
			return err
		}
		d.event(fmt.Sprintf("barcode-setting(%c)", p[0]))
	default:
		return d.errf("unknown command GS %q", p[0])
	}
	return nil
}

// gsParen reads GS ( k: the QR code functions.
func (d *decoder) gsParen() error {
	h, err := d.need(3)
	if err != nil {
		return err
	}
	if h[0] != 'k' {
		return d.errf("unknown command GS ( %q", h[0])
	}
	n := int(h[1]) + 256*int(h[2])
	body, err := d.need(n)
	if err != nil {
		return err
	}
	if len(body) < 2 || body[0] != '1' {
		return d.errf("GS ( k for symbol %q: racedesk prints only QR (cn 49)", body[0])
	}
	switch body[1] {
	case 'A':
		if len(body) != 4 || body[2] != '2' {
			return d.errf("QR model %q: want model 2", body[2:])
		}
		d.model2 = true
		d.event("qr-model2")
	case 'C':
		if len(body) != 3 || body[2] < 1 || body[2] > 16 {
			return d.errf("QR module size %v", body[2:])
		}
		d.qrModule = int(body[2])
		d.event(fmt.Sprintf("qr-size(%d)", body[2]))
	case 'E':
		if len(body) != 3 || body[2] < '0' || body[2] > '3' {
			return d.errf("QR error correction %v", body[2:])
		}
		d.qrEC = body[2]
		d.event(fmt.Sprintf("qr-ec(%c)", "LMQH"[body[2]-'0']))
	case 'P':
		if len(body) < 3 || body[2] != '0' {
			return d.errf("QR store with m=%v", body[2:])
		}
		for _, c := range body[3:] {
			if c < 0x20 || c > 0x7e {
				return d.errf("QR data byte %#02x: racedesk puts only printable ASCII in QR codes", c)
			}
		}
		s := string(body[3:])
		d.qrData = &s
		d.event(fmt.Sprintf("qr-store(%q)", s))
	case 'Q':
		if d.qrData == nil {
			return d.errf("QR print without stored data")
		}
		if !d.model2 {
			return d.errf("QR print without selecting model 2")
		}
		if d.started {
			return d.errf("QR in the middle of a line")
		}
		modules, ok := qrSymbolModules(len(*d.qrData), d.qrEC)
		if !ok {
			return d.errf("QR data of %d bytes: more than racedesk ever prints", len(*d.qrData))
		}
		if dots := (modules + 8) * d.qrModule; dots > d.width*12 {
			return d.errf("QR code of %d modules (and the quiet zone) at %d dots each is %d dots wide, the paper has %d", modules, d.qrModule, dots, d.width*12)
		}
		d.cur.QRs = append(d.cur.QRs, qrCode{Data: *d.qrData, Module: d.qrModule, EC: d.qrEC})
		d.cur.Lines = append(d.cur.Lines, printed{QR: *d.qrData, Align: d.align, W: 1, H: 1})
		d.event("qr-print")
	default:
		return d.errf("QR function %q", body[1])
	}
	return nil
}

func (d *decoder) barcode() error {
	h, err := d.need(2)
	if err != nil {
		return err
	}
	if h[0] != 73 {
		return d.errf("barcode system %d: racedesk prints CODE128 (73)", h[0])
	}
	data, err := d.need(int(h[1]))
	if err != nil {
		return err
	}
	if len(data) < 2 || data[0] != '{' || data[1] != 'B' {
		return d.errf("CODE128 data must start with {B, got %q", data)
	}
	s := strings.ReplaceAll(string(data[2:]), "{{", "{")
	for _, c := range []byte(s) {
		if c < 0x20 || c > 0x7e {
			return d.errf("CODE128 code set B byte %#02x", c)
		}
	}
	d.cur.Barcodes = append(d.cur.Barcodes, s)
	d.event(fmt.Sprintf("code128(%q)", s))
	return nil
}

// finish closes the current job.
func (d *decoder) finish() error {
	if d.started {
		return d.errf("job ends in the middle of a line (%q never fed)", string(d.line))
	}
	d.jobs = append(d.jobs, d.cur)
	d.cur = nil
	return nil
}

// TestDecodeFile reads a file of jobs with the decoder and prints what a
// printer would print, with the checks every job must pass:
//
//	RACEDESK_DECODE=out.bin RACEDESK_DECODE_WIDTH=48 go test ./printer -run TestDecodeFile -v
func TestDecodeFile(t *testing.T) {
	path := os.Getenv("RACEDESK_DECODE")
	if path == "" {
		t.Skip("set RACEDESK_DECODE to a file of ESC/POS jobs")
	}
	width := 48
	if w := os.Getenv("RACEDESK_DECODE_WIDTH"); w != "" {
		fmt.Sscan(w, &width)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := decodeJobs(b, width)
	if err != nil {
		t.Fatalf("%s does not decode: %v", path, err)
	}
	for i, j := range jobs {
		if len(j.Cuts) != 1 || !j.EndsWithCut {
			t.Errorf("job %d: cuts %v, ends with cut %v", i+1, j.Cuts, j.EndsWithCut)
		}
		t.Logf("job %d of %d: code table %d, %d lines, QR %v, cuts %v\n%s", i+1, len(jobs), j.CodeTable, len(j.Lines), j.QRs, j.Cuts, j.Text())
	}
}
