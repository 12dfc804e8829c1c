package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/printer"
)

// slipStore is the demo event with its printer writing to a file in the
// test's directory; auto prints every finish's slip.
func slipStore(t *testing.T, auto bool) *store.Store {
	t.Helper()
	ev, err := demo.Event()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ev.Printers[0].Target = filepath.Join(dir, "print.bin")
	if auto {
		ev.Printers[0].FinishSlips = model.FinishSlipsAuto
	}
	s, err := store.Create(filepath.Join(dir, "slips.db"), ev, "Ziel", store.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, in := range []model.ParticipantInput{
		{First: "Jörg", Last: "Müller", Born: "12.3.85", Gender: "m", Race: "10k", Bib: "1"},
		{First: "Anna", Last: "Weiß", Born: "1.7.01", Gender: "w", Race: "10k", Bib: "2"},
	} {
		if _, err := s.Register(in, store.RegisterOptions{Late: true}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func record(t *testing.T, s *store.Store, e model.TimingEvent) model.TimingEvent {
	t.Helper()
	e, err := s.RecordTiming(e)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// waitJobs waits until the store's print queue holds n jobs and returns
// them.
func waitJobs(t *testing.T, s *store.Store, n int) []store.PrintJob {
	t.Helper()
	deadline := time.Now().Add(patience)
	for {
		jobs, err := s.PrintJobs()
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) >= n || time.Now().After(deadline) {
			if len(jobs) != n {
				t.Fatalf("%d print jobs %+v, want %d", len(jobs), jobs, n)
			}
			return jobs
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func clock(s *store.Store, hms string) int64 {
	t, _ := time.ParseInLocation("2006-01-02 15:04:05", s.Event().Date+" "+hms, time.Local)
	return t.UnixMilli()
}

// With finish_slips = "auto" the open desk queues a slip for each finish
// as it gets its result — recorded on this desk by any way (here the
// store, as `racedesk finish` through the desk would) — and none for a
// corrected time.
func TestTheDeskPrintsASlipPerFinishOnItsOwn(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	s := slipStore(t, true)
	q := printer.NewQueue(s, printer.QueueOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); q.Run(ctx, func(printer.Status) {}) }()
	defer func() { cancel(); <-done }()
	app := New(s, Options{Lang: msg.EN, Now: func() time.Time { return fixedNow }, Queue: q})
	defer app.unwatch()
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(80, 24))
	waitFor(t, tm, "checked in")

	record(t, s, model.TimingEvent{Kind: model.KindStart, Race: "10k", At: clock(s, "10:00:00"), Mode: model.ModeKey})
	f1 := record(t, s, model.TimingEvent{Kind: model.KindFinish, Race: "10k", Bib: 1, At: clock(s, "10:41:00"), Mode: model.ModeBib})
	jobs := waitJobs(t, s, 1)
	if jobs[0].Key != printer.SlipKey(f1.ID) || jobs[0].Title != "Finish slip Jörg Müller #1" {
		t.Errorf("job %+v", jobs[0])
	}
	// The time corrected, then the next finisher: her slip is the only
	// new job (the desk looks at changes in order, so the correction was
	// looked at before).
	record(t, s, model.TimingEvent{Kind: model.KindTime, Ref: f1.ID, At: clock(s, "10:41:05")})
	record(t, s, model.TimingEvent{Kind: model.KindFinish, Race: "10k", Bib: 2, At: clock(s, "10:45:00"), Mode: model.ModeBib})
	jobs = waitJobs(t, s, 2)
	if jobs[1].Title != "Finish slip Anna Weiß #2" {
		t.Errorf("second job %+v", jobs[1])
	}
	quit(t, tm)
}

// On the results screen (F5), ↓ selects a runner and s queues the
// runner's finish slip; the status line says so.
func TestTheResultsScreenPrintsTheSelectedRunnersSlip(t *testing.T) {
	s := slipStore(t, false)
	record(t, s, model.TimingEvent{Kind: model.KindStart, Race: "10k", At: clock(s, "10:00:00"), Mode: model.ModeKey})
	record(t, s, model.TimingEvent{Kind: model.KindFinish, Race: "10k", Bib: 1, At: clock(s, "10:41:00"), Mode: model.ModeBib})
	record(t, s, model.TimingEvent{Kind: model.KindFinish, Race: "10k", Bib: 2, At: clock(s, "10:45:00"), Mode: model.ModeBib})
	tm := desk(t, s, msg.EN)
	tm.Send(press(tea.KeyF5))
	waitFor(t, tm, "Anna Weiß", "P by class • s slip")
	tm.Send(press(tea.KeyDown))
	typeText(tm, "s")
	waitFor(t, tm, "✓ queued for printing: Finish sli") // the line is cut at 80 columns
	app := quit(t, tm)
	jobs := waitJobs(t, s, 1)
	if jobs[0].Title != "Finish slip Anna Weiß #2" || jobs[0].Kind != string(printer.KindSlip) || jobs[0].Key != "" {
		t.Errorf("job %+v: a slip asked for by a person has no key", jobs[0])
	}
	if frame := app.View(); !strings.Contains(frame, "› ") {
		t.Errorf("no row is marked selected:\n%s", frame)
	}
}

// Every key of the results screen stays visible in its help line at 80
// columns, in German too (seven keys: race, gender, class, teams, print,
// by class, slip).
func TestTheResultsHelpLineShowsEveryKeyAt80Columns(t *testing.T) {
	for _, c := range []struct {
		lang msg.Lang
		want string
	}{{msg.EN, "tab race • g gender • c class • t teams • p print • P by class • s slip"}, {msg.DE, "tab Lauf • g M/W/D • c Klasse • t Teams • p drucken • P je Klasse • s Zettel"}} {
		s := slipStore(t, false)
		tm := desk(t, s, c.lang)
		tm.Send(press(tea.KeyF5))
		waitFor(t, tm, c.want)
		quit(t, tm)
	}
}
