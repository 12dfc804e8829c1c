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
	"github.com/charmbracelet/lipgloss"

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

	// moved: the highlighted row was chosen with the arrows, so Enter on
	// an empty search may open it (Enter, Enter alone never checks in the
	// first runner of the list).
	moved bool
	// notice says what the last action did once its card has closed (a
	// check-in whose runner's card was left by typing the next name).
	notice     string
	noticeKind int
	undo       undoState
	// queue holds keys typed while the screen settles (a search to open,
	// a card being read, an action under way): they are handled in order
	// once it has, as if the volunteer had waited.
	queue []tea.KeyMsg
}

// settling reports whether keys must wait for an answer first.
func (m *Model) settling() bool {
	return m.openNext || m.undo.loading || (m.card != nil && m.card.settling())
}

// drain handles the keys that waited, in order, while the screen is
// settled.
func (m *Model) drain() tea.Cmd {
	var cmds []tea.Cmd
	for len(m.queue) > 0 && !m.settling() {
		k := m.queue[0]
		m.queue = m.queue[1:]
		_, cmd := m.handleKey(k)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
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
	if k, ok := message.(tea.KeyMsg); ok {
		if m.settling() {
			m.queue = append(m.queue, k)
			return m, nil
		}
		return m.handleKey(k)
	}
	_, cmd := m.update(message)
	return m, tea.Batch(cmd, m.drain())
}

// handleKey handles one key on a settled screen.
func (m *Model) handleKey(k tea.KeyMsg) (screen.Screen, tea.Cmd) {
	if m.undo.asking() {
		return m, m.undoKey(k)
	}
	if key.Matches(k, m.keys.Undo) {
		return m, m.startUndo()
	}
	if m.card != nil {
		return m.updateCard(k)
	}
	return m.updateSearchKey(k)
}

// update handles everything but keys.
func (m *Model) update(message tea.Msg) (screen.Screen, tea.Cmd) {
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
	case actionMsg:
		if m.card == nil || m.card.id != message.id {
			return m, m.actionAfterCard(message)
		}
	case undoListMsg, undoneMsg:
		return m, m.updateUndo(message)
	case withdrawnMsg:
		if m.card != nil && m.card.id == message.id {
			m.card.busy = false
		}
		if message.err != nil {
			m.setNotice(noticeBad, "✗ "+m.ctx.Err(message.err))
			return m, nil
		}
		cmd := m.open(message.match)
		m.card.setNotice(noticeWarn, "! "+message.notice)
		return m, cmd
	}
	if m.card != nil {
		return m.updateCard(message)
	}
	return m, nil
}

// actionAfterCard shows what an action did when its card has already
// closed (the volunteer typed the next name while it ran): the check-in
// is on disk, the runner's label still prints.
func (m *Model) actionAfterCard(a actionMsg) tea.Cmd {
	if a.err != nil {
		m.noticeKind, m.notice = noticeBad, "✗ "+a.p.FullName()+": "+m.ctx.Err(a.err)
		return nil
	}
	if a.checkIn != nil && !a.checkIn.Already {
		kind, text := checkInNotice(m.ctx, a.p)
		m.noticeKind, m.notice = kind, m.named(text, a.p.FullName())
		return screen.LabelCmd(m.ctx, a.p, false)
	}
	m.noticeKind, m.notice = noticeGood, m.named("✓ "+a.notice, a.p.FullName())
	return nil
}

// named puts whose it is into a notice ("✓ checked in, bib 400" becomes
// "✓ Müller, Jörg: checked in, bib 400"): on the search screen the card
// that said it is gone.
func (m *Model) named(notice, name string) string {
	symbol, text, ok := strings.Cut(notice, " ")
	if !ok || strings.Contains(text, name) {
		return notice
	}
	return symbol + " " + m.ctx.T(msg.CheckedInOther, name, text)
}

// Asking reports whether the screen is asking something (a payment, an
// undo): the desk's global keys then go to the question.
func (m *Model) Asking() bool {
	return m.undo.asking() || (m.card != nil && m.card.asking != askNone)
}

