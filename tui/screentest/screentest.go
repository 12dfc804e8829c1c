// Package screentest drives a screen's commands by hand in tests, the way
// the Bubble Tea loop would: run a command, hand its messages back.
package screentest

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

// Run executes a command and the batches in it; it returns the messages
// they produced.
func Run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch m := cmd().(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range m {
			out = append(out, Run(c)...)
		}
		return out
	case nil:
		return nil
	default:
		return []tea.Msg{m}
	}
}

// Feed runs cmd and hands each message to update, and what update returns
// in turn, until nothing is left.
func Feed(update func(tea.Msg) tea.Cmd, cmd tea.Cmd) {
	for _, m := range Run(cmd) {
		Feed(update, update(m))
	}
}

// Context is a screen context over a new store of the example event (the
// forest run of docs/examples) in a temporary directory.
func Context(t testing.TB) *screen.Context {
	t.Helper()
	ev, err := demo.Event()
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Create(t.TempDir()+"/event.db", ev, "Desk 1", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &screen.Context{Store: s, Lang: msg.EN, Styles: screen.NewStyles(), Now: time.Now, Stopwatch: time.Now}
}
