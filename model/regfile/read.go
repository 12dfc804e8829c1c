// Package regfile reads the registration files that online registration
// platforms export — CSV in whatever encoding, separator and column names
// the platform chose — and turns each row into a model.ParticipantInput
// for the same validation as the desk's form, or into a rejection that
// says why. It does no I/O beyond the reader it is given: no database, no
// terminal.
package regfile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// Encodings a file can be read in.
const (
	UTF8        = "utf-8"
	Windows1252 = "windows-1252"
	UTF16       = "utf-16"
)

// MaxFileSize is the largest file Read accepts: far above any event's
// registrations (50,000 rows are about 6 MB).
const MaxFileSize = 256 << 20

// ReadOptions override what Read would otherwise detect.
type ReadOptions struct {
	// Encoding is "" (detect), "utf-8" or "windows-1252" (also cp1252,
	// latin1, iso-8859-1, which German Windows tools mean by it).
	Encoding string
	// Delimiter is 0 (detect from the header line), ';', ',' or '\t'.
	Delimiter rune
}

// File is a registration file as read: the header and every record with
// the line it starts on.
type File struct {
	// Encoding is what the bytes were read as; BOM says whether a byte
	// order mark was found (and dropped).
	Encoding string
	BOM      bool
	// EncodingDetected is false when ReadOptions chose the encoding.
	EncodingDetected bool
	Delimiter        rune
	// Header holds the column names as written (trailing empty columns
	// dropped); HeaderLine is its line number.
	Header     []string
	HeaderLine int
	Records    []Record
}

// Record is one CSV record after the header.
type Record struct {
	// Line is where the record starts (1-based, counting every line of
	// the file, so it matches what an editor shows).
	Line int
	// Fields are the record's fields; for a record with a syntax error,
	// what a lenient reading of its text gives, so a person can see it.
	Fields []string
	// Err is a syntax error (a stray or unclosed quote); nil otherwise.
	Err error
	raw string // the record's text as decoded, line break included
}

// Raw is the record's text as it stands in the (decoded) file.
func (f *File) Raw(r Record) string { return strings.TrimRight(r.raw, "\r\n") }

// Read reads a whole registration file into memory (see Scan for what it
// detects and how it splits records). It is for small files and tests:
// `racedesk import` scans the file record by record.
func Read(r io.Reader, opts ReadOptions) (*File, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	sc, err := Scan(bytes.NewReader(data), opts)
	if err != nil {
		return nil, err
	}
	sc.keepRaw = true
	f := &sc.File
	for {
		rec, err := sc.Next()
		if err == io.EOF {
			return f, nil
		}
		if err != nil {
			return nil, err
		}
		f.Records = append(f.Records, rec)
	}
}

// Scanner reads a registration file one record at a time: what it holds
// is one record and the CSV reader's buffer, whatever the file's size.
// Its File has the header and what was detected; Records stays empty.
type Scanner struct {
	File
	cr   *csv.Reader
	text *recorder
	prev int64
	// skipSep is set while an Excel "sep=" first line is still to skip.
	skipSep bool
	// keepRaw keeps every record's text (Read), not only a broken one's.
	keepRaw bool
}

