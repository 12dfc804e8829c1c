package tui

import (
	"os"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles are every style the desk uses, built once from the theme.
type Styles struct {
	Header    lipgloss.Style
	HeaderDim lipgloss.Style
	Title     lipgloss.Style
	Label     lipgloss.Style
	Value     lipgloss.Style
	Good      lipgloss.Style
	Warn      lipgloss.Style
	Bad       lipgloss.Style
	Dim       lipgloss.Style
	Footer    lipgloss.Style
}

// NewStyles builds the styles. With NO_COLOR set (https://no-color.org)
// the colour profile is plain ASCII, so only layout remains.
func NewStyles() Styles {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		lipgloss.SetColorProfile(termenv.Ascii)
	}
	accent := lipgloss.AdaptiveColor{Light: "#005f87", Dark: "#5fafff"}
	return Styles{
		Header:    lipgloss.NewStyle().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "#ffffff", Dark: "#000000"}).Background(accent).Padding(0, 1),
		HeaderDim: lipgloss.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#ffffff", Dark: "#000000"}).Background(accent).Padding(0, 1),
		Title:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		Label:     lipgloss.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#555555", Dark: "#aaaaaa"}),
		Value:     lipgloss.NewStyle().Bold(true),
		Good:      lipgloss.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#007700", Dark: "#5fd75f"}),
		Warn:      lipgloss.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#875f00", Dark: "#ffd75f"}),
		Bad:       lipgloss.NewStyle().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "#af0000", Dark: "#ff5f5f"}),
		Dim:       lipgloss.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#888888", Dark: "#777777"}),
		Footer:    lipgloss.NewStyle().Padding(0, 1),
	}
}
