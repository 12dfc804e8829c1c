package msg_test

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model/msg"
)

var langs = []msg.Lang{msg.EN, msg.DE}

func TestEveryKeyHasATextInEveryLanguage(t *testing.T) {
	keys := msg.Keys()
	if len(keys) < 50 {
		t.Fatalf("Keys() lists only %d keys", len(keys))
	}
	for _, k := range keys {
		for _, lang := range langs {
			if !msg.Has(lang, k) {
				t.Errorf("key %s has no %s text", k, lang)
			}
		}
	}
}

func TestKeysListsEachKeyOnce(t *testing.T) {
	seen := map[msg.Key]bool{}
	for _, k := range msg.Keys() {
		if seen[k] {
			t.Errorf("Keys() lists %s twice", k)
		}
		seen[k] = true
	}
}

// TestDeclaredKeysAreInTheCatalog reads the Key constants from the source,
// so a key added without texts fails here, not on a volunteer's screen.
func TestDeclaredKeysAreInTheCatalog(t *testing.T) {
	files, err := filepath.Glob("catalog*.go")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, name := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		n += declaredKeys(t, f)
	}
	if n < 100 {
		t.Errorf("found only %d declared keys; is the parser reading catalog*.go?", n)
	}
}

// declaredKeys checks the Key constants of one file and counts them.
func declaredKeys(t *testing.T, f *ast.File) int {
	n := 0
	ast.Inspect(f, func(node ast.Node) bool {
		spec, ok := node.(*ast.ValueSpec)
		if !ok || spec.Type == nil || fmt.Sprint(spec.Type) != "Key" {
			return true
		}
		for _, v := range spec.Values {
			lit, ok := v.(*ast.BasicLit)
			if !ok {
				continue
			}
			k := msg.Key(strings.Trim(lit.Value, `"`))
			n++
			for _, lang := range langs {
				if !msg.Has(lang, k) {
					t.Errorf("declared key %s has no %s text", k, lang)
				}
			}
		}
		return true
	})
	return n
}

func TestFieldLabelsExistInEveryLanguage(t *testing.T) {
	fields := []string{
		"first", "last", "born", "gender", "club", "email", "phone", "race", "bib", "status",
		"paid_cents", "pay_method", "source", "external_id", "checked_in_at", "checked_in_desk", "?",
	}
	for _, f := range fields {
		for _, lang := range langs {
			k := msg.Key("field." + f)
			if !msg.Has(lang, k) {
				t.Errorf("label %s has no %s text", k, lang)
			}
		}
	}
}

func TestNoTextIsEmptyOrUntranslatedKey(t *testing.T) {
	for _, k := range msg.Keys() {
		for _, lang := range langs {
			if got := msg.T(lang, k); strings.TrimSpace(got) == "" || got == string(k) {
				t.Errorf("T(%s, %s) = %q", lang, k, got)
			}
		}
	}
}

// verbRE finds printf verbs; %% is a literal percent sign.
var verbRE = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)

func verbs(format string) []string {
	var out []string
	for _, v := range verbRE.FindAllString(format, -1) {
		if v != "%%" {
			out = append(out, v[len(v)-1:])
		}
	}
	return out
}

func TestPrintfVerbsMatchBetweenLanguages(t *testing.T) {
	// Both languages get the same arguments, so they need the same verbs
	// in the same order: a %d in one and a %s in the other renders
	// %!s(int=3) to a volunteer.
	for _, k := range msg.Keys() {
		en, de := msg.T(msg.EN, k), msg.T(msg.DE, k)
		ve, vd := verbs(en), verbs(de)
		if len(ve) != len(vd) {
			t.Errorf("%s: English has %d verbs %v, German %d %v\n  en: %s\n  de: %s", k, len(ve), ve, len(vd), vd, en, de)
			continue
		}
		if !reflect.DeepEqual(ve, vd) {
			t.Errorf("%s: verbs differ: English %v, German %v", k, ve, vd)
		}
	}
}

func TestTextsRenderWithTheirArguments(t *testing.T) {
	// Render every key with arguments fitting its verbs: nothing may come
	// out with a %! formatting complaint.
	for _, k := range msg.Keys() {
		for _, lang := range langs {
			var args []any
			for _, v := range verbs(msg.T(msg.EN, k)) {
				switch v {
				case "d":
					args = append(args, 7)
				default:
					args = append(args, "x")
				}
			}
			if got := msg.T(lang, k, args...); strings.Contains(got, "%!") {
				t.Errorf("T(%s, %s, %v) = %q", lang, k, args, got)
			}
		}
	}
}

