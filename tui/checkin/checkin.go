// Package checkin is the desk's home screen: one search field over names,
// bibs and clubs, the result list, and the participant card with its
// actions (check in, payment, edit, DNS, label) and history.
package checkin

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

// resultLimit bounds the list: five screens; more means typing on.
const resultLimit = 100

// Model is the check-in screen.
type Model struct {
	ctx    *screen.Context
	keys   keys
	input  textinput.Model
	width  int
	height int

	// Search state. seq tags each search so a slow answer to an old query
	// never replaces the answer to a newer one.
	seq      int
	answered int  // the seq whose answer hits holds
	openNext bool // Enter came before the answer to the typed query
	hits     []store.Hit
	cursor   int
	offset   int
	lastErr  error

	card    *card // non-nil while a participant's card is open
	patcher screen.Patcher
}

// New builds the screen.
func New(ctx *screen.Context) *Model {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = ctx.T(msg.SearchPlaceholder)
	in.CharLimit = 60
	// A steady cursor: no blink ticks re-rendering the screen all day.
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Focus()
	return &Model{ctx: ctx, keys: newKeys(ctx.Lang), input: in}
}

// searchMsg carries results for query number seq.
type searchMsg struct {
	seq  int
	hits []store.Hit
	err  error
}

// patchMsg carries, for query number seq, the changed participants (ids)
// that match it; all: too much changed, search again.
type patchMsg struct {
	seq  int
	all  bool
	ids  []string
	hits []store.Hit
	err  error
}

func (m *Model) Init() tea.Cmd { return m.search() }

// search runs the current query in a command.
func (m *Model) search() tea.Cmd {
	m.seq++
	seq, q, s := m.seq, m.input.Value(), m.ctx.Store
	return func() tea.Msg {
		hits, err := s.Search(q, resultLimit)
		return searchMsg{seq: seq, hits: hits, err: err}
	}
}

// SetSize takes the body's size from the root model.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.input.Width = max(10, w-4)
	if m.card != nil {
		m.card.setSize(w, h)
	}
}

func (m *Model) Update(message tea.Msg) (screen.Screen, tea.Cmd) {
	switch message := message.(type) {
	case searchMsg:
		if message.seq != m.seq {
			return m, nil // stale
		}
		m.hits, m.lastErr, m.answered = message.hits, message.err, message.seq
		m.clampCursor()
		if m.openNext && m.card == nil {
			m.openNext = false
			return m, m.openSelected()
		}
		return m, nil
	case screen.OpenParticipantMsg:
		return m, m.open(message.ID)
	case patchMsg:
		cmd := m.applyPatch(message)
		if next, ok := m.patcher.Done(); ok {
			cmd = tea.Batch(cmd, m.readPatch(next))
		}
		return m, cmd
	case screen.StoreChangedMsg:
		return m, m.changed(message.Delta)
	}
	if m.card != nil {
		return m.updateCard(message)
	}
	if k, ok := message.(tea.KeyMsg); ok {
		return m.updateSearchKey(k)
	}
	return m, nil
}

func (m *Model) updateSearchKey(k tea.KeyMsg) (screen.Screen, tea.Cmd) {
	switch {
	case key.Matches(k, m.keys.Up):
		m.cursor--
	case key.Matches(k, m.keys.Down):
		m.cursor++
	case key.Matches(k, m.keys.PageUp):
		m.cursor -= m.listHeight()
	case key.Matches(k, m.keys.PageDown):
		m.cursor += m.listHeight()
	case key.Matches(k, m.keys.Open):
		if m.answered != m.seq {
			// Typed faster than the search answers: open what the
			// typed query finds, never a row of the list before it.
			m.openNext = true
			return m, nil
		}
		return m, m.openSelected()
	case key.Matches(k, m.keys.Clear):
		if m.input.Value() == "" {
			return m, nil
		}
		m.input.SetValue("")
		m.cursor, m.offset = 0, 0
		return m, m.search()
	default:
		before := m.input.Value()
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(k)
		if m.input.Value() != before {
			m.cursor, m.offset, m.openNext = 0, 0, false
			return m, tea.Batch(cmd, m.search())
		}
		return m, cmd
	}
	m.clampCursor()
	return m, nil
}

func (m *Model) clampCursor() {
	m.cursor = max(0, min(m.cursor, len(m.hits)-1))
	h := m.listHeight()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+h {
		m.offset = m.cursor - h + 1
	}
}

// listHeight is how many result rows fit under the search field.
func (m *Model) listHeight() int { return max(1, m.height-4) }

// changed patches the hits (and the open card) from what a commit
// changed, instead of searching everyone again.
func (m *Model) changed(d store.Delta) tea.Cmd {
	var cmds []tea.Cmd
	if m.card != nil && (d.All || d.Participants[m.card.id]) {
		cmds = append(cmds, m.card.reload())
	}
	switch {
	case d.All || m.answered != m.seq:
		// Too much changed, or a search is under way that may have read
		// before the commit: search again.
		cmds = append(cmds, m.search())
	case len(d.Participants) > 0:
		if d, ok := m.patcher.Start(d); ok {
			cmds = append(cmds, m.readPatch(d))
		}
	}
	return tea.Batch(cmds...)
}

