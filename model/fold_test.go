package model_test

import (
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/racedesk/racedesk/model"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{"Müller folds to muller", "Müller", "muller"},
		{"Mueller folds to muller", "Mueller", "muller"},
		{"muller stays muller", "muller", "muller"},
		{"MÜLLER in capitals folds to muller", "MÜLLER", "muller"},
		{"a decomposed Mu\u0308ller folds to muller", "Mu\u0308ller", "muller"},
		{"Jörg folds to jorg", "Jörg", "jorg"},
		{"Joerg folds to jorg", "Joerg", "jorg"},
		{"Dvořák folds to dvorak", "Dvořák", "dvorak"},
		{"Straße folds to strasse", "Straße", "strasse"},
		{"STRASSE folds to strasse", "STRASSE", "strasse"},
		{"Łukasz folds to lukasz", "Łukasz", "lukasz"},
		{"Wałęsa folds to walesa", "Wałęsa", "walesa"},
		{"Søren folds to soren", "Søren", "soren"},
		{"Ærø folds to aro", "Ærø", "aro"},
		{"Björn Bäcker folds both umlauts", "Björn Bäcker", "bjorn backer"},
		{"Þór folds to thor", "Þór", "thor"},
		{"runs of spaces collapse to one", "  Anna    Lena  ", "anna lena"},
		{"punctuation collapses with spaces", "Müller-Lüdenscheidt,  Jörg", "muller ludenscheidt jorg"},
		{"leading and trailing punctuation is dropped", "--(Anna)--", "anna"},
		{"digits are kept", "Lauf 10 km", "lauf 10 km"},
		{"an apostrophe separates", "O'Brien", "o brien"},
		{"an accent right after invalid UTF-8 is still dropped", "\xf3é", "e"},
		{"invalid UTF-8 inside a name separates like punctuation", "Dvo\xffřák", "dvo rak"},
		{"an empty string stays empty", "", ""},
		{"punctuation alone folds to nothing", " - , . ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := model.Fold(tt.input); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}

func TestFoldMakesSpellingsOfOneNameEqual(t *testing.T) {
	groups := [][]string{
		{"Müller", "Mueller", "muller", "MUELLER", "Mu\u0308ller", "müller"},
		{"Jörg Schäfer", "Joerg Schaefer", "jorg schafer", "JÖRG  SCHÄFER"},
		{"Dvořák", "Dvorak", "DVORAK"},
		{"Weiß", "Weiss", "WEISS"},
	}
	for _, g := range groups {
		want := model.Fold(g[0])
		for _, s := range g[1:] {
			if got := model.Fold(s); got != want {
				t.Errorf("Fold(%q) = %q, but Fold(%q) = %q", s, got, g[0], want)
			}
		}
	}
	if got := model.Fold("Jörg Müller"); !strings.Contains(got, "jorg") {
		t.Errorf("Fold(Jörg Müller) = %q does not contain jorg", got)
	}
}

func TestFoldIsIdempotent(t *testing.T) {
	// A name folded twice must fold as once: the store folds the index
	// and the query with the same function.
	for _, s := range []string{
		"Kaee", "Schoeer", "Muee", "Aeeae", "Maueer", "Raphaël", "İstanbul", "Æe", "Œe", "ẞ",
		"Müller-Lüdenscheidt", "Dvořák", "ǅemal", "Ångström", "ﬁsch",
	} {
		once := model.Fold(s)
		if twice := model.Fold(once); twice != once {
			t.Errorf("Fold(%q) = %q, but Fold of that is %q", s, once, twice)
		}
	}
}

func TestNFC(t *testing.T) {
	if got := model.NFC("Mu\u0308ller"); got != "M\u00fcller" {
		t.Errorf("NFC(decomposed Müller) = %q, want %q", got, "M\u00fcller")
	}
	if got := model.NFC("M\u00fcller"); got != "M\u00fcller" {
		t.Errorf("NFC(composed Müller) = %q, want it unchanged", got)
	}
}

// FuzzFold: Fold never panics, is idempotent, and its result is valid
// UTF-8 in lower case with single inner spaces and none at the ends.
func FuzzFold(f *testing.F) {
	for _, s := range []string{
		"Müller", "Mueller", "muller", "Jörg", "Dvořák", "Straße", "Łukasz", "  a  -  b ",
		"Kaee", "İ", "ẞ", "\xff\xfe", "Ǆ", "Ⅻ", "ﬀ", "a\u0308\u0308", "ΣΊΣΥΦΟΣ", "한국어",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := model.Fold(s)
		if twice := model.Fold(once); twice != once {
			t.Fatalf("Fold(%q) = %q, but Fold(%q) = %q", s, once, once, twice)
		}
		if !utf8.ValidString(once) {
			t.Fatalf("Fold(%q) = %q is not valid UTF-8", s, once)
		}
		if strings.HasPrefix(once, " ") || strings.HasSuffix(once, " ") || strings.Contains(once, "  ") {
			t.Fatalf("Fold(%q) = %q has stray spaces", s, once)
		}
		for _, bad := range []string{"ae", "oe", "ue"} {
			if strings.Contains(once, bad) {
				t.Fatalf("Fold(%q) = %q still spells out an umlaut (%s)", s, once, bad)
			}
		}
	})
}

func TestFoldIsIdempotentForEveryRune(t *testing.T) {
	// Each printable rune and mark, alone and next to the vowels the
	// umlaut spelling rule looks at.
	if testing.Short() {
		t.Skip("walks every Unicode code point")
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !unicode.IsPrint(r) && !unicode.IsMark(r) {
			continue // unassigned, control and surrogate code points fold to nothing
		}
		for _, s := range []string{string(r), "a" + string(r) + "e", "u" + string(r)} {
			once := model.Fold(s)
			if twice := model.Fold(once); twice != once {
				t.Errorf("Fold(%q) = %q, but Fold of that is %q", s, once, twice)
			}
		}
	}
}

func TestSortKeyKeepsPhoneBookOrder(t *testing.T) {
	names := []string{"Baumann", "Bauer", "Bäcker", "Becker", "Öztürk", "Ober"}
	sort.Slice(names, func(i, j int) bool { return model.SortKey(names[i]) < model.SortKey(names[j]) })
	want := "Bäcker Bauer Baumann Becker Ober Öztürk"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("sorted %q, want %q", got, want)
	}
	if model.SortKey("Dvořák, Zoë") != "dvorak zoe" {
		t.Errorf("SortKey(Dvořák, Zoë) = %q", model.SortKey("Dvořák, Zoë"))
	}
}
