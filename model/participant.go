package model

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/racedesk/racedesk/model/msg"
)

// Gender is M (männlich), W (weiblich) or D (divers).
type Gender string

const (
	Male    Gender = "M"
	Female  Gender = "W"
	Diverse Gender = "D"
)

// Status is where a participant stands on race day.
type Status string

const (
	Registered Status = "registered"
	CheckedIn  Status = "checked-in"
	DNS        Status = "dns"
	DNF        Status = "dnf"
	DSQ        Status = "dsq"
	// Pending is a self-registration from the hotspot that the desk has not
	// confirmed yet.
	Pending Status = "pending"
	// Withdrawn is a phone registration of a runner who was registered
	// already: kept for the record (and for an undo), counted nowhere.
	Withdrawn Status = "withdrawn"
	// Deleted is what a deleted participant leaves: a tombstone without
	// personal data, keeping the bib used; no later change revives it.
	Deleted Status = "deleted"
)

// Label is the status as a person reads it.
func (s Status) Label(lang msg.Lang) string { return msg.T(lang, msg.Key("status."+string(s))) }

// Statuses lists every status in display order.
var Statuses = []Status{Pending, Registered, CheckedIn, DNS, DNF, DSQ, Withdrawn, Deleted}

// PayMethod says how a participant paid.
type PayMethod string

const (
	Unpaid PayMethod = ""
	Cash   PayMethod = "cash"
	Card   PayMethod = "card"
	Online PayMethod = "online"
)

// Source says through which entry path a registration arrived.
type Source string

const (
	SourceOnline  Source = "online"
	SourceDesk    Source = "desk"
	SourceHotspot Source = "hotspot"
	SourceImport  Source = "import"
)

// Participant is one person entered in a race. Records are built only by
// Validate (new entries) or FromFields (stored records), so a Participant
// in the store has passed validation.
type Participant struct {
	ID         string            `json:"id"`
	First      string            `json:"first"`
	Last       string            `json:"last"`
	Born       BirthDate         `json:"born"`
	Gender     Gender            `json:"gender"`
	Club       string            `json:"club,omitempty"`
	Email      string            `json:"email,omitempty"`
	Phone      string            `json:"phone,omitempty"`
	Race       string            `json:"race"`
	Bib        int               `json:"bib,omitempty"`
	Status     Status            `json:"status"`
	PaidCents  int               `json:"paid_cents,omitempty"`
	PayMethod  PayMethod         `json:"pay_method,omitempty"`
	Source     Source            `json:"source"`
	ExternalID string            `json:"external_id,omitempty"`
	Extra      map[string]string `json:"extra,omitempty"`
	// CheckedInAt (RFC 3339) and CheckedInDesk say when and where the
	// runner was checked in, for the volunteer who checks them in twice.
	CheckedInAt   string `json:"checked_in_at,omitempty"`
	CheckedInDesk string `json:"checked_in_desk,omitempty"`
	// Code is the short code a self-registration shows on the runner's
	// phone, for the desk to find it.
	Code string `json:"code,omitempty"`
}

// Paid reports whether any payment is recorded.
func (p *Participant) Paid() bool { return p.PayMethod != Unpaid }

// FullName is "First Last".
func (p *Participant) FullName() string { return strings.TrimSpace(p.First + " " + p.Last) }

// Field names of a participant as they appear in the change log and in
// sync. Extra fields are "x.<key>".
const (
	FFirst         = "first"
	FLast          = "last"
	FBorn          = "born"
	FGender        = "gender"
	FClub          = "club"
	FEmail         = "email"
	FPhone         = "phone"
	FRace          = "race"
	FBib           = "bib"
	FStatus        = "status"
	FPaidCents     = "paid_cents"
	FPayMethod     = "pay_method"
	FSource        = "source"
	FExternalID    = "external_id"
	FCheckedInAt   = "checked_in_at"
	FCheckedInDesk = "checked_in_desk"
	FCode          = "code"
	ExtraPrefix    = "x."
)

