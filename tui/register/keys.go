package register

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/racedesk/racedesk/model/msg"
)

type keys struct {
	Next, Prev, Left, Right, Save, Clear, Back  key.Binding
	OpenExisting, SaveAnyway, Confirm, Continue key.Binding
}

func newKeys(lang msg.Lang) keys {
	t := func(k msg.Key) string { return msg.T(lang, k) }
	return keys{
		Next:         key.NewBinding(key.WithKeys("tab", "down", "enter"), key.WithHelp("tab/↓/enter", t(msg.KeyNextField))),
		Prev:         key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", t(msg.KeyPrevField))),
		Left:         key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→/"+t(msg.KeyLetter), t(msg.KeyChoose))),
		Right:        key.NewBinding(key.WithKeys("right", " ")),
		Save:         key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", t(msg.KeySave))),
		Clear:        key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", t(msg.KeyClearForm))),
		Back:         key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t(msg.Back))),
		OpenExisting: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", t(msg.KeyOpenExisting))),
		SaveAnyway:   key.NewBinding(key.WithKeys("s", "enter"), key.WithHelp("s/enter", t(msg.KeySaveAnyway))),
		Confirm:      key.NewBinding(key.WithKeys("enter", "ctrl+s"), key.WithHelp("enter", t(msg.KeySave))),
		Continue:     key.NewBinding(key.WithKeys("enter"), key.WithHelp(t(msg.KeyAnyKey), t(msg.KeyNextRunner))),
	}
}
