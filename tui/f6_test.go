package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model/msg"
)

func TestF6AndF7SwitchScreens(t *testing.T) {
	s := newTestStore(t, 0)
	app := New(s, Options{Lang: msg.EN})
	defer app.unwatch()
	app.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	app.Update(tea.KeyMsg{Type: tea.KeyF6})
	if !strings.Contains(app.View(), "[F6 Print]") {
		t.Errorf("%s", app.View())
	}
}

func TestTabsFitIn80ColumnsInBothLanguages(t *testing.T) {
	s := newTestStore(t, 0)
	for _, lang := range []msg.Lang{msg.EN, msg.DE} {
		app := New(s, Options{Lang: lang})
		app.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		app.Update(tea.KeyMsg{Type: tea.KeyF7})
		tabs := strings.Split(app.View(), "\n")[1]
		if strings.Contains(tabs, "…") || !strings.Contains(tabs, "F7") {
			t.Errorf("%s: tab line cut: %q", lang, tabs)
		}
		app.unwatch()
	}
}
