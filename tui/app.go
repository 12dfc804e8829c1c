// Package tui is the desk's terminal interface (Bubble Tea).
package tui

import (
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
}

// App is the root model: it owns the header and footer and routes
// messages to the active screen.
type App struct {
	store  *store.Store
	opts   Options
	styles Styles
	keys   appKeys
	help   help.Model
	ready  bool
	width  int
	height int
	now    time.Time
	counts store.Counts
	err    error
	backup backupMsg
}

// New builds the desk over an open store.
func New(s *store.Store, opts Options) *App {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Lang == "" {
		opts.Lang = msg.Default
	}
	h := help.New()
	return &App{store: s, opts: opts, styles: NewStyles(), keys: newAppKeys(opts.Lang), help: h, now: opts.Now()}
}

// Run opens the desk full screen until the volunteer quits.
func Run(s *store.Store, opts Options) error {
	_, err := tea.NewProgram(New(s, opts), tea.WithAltScreen()).Run()
	return err
}

func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{a.loadCounts(), a.tick()}
	if a.opts.BackupDir != "" {
		cmds = append(cmds, a.scheduleBackup())
	}
	return tea.Batch(cmds...)
}

func (a *App) loadCounts() tea.Cmd {
	s := a.store
	return func() tea.Msg {
		c, err := s.Counts()
		return countsMsg{counts: c, err: err}
	}
}

func (a *App) tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

func (a *App) scheduleBackup() tea.Cmd {
	s, dir, keep, now := a.store, a.opts.BackupDir, a.opts.BackupKeep, a.opts.Now
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
	case tea.KeyMsg:
		switch {
		case key.Matches(m, a.keys.Quit):
			return a, tea.Quit
		case key.Matches(m, a.keys.Help):
			a.help.ShowAll = !a.help.ShowAll
		}
	case tickMsg:
		a.now = a.opts.Now() // not the tick's time: tests pin the clock
		cmds := []tea.Cmd{a.tick()}
		if a.now.Second()%5 == 0 {
			cmds = append(cmds, a.loadCounts())
		}
		return a, tea.Batch(cmds...)
	case countsMsg:
		a.counts, a.err = m.counts, m.err
	case backupMsg:
		a.backup = m
		return a, a.scheduleBackup()
	}
	return a, nil
}

func (a *App) View() string {
	if !a.ready {
		return ""
	}
	header := a.headerView()
	footer := a.footerView()
	bodyHeight := a.height - lipgloss.Height(header) - lipgloss.Height(footer)
	body := lipgloss.NewStyle().Height(bodyHeight).MaxHeight(bodyHeight).Width(a.width).Render(a.overview())
	return lipgloss.JoinVertical(lipgloss.Left, header, body, footer)
}

func (a *App) t(k msg.Key, args ...any) string { return msg.T(a.opts.Lang, k, args...) }

// headerView: event, desk, counts, sync and print state, clock.
func (a *App) headerView() string {
	ev := a.store.Event()
	left := a.styles.Header.Render(ev.Name)
	c := a.counts
	right := a.styles.HeaderDim.Render(fmt.Sprintf("%s %s · %d/%d %s · +%d · %s %s · %s %s · %s",
		a.t(msg.Desk), a.store.Device().Desk, c.CheckedIn, c.Total, a.t(msg.CheckedInCount), c.Late,
		a.t(msg.Sync), a.t(msg.Offline), a.t(msg.Print), a.t(msg.PrintIdle), a.now.Format("15:04:05")))
	gap := a.width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 0 {
		// Narrow terminal: the counts line goes below the event name.
		return lipgloss.JoinVertical(lipgloss.Left, left, right)
	}
	fill := a.styles.HeaderDim.Padding(0).Render(strings.Repeat(" ", gap))
	return left + fill + right
}

func (a *App) overview() string {
	ev := a.store.Event()
	var b strings.Builder
	b.WriteString(a.styles.Title.Render(fmt.Sprintf("%s · %s", ev.Day().Format("02.01.2006"), ev.Location)) + "\n\n")
	for _, r := range ev.Races {
		fmt.Fprintf(&b, "  %-20s %s %-6s %s %4d   %s %4d\n", r.Name, a.t(msg.Start), r.Start,
			a.styles.Label.Render(a.t(msg.Participants)), a.counts.PerRace[r.ID],
			a.styles.Label.Render(a.t(msg.CheckedInCount)), a.counts.InPerRace[r.ID])
	}
	fmt.Fprintf(&b, "\n  %s %d · %s %d · %s %d\n\n", a.t(msg.Participants), a.counts.Total,
		a.t(msg.CheckedInCount), a.counts.CheckedIn, a.t(msg.LateEntries), a.counts.Late)
	b.WriteString(a.styles.Dim.Render("  " + a.t(msg.DeskPlaceholder)))
	if a.err != nil {
		b.WriteString("\n\n" + a.styles.Bad.Render("  "+msg.Error(a.opts.Lang, a.err)))
	}
	return b.String()
}

func (a *App) footerView() string {
	line := a.help.View(a.keys)
	if a.backup.path != "" || a.backup.err != nil {
		status := a.styles.Good.Render("backup " + a.backup.at.Format("15:04") + " ✓")
		if a.backup.err != nil {
			status = a.styles.Bad.Render("backup failed: " + a.backup.err.Error())
		}
		line += "  " + status
	}
	return a.styles.Footer.Render(line)
}

// ageClass is shown wherever a participant is.
func ageClass(ev *model.Event, p model.Participant) string {
	r, ok := ev.Race(p.Race)
	if !ok {
		return ""
	}
	return model.AgeClass(r, ev.Year(), p.Born, p.Gender)
}