// Scan opens a registration file for reading record by record. It
// detects the encoding (UTF-8 with or without BOM, UTF-16 with BOM, else
// Windows-1252: the whole file is read once for that, then r is rewound)
// and the delimiter (';', ',' or tab, whichever the header line has most
// of outside quotes, or an Excel "sep=;" line), and reads the header.
// Records are split strictly (RFC 4180 quoting: quoted fields may hold
// delimiters, doubled quotes and line breaks; a quote anywhere else is an
// error of that record, never guessed around). A file above MaxFileSize
// is refused before anything is read.
func Scan(r io.ReadSeeker, opts ReadOptions) (*Scanner, error) {
	size, err := r.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, err
	}
	if size > MaxFileSize {
		return nil, model.NewProblem(msg.ImpTooLarge, MaxFileSize>>20)
	}
	enc, err := normalizeEncoding(opts.Encoding)
	if err != nil {
		return nil, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	raw, err := survey(r)
	if err != nil {
		return nil, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	s := &Scanner{}
	s.EncodingDetected = enc == ""
	if enc == "" {
		enc = raw.encoding()
	}
	s.Encoding = enc
	var text io.Reader
	switch enc {
	case UTF8:
		br := bufio.NewReaderSize(r, 64<<10)
		if head, _ := br.Peek(3); bytes.Equal(head, bom8) {
			s.BOM = true
			br.Discard(3)
		}
		text = br
		if !raw.utf8 {
			// Invalid bytes become U+FFFD, which validation refuses in
			// any name, so a wrongly forced encoding rejects rows
			// instead of storing garbage.
			text = &validUTF8{r: br}
		}
	case UTF16:
		s.BOM = true
		text = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Reader(r)
	default:
		text = charmap.Windows1252.NewDecoder().Reader(r)
	}
	// Classic Mac line ends (CR only): make them lines.
	if !raw.lf && raw.cr {
		text = crToLF{text}
	}
	s.text = &recorder{r: text}
	// The first line, for the delimiter: read through the recorder, which
	// keeps it for the CSV reader.
	first, err := s.text.firstLine()
	if err != nil {
		return nil, err
	}
	s.Delimiter = opts.Delimiter
	if d, ok := excelSep(first); ok {
		s.skipSep = true
		if s.Delimiter == 0 {
			s.Delimiter = d
		}
	}
	if s.Delimiter == 0 {
		s.Delimiter = sniffDelimiter(first)
	}
	s.cr = csv.NewReader(s.text)
	s.cr.Comma = s.Delimiter
	s.cr.FieldsPerRecord = -1
	s.cr.LazyQuotes = false
	if err := s.header(); err != nil {
		return nil, err
	}
	return s, nil
}

var bom8 = []byte{0xEF, 0xBB, 0xBF}

// rawFacts are what a first pass over the bytes tells.
type rawFacts struct {
	bom8, bom16, utf8, lf, cr bool
}

func (f rawFacts) encoding() string {
	switch {
	case f.bom8:
		return UTF8
	case f.bom16:
		return UTF16
	case f.utf8:
		return UTF8
	}
	return Windows1252
}

// survey reads the bytes once: byte order marks, whether they are valid
// UTF-8, and whether there are line feeds and carriage returns.
func survey(r io.Reader) (rawFacts, error) {
	f := rawFacts{utf8: true}
	buf := make([]byte, 64<<10)
	carry := 0 // bytes of an incomplete rune kept from the last chunk
	first := true
	for {
		n, err := io.ReadFull(r, buf[carry:])
		n += carry
		chunk := buf[:n]
		if first {
			first = false
			f.bom8 = bytes.HasPrefix(chunk, bom8)
			f.bom16 = bytes.HasPrefix(chunk, []byte{0xFF, 0xFE}) || bytes.HasPrefix(chunk, []byte{0xFE, 0xFF})
		}
		f.lf = f.lf || bytes.IndexByte(chunk[carry:], '\n') >= 0
		f.cr = f.cr || bytes.IndexByte(chunk[carry:], '\r') >= 0
		end := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !end {
			return f, err
		}
		if f.utf8 {
			complete := n
			if !end {
				complete = n - incompleteTail(chunk)
			}
			if !utf8.Valid(chunk[:complete]) {
				f.utf8 = false
			}
			carry = copy(buf, chunk[complete:])
		} else {
			carry = 0
		}
		if end {
			return f, nil
		}
	}
}

// incompleteTail is how many bytes at the end of b start a rune that
// continues past it (0 to 3).
func incompleteTail(b []byte) int {
	for i := 1; i <= 3 && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < 0x80 {
			return 0
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return i
			}
			return 0
		}
	}
	return 0
}

// validUTF8 replaces invalid UTF-8 with U+FFFD as it reads.
type validUTF8 struct {
	r     io.Reader
	in    []byte // read, not yet passed on
	out   []byte
	eof   bool
	fresh [32 << 10]byte
}

