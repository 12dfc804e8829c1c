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
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/printer"
	"github.com/racedesk/racedesk/syncclient/island"
	"github.com/racedesk/racedesk/tui/hotspot"
	"github.com/racedesk/racedesk/tui/screen"
)

// Info is what the desk knows about its running hotspot server.
type Info struct {
	URLs  []string
	Stats func() hotspot.Stats
	// Alarm reads the form's global limit and its alarm; AlarmChanged
	// signals a change (nil: no alarm to wait for). The desk's root model
	// waits on it and hands AlarmMsg to every screen that shows it.
	Alarm        func() hotspot.Alarm
	AlarmChanged <-chan struct{}
	Limit        hotspot.Limit
}

// InfoFor describes a running server.
func InfoFor(srv *hotspot.Server, urls []string) *Info {
	return &Info{URLs: urls, Stats: srv.Stats, Alarm: srv.Alarm, AlarmChanged: srv.AlarmChanged(), Limit: srv.Limit()}
}

// AlarmMsg is the form's alarm, as it is now.
type AlarmMsg hotspot.Alarm

// WaitForAlarm waits (in its own goroutine, as every Cmd) for the form's
// alarm to change and reads it; nil when there is nothing to wait for.
// Re-arm it on each AlarmMsg.
func WaitForAlarm(info *Info) tea.Cmd {
	if info == nil || info.AlarmChanged == nil || info.Alarm == nil {
		return nil
	}
	ch, read := info.AlarmChanged, info.Alarm
	return func() tea.Msg {
		<-ch
		return AlarmMsg(read())
	}
}

// AlarmText is the alarm in one short line for the status line ("" when
// there is none): "! phone form paused: 30/min reached".
func AlarmText(lang msg.Lang, a hotspot.Alarm) string {
	switch {
	case !a.Active:
		return ""
	case a.Reason == hotspot.AlarmTotal:
		return "! " + msg.T(lang, msg.FloodTotalShort, a.Limit)
	default:
		return "! " + msg.T(lang, msg.FloodRateShort, a.Limit)
	}
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
	alarm   hotspot.Alarm
	// alarmSince is when the latest alarm began (it stays after the alarm
	// clears): "since the alarm" is the first span offered for removal.
	alarmSince time.Time
	keys       purgeKeys
	purge      *purgeAsk // non-nil: asking whether to delete a batch
	purgeSeq   int
	purged     string // what the last removal did
}

// purgeKeys are the keys of removing a batch of unconfirmed registrations.
type purgeKeys struct{ Start, Yes, Span, Keep key.Binding }

// purgeAsk is the question on screen: the registrations still pending
// that came in since, listed by a command. Exactly those are deleted.
type purgeAsk struct {
	span        int
	since       time.Time
	label       string
	seq         int
	loading     bool
	ids         []string
	first, last time.Time
	err         error
}

type (
	purgeListMsg struct {
		seq     int
		entries []store.PendingEntry
		err     error
	}
	purgeDoneMsg struct {
		res store.PurgeResult
		err error
	}
)

// purgeMinutes are the spans offered after "since the alarm".
var purgeMinutes = []int{10, 30, 60}

// New builds the screen; info is nil when the desk serves no form, hub
// when it is not the island's hub.
func New(ctx *screen.Context, info *Info, hub *Island) *Model {
	t := func(k msg.Key) string { return msg.T(ctx.Lang, k) }
	m := &Model{ctx: ctx, info: info, hub: hub,
		print: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", t(msg.KeyPrintSign))),
		keys: purgeKeys{
			Start: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", t(msg.KeyPurgePending))),
			Yes:   key.NewBinding(key.WithKeys("y", "j"), key.WithHelp("y", t(msg.KeyPurgeYes))),
			Span:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", t(msg.KeyPurgeSpan))),
			Keep:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t(msg.KeyKeep))),
		}}
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
	case AlarmMsg:
		m.alarm = hotspot.Alarm(message)
		if m.alarm.Active {
			m.alarmSince = m.alarm.Since
		}
	case purgeListMsg:
		if p := m.purge; p != nil && p.seq == message.seq {
			p.loading, p.err, p.ids = false, message.err, nil
			for _, e := range message.entries {
				p.ids = append(p.ids, e.ID)
			}
			if n := len(message.entries); n > 0 {
				p.first, p.last = message.entries[0].At, message.entries[n-1].At
			}
		}
	case purgeDoneMsg:
		m.purged = m.ctx.T(msg.PurgeDone, len(message.res.Deleted))
		if message.res.Skipped > 0 {
			m.purged += " · " + m.ctx.T(msg.PurgeSkipped, message.res.Skipped)
		}
		if message.err != nil {
			m.purged += " · ✗ " + m.ctx.Err(message.err)
		}
	case tea.KeyMsg:
		if m.purge != nil {
			return m, m.purgeKey(message)
		}
		if key.Matches(message, m.print) && m.info != nil && len(m.info.URLs) > 0 {
			return m, m.sign(m.info.URLs[0])
		}
		if key.Matches(message, m.keys.Start) && m.info != nil {
			m.purged = ""
			return m, m.askPurge(0)
		}
	}
	return m, nil
}

// Asking: while the removal question is shown, every key goes to it.
func (m *Model) Asking() bool { return m.purge != nil }

