package model

import (
	"fmt"
	"maps"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/racedesk/racedesk/model/msg"
)

// ParticipantInput is a registration as typed or read from a file: every
// field as text, exactly what the person entered. Validate turns it into a
// Participant or says, field by field, what is wrong; the input itself is
// never changed, so a form can show it again.
type ParticipantInput struct {
	First, Last string
	Born        string
	Gender      string
	Club        string
	Email       string
	Phone       string
	Race        string
	// Bib is a number, or "" / "auto" for the desk's next free bib (the
	// store assigns it).
	Bib string
	// Paid is "", "no", "cash", "card" or "online"; Amount is in euros as
	// typed ("15", "15,00"); empty means the race's fee.
	Paid   string
	Amount string
	Status string
	Source Source
	// ExternalID is the registration platform's ID.
	ExternalID string
	Extra      map[string]string
}

// Limits on what a person can type into a field.
const (
	MaxNameLen  = 60
	MaxClubLen  = 80
	MaxOtherLen = 120
)

// Validation is the result of Validate: the participant (without ID and
// without an automatic bib) and whether the store is to assign a bib. The
// understood birth date is Participant.Born (its Display() is what the
// form shows).
type Validation struct {
	Participant Participant
	// AutoBib is set when the store is to assign the next bib of the
	// desk's pool.
	AutoBib bool
}

// Validate checks in against the event's rules. today is the date seen at
// the desk (for future birth dates); late says whether a desk registration
// pays the late fee. It returns every field error at once, so a form can
// mark them all.
func Validate(ev *Event, in ParticipantInput, today time.Time, late bool) (Validation, error) {
	var errs ValidationError
	add := func(err error) {
		if err == nil {
			return
		}
		if fe, ok := err.(*FieldError); ok {
			errs = append(errs, fe)
			return
		}
		errs = append(errs, &FieldError{Field: "?", Key: msg.ErrInvalid, Args: []any{err.Error()}})
	}
	var v Validation
	p := &v.Participant
	var err error
	p.First, err = ValidateName(FFirst, in.First)
	add(err)
	p.Last, err = ValidateName(FLast, in.Last)
	add(err)
	p.Gender, err = ParseGender(in.Gender)
	add(err)
	p.Club, err = optionalText(FClub, in.Club, MaxClubLen)
	add(err)
	p.Email, err = validateEmail(in.Email)
	add(err)
	p.Phone, err = validatePhone(FPhone, in.Phone)
	add(err)
	p.ExternalID, err = optionalText(FExternalID, in.ExternalID, MaxOtherLen)
	add(err)

	race, err := ev.RaceFor(in.Race)
	add(err)
	if race != nil {
		p.Race = race.ID
	}
	p.Born, err = ParseBirthDate(in.Born, today)
	add(err)
	if err == nil && race != nil {
		add(CheckRaceAge(ev, race, p.Born, in.Born))
	}
	if race != nil {
		p.Bib, v.AutoBib, err = parseBib(race, in.Bib)
		add(err)
		p.PayMethod, p.PaidCents, err = parsePayment(race, in.Paid, in.Amount, late)
		add(err)
	}
	p.Status, err = parseStatus(in.Status)
	add(err)
	p.Source, err = parseSource(in.Source)
	add(err)
	p.Extra, err = validateExtra(ev, in.Extra, &errs)
	add(err)
	if len(errs) > 0 {
		return v, errs
	}
	return v, nil
}

// CheckRaceAge rejects a birth year outside the race's age limits.
func CheckRaceAge(ev *Event, r *Race, b BirthDate, input string) error {
	age := ClassAge(ev.Year(), b.Year)
	if r.MinAge > 0 && age < r.MinAge {
		return &FieldError{Field: FBorn, Input: input, Key: msg.ErrBornTooYoung, Args: []any{r.Name, r.MinAge, ev.Year()}}
	}
	if r.MaxAge > 0 && age > r.MaxAge {
		return &FieldError{Field: FBorn, Input: input, Key: msg.ErrBornTooOldForRace, Args: []any{r.Name, r.MaxAge, ev.Year()}}
	}
	return nil
}

// ValidateName applies the text policy to a name (CleanText: white space
// collapsed, invisible characters removed, NFC, control characters
// refused) and checks it has a letter, no digits and a sane length.
func ValidateName(field, s string) (string, error) {
	s, err := CleanText(field, s, 0)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", &FieldError{Field: field, Key: msg.ErrRequired}
	}
	if utf8.RuneCountInString(s) > MaxNameLen {
		return "", &FieldError{Field: field, Input: s, Key: msg.ErrTooLong, Args: []any{MaxNameLen}}
	}
	letter := false
	for _, r := range s {
		if unicode.IsLetter(r) {
			letter = true
		} else if unicode.IsDigit(r) {
			return "", &FieldError{Field: field, Input: s, Key: msg.ErrNameDigits}
		}
	}
	if !letter {
		return "", &FieldError{Field: field, Input: s, Key: msg.ErrNameNoLetter}
	}
	return s, nil
}

