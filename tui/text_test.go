package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

// Issue 17, item 2: another desk's card printed "by Desk␛]0;PWNED␇" — the
// window title changed, the screen cleared, OSC 52 wrote the clipboard.
// Whatever a peer synced, the desk shows it without a control character.
func TestHostileTextFromAPeerIsShownHarmlessly(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii) // the frame has no escape sequence of its own
	s := newTestStore(t, 0)
	p := addRunner(t, s, model.ParticipantInput{First: "Jörg", Last: "Müller", Born: "1985", Gender: "m", Race: "10k"})
	evil := "Desk\x1b]0;PWNED\x07"
	stamp := model.MakeHLC(fixedNow.Add(60_000_000_000).UnixMilli(), 0)
	if _, err := s.ApplySync(store.Ack{}, []store.Change{{Seq: 1, Device: "peer", DevSeq: 1, HLC: stamp, Desk: evil,
		Entity: store.EntityParticipant, ID: p.ID, Op: store.OpUpdate, Fields: []model.FieldChange{
			{Field: model.FLast, Value: "Mül\x1b[2Jler\u202e"}, {Field: model.FClub, Value: "LG\x1b]52;c;cm0gLXJmIH4=\x07 Nord\u009b2J"},
			{Field: model.FStatus, Value: string(model.CheckedIn)}, {Field: model.FCheckedInAt, Value: "2026-12-06T08:01:00Z"},
			{Field: model.FCheckedInDesk, Value: evil}, {Field: model.ExtraPrefix + "tshirt", Value: "M\x1b[5m"}}}}, 1, nil); err != nil {
		t.Fatal(err)
	}
	a := openDesk(t, s, msg.EN)
	for _, r := range "jorg" {
		_, cmd := a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		drain(a, cmd)
	}
	assertSafeFrame(t, "the search list", a.View())
	if !strings.Contains(a.View(), "Mül^[[2Jler") {
		t.Fatalf("the runner is not listed as expected:\n%s", a.View())
	}
	_, cmd := a.Update(tea.KeyMsg{Type: tea.KeyEnter})
	drain(a, cmd)
	frame := a.View()
	assertSafeFrame(t, "the card", frame)
	if !strings.Contains(frame, "Desk^[]0;PWNED^G") {
		t.Errorf("the card does not show who checked the runner in:\n%s", frame)
	}
	_, cmd = a.Update(tea.KeyMsg{Type: tea.KeyEnter}) // check in again: "already checked in by …"
	drain(a, cmd)
	assertSafeFrame(t, "the card after a second check-in", a.View())
}

func assertSafeFrame(t *testing.T, what, frame string) {
	t.Helper()
	for i, r := range frame {
		if r != '\n' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x202e) {
			t.Errorf("%s holds U+%04X at byte %d:\n%q", what, r, i, frame)
			return
		}
	}
}

// FuzzSafeParticipant: whatever the stored fields hold, what the desk
// shows of them holds no control character.
func FuzzSafeParticipant(f *testing.F) {
	f.Add("Mül\x1b[2Jler", "Desk\x1b]0;PWNED\x07", "\u009b2J")
	f.Fuzz(func(t *testing.T, last, desk, club string) {
		p := screen.SafeParticipant(model.Participant{Last: last, CheckedInDesk: desk, Club: club, Extra: map[string]string{"k": club}})
		assertSafeFrame(t, "the participant", p.Last+p.CheckedInDesk+p.Club+p.Extra["k"]+screen.Clip(screen.Safe(last), 10))
	})
}
