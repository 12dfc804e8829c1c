// Package regfile reads the registration files that online registration
// platforms export — CSV in whatever encoding, separator and column names
// the platform chose — and turns each row into a model.ParticipantInput
// for the same validation as the desk's form, or into a rejection that
// says why. It does no I/O beyond the reader it is given: no database, no
// terminal.
package regfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
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
	text       string
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
	Err      error
	from, to int64 // byte range of the record in the decoded text
}

// Raw is the record's text as it stands in the (decoded) file.
func (f *File) Raw(r Record) string {
	if r.from < 0 || r.to > int64(len(f.text)) || r.from > r.to {
		return ""
	}
	return strings.TrimRight(f.text[r.from:r.to], "\r\n")
}

// Read reads a registration file: it detects the encoding (UTF-8 with or
// without BOM, UTF-16 with BOM, else Windows-1252) and the delimiter (';',
// ',' or tab, whichever the header line has most of outside quotes, or an
// Excel "sep=;" line), then splits records strictly (RFC 4180 quoting:
// quoted fields may hold delimiters, doubled quotes and line breaks; a
// quote anywhere else is an error of that record, never guessed around).
func Read(r io.Reader, opts ReadOptions) (*File, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, model.NewProblem(msg.ImpTooLarge, MaxFileSize>>20)
	}
	f := &File{}
	if f.text, err = f.decode(data, opts.Encoding); err != nil {
		return nil, err
	}
	// Classic Mac line ends (CR only): make them lines.
	if strings.IndexByte(f.text, '\n') < 0 && strings.IndexByte(f.text, '\r') >= 0 {
		f.text = strings.ReplaceAll(f.text, "\r", "\n")
	}
	first, _, _ := strings.Cut(f.text, "\n")
	first = strings.TrimRight(first, "\r")
	sepLine := false
	f.Delimiter = opts.Delimiter
	if d, ok := excelSep(first); ok {
		sepLine = true
		if f.Delimiter == 0 {
			f.Delimiter = d
		}
	}
	if f.Delimiter == 0 {
		f.Delimiter = sniffDelimiter(first)
	}
	if err := f.split(sepLine); err != nil {
		return nil, err
	}
	return f, nil
}

// decode turns the bytes into text in the chosen or detected encoding.
func (f *File) decode(data []byte, want string) (string, error) {
	enc, err := normalizeEncoding(want)
	if err != nil {
		return "", err
	}
	f.EncodingDetected = enc == ""
	bom8 := []byte{0xEF, 0xBB, 0xBF}
	if enc == "" {
		switch {
		case bytes.HasPrefix(data, bom8):
			enc = UTF8
		case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
			enc = UTF16
		case utf8.Valid(data):
			enc = UTF8
		default:
			enc = Windows1252
		}
	}
	f.Encoding = enc
	switch enc {
	case UTF8:
		if bytes.HasPrefix(data, bom8) {
			f.BOM, data = true, data[len(bom8):]
		}
		// Invalid bytes become U+FFFD, which validation refuses in any
		// name, so a wrongly forced encoding rejects rows instead of
		// storing garbage.
		return strings.ToValidUTF8(string(data), "\uFFFD"), nil
	case UTF16:
		f.BOM = true
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", fmt.Errorf("read UTF-16: %w", err)
		}
		return string(out), nil
	default:
		out, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return "", fmt.Errorf("read Windows-1252: %w", err)
		}
		return string(out), nil
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

// split reads the records with encoding/csv, strictly.
func (f *File) split(skipSepLine bool) error {
	cr := csv.NewReader(strings.NewReader(f.text))
	cr.Comma = f.Delimiter
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false
	var prev int64
	header := true
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		from, to := prev, cr.InputOffset()
		prev = to
		var pe *csv.ParseError
		line := 0
		if errors.As(err, &pe) {
			line = pe.StartLine
		} else if err != nil {
			return err
		} else {
			line, _ = cr.FieldPos(0)
		}
		if skipSepLine && line == 1 && err == nil {
			skipSepLine = false
			continue
		}
		skipSepLine = false
		if header {
			if err != nil {
				return model.NewProblem(msg.ImpHeaderSyntax, line, syntaxText(pe))
			}
			header = false
			f.Header = trimTrailingEmpty(fields)
			f.HeaderLine = line
			continue
		}
		rec := Record{Line: line, Fields: fields, from: from, to: to}
		if err != nil {
			rec.Err = &SyntaxError{Line: pe.StartLine, ErrLine: pe.Line, Err: pe.Err}
			rec.Fields = lenientFields(f.Raw(rec), f.Delimiter)
		}
		f.Records = append(f.Records, rec)
	}
	if header {
		return model.NewProblem(msg.ImpEmptyFile)
	}
	return nil
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
