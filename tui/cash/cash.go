// Package cash is the cash report on the desk (Kassenabschluss): the
// event's payments by method and this desk's bookings, the other desks',
// what is still open and who is checked in unpaid. It is a child of the
// print screen (F6, then k): it is what the desk prints at the end of the
// day, and the tab line has no room for a screen of its own at 80
// columns. While shown it recomputes whenever the store reports a commit
// (one computation at a time; commits meanwhile wait for the next).
package cash

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/printer"
	"github.com/racedesk/racedesk/tui/screen"
)

// Keys are the cash view's bindings.
type Keys struct{ Up, Down, PageUp, PageDown, Print key.Binding }

// Model is the cash view.
type Model struct {
	ctx    *screen.Context
	keys   Keys
	report *model.CashReport
	text   []screen.CashLine // the report laid out, once per report
	at     time.Time
	err    error
	offset int
	width  int
	height int
	// busy: a computation runs; dirty: the store changed since it began.
	busy, dirty bool
	// stale: the store changed while the view was hidden.
	stale bool
}

// New builds the view.
func New(ctx *screen.Context) *Model {
	t := func(k msg.Key) string { return msg.T(ctx.Lang, k) }
	return &Model{ctx: ctx, stale: true, keys: Keys{
		Up:       key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", t(msg.KeyScroll))),
		Down:     key.NewBinding(key.WithKeys("down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup")),
		PageDown: key.NewBinding(key.WithKeys("pgdown")),
		Print:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", t(msg.KeyPrintCash))),
	}}
}

// computedMsg carries a report the store computed.
type computedMsg struct {
	report model.CashReport
	text   []screen.CashLine
	at     time.Time
	err    error
}

// Show is called when the view comes on screen: it computes the report
// unless the one shown is current.
func (m *Model) Show() tea.Cmd {
	m.offset = 0
	if !m.stale && m.report != nil {
		return nil
	}
	m.stale = false
	return m.compute()
}

// Hidden records a commit while the view is not shown: nothing is
// computed out of sight; Show computes afresh.
func (m *Model) Hidden() { m.stale = true }

// compute starts a computation, or marks the one running as out of date.
func (m *Model) compute() tea.Cmd {
	if m.busy {
		m.dirty = true
		return nil
	}
	m.busy = true
	s, now, lang := m.ctx.Store, m.ctx.Now, m.ctx.Lang
	return func() tea.Msg {
		r, err := s.CashReport()
		if err != nil {
			return computedMsg{err: err}
		}
		text := screen.CashLines(lang, s.Event(), r, screen.CashView{Desk: s.Device().Desk})
		return computedMsg{report: r, text: text, at: now()}
	}
}

// SetSize takes the body's size.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// Update handles the view's keys, its results and the store's commits.
func (m *Model) Update(message tea.Msg) tea.Cmd {
	switch message := message.(type) {
	case computedMsg:
		m.busy = false
		m.err = message.err
		if message.err == nil {
			m.report, m.text, m.at = &message.report, message.text, message.at
		}
		if m.dirty {
			m.dirty = false
			return m.compute()
		}
	case screen.StoreChangedMsg:
		return m.compute()
	case tea.KeyMsg:
		page := max(1, m.room()-1)
		switch {
		case key.Matches(message, m.keys.Up):
			m.offset--
		case key.Matches(message, m.keys.Down):
			m.offset++
		case key.Matches(message, m.keys.PageUp):
			m.offset -= page
		case key.Matches(message, m.keys.PageDown):
			m.offset += page
		case key.Matches(message, m.keys.Print):
			return m.print()
		}
		m.offset = max(0, min(m.offset, len(m.lines())-m.room()))
	}
	return nil
}

// print lays the report out as it stands now, for a preview (Enter
// sends it, Esc drops it).
func (m *Model) print() tea.Cmd {
	s, lang, now := m.ctx.Store, m.ctx.Lang, m.ctx.Now()
	return func() tea.Msg {
		ev := s.Event()
		pr, err := printer.EventPrinter(ev, "")
		if err != nil {
			return screen.PrintProblemMsg{Err: err}
		}
		r, err := s.CashReport()
		if err != nil {
			return screen.PrintProblemMsg{Err: err}
		}
		d, err := printer.Layout{Event: ev, Config: pr.Config, Lang: lang, Now: now, Desk: s.Device().Desk}.CashReport(r)
		if err != nil {
			return screen.PrintProblemMsg{Err: err}
		}
		return screen.PrintMsg{Doc: d, Printer: pr, Preview: true}
	}
}

// lines is the report as text.
func (m *Model) lines() []screen.CashLine { return m.text }

// room is how many lines of the report fit under the title.
func (m *Model) room() int { return max(1, m.height-1) }

// View is the title with the time of the numbers (and arrows when more
// of the report is above or below), then the report from the scroll
// position.
func (m *Model) View() string {
	st, t := m.ctx.Styles, m.ctx.T
	lines := m.lines()
	m.offset = max(0, min(m.offset, len(lines)-m.room()))
	title := st.Title.Render(t(msg.TabPrint)+" › "+t(msg.CashTitle)) + "  "
	switch {
	case m.err != nil:
		title += st.Bad.Render("✗ " + m.ctx.Err(m.err))
	case m.report == nil || m.busy:
		title += st.Dim.Render(t(msg.CashLoading))
	default:
		title += st.Dim.Render(t(msg.CashAt, m.at.Format("15:04:05")))
	}
	scroll := ""
	if m.offset > 0 {
		scroll += "↑"
	}
	if len(lines) > m.offset+m.room() {
		scroll += "↓"
	}
	if scroll != "" {
		title += "  " + st.Value.Render(scroll)
	}
	out := []string{screen.Clip(title, m.width)}
	for i := m.offset; i < len(lines) && i < m.offset+m.room(); i++ {
		l := lines[i]
		text := screen.Clip(l.Text, max(1, m.width-1))
		switch l.Kind {
		case screen.CashHeading, screen.CashMine:
			text = st.Value.Render(text)
		case screen.CashColumns, screen.CashSub, screen.CashNote:
			text = st.Dim.Render(text)
		}
		out = append(out, text)
	}
	return strings.Join(out, "\n")
}

// ShortHelp and FullHelp for the help line (the print screen adds how to
// go back).
func (m *Model) ShortHelp() []key.Binding { return []key.Binding{m.keys.Up, m.keys.Print} }

func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
