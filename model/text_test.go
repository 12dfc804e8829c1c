package model_test

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// Issue 17, item 3: invisible characters are not part of a name.
func TestInvisibleCharactersLeaveNames(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"a soft hyphen is removed", "Mül\u00adler", "Müller"},
		{"a zero-width space is removed", "Mül\u200bler", "Müller"},
		{"zero-width joiner and non-joiner are removed", "Mü\u200cl\u200dler", "Müller"},
		{"a word joiner is removed", "Mül\u2060ler", "Müller"},
		{"a byte order mark inside the text is removed", "Mül\ufeffler", "Müller"},
		{"a right-to-left override is removed", "\u202eMüller", "Müller"},
		{"isolates and direction marks are removed", "\u2066Mül\u2069ler\u200e\u200f", "Müller"},
		{"a decomposed umlaut is composed", "Mu\u0308ller", "Müller"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := model.ValidateName(model.FLast, tc.in)
			if err != nil || got != tc.want {
				t.Fatalf("ValidateName(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
			if f := model.Fold(tc.in); f != "muller" {
				t.Errorf("Fold(%q) = %q, want muller (a name typed in an older file still searches)", tc.in, f)
			}
		})
	}
}

// Issue 17, item 3, on the whole entry: a walk-in typed with a soft hyphen
// is stored without it, every text field alike.
func TestValidateCleansEveryTextField(t *testing.T) {
	ev := exampleEvent(t)
	in := goodInput()
	in.Last = "Mül\u00adler"
	in.First = "J\u200börg"
	in.Club = "LG\u202e Nord"
	in.ExternalID = "WR\u200d26"
	v, err := model.Validate(ev, in, today, false)
	if err != nil {
		t.Fatal(err)
	}
	p := v.Participant
	if p.Last != "Müller" || p.First != "Jörg" || p.Club != "LG Nord" || p.ExternalID != "WR26" {
		t.Errorf("stored %q %q %q %q", p.Last, p.First, p.Club, p.ExternalID)
	}
}

// Control characters are refused in every text field, with the field
// named and the character shown harmlessly.
func TestControlCharactersAreRefusedInEveryField(t *testing.T) {
	ev := exampleEvent(t)
	for _, tc := range []struct {
		field string
		set   func(*model.ParticipantInput)
	}{
		{model.FFirst, func(in *model.ParticipantInput) { in.First = "Jörg\x1b[2J" }},
		{model.FLast, func(in *model.ParticipantInput) { in.Last = "Mü\x1b]52;c;cHduZWQ=\x07ller" }},
		{model.FClub, func(in *model.ParticipantInput) { in.Club = "LG \x9b2J Nord" }},
		{model.FExternalID, func(in *model.ParticipantInput) { in.ExternalID = "WR\x7f26" }},
		{model.FEmail, func(in *model.ParticipantInput) { in.Email = "a\x1b@b.de" }},
	} {
		in := goodInput()
		tc.set(&in)
		_, err := model.Validate(ev, in, today, false)
		var ve model.ValidationError
		if !errors.As(err, &ve) || ve.For(tc.field) == nil {
			t.Errorf("%s: %v; want the field refused", tc.field, err)
			continue
		}
		if s := ve.Localize(msg.DE); strings.ContainsAny(s, "\x1b\x07\x7f\u009b") {
			t.Errorf("%s: the message carries the control character: %q", tc.field, s)
		}
	}
}

