package model

import (
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
// agrees on names (not by the registration ID), the entry's last name
// and its first name each have a key near some run of neighbouring words
// of the participant's name, written together. The keys of a name are
// its words, each allowed MaxTypos of its own length, and all its words
// together, allowed MaxTypos of the whole name:
//   - names folded alike share their words;
//   - a typo of the whole name is no more edits with the spaces taken out
//     (hans peter ~ hanspeter), and MaxTypos of the shorter name is at
//     most that of the entry's;
//   - a part of a double name agrees with one word of the other name
//     within MaxTypos of the shorter word;
//   - swapped names only change which of the participant's words agree;
//   - LikelySame also counts a typo between the names folded with the e
//     of spelled-out umlauts kept (SortKey), so the filter compares both
//     sides with every e taken out: that is the same for both foldings,
//     takes no more edits than either, and the tolerance is MaxTypos of
//     the longer SortKey form.
type NameFilter struct {
	last, first []nameKey
	all         bool // too many words to enumerate: everyone passes
	maxLen      int  // the longest key, in bytes
}

// nameKey is one key and how far a run of words may be from it.
type nameKey struct {
	s     []byte
	tol   int
	mask  uint64 // bit b&63 for every byte b
	ascii bool
}

// filterMaxWords bounds the words of a name the filter looks at; longer
// names pass (no real name comes near it).
const filterMaxWords = 8

// NewNameFilter compiles the test for entry a.
func NewNameFilter(a Person) NameFilter {
	var f NameFilter
	var all1, all2 bool
	f.last, all1 = keysOf(SortKey(a.Last))
	f.first, all2 = keysOf(SortKey(a.First))
	f.all = all1 || all2
	for _, ks := range [][]nameKey{f.last, f.first} {
		for _, k := range ks {
			f.maxLen = max(f.maxLen, len(k.s))
		}
	}
	return f
}

// Empty reports an entry without a last or first name: no participant
// can match it by name.
func (f *NameFilter) Empty() bool { return !f.all && (len(f.last) == 0 || len(f.first) == 0) }

// keysOf is the keys of a name folded by SortKey: its words, and when it
// has more than one, all of them written together; without their e.
func keysOf(folded string) (keys []nameKey, tooMany bool) {
	words := strings.Fields(folded)
	if len(words) > filterMaxWords {
		return nil, true
	}
	add := func(s string, letters int) {
		s = strings.ReplaceAll(s, "e", "")
		keys = append(keys, nameKey{s: []byte(s), tol: MaxTypos(letters), mask: maskOf([]byte(s)), ascii: isASCII(s)})
	}
	for _, w := range words {
		add(w, utf8.RuneCountInString(w))
	}
	if len(words) > 1 {
		add(strings.Join(words, ""), utf8.RuneCountInString(folded))
	}
	return keys, false
}

func maskOf(s []byte) uint64 { return LetterMask(s) }

// eBit is the bit of e in a LetterMask: the filter leaves e out.
const eBit = 1 << ('e' & 63)

// LetterMask has bit b&63 set for every byte b of s: what MayMatchLetters
// needs to know of a name, cheap to keep for every participant.
func LetterMask(s []byte) uint64 {
	var m uint64
	for _, b := range s {
		m |= 1 << (b & 63)
	}
	return m
}

// MayMatchLetters is MayMatch's first step, on LetterMask(name) alone: a
// run of words holds no letter the name lacks, and each edit takes away
// at most one letter of a key, so both names need a key with at most tol
// letters outside the mask. Most names fail it with a few instructions.
func (f *NameFilter) MayMatchLetters(mask uint64) bool {
	if f.all {
		return true
	}
	return lettersNear(f.last, mask) && lettersNear(f.first, mask)
}

func lettersNear(keys []nameKey, mask uint64) bool {
	for i := range keys {
		// Letters of several bytes may share a byte with others: only
		// ASCII keys are ruled out by their bytes.
		if !keys[i].ascii || bits.OnesCount64(keys[i].mask&^(mask|eBit)) <= keys[i].tol {
			return true
		}
	}
	return false
}

// MayMatch reports whether a participant whose folded name is name
// (Fold(last + " " + first), as a search index keeps it) may be
// LikelySame with the entry by name.
func (f *NameFilter) MayMatch(name []byte) bool {
	if f.all {
		return true
	}
	if !f.MayMatchLetters(LetterMask(name)) {
		return false
	}
	// The words of name: offsets, letter masks, whether ASCII.
	var (
		start, end [filterMaxWords]int
		masks      [filterMaxWords]uint64
		ascii      [filterMaxWords]bool
		sizes      [filterMaxWords]int // bytes without e
	)
	n := 0
	for i := 0; i < len(name); {
		if name[i] == ' ' {
			i++
			continue
		}
		if n == filterMaxWords {
			return true
		}
		start[n] = i
		var m uint64
		var hi byte
		es := 0
		for ; i < len(name) && name[i] != ' '; i++ {
			m |= 1 << (name[i] & 63)
			hi |= name[i]
			if name[i] == 'e' {
				es++
			}
		}
		end[n], masks[n], ascii[n], sizes[n] = i, m&^eBit, hi < 0x80, i-start[n]-es
		n++
	}
	var buf [64]byte
	foundLast, foundFirst := false, false
	for i := 0; i < n; i++ {
		var mask uint64
		size, isASCII := 0, true
		for j := i; j < n; j++ {
			size += sizes[j]
			mask |= masks[j]
			isASCII = isASCII && ascii[j]
			// A key is at least as many bytes as letters; a run of
			// words is at most as many letters as bytes (for ASCII,
			// exactly).
			if isASCII && size > f.maxLen+2 {
				break
			}
			tryLast := !foundLast && mayBeNear(f.last, size, mask, isASCII)
			tryFirst := !foundFirst && mayBeNear(f.first, size, mask, isASCII)
			if !tryLast && !tryFirst {
				continue
			}
			run := buf[:0]
			for k := i; k <= j; k++ {
				for _, b := range name[start[k]:end[k]] {
					if b != 'e' {
						run = append(run, b)
					}
				}
			}
			if tryLast && nearKey(f.last, run, mask, isASCII) {
				foundLast = true
			}
			if tryFirst && nearKey(f.first, run, mask, isASCII) {
				foundFirst = true
			}
			if foundLast && foundFirst {
				return true
			}
		}
	}
	return false
}

// mayBeNear is nearKey's cheap part: lengths and letters only.
func mayBeNear(keys []nameKey, size int, mask uint64, ascii bool) bool {
	for i := range keys {
		k := &keys[i]
		if !(k.ascii && ascii) {
			return true
		}
		if d := len(k.s) - size; d > k.tol || d < -k.tol {
			continue
		}
		if bits.OnesCount64(k.mask&^mask) <= k.tol && bits.OnesCount64(mask&^k.mask) <= k.tol {
			return true
		}
	}
	return false
}

// nearKey reports whether run is within the tolerance of one of keys.
func nearKey(keys []nameKey, run []byte, mask uint64, ascii bool) bool {
	for i := range keys {
		k := &keys[i]
		if !(k.ascii && ascii) {
			// Letters of several bytes: count letters, not bytes.
			if EditDistance(string(k.s), string(run), k.tol) <= k.tol {
				return true
			}
			continue
		}
		if d := len(k.s) - len(run); d > k.tol || d < -k.tol {
			continue
		}
		// Each edit takes away at most one letter of either side.
		if bits.OnesCount64(k.mask&^mask) > k.tol || bits.OnesCount64(mask&^k.mask) > k.tol {
			continue
		}
		if osa(k.s, run, k.tol) <= k.tol {
			return true
		}
	}
	return false
}
