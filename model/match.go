package model

import (
	"strings"
	"unicode/utf8"

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
	// Last and First say how each name agrees when Name is NameTypo or
	// NamePart (one may be NameSame); zero otherwise.
	Last, First NameMatch
}

// Match is an existing participant who is probably the entry's person.
type Match struct {
	Participant Participant
	Reason      MatchReason
}

// LikelySame reports whether the entry a and participant p are probably
// the same person, and why. The same registration ID is certain.
// Otherwise both names must agree — folded alike, a letter or two apart,
// one a part of the other's double name, or first and last name swapped —
// and so must the birth dates where both are known: equal, day and month
// swapped, or only the year known on one side. The gender is ignored (a
// hurried desk flips it) but reported. Twins and siblings differ in the
// first name, namesakes of another generation in the birth date.
func LikelySame(a Person, p *Participant) (MatchReason, bool) {
	var r MatchReason
	if a.ExternalID != "" && p.ExternalID != "" && Fold(a.ExternalID) == Fold(p.ExternalID) {
		r.SameID = true
	}
	r.GenderDiffers = a.Gender != "" && p.Gender != "" && a.Gender != p.Gender
	if r.SameID {
		return r, true
	}
	born, ok := compareBorn(a.Born, p.Born)
	if !ok {
		return r, false
	}
	al, af, pl, pf := nameOf(a.Last), nameOf(a.First), nameOf(p.Last), nameOf(p.First)
	if al.fold == "" || af.fold == "" || pl.fold == "" || pf.fold == "" {
		return r, false
	}
	r.Born = born
	last, first := compareNames(al, pl, false), compareNames(af, pf, true)
	switch {
	case last == NameSame && first == NameSame:
		r.Name = NameSame
	case last != 0 && first != 0:
		r.Name = NamePart
		if last == NameTypo || first == NameTypo {
			r.Name = NameTypo
		}
		r.Last, r.First = last, first
	case compareNames(af, pl, false) != 0 && compareNames(al, pf, true) != 0:
		r.Name = NameSwapped
	default:
		return r, false
	}
	return r, true
}

// compareBorn tells how two birth dates agree; ok is false when they
// cannot be one person's. An unknown date agrees with any.
func compareBorn(a, b BirthDate) (_ BornMatch, ok bool) {
	switch {
	case a.IsZero() || b.IsZero():
		return 0, true
	case a.Year != b.Year:
		return 0, false
	case a.YearOnly() || b.YearOnly():
		return BornYear, true
	case a == b:
		return BornSame, true
	case a.Month == b.Day && a.Day == b.Month:
		return BornSwapped, true
	}
	return 0, false
}

// name is a name folded for search, and folded keeping the e of a
// spelled-out umlaut (SortKey): a typo next to an e can make or break an
// "ue" (Krasue for Krause folds to krasu, two edits from krause), so a
// typo counts in either form.
type name struct{ fold, sort string }

func nameOf(s string) name { return name{fold: Fold(s), sort: SortKey(s)} }

// compareNames tells how two names agree (0: not at all). First names
// that differ only by a final a or e are a brother's and a sister's
// (Paul, Paula; Jan, Jana; Simon, Simone), not a typo.
func compareNames(x, y name, first bool) NameMatch {
	switch {
	case x.fold == "" || y.fold == "":
		return 0
	case x.fold == y.fold:
		return NameSame
	case first && genderedPair(x.fold, y.fold):
		return 0
	case NameTypoApart(x.fold, y.fold) || NameTypoApart(x.sort, y.sort):
		return NameTypo
	case isPart(x.fold, y.fold, first) || isPart(y.fold, x.fold, first):
		return NamePart
	}
	return 0
}

// NameTypoApart reports whether two folded names are a typo apart: at
// most MaxTypos(shorter length) edits, a swap of neighbouring letters
// counting as one (Hofmann/Hoffmann, Schmitt/Schmidt, Mülelr/Müller).
func NameTypoApart(x, y string) bool {
	k := MaxTypos(min(utf8.RuneCountInString(x), utf8.RuneCountInString(y)))
	return k > 0 && EditDistance(x, y, k) <= k
}

// MaxTypos is how many edits a name of n letters may be off and still
// count as a typo: none up to 3 letters (Tim and Tom are two people),
// one up to 7, two from 8 (Zimmerman/Zimmermann is one).
func MaxTypos(n int) int {
	switch {
	case n <= 3:
		return 0
	case n <= 7:
		return 1
	}
	return 2
}

// genderedPair reports first names where one is the other with a final
// a or e: the male and female form of one name.
func genderedPair(x, y string) bool {
	if len(x) > len(y) {
		x, y = y, x
	}
	return len(y) == len(x)+1 && strings.HasPrefix(y, x) && (y[len(x)] == 'a' || y[len(x)] == 'e')
}

