package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/racedesk/racedesk/model/msg"
)

// BirthDate is a full date of birth, or only the year when that is all a
// source has (Month and Day are 0 then). The year alone decides the age
// class; the full date is kept for identity.
type BirthDate struct {
	Year  int `json:"y"`
	Month int `json:"m,omitempty"`
	Day   int `json:"d,omitempty"`
}

// IsZero reports an unknown birth date.
func (b BirthDate) IsZero() bool { return b.Year == 0 }

// YearOnly reports a birth date known only by its year.
func (b BirthDate) YearOnly() bool { return b.Year != 0 && b.Month == 0 }

// String is the stored form: 1985-03-12, or 1985 for a year alone.
func (b BirthDate) String() string {
	switch {
	case b.Year == 0:
		return ""
	case b.Month == 0:
		return fmt.Sprintf("%04d", b.Year)
	}
	return fmt.Sprintf("%04d-%02d-%02d", b.Year, b.Month, b.Day)
}

// Display is the German desk form: 12.03.1985, or 1985.
func (b BirthDate) Display() string {
	switch {
	case b.Year == 0:
		return ""
	case b.Month == 0:
		return fmt.Sprintf("%04d", b.Year)
	}
	return fmt.Sprintf("%02d.%02d.%04d", b.Day, b.Month, b.Year)
}

// ParseISOBirthDate reads the stored form (String's output): YYYY-MM-DD
// for a day of the calendar, or YYYY.
func ParseISOBirthDate(s string) (BirthDate, error) {
	bad := fmt.Errorf("stored birth date %q is not YYYY-MM-DD or YYYY", s)
	// Only the two stored shapes: parseParts alone would also take
	// compact desk input (12031985) as a date.
	if !(len(s) == 4 && isDigits(s)) && !strings.Contains(s, "-") {
		return BirthDate{}, bad
	}
	b, err := parseParts(s, YMD)
	if err != nil || b.Year < 1000 || (b.Month != 0 && !validDay(b)) {
		return BirthDate{}, bad
	}
	return b, nil
}

// DateOrder is the order of day, month and year in a date with
// separators: German desks type DMY, US exports write MDY.
type DateOrder string

const (
	DMY DateOrder = "dmy"
	MDY DateOrder = "mdy"
	YMD DateOrder = "ymd"
)

// ParseBirthDate reads a birth date the way people type it at a German
// desk: 12.03.1985, 12.3.85, 1985-03-12, 12031985, 1985 or 85. Two-digit
// years go to the latest century that does not put the birth in the future
// (seen from today). The result's Display says what was understood.
func ParseBirthDate(input string, today time.Time) (BirthDate, error) {
	return ParseBirthDateOrder(input, DMY, today)
}

// ParseBirthDateOrder is ParseBirthDate for dates whose parts come in the
// given order when separated by '.' or '/'. ISO dates (four-digit year
// first, '-') are always read as year-month-day.
func ParseBirthDateOrder(input string, order DateOrder, today time.Time) (BirthDate, error) {
	s := strings.TrimSpace(input)
	if s == "" {
		return BirthDate{}, &FieldError{Field: FBorn, Key: msg.ErrBornMissing}
	}
	b, err := parseParts(s, order)
	if err != nil {
		return BirthDate{}, &FieldError{Field: FBorn, Input: input, Key: err.(keyError).key}
	}
	if b.Year < 100 {
		b.Year = resolveCentury(b, today)
	}
	if b.Month != 0 && !validDay(b) {
		return BirthDate{}, &FieldError{Field: FBorn, Input: input, Key: msg.ErrBornNoSuchDay}
	}
	if after(b, today) {
		return BirthDate{}, &FieldError{Field: FBorn, Input: input, Key: msg.ErrBornFuture}
	}
	if today.Year()-b.Year > MaxAge {
		return BirthDate{}, &FieldError{Field: FBorn, Input: input, Key: msg.ErrBornTooOld, Args: []any{MaxAge}}
	}
	return b, nil
}

