package screen

import "strings"

// bigDigits are five-line block digits, readable from across a table, so
// the volunteer can pick the bib from the stack without leaning in. Plain
// characters: they survive NO_COLOR and any font.
var bigDigits = [10][5]string{
	{"█████", "█   █", "█   █", "█   █", "█████"},
	{"   █ ", "  ██ ", "   █ ", "   █ ", "  ███"},
	{"█████", "    █", "█████", "█    ", "█████"},
	{"█████", "    █", " ████", "    █", "█████"},
	{"█   █", "█   █", "█████", "    █", "    █"},
	{"█████", "█    ", "█████", "    █", "█████"},
	{"█████", "█    ", "█████", "█   █", "█████"},
	{"█████", "    █", "   █ ", "  █  ", "  █  "},
	{"█████", "█   █", "█████", "█   █", "█████"},
	{"█████", "█   █", "█████", "    █", "█████"},
}

// BigNumber renders the digits of s five lines high; other characters are
// skipped.
func BigNumber(s string) string {
	var lines [5]strings.Builder
	first := true
	for _, r := range s {
		if r < '0' || r > '9' {
			continue
		}
		for i := range lines {
			if !first {
				lines[i].WriteString("  ")
			}
			lines[i].WriteString(bigDigits[r-'0'][i])
		}
		first = false
	}
	out := make([]string, len(lines))
	for i := range lines {
		out[i] = lines[i].String()
	}
	return strings.Join(out, "\n")
}
