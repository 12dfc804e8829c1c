package timing

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/racedesk/racedesk/model/msg"
)

type keys struct {
	Finish, Stamp, Start, TypedStart, NextRace key.Binding
	Up, Down, FixBib, FixTime, Void, Insert    key.Binding
	DNF, DSQ, Back, Undo                       key.Binding
	// In a prompt: Check takes a typed answer to its confirmation; Yes
	// (with the action's name), NewFinish and EnterStart answer it; Keep
	// leaves everything as it was; Digits leave the question for the bib
	// field (the next runner's bib is never an answer).
	Check, Yes, NewFinish, EnterStart, Keep, Digits key.Binding
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
		Undo:       key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", t(msg.TimingKeyUndo))),
		Check:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t(msg.TimingKeyCheck))),
		Yes:        key.NewBinding(key.WithKeys("y"), key.WithHelp("y", t(msg.TimingKeyChange))),
		NewFinish:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t(msg.TimingKeyNewFinish))),
		EnterStart: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t(msg.TimingKeyStart))),
		Keep:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t(msg.TimingKeyKeep))),
		Digits: key.NewBinding(key.WithKeys("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
			key.WithHelp("0-9", t(msg.TimingKeyBackToBib))),
	}
}
