package model

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// FindRace finds the race a text means — what a person typed or a
// registration file wrote — without ever guessing between two races. It
// tries, in this order, and stops at the first rule any race meets:
//
//  1. the race's ID, ignoring case and accents ("5K");
//  2. its name or one of its aliases, ignoring case, accents and
//     punctuation ("10k-main-race");
//  3. the same ignoring spaces too ("5km" for the alias "5 km", "Kids
//     400 m" for "Kids 400m"); digits are never joined across a space or
//     punctuation, so "5,0 km" is not "50 km";
//  4. the same after dropping words that only say "race" (Lauf, Run,
//     Strecke...) from the text ("Bambini-Lauf" for "Bambini");
//  5. the distance the text gives ("5000 m", "5,0 km", "10.000m",
//     "Halbmarathon", "HM") against each race's distance (distance_m and
//     any distance its ID, name or aliases spell out). Other words of the
//     text must then be words of that race's ID, name or aliases ("5 km
//     Walking" is the walk, not the run), so "10 km Volkslauf" is not the
//     10 km Hauptlauf.
//
// One race meeting a rule is the match. Two or more races meeting the
// same rule make the text ambiguous: FindRace returns them as candidates
// and no race. No race at all returns neither.
func (ev *Event) FindRace(s string) (race *Race, candidates []*Race) {
	want := Fold(s)
	if want == "" {
		return nil, nil
	}
	short := compactFolded(want)
	rules := []func(r *Race) bool{
		func(r *Race) bool { return Fold(r.ID) == want },
		func(r *Race) bool { return anyName(r, func(n string) bool { return Fold(n) == want }) },
		func(r *Race) bool { return anyName(r, func(n string) bool { return compact(n) == short }) },
	}
	if rest := dropGenericWords(want); rest != "" && rest != want {
		key := compactFolded(rest)
		rules = append(rules, func(r *Race) bool { return anyName(r, func(n string) bool { return compact(n) == key }) })
	}
	if d, words, ok := textDistance(s); ok {
		rules = append(rules, func(r *Race) bool { return r.hasDistance(d) && r.hasWords(words) })
	}
	for _, rule := range rules {
		var hits []*Race
		for i := range ev.Races {
			if rule(&ev.Races[i]) {
				hits = append(hits, &ev.Races[i])
			}
		}
		switch len(hits) {
		case 0:
			continue
		case 1:
			return hits[0], nil
		default:
			return nil, hits
		}
	}
	return nil, nil
}

// anyName reports whether ok holds for the race's ID, name or an alias.
func anyName(r *Race, ok func(string) bool) bool {
	if ok(r.ID) || ok(r.Name) {
		return true
	}
	for _, a := range r.Aliases {
		if ok(a) {
			return true
		}
	}
	return false
}

// compact is the folded text without spaces, except a space between two
// digits ("5,0 km" folds to "5 0 km" and compacts to "5 0km", not the
// "50km" of a 50 km race).
func compact(s string) string { return compactFolded(Fold(s)) }

func compactFolded(f string) string {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] == ' ' && i > 0 && i+1 < len(f) && isDigit(f[i-1]) && isDigit(f[i+1]) {
			b.WriteByte(' ')
			continue
		}
		if f[i] != ' ' {
			b.WriteByte(f[i])
		}
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// genericWords say "a race" and nothing about which one (folded).
var genericWords = map[string]bool{
	"lauf": true, "laufe": true, "run": true, "race": true, "rennen": true, "strecke": true,
	"distanz": true, "distance": true, "wettbewerb": true, "wettkampf": true, "competition": true,
	"uber": true, "over": true,
}

// dropGenericWords removes generic words from a folded text.
func dropGenericWords(folded string) string {
	var keep []string
	for _, w := range strings.Fields(folded) {
		if !genericWords[w] {
			keep = append(keep, w)
		}
	}
	return strings.Join(keep, " ")
}

// Named distances (metres): the words runners use for them.
const (
	halfMarathonM = 21097.5
	marathonM     = 42195
)

// distanceTolerance is how far two distances may lie apart and still be
// the same (0.1 %: "21,1 km" is a half marathon of 21 097.5 m, "5,1 km"
// is not 5 km).
func sameDistance(a, b float64) bool { return math.Abs(a-b) <= math.Max(a, b)/1000 }

// hasDistance reports whether the race is d metres long by its
// distance_m or by a distance its ID, name or aliases spell out.
func (r *Race) hasDistance(d float64) bool {
	if r.DistanceM > 0 && sameDistance(float64(r.DistanceM), d) {
		return true
	}
	return anyName(r, func(n string) bool {
		for _, m := range distancesIn(n) {
			if sameDistance(m.metres, d) {
				return true
			}
		}
		return false
	})
}

// hasWords reports whether every word is a word of the race's ID, name
// or aliases.
func (r *Race) hasWords(words []string) bool {
	if len(words) == 0 {
		return true
	}
	own := map[string]bool{}
	anyName(r, func(n string) bool {
		for _, w := range strings.Fields(Fold(n)) {
			own[w] = true
		}
		return false
	})
	for _, w := range words {
		if !own[w] {
			return false
		}
	}
	return true
}

