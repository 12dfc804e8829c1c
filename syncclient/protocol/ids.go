package protocol

import (
	"cmp"
	"encoding/hex"
	"maps"
	"slices"
)

// uuidBytes is the 16 bytes of a UUID in canonical lower-case text
// (8-4-4-4-12 hex digits), or false for any other ID: those travel as
// text, so every ID comes back exactly as it was written.
func uuidBytes(s string) (b [16]byte, ok bool) {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return b, false
	}
	j := 0
	for i := 0; i < 36; i += 2 {
		if s[i] == '-' {
			i--
			continue
		}
		hi, ok1 := lowerHex(s[i])
		lo, ok2 := lowerHex(s[i+1])
		if !ok1 || !ok2 {
			return b, false
		}
		b[j] = hi<<4 | lo
		j++
	}
	return b, true
}

func lowerHex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}

// uuidText is the canonical text of 16 UUID bytes.
func uuidText(b []byte) string {
	var t [36]byte
	hex.Encode(t[0:8], b[0:4])
	t[8] = '-'
	hex.Encode(t[9:13], b[4:6])
	t[13] = '-'
	hex.Encode(t[14:18], b[6:8])
	t[18] = '-'
	hex.Encode(t[19:23], b[8:10])
	t[23] = '-'
	hex.Encode(t[24:], b[10:])
	return string(t[:])
}

// sortedKeys gives a map's keys in order, so an ack encodes the same way
// every time.
func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
}
