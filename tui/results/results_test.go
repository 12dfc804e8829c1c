package results

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
	"github.com/racedesk/racedesk/tui/screentest"
)

func feed(m *Model, cmd tea.Cmd) {
	screentest.Feed(func(msg tea.Msg) tea.Cmd { _, next := m.Update(msg); return next }, cmd)
}

// The results screen patches its copy from what changed: a finish moves
// the results, a payment leaves them as they were (nothing is recomputed).
func TestResultsFollowFinishesAndIgnorePayments(t *testing.T) {
	ctx := screentest.Context(t)
	s, ev := ctx.Store, ctx.Event()
	p, err := s.Register(model.ParticipantInput{First: "Eva", Last: "Schnell", Born: "1990", Gender: "w", Race: "10k", Bib: "5"}, store.RegisterOptions{Late: true})
	if err != nil {
		t.Fatal(err)
	}
	w := s.Watch()
	defer w.Stop()
	m := New(ctx)
	feed(m, m.Init())
	day := ev.Day()
	for _, e := range []model.TimingEvent{
		{Kind: model.KindStart, Race: "10k", At: day.Add(10 * time.Hour).UnixMilli(), Mode: model.ModeTyped},
		{Kind: model.KindFinish, Race: "10k", Bib: 5, At: day.Add(10*time.Hour + 41*time.Minute).UnixMilli(), Mode: model.ModeBib},
	} {
		if _, err := s.RecordTiming(e); err != nil {
			t.Fatal(err)
		}
	}
	<-w.C
	_, cmd := m.Update(screen.StoreChangedMsg{Delta: w.Take()})
	feed(m, cmd)
	rs := m.all["10k"].Results
	if len(rs) != 1 || rs[0].Bib != 5 || rs[0].TimeText != "0:41:00" {
		t.Fatalf("results after the finish: %+v", rs)
	}
	// A second finisher is added to the results shown, as a recompute
	// would place her; her 39:00.3 shows rounded up, as every result time.
	if _, err := s.Register(model.ParticipantInput{First: "Ida", Last: "Schneller", Born: "1992", Gender: "w", Race: "10k", Bib: "6"}, store.RegisterOptions{Late: true}); err != nil {
		t.Fatal(err)
	}
	<-w.C
	_, cmd = m.Update(screen.StoreChangedMsg{Delta: w.Take()})
	feed(m, cmd)
	shown := m.all["10k"]
	if _, err := s.RecordTiming(model.TimingEvent{Kind: model.KindFinish, Race: "10k", Bib: 6, At: day.Add(10*time.Hour + 39*time.Minute + 300*time.Millisecond).UnixMilli(), Mode: model.ModeBib}); err != nil {
		t.Fatal(err)
	}
	<-w.C
	_, cmd = m.Update(screen.StoreChangedMsg{Delta: w.Take()})
	feed(m, cmd)
	if m.all["10k"] != shown {
		t.Errorf("the finish was computed again, not added")
	}
	want, _ := s.Results()
	if g, w := lines(m.all["10k"].Results), lines(want["10k"].Results); g != w {
		t.Errorf("added:\n%s\nrecomputed:\n%s", g, w)
	}
	m.SetSize(80, 20)
	if v := m.View(); !strings.Contains(v, "Ida Schneller") || !strings.Contains(v, "0:39:01") || strings.Contains(v, "0:39:00") {
		t.Errorf("the screen does not show 39:00.3 as 0:39:01:\n%s", v)
	}
	before := m.all
	if _, err := s.TakePayment(p.ID, model.Cash, 2000); err != nil {
		t.Fatal(err)
	}
	<-w.C
	_, cmd = m.Update(screen.StoreChangedMsg{Delta: w.Take()})
	feed(m, cmd)
	if m.all["10k"] != before["10k"] {
		t.Errorf("a payment recomputed the results")
	}
}

// lines prints results without their participant pointers.
func lines(rs []model.Result) string {
	out := ""
	for _, r := range rs {
		r.Participant = nil
		out += fmt.Sprintf("%+v\n", r)
	}
	return out
}
