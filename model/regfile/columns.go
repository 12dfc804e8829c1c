package regfile

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// Targets a column can feed: the participant fields of model (FFirst,
// FLast, ...), extra fields as "x.<key>", and these, which the reader
// turns into participant fields itself.
const (
	TBirthYear = "birth_year" // Jahrgang: the birth year alone
	TPaid      = "paid"       // paid or not ("ja", "x", an amount)
	TAmount    = "amount"     // the amount paid
	TPayMethod = "pay_method" // how (PayPal, bar, ...)
	TIgnore    = "-"          // read, not imported, not reported as unknown
)

// Column is what one column of the file feeds.
type Column struct {
	Index  int    `json:"index"`
	Header string `json:"header"`
	// Target is a participant field, an extra field "x.<key>", one of the
	// T constants, or "" for a column nobody recognized.
	Target string `json:"target,omitempty"`
	// ByMapping is set when the mapping file named the column.
	ByMapping bool `json:"by_mapping,omitempty"`
}

// headerNames maps folded header names (see HeaderKey) to targets: what
// German and English registration platforms call their columns.
var headerNames = map[string]string{}

func init() {
	for target, names := range map[string][]string{
		model.FLast:       {"Nachname", "Name", "Last Name", "Lastname", "Surname", "Family Name", "Familienname", "last"},
		model.FFirst:      {"Vorname", "First Name", "Firstname", "Given Name", "Rufname", "first"},
		model.FBorn:       {"Geburtsdatum", "Geburtstag", "Geb.-Datum", "Geb. Datum", "Geboren", "DOB", "Date of Birth", "Birth Date", "Birthdate", "Birthday", "born"},
		TBirthYear:        {"Jahrgang", "Jg.", "Jg", "YOB", "Year of Birth", "Birth Year", "Geburtsjahr"},
		model.FGender:     {"Geschlecht", "m/w", "m/w/d", "Sex", "Gender"},
		model.FClub:       {"Verein", "Team", "Club", "Verein/Team", "Team/Verein", "Club/Team", "Verein / Team"},
		model.FRace:       {"Strecke", "Lauf", "Wettbewerb", "Wettkampf", "Disziplin", "Distanz", "Event", "Distance", "Race", "Competition"},
		model.FBib:        {"Startnummer", "Startnr.", "StNr", "St.-Nr.", "Bib", "Bib Number", "Bib No"},
		model.FEmail:      {"E-Mail", "Email", "Mail", "E-Mail-Adresse", "Email Address"},
		model.FPhone:      {"Telefon", "Telefonnummer", "Tel.", "Handy", "Mobil", "Mobilnummer", "Phone", "Phone Number", "Mobile"},
		TPaid:             {"Bezahlt", "Paid", "Zahlungsstatus", "Payment Status", "Bezahlstatus"},
		TAmount:           {"Amount Paid", "Betrag", "Bezahlter Betrag", "Amount", "Gezahlt"},
		TPayMethod:        {"Zahlungsart", "Zahlweise", "Payment Method", "Payment Type"},
		model.FExternalID: {"Anmelde-ID", "Anmeldungs-ID", "Anmeldenummer", "Anmelde-Nr.", "Registration ID", "Registration Number", "Reg-ID", "external_id"},
		TIgnore:           {RejectedLineColumn, RejectedReasonColumn},
	} {
		for _, n := range names {
			headerNames[HeaderKey(n)] = target
		}
	}
}

// Columns racedesk adds to a rejected-rows file; a re-import of that file
// skips them.
const (
	RejectedLineColumn   = "rejected_line"
	RejectedReasonColumn = "rejected_reason"
)

// HeaderKey folds a column name for matching: case, accents, spaces and
// punctuation do not count ("E-Mail", "e-mail" and "Email" are one name).
func HeaderKey(s string) string { return strings.ReplaceAll(model.Fold(s), " ", "") }

// valueKey folds a cell for value mappings.
func valueKey(s string) string { return model.Fold(s) }

// Mapping is a mapping file: columns the built-in names do not know, and
// values to translate before validation.
//
//	date_order = "dmy"             # optional, like --date-order
//	encoding   = "windows-1252"    # optional, like --encoding
//	delimiter  = ";"               # optional
//
//	[columns]
//	"Familienname" = "last"
//	"Distanz"      = "race"
//	"Shirt"        = "tshirt"      # an extra field of the event
//	"Interne Nr."  = "-"           # read, but do not import
//
//	[values.gender]
//	"Herr" = "M"
//
//	[values.race]
//	"HM" = "10k"
type Mapping struct {
	DateOrder model.DateOrder
	Encoding  string
	Delimiter rune
	columns   map[string]string            // header key → target
	values    map[string]map[string]string // target → value key → value
}

