// Package results is the live results screen: one race at a time, places
// overall, by gender and by age class, filterable, recomputed whenever a
// finish or correction arrives.
package results

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

type keys struct{ Race, Gender, Class, Teams, Up, Down, Print, PrintByClass, Slip key.Binding }

// Model is the results screen.
type Model struct {
	// sel is the bib of the selected row (0, or a runner not shown: the
	// first row); a bib, not a row number, so the runner stays selected
	// as finishers come in and filters change.
	sel  int
	room int // rows the last View showed

	ctx     *screen.Context
	keys    keys
	race    int
	gender  string // "" all, M, W, D
	class   string // "" all
	all     map[string]*model.RaceResults
	offset  int
	width   int
	height  int
	lastErr error
	data    *data
	patcher screen.Patcher
	// teams: the team view (t) instead of the runners.
	teams     bool
	teamCache teamCache
}

// New builds the screen.
func New(ctx *screen.Context) *Model {
	t := func(k msg.Key) string { return msg.T(ctx.Lang, k) }
	return &Model{ctx: ctx, data: &data{teamKeys: teamExtraKeys(ctx.Event())}, keys: keys{
		Race:         key.NewBinding(key.WithKeys("tab", "right", "left", "shift+tab"), key.WithHelp("tab", t(msg.KeyResRace))),
		Gender:       key.NewBinding(key.WithKeys("g"), key.WithHelp("g", t(msg.KeyResGender))),
		Class:        key.NewBinding(key.WithKeys("c"), key.WithHelp("c", t(msg.KeyClass))),
		Teams:        key.NewBinding(key.WithKeys("t"), key.WithHelp("t", t(msg.KeyResTeams))),
		Up:           key.NewBinding(key.WithKeys("up", "pgup"), key.WithHelp("↑/↓", t(msg.KeyScroll))),
		Down:         key.NewBinding(key.WithKeys("down", "pgdown")),
		Print:        key.NewBinding(key.WithKeys("p"), key.WithHelp("p", t(msg.KeyPrintResults))),
		PrintByClass: key.NewBinding(key.WithKeys("P"), key.WithHelp("P", t(msg.KeyResByClass))),
		Slip:         key.NewBinding(key.WithKeys("s"), key.WithHelp("s", t(msg.KeyResSlip))),
	}}
}

func (m *Model) Init() tea.Cmd { return m.changed(store.Delta{All: true}) }

// SetSize takes the body's size.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

func (m *Model) Update(message tea.Msg) (screen.Screen, tea.Cmd) {
	switch message := message.(type) {
	case computedMsg:
		m.lastErr = message.err
		if message.err == nil && !message.unchanged {
			m.all = message.all
		}
		// New finishes join the results shown; the read that brought them
		// is over, so the copy of the events is ours to look at.
		for _, a := range message.adds {
			if !model.AddFinish(m.ctx.Event(), m.all, a.e, a.holder, m.data.evs) {
				return m, m.compute(store.Delta{}, true) // not the plain case: compute again
			}
		}
		if next, ok := m.patcher.Done(); ok {
			return m, m.compute(next, false)
		}
	case screen.StoreChangedMsg:
		return m, m.changed(message.Delta)
	case tea.KeyMsg:
		switch {
		case key.Matches(message, m.keys.Race):
			n := len(m.ctx.Event().Races)
			d := 1
			if s := message.String(); s == "left" || s == "shift+tab" {
				d = n - 1
			}
			m.race, m.class, m.offset = (m.race+d)%n, "", 0
		case key.Matches(message, m.keys.Teams):
			m.teams, m.offset = !m.teams, 0
			help := msg.KeyTeams
			if m.teams {
				help = msg.KeyRunners // what t does now: back to the runners
			}
			m.keys.Teams.SetHelp("t", m.ctx.T(help))
		case m.teams && (key.Matches(message, m.keys.Gender) || key.Matches(message, m.keys.Class)):
			// The team view has no filters (its help does not offer them).
		case key.Matches(message, m.keys.Gender):
			m.gender = next([]string{"", "M", "W", "D"}, m.gender)
			m.offset = 0
		case key.Matches(message, m.keys.Class):
			m.class = next(append([]string{""}, m.classes()...), m.class)
			m.offset = 0
		case key.Matches(message, m.keys.Print):
			rr := m.current()
			if m.teams { // p prints what the screen shows
				return m, screen.TeamsCmd(m.ctx, rr.Race, rr)
			}
			return m, screen.ResultsCmd(m.ctx, rr.Race, rr, m.class, m.class != "")
		case key.Matches(message, m.keys.PrintByClass) && !m.teams:
			rr := m.current()
			return m, screen.ResultsCmd(m.ctx, rr.Race, rr, "", true)
		case key.Matches(message, m.keys.Slip):
			if r, ok := m.selected(); ok && !m.teams { // a slip is a runner's
				return m, screen.SlipCmd(m.ctx, m.current().Race, r)
			}
		case key.Matches(message, m.keys.Up):
			if m.teams { // the team view scrolls; it has no selection
				m.offset = max(0, m.offset-m.step(message))
			} else {
				m.move(-m.step(message))
			}
		case key.Matches(message, m.keys.Down):
			if m.teams {
				m.offset += m.step(message) // View keeps it in range
			} else {
				m.move(m.step(message))
			}
		}
	}
	return m, nil
}

