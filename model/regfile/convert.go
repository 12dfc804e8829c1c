package regfile

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// Options steer how rows become registrations.
type Options struct {
	// Race is the race of rows that name none (and of every row of a
	// file without a race column): ID, name or alias.
	Race string
	// DateOrder reads dates like 03/04/1985 when the file's own dates do
	// not prove an order ("" rejects them).
	DateOrder model.DateOrder
	// Today is the date at the desk (birth dates in the future are
	// refused; two-digit years are placed before it).
	Today time.Time
}

// Result is a file turned into registrations: every record is a Row, a
// Rejection or blank.
type Result struct {
	Columns []Column `json:"columns"`
	// Unknown lists headers no field takes: their data is not imported.
	Unknown []string     `json:"unknown,omitempty"`
	Dates   DateDecision `json:"dates"`
	// Rows are the records to validate and import.
	Rows []Row `json:"-"`
	// Rejected are records that could not even be read as a
	// registration (a broken quote, the wrong number of fields).
	Rejected []Rejection `json:"-"`
	// Blank counts records with nothing in them (;;;;).
	Blank int `json:"blank"`
}

// Row is one record as a registration.
type Row struct {
	Line   int
	Fields []string
	Input  model.ParticipantInput
	// Errs are fields the file gives but that could not be read (a date
	// like 03/04/1985 in a file that does not say its order). The store
	// reports them together with validation's errors; the field itself
	// is left empty in Input.
	Errs []*model.FieldError
}

// Rejection is a record that is not imported, and why.
type Rejection struct {
	Line   int
	Fields []string
	Err    error
}

// Required targets: what validation needs in every row.
var required = []string{model.FLast, model.FFirst, model.FBorn, model.FGender, model.FRace}

// Convert maps the columns and turns every record into a Row (to be
// validated and imported by the store), a Rejection or a blank line. It
// holds the whole file; `racedesk import` uses a Converter, which holds
// one record at a time.
func Convert(f *File, ev *model.Event, m *Mapping, opts Options) (*Result, error) {
	c, err := NewConverter(f.Header, ev, m, opts)
	if err != nil {
		return nil, err
	}
	for _, r := range f.Records {
		c.Survey(r)
	}
	res := c.Decide()
	for _, r := range f.Records {
		row, rej := c.Convert(r)
		switch {
		case rej != nil:
			res.Rejected = append(res.Rejected, *rej)
		case row != nil:
			res.Rows = append(res.Rows, *row)
		}
	}
	res.Blank, res.Dates = c.Blank, c.Dates()
	return res, nil
}

// Converter turns records into rows one at a time. Two things need the
// whole file — which columns are empty, and the order of day and month in
// dates like 03/04/1985 — so every record is first shown to Survey, then
// Decide settles them, then Convert takes the records again, in order.
// It keeps counts and a flag per column, never the records.
type Converter struct {
	header []string
	cols   []Column
	width  int
	c      converter
	born   int // the birth-date column, or -1
	dates  dateSurvey
	filled []bool // a column holds something in some record
	res    Result
	// Blank counts the blank records Convert saw.
	Blank int
}

