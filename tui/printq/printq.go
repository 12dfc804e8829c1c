// Package printq is the print queue screen: every job with its state
// (queued, printing, done, failed and why, cancelled); a failed or done
// job can be sent again, a waiting one cancelled. k shows the cash report
// in its place (package cash), Esc the queue again.
package printq

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/printer"
	"github.com/racedesk/racedesk/tui/cash"
	"github.com/racedesk/racedesk/tui/screen"
)

type keys struct{ Up, Down, Resend, Cancel, Cash, CashBack key.Binding }

// Model is the print queue screen.
type Model struct {
	ctx    *screen.Context
	queue  *printer.Queue
	keys   keys
	jobs   []store.PrintJob
	cursor int
	width  int
	height int
	notice string
	seq    int
	// cash is the cash report, shown instead of the queue while showCash.
	cash     *cash.Model
	showCash bool
}

// New builds the screen over the desk's queue.
func New(ctx *screen.Context, q *printer.Queue) *Model {
	t := func(k msg.Key) string { return msg.T(ctx.Lang, k) }
	return &Model{ctx: ctx, queue: q, cash: cash.New(ctx), keys: keys{
		Up:       key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", t(msg.KeyMove))),
		Down:     key.NewBinding(key.WithKeys("down")),
		Resend:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t(msg.KeyResend))),
		Cancel:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", t(msg.KeyCancelJob))),
		Cash:     key.NewBinding(key.WithKeys("k"), key.WithHelp("k", t(msg.KeyCash))),
		CashBack: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t(msg.KeyCashBack))),
	}}
}

type jobsMsg struct {
	seq  int
	jobs []store.PrintJob
	err  error
}

type actedMsg struct{ err error }

// ChangedMsg tells the screen the queue moved (the root model forwards
// the queue's status reports as this).
type ChangedMsg struct{}

func (m *Model) Init() tea.Cmd { return m.load() }

func (m *Model) load() tea.Cmd {
	m.seq++
	seq, q := m.seq, m.queue
	return func() tea.Msg {
		jobs, err := q.Jobs()
		return jobsMsg{seq: seq, jobs: jobs, err: err}
	}
}

// SetSize takes the body's size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.cash.SetSize(w, h)
}

func (m *Model) Update(message tea.Msg) (screen.Screen, tea.Cmd) {
	switch message := message.(type) {
	case jobsMsg:
		if message.seq == m.seq {
			if message.err != nil {
				m.notice = "✗ " + m.ctx.Err(message.err)
			} else {
				m.jobs = message.jobs
				m.cursor = min(m.cursor, max(0, len(m.jobs)-1))
			}
		}
	case actedMsg:
		if message.err != nil {
			m.notice = "✗ " + m.ctx.Err(message.err)
		}
		return m, m.load()
	case ChangedMsg:
		return m, m.load()
	case screen.StoreChangedMsg:
		if !m.showCash {
			m.cash.Hidden()
			return m, m.load()
		}
		return m, tea.Batch(m.load(), m.cash.Update(message))
	case tea.KeyMsg:
		if m.showCash {
			if key.Matches(message, m.keys.CashBack) {
				m.showCash = false
				return m, nil
			}
			return m, m.cash.Update(message)
		}
		switch {
		case key.Matches(message, m.keys.Cash):
			m.showCash = true
			return m, m.cash.Show()
		case key.Matches(message, m.keys.Up):
			m.cursor = max(0, m.cursor-1)
		case key.Matches(message, m.keys.Down):
			m.cursor = min(len(m.jobs)-1, m.cursor+1)
		case key.Matches(message, m.keys.Resend):
			return m, m.act(m.queue.Resend)
		case key.Matches(message, m.keys.Cancel):
			return m, m.act(m.queue.Cancel)
		}
	default:
		return m, m.cash.Update(message) // the report it computed
	}
	return m, nil
}

// act runs a queue action on the selected job in a command.
func (m *Model) act(fn func(uint64) (store.PrintJob, error)) tea.Cmd {
	j, ok := m.selected()
	if !ok {
		return nil
	}
	m.notice = ""
	return func() tea.Msg {
		_, err := fn(j.ID)
		return actedMsg{err: err}
	}
}

func (m *Model) selected() (store.PrintJob, bool) {
	i := len(m.jobs) - 1 - m.cursor // newest first on screen
	if i < 0 || i >= len(m.jobs) {
		return store.PrintJob{}, false
	}
	return m.jobs[i], true
}

func (m *Model) View() string {
	if m.showCash {
		return m.cash.View()
	}
	st, t := m.ctx.Styles, m.ctx.T
	lines := []string{st.Title.Render(t(msg.TabPrint)) + "  " + st.Dim.Render(printer.StatusText(m.ctx.Lang, m.queue.Status()))}
	if m.notice != "" {
		lines = append(lines, st.Bad.Render(m.notice))
	}
	if len(m.jobs) == 0 {
		return strings.Join(append(lines, st.Dim.Render("  "+t(msg.NoPrintJobs))), "\n")
	}
	room := max(1, m.height-len(lines))
	start := max(0, m.cursor-room+1)
	for row := start; row < len(m.jobs) && row < start+room; row++ {
		j := m.jobs[len(m.jobs)-1-row]
		state := printer.StateText(m.ctx.Lang, j) // "printed" only where the printer took it
		if why := j.Why(m.ctx.Lang); why != "" {
			state += ": " + why
		}
		line := fmt.Sprintf("  %s  %-28s %s", j.Created.Local().Format("15:04"), screen.Clip(j.Title, 28), state)
		line = screen.Clip(line, max(20, m.width-1))
		switch {
		case row == m.cursor:
			line = st.Selected.Render("›" + line[1:])
		case j.State == store.PrintFailed:
			line = st.Bad.Render(line)
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// ShortHelp and FullHelp for the help line.
func (m *Model) ShortHelp() []key.Binding {
	if m.showCash {
		return append(m.cash.ShortHelp(), m.keys.CashBack)
	}
	return []key.Binding{m.keys.Up, m.keys.Resend, m.keys.Cancel, m.keys.Cash}
}

func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
