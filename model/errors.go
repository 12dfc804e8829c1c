package model

import (
	"strings"

	"github.com/racedesk/racedesk/model/msg"
)

// FieldError says which field is wrong, what was typed and what is
// expected. It renders in the desk's language:
//
//	birth date "31.02.1985": no such day (use DD.MM.YYYY)
//	Geburtsdatum "31.02.1985": diesen Tag gibt es nicht (Format TT.MM.JJJJ)
type FieldError struct {
	Field string // participant field name (FBorn, "x.tshirt", ...)
	Input string // what was typed; "" when nothing was
	Key   msg.Key
	Args  []any
	// Label overrides the catalog's field label (extra fields carry their
	// own labels from the event file), per language.
	Label map[msg.Lang]string
}

func (e *FieldError) Error() string { return e.Localize(msg.EN) }

// Localize renders the error in lang.
func (e *FieldError) Localize(lang msg.Lang) string {
	var b strings.Builder
	b.WriteString(Printable(FieldLabel(lang, e.Field, e.Label)))
	if e.Input != "" {
		// What was typed may hold anything (that may be why it is
		// wrong): shown so that it cannot steer a terminal.
		b.WriteString(" \"" + Printable(e.Input) + "\"")
	}
	b.WriteString(": ")
	b.WriteString(msg.T(lang, e.Key, e.Args...))
	return b.String()
}

// FieldLabel is the name of a participant field as a person reads it.
func FieldLabel(lang msg.Lang, field string, override map[msg.Lang]string) string {
	if l := override[lang]; l != "" {
		return l
	}
	if l := override[msg.DE]; l != "" {
		return l
	}
	if key, ok := strings.CutPrefix(field, ExtraPrefix); ok {
		return key
	}
	return msg.T(lang, msg.Key("field."+field))
}

// ValidationError is every field error of one input.
type ValidationError []*FieldError

func (v ValidationError) Error() string { return v.Localize(msg.EN) }

// Localize renders all errors, one per line.
func (v ValidationError) Localize(lang msg.Lang) string {
	lines := make([]string, len(v))
	for i, e := range v {
		lines[i] = e.Localize(lang)
	}
	return strings.Join(lines, "\n")
}

// For returns the error of one field, if any.
func (v ValidationError) For(field string) *FieldError {
	for _, e := range v {
		if e.Field == field {
			return e
		}
	}
	return nil
}

// Problem is an error that is not about one field: a database in use, a
// participant not found. errors.Is matches Problems by key.
type Problem struct {
	Key  msg.Key
	Args []any
}

// NewProblem builds a Problem.
func NewProblem(key msg.Key, args ...any) *Problem { return &Problem{Key: key, Args: args} }

func (p *Problem) Error() string { return p.Localize(msg.EN) }

// Localize renders the problem in lang.
func (p *Problem) Localize(lang msg.Lang) string { return msg.T(lang, p.Key, p.Args...) }

// Is matches another Problem with the same key.
func (p *Problem) Is(target error) bool {
	t, ok := target.(*Problem)
	return ok && t.Key == p.Key
}
