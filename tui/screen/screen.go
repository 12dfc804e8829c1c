// Package screen is what the desk's screens share: the context handed down
// from the root model, the styles, the screen contract and the messages
// screens send each other. It imports no screen, so screens can import it.
package screen

import (
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// Context is handed to every screen: the store, the language, the styles
// and the clock. It is built once by the root model.
type Context struct {
	Store  *store.Store
	Lang   msg.Lang
	Styles Styles
	Now    func() time.Time
	// Stopwatch is the timekeeper's clock: monotonic, anchored to the wall
	// clock once, so adjusting the laptop's clock mid-race moves no time.
	Stopwatch func() time.Time
	// Hotspot is the address the desk's hotspot serves on ("": none):
	// QR codes on labels and finish slips lead to a runner's live result
	// there when the event file has no [results] url.
	Hotspot string
}

// T renders a catalog message in the desk's language.
func (c *Context) T(k msg.Key, args ...any) string { return msg.T(c.Lang, k, args...) }

// Err renders an error in the desk's language.
func (c *Context) Err(err error) string { return msg.Error(c.Lang, err) }

// Event is the store's event.
func (c *Context) Event() *model.Event { return c.Store.Event() }

// AgeClass is a participant's class in its race ("" when none).
func (c *Context) AgeClass(p *model.Participant) string {
	ev := c.Event()
	r, ok := ev.Race(p.Race)
	if !ok {
		return ""
	}
	return model.AgeClass(r, ev.Year(), p.Born, p.Gender)
}

// RaceName is the name of a race ID.
func (c *Context) RaceName(id string) string {
	if r, ok := c.Event().Race(id); ok {
		return r.Name
	}
	return id
}

// Screen is the contract of a desk screen: a Bubble Tea model that also
// reports its key bindings (for the help line) and takes its size from the
// root model.
type Screen interface {
	Init() tea.Cmd
	Update(tea.Msg) (Screen, tea.Cmd)
	View() string
	SetSize(width, height int)
	help.KeyMap
}

// ID names a screen for switching.
type ID int

const (
	CheckIn ID = iota
	Register
	Timing
	Results
	Print
	Phones
)

// SwitchMsg asks the root model to show another screen.
type SwitchMsg struct{ To ID }

// OpenParticipantMsg asks the check-in screen to open a participant's card.
type OpenParticipantMsg struct{ ID string }

// EditParticipantMsg asks the registration screen to edit a participant.
type EditParticipantMsg struct{ Participant model.Participant }

// StoreChangedMsg says the store committed changes (this desk's or, later,
// sync's and the hotspot's); visible data should be reloaded.
type StoreChangedMsg struct {
	// Delta says what changed; a screen patches what it shows from it
	// (Delta.All: reload).
	Delta store.Delta
}

// Switch is a command that switches screens.
func Switch(to ID) tea.Cmd { return func() tea.Msg { return SwitchMsg{To: to} } }

// Send wraps a message as a command.
func Send(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }

// Unsaved is implemented by a screen that can hold input not stored yet
// (a half-typed late entry): before the desk quits it asks, naming what
// would be lost. "" means nothing would be.
type Unsaved interface {
	Unsaved() string
}

// Modal is implemented by a screen that is asking something right now (a
// confirmation, a correction being typed): while it asks, the desk's
// global keys other than ctrl+c go to the screen, so a key meant for the
// question never switches screens.
type Modal interface {
	Asking() bool
}
