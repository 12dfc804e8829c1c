package tui

import "github.com/charmbracelet/bubbles/key"

// appKeys are the bindings that work on every screen.
type appKeys struct {
	Help key.Binding
	Quit key.Binding
	Back key.Binding
}

func newAppKeys() appKeys {
	return appKeys{
		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit: key.NewBinding(key.WithKeys("ctrl+c", "q"), key.WithHelp("q/ctrl+c", "quit")),
		Back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	}
}

// ShortHelp and FullHelp make appKeys a help.KeyMap.
func (k appKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Help, k.Quit} }
func (k appKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Help, k.Back, k.Quit}} }
