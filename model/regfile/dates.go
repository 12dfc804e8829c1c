package regfile

import (
	"strconv"
	"strings"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// ParseDateOrder reads --date-order: dmy, mdy or ymd ("" for none).
func ParseDateOrder(s string) (model.DateOrder, error) {
	switch o := model.DateOrder(strings.ToLower(strings.TrimSpace(s))); o {
	case "", model.DMY, model.MDY, model.YMD:
		return o, nil
	}
	return "", model.NewProblem(msg.ImpBadDateOrder, s)
}

// DateReason says how the order of day and month was decided.
type DateReason string

const (
	// DateNotNeeded: no date of the file needs an order (dotted German
	// dates, ISO dates, years, or slash dates that read the same either
	// way or have a part above 12).
	DateNotNeeded DateReason = "not-needed"
	// DateProven: a value with a part above 12 proves the order.
	DateProven DateReason = "proven"
	// DateFlag: nothing proves an order; --date-order gave it.
	DateFlag DateReason = "flag"
	// DateConflict: some values prove day/month, others month/day.
	DateConflict DateReason = "conflict"
	// DateUnknown: dates like 03/04/1985 and nothing to decide them —
	// those rows are rejected.
	DateUnknown DateReason = "unknown"
)

// DateSample is one birth date of the file and where it is.
type DateSample struct {
	Line  int    `json:"line"`
	Value string `json:"value"`
	// Read is the date as understood (DD.MM.YYYY), when it was.
	Read string `json:"read,omitempty"`
}

// DateDecision is how the file's slash and dash dates are read.
type DateDecision struct {
	// Order is used for dates that read differently as day/month and
	// month/day; "" rejects them.
	Order  model.DateOrder `json:"order,omitempty"`
	Reason DateReason      `json:"reason"`
	// Proof is the first value proving Order (DateProven), or in a
	// conflict the first proving day/month; Other the first proving
	// month/day.
	Proof *DateSample `json:"proof,omitempty"`
	Other *DateSample `json:"other,omitempty"`
	// FlagIgnored is a --date-order the file's dates contradict.
	FlagIgnored model.DateOrder `json:"flag_ignored,omitempty"`
	// Slashed counts slash and dash dates with the year last; Ambiguous
	// those of them that needed Order.
	Slashed   int `json:"slashed"`
	Ambiguous int `json:"ambiguous"`
	// FirstAmbiguous is the first date that needed Order.
	FirstAmbiguous *DateSample `json:"first_ambiguous,omitempty"`
	// Example is a slash date and how it was read.
	Example *DateSample `json:"example,omitempty"`
}

type dateShape int

const (
	shapeOther dateShape = iota // dotted, compact, a year: the desk's rules
	shapeYMD                    // 1985-03-12, 1985/03/12
	shapeSlash                  // 12/03/1985, 03-12-85: order unknown
)

// dateParts strips a time ("1985-03-12 00:00:00", what spreadsheets add)
// and classifies the date. For shapeSlash a and b are the first two parts.
func dateParts(v string) (s string, shape dateShape, a, b int) {
	s = stripTime(strings.TrimSpace(v))
	for _, sep := range []string{"/", "-"} {
		parts := strings.Split(s, sep)
		if len(parts) != 3 || !allDigits(parts) {
			continue
		}
		if len(parts[0]) == 4 {
			return s, shapeYMD, 0, 0
		}
		if len(parts[0]) > 2 || len(parts[1]) > 2 || (len(parts[2]) != 2 && len(parts[2]) != 4) {
			return s, shapeOther, 0, 0
		}
		a, _ = strconv.Atoi(parts[0])
		b, _ = strconv.Atoi(parts[1])
		return s, shapeSlash, a, b
	}
	return s, shapeOther, 0, 0
}

func allDigits(parts []string) bool {
	for _, p := range parts {
		if p == "" {
			return false
		}
		for _, c := range p {
			if c < '0' || c > '9' {
				return false
			}
		}
	}
	return true
}

// stripTime drops a trailing time of day ("00:00", "00:00:00", "T00:00:00Z").
func stripTime(s string) string {
	i := strings.IndexAny(s, " T")
	if i <= 0 {
		return s
	}
	rest := strings.TrimSuffix(strings.TrimSpace(s[i+1:]), "Z")
	if rest == "" || !strings.Contains(rest, ":") {
		return s
	}
	for _, c := range rest {
		if (c < '0' || c > '9') && c != ':' && c != '.' {
			return s
		}
	}
	return s[:i]
}

// ownOrder is the order a slash date proves by itself: a part above 12
// can only be the day; equal parts read the same either way.
func ownOrder(a, b int) (model.DateOrder, bool) {
	switch {
	case a < 1 || b < 1 || (a > 12 && b > 12):
		return "", false // no date either way; parsing says why
	case a > 12:
		return model.DMY, true
	case b > 12:
		return model.MDY, true
	case a == b:
		return model.DMY, true
	}
	return "", false
}

// dateSurvey sees every birth date of the file, one at a time, and
// keeps what the decision needs: counts and the first proofs.
type dateSurvey struct{ d DateDecision }

func (s *dateSurvey) add(v DateSample) {
	d := &s.d
	_, shape, a, b := dateParts(v.Value)
	if shape != shapeSlash {
		return
	}
	d.Slashed++
	if a > 12 && b >= 1 && b <= 12 && d.Proof == nil {
		d.Proof = &v
	}
	if b > 12 && a >= 1 && a <= 12 && d.Other == nil {
		v := v
		d.Other = &v
	}
	if _, ok := ownOrder(a, b); !ok && a >= 1 && b >= 1 && a <= 12 && b <= 12 {
		d.Ambiguous++
		if d.FirstAmbiguous == nil {
			v := v
			d.FirstAmbiguous = &v
		}
	}
}

// decide: a first part above 12 proves day/month, a second part above 12
// month/day. Proof wins over the flag; without proof the flag decides;
// without either, ambiguous dates are rejected — never guessed.
func (s *dateSurvey) decide(flag model.DateOrder) DateDecision {
	d := s.d
	switch {
	case d.Proof != nil && d.Other != nil:
		d.Reason, d.Order = DateConflict, flag
	case d.Proof != nil || d.Other != nil:
		d.Reason, d.Order = DateProven, model.DMY
		if d.Proof == nil {
			d.Order, d.Proof, d.Other = model.MDY, d.Other, nil
		}
		if flag != "" && flag != d.Order {
			d.FlagIgnored = flag
		}
	case d.Ambiguous == 0:
		d.Reason, d.Order = DateNotNeeded, flag
	case flag != "":
		d.Reason, d.Order = DateFlag, flag
	default:
		d.Reason = DateUnknown
	}
	return d
}

// readDate reads one birth date of the file the way d decided. The
// result is in the stored form (YYYY-MM-DD or YYYY), which validation
// reads without any question of order.
func (d *DateDecision) readDate(v string, line int, today time.Time) (model.BirthDate, error) {
	s, shape, a, b := dateParts(v)
	order := model.DMY
	switch shape {
	case shapeYMD:
		order = model.YMD
		s = strings.ReplaceAll(s, "/", "-")
	case shapeSlash:
		if o, ok := ownOrder(a, b); ok {
			order = o
		} else if a >= 1 && b >= 1 && a <= 12 && b <= 12 {
			if d.Order == "" {
				if d.Reason == DateConflict {
					return model.BirthDate{}, &model.FieldError{Field: model.FBorn, Input: v, Key: msg.ImpDateConflict,
						Args: []any{d.Proof.Value, d.Proof.Line, d.Other.Value, d.Other.Line}}
				}
				return model.BirthDate{}, &model.FieldError{Field: model.FBorn, Input: v, Key: msg.ImpDateAmbiguous}
			}
			order = d.Order
		} else if d.Order != "" {
			order = d.Order
		}
	}
	bd, err := model.ParseBirthDateOrder(s, order, today)
	if fe, ok := err.(*model.FieldError); ok {
		fe.Input = v
		return bd, fe
	}
	if err == nil && shape == shapeSlash && d.Example == nil {
		d.Example = &DateSample{Line: line, Value: v, Read: bd.Display()}
	}
	return bd, err
}