func TestCheckStoredTextRefusesWhatCleanTextRemoves(t *testing.T) {
	for _, s := range []string{"Desk\x1b]0;PWNED\x07", "a\tb", "Mül\u00adler", "\u202eabc", "x\xffy", "C1\u0085"} {
		err := model.CheckStoredText(model.FCheckedInDesk, s)
		var fe *model.FieldError
		if !errors.As(err, &fe) || fe.Field != model.FCheckedInDesk {
			t.Errorf("CheckStoredText(%q) = %v, want a field error on %s", s, err, model.FCheckedInDesk)
		}
	}
	for _, s := range []string{"", "Desk 1", "Müller-Lüdenscheidt", "Zoë O'Brien", "李小龍"} {
		if err := model.CheckStoredText(model.FLast, s); err != nil {
			t.Errorf("CheckStoredText(%q) = %v, want nil", s, err)
		}
	}
}

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Müller", "Müller"},
		{"Desk\x1b]0;PWNED\x07", "Desk^[]0;PWNED^G"},
		{"a\x1b[2Jb", "a^[[2Jb"},
		{"a\u009b2Jb", "a�2Jb"},
		{"a\x00b\x7f", "a^@b^?"},
		{"line\nbreak\ttab\r", "line^Jbreak^Itab^M"},
		{"\u202eevil", "�evil"},
		{"Mül\u00adler", "Müller"},
		{"x\xffy", "x�y"},
	} {
		if got := model.Printable(tc.in); got != tc.want {
			t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got, want := model.PrintableLines("a\x1b[2J\tb\r\nc\r\n\ufeffd\x1b"), "a^[[2J\tb\r\nc\r\n\ufeffd^["; got != want {
		t.Errorf("PrintableLines = %q, want %q", got, want)
	}
}

// FuzzCleanText: any input is either refused with a field error naming
// the field, or accepted clean — no control, no invisible character,
// NFC, trimmed — and cleaning it again changes nothing.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"Müller", "Mül\u00adler", "a\x1b[2Jb", "\u202eabc", " a \t b ", "x\xffy", "\ufeffA", "Mu\u0308ller", "\u0085", "a\u200d\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := model.CleanText(model.FClub, s, 0)
		if err != nil {
			var fe *model.FieldError
			if !errors.As(err, &fe) || fe.Field != model.FClub {
				t.Fatalf("CleanText(%q): %v is not a field error on club", s, err)
			}
			if m := fe.Localize(msg.EN); !isSafe(m) {
				t.Fatalf("the message %q is not safe to print", m)
			}
			return
		}
		if err := model.CheckStoredText(model.FClub, got); err != nil {
			t.Fatalf("CleanText(%q) = %q, which the stored check refuses: %v", s, got, err)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Fatalf("CleanText(%q) = %q is not NFC", s, got)
		}
		if got != strings.TrimSpace(got) {
			t.Fatalf("CleanText(%q) = %q is not trimmed", s, got)
		}
		if again, err := model.CleanText(model.FClub, got, 0); err != nil || again != got {
			t.Fatalf("CleanText is not idempotent on %q: %q, %v", got, again, err)
		}
		if model.Fold(s) != model.Fold(got) && utf8.ValidString(s) {
			// What was removed does not change the search form.
			if model.Fold(model.RemoveInvisible(s)) != model.Fold(s) {
				t.Fatalf("Fold(%q) = %q, but without invisible characters %q", s, model.Fold(s), model.Fold(model.RemoveInvisible(s)))
			}
		}
	})
}

// FuzzPrintable: whatever a value holds, what is printed has no control
// character (so no escape sequence), no C1, no direction override, and
// is valid UTF-8; model.PrintableLines keeps only line breaks and tabs.
func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"Müller", "Desk\x1b]0;PWNED\x07", "\x1b]52;c;cHduZWQ=\x07", "\u009b2J", "\u202e", "a\r\nb", "\xc2", "\xc2\x9b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if p := model.Printable(s); !isSafe(p) || strings.ContainsAny(p, "\n\t\r") {
			t.Fatalf("Printable(%q) = %q", s, p)
		}
		if p := model.PrintableLines(s); !isSafe(p) {
			t.Fatalf("PrintableLines(%q) = %q", s, p)
		}
	})
}

// isSafe: valid UTF-8 without control characters other than LF, CR
// before LF and tab, and without direction controls.
func isSafe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i, r := range s {
		switch {
		case r == '\n' || r == '\t':
		case r == '\r':
			if i+1 >= len(s) || s[i+1] != '\n' {
				return false
			}
		case unicode.IsControl(r), r == 0x061C, r == 0x200E, r == 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			return false
		}
	}
	return true
}
