package checkin

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
	"github.com/racedesk/racedesk/tui/screentest"
)

func newScreen(t *testing.T, runners ...string) (*Model, *store.Store) {
	t.Helper()
	ctx := screentest.Context(t)
	for _, last := range runners {
		if _, err := ctx.Store.Register(model.ParticipantInput{First: "Anna", Last: last, Born: "1980", Gender: "w", Race: "10k", Source: model.SourceOnline}, store.RegisterOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	m := New(ctx)
	m.SetSize(80, 20)
	return m, ctx.Store
}

func run(cmd tea.Cmd) []tea.Msg { return screentest.Run(cmd) }

// A volunteer types a name and presses Enter before the search has
// answered: Enter opens the top hit of what was typed, never a row of the
// previous list.
func TestEnterBeforeTheSearchAnswersOpensWhatWasTyped(t *testing.T) {
	m, _ := newScreen(t, "Albrecht", "Baumann", "Lefèvre")
	for _, msg := range run(m.Init()) {
		m.Update(msg) // the full list: Albrecht on top
	}
	var pending []tea.Cmd
	for _, r := range "lefevre" {
		_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		pending = append(pending, cmd)
	}
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	pending = append(pending, cmd)
	for _, c := range pending { // the searches answer only now
		for _, msg := range run(c) {
			_, next := m.Update(msg)
			for _, msg := range run(next) {
				m.Update(msg)
			}
		}
	}
	if m.card == nil {
		t.Fatal("Enter opened no card")
	}
	if m.card.p.Last != "Lefèvre" {
		t.Errorf("Enter opened %q, not the runner typed", m.card.p.Last)
	}
}

// feed runs cmd's tree, feeding each message back into the screen.
func feed(m *Model, cmd tea.Cmd) {
	screentest.Feed(func(msg tea.Msg) tea.Cmd { _, next := m.Update(msg); return next }, cmd)
}

func names(m *Model) []string {
	var out []string
	for _, h := range m.hits {
		out = append(out, h.Participant.Last)
	}
	return out
}

// A change made elsewhere (another desk, sync) patches the open list in
// place: the changed runner moves to where the search would put it, the
// others are not read again, and the highlight stays on the same runner.
func TestAChangeElsewherePatchesTheListAndKeepsTheHighlight(t *testing.T) {
	m, s := newScreen(t, "Albrecht", "Baumann", "Fischer")
	w := s.Watch()
	defer w.Stop()
	feed(m, m.Init())
	m.Update(tea.KeyMsg{Type: tea.KeyDown}) // Baumann
	if got := m.hits[m.cursor].Participant.Last; got != "Baumann" {
		t.Fatalf("highlighted %s", got)
	}
	fischer := m.hits[2].Participant
	in := model.InputOf(&fischer)
	in.Last = "Abel"
	if _, err := s.Edit(fischer.ID, in); err != nil {
		t.Fatal(err)
	}
	<-w.C
	_, cmd := m.Update(screen.StoreChangedMsg{Delta: w.Take()})
	feed(m, cmd)
	if got := strings.Join(names(m), " "); got != "Abel Albrecht Baumann" {
		t.Errorf("list %q, want the renamed runner first", got)
	}
	if got := m.hits[m.cursor].Participant.Last; got != "Baumann" {
		t.Errorf("the highlight moved to %s", got)
	}
	// A runner who no longer matches the query leaves the list.
	m.input.SetValue("a")
	feed(m, m.search())
	baumann := m.hits[2].Participant
	in = model.InputOf(&baumann)
	in.Last, in.First = "Schulz", "Uwe"
	if _, err := s.Edit(baumann.ID, in); err != nil {
		t.Fatal(err)
	}
	<-w.C
	_, cmd = m.Update(screen.StoreChangedMsg{Delta: w.Take()})
	feed(m, cmd)
	if got := strings.Join(names(m), " "); got != "Abel Albrecht" {
		t.Errorf("list %q after the rename", got)
	}
}
