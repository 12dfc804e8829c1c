package model

import (
	"strings"

	"github.com/racedesk/racedesk/model/msg"
)

// Duplicates: one matcher for every entry path (the late-entry form,
// edits, racedesk register, the phone form, the import, sync) tells
// whether a new entry is probably a runner already registered — the
// person who registered online and now stands at the desk again, typed
// in a hurry.

// Person is who an entry names, as far as matching goes.
type Person struct {
	First, Last string
	Born        BirthDate
	Gender      Gender
	ExternalID  string // the registration platform's ID, if the entry has one
}

// PersonOf is the person a participant is.
func PersonOf(p *Participant) Person {
	return Person{First: p.First, Last: p.Last, Born: p.Born, Gender: p.Gender, ExternalID: p.ExternalID}
}

// NameMatch says how two names agree.
type NameMatch int

const (
	NameSame    NameMatch = iota + 1 // folded alike (Müller = Mueller = Muller)
	NameTypo                         // a letter or two apart (Hofmann/Hoffmann)
	NameSwapped                      // first and last name swapped
	NamePart                         // a part of a double or multi-word name (Heide ~ von der Heide)
)

// BornMatch says how two birth dates agree.
type BornMatch int

const (
	BornSame    BornMatch = iota + 1
	BornSwapped           // day and month swapped
	BornYear              // only the year is known on one side, and it agrees
)

// MatchReason is why two entries are probably one person.
type MatchReason struct {
	SameID        bool // the same registration ID: certain
	Name          NameMatch
	Born          BornMatch
	GenderDiffers bool // shown, never a reason against
}

// Match is an existing participant who is probably the entry's person.
type Match struct {
	Participant Participant
	Reason      MatchReason
}

// LikelySame reports whether the entry a and participant p are probably
// the same person, and why.
func LikelySame(a Person, p *Participant) (MatchReason, bool) {
	var r MatchReason
	if a.ExternalID != "" && p.ExternalID != "" && Fold(a.ExternalID) == Fold(p.ExternalID) {
		r.SameID = true
	}
	r.GenderDiffers = a.Gender != "" && p.Gender != "" && a.Gender != p.Gender
	if r.SameID {
		return r, true
	}
	if Fold(a.Last) != Fold(p.Last) {
		return r, false
	}
	af, pf := Fold(a.First), Fold(p.First)
	if af == "" || pf == "" || af[0] != pf[0] {
		return r, false
	}
	r.Name = NameSame
	switch {
	case a.Born.IsZero() || p.Born.IsZero():
		return r, true
	case a.Born == p.Born:
		r.Born = BornSame
	case a.Born.Year == p.Born.Year && (a.Born.Month == 0 || p.Born.Month == 0):
		r.Born = BornYear
	case a.Born.Year == p.Born.Year && a.Born.Month == p.Born.Day && a.Born.Day == p.Born.Month:
		r.Born = BornSwapped
	default:
		return r, false
	}
	return r, true
}

// Text says the reason in words, e.g. "same birth date, last name one
// letter apart".
func (r MatchReason) Text(lang msg.Lang) string {
	var parts []string
	if r.SameID {
		parts = append(parts, msg.T(lang, msg.MatchSameID))
	}
	switch r.Born {
	case BornSame:
		parts = append(parts, msg.T(lang, msg.MatchBornSame))
	case BornSwapped:
		parts = append(parts, msg.T(lang, msg.MatchBornSwapped))
	case BornYear:
		parts = append(parts, msg.T(lang, msg.MatchBornYear))
	}
	switch r.Name {
	case NameSame:
		parts = append(parts, msg.T(lang, msg.MatchNameSame))
	case NameTypo:
		parts = append(parts, msg.T(lang, msg.MatchNameTypo))
	case NameSwapped:
		parts = append(parts, msg.T(lang, msg.MatchNameSwapped))
	case NamePart:
		parts = append(parts, msg.T(lang, msg.MatchNamePart))
	}
	if r.GenderDiffers {
		parts = append(parts, msg.T(lang, msg.MatchGenderDiffers))
	}
	return strings.Join(parts, ", ")
}
