// Package tui is the desk's terminal interface (Bubble Tea). The root
// model here owns the header, the tabs, the status bar and the help line;
// the screens (checkin, register) are child models in sub-packages that
// share a screen.Context.
package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/printer"
	"github.com/racedesk/racedesk/syncclient"
	"github.com/racedesk/racedesk/tui/checkin"
	"github.com/racedesk/racedesk/tui/hotspot"
	"github.com/racedesk/racedesk/tui/phones"
	"github.com/racedesk/racedesk/tui/printq"
	"github.com/racedesk/racedesk/tui/register"
	"github.com/racedesk/racedesk/tui/results"
	"github.com/racedesk/racedesk/tui/screen"
	"github.com/racedesk/racedesk/tui/timing"
)

// Options configure the desk.
type Options struct {
	Lang msg.Lang
	// BackupDir, BackupEvery and BackupKeep make the desk write rotating
	// backups (a USB stick); empty dir: none.
	BackupDir   string
	BackupEvery time.Duration
	BackupKeep  int
	// Now is the clock (tests pin it).
	Now func() time.Time
	// Sync, when set, runs in the background while the desk is open.
	Sync *syncclient.Client
	// SyncProblem says why a remembered cloud cannot be used.
	SyncProblem error
	// Stopwatch is the timing clock (tests pin it); default: monotonic,
	// anchored to the wall clock when the desk opens.
	Stopwatch func() time.Time
	// Queue is the print queue (default: one over the store). Run starts
	// its sender; tests may leave it idle.
	Queue *printer.Queue
	// Phones describes the hotspot form the desk serves (nil: none).
	Phones *phones.Info
	// Island is set when the desk is the island's hub too (--serve).
	Island *phones.Island
	// Notice is shown in the status line until the first key (e.g. that
	// the file was copied and took a new sync identity).
	Notice string
}

// App is the root model.
type App struct {
	ctx     *screen.Context
	opts    Options
	keys    appKeys
	help    help.Model
	screens map[screen.ID]screen.Screen
	active  screen.ID
	ready   bool
	width   int
	height  int
	now     time.Time
	counts  store.Counts
	err     error
	backup  backupMsg
	sync    syncclient.Status
	printSt printer.Status
	preview *preview
	notice  string
	// quitting holds what would be lost while the desk asks whether to
	// quit anyway ("" : not asking).
	quitting string
	watch    *store.Watcher
	// stale holds what changed while a screen was not shown: it gets the
	// merged delta when it is shown (nothing recomputes out of sight).
	stale map[screen.ID]*store.Delta
	// formAlarm is the phone form's alarm (its global limit tripped):
	// said on every screen.
	formAlarm phones.AlarmMsg
	autoSlips autoSlips // finish slips printed on their own (slips.go)
}

// New builds the desk over an open store.
func New(s *store.Store, opts Options) *App {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Lang == "" {
		opts.Lang = msg.Default
	}
	if opts.Stopwatch == nil {
		opts.Stopwatch = model.NewMonotonicClock().Now
	}
	if opts.Queue == nil {
		opts.Queue = printer.NewQueue(s, printer.QueueOptions{})
	}
	ctx := &screen.Context{Store: s, Lang: opts.Lang, Styles: screen.NewStyles(), Now: opts.Now, Stopwatch: opts.Stopwatch, Hotspot: hotspotURL(opts)}
	a := &App{ctx: ctx, opts: opts, keys: newAppKeys(opts.Lang), help: help.New(), now: opts.Now(), notice: opts.Notice}
	var problem string
	if a.autoSlips, problem = newAutoSlips(s, opts, ctx.Hotspot); problem != "" {
		a.notice = strings.TrimPrefix(a.notice+" · "+problem, " · ")
	}
	a.screens = map[screen.ID]screen.Screen{
		screen.CheckIn:  checkin.New(ctx),
		screen.Register: register.New(ctx),
		screen.Timing:   timing.New(ctx),
		screen.Results:  results.New(ctx),
		screen.Print:    printq.New(ctx, opts.Queue),
		screen.Phones:   phones.New(ctx, opts.Phones, opts.Island),
	}
	a.watch, a.stale = s.Watch(), map[screen.ID]*store.Delta{}
	if opts.SyncProblem != nil {
		a.sync = syncclient.Status{State: syncclient.StateFailed, Err: opts.SyncProblem}
	}
	return a
}

