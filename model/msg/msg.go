// Package msg is racedesk's message catalog: every text a person reads —
// validation messages, field labels, CLI summaries, screen labels — comes
// from here, in German and English.
package msg

import (
	"fmt"
	"os"
	"strings"
)

// Lang is a catalog language.
type Lang string

const (
	DE Lang = "de"
	EN Lang = "en"
)

// Default is used when nothing else chooses a language.
const Default = DE

// Key names one message in the catalog.
type Key string

// ParseLang accepts "de", "en", "de_DE.UTF-8", "en-GB" and the like.
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "":
		return "", false
	case strings.HasPrefix(s, "de"):
		return DE, true
	case strings.HasPrefix(s, "en"):
		return EN, true
	}
	return "", false
}

// Choose picks the language: an explicit flag first, then the event file,
// then the environment (LC_ALL, LANG), then the default.
func Choose(flag, eventFile string) Lang { return ChooseWith(flag, eventFile, os.Getenv) }

// ChooseWith is Choose with the environment read by getenv (a command a
// desk runs for another process uses that process's).
func ChooseWith(flag, eventFile string, getenv func(string) string) Lang {
	for _, s := range []string{flag, eventFile, getenv("LC_ALL"), getenv("LANG")} {
		if l, ok := ParseLang(s); ok {
			return l
		}
	}
	return Default
}

// T renders key in lang with fmt-style args. A key missing from lang falls
// back to English, then to the key itself, so a gap never hides a message.
func T(lang Lang, key Key, args ...any) string {
	format, ok := catalog[lang][key]
	if !ok {
		format, ok = catalog[EN][key]
	}
	if !ok {
		format = string(key)
	}
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// Has reports whether lang has its own text for key.
func Has(lang Lang, key Key) bool {
	_, ok := catalog[lang][key]
	return ok
}

// Keys lists every key of the catalog (the union over all languages).
func Keys() []Key {
	seen := map[Key]bool{}
	var keys []Key
	for _, m := range catalog {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// Localized is an error that can render itself in a language.
type Localized interface {
	error
	Localize(Lang) string
}

// Error renders err in lang when it (or an error it wraps) is Localized.
func Error(lang Lang, err error) string {
	if err == nil {
		return ""
	}
	if l, ok := err.(Localized); ok {
		return l.Localize(lang)
	}
	type unwrapper interface{ Unwrap() error }
	if u, ok := err.(unwrapper); ok {
		if inner := u.Unwrap(); inner != nil {
			if l, ok := findLocalized(inner); ok {
				// Keep the context every wrapping added; localize the
				// core, which comes last in the message.
				s, core := err.Error(), l.Error()
				if i := strings.LastIndex(s, core); i >= 0 {
					return s[:i] + l.Localize(lang) + s[i+len(core):]
				}
				return s
			}
		}
	}
	return err.Error()
}

func findLocalized(err error) (Localized, bool) {
	for err != nil {
		if l, ok := err.(Localized); ok {
			return l, true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return nil, false
		}
		err = u.Unwrap()
	}
	return nil, false
}

// add puts texts into the catalog from another file's init (catalog_*.go:
// the texts of one screen kept together). A key given twice is a mistake
// found at start, not a text silently replaced.
func add(lang Lang, texts map[Key]string) {
	for k, v := range texts {
		if _, dup := catalog[lang][k]; dup {
			panic("msg: " + string(k) + " has two " + string(lang) + " texts")
		}
		catalog[lang][k] = v
	}
}
