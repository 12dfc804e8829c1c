package main

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/racedesk/racedesk/model"
)

// The output policy (issue 17): whatever a command prints for a person —
// summaries, lists, errors — passes through a safeWriter, so no value it
// shows can carry an escape sequence to the terminal, even one stored by
// an older version or sent by a hostile peer (a desk name that sets the
// window title, a last name that clears the screen or writes the
// clipboard). Line breaks and tabs stay; every other control character is
// shown as model.Printable shows it (ESC as ^[). JSON needs no filter of
// its own: printJSON escapes every control character (see there). Bytes
// meant for a printer on stdout (print --to -) bypass it (globals.rawOut).

// safeWriter writes model.PrintableLines of what it is given. A write
// that ends inside a UTF-8 sequence, or on a CR that may begin a CRLF,
// keeps that tail for the next write (Flush writes what is left).
type safeWriter struct {
	w    io.Writer
	held []byte
}

func newSafeWriter(w io.Writer) *safeWriter { return &safeWriter{w: w} }

func (s *safeWriter) Write(p []byte) (int, error) {
	buf := append(s.held, p...)
	cut := len(buf)
	for i := len(buf) - 1; i >= 0 && i >= len(buf)-utf8.UTFMax; i-- {
		if utf8.RuneStart(buf[i]) {
			if !utf8.FullRune(buf[i:]) {
				cut = i
			}
			break
		}
	}
	if cut > 0 && buf[cut-1] == '\r' {
		cut--
	}
	s.held = append([]byte(nil), buf[cut:]...)
	if _, err := io.WriteString(s.w, model.PrintableLines(string(buf[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes a held tail (shown as what it is: a lone CR, broken
// UTF-8).
func (s *safeWriter) Flush() error {
	if len(s.held) == 0 {
		return nil
	}
	t := s.held
	s.held = nil
	_, err := io.WriteString(s.w, model.PrintableLines(string(t)))
	return err
}

// escapeJSON rewrites, inside encoded JSON, the characters encoding/json
// leaves raw but a terminal may act on or that hide themselves — C1
// controls, direction overrides, invisible format characters — as \uXXXX
// escapes: the same data for a JSON reader, harmless on a terminal.
// encoding/json escapes C0 controls itself, but not DEL and C1.
func escapeJSON(b []byte) []byte {
	if !bytes.ContainsFunc(b, needsJSONEscape) {
		return b
	}
	out := make([]byte, 0, len(b)+32)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case n > 1 && r > 0xFFFF && needsJSONEscape(r): // a tag character
			hi, lo := utf16.EncodeRune(r)
			out = fmt.Appendf(out, `\u%04x\u%04x`, hi, lo)
		case n > 1 && needsJSONEscape(r), r == 0x7F:
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}

// needsJSONEscape: DEL, C1 and invisible characters (encoding/json
// escapes C0 itself). Of these only tag characters lie beyond the BMP;
// they are written as a surrogate pair.
func needsJSONEscape(r rune) bool {
	return r == 0x7F || (r >= 0x80 && r <= 0x9F) || model.IsInvisible(r)
}
