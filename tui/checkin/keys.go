package checkin

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/racedesk/racedesk/model/msg"
)

// keys of the check-in screen: list keys while searching, action keys on
// the card. Help texts come from the catalog.
type keys struct {
	Up, Down, PageUp, PageDown, Open, Clear key.Binding
	CheckIn, Pay, Edit, DNS, Label, Back    key.Binding
	Cash, Card, Online, Unpaid              key.Binding
	NextRunner                              key.Binding
}

func newKeys(lang msg.Lang) keys {
	t := func(k msg.Key) string { return msg.T(lang, k) }
	return keys{
		Up:         key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑/↓", t(msg.KeyMove))),
		Down:       key.NewBinding(key.WithKeys("down", "ctrl+n")),
		PageUp:     key.NewBinding(key.WithKeys("pgup")),
		PageDown:   key.NewBinding(key.WithKeys("pgdown")),
		Open:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t(msg.KeyOpen))),
		Clear:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t(msg.KeyClear))),
		CheckIn:    key.NewBinding(key.WithKeys("enter", "c"), key.WithHelp("enter/c", t(msg.KeyCheckIn))),
		Pay:        key.NewBinding(key.WithKeys("p"), key.WithHelp("p", t(msg.KeyPay))),
		Edit:       key.NewBinding(key.WithKeys("e"), key.WithHelp("e", t(msg.KeyEdit))),
		DNS:        key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t(msg.KeyDNS))),
		Label:      key.NewBinding(key.WithKeys("l"), key.WithHelp("l", t(msg.KeyLabel))),
		Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t(msg.Back))),
		NextRunner: key.NewBinding(key.WithKeys("enter", "esc"), key.WithHelp("enter/esc", t(msg.KeyNextRunner))),
		Cash:       key.NewBinding(key.WithKeys("1", "b"), key.WithHelp("1", t(msg.PayCash))),
		Card:       key.NewBinding(key.WithKeys("2", "k"), key.WithHelp("2", t(msg.PayCard))),
		Online:     key.NewBinding(key.WithKeys("3", "o"), key.WithHelp("3", t(msg.PayOnline))),
		Unpaid:     key.NewBinding(key.WithKeys("0"), key.WithHelp("0", t(msg.PayNone))),
	}
}