// Fields flattens a participant to name → value; empty values are left
// out. It is the shape of the change log and of sync.
func (p *Participant) Fields() map[string]string {
	f := map[string]string{
		FFirst: p.First, FLast: p.Last, FBorn: p.Born.String(), FGender: string(p.Gender),
		FClub: p.Club, FEmail: p.Email, FPhone: p.Phone, FRace: p.Race,
		FStatus: string(p.Status), FPayMethod: string(p.PayMethod), FSource: string(p.Source),
		FExternalID: p.ExternalID, FCheckedInAt: p.CheckedInAt, FCheckedInDesk: p.CheckedInDesk,
		FCode: p.Code,
	}
	if p.Bib != 0 {
		f[FBib] = strconv.Itoa(p.Bib)
	}
	if p.PaidCents != 0 {
		f[FPaidCents] = strconv.Itoa(p.PaidCents)
	}
	for k, v := range p.Extra {
		f[ExtraPrefix+k] = v
	}
	for k, v := range f {
		if v == "" {
			delete(f, k)
		}
	}
	return f
}

// SetField sets one field from its flattened form; an empty value clears
// it. It does not validate: callers apply values that were validated when
// they were first entered (a change log or sync entry).
func (p *Participant) SetField(name, value string) error {
	switch name {
	case FFirst:
		p.First = value
	case FLast:
		p.Last = value
	case FBorn:
		if value == "" {
			p.Born = BirthDate{}
			return nil
		}
		b, err := ParseISOBirthDate(value)
		if err != nil {
			return err
		}
		p.Born = b
	case FGender:
		p.Gender = Gender(value)
	case FClub:
		p.Club = value
	case FEmail:
		p.Email = value
	case FPhone:
		p.Phone = value
	case FRace:
		p.Race = value
	case FBib, FPaidCents:
		n := 0
		if value != "" {
			var err error
			if n, err = strconv.Atoi(value); err != nil {
				return fmt.Errorf("field %s: %q is not a number", name, value)
			}
		}
		if name == FBib {
			p.Bib = n
		} else {
			p.PaidCents = n
		}
	case FStatus:
		p.Status = Status(value)
	case FPayMethod:
		p.PayMethod = PayMethod(value)
	case FSource:
		p.Source = Source(value)
	case FExternalID:
		p.ExternalID = value
	case FCheckedInAt:
		p.CheckedInAt = value
	case FCheckedInDesk:
		p.CheckedInDesk = value
	case FCode:
		p.Code = value
	default:
		key, ok := strings.CutPrefix(name, ExtraPrefix)
		if !ok {
			return fmt.Errorf("unknown participant field %q", name)
		}
		if value == "" {
			delete(p.Extra, key)
			return nil
		}
		if p.Extra == nil {
			p.Extra = map[string]string{}
		}
		p.Extra[key] = value
	}
	return nil
}

// Diff lists the fields whose values differ between before and after, with
// after's values ("" for a cleared field), sorted by name.
func Diff(before, after *Participant) []FieldChange {
	var b map[string]string
	if before != nil {
		b = before.Fields()
	}
	a := after.Fields()
	var out []FieldChange
	for k, v := range a {
		if b[k] != v {
			out = append(out, FieldChange{Field: k, Value: v})
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, FieldChange{Field: k, Value: ""})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// FieldChange is one field's new value.
type FieldChange struct {
	Field string `json:"f"`
	Value string `json:"v"`
}

// PersonalFields are the fields a deletion or a purge clears: who the
// runner is and how to reach them. Race, bib, status, payment and the
// check-in's time stay (results, the cash report, bibs used).
var PersonalFields = []string{FFirst, FLast, FBorn, FGender, FClub, FEmail, FPhone, FExternalID, FCode}

// IsPersonal reports whether a field is personal data (the extra fields
// an event asks for are).
func IsPersonal(field string) bool {
	return slices.Contains(PersonalFields, field) || strings.HasPrefix(field, ExtraPrefix)
}
