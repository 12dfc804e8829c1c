package tui

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/racedesk/racedesk/model/msg"
)

// appKeys are the bindings that work on every screen.
type appKeys struct {
	Help key.Binding
	Quit key.Binding
	Back key.Binding
}

func newAppKeys(lang msg.Lang) appKeys {
	return appKeys{
		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", msg.T(lang, msg.Help))),
		Quit: key.NewBinding(key.WithKeys("ctrl+c", "q"), key.WithHelp("q/ctrl+c", msg.T(lang, msg.Quit))),
		Back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", msg.T(lang, msg.Back))),
	}
}

// ShortHelp and FullHelp make appKeys a help.KeyMap.
func (k appKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Help, k.Quit} }
func (k appKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Help, k.Back, k.Quit}} }