func (v *validUTF8) Read(p []byte) (int, error) {
	for len(v.out) == 0 {
		if v.eof {
			if len(v.in) == 0 {
				return 0, io.EOF
			}
			v.out, v.in = bytes.ToValidUTF8(v.in, []byte("\uFFFD")), nil
			break
		}
		n, err := v.r.Read(v.fresh[:])
		v.in = append(v.in, v.fresh[:n]...)
		if err == io.EOF {
			v.eof = true
			continue
		}
		if err != nil {
			return 0, err
		}
		k := len(v.in) - incompleteTail(v.in)
		v.out = bytes.ToValidUTF8(v.in[:k], []byte("\uFFFD"))
		v.in = append(v.in[:0:0], v.in[k:]...)
	}
	n := copy(p, v.out)
	v.out = v.out[n:]
	return n, nil
}

// crToLF turns carriage returns into line feeds.
type crToLF struct{ r io.Reader }

func (c crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// recorder passes text on to the CSV reader and keeps what it passed
// from the start of the record being read, so a broken record can be
// shown as it stands. It holds one record and the CSV reader's
// read-ahead.
type recorder struct {
	r    io.Reader
	buf  []byte
	base int64 // offset of buf[0] in the text
	read int64 // offset of the end of what was passed on
	err  error
}

func (rc *recorder) Read(p []byte) (int, error) {
	if k := int(rc.read - rc.base); k < len(rc.buf) {
		// Text read ahead for the first line, not yet passed on.
		n := copy(p, rc.buf[k:])
		rc.read += int64(n)
		return n, nil
	}
	if rc.err != nil {
		return 0, rc.err
	}
	n, err := rc.r.Read(p)
	rc.buf = append(rc.buf, p[:n]...)
	rc.read += int64(n)
	rc.err = err
	return n, err
}

// firstLine reads ahead to the end of the first line (or of the text)
// and returns it without its line end; the CSV reader still gets it.
func (rc *recorder) firstLine() (string, error) {
	chunk := make([]byte, 4096)
	for bytes.IndexByte(rc.buf, '\n') < 0 && rc.err == nil {
		n, err := rc.r.Read(chunk)
		rc.buf = append(rc.buf, chunk[:n]...)
		if err != nil {
			rc.err = err
		}
	}
	if rc.err != nil && rc.err != io.EOF {
		return "", rc.err
	}
	first, _, _ := bytes.Cut(rc.buf, []byte("\n"))
	return strings.TrimRight(string(first), "\r"), nil
}

// text is the text from offset from to offset to, both at or after base.
func (rc *recorder) text(from, to int64) string {
	if from < rc.base || to > rc.base+int64(len(rc.buf)) || from > to {
		return ""
	}
	return string(rc.buf[from-rc.base : to-rc.base])
}

// drop forgets the text before offset to.
func (rc *recorder) drop(to int64) {
	k := int(to - rc.base)
	if k <= 0 {
		return
	}
	k = min(k, len(rc.buf))
	rest := copy(rc.buf, rc.buf[k:])
	rc.buf = rc.buf[:rest]
	rc.base += int64(k)
	if cap(rc.buf) > 1<<20 && rest < cap(rc.buf)/4 {
		rc.buf = append([]byte(nil), rc.buf...) // a long broken record is gone
	}
}

// normalizeEncoding maps the names people give an encoding to ours.
func normalizeEncoding(s string) (string, error) {
	switch strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-") {
	case "", "auto":
		return "", nil
	case "utf-8", "utf8":
		return UTF8, nil
	case "windows-1252", "cp1252", "win-1252", "latin1", "latin-1", "iso-8859-1", "iso8859-1", "ansi":
		return Windows1252, nil
	}
	return "", model.NewProblem(msg.ImpBadEncoding, s)
}

// ParseEncoding checks an --encoding value ("" means detect).
func ParseEncoding(s string) (string, error) { return normalizeEncoding(s) }

// ParseDelimiter reads a delimiter given by a person: ";", ",", "tab" or
// "\t" ("" means detect).
func ParseDelimiter(s string) (rune, error) {
	switch strings.ToLower(s) {
	case "":
		return 0, nil
	case ";", "semicolon":
		return ';', nil
	case ",", "comma":
		return ',', nil
	case "\t", `\t`, "tab":
		return '\t', nil
	}
	return 0, model.NewProblem(msg.ImpBadDelimiter, s)
}