// textDistance reads the one distance a text gives and the words beside
// it (folded, generic words dropped). A text with no distance, or with
// two different ones, gives none.
func textDistance(s string) (metres float64, words []string, ok bool) {
	found := distancesIn(s)
	if len(found) == 0 {
		return 0, nil, false
	}
	for _, f := range found[1:] {
		if !sameDistance(f.metres, found[0].metres) {
			return 0, nil, false
		}
	}
	var rest strings.Builder
	last := 0
	for _, f := range found {
		rest.WriteString(s[last:f.from])
		rest.WriteByte(' ')
		last = f.to
	}
	rest.WriteString(s[last:])
	return found[0].metres, strings.Fields(dropGenericWords(Fold(rest.String()))), true
}

// distanceSpan is a distance found in a text and where it stands.
type distanceSpan struct {
	metres   float64
	from, to int // byte offsets in the text
}

// Units of distance, metric only (lower case).
var distanceUnits = map[string]float64{
	"km": 1000, "k": 1000, "kilometer": 1000, "kilometre": 1000, "kilometers": 1000, "kilometres": 1000,
	"m": 1, "meter": 1, "metre": 1, "meters": 1, "metres": 1, "mtr": 1,
}

// distancesIn finds the distances a text spells out: a number and a unit
// ("5 km", "5km", "5-km", "5,0 KM", "10.000m", "400 Meter", "10K") and
// the words for the marathon distances ("Halbmarathon", "Half Marathon",
// "HM", "Marathon"). A number glued to letters before it ("U12") is not a
// distance, nor is a number without a unit.
func distancesIn(s string) []distanceSpan {
	var out []distanceSpan
	lower := strings.ToLower(s)
	for i := 0; i < len(lower); {
		c := lower[i]
		switch {
		case isDigit(c) && (i == 0 || !isWordByte(lower[i-1])):
			if d, end, ok := numberWithUnit(lower, i); ok {
				out = append(out, distanceSpan{metres: d, from: i, to: end})
				i = end
				continue
			}
			for i < len(lower) && (isDigit(lower[i]) || lower[i] == '.' || lower[i] == ',') {
				i++
			}
			continue
		case isLetterByte(c) && (i == 0 || !isWordByte(lower[i-1])):
			end := i
			for end < len(lower) && isWordByte(lower[end]) {
				end++
			}
			word := lower[i:end]
			switch word {
			case "halbmarathon", "halfmarathon", "hm":
				out = append(out, distanceSpan{metres: halfMarathonM, from: i, to: end})
			case "half":
				// "half marathon", "half-marathon"
				j := end
				for j < len(lower) && (lower[j] == ' ' || lower[j] == '-') {
					j++
				}
				if strings.HasPrefix(lower[j:], "marathon") && (j+8 == len(lower) || !isWordByte(lower[j+8])) {
					out = append(out, distanceSpan{metres: halfMarathonM, from: i, to: j + 8})
					end = j + 8
				}
			case "marathon":
				out = append(out, distanceSpan{metres: marathonM, from: i, to: end})
			}
			i = end
			continue
		}
		i++
	}
	return out
}

// isWordByte reports whether c is part of a word: an ASCII letter or
// digit, or any byte of a multi-byte letter (ä, ö...).
func isWordByte(c byte) bool { return isLetterByte(c) || isDigit(c) }

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 }

// numberWithUnit reads "5", "5,0", "21.0975", "10.000" followed by
// optional spaces or a hyphen and a unit, at lower[i:].
func numberWithUnit(lower string, i int) (metres float64, end int, ok bool) {
	j := i
	for j < len(lower) && (isDigit(lower[j]) || ((lower[j] == '.' || lower[j] == ',') && j+1 < len(lower) && isDigit(lower[j+1]))) {
		j++
	}
	num := lower[i:j]
	k := j
	for k < len(lower) && lower[k] == ' ' {
		k++
	}
	if k < len(lower) && lower[k] == '-' {
		k++
		for k < len(lower) && lower[k] == ' ' {
			k++
		}
	}
	u := k
	for u < len(lower) && lower[u] < 0x80 && unicode.IsLetter(rune(lower[u])) {
		u++
	}
	if u < len(lower) && lower[u] >= 0x80 {
		return 0, 0, false // a unit glued to more letters ("5 kmä") is a word
	}
	factor, known := distanceUnits[lower[k:u]]
	if !known {
		return 0, 0, false
	}
	v, ok := parseDistanceNumber(num, factor == 1)
	if !ok || v <= 0 {
		return 0, 0, false
	}
	return v * factor, u, true
}

// parseDistanceNumber reads a number as people write distances. A comma
// or point before exactly three digits of a distance in metres groups
// thousands ("10.000 m", "21,098 m" stays a grouping); otherwise one
// comma or point is the decimal mark ("5,0 km", "21.0975 km"). Anything
// else is no number.
func parseDistanceNumber(s string, metres bool) (float64, bool) {
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == ',' })
	if len(groups) == 0 {
		return 0, false
	}
	thousands := metres && len(groups) > 1
	for _, g := range groups[1:] {
		if len(g) != 3 {
			thousands = false
		}
	}
	switch {
	case thousands:
		s = strings.Join(groups, "")
	case len(groups) == 1:
	case len(groups) == 2:
		s = groups[0] + "." + groups[1]
	default:
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}