// Run opens the desk full screen until the volunteer quits. The sync loop,
// if any, runs beside it and reports through the program's Send.
func Run(s *store.Store, opts Options) error {
	limitMemory(s)
	a := New(s, opts)
	defer a.unwatch()
	p := tea.NewProgram(a, tea.WithAltScreen())
	// The print queue sends in the background; it must finish recording
	// how an interrupted send ended before the store closes.
	qctx, qcancel := context.WithCancel(context.Background())
	qdone := make(chan struct{})
	go func() {
		defer close(qdone)
		a.opts.Queue.Run(qctx, func(st printer.Status) { p.Send(printStatusMsg(st)) })
	}()
	defer func() { qcancel(); <-qdone }()
	if opts.Sync != nil {
		ctx, cancel := context.WithCancel(context.Background())
		w := s.Watch()
		done := make(chan struct{})
		go func() {
			defer close(done)
			opts.Sync.Run(ctx, syncclient.Loop{}, w.C, func(st syncclient.Status) {
				if opts.Island != nil {
					opts.Island.Board.Cloud(st) // the hub's board says whether the cloud has everything
				}
				p.Send(syncMsg(st))
			})
		}()
		defer func() { cancel(); w.Stop(); <-done }()
	}
	_, err := p.Run()
	a.Close()
	return err
}

// Close waits for what screens have captured but not yet stored (the
// timekeeper's last finish); the store may close after it.
func (a *App) Close() {
	for _, s := range a.screens {
		if c, ok := s.(interface{ Close() }); ok {
			c.Close()
		}
	}
}

// Messages of the root model.
type (
	countsMsg struct {
		counts store.Counts
		err    error
	}
	tickMsg        time.Time
	syncMsg        syncclient.Status
	printStatusMsg printer.Status
	queuedMsg      struct {
		title string
		err   error
	}
	backupMsg struct {
		path string
		at   time.Time
		err  error
	}
)

func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{a.loadCounts(), a.tick(), a.waitForChange(), phones.WaitForAlarm(a.opts.Phones), a.checkSlips(store.Delta{All: true})}
	for _, s := range a.screens {
		cmds = append(cmds, s.Init())
	}
	if a.opts.BackupDir != "" {
		cmds = append(cmds, a.scheduleBackup())
	}
	return tea.Batch(cmds...)
}

func (a *App) loadCounts() tea.Cmd {
	s := a.ctx.Store
	return func() tea.Msg {
		c, err := s.Counts()
		return countsMsg{counts: c, err: err}
	}
}

func (a *App) tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// waitForChange blocks (in its own goroutine, as every Cmd) until the
// store reports a commit — this desk's, sync's or the hotspot's — and
// says what it changed.
func (a *App) waitForChange() tea.Cmd {
	w := a.watch
	return func() tea.Msg {
		if _, ok := <-w.C; !ok {
			return nil
		}
		return screen.StoreChangedMsg{Delta: w.Take()}
	}
}

// unwatch stops the store's signals (the program has ended).
func (a *App) unwatch() { a.watch.Stop() }

// changed hands what a commit changed to the screen on show, and keeps it
// for the others until they are shown.
func (a *App) changed(m screen.StoreChangedMsg) tea.Cmd {
	for id := range a.screens {
		if id == a.active {
			continue
		}
		d := a.stale[id]
		if d == nil {
			d = &store.Delta{}
			a.stale[id] = d
		}
		d.Merge(m.Delta)
	}
	return a.updateScreen(a.active, m)
}

// show makes id the screen on show, handing it what changed meanwhile.
func (a *App) show(id screen.ID) tea.Cmd {
	a.active = id
	d := a.stale[id]
	if d == nil || d.Empty() {
		return nil
	}
	delete(a.stale, id)
	return a.updateScreen(id, screen.StoreChangedMsg{Delta: *d})
}

func (a *App) scheduleBackup() tea.Cmd {
	s, dir, keep, now := a.ctx.Store, a.opts.BackupDir, a.opts.BackupKeep, a.opts.Now
	every := a.opts.BackupEvery
	if every <= 0 {
		every = store.BackupEvery
	}
	return tea.Tick(every, func(time.Time) tea.Msg {
		path, err := s.RotateBackup(dir, keep)
		return backupMsg{path: path, at: now(), err: err}
	})
}