// isPart reports whether the folded name short is a part of the double
// or multi-word name long: every word of short agrees, alike or a typo
// apart, with its own word of long, and long has more words (Heide ~ von
// der Heide, Mayer ~ Mayer-Lüdenscheidt, Hans ~ Hans-Peter). A name
// particle alone (von, van der) is no part.
func isPart(short, long string, first bool) bool {
	sw, lw := strings.Fields(short), strings.Fields(long)
	if len(sw) >= len(lw) || len(lw) > maxNameWords {
		return false
	}
	used := make([]bool, len(lw))
	real := false
	for _, s := range sw {
		found := false
		for j, l := range lw {
			if used[j] || !(s == l || !(first && genderedPair(s, l)) && NameTypoApart(s, l)) {
				continue
			}
			used[j], found = true, true
			break
		}
		if !found {
			return false
		}
		real = real || !particles[s]
	}
	return real
}

// maxNameWords is more words than any name has: longer texts are no
// name, and comparing them word by word would only take time.
const maxNameWords = 16

// particles are the small words of names that are no name on their own.
var particles = map[string]bool{
	"von": true, "vom": true, "zu": true, "zum": true, "zur": true, "van": true, "der": true,
	"den": true, "de": true, "la": true, "le": true, "del": true, "della": true, "di": true,
	"da": true, "dos": true, "das": true, "du": true, "ten": true, "ter": true, "op": true,
	"mc": true, "mac": true, "o": true, "al": true, "el": true, "bin": true, "ibn": true,
}

// EditDistance is the Damerau-Levenshtein distance of a and b in the
// optimal string alignment form: inserting, deleting or replacing a
// letter, or swapping two neighbouring ones, costs one edit. It counts
// letters (runes), not bytes. Past limit it stops and returns limit+1
// (limit < 0: no limit).
func EditDistance(a, b string, limit int) int {
	if isASCII(a) && isASCII(b) {
		return osa([]byte(a), []byte(b), limit)
	}
	return osa([]rune(a), []rune(b), limit)
}

// EditDistanceBytes is EditDistance of two byte strings, counting bytes:
// for ASCII (most folded names), without converting.
func EditDistanceBytes(a, b []byte, limit int) int { return osa(a, b, limit) }

func osa[T byte | rune](a, b []T, limit int) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	if limit < 0 {
		limit = len(a)
	}
	if len(a)-len(b) > limit {
		return limit + 1
	}
	if len(b) == 0 {
		return len(a)
	}
	// Three rows of the matrix: two back (for a swap), one back, this one.
	var buf [3 * 48]int
	n := len(b) + 1
	var rows []int
	if 3*n <= len(buf) {
		rows = buf[:3*n]
	} else {
		rows = make([]int, 3*n)
	}
	// Only cells within limit of the diagonal can end within limit: the
	// others count as limit+1, so long names cost rows × (2·limit+1).
	far := limit + 1
	pp, prev, cur := rows[:n], rows[n:2*n], rows[2*n:]
	for j := range prev {
		prev[j] = min(j, far)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-limit), min(len(b), i+limit)
		cur[lo-1] = far
		if lo == 1 {
			cur[0] = min(i, far)
		}
		best := cur[lo-1]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, pp[j-2]+1)
			}
			cur[j] = min(d, far)
			best = min(best, cur[j])
		}
		if hi < len(b) {
			cur[hi+1] = far
		}
		if best > limit {
			return far
		}
		pp, prev, cur = prev, cur, pp
	}
	return min(prev[len(b)], limit+1)
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
	switch {
	case r.Last != 0 || r.First != 0:
		parts = append(parts, nameText(lang, r.Last, msg.MatchLastTypo, msg.MatchLastPart)...)
		parts = append(parts, nameText(lang, r.First, msg.MatchFirstTypo, msg.MatchFirstPart)...)
	case r.Name == NameSame:
		parts = append(parts, msg.T(lang, msg.MatchNameSame))
	case r.Name == NameTypo:
		parts = append(parts, msg.T(lang, msg.MatchNameTypo))
	case r.Name == NameSwapped:
		parts = append(parts, msg.T(lang, msg.MatchNameSwapped))
	case r.Name == NamePart:
		parts = append(parts, msg.T(lang, msg.MatchNamePart))
	}
	if r.GenderDiffers {
		parts = append(parts, msg.T(lang, msg.MatchGenderDiffers))
	}
	return strings.Join(parts, ", ")
}

// nameText says how one name differs; a name folded alike goes unsaid.
func nameText(lang msg.Lang, m NameMatch, typo, part msg.Key) []string {
	switch m {
	case NameTypo:
		return []string{msg.T(lang, typo)}
	case NamePart:
		return []string{msg.T(lang, part)}
	}
	return nil
}
