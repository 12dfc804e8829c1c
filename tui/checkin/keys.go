package checkin

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/racedesk/racedesk/model/msg"
)

// keys of the check-in screen: list keys while searching, action keys on
// the card. Every action that changes a runner is on Enter (check in,
// asking for the money when some is due) or on a ctrl key: letters and
// digits never act on the card — they start the next search (type-ahead),
// so the next runner's name typed while the card still shows cannot mark
// this one DNS or open its edit form. Help texts come from the catalog.
type keys struct {
	Up, Down, PageUp, PageDown, Open, Clear key.Binding
	CheckIn, Pay, Edit, DNS, Label, Back    key.Binding
	Cash, Card, Online, Unpaid, PayLater    key.Binding
	NextRunner, TypeAhead, Undo, Yes, Keep  key.Binding
	ItIsThem, NewRunner                     key.Binding
	Delete, ReasonDone, YesDelete           key.Binding
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
		CheckIn:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t(msg.KeyCheckIn))),
		Pay:        key.NewBinding(key.WithKeys("ctrl+b"), key.WithHelp("ctrl+b", t(msg.KeyPayCtrl))),
		Edit:       key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", t(msg.KeyEditCtrl))),
		DNS:        key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", t(msg.KeyDNSCtrl))),
		Label:      key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", t(msg.KeyLabelCtrl))),
		Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t(msg.Back))),
		NextRunner: key.NewBinding(key.WithKeys("enter", "esc"), key.WithHelp("enter/esc", t(msg.KeyNextRunner))),
		TypeAhead:  key.NewBinding(key.WithKeys("a…z"), key.WithHelp("a–z 0–9", t(msg.KeyTypeAhead))),
		Undo:       key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", t(msg.KeyUndo))),
		Yes:        key.NewBinding(key.WithKeys("y", "j"), key.WithHelp("y", t(msg.KeyYes))),
		Keep:       key.NewBinding(key.WithKeys("esc", "n"), key.WithHelp("esc", t(msg.KeyKeep))),
		// A phone entry that is a runner registered already: Enter takes
		// the safe way (no second runner); a new runner is deliberate.
		ItIsThem:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t(msg.KeyItIsThem))),
		NewRunner: key.NewBinding(key.WithKeys("f8"), key.WithHelp("F8", t(msg.KeyNewRunner))),
		// Deleting asks why, then y: no key typed for a name reaches it.
		Delete:     key.NewBinding(key.WithKeys("f9"), key.WithHelp("F9", t(msg.KeyDelete))),
		ReasonDone: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t(msg.KeyReasonDone))),
		YesDelete:  key.NewBinding(key.WithKeys("y"), key.WithHelp("y", t(msg.KeyDelete))),
		// Digits only: a letter in a payment question would be a name
		// typed too early ("becker" must not pay cash).
		Cash:     key.NewBinding(key.WithKeys("1"), key.WithHelp("1", t(msg.PayCash))),
		Card:     key.NewBinding(key.WithKeys("2"), key.WithHelp("2", t(msg.PayCard))),
		Online:   key.NewBinding(key.WithKeys("3"), key.WithHelp("3", t(msg.PayOnline))),
		Unpaid:   key.NewBinding(key.WithKeys("0"), key.WithHelp("0", t(msg.PayNone))),
		PayLater: key.NewBinding(key.WithKeys("0"), key.WithHelp("0", t(msg.KeyPayLater))),
	}
}