// Targets a mapping file may name (besides extra fields).
var mappingTargets = []string{
	model.FLast, model.FFirst, model.FBorn, TBirthYear, model.FGender, model.FClub, model.FRace,
	model.FBib, model.FEmail, model.FPhone, TPaid, TAmount, TPayMethod, model.FExternalID, TIgnore,
}

type mappingFile struct {
	DateOrder string                       `toml:"date_order"`
	Encoding  string                       `toml:"encoding"`
	Delimiter string                       `toml:"delimiter"`
	Columns   map[string]string            `toml:"columns"`
	Values    map[string]map[string]string `toml:"values"`
}

// ParseMapping reads a mapping file (TOML). Targets are checked against
// the event's extra fields when the columns are mapped.
func ParseMapping(r io.Reader) (*Mapping, error) {
	var mf mappingFile
	md, err := toml.NewDecoder(r).Decode(&mf)
	if err != nil {
		return nil, fmt.Errorf("mapping file: %w", err)
	}
	if undec := md.Undecoded(); len(undec) > 0 {
		keys := make([]string, len(undec))
		for i, k := range undec {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("mapping file: unknown keys: %s (expected date_order, encoding, delimiter, [columns], [values.<field>])", strings.Join(keys, ", "))
	}
	m := &Mapping{columns: map[string]string{}, values: map[string]map[string]string{}}
	if mf.DateOrder != "" {
		if m.DateOrder, err = ParseDateOrder(mf.DateOrder); err != nil {
			return nil, fmt.Errorf("mapping file: date_order %q: expected dmy, mdy or ymd", mf.DateOrder)
		}
	}
	if m.Encoding, err = normalizeEncoding(mf.Encoding); err != nil {
		return nil, fmt.Errorf("mapping file: encoding %q: expected utf-8 or windows-1252", mf.Encoding)
	}
	if m.Delimiter, err = ParseDelimiter(mf.Delimiter); err != nil {
		return nil, fmt.Errorf("mapping file: delimiter %q: expected \";\", \",\" or \"tab\"", mf.Delimiter)
	}
	for header, target := range mf.Columns {
		t, err := mappingTarget(target)
		if err != nil {
			return nil, fmt.Errorf("mapping file: column %q: %w", header, err)
		}
		m.columns[HeaderKey(header)] = t
	}
	for field, vals := range mf.Values {
		t, err := mappingTarget(field)
		if err != nil || t == TIgnore {
			return nil, fmt.Errorf("mapping file: [values.%s]: %s is not a field", field, field)
		}
		vm := map[string]string{}
		for from, to := range vals {
			vm[valueKey(from)] = to
		}
		m.values[t] = vm
	}
	return m, nil
}

// mappingTarget reads a target name: a field, "x.<key>" or an extra
// field's bare key (checked later), "" or "-" to ignore.
func mappingTarget(s string) (string, error) {
	t := strings.TrimSpace(s)
	switch {
	case t == "" || t == TIgnore:
		return TIgnore, nil
	case slices.Contains(mappingTargets, t):
		return t, nil
	case t == "year":
		return TBirthYear, nil
	case t == "registration_id":
		return model.FExternalID, nil
	case strings.HasPrefix(t, model.ExtraPrefix):
		return t, nil
	case !strings.ContainsAny(t, " .=\t"):
		return model.ExtraPrefix + t, nil // an extra field's key
	}
	return "", fmt.Errorf("unknown field %q (one of %s, or an extra field's key)", s, strings.Join(mappingTargets[:len(mappingTargets)-1], ", "))
}

// value applies the mapping's value translation for target.
func (m *Mapping) value(target, v string) string {
	if m == nil {
		return v
	}
	if vm, ok := m.values[target]; ok {
		if to, ok := vm[valueKey(v)]; ok {
			return to
		}
	}
	return v
}

// MapColumns decides what each column feeds: the mapping file first, then
// the built-in German and English names, then the event's extra fields
// (by key or label). Two columns feeding one field is an error: which one
// is meant is for a person to say in the mapping file.
func MapColumns(header []string, ev *model.Event, m *Mapping) ([]Column, error) {
	extras := map[string]string{}
	for _, f := range ev.ExtraFields {
		for _, n := range []string{f.Key, f.Label, f.LabelEN, model.ExtraPrefix + f.Key} {
			if n != "" {
				extras[HeaderKey(n)] = model.ExtraPrefix + f.Key
			}
		}
	}
	if m != nil {
		for _, t := range slices.Sorted(maps.Keys(m.values)) {
			if k, ok := strings.CutPrefix(t, model.ExtraPrefix); ok {
				if _, ok := ev.Extra(k); !ok {
					return nil, model.NewProblem(msg.ImpMappingNoExtra, "[values."+k+"]", k, strings.Join(extraKeys(ev), ", "))
				}
			}
		}
	}
	cols := make([]Column, len(header))
	byTarget := map[string][]int{}
	for i, h := range header {
		c := Column{Index: i, Header: h}
		key := HeaderKey(h)
		if t, ok := m.column(key); ok {
			c.Target, c.ByMapping = t, true
		} else if t, ok := extras[key]; ok {
			c.Target = t
		} else if t, ok := headerNames[key]; ok {
			c.Target = t
		}
		if k, ok := strings.CutPrefix(c.Target, model.ExtraPrefix); ok {
			if _, ok := ev.Extra(k); !ok {
				return nil, model.NewProblem(msg.ImpMappingNoExtra, h, k, strings.Join(extraKeys(ev), ", "))
			}
		}
		cols[i] = c
		if c.Target != "" && c.Target != TIgnore {
			byTarget[c.Target] = append(byTarget[c.Target], i)
		}
	}
	targets := make([]string, 0, len(byTarget))
	for t := range byTarget {
		targets = append(targets, t)
	}
	sort.Strings(targets)
	for _, t := range targets {
		if idx := byTarget[t]; len(idx) > 1 {
			names := make([]string, len(idx))
			for j, i := range idx {
				names[j] = fmt.Sprintf("%q", header[i])
			}
			return nil, &ColumnError{Target: t, Headers: names, ev: ev}
		}
	}
	return cols, nil
}

func (m *Mapping) column(key string) (string, bool) {
	if m == nil {
		return "", false
	}
	t, ok := m.columns[key]
	return t, ok
}

func extraKeys(ev *model.Event) []string {
	keys := make([]string, len(ev.ExtraFields))
	for i, f := range ev.ExtraFields {
		keys[i] = f.Key
	}
	return keys
}

// TargetLabel names a target as a person reads it.
func TargetLabel(lang msg.Lang, ev *model.Event, target string) string {
	switch target {
	case TBirthYear:
		return msg.T(lang, msg.ImpTargetYear)
	case TPaid:
		return msg.T(lang, msg.ImpTargetPaid)
	case TAmount:
		return model.FieldLabel(lang, model.FPaidCents, nil)
	case TPayMethod:
		return model.FieldLabel(lang, model.FPayMethod, nil)
	case TIgnore:
		return msg.T(lang, msg.ImpTargetIgnored)
	}
	if k, ok := strings.CutPrefix(target, model.ExtraPrefix); ok {
		if f, ok := ev.Extra(k); ok {
			return model.FieldLabel(lang, target, map[msg.Lang]string{msg.DE: f.Label, msg.EN: f.LabelEN})
		}
	}
	return model.FieldLabel(lang, target, nil)
}

// ColumnError says that several columns look like the same field.
type ColumnError struct {
	Target  string
	Headers []string
	ev      *model.Event
}

func (e *ColumnError) Error() string { return e.Localize(msg.EN) }

// Localize renders the error in lang.
func (e *ColumnError) Localize(lang msg.Lang) string {
	ev := e.ev
	if ev == nil {
		ev = &model.Event{}
	}
	return msg.T(lang, msg.ImpDuplicateColumn, strings.Join(e.Headers, ", "), TargetLabel(lang, ev, e.Target))
}

// MissingColumnsError says which required fields no column feeds.
type MissingColumnsError struct {
	Targets []string
	Header  []string
}

func (e *MissingColumnsError) Error() string { return e.Localize(msg.EN) }

// Localize renders the error in lang.
func (e *MissingColumnsError) Localize(lang msg.Lang) string {
	names := make([]string, len(e.Targets))
	for i, t := range e.Targets {
		names[i] = model.FieldLabel(lang, t, nil)
	}
	quoted := make([]string, len(e.Header))
	for i, h := range e.Header {
		quoted[i] = fmt.Sprintf("%q", h)
	}
	return msg.T(lang, msg.ImpMissingColumns, strings.Join(names, ", "), strings.Join(quoted, ", "))
}
