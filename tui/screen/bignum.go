package screen

import (
	"strings"

	"github.com/racedesk/racedesk/printer"
)

// BigNumber renders the digits of s five lines high, readable from across
// a table, so the volunteer can pick the bib from the stack without
// leaning in — the same block digits as the label's preview. Plain
// characters: they survive NO_COLOR and any font. Other characters are
// skipped.
func BigNumber(s string) string {
	digits := strings.Map(func(r rune) rune {
		if r < '0' || r > '9' {
			return -1
		}
		return r
	}, s)
	if digits == "" {
		return ""
	}
	return strings.Join(printer.BlockDigits(digits), "\n")
}