// readPatch matches the changed participants against the query in a
// command (one at a time: see screen.Patcher).
func (m *Model) readPatch(d store.Delta) tea.Cmd {
	seq, q, s, ids := m.seq, m.input.Value(), m.ctx.Store, d.IDs()
	if d.All {
		return func() tea.Msg { return patchMsg{seq: seq, all: true} }
	}
	return func() tea.Msg {
		hits, err := s.SearchAmong(q, ids)
		return patchMsg{seq: seq, ids: ids, hits: hits, err: err}
	}
}

// applyPatch replaces the changed participants in the hits, keeping the
// search's order and the highlighted runner.
func (m *Model) applyPatch(p patchMsg) tea.Cmd {
	if p.seq != m.seq {
		return nil // a newer search answers for the newer query
	}
	if p.err != nil || p.all {
		return m.search()
	}
	gone := make(map[string]bool, len(p.ids))
	for _, id := range p.ids {
		gone[id] = true
	}
	selected := ""
	if m.cursor < len(m.hits) {
		selected = m.hits[m.cursor].Participant.ID
	}
	full := len(m.hits) >= resultLimit
	hits := make([]store.Hit, 0, len(m.hits)+len(p.hits))
	for _, h := range m.hits {
		if !gone[h.Participant.ID] {
			hits = append(hits, h)
		}
	}
	hits = append(hits, p.hits...)
	if full && len(hits) < resultLimit {
		return m.search() // someone left a full list: the next one is not here
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].Before(&hits[j]) })
	m.hits = hits[:min(len(hits), resultLimit)]
	for i, h := range m.hits {
		if h.Participant.ID == selected {
			m.cursor = i
		}
	}
	m.clampCursor()
	return nil
}

// openSelected opens the highlighted hit, if any.
func (m *Model) openSelected() tea.Cmd {
	if len(m.hits) == 0 {
		return nil
	}
	return m.open(m.hits[m.cursor].Participant.ID)
}

// open shows a participant's card.
func (m *Model) open(id string) tea.Cmd {
	m.card = newCard(m.ctx, m.keys, id)
	m.card.setSize(m.width, m.height)
	return m.card.reload()
}

func (m *Model) updateCard(message tea.Msg) (screen.Screen, tea.Cmd) {
	cmd, closed := m.card.update(message)
	if closed {
		if m.card.done {
			// Checked in: the next runner in the queue starts afresh.
			m.input.SetValue("")
			m.cursor, m.offset = 0, 0
		}
		m.card = nil
		return m, tea.Batch(cmd, m.search())
	}
	return m, cmd
}

func (m *Model) View() string {
	if m.card != nil {
		return m.card.view()
	}
	st := m.ctx.Styles
	var b strings.Builder
	title := st.Title.Render(m.ctx.T(msg.SearchTitle))
	switch n := len(m.hits); {
	case n >= resultLimit:
		title += st.Dim.Render(" · " + m.ctx.T(msg.FoundMany, resultLimit))
	case n > 0:
		title += st.Dim.Render(" · " + m.ctx.T(msg.Found, n))
	}
	b.WriteString(title + "\n")
	b.WriteString(m.input.View() + "\n")
	if m.lastErr != nil {
		b.WriteString(st.Bad.Render("✗ "+m.ctx.Err(m.lastErr)) + "\n")
		return b.String()
	}
	b.WriteString(st.Dim.Render(m.header()) + "\n")
	if len(m.hits) == 0 {
		b.WriteString(st.Dim.Render("  "+m.ctx.T(msg.NoMatches)) + "\n")
		return b.String()
	}
	end := min(len(m.hits), m.offset+m.listHeight())
	for i := m.offset; i < end; i++ {
		row := m.row(&m.hits[i].Participant)
		if i == m.cursor {
			b.WriteString(st.Selected.Render("›"+row[1:]) + "\n")
		} else {
			b.WriteString(row + "\n")
		}
	}
	return b.String()
}

// Column layout of the result list; fits 80 columns.
const rowFormat = " %4s  %-24s %-10s %-7s %-7s %-11s %s"

func (m *Model) header() string {
	t := m.ctx.T
	return fmt.Sprintf(rowFormat, t(msg.BibColumn), t(msg.Name), t(msg.Born), t(msg.AgeClass), t(msg.Race), t(msg.Status), t(msg.Payment))
}

func (m *Model) row(p *model.Participant) string {
	bib := "–"
	if p.Bib != 0 {
		bib = strconv.Itoa(p.Bib)
	}
	return fmt.Sprintf(rowFormat, bib, screen.Clip(p.Last+", "+p.First, 24), p.Born.Display(), m.ctx.AgeClass(p),
		screen.Clip(p.Race, 7), screen.Clip(p.Status.Label(m.ctx.Lang), 11), payShort(m.ctx, p))
}

// payShort is the payment column: "✓" when nothing is due, else the amount.
func payShort(ctx *screen.Context, p *model.Participant) string {
	r, ok := ctx.Event().Race(p.Race)
	if !ok {
		return ""
	}
	if due := model.Due(r, p); due > 0 {
		return model.FormatEuros(due)
	}
	return "✓"
}

// ShortHelp and FullHelp: the help line shows what the current mode offers.
func (m *Model) ShortHelp() []key.Binding {
	if m.card != nil {
		return m.card.shortHelp()
	}
	return []key.Binding{m.keys.Up, m.keys.Open, m.keys.Clear}
}

func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