// optionalText is free text of a participant under the text policy.
func optionalText(field, s string, max int) (string, error) { return CleanText(field, s, max) }

func validateEmail(s string) (string, error) {
	s = strings.TrimSpace(RemoveInvisible(s))
	if err := refuseControls(FEmail, s); err != nil {
		return "", err
	}
	if s == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@"):], ".") || len(s) > MaxOtherLen {
		return "", &FieldError{Field: FEmail, Input: s, Key: msg.ErrEmail}
	}
	return s, nil
}

func validatePhone(field, s string) (string, error) {
	s = strings.Join(strings.Fields(RemoveInvisible(s)), " ")
	if s == "" {
		return "", nil
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '/', r == '(', r == ')':
		default:
			return "", &FieldError{Field: field, Input: s, Key: msg.ErrPhone}
		}
	}
	if digits < 5 || digits > 15 {
		return "", &FieldError{Field: field, Input: s, Key: msg.ErrPhone}
	}
	return s, nil
}

var genderAliases = map[string]Gender{
	"m": Male, "male": Male, "männlich": Male, "maennlich": Male, "mann": Male, "man": Male, "herr": Male,
	"w": Female, "f": Female, "female": Female, "weiblich": Female, "frau": Female, "woman": Female,
	"d": Diverse, "x": Diverse, "diverse": Diverse, "divers": Diverse, "non-binary": Diverse, "nonbinary": Diverse,
}

// ParseGender accepts M, W, D and their German and English aliases, in any
// case.
func ParseGender(s string) (Gender, error) {
	t := strings.ToLower(NFC(strings.TrimSpace(s)))
	if t == "" {
		return "", &FieldError{Field: FGender, Key: msg.ErrGenderMissing}
	}
	if g, ok := genderAliases[t]; ok {
		return g, nil
	}
	return "", &FieldError{Field: FGender, Input: s, Key: msg.ErrGender}
}

// RaceFor finds the race a person or a platform named (ID, name, alias
// or distance, see FindRace), or says which races there are — or, for a
// text that could mean several, which of them it could mean.
func (ev *Event) RaceFor(name string) (*Race, error) {
	r, candidates := ev.FindRace(name)
	if r != nil {
		return r, nil
	}
	if len(candidates) > 1 {
		return nil, &FieldError{Field: FRace, Input: name, Key: msg.ErrRaceAmbiguous, Args: []any{describeRaces(candidates)}}
	}
	key := msg.ErrRace
	if strings.TrimSpace(name) == "" {
		key = msg.ErrRaceMissing
	}
	return nil, &FieldError{Field: FRace, Input: name, Key: key, Args: []any{strings.Join(ev.RaceIDs(), ", ")}}
}

// describeRaces names races for a choice: "5k (5 km Volkslauf), walk
// (5 km Walking)".
func describeRaces(rs []*Race) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.ID
		if r.Name != "" && r.Name != r.ID {
			parts[i] += " (" + r.Name + ")"
		}
	}
	return strings.Join(parts, ", ")
}

// parseBib reads a manual bib ("" or "auto" asks for the next free one).
func parseBib(r *Race, s string) (bib int, auto bool, err error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "":
		return 0, false, nil
	case "auto":
		return 0, true, nil
	}
	n, convErr := strconv.Atoi(s)
	if convErr != nil || n < 1 {
		return 0, false, &FieldError{Field: FBib, Input: s, Key: msg.ErrBibNumber}
	}
	if !r.BibInRange(n) {
		return 0, false, &FieldError{Field: FBib, Input: s, Key: msg.ErrBibRange, Args: []any{r.Name, FormatRanges(r.Bibs)}}
	}
	return n, false, nil
}

// FormatRanges renders bib ranges as "1-199, 400-499".
func FormatRanges(rs []BibRange) string {
	parts := make([]string, len(rs))
	for i, b := range rs {
		parts[i] = fmt.Sprintf("%d-%d", b.From, b.To)
	}
	return strings.Join(parts, ", ")
}

// parsePayment reads how and how much was paid. An amount left empty is
// the race's fee (the late fee for late registrations).
func parsePayment(r *Race, method, amount string, late bool) (PayMethod, int, error) {
	m, err := ParsePayMethod(method)
	if err != nil {
		return "", 0, err
	}
	if m == Unpaid {
		if strings.TrimSpace(amount) != "" {
			cents, err := ParseEuros(amount)
			if err != nil {
				return "", 0, err
			}
			if cents != 0 {
				return "", 0, &FieldError{Field: FPaidCents, Input: amount, Key: msg.ErrAmountWithoutMethod}
			}
		}
		return Unpaid, 0, nil
	}
	if strings.TrimSpace(amount) == "" {
		if late {
			return m, r.LateFeeCents, nil
		}
		return m, r.FeeCents, nil
	}
	cents, err := ParseEuros(amount)
	return m, cents, err
}

