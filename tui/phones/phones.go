// Package phones is the desk's screen about the hotspot form: the address
// runners open, its QR code to show or print as a sign, and what came in.
package phones

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/printer"
	"github.com/racedesk/racedesk/syncclient/island"
	"github.com/racedesk/racedesk/tui/hotspot"
	"github.com/racedesk/racedesk/tui/screen"
)

// Info is what the desk knows about its running hotspot server.
type Info struct {
	URLs  []string
	Stats func() hotspot.Stats
}

// Island is what the desk knows as the island's hub (it runs with
// --serve): the addresses desks join at and the board of devices.
type Island struct {
	URLs  []string
	Board *island.Board
}

// Model is the screen.
type Model struct {
	ctx     *screen.Context
	info    *Info // nil: the form is not served
	hub     *Island
	board   island.Snapshot
	qr      string
	pending int
	print   key.Binding
	width   int
	height  int
}

// New builds the screen; info is nil when the desk serves no form, hub
// when it is not the island's hub.
func New(ctx *screen.Context, info *Info, hub *Island) *Model {
	m := &Model{ctx: ctx, info: info, hub: hub,
		print: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", msg.T(ctx.Lang, msg.KeyPrintSign)))}
	if info != nil && len(info.URLs) > 0 {
		m.qr, _ = hotspot.TerminalQR(info.URLs[0])
	}
	return m
}

type countMsg int

// boardMsg is the hub's board, read every boardEvery.
type boardMsg island.Snapshot

// boardEvery: desks sync every 1.5 s; "last sync" moves by the second.
const boardEvery = 2 * time.Second

func (m *Model) Init() tea.Cmd {
	if m.hub == nil {
		return m.count()
	}
	return tea.Batch(m.count(), m.readBoard(0))
}

// readBoard reads the board after d, in a command: it reads the store.
func (m *Model) readBoard(d time.Duration) tea.Cmd {
	b := m.hub.Board
	read := func(time.Time) tea.Msg { return boardMsg(b.Snapshot()) }
	if d == 0 {
		return func() tea.Msg { return read(time.Time{}) }
	}
	return tea.Tick(d, read)
}

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
	case boardMsg:
		m.board = island.Snapshot(message)
		return m, m.readBoard(boardEvery)
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
	hub := m.hubView()
	st, t := m.ctx.Styles, m.ctx.T
	lines := append(hub, st.Title.Render(t(msg.SignTitle)))
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

// hubView is the island's board when this desk is the hub: where desks
// join, whether the cloud has everything, and each device (nil: not the
// hub). It ends with a blank line.
func (m *Model) hubView() []string {
	if m.hub == nil {
		return nil
	}
	st, t := m.ctx.Styles, m.ctx.T
	lines := []string{st.Title.Render(t(msg.IslandTitle))}
	for _, u := range m.hub.URLs {
		lines = append(lines, "  "+screen.Clip(t(msg.IslandJoin, u), m.width-2))
	}
	b := m.board
	head := t(msg.IslandHead, len(b.Devices)) + " · "
	if !b.InCloud.IsZero() {
		head += st.Good.Render("✓ " + t(msg.IslandInCloud, b.InCloud.Format("15:04:05")))
	} else {
		head += st.Warn.Render("! " + t(msg.IslandWaiting, b.Waiting))
	}
	lines = append(lines, head)
	for _, d := range b.Devices {
		clock := t(msg.IslandClockOK)
		if d.Offset.Abs() >= 2*time.Second {
			clock = st.Warn.Render("! " + t(msg.IslandClock, fmt.Sprintf("%+v", d.Offset.Round(time.Second))))
		}
		line := t(msg.IslandDevice, screen.Safe(d.Desk), d.Last.Format("15:04:05"), b.At.Sub(d.Last).Round(time.Second), d.Waiting, clock)
		lines = append(lines, "  "+screen.Clip(line, m.width-2))
	}
	return append(lines, "")
}

// ShortHelp and FullHelp for the help line.
func (m *Model) ShortHelp() []key.Binding { return []key.Binding{m.print} }

func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
