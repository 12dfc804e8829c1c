package checkin

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

func newScreen(t *testing.T, runners ...string) (*Model, *store.Store) {
	t.Helper()
	f, err := os.Open("testdata/event.toml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ev, err := model.ParseEvent(f)
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Create(filepath.Join(t.TempDir(), "t.db"), ev, "Desk 1", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, last := range runners {
		if _, err := s.Register(model.ParticipantInput{First: "Anna", Last: last, Born: "1980", Gender: "w", Race: "10k", Source: model.SourceOnline}, store.RegisterOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	ctx := &screen.Context{Store: s, Lang: msg.EN, Styles: screen.NewStyles(), Now: time.Now, Stopwatch: time.Now}
	m := New(ctx)
	m.SetSize(80, 20)
	return m, s
}

// run executes a command tree and returns the messages it produced.
func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch m := cmd().(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range m {
			out = append(out, run(c)...)
		}
		return out
	case nil:
		return nil
	default:
		return []tea.Msg{m}
	}
}

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
