package results

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
	"github.com/racedesk/racedesk/tui/screentest"
)

func pressKey(m *Model, k string) {
	msg := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
	if _, cmd := m.Update(msg); cmd != nil {
		feed(m, cmd)
	}
}

// t shows the race's teams: each with its sum and its scoring runners,
// the incomplete after the ranked, within 80 columns; a new finish moves
// them; t again goes back to the runners.
func TestTeamViewShowsTheTeamsAndFollowsFinishes(t *testing.T) {
	ctx := screentest.Context(t)
	s, ev := ctx.Store, ctx.Event()
	for i, r := range []struct{ first, club string }{
		{"Anna", "LG Buchau"}, {"Carl", "lg buchau"}, {"Dora", "LG Buchau"}, {"Emil", "TSV Müller"}, {"Fritz", "TSV Mueller"}, {"Gina", "TSV Müller"},
	} {
		in := model.ParticipantInput{First: r.first, Last: "Läufer", Born: "1990", Gender: "w", Club: r.club, Race: "10k", Bib: string(rune('1' + i))}
		if _, err := s.Register(in, store.RegisterOptions{Late: true}); err != nil {
			t.Fatal(err)
		}
	}
	w := s.Watch()
	defer w.Stop()
	m := New(ctx)
	feed(m, m.Init())
	m.SetSize(80, 18)
	day := ev.Day()
	record := func(e model.TimingEvent) {
		t.Helper()
		if _, err := s.RecordTiming(e); err != nil {
			t.Fatal(err)
		}
		<-w.C
		_, cmd := m.Update(screen.StoreChangedMsg{Delta: w.Take()})
		feed(m, cmd)
	}
	at := func(d time.Duration) int64 { return day.Add(10*time.Hour + d).UnixMilli() }
	record(model.TimingEvent{Kind: model.KindStart, Race: "10k", At: at(0), Mode: model.ModeTyped})
	for bib, d := range map[int]time.Duration{1: 40*time.Minute + 3400*time.Millisecond, 2: 41*time.Minute + 200*time.Millisecond,
		3: 42*time.Minute + 300*time.Millisecond, 4: 39 * time.Minute, 5: 45 * time.Minute} {
		record(model.TimingEvent{Kind: model.KindFinish, Race: "10k", Bib: bib, At: at(d), Mode: model.ModeBib})
	}
	if v := m.View(); strings.Contains(v, "LG Buchau ") {
		t.Fatalf("the runners' view shows teams before t:\n%s", v)
	}
	pressKey(m, "t")
	v := m.View()
	for _, want := range []string{"10 km Hauptlauf · Team ranking", "best 3 per club · times added · men and women together", "1.  LG Buchau", "2:03:06", "1 Anna Läufer 0:40:04 · 2 Carl Läufer 0:41:01",
		"-  TSV Müller  (incomplete: 2 of 3)"} {
		if !strings.Contains(v, want) {
			t.Errorf("team view lacks %q:\n%s", want, v)
		}
	}
	assertFits(t, v, 80, 18)
	// Gina's finish completes her club's team, ahead of LG Buchau.
	record(model.TimingEvent{Kind: model.KindFinish, Race: "10k", Bib: 6, At: at(38 * time.Minute), Mode: model.ModeBib})
	v = m.View()
	if i, j := strings.Index(v, "1.  TSV Müller"), strings.Index(v, "2.  LG Buchau"); i < 0 || j < i {
		t.Errorf("after the sixth finish TSV Müller (2:02:00) is not first before LG Buchau:\n%s", v)
	}
	// The team view has no filters: g and c do nothing there, and the
	// help says what t does now.
	pressKey(m, "g")
	pressKey(m, "c")
	if m.gender != "" || m.class != "" {
		t.Errorf("g/c filtered in the team view: %q %q", m.gender, m.class)
	}
	h := help.New()
	h.Width = 80
	if line := h.ShortHelpView(m.ShortHelp()); !strings.Contains(line, "t runners") || strings.Contains(line, "g ") {
		t.Errorf("team view help: %q", line)
	}
	pressKey(m, "t")
	if v := m.View(); !strings.Contains(v, "Anna Läufer") || strings.Contains(v, "Team ranking") {
		t.Errorf("t did not go back to the runners:\n%s", v)
	}
	if line := h.ShortHelpView(m.ShortHelp()); !strings.Contains(line, "t teams") {
		t.Errorf("the runners' help does not offer t at 80 columns: %q", line)
	}
}

func assertFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("%d lines, room for %d:\n%s", len(lines), h, view)
	}
	for _, l := range lines {
		if lipgloss.Width(l) > w {
			t.Errorf("line %q is %d wide, room for %d", l, lipgloss.Width(l), w)
		}
	}
}

// A company run's teams come from an extra field: a change to it moves
// teams, so it counts as a change the results depend on.
func TestATeamFieldChangeRanksAgain(t *testing.T) {
	dt := &data{teamKeys: []string{"team"}}
	a := model.Participant{Bib: 1, Race: "10k", Extra: map[string]string{"team": "Bäckerei Groß", "tshirt": "M"}}
	b := a
	b.Extra = map[string]string{"team": "Stadtwerke", "tshirt": "M"}
	c := a
	c.Extra = map[string]string{"team": "Bäckerei Groß", "tshirt": "XL"}
	if dt.ranked(&a) == dt.ranked(&b) {
		t.Error("a new team went unnoticed")
	}
	if dt.ranked(&a) != dt.ranked(&c) {
		t.Error("a T-shirt size counts as a change the results depend on")
	}
}
