package model

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/racedesk/racedesk/model/msg"
)

// The text policy: what any text may hold once racedesk takes it in —
// every participant field, extra fields, desk names, DSQ and DNF reasons,
// codes, and the values of a registration file — on every path: the form,
// the command line, an import, the hotspot and a change another desk
// pushed or the cloud sent (issue 17).
//
// Per kind of text:
//
//   - Text a person typed or a file brought (CleanText: names, club,
//     extra values, reasons, desk names, registration IDs): runs of white
//     space — tabs and line breaks pasted from a spreadsheet included —
//     become one space and the ends are trimmed; invisible format
//     characters (soft hyphen, zero-width space/non-joiner/joiner, word
//     joiner, a byte order mark inside the text, direction marks,
//     embeddings, overrides and isolates, tag characters) are removed,
//     since nobody means them and they split a name for search
//     ("Mül\u00adler" would fold as "mul ler") or turn its letters around
//     on screen; the text is brought to Unicode NFC; any other control
//     character (C0, DEL, C1) and unreadable bytes are refused with the
//     field named, since nothing can be guessed about what was meant.
//   - Text already stored or synced (CheckStoredText: a change a desk
//     pushed to the cloud, a timing event from another desk, codes and
//     desk names in a change): nothing is rewritten — replicas must hold
//     the same bytes — so a control or invisible character is refused
//     with the field named. A current desk never sends one: its values
//     passed CleanText when they were typed.
//
// Whatever gets past this (a database written by an older version, a
// hostile peer) is still harmless on screen: output goes through
// Printable (see there).

// Names of texts that are not a participant's field, in error messages.
const (
	FDesk   = "desk"   // a desk's name (--desk, a join)
	FReason = "reason" // why a runner was disqualified or did not finish
	FColumn = "column" // a column name of a registration file
)

// MaxDeskNameLen is the longest desk name.
const MaxDeskNameLen = 60

// CleanDeskName applies the policy to a desk name as typed (--desk).
func CleanDeskName(s string) (string, error) { return CleanText(FDesk, s, MaxDeskNameLen) }

// CleanText applies the policy for typed text of field: it returns the
// text cleaned (white space collapsed, invisible characters removed, NFC),
// or a *FieldError naming the field when it holds a control character or
// unreadable bytes, or is longer than max characters (max 0: no limit).
func CleanText(field, s string, max int) (string, error) {
	s = NFC(strings.Join(strings.Fields(RemoveInvisible(s)), " "))
	if err := refuseControls(field, s); err != nil {
		return "", err
	}
	if max > 0 && utf8.RuneCountInString(s) > max {
		return "", &FieldError{Field: field, Input: s, Key: msg.ErrTooLong, Args: []any{max}}
	}
	return s, nil
}

// CheckStoredText refuses a stored or synced value of field that holds a
// control character, an invisible format character or unreadable bytes;
// it changes nothing.
func CheckStoredText(field, s string) error {
	if err := refuseControls(field, s); err != nil {
		return err
	}
	for _, r := range s {
		if IsInvisible(r) {
			return &FieldError{Field: field, Input: s, Key: msg.ErrInvisibleChar, Args: []any{codePoint(r)}}
		}
	}
	return nil
}

func refuseControls(field, s string) error {
	for _, r := range s {
		if r == utf8.RuneError { // bytes that are no UTF-8, or U+FFFD: something was lost on the way
			return &FieldError{Field: field, Input: s, Key: msg.ErrBadChars}
		}
		if unicode.IsControl(r) {
			return &FieldError{Field: field, Input: s, Key: msg.ErrControlChar, Args: []any{codePoint(r)}}
		}
	}
	return nil
}

// codePoint names a character as U+001B.
func codePoint(r rune) string { return fmt.Sprintf("U+%04X", r) }

// IsInvisible reports whether r is one of the invisible format characters
// the policy removes from typed text and Fold ignores: soft hyphen, the
// zero-width characters, word joiner and invisible operators, byte order
// mark, direction marks, embeddings, overrides and isolates, the Arabic
// letter mark, the Mongolian vowel separator, interlinear annotation
// marks and tag characters.
func IsInvisible(r rune) bool {
	switch {
	case r < 0xAD:
		return false
	case r == 0xAD, r == 0x061C, r == 0x180E:
		return true
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E,
		r >= 0x2060 && r <= 0x2064, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0xFEFF, r >= 0xFFF9 && r <= 0xFFFB, r >= 0xE0000 && r <= 0xE007F:
		return true
	}
	return false
}

// isBidiControl reports the characters that reorder what follows them on
// screen: marks, embeddings, overrides and isolates.
func isBidiControl(r rune) bool {
	return r == 0x061C || r == 0x200E || r == 0x200F || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// RemoveInvisible drops every invisible format character (IsInvisible).
func RemoveInvisible(s string) string {
	if !hasInvisible(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if IsInvisible(r) {
			return -1
		}
		return r
	}, s)
}

func hasInvisible(s string) bool {
	for i := 0; i < len(s); i++ {
		// Every invisible character is encoded from 0xC2 (U+00AD) up.
		if s[i] >= 0xC2 {
			for _, r := range s[i:] {
				if IsInvisible(r) {
					return true
				}
			}
			return false
		}
	}
	return false
}

// Printable makes one line of data safe to show on a terminal, whatever
// it holds — a value stored by an older version or sent by a hostile
// peer: C0 controls (line breaks and tabs included) and DEL become caret
// notation (ESC shows as ^[), C1 controls, direction overrides and
// unreadable bytes become �, other invisible characters are dropped. No
// escape sequence survives it, and the text takes the columns it seems
// to. Apply it to data before styling, never to a styled frame.
func Printable(s string) string { return printable(s, true) }

func printable(s string, dropInvisible bool) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			if _, n := utf8.DecodeRuneInString(s[i:]); n <= 1 {
				b.WriteRune(utf8.RuneError)
				continue
			}
			b.WriteRune(r)
		case r < 0x20:
			b.WriteByte('^')
			b.WriteByte(byte(r) + '@')
		case r == 0x7F:
			b.WriteString("^?")
		case r >= 0x80 && r <= 0x9F, isBidiControl(r):
			b.WriteRune(utf8.RuneError)
		case dropInvisible && IsInvisible(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// PrintableLines is Printable for text of several lines, as a command
// prints it: line breaks (LF or CRLF) and tabs stay, invisible characters
// other than direction controls stay (a byte order mark opens a CSV), and
// every other control character is shown as Printable shows it.
func PrintableLines(s string) string {
	if isPlain(s) {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		cr := i < len(lines)-1 && strings.HasSuffix(l, "\r")
		if cr {
			l = l[:len(l)-1]
		}
		parts := strings.Split(l, "\t")
		for j, p := range parts {
			parts[j] = printable(p, false)
		}
		lines[i] = strings.Join(parts, "\t")
		if cr {
			lines[i] += "\r"
		}
	}
	return strings.Join(lines, "\n")
}

// isPlain: printable ASCII only, nothing to do (most text).
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7F {
			return false
		}
	}
	return true
}