// ParsePayMethod accepts cash/card/online and German words (bar, karte);
// "", "no", "nein", "unpaid" mean not paid.
func ParsePayMethod(s string) (PayMethod, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "no", "nein", "unpaid", "offen", "n":
		return Unpaid, nil
	case "cash", "bar":
		return Cash, nil
	case "card", "karte", "ec", "ec-karte":
		return Card, nil
	case "online", "yes", "ja", "paid", "bezahlt", "y", "j":
		return Online, nil
	}
	return "", &FieldError{Field: FPayMethod, Input: s, Key: msg.ErrPayMethod}
}

// ParseEuros reads an amount in euros ("15", "15,00", "15.5", "15 €") as
// cents.
func ParseEuros(s string) (int, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "€")), "€"))
	t = strings.TrimSpace(strings.TrimSuffix(strings.ToUpper(t), "EUR"))
	t = strings.ReplaceAll(t, ",", ".")
	whole, frac, hasFrac := strings.Cut(t, ".")
	if !isDigits(whole) || (hasFrac && (len(frac) > 2 || !isDigits(frac))) || len(whole) > 6 {
		return 0, &FieldError{Field: FPaidCents, Input: s, Key: msg.ErrAmount}
	}
	w, _ := strconv.Atoi(whole)
	c := 0
	if hasFrac {
		c, _ = strconv.Atoi(frac)
		if len(frac) == 1 {
			c *= 10
		}
	}
	return w*100 + c, nil
}

// FormatEuros renders cents as "15,00 €".
func FormatEuros(cents int) string {
	return fmt.Sprintf("%d,%02d €", cents/100, cents%100)
}

func parseStatus(s string) (Status, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return Registered, nil
	}
	for _, st := range Statuses {
		if string(st) == t {
			return st, nil
		}
	}
	return "", &FieldError{Field: FStatus, Input: s, Key: msg.ErrStatus}
}

func validateExtra(ev *Event, in map[string]string, errs *ValidationError) (map[string]string, error) {
	out := map[string]string{}
	// Sorted, so the same input lists its errors in the same order.
	for _, k := range slices.Sorted(maps.Keys(in)) {
		if _, ok := ev.Extra(k); !ok {
			*errs = append(*errs, &FieldError{Field: ExtraPrefix + k, Input: in[k], Key: msg.ErrUnknownField})
		}
	}
	for _, f := range ev.ExtraFields {
		v, err := ValidateExtraValue(&f, in[f.Key])
		if err != nil {
			*errs = append(*errs, err.(*FieldError))
			continue
		}
		if v != "" {
			out[f.Key] = v
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// ValidateExtraValue checks one extra field's value; a choice is matched
// ignoring case and returned as the event file spells it.
func ValidateExtraValue(f *ExtraField, s string) (string, error) {
	v, err := validateExtraValue(f, s)
	if fe, ok := err.(*FieldError); ok {
		fe.Label = map[msg.Lang]string{msg.DE: f.Label, msg.EN: f.LabelEN}
	}
	return v, err
}

func validateExtraValue(f *ExtraField, s string) (string, error) {
	field := ExtraPrefix + f.Key
	s, err := CleanText(field, s, 0)
	if err != nil {
		return "", err
	}
	if s == "" {
		if f.Required {
			return "", &FieldError{Field: field, Key: msg.ErrRequired}
		}
		return "", nil
	}
	if len(f.Choices) > 0 {
		for _, c := range f.Choices {
			if strings.EqualFold(c, s) {
				return c, nil
			}
		}
		return "", &FieldError{Field: field, Input: s, Key: msg.ErrChoice, Args: []any{strings.Join(f.Choices, ", ")}}
	}
	max := f.MaxLen
	if max == 0 {
		max = MaxOtherLen
	}
	return optionalText(field, s, max)
}

func parseSource(s Source) (Source, error) {
	switch s {
	case "":
		return SourceDesk, nil
	case SourceOnline, SourceDesk, SourceHotspot, SourceImport:
		return s, nil
	}
	return "", &FieldError{Field: FSource, Input: string(s), Key: msg.ErrSource}
}

// Due is what a participant still owes: the race's fee (the late fee for
// desk and hotspot registrations) less what was paid, never below 0.
func Due(r *Race, p *Participant) int {
	fee := r.FeeCents
	if p.Source == SourceDesk || p.Source == SourceHotspot {
		fee = r.LateFeeCents
	}
	if due := fee - p.PaidCents; due > 0 {
		return due
	}
	return 0
}