// spans is how many time spans the question offers.
func (m *Model) spans() int {
	if m.alarmSince.IsZero() {
		return len(purgeMinutes)
	}
	return 1 + len(purgeMinutes)
}

// askPurge asks about span i and lists its registrations in a command.
func (m *Model) askPurge(i int) tea.Cmd {
	m.purgeSeq++
	p := &purgeAsk{span: i % m.spans(), seq: m.purgeSeq, loading: true}
	n := p.span
	if !m.alarmSince.IsZero() {
		n--
	}
	if n < 0 {
		// The registrations that tripped the limit came in the minute
		// before the first refusal.
		p.since = m.alarmSince.Add(-time.Minute)
		p.label = m.ctx.T(msg.PurgeSpanAlarm, p.since.Format("15:04:05"))
	} else {
		p.since = m.ctx.Now().Add(-time.Duration(purgeMinutes[n]) * time.Minute)
		p.label = m.ctx.T(msg.PurgeSpanLast, purgeMinutes[n])
	}
	m.purge = p
	s, since, seq := m.ctx.Store, p.since, p.seq
	return func() tea.Msg {
		list, err := s.PendingSince(since)
		return purgeListMsg{seq: seq, entries: list, err: err}
	}
}

// purgeKey answers the question: y deletes exactly the registrations
// named, tab offers another span, anything else (Enter too) keeps them.
func (m *Model) purgeKey(k tea.KeyMsg) tea.Cmd {
	p := m.purge
	switch {
	case key.Matches(k, m.keys.Span):
		return m.askPurge(p.span + 1)
	case key.Matches(k, m.keys.Yes) && !p.loading && len(p.ids) > 0:
		m.purge = nil
		s, ids := m.ctx.Store, p.ids
		return func() tea.Msg {
			res, err := s.DeletePendingIDs(ids, store.FloodReason)
			return purgeDoneMsg{res: res, err: err}
		}
	case key.Matches(k, m.keys.Yes) && p.loading:
		return nil // the count is not shown yet: nothing to confirm
	}
	m.purge = nil
	return nil
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
	if len(m.info.URLs) > 0 { // the same server shows the live results
		lines = append(lines, t(msg.LiveResultsAt, strings.TrimSuffix(m.info.URLs[0], "/")+"/results"))
	}
	var stats hotspot.Stats
	if m.info.Stats != nil {
		stats = m.info.Stats()
	}
	lines = append(lines, t(msg.HotspotStats, stats.Registered, m.pending, stats.Invalid, stats.Limited+stats.Refused+stats.Paused))
	lines = append(lines, m.alarmView()...)
	if m.purged != "" {
		lines = append(lines, st.Good.Render("✓ "+m.purged))
	}
	if m.purge != nil {
		lines = append(lines, "")
		for _, l := range m.purgeView() {
			lines = append(lines, wrap(st.Warn, l, m.width))
		}
		return strings.Join(lines, "\n") // the question, not the QR code
	}
	if m.qr != "" && lipgloss.Height(m.qr)+lipgloss.Height(strings.Join(lines, "\n")) <= m.height {
		// Light modules on black, whatever the terminal's theme: scannable.
		qr := lipgloss.NewStyle().Foreground(lipgloss.Color("#ffffff")).Background(lipgloss.Color("#000000")).Render(m.qr)
		lines = append(lines, qr)
	}
	return strings.Join(lines, "\n")
}

// alarmView is the form's global limit: the alarm with its numbers, or
// the limits in force.
func (m *Model) alarmView() []string {
	st, t := m.ctx.Styles, m.ctx.T
	a := m.alarm
	if !a.Active {
		l := m.info.Limit
		if l.PerMinute > 0 || l.MaxPending > 0 {
			return []string{st.Dim.Render(screen.Clip(t(msg.FloodLimits, l.PerMinute, l.MaxPending), m.width))}
		}
		return nil
	}
	head := t(msg.FloodRate, a.Limit)
	if a.Reason == hotspot.AlarmTotal {
		head = t(msg.FloodTotal, m.pending, a.Limit)
	}
	return []string{wrap(st.Warn, "! "+head, m.width), wrap(st.Warn, t(msg.FloodRefused, a.Refused, a.Since.Format("15:04:05")), m.width)}
}

// wrap renders s in style, wrapped at width (a question must be read whole).
func wrap(style lipgloss.Style, s string, width int) string {
	if width <= 0 {
		return style.Render(s)
	}
	return style.Width(width).Render(s)
}

// purgeView is the removal question.
func (m *Model) purgeView() []string {
	p, t := m.purge, m.ctx.T
	switch {
	case p.loading:
		return []string{p.label + " …"}
	case p.err != nil:
		return []string{"✗ " + m.ctx.Err(p.err), t(msg.PurgeNoneKeys)}
	case len(p.ids) == 0:
		return []string{t(msg.PurgeNone, p.label), t(msg.PurgeNoneKeys)}
	}
	return []string{t(msg.PurgeAsk, len(p.ids), p.label, p.first.Format("15:04:05"), p.last.Format("15:04:05")),
		t(msg.PurgeAskKeys, len(p.ids))}
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
func (m *Model) ShortHelp() []key.Binding {
	if m.purge != nil {
		return []key.Binding{m.keys.Yes, m.keys.Span, m.keys.Keep}
	}
	if m.info == nil {
		return []key.Binding{m.print}
	}
	return []key.Binding{m.print, m.keys.Start}
}

func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
