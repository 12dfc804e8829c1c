package timing

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/racedesk/racedesk/model/msg"
)

type keys struct {
	Finish, Stamp, Start, TypedStart, NextRace key.Binding
	Up, Down, FixBib, FixTime, Void, Insert    key.Binding
	DNF, DSQ, Back, Confirm                    key.Binding
}

func newKeys(lang msg.Lang) keys {
	t := func(k msg.Key) string { return msg.T(lang, k) }
	return keys{
		Finish:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("nr+enter", t(msg.KeyFinish))),
		Stamp:      key.NewBinding(key.WithKeys(" "), key.WithHelp("space", t(msg.KeyStamp))),
		Start:      key.NewBinding(key.WithKeys("g"), key.WithHelp("g", t(msg.KeyGun))),
		TypedStart: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", t(msg.KeyTypedStart))),
		NextRace:   key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", t(msg.KeyNextRace))),
		Up:         key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", t(msg.KeyMove))),
		Down:       key.NewBinding(key.WithKeys("down")),
		FixBib:     key.NewBinding(key.WithKeys("b"), key.WithHelp("b", t(msg.KeyFixBib))),
		FixTime:    key.NewBinding(key.WithKeys("t"), key.WithHelp("t", t(msg.KeyFixTime))),
		Void:       key.NewBinding(key.WithKeys("x"), key.WithHelp("x", t(msg.KeyVoid))),
		Insert:     key.NewBinding(key.WithKeys("i"), key.WithHelp("i", t(msg.KeyInsert))),
		DNF:        key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "DNF")),
		DSQ:        key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "DSQ")),
		Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t(msg.Back))),
		Confirm:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t(msg.KeySave))),
	}
}