func TestT(t *testing.T) {
	tests := []struct {
		name string
		lang msg.Lang
		key  msg.Key
		args []any
		want string
	}{
		{"a German text", msg.DE, msg.ErrRequired, nil, "fehlt"},
		{"an English text", msg.EN, msg.ErrRequired, nil, "required"},
		{"arguments are filled in", msg.EN, msg.ErrTooLong, []any{60}, "too long (at most 60 characters)"},
		{"German arguments are filled in", msg.DE, msg.ErrBornTooYoung, []any{"10 km", 16, 2026}, "zu jung für 10 km (mindestens 16 im Jahr 2026)"},
		{"an unknown language falls back to English", msg.Lang("fr"), msg.ErrRequired, nil, "required"},
		{"an unknown key renders as itself", msg.DE, msg.Key("err.nope"), nil, "err.nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := msg.T(tt.lang, tt.key, tt.args...); got != tt.want {
				t.Errorf("T(%s, %s) = %q, want %q", tt.lang, tt.key, got, tt.want)
			}
		})
	}
	if msg.Has(msg.Lang("fr"), msg.ErrRequired) {
		t.Error("Has(fr) reports a text for a language the catalog lacks")
	}
}

func TestParseLang(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		want   msg.Lang
		wantOK bool
	}{
		{"de is German", "de", msg.DE, true},
		{"en is English", "en", msg.EN, true},
		{"DE in capitals is German", "DE", msg.DE, true},
		{"a locale de_DE.UTF-8 is German", "de_DE.UTF-8", msg.DE, true},
		{"a locale de_AT is German", "de_AT", msg.DE, true},
		{"a tag en-GB is English", "en-GB", msg.EN, true},
		{"a locale en_US.UTF-8 is English", "en_US.UTF-8", msg.EN, true},
		{"spaces are ignored", "  en ", msg.EN, true},
		{"an empty string is no language", "", "", false},
		{"French is not in the catalog", "fr_FR.UTF-8", "", false},
		{"the C locale is no language", "C", "", false},
		{"the POSIX locale is no language", "POSIX", "", false},
		{"C.UTF-8 is no language", "C.UTF-8", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := msg.ParseLang(tt.input)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ParseLang(%q) = %q, %v; want %q, %v", tt.input, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestChoosePrecedence(t *testing.T) {
	tests := []struct {
		name        string
		flag, event string
		lcAll, lang string
		want        msg.Lang
	}{
		{"the flag wins over everything", "en", "de", "de_DE.UTF-8", "de_DE.UTF-8", msg.EN},
		{"the flag wins in German too", "de", "en", "en_US.UTF-8", "en_US.UTF-8", msg.DE},
		{"without a flag the event file wins", "", "en", "de_DE.UTF-8", "de_DE.UTF-8", msg.EN},
		{"an unreadable flag falls through to the event file", "fr", "en", "de_DE.UTF-8", "", msg.EN},
		{"without flag and event file LC_ALL wins over LANG", "", "", "en_US.UTF-8", "de_DE.UTF-8", msg.EN},
		{"LANG counts when LC_ALL is unset", "", "", "", "en_GB.UTF-8", msg.EN},
		{"LANG counts when LC_ALL is C", "", "", "C", "en_GB.UTF-8", msg.EN},
		{"with nothing set the default is German", "", "", "", "", msg.DE},
		{"an environment in another language gives the default", "", "", "fr_FR.UTF-8", "fr_FR.UTF-8", msg.DE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("LC_ALL", tt.lcAll)
			t.Setenv("LANG", tt.lang)
			if got := msg.Choose(tt.flag, tt.event); got != tt.want {
				t.Errorf("Choose(%q, %q) with LC_ALL=%q LANG=%q = %s, want %s", tt.flag, tt.event, tt.lcAll, tt.lang, got, tt.want)
			}
		})
	}
	if msg.Default != msg.DE {
		t.Errorf("Default = %s, want de", msg.Default)
	}
}

type localized struct{}

func (localized) Error() string { return "core" }
func (localized) Localize(l msg.Lang) string {
	if l == msg.DE {
		return "Kern"
	}
	return "core"
}

func TestError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"no error renders as nothing", nil, ""},
		{"a plain error renders as itself", errors.New("disk full"), "disk full"},
		{"a localized error renders in the language", localized{}, "Kern"},
		{"a wrapped localized error keeps the context", fmt.Errorf("import row 3: %w", localized{}), "import row 3: Kern"},
		{"a doubly wrapped localized error keeps all context", fmt.Errorf("import: %w", fmt.Errorf("row 3: %w", localized{})), "import: row 3: Kern"},
		{"a wrapped plain error renders as itself", fmt.Errorf("open: %w", errors.New("denied")), "open: denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := msg.Error(msg.DE, tt.err); got != tt.want {
				t.Errorf("Error(de, %v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}

func TestKeysListTheSameSetEachCall(t *testing.T) {
	// Keys() is a set: the same keys each call, whatever the map order.
	a, b := msg.Keys(), msg.Keys()
	sort.Slice(a, func(i, j int) bool { return a[i] < a[j] })
	sort.Slice(b, func(i, j int) bool { return b[i] < b[j] })
	if !reflect.DeepEqual(a, b) {
		t.Error("two calls of Keys() list different keys")
	}
}
