package results

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/printer"
	"github.com/racedesk/racedesk/tui/screen"
	"github.com/racedesk/racedesk/tui/screentest"
)

func press(k tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: k} }
func runes(s string) tea.KeyMsg      { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// ↓ selects the next finisher — the screen marks the row — and s lays out
// that runner's finish slip for the print queue, with the QR code to the
// result at the hotspot's address.
func TestSPrintsTheSelectedRunnersFinishSlip(t *testing.T) {
	ctx := screentest.Context(t)
	ctx.Hotspot = "http://192.168.1.10:8080"
	s, ev := ctx.Store, ctx.Event()
	for _, in := range []model.ParticipantInput{
		{First: "Eva", Last: "Schnell", Born: "1990", Gender: "w", Race: "10k", Bib: "5"},
		{First: "Jörg", Last: "Müller", Born: "1985", Gender: "m", Race: "10k", Bib: "6"},
	} {
		if _, err := s.Register(in, store.RegisterOptions{Late: true}); err != nil {
			t.Fatal(err)
		}
	}
	day := ev.Day()
	for _, e := range []model.TimingEvent{
		{Kind: model.KindStart, Race: "10k", At: day.Add(10 * time.Hour).UnixMilli(), Mode: model.ModeTyped},
		{Kind: model.KindFinish, Race: "10k", Bib: 5, At: day.Add(10*time.Hour + 39*time.Minute).UnixMilli(), Mode: model.ModeBib},
		{Kind: model.KindFinish, Race: "10k", Bib: 6, At: day.Add(10*time.Hour + 41*time.Minute + 200*time.Millisecond).UnixMilli(), Mode: model.ModeBib},
	} {
		if _, err := s.RecordTiming(e); err != nil {
			t.Fatal(err)
		}
	}
	m := New(ctx)
	feed(m, m.Init())
	m.SetSize(80, 20)
	if v := m.View(); !strings.Contains(v, "›  1.     5  Eva Schnell") {
		t.Errorf("the first finisher is not selected:\n%s", v)
	}
	m.Update(press(tea.KeyDown))
	if v := m.View(); !strings.Contains(v, "›  2.     6  Jörg Müller") {
		t.Errorf("↓ does not select the second finisher:\n%s", v)
	}
	_, cmd := m.Update(runes("s"))
	msgs := screentest.Run(cmd)
	if len(msgs) != 1 {
		t.Fatalf("s gave %v", msgs)
	}
	pm, ok := msgs[0].(screen.PrintMsg)
	if !ok {
		t.Fatalf("s gave %#v, want a print", msgs[0])
	}
	if pm.Preview || pm.Doc.Kind != printer.KindSlip || pm.Doc.Title != "Finish slip Jörg Müller #6" || pm.Participant == "" {
		t.Errorf("print %+v", pm)
	}
	text := printer.Preview(pm.Doc)
	for _, want := range []string{"Jörg Müller", "0:41:01", "2. overall · 1. men", "QR http://192.168.1.10:8080/r/10k/6"} {
		if !strings.Contains(text, want) {
			t.Errorf("slip lacks %q:\n%s", want, text)
		}
	}
	// ↓ past the last row stays on it; a filter that still shows the
	// runner keeps the runner selected, one that hides them selects the
	// first row.
	m.Update(press(tea.KeyDown))
	m.Update(press(tea.KeyDown))
	if v := m.View(); !strings.Contains(v, "›  2.     6") {
		t.Errorf("the selection left the list:\n%s", v)
	}
	m.Update(runes("g"))
	if r, ok := m.selected(); !ok || r.Bib != 6 {
		t.Errorf("men only: selected %+v %v, want Müller, the only man", r, ok)
	}
	m.Update(runes("g"))
	if v := m.View(); !strings.Contains(v, "›  1.     5  Eva Schnell") {
		t.Errorf("women only: Eva Schnell is not selected:\n%s", v)
	}
}

// On a race without results s does nothing.
func TestSWithoutResultsPrintsNothing(t *testing.T) {
	ctx := screentest.Context(t)
	m := New(ctx)
	feed(m, m.Init())
	m.SetSize(80, 20)
	if _, cmd := m.Update(runes("s")); cmd != nil {
		t.Errorf("s on an empty list gave a command")
	}
}

// p prints what the screen shows: in the team view, the team ranking (P,
// by class, is a runners' list and does nothing there).
func TestPInTheTeamViewPrintsTheTeams(t *testing.T) {
	ctx := screentest.Context(t)
	s, ev := ctx.Store, ctx.Event()
	for i, first := range []string{"Anna", "Berta", "Cora"} {
		in := model.ParticipantInput{First: first, Last: "Läuferin", Born: "1990", Gender: "w", Club: "LG Buchau", Race: "10k", Bib: string(rune('1' + i))}
		if _, err := s.Register(in, store.RegisterOptions{Late: true}); err != nil {
			t.Fatal(err)
		}
	}
	day := ev.Day()
	if _, err := s.RecordTiming(model.TimingEvent{Kind: model.KindStart, Race: "10k", At: day.Add(10 * time.Hour).UnixMilli(), Mode: model.ModeTyped}); err != nil {
		t.Fatal(err)
	}
	for bib := 1; bib <= 3; bib++ {
		at := day.Add(10*time.Hour + time.Duration(39+bib)*time.Minute).UnixMilli()
		if _, err := s.RecordTiming(model.TimingEvent{Kind: model.KindFinish, Race: "10k", Bib: bib, At: at, Mode: model.ModeBib}); err != nil {
			t.Fatal(err)
		}
	}
	m := New(ctx)
	feed(m, m.Init())
	m.SetSize(80, 20)
	m.Update(runes("t"))
	if _, cmd := m.Update(runes("P")); cmd != nil {
		t.Errorf("P in the team view gave %v", screentest.Run(cmd))
	}
	_, cmd := m.Update(runes("p"))
	msgs := screentest.Run(cmd)
	if len(msgs) != 1 {
		t.Fatalf("p gave %v", msgs)
	}
	pm, ok := msgs[0].(screen.PrintMsg)
	if !ok {
		t.Fatalf("p gave %#v, want a print", msgs[0])
	}
	text := printer.Preview(pm.Doc)
	if !pm.Preview || !strings.Contains(text, "LG Buchau") || !strings.Contains(text, "2:03:00") {
		t.Errorf("p in the team view printed %q:\n%s", pm.Doc.Title, text)
	}
}