// excelSep recognizes Excel's "sep=;" first line.
func excelSep(line string) (rune, bool) {
	v, ok := strings.CutPrefix(strings.TrimSpace(line), "sep=")
	if !ok {
		return 0, false
	}
	v = strings.Trim(v, `"`)
	switch v {
	case ";", ",", "\t":
		return rune(v[0]), true
	}
	if v == "" && strings.Contains(line, "sep=\t") {
		return '\t', true
	}
	return 0, false
}

// sniffDelimiter picks the delimiter the header line uses most outside
// quotes; on a tie ';' (German Excel), then tab, then ','.
func sniffDelimiter(line string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ';' || c == ',' || c == '\t'):
			counts[c]++
		}
	}
	best := ';'
	for _, c := range []rune{'\t', ','} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// header reads up to the header line.
func (s *Scanner) header() error {
	_, err := s.next(true)
	if err == io.EOF {
		return model.NewProblem(msg.ImpEmptyFile)
	}
	return err
}

// Next is the next record, or io.EOF after the last.
func (s *Scanner) Next() (Record, error) { return s.next(false) }

func (s *Scanner) next(header bool) (Record, error) {
	for {
		fields, err := s.cr.Read()
		if err == io.EOF {
			return Record{}, io.EOF
		}
		from, to := s.prev, s.cr.InputOffset()
		s.prev = to
		var pe *csv.ParseError
		line := 0
		if errors.As(err, &pe) {
			line = pe.StartLine
		} else if err != nil {
			return Record{}, err
		} else {
			line, _ = s.cr.FieldPos(0)
		}
		if s.skipSep && line == 1 && err == nil {
			s.skipSep = false
			s.text.drop(to)
			continue
		}
		s.skipSep = false
		if header {
			s.text.drop(to)
			if err != nil {
				return Record{}, model.NewProblem(msg.ImpHeaderSyntax, line, syntaxText(pe))
			}
			s.Header = trimTrailingEmpty(fields)
			s.HeaderLine = line
			return Record{}, nil
		}
		rec := Record{Line: line, Fields: fields}
		if err != nil || s.keepRaw {
			rec.raw = s.text.text(from, to)
		}
		s.text.drop(to)
		if err != nil {
			rec.Err = &SyntaxError{Line: pe.StartLine, ErrLine: pe.Line, Err: pe.Err}
			rec.Fields = lenientFields(strings.TrimRight(rec.raw, "\r\n"), s.Delimiter)
		}
		return rec, nil
	}
}

// lenientFields splits a broken record the forgiving way, for showing it
// to a person (never for importing it).
func lenientFields(raw string, delim rune) []string {
	cr := csv.NewReader(strings.NewReader(raw))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var out []string
	for {
		fields, err := cr.Read()
		if err != nil {
			break
		}
		if len(out) > 0 {
			// A line break inside: keep it in the last field.
			out[len(out)-1] += "\n" + fields[0]
			fields = fields[1:]
		}
		out = append(out, fields...)
	}
	if out == nil {
		out = []string{raw}
	}
	return out
}

func trimTrailingEmpty(fields []string) []string {
	n := len(fields)
	for n > 0 && strings.TrimSpace(fields[n-1]) == "" {
		n--
	}
	return fields[:n]
}

// SyntaxError is a record the CSV rules do not allow: a quote inside an
// unquoted field, or a quoted field that is never closed.
type SyntaxError struct {
	Line, ErrLine int
	Err           error
}

func (e *SyntaxError) Error() string { return e.Localize(msg.EN) }

// Localize says what is wrong and how to fix it.
func (e *SyntaxError) Localize(lang msg.Lang) string {
	if errors.Is(e.Err, csv.ErrBareQuote) {
		return msg.T(lang, msg.ImpBareQuote)
	}
	if e.ErrLine > e.Line {
		return msg.T(lang, msg.ImpOpenQuote, e.Line, e.ErrLine)
	}
	return msg.T(lang, msg.ImpStrayQuote)
}

func syntaxText(pe *csv.ParseError) string {
	if pe == nil {
		return ""
	}
	return pe.Err.Error()
}
