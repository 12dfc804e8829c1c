// Package phones is the desk's screen about the hotspot form: the address
// runners open, its QR code to show or print as a sign, and what came in.
package phones

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/printer"
	"github.com/racedesk/racedesk/tui/hotspot"
	"github.com/racedesk/racedesk/tui/screen"
)

// Info is what the desk knows about its running hotspot server.
type Info struct {
	URLs  []string
	Stats func() hotspot.Stats
}

// Model is the screen.
type Model struct {
	ctx     *screen.Context
	info    *Info // nil: the form is not served
	qr      string
	pending int
	print   key.Binding
	width   int
	height  int
}

// New builds the screen; info is nil when the desk serves no form.
func New(ctx *screen.Context, info *Info) *Model {
	m := &Model{ctx: ctx, info: info,
		print: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", msg.T(ctx.Lang, msg.KeyPrintSign)))}
	if info != nil && len(info.URLs) > 0 {
		m.qr, _ = hotspot.TerminalQR(info.URLs[0])
	}
	return m
}

type countMsg int

func (m *Model) Init() tea.Cmd { return m.count() }

func (m *Model) count() tea.Cmd {
	s := m.ctx.Store
	return func() tea.Msg {
		c, _ := s.Counts()
		return countMsg(c.Pending)
	}
}

// SetSize takes the body's size.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

func (m *Model) Update(message tea.Msg) (screen.Screen, tea.Cmd) {
	switch message := message.(type) {
	case countMsg:
		m.pending = int(message)
	case screen.StoreChangedMsg:
		return m, m.count()
	case tea.KeyMsg:
		if key.Matches(message, m.print) && m.info != nil && len(m.info.URLs) > 0 {
			return m, m.sign(m.info.URLs[0])
		}
	}
	return m, nil
}

// sign lays out the table sign for a preview.
func (m *Model) sign(url string) tea.Cmd {
	ev, lang, now := m.ctx.Event(), m.ctx.Lang, m.ctx.Now()
	return func() tea.Msg {
		pr, err := printer.EventPrinter(ev, "")
		if err != nil {
			return screen.PrintProblemMsg{Err: err}
		}
		d, err := printer.Layout{Event: ev, Config: pr.Config, Lang: lang, Now: now}.HotspotSign(url, "")
		if err != nil {
			return screen.PrintProblemMsg{Err: err}
		}
		return screen.PrintMsg{Doc: d, Printer: pr, Preview: true}
	}
}

func (m *Model) View() string {
	st, t := m.ctx.Styles, m.ctx.T
	lines := []string{st.Title.Render(t(msg.SignTitle))}
	if m.info == nil {
		return strings.Join(append(lines, "", st.Dim.Render(t(msg.HotspotOff))), "\n")
	}
	for _, u := range m.info.URLs {
		lines = append(lines, st.Value.Render(u))
	}
	var stats hotspot.Stats
	if m.info.Stats != nil {
		stats = m.info.Stats()
	}
	lines = append(lines, t(msg.HotspotStats, stats.Registered, m.pending, stats.Invalid, stats.Limited+stats.Refused))
	if m.qr != "" && lipgloss.Height(m.qr)+len(lines) <= m.height {
		// Light modules on black, whatever the terminal's theme: scannable.
		qr := lipgloss.NewStyle().Foreground(lipgloss.Color("#ffffff")).Background(lipgloss.Color("#000000")).Render(m.qr)
		lines = append(lines, qr)
	}
	return strings.Join(lines, "\n")
}

// ShortHelp and FullHelp for the help line.
func (m *Model) ShortHelp() []key.Binding { return []key.Binding{m.print} }

func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
