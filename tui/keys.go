package tui

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/tui/screen"
)

// appKeys are the bindings that work on every screen.
type appKeys struct {
	Help, Quit, Back                          key.Binding
	CheckIn, Register, Timing, Results, Print key.Binding
	Phones                                    key.Binding
}

func newAppKeys(lang msg.Lang) appKeys {
	t := func(k msg.Key) string { return msg.T(lang, k) }
	return appKeys{
		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", t(msg.Help))),
		// No bare q: at a busy desk a stray letter must never close the
		// desk (the next runner may be called Quast).
		Quit:     key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", t(msg.Quit))),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t(msg.Back))),
		CheckIn:  key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", t(msg.TabCheckIn))),
		Register: key.NewBinding(key.WithKeys("f3", "ctrl+r"), key.WithHelp("F3/ctrl+r", t(msg.TabRegister))),
		Timing:   key.NewBinding(key.WithKeys("f4"), key.WithHelp("F4", t(msg.TabTiming))),
		Results:  key.NewBinding(key.WithKeys("f5"), key.WithHelp("F5", t(msg.TabResults))),
		Print:    key.NewBinding(key.WithKeys("f6"), key.WithHelp("F6", t(msg.TabPrint))),
		Phones:   key.NewBinding(key.WithKeys("f7"), key.WithHelp("F7", t(msg.TabHotspot))),
	}
}

// FullHelp lists the global bindings.
func (k appKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.CheckIn, k.Register, k.Timing, k.Results, k.Print, k.Phones}, {k.Help, k.Back, k.Quit}}
}

// screenKey is a function key that shows a screen.
type screenKey struct {
	binding key.Binding
	id      screen.ID
}

// screens maps the screen keys to their screens.
func (k appKeys) screens() []screenKey {
	return []screenKey{{k.CheckIn, screen.CheckIn}, {k.Register, screen.Register}, {k.Timing, screen.Timing},
		{k.Results, screen.Results}, {k.Print, screen.Print}, {k.Phones, screen.Phones}}
}
