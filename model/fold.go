package model

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold turns a name into its search form: lower case, no accents, German
// umlauts and their spelled-out forms made equal (Müller, Mueller and
// Muller all fold to "muller"), ß as ss, other letters transliterated
// (ł → l, ø → o), runs of space and punctuation collapsed to one space,
// invisible format characters (soft hyphen, zero-width space) ignored.
// The same function folds the stored index and the query, so whatever
// rule it applies applies to both.
func Fold(s string) string {
	return dropUmlautE(foldLetters(s))
}

// SortKey is the key of alphabetical lists (start lists, exports): like
// Fold but keeping the e after a, o and u, so Bauer sorts before Baumann
// as in a phone book (DIN 5007: ä sorts as a), where Fold, made for
// search, would read "baur".
func SortKey(s string) string { return foldLetters(s) }

// foldLetters lowers, strips accents, transliterates and collapses
// spaces and punctuation.
func foldLetters(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range stripMarks(s) {
		if IsInvisible(r) {
			// A soft hyphen or zero-width space inside a name (an older
			// file, a paste from a PDF) splits nothing: "Mül\u00adler"
			// folds as "muller".
			continue
		}
		r = unicode.ToLower(r)
		if rep, ok := foldSpecial[r]; ok {
			b.WriteString(rep)
			space = false
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
			continue
		}
		if !space && b.Len() > 0 {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// dropUmlautE folds spelled-out umlauts: "mueller" is how people type
// Müller without the key; fold both to the plain vowel. Every e right
// after a, o or u goes, runs included ("aee" → "a"): dropping only the
// first e of a run would leave a new "ae" behind, and Fold would not be
// idempotent (Fold(Fold(s)) != Fold(s)).
func dropUmlautE(s string) string {
	if !strings.Contains(s, "ae") && !strings.Contains(s, "oe") && !strings.Contains(s, "ue") {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		// 'e', 'a', 'o' and 'u' never occur inside a multi-byte UTF-8
		// sequence, so working on bytes is safe.
		if s[i] == 'e' && len(out) > 0 {
			if p := out[len(out)-1]; p == 'a' || p == 'o' || p == 'u' {
				continue
			}
		}
		out = append(out, s[i])
	}
	return string(out)
}

// foldSpecial maps letters that carry no combining mark in Unicode.
var foldSpecial = map[rune]string{
	'ß': "ss", 'ł': "l", 'ø': "o", 'æ': "a", 'œ': "o", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ħ': "h",
}

// stripMarks decomposes and drops combining marks: é → e, ř → r, ü → u.
// Invalid UTF-8 (a Latin-1 import) becomes U+FFFD first: norm.NFD passes
// a broken sequence through together with the letters after it, which
// then kept their accents ("\xf3ѐ").
func stripMarks(s string) string {
	if isASCII(s) {
		return s // most names: nothing to decompose
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, norm.NFD.String(s))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// NFC is the stored form of any text a person typed.
func NFC(s string) string { return norm.NFC.String(s) }