func next(opts []string, cur string) string {
	for i, o := range opts {
		if o == cur {
			return opts[(i+1)%len(opts)]
		}
	}
	return opts[0]
}

func (m *Model) current() *model.RaceResults {
	race := m.ctx.Event().Races[m.race].ID
	if rr := m.all[race]; rr != nil {
		return rr
	}
	return &model.RaceResults{Race: race}
}

// classes present in the race's results, sorted.
func (m *Model) classes() []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range m.current().Results {
		if r.Class != "" && !seen[r.Class] {
			seen[r.Class] = true
			out = append(out, r.Class)
		}
	}
	sort.Strings(out)
	return out
}

func (m *Model) View() string {
	st, t := m.ctx.Styles, m.ctx.T
	race := &m.ctx.Event().Races[m.race]
	rr := m.current()
	title := st.Title.Render(race.Name)
	if m.teams {
		title = st.Title.Render(race.Name + " · " + t(msg.TeamsTitle))
	}
	if rr.Started {
		title += "  " + t(msg.Start) + " " + rr.Start.Format("15:04:05.0")
	} else {
		title += "  " + st.Warn.Render("! "+t(msg.NotStarted))
	}
	filter := t(msg.FilterAll)
	if m.gender != "" || m.class != "" {
		filter = strings.TrimSpace(m.gender + " " + m.class)
	}
	sub := t(msg.Filter) + ": " + filter
	if m.teams {
		sub = m.teamHead(race)
	}
	lines := []string{title, st.Dim.Render(screen.Clip(sub, max(1, m.width)))}
	if m.lastErr != nil {
		lines = append(lines, st.Bad.Render("✗ "+m.ctx.Err(m.lastErr)))
	}
	if n := len(rr.Flags); n > 0 {
		lines = append(lines, st.Warn.Render("! "+t(msg.FlagsToCheck, n)+" "+rr.Flags[0].Text(m.ctx.Lang)))
	}
	if m.teams {
		lines = append(lines, st.Dim.Render(m.teamColumns(race)))
		rows := m.teamLines(race, rr)
		room := max(1, m.height-len(lines))
		m.offset = min(m.offset, max(0, len(rows)-room))
		lines = append(lines, rows[m.offset:min(len(rows), m.offset+room)]...)
		return strings.Join(lines, "\n")
	}
	lines = append(lines, st.Dim.Render(fmt.Sprintf(" %4s %5s  %-26s %-6s %4s %4s %10s", t(msg.Place), t(msg.BibColumn),
		t(msg.Name), t(msg.AgeClass), t(msg.GenderPlace), t(msg.ClassPlace), t(msg.TimeColumn))))
	rows := m.filtered(rr)
	room := max(1, m.height-len(lines))
	sel := selectedRow(rows, m.sel)
	m.room = room
	m.offset = min(m.offset, max(0, len(rows)-room), sel) // the selected row in sight
	m.offset = max(m.offset, sel-room+1)
	for i, r := range rows[m.offset:min(len(rows), m.offset+room)] {
		if m.offset+i == sel {
			lines = append(lines, st.Selected.Render("›"+m.row(r)))
		} else {
			lines = append(lines, " "+m.row(r))
		}
	}
	if len(rows) == 0 {
		lines = append(lines, st.Dim.Render("  "+t(msg.NoResults)))
	}
	return strings.Join(lines, "\n")
}

func (m *Model) filtered(rr *model.RaceResults) []model.Result {
	var out []model.Result
	for _, r := range rr.Results {
		if (m.gender == "" || string(r.Gender) == m.gender) && (m.class == "" || r.Class == m.class) {
			out = append(out, r)
		}
	}
	return out
}

func (m *Model) row(r model.Result) string {
	place, gp, cp, tm := "", "", "", r.TimeText
	if r.Status != "" {
		tm = strings.ToUpper(string(r.Status))
	} else {
		place, gp = fmt.Sprintf("%d.", r.Place), fmt.Sprint(r.GenderPlace)
		if r.ClassPlace > 0 {
			cp = fmt.Sprint(r.ClassPlace)
		}
	}
	return fmt.Sprintf("%4s %5d  %-26s %-6s %4s %4s %10s", place, r.Bib, screen.Clip(screen.Safe(r.Name), 26), r.Class, gp, cp, tm)
}

// ShortHelp and FullHelp for the help line.
func (m *Model) ShortHelp() []key.Binding {
	if m.teams {
		return []key.Binding{m.keys.Race, m.keys.Teams, m.keys.Print}
	}
	return []key.Binding{m.keys.Race, m.keys.Gender, m.keys.Class, m.keys.Teams, m.keys.Print, m.keys.PrintByClass, m.keys.Slip}
}

func (m *Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{m.ShortHelp(), {m.keys.Up}}
}
