package model

import (
	"bytes"
	"math/bits"
	"strings"
	"unicode/utf8"
)

// NameFilter rules out, cheaply, most participants who cannot be
// LikelySame with an entry: it reads only the participant's folded name,
// so a store can scan its in-memory index with it and read the records of
// the few that pass.
//
// It is a necessary test, never a sufficient one. Whenever LikelySame
// agrees on names (not by the registration ID), some run of neighbouring
// words of the entry's last name, written together, is at most two edits
// from some run of words of the participant's name, and the same holds
// for the entry's first name: names folded alike share their words, a
// typo of the whole name is no more edits with the spaces taken out, a
// part of a double name is one of its words, and swapped names only
// change which of the participant's words agree.
type NameFilter struct {
	last, first []nameRun
	all         bool // too many words to enumerate: everyone passes
	maxLen      int  // the longest run: longer runs of a name cannot be near
}

type nameRun struct {
	s     []byte
	mask  uint64 // byteMask-style: bit b&63 for every byte b
	ascii bool
}

// filterMaxWords bounds the words of a name the filter enumerates runs
// of; longer names pass (no real name comes near it).
const filterMaxWords = 8

// filterEdits is the most edits LikelySame allows between names (MaxTypos).
const filterEdits = 2

// NewNameFilter compiles the test for entry a. A nil result from Empty
// means a has no last or first name: no participant can match by name.
func NewNameFilter(a Person) NameFilter {
	var f NameFilter
	f.last, f.all = runsOf(Fold(a.Last))
	var all bool
	f.first, all = runsOf(Fold(a.First))
	f.all = f.all || all
	for _, r := range append(f.last[:len(f.last):len(f.last)], f.first...) {
		f.maxLen = max(f.maxLen, len(r.s))
	}
	return f
}

// Empty reports an entry without a last or first name.
func (f *NameFilter) Empty() bool { return !f.all && (len(f.last) == 0 || len(f.first) == 0) }

// runsOf is every run of neighbouring words of a folded name, written
// together ("hans peter": hans, peter, hanspeter).
func runsOf(folded string) (runs []nameRun, tooMany bool) {
	words := strings.Fields(folded)
	if len(words) > filterMaxWords {
		return nil, true
	}
	for i := range words {
		for j := i + 1; j <= len(words); j++ {
			s := []byte(strings.Join(words[i:j], ""))
			runs = append(runs, nameRun{s: s, mask: maskOf(s), ascii: isASCII(string(s))})
		}
	}
	return runs, false
}

func maskOf(s []byte) uint64 {
	var m uint64
	for _, b := range s {
		m |= 1 << (b & 63)
	}
	return m
}

// MayMatch reports whether a participant whose folded name is name
// (Fold(last + " " + first), as a search index keeps it) may be
// LikelySame with the entry by name.
func (f *NameFilter) MayMatch(name []byte) bool {
	if f.all {
		return true
	}
	if len(f.last) == 0 || len(f.first) == 0 {
		return false
	}
	// The words of name, as [start, end) offsets.
	var ws [filterMaxWords][2]int
	n := 0
	for i := 0; i < len(name); {
		for i < len(name) && name[i] == ' ' {
			i++
		}
		if i == len(name) {
			break
		}
		j := i
		for j < len(name) && name[j] != ' ' {
			j++
		}
		if n == filterMaxWords {
			return true
		}
		ws[n] = [2]int{i, j}
		n++
		i = j
	}
	var buf [64]byte
	foundLast, foundFirst := false, false
	for i := 0; i < n; i++ {
		var mask uint64
		letters := 0
		ascii := true
		for j := i; j < n; j++ {
			w := name[ws[j][0]:ws[j][1]]
			if isASCII(string(w)) {
				letters += len(w)
			} else {
				letters += utf8.RuneCount(w)
				ascii = false
			}
			// maxLen counts bytes, so at least the entry's letters.
			if letters > f.maxLen+filterEdits {
				break
			}
			mask |= maskOf(w)
			var run []byte
			if j == i {
				run = w
			} else {
				run = buf[:0]
				for k := i; k <= j; k++ {
					run = append(run, name[ws[k][0]:ws[k][1]]...)
				}
			}
			if !foundLast && nearAny(f.last, run, mask, ascii) {
				foundLast = true
			}
			if !foundFirst && nearAny(f.first, run, mask, ascii) {
				foundFirst = true
			}
			if foundLast && foundFirst {
				return true
			}
		}
	}
	return false
}

// nearAny reports whether run is at most filterEdits edits from one of rs.
func nearAny(rs []nameRun, run []byte, mask uint64, ascii bool) bool {
	for i := range rs {
		r := &rs[i]
		if !(r.ascii && ascii) {
			// Letters of several bytes: count letters, not bytes.
			if EditDistance(string(r.s), string(run), filterEdits) <= filterEdits {
				return true
			}
			continue
		}
		if d := len(r.s) - len(run); d > filterEdits || d < -filterEdits {
			continue
		}
		// Each edit takes away at most one letter of either side.
		if bits.OnesCount64(r.mask&^mask) > filterEdits || bits.OnesCount64(mask&^r.mask) > filterEdits {
			continue
		}
		if bytes.Equal(r.s, run) || osa(r.s, run, filterEdits) <= filterEdits {
			return true
		}
	}
	return false
}
