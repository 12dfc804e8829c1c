package cash

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
	"github.com/racedesk/racedesk/tui/screentest"
)

// One computation at a time: commits while one runs wait, merged, for
// the next; a view out of sight computes nothing until shown.
func TestCommitsWhileTheReportIsComputedGiveOneMoreComputation(t *testing.T) {
	ctx := screentest.Context(t)
	p, err := ctx.Store.Register(model.ParticipantInput{First: "Ana", Last: "Zahl", Born: "1990", Gender: "w", Race: "10k", Bib: "1", Source: model.SourceOnline}, store.RegisterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m := New(ctx)
	m.SetSize(80, 20)
	m.Hidden()
	first := m.Show()
	if first == nil {
		t.Fatal("shown, the view computes nothing")
	}
	changed := screen.StoreChangedMsg{Delta: store.Delta{Participants: map[string]bool{p.ID: true}}}
	if cmd := m.Update(changed); cmd != nil {
		t.Fatal("a second computation started while the first runs")
	}
	if cmd := m.Update(changed); cmd != nil {
		t.Fatal("a third computation started while the first runs")
	}
	if _, err := ctx.Store.TakePayment(p.ID, model.Cash, -1); err != nil {
		t.Fatal(err)
	}
	msgs := screentest.Run(first)
	if len(msgs) != 1 {
		t.Fatalf("messages %v", msgs)
	}
	again := m.Update(msgs[0])
	if again == nil {
		t.Fatal("the commits that came meanwhile are not computed")
	}
	for _, msg := range screentest.Run(again) {
		if cmd := m.Update(msg); cmd != nil {
			t.Fatal("computed again with nothing new")
		}
	}
	if !strings.Contains(m.View(), "Desk 1 (this desk)           15,00") {
		t.Errorf("the payment is not in the report:\n%s", m.View())
	}
	if cmd := m.Show(); cmd != nil {
		t.Error("shown again with nothing new, the view computes again")
	}
	m.Hidden()
	if cmd := m.Show(); cmd == nil {
		t.Error("shown after a commit out of sight, the view does not compute")
	}
}

// p lays the report out for a preview: Enter sends it from the desk's
// preview, Esc drops it.
func TestPrintAsksForAPreviewFirst(t *testing.T) {
	ctx := screentest.Context(t)
	m := New(ctx)
	msgs := screentest.Run(m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'p'}}))
	if len(msgs) != 1 {
		t.Fatalf("messages %v", msgs)
	}
	switch pm := msgs[0].(type) {
	case screen.PrintMsg:
		if !pm.Preview || pm.Doc == nil || !strings.Contains(pm.Doc.Title, "Cash report") {
			t.Errorf("%+v", pm)
		}
	case screen.PrintProblemMsg:
		t.Fatalf("cannot print: %v", pm.Err)
	default:
		t.Fatalf("%T", pm)
	}
}