func (a *App) Update(m tea.Msg) (tea.Model, tea.Cmd) {
	switch m := m.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height, a.ready = m.Width, m.Height, true
		a.help.Width = m.Width
		a.resize()
		return a, nil
	case tea.KeyMsg:
		if m.Type == tea.KeyRunes && len(m.Runes) > 1 && !m.Paste {
			return a, a.burst(m)
		}
		a.notice = ""
		if a.quitting != "" {
			return a, a.quitKey(m)
		}
		if key.Matches(m, a.keys.Quit) {
			return a, a.quit()
		}
		if a.preview != nil {
			return a, a.previewKey(m)
		}
		if a.asking() {
			// A question is on the screen: its keys go to it, never to a
			// screen switch or the help.
			return a, a.updateScreen(a.active, m)
		}
		if a.help.ShowAll && key.Matches(m, a.keys.Back) {
			a.help.ShowAll = false // Esc closes the full help first
			a.resize()
			return a, nil
		}
		if cmd, ok := a.globalKey(m); ok {
			return a, cmd
		}
		return a, a.updateScreen(a.active, m)
	case quitAnswerMsg:
		if a.quitting != "" {
			return a, tea.Quit
		}
		return a, nil
	case tickMsg:
		a.now = a.opts.Now() // not the tick's time: tests pin the clock
		return a, a.tick()
	case countsMsg:
		a.counts, a.err = m.counts, m.err
		return a, nil
	case phones.AlarmMsg:
		// Pushed by the form when its alarm changes; F7 shows the numbers.
		a.formAlarm = m
		return a, tea.Batch(phones.WaitForAlarm(a.opts.Phones), a.updateScreen(screen.Phones, m))
	case backupMsg:
		a.backup = m
		return a, a.scheduleBackup()
	case syncMsg:
		a.sync = syncclient.Status(m)
		return a, nil
	case printStatusMsg:
		a.printSt = printer.Status(m)
		return a, a.updateScreen(screen.Print, printq.ChangedMsg{})
	case screen.PrintMsg:
		if m.Preview {
			a.preview = &preview{msg: m, text: printer.Preview(m.Doc)}
			return a, nil
		}
		return a, a.submit(m)
	case screen.PrintProblemMsg:
		a.notice = "✗ " + msg.Error(a.opts.Lang, m.Err)
		return a, nil
	case queuedMsg:
		if m.err != nil {
			a.notice = "✗ " + msg.Error(a.opts.Lang, m.err)
		} else {
			a.notice = "✓ " + a.t(msg.Queued, m.title)
		}
		return a, a.updateScreen(screen.Print, printq.ChangedMsg{})
	case screen.SwitchMsg:
		return a, a.show(m.To)
	case screen.StoreChangedMsg:
		// The screen on show patches what it shows; counts follow.
		return a, tea.Batch(a.loadCounts(), a.waitForChange(), a.changed(m), a.checkSlips(m.Delta))
	case slipsMsg:
		return a, a.slipsDone(m)
	case screen.OpenParticipantMsg:
		return a, a.updateScreen(screen.CheckIn, m)
	case screen.EditParticipantMsg:
		return a, a.updateScreen(screen.Register, m)
	}
	// Results of a screen's commands: every screen sees them and keeps
	// only its own (they are typed per screen package).
	var cmds []tea.Cmd
	for id := range a.screens {
		cmds = append(cmds, a.updateScreen(id, m))
	}
	return a, tea.Batch(cmds...)
}

// burst handles keys that arrived together (fast typing, a barcode
// scanner, SSH) one by one, in order: as one message "p1" would match no
// binding and be dropped.
func (a *App) burst(k tea.KeyMsg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(k.Runes))
	for _, r := range k.Runes {
		_, cmd := a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: k.Alt})
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// asking reports whether the screen on show is asking a question.
func (a *App) asking() bool {
	m, ok := a.screens[a.active].(screen.Modal)
	return ok && m.Asking()
}

// quit ends the desk, asking first when a screen holds input not stored
// yet (a half-typed late entry: ctrl+c sits next to ctrl+x and ctrl+v).
func (a *App) quit() tea.Cmd {
	var lost []string
	for _, id := range []screen.ID{screen.CheckIn, screen.Register, screen.Timing, screen.Results, screen.Print, screen.Phones} {
		if u, ok := a.screens[id].(screen.Unsaved); ok {
			if what := u.Unsaved(); what != "" {
				lost = append(lost, what)
			}
		}
	}
	if len(lost) == 0 {
		return tea.Quit
	}
	a.quitting = strings.Join(lost, "; ")
	return nil
}

// quitAnswerMsg answers yes to the quit question if it is asked (and
// does nothing otherwise): what a test sends after ctrl+c, where a 'y'
// key could reach a screen before the quit does.
type quitAnswerMsg struct{}

