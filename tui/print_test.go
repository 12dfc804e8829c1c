package tui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
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

// From the desk: checking a runner in queues a label, and the queue
// prints it to the event's (file) printer.
func TestCheckInPrintsALabel(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	ev, err := demo.Event()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "labels.bin")
	ev.Printers[0].Target = out
	s, err := store.Create(filepath.Join(t.TempDir(), "p.db"), ev, "Desk 1", store.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	addRunner(t, s, model.ParticipantInput{First: "Jörg", Last: "Müller", Born: "12.3.85", Gender: "m", Race: "10k"})
	q := printer.NewQueue(s, printer.QueueOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); q.Run(ctx, func(printer.Status) {}) }()
	defer func() { cancel(); <-done }()

	app := New(s, Options{Lang: msg.EN, Now: func() time.Time { return fixedNow }, Queue: q})
	defer app.unwatch()
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(80, 24))
	typeText(tm, "muller")
	waitFor(t, tm, "Müller, Jörg")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "no bib yet")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "still due")
	typeText(tm, "0") // pays later
	waitFor(t, tm, "hand out bib 1", "pays later", "queued for printing")
	// The label again, with a preview first.
	tm.Send(press(tea.KeyCtrlL))
	waitFor(t, tm, "Preview —", "Müller")
	tm.Send(press(tea.KeyEsc))
	quit(t, tm)

	deadline := time.Now().Add(patience)
	for {
		jobs, _ := s.PrintJobs()
		if len(jobs) == 1 && jobs[0].State == store.PrintDone {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("jobs %+v: want one label, printed (the preview sends nothing)", jobs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte{0x1b, 0x40}) || !bytes.Contains(b, []byte{0x1d, 0x56}) {
		t.Errorf("label bytes do not start with ESC @ or lack a cut: % x", b[:min(16, len(b))])
	}
	if !bytes.Contains(b, []byte("M\x81ller")) { // ü in PC858
		t.Errorf("the label lacks the name in the printer's code page")
	}
}