// MaxAge is the oldest age racedesk believes.
const MaxAge = 110

type keyError struct{ key msg.Key }

func (e keyError) Error() string { return string(e.key) }

var errNotDate = keyError{msg.ErrBornNotDate}

// parseParts splits s into year, month and day without range checks
// beyond what tells the parts apart.
func parseParts(s string, order DateOrder) (BirthDate, error) {
	s = strings.TrimSuffix(s, ".")
	if isDigits(s) {
		return parseCompact(s)
	}
	sep := "."
	switch {
	case strings.Contains(s, "-"):
		// 1985-03-12 is ISO; 12-03-1985 is a German date typed with dashes.
		sep = "-"
		if i := strings.Index(s, "-"); i == 4 {
			order = YMD
		}
	case strings.Contains(s, "/"):
		sep = "/"
	}
	parts := strings.Split(s, sep)
	if len(parts) != 3 {
		return BirthDate{}, errNotDate
	}
	nums := make([]int, 3)
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" || len(p) > 4 || !isDigits(p) {
			return BirthDate{}, errNotDate
		}
		nums[i], _ = strconv.Atoi(p)
		parts[i] = p
	}
	var y, m, d int
	var ys string
	switch order {
	case MDY:
		m, d, y, ys = nums[0], nums[1], nums[2], parts[2]
	case YMD:
		y, m, d, ys = nums[0], nums[1], nums[2], parts[0]
	default:
		d, m, y, ys = nums[0], nums[1], nums[2], parts[2]
	}
	if len(ys) != 2 && len(ys) != 4 {
		return BirthDate{}, errNotDate
	}
	if m < 1 || m > 12 {
		return BirthDate{}, keyError{msg.ErrBornNoSuchMonth}
	}
	if d < 1 || d > 31 {
		return BirthDate{}, keyError{msg.ErrBornNoSuchDay}
	}
	if len(ys) == 4 && y < 1000 {
		return BirthDate{}, errNotDate
	}
	return BirthDate{Year: y, Month: m, Day: d}, nil
}

// parseCompact reads digits only: YYYY or YY (a year), DDMMYY, DDMMYYYY.
func parseCompact(s string) (BirthDate, error) {
	n := func(a, b int) int { v, _ := strconv.Atoi(s[a:b]); return v }
	switch len(s) {
	case 2:
		return BirthDate{Year: n(0, 2)}, nil
	case 4:
		if n(0, 4) < 1000 {
			return BirthDate{}, errNotDate
		}
		return BirthDate{Year: n(0, 4)}, nil
	case 6, 8:
		b := BirthDate{Day: n(0, 2), Month: n(2, 4), Year: n(4, len(s))}
		if b.Month < 1 || b.Month > 12 {
			return BirthDate{}, keyError{msg.ErrBornNoSuchMonth}
		}
		if b.Day < 1 || b.Day > 31 {
			return BirthDate{}, keyError{msg.ErrBornNoSuchDay}
		}
		if len(s) == 8 && b.Year < 1000 {
			return BirthDate{}, errNotDate
		}
		return b, nil
	}
	return BirthDate{}, errNotDate
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// resolveCentury puts a two-digit year in the latest century in which the
// birth date is not after today.
func resolveCentury(b BirthDate, today time.Time) int {
	century := today.Year() / 100 * 100
	c := b
	c.Year = century + b.Year
	if after(c, today) {
		return century - 100 + b.Year
	}
	return c.Year
}

func validDay(b BirthDate) bool {
	t := time.Date(b.Year, time.Month(b.Month), b.Day, 0, 0, 0, 0, time.UTC)
	return t.Day() == b.Day && int(t.Month()) == b.Month
}

// after reports whether b lies after today (a year alone: after this year).
func after(b BirthDate, today time.Time) bool {
	if b.Year != today.Year() || b.Month == 0 {
		return b.Year > today.Year()
	}
	if b.Month != int(today.Month()) {
		return b.Month > int(today.Month())
	}
	return b.Day > today.Day()
}