// quitKey answers the quit question: y (or ctrl+c again) quits, anything
// else stays.
func (a *App) quitKey(k tea.KeyMsg) tea.Cmd {
	if key.Matches(k, a.keys.Quit) || k.String() == "y" || k.String() == "j" {
		return tea.Quit
	}
	a.quitting = ""
	return nil
}

// globalKey handles the keys that work everywhere.
func (a *App) globalKey(k tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(k, a.keys.Help):
		a.help.ShowAll = !a.help.ShowAll
		a.resize()
		return nil, true
	}
	for _, sk := range a.keys.screens() {
		if key.Matches(k, sk.binding) {
			return a.show(sk.id), true
		}
	}
	if a.screens[a.active] == nil && key.Matches(k, a.keys.Back) {
		return a.show(screen.CheckIn), true
	}
	return nil, false
}

func (a *App) updateScreen(id screen.ID, m tea.Msg) tea.Cmd {
	s, ok := a.screens[id]
	if !ok {
		return nil
	}
	s, cmd := s.Update(m)
	a.screens[id] = s
	return cmd
}

// Chrome: header (1 line), tabs (1), status bar (1), help (1 or more).
func (a *App) resize() {
	h := a.bodyHeight()
	for _, s := range a.screens {
		s.SetSize(a.width, h)
	}
}

func (a *App) bodyHeight() int {
	return max(1, a.height-3-lipgloss.Height(a.helpView()))
}

func (a *App) View() string {
	if !a.ready {
		return ""
	}
	h := a.bodyHeight()
	body := a.bodyView()
	body = lipgloss.NewStyle().Width(a.width).MaxWidth(a.width).Height(h).MaxHeight(h).Render(body)
	return lipgloss.JoinVertical(lipgloss.Left, a.headerView(), a.tabsView(), body, a.statusView(), a.helpView())
}

func (a *App) bodyView() string {
	if a.preview != nil {
		return a.previewView()
	}
	if s, ok := a.screens[a.active]; ok {
		return s.View()
	}
	return "\n  " + a.ctx.Styles.Dim.Render(a.ctx.T(msg.NotYet))
}

func (a *App) t(k msg.Key, args ...any) string { return msg.T(a.opts.Lang, k, args...) }

// headerView: the event on the left, desk and clock on the right.
func (a *App) headerView() string {
	st := a.ctx.Styles
	right := fmt.Sprintf(" %s %s · %s ", a.t(msg.Desk), screen.Safe(a.ctx.Store.Device().Desk), a.now.Format("15:04:05"))
	left := " " + screen.Safe(a.ctx.Event().Name) + " "
	room := a.width - lipgloss.Width(right)
	if warn, off := model.DateMismatch(a.opts.Lang, a.ctx.Event(), a.now); off {
		// A rehearsal, or a laptop whose date is wrong: said on every
		// screen, before the event's name if both do not fit.
		warn = " " + warn + " "
		if lipgloss.Width(left)+lipgloss.Width(warn) > room {
			left = ""
		}
		left = screen.Clip(left, max(0, room-lipgloss.Width(warn)))
		warn = screen.Clip(warn, max(0, room-lipgloss.Width(left)))
		gap := max(0, a.width-lipgloss.Width(left)-lipgloss.Width(warn)-lipgloss.Width(right))
		return st.BarBold.Render(left) + st.Warn.Render(warn) + st.Bar.Render(strings.Repeat(" ", gap)+right)
	}
	left = screen.Clip(left, max(0, room))
	gap := max(0, a.width-lipgloss.Width(left)-lipgloss.Width(right))
	return st.BarBold.Render(left) + st.Bar.Render(strings.Repeat(" ", gap)+right)
}

// tabsView is the mode line: function keys and screen names; the active
// one is reversed and bracketed (no colour needed to see it).
func (a *App) tabsView() string {
	st := a.ctx.Styles
	tabs := []struct {
		id   screen.ID
		k    string
		name msg.Key
	}{{screen.CheckIn, "F2", msg.TabCheckIn}, {screen.Register, "F3", msg.TabRegister},
		{screen.Timing, "F4", msg.TabTiming}, {screen.Results, "F5", msg.TabResults}, {screen.Print, "F6", msg.TabPrint}, {screen.Phones, "F7", msg.TabHotspot}}
	if a.opts.Island != nil {
		tabs[len(tabs)-1].name = msg.TabHub // the hub's board is on top of that screen
	}
	var parts []string
	for _, t := range tabs {
		label := t.k + " " + a.t(t.name)
		if t.id == a.active {
			parts = append(parts, st.TabActive.Render("["+label+"]"))
		} else {
			parts = append(parts, st.Tab.Render(" "+label+" "))
		}
	}
	return screen.Clip(strings.Join(parts, ""), a.width)
}