func (m *Model) updateSearchKey(k tea.KeyMsg) (screen.Screen, tea.Cmd) {
	// What the last check-in did stays in sight while the next name is
	// typed; moving, opening or clearing ends it, as typing ends the hint.
	if typing := printable(k) || k.Type == tea.KeyBackspace; !typing || m.notice == "! "+m.ctx.T(msg.TypeToSearch) {
		m.notice = ""
	}
	switch {
	case key.Matches(k, m.keys.Up):
		m.cursor--
		m.moved = true
	case key.Matches(k, m.keys.Down):
		m.cursor++
		m.moved = true
	case key.Matches(k, m.keys.PageUp):
		m.cursor -= m.listHeight()
		m.moved = true
	case key.Matches(k, m.keys.PageDown):
		m.cursor += m.listHeight()
		m.moved = true
	case key.Matches(k, m.keys.Open):
		if strings.TrimSpace(m.input.Value()) == "" && !m.moved {
			m.noticeKind, m.notice = noticeWarn, "! "+m.ctx.T(msg.TypeToSearch)
			return m, nil
		}
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
			m.cursor, m.offset, m.openNext, m.moved = 0, 0, false, false
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

// listHeight is how many result rows fit under the search field (and
// the notice line, when one shows).
func (m *Model) listHeight() int {
	if m.noticeLine() != "" {
		return max(1, m.height-5)
	}
	return max(1, m.height-4)
}

// noticeLine is what the last action did or the undo question, styled
// ("" when there is nothing to say).
func (m *Model) noticeLine() string {
	st := m.ctx.Styles
	if q := m.undo.question(m.ctx); q != "" {
		return st.Warn.Render(screen.Clip(q, m.width))
	}
	if m.notice == "" {
		return ""
	}
	style := []lipgloss.Style{st.Good, st.Warn, st.Bad}[m.noticeKind]
	return style.Render(screen.Clip(screen.Safe(m.notice), m.width))
}

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
	cmd, out := m.card.update(message)
	switch out {
	case close:
		m.card = nil
		return m, tea.Batch(cmd, m.search())
	case next:
		m.closeForNext()
		return m, tea.Batch(cmd, m.search())
	case typeAhead:
		// The next runner's name, typed while this card still shows:
		// it goes to a fresh search, never to this card.
		m.closeForNext()
		return m.updateSearchKey(message.(tea.KeyMsg))
	}
	return m, cmd
}

// closeForNext closes the card for the next runner: an empty search, and
// what the card last said kept on the search screen.
func (m *Model) closeForNext() {
	if c := m.card; c.notice != "" && c.loaded {
		m.noticeKind, m.notice = c.noticeKind, m.named(c.notice, c.p.FullName())
	}
	if c := m.card; c.busy {
		m.notice = "" // its answer arrives after the card is gone (actionAfterCard)
	}
	m.card = nil
	m.input.SetValue("")
	m.cursor, m.offset, m.moved = 0, 0, false
}

func (m *Model) View() string {
	if m.card != nil {
		if q := m.undo.question(m.ctx); q != "" {
			return m.ctx.Styles.Warn.Render(screen.Clip(q, m.width)) + "\n" + m.card.view()
		}
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
	if line := m.noticeLine(); line != "" {
		b.WriteString(line + "\n")
	}
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
	return fmt.Sprintf(rowFormat, bib, screen.Clip(screen.Safe(p.Last+", "+p.First), 24), p.Born.Display(), m.ctx.AgeClass(p),
		screen.Clip(screen.Safe(p.Race), 7), screen.Clip(p.Status.Label(m.ctx.Lang), 11), payShort(m.ctx, p))
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
	if m.undo.asking() {
		return []key.Binding{m.keys.Yes, m.keys.Keep}
	}
	if m.card != nil {
		return m.card.shortHelp()
	}
	return []key.Binding{m.keys.Up, m.keys.Open, m.keys.Clear, m.keys.Undo}
}

func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
