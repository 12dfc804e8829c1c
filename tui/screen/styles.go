package screen

import (
	"os"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles are every style the desk uses, built once. The palette is high
// contrast (bold, black on white / white on blue) for a laptop screen in
// daylight; every state colour also carries a symbol or a word, so nothing
// depends on colour alone.
type Styles struct {
	Bar       lipgloss.Style // header and status bars
	BarBold   lipgloss.Style
	Tab       lipgloss.Style
	TabActive lipgloss.Style
	Title     lipgloss.Style
	Label     lipgloss.Style
	Value     lipgloss.Style
	Selected  lipgloss.Style
	Good      lipgloss.Style
	Warn      lipgloss.Style
	Bad       lipgloss.Style
	Dim       lipgloss.Style
	Big       lipgloss.Style
	Box       lipgloss.Style
}

// NewStyles builds the styles. With NO_COLOR set (https://no-color.org)
// the colour profile is plain ASCII: layout, bold and symbols remain.
func NewStyles() Styles {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		lipgloss.SetColorProfile(termenv.Ascii)
	}
	fgOnBar := lipgloss.Color("#ffffff")
	bar := lipgloss.Color("#003a70")
	accent := lipgloss.AdaptiveColor{Light: "#003a70", Dark: "#87cfff"}
	return Styles{
		Bar:       lipgloss.NewStyle().Foreground(fgOnBar).Background(bar),
		BarBold:   lipgloss.NewStyle().Foreground(fgOnBar).Background(bar).Bold(true),
		Tab:       lipgloss.NewStyle(),
		TabActive: lipgloss.NewStyle().Bold(true).Reverse(true),
		Title:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		Label:     lipgloss.NewStyle(),
		Value:     lipgloss.NewStyle().Bold(true),
		Selected:  lipgloss.NewStyle().Bold(true).Reverse(true),
		Good:      lipgloss.NewStyle().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "#005f00", Dark: "#5fff5f"}),
		Warn:      lipgloss.NewStyle().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "#875f00", Dark: "#ffd700"}),
		Bad:       lipgloss.NewStyle().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "#af0000", Dark: "#ff5f5f"}),
		Dim:       lipgloss.NewStyle().Faint(true),
		Big:       lipgloss.NewStyle().Bold(true).Foreground(accent),
		Box:       lipgloss.NewStyle().Border(lipgloss.NormalBorder()).Padding(0, 1),
	}
}