// statusView: counts, sync and print state, backup.
func (a *App) statusView() string {
	st := a.ctx.Styles
	if a.quitting != "" {
		line := " ? " + a.t(msg.QuitPrompt, a.quitting)
		line = screen.Clip(line, a.width)
		return st.Warn.Render(line + strings.Repeat(" ", max(0, a.width-lipgloss.Width(line))))
	}
	c := a.counts
	var parts []string
	if alarm := phones.AlarmText(a.opts.Lang, hotspot.Alarm(a.formAlarm)); alarm != "" {
		parts = append(parts, alarm) // first: it is why the queue grows
	}
	if c.Pending > 0 {
		// Runners who registered on their phones wait at the desk: first.
		parts = append(parts, "! "+a.t(msg.PendingCount, c.Pending))
	}
	parts = append(parts, fmt.Sprintf("%d/%d %s", c.CheckedIn, c.Total, a.t(msg.CheckedInCount)))
	if a.notice != "" {
		parts = append(parts, screen.Safe(a.notice))
	}
	late := fmt.Sprintf("%d %s", c.Late, a.t(msg.LateEntries))
	// The link and the printer stay in sight at 80 columns: what gives
	// way is the left part.
	right := " · " + syncclient.StatusText(a.opts.Lang, a.sync) + " · " + a.t(msg.Print) + " " + printer.StatusText(a.opts.Lang, a.printSt)
	switch {
	case a.err != nil:
		right += " · ✗ " + screen.Safe(msg.Error(a.opts.Lang, a.err))
	case a.backup.err != nil:
		right += " · ✗ backup: " + a.backup.err.Error()
	case a.backup.path != "":
		right += " · backup " + a.backup.at.Format("15:04") + " ✓"
	}
	right = screen.Clip(right, a.width)
	room := max(0, a.width-lipgloss.Width(right))
	left := " " + strings.Join(append(parts, late), " · ")
	if lipgloss.Width(left) > room {
		left = " " + strings.Join(parts, " · ") // the late entries' count gives way first
	}
	left = screen.Clip(left, room)
	line := left + right
	return st.Bar.Render(line + strings.Repeat(" ", max(0, a.width-lipgloss.Width(line))))
}

func (a *App) helpView() string {
	keys := helpKeys{app: a.keys}
	if s, ok := a.screens[a.active]; ok {
		keys.screen = s
	}
	return a.help.View(keys)
}

// helpKeys joins the screen's bindings and the global ones for the help line.
type helpKeys struct {
	app    appKeys
	screen help.KeyMap
}

func (h helpKeys) ShortHelp() []key.Binding {
	var out []key.Binding
	if h.screen != nil {
		out = append(out, h.screen.ShortHelp()...)
	}
	return append(out, h.app.Help)
}

func (h helpKeys) FullHelp() [][]key.Binding {
	var out [][]key.Binding
	if h.screen != nil {
		out = append(out, h.screen.FullHelp()...)
	}
	return append(out, h.app.FullHelp()...)
}

// preview is a print shown before it is sent.
type preview struct {
	msg    screen.PrintMsg
	text   string
	offset int
}

func (a *App) previewKey(k tea.KeyMsg) tea.Cmd {
	p := a.preview
	switch k.String() {
	case "enter":
		a.preview = nil
		return a.submit(p.msg)
	case "esc":
		a.preview = nil
	case "up", "pgup":
		p.offset = max(0, p.offset-1)
	case "down", "pgdown":
		p.offset++
	}
	return nil
}

func (a *App) previewView() string {
	p := a.preview
	lines := strings.Split(p.text, "\n")
	room := max(1, a.bodyHeight()-2)
	p.offset = min(p.offset, max(0, len(lines)-room))
	shown := lines[p.offset:min(len(lines), p.offset+room)]
	title := a.ctx.Styles.Warn.Render(a.t(msg.PreviewTitle, p.msg.Doc.Title))
	return title + "\n" + strings.Join(shown, "\n")
}

// submit puts a document into the print queue in a command.
func (a *App) submit(m screen.PrintMsg) tea.Cmd {
	q := a.opts.Queue
	return func() tea.Msg {
		j, err := q.Submit(m.Doc, m.Printer, m.Participant)
		return queuedMsg{title: j.Title, err: err}
	}
}
