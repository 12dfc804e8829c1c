package screen

import "github.com/charmbracelet/lipgloss"

// Clip shortens s to at most n terminal columns, ending in "…" when cut,
// so long names never push a column or a line out of place.
func Clip(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if lipgloss.Width(s) <= n {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && lipgloss.Width(string(r))+1 > n {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