// NewConverter maps the columns of a file's header; it refuses a header
// that lacks a required column or names one twice.
func NewConverter(header []string, ev *model.Event, m *Mapping, opts Options) (*Converter, error) {
	cols, err := MapColumns(header, ev, m)
	if err != nil {
		return nil, err
	}
	if opts.Race != "" {
		if _, err := ev.RaceFor(opts.Race); err != nil {
			return nil, err
		}
	}
	if opts.DateOrder == "" && m != nil {
		opts.DateOrder = m.DateOrder
	}
	if opts.Today.IsZero() {
		opts.Today = time.Now()
	}
	at := map[string]int{}
	for _, c := range cols {
		if c.Target != "" && c.Target != TIgnore {
			at[c.Target] = c.Index
		}
	}
	var missing []string
	for _, t := range required {
		_, ok := at[t]
		switch t {
		case model.FBorn:
			_, year := at[TBirthYear]
			ok = ok || year
		case model.FRace:
			ok = ok || opts.Race != ""
		}
		if !ok {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		return nil, &MissingColumnsError{Targets: missing, Header: header}
	}
	cv := &Converter{header: header, cols: cols, width: len(header), born: -1, filled: make([]bool, len(header)),
		c: converter{ev: ev, m: m, at: at, opts: opts}}
	if i, ok := at[model.FBorn]; ok {
		cv.born = i
	}
	return cv, nil
}

// Survey looks at one record before the conversion.
func (cv *Converter) Survey(r Record) {
	for i, f := range r.Fields {
		if i < len(cv.filled) && !cv.filled[i] && strings.TrimSpace(f) != "" {
			cv.filled[i] = true
		}
	}
	if i := cv.born; i >= 0 && r.Err == nil && i < len(r.Fields) {
		cv.dates.add(DateSample{Line: r.Line, Value: cv.c.m.value(model.FBorn, strings.TrimSpace(r.Fields[i]))})
	}
}

// Decide settles what the survey saw: the columns nobody takes and how
// dates are read. The result has no rows; Convert gives them.
func (cv *Converter) Decide() *Result {
	res := &cv.res
	res.Columns = cv.cols
	res.Unknown = nil
	for _, c := range cv.cols {
		if c.Target != "" {
			continue
		}
		name := c.Header
		if strings.TrimSpace(name) == "" {
			if c.Index >= len(cv.filled) || !cv.filled[c.Index] {
				continue // a spreadsheet's stray empty column
			}
			name = fmt.Sprintf("#%d", c.Index+1)
		}
		res.Unknown = append(res.Unknown, name)
	}
	res.Dates = cv.dates.decide(cv.c.opts.DateOrder)
	cv.c.dates = &res.Dates
	return &Result{Columns: res.Columns, Unknown: res.Unknown, Dates: res.Dates}
}

// Dates is how the file's dates are read, as far as Convert has read
// them (the example is of the first date converted).
func (cv *Converter) Dates() DateDecision { return cv.res.Dates }

// Convert turns one record into a row to import or a rejection; both
// are nil for a blank record (counted in Blank).
func (cv *Converter) Convert(r Record) (*Row, *Rejection) {
	switch {
	case r.Err != nil:
		return nil, &Rejection{Line: r.Line, Fields: r.Fields, Err: r.Err}
	case blank(r.Fields):
		cv.Blank++
		return nil, nil
	case len(r.Fields) < cv.width || !blank(r.Fields[min(cv.width, len(r.Fields)):]):
		return nil, &Rejection{Line: r.Line, Fields: r.Fields,
			Err: model.NewProblem(msg.ImpFieldCount, usedWidth(r.Fields), cv.width)}
	}
	row := cv.c.row(r)
	return &row, nil
}

func blank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// usedWidth is the number of fields up to the last non-empty one.
func usedWidth(fields []string) int { return len(trimTrailingEmpty(fields)) }

type converter struct {
	ev    *model.Event
	m     *Mapping
	at    map[string]int
	opts  Options
	dates *DateDecision
}

// cell is the trimmed value of target's column, translated by the
// mapping file.
func (c *converter) cell(r Record, target string) (string, bool) {
	i, ok := c.at[target]
	if !ok || i >= len(r.Fields) {
		return "", false
	}
	return c.m.value(target, strings.TrimSpace(r.Fields[i])), true
}

func (c *converter) row(r Record) Row {
	row := Row{Line: r.Line, Fields: r.Fields}
	in := &row.Input
	get := func(t string) string { v, _ := c.cell(r, t); return v }
	in.Source = model.SourceImport
	in.Last, in.First = get(model.FLast), get(model.FFirst)
	in.Gender = genderValue(get(model.FGender))
	in.Club, in.Email, in.Phone = get(model.FClub), get(model.FEmail), get(model.FPhone)
	in.ExternalID = get(model.FExternalID)
	in.Race = get(model.FRace)
	if in.Race == "" {
		in.Race = c.opts.Race
	}
	in.Bib = get(model.FBib)
	if in.Bib == "0" || strings.EqualFold(in.Bib, "auto") {
		in.Bib = "" // imports never hand out bibs; the desk does at check-in
	}
	for t, i := range c.at {
		if k, ok := strings.CutPrefix(t, model.ExtraPrefix); ok && i < len(r.Fields) {
			if v := c.m.value(t, strings.TrimSpace(r.Fields[i])); v != "" {
				if in.Extra == nil {
					in.Extra = map[string]string{}
				}
				in.Extra[k] = v
			}
		}
	}
	born, year := get(model.FBorn), get(TBirthYear)
	if born != "" {
		bd, err := c.dates.readDate(born, r.Line, c.opts.Today)
		switch {
		case err != nil:
			row.Errs = append(row.Errs, asFieldError(err, born))
		case year != "" && !sameYear(bd, year, c.opts.Today):
			row.Errs = append(row.Errs, &model.FieldError{Field: model.FBorn, Input: born, Key: msg.ImpYearMismatch, Args: []any{year}})
		default:
			in.Born = bd.String()
		}
	} else {
		in.Born = year
	}
	in.Paid, in.Amount = payment(c, r)
	return row
}

func asFieldError(err error, input string) *model.FieldError {
	if fe, ok := err.(*model.FieldError); ok {
		return fe
	}
	return &model.FieldError{Field: model.FBorn, Input: input, Key: msg.ErrInvalid, Args: []any{err.Error()}}
}

func sameYear(bd model.BirthDate, year string, today time.Time) bool {
	y, err := model.ParseBirthDate(year, today)
	return err != nil || y.Year == bd.Year // a broken year column is not this check's business
}

// Gender words platforms use beyond what validation knows.
var genderWords = map[string]string{
	"mr": "M", "mr.": "M", "männl.": "M", "maennl.": "M", "männl": "M", "masculin": "M", "boy": "M", "junge": "M",
	"mrs": "W", "mrs.": "W", "ms": "W", "ms.": "W", "miss": "W", "weibl.": "W", "weibl": "W", "girl": "W", "mädchen": "W",
}

func genderValue(v string) string {
	if g, ok := genderWords[strings.ToLower(v)]; ok {
		return g
	}
	return v
}

// Words in a "paid" column.
var (
	paidYes = map[string]bool{"ja": true, "j": true, "yes": true, "y": true, "x": true, "1": true, "true": true,
		"wahr": true, "bezahlt": true, "paid": true, "ok": true, "✓": true, "✔": true, "online": true}
	paidNo = map[string]bool{"": true, "nein": true, "n": true, "no": true, "0": true, "false": true, "falsch": true,
		"offen": true, "unpaid": true, "open": true, "unbezahlt": true, "ausstehend": true, "-": true}
	// Ways platforms take money: all of them are "online" to the desk.
	onlineMethods = map[string]bool{"paypal": true, "uberweisung": true, "lastschrift": true, "sepa": true,
		"sepa lastschrift": true, "kreditkarte": true, "credit card": true, "creditcard": true, "sofort": true,
		"klarna": true, "stripe": true, "giropay": true, "bank transfer": true, "transfer": true, "vorkasse": true,
		"apple pay": true, "google pay": true, "visa": true, "mastercard": true, "online": true}
)

// payment reads the paid, amount and payment-method columns into the
// input's Paid ("" when the file says nothing, "no" for unpaid) and
// Amount.
func payment(c *converter, r Record) (paid, amount string) {
	p, _ := c.cell(r, TPaid)
	amount, _ = c.cell(r, TAmount)
	method, _ := c.cell(r, TPayMethod)
	if method != "" {
		method = methodValue(method)
	}
	state := "" // "", "yes", "no", or a value validation should see
	lp := strings.ToLower(p)
	switch {
	case p == "":
	case paidNo[lp]:
		state = "no"
	case paidYes[lp]:
		state = "yes"
	default:
		if cents, err := model.ParseEuros(p); err == nil {
			if amount == "" {
				amount = p
			}
			state = "no"
			if cents > 0 {
				state = "yes"
			}
		} else if m := methodValue(p); m != p || isMethod(p) {
			state, method = "yes", m
		} else {
			state = p // validation says what it expects
		}
	}
	if state == "" && amount != "" {
		if cents, err := model.ParseEuros(amount); err == nil {
			state = "no"
			if cents > 0 {
				state = "yes"
			}
		}
	}
	if state == "" && method != "" {
		state = "yes"
	}
	switch state {
	case "":
		return "", amount
	case "yes":
		if method == "" {
			method = string(model.Online)
		}
		return method, amount
	case "no":
		if cents, err := model.ParseEuros(amount); err == nil && cents == 0 {
			amount = ""
		}
		return "no", amount
	}
	return state, amount
}

// methodValue turns a payment method as a platform writes it into one
// validation knows.
func methodValue(v string) string {
	if onlineMethods[model.Fold(v)] {
		return string(model.Online)
	}
	if m, err := model.ParsePayMethod(v); err == nil && m != model.Unpaid {
		return string(m)
	}
	return v
}

func isMethod(v string) bool {
	m, err := model.ParsePayMethod(v)
	return err == nil && m != model.Unpaid
}

// Total is the number of records read: rows, rejections and blanks.
func (r *Result) Total() int { return len(r.Rows) + len(r.Rejected) + r.Blank }

// Quote formats a header list for messages.
func Quote(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
