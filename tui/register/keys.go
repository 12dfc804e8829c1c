package register

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/racedesk/racedesk/model/msg"
)

type keys struct {
	Next, Prev, Left, Right, Save, Clear, Undo, Back key.Binding
	OpenExisting, SaveAnyway, Confirm, Continue      key.Binding
	BackToCard                                       key.Binding
}

func newKeys(lang msg.Lang) keys {
	t := func(k msg.Key) string { return msg.T(lang, k) }
	return keys{
		Next:  key.NewBinding(key.WithKeys("tab", "down", "enter"), key.WithHelp("tab/↓/enter", t(msg.KeyNextField))),
		Prev:  key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", t(msg.KeyPrevField))),
		Left:  key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→/"+t(msg.KeyLetter), t(msg.KeyChoose))),
		Right: key.NewBinding(key.WithKeys("right", " ")),
		Save:  key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", t(msg.KeySave))),
		// Clearing keeps what it cleared: ctrl+z brings it back.
		Clear: key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", t(msg.KeyClearForm))),
		Undo:  key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", t(msg.KeyUndoForm))),
		Back:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t(msg.Back))),
		// On the duplicate question Enter, the key pressed without reading,
		// opens the runner already there. Registering anyway is F8: no
		// key of moving through the form and no letter of a name.
		OpenExisting: key.NewBinding(key.WithKeys("enter", "o"), key.WithHelp("enter/o", t(msg.KeyOpenExisting))),
		SaveAnyway:   key.NewBinding(key.WithKeys("f8"), key.WithHelp("F8", t(msg.KeySaveAnyway))),
		Confirm:      key.NewBinding(key.WithKeys("enter", "ctrl+s"), key.WithHelp("enter", t(msg.KeySave))),
		Continue:     key.NewBinding(key.WithKeys("enter"), key.WithHelp(t(msg.KeyAnyKey), t(msg.KeyNextRunner))),
		BackToCard:   key.NewBinding(key.WithKeys("enter"), key.WithHelp(t(msg.KeyAnyKey), t(msg.KeyBackToCard))),
	}
}
