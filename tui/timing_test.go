package tui

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// stopwatch is a timing clock the test sets (safely across goroutines).
type stopwatch struct{ ms atomic.Int64 }

func (w *stopwatch) set(clock string) {
	t, err := model.ParseClockTime(clock, fixedNow)
	if err != nil {
		panic(err)
	}
	w.ms.Store(t.UnixMilli())
}

func (w *stopwatch) Now() time.Time { return time.UnixMilli(w.ms.Load()) }

func timingDesk(t *testing.T, s *store.Store, w *stopwatch) *teatest.TestModel {
	t.Helper()
	lipgloss.SetColorProfile(termenv.Ascii)
	app := New(s, Options{Lang: msg.EN, Now: func() time.Time { return fixedNow }, Stopwatch: w.Now})
	t.Cleanup(app.unwatch)
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(80, 24))
	tm.Send(press(tea.KeyF4))
	waitFor(t, tm, "nr+enter finish")
	return tm
}

// runners adds 10k runners given as "bib:Lastname".
func runners(t *testing.T, s *store.Store, specs ...string) {
	t.Helper()
	for i, spec := range specs {
		bib, last, _ := strings.Cut(spec, ":")
		addRunner(t, s, model.ParticipantInput{First: "Läufer", Last: last, Born: "198" + string(rune('0'+i%10)), Gender: "m", Race: "10k", Bib: bib})
	}
}

func results10k(t *testing.T, s *store.Store) []model.Result {
	t.Helper()
	all, err := s.Results()
	if err != nil {
		t.Fatal(err)
	}
	return all["10k"].Results
}

func TestBibFirstAndTypedStart(t *testing.T) {
	s := newTestStore(t, 0)
	runners(t, s, "17:Krause", "18:Weber")
	w := &stopwatch{}
	w.set("10:35:00")
	tm := timingDesk(t, s, w)
	typeText(tm, "s")
	waitFor(t, tm, "Start time of 10 km Hauptlauf")
	typeText(tm, "10:30:00.0")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "[10k 10:30:00.0]")
	w.set("10:41:13.4")
	typeText(tm, "17")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "10:41:13.4     17  Krause, Läufer")
	w.set("10:42:00.9") // only after the first finish is on screen
	typeText(tm, "18")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "10:42:00.9     18")
	quit(t, tm)
	rs := results10k(t, s)
	if len(rs) != 2 || rs[0].Bib != 17 || rs[0].TimeText != "0:11:14" || rs[1].Bib != 18 || rs[1].Place != 2 {
		t.Fatalf("results %+v", rs)
	}
}

func TestTimeFirstStampsThenBibsInOrder(t *testing.T) {
	s := newTestStore(t, 0)
	runners(t, s, "1:Eins", "2:Zwei", "3:Drei")
	w := &stopwatch{}
	w.set("10:30:00")
	tm := timingDesk(t, s, w)
	typeText(tm, "g")
	waitFor(t, tm, "Start 10 km Hauptlauf at 10:30:00.0?")
	w.set("10:30:05") // the confirmation comes later; the start keeps the key's time
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "[10k 10:30:00.0]")
	// The clock moves only after the screen showed each stamp: keys are
	// handled asynchronously, the time is read when a key is handled.
	for i, at := range []string{"10:50:01.0", "10:50:02.5", "10:50:04.0"} {
		w.set(at)
		typeText(tm, " ")
		waitFor(t, tm, fmt.Sprintf("%d stamped times wait; next bib → 10:50:01.0", i+1))
	}
	for _, bib := range []string{"2", "3", "1"} {
		typeText(tm, bib)
		tm.Send(press(tea.KeyEnter))
	}
	waitFor(t, tm, "10:50:04.0      1  Eins, Läufer")
	quit(t, tm)
	rs := results10k(t, s)
	want := []struct {
		bib  int
		time string
	}{{2, "0:20:01"}, {3, "0:20:03"}, {1, "0:20:04"}} // 20:02.5 shows rounded up
	for i, w := range want {
		if rs[i].Bib != w.bib || rs[i].TimeText != w.time || rs[i].Place != i+1 {
			t.Errorf("place %d: %+v, want bib %d in %s", i+1, rs[i], w.bib, w.time)
		}
	}
}

func TestInsertAMissedFinisherBetweenTwoOthers(t *testing.T) {
	s := newTestStore(t, 0)
	runners(t, s, "7:Sieben", "8:Acht", "9:Neun")
	w := &stopwatch{}
	w.set("10:35:00") // a typed time is read on the day of the timing clock
	tm := timingDesk(t, s, w)
	typeText(tm, "s")
	typeText(tm, "10:30:00")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "[10k 10:30:00.0]")
	w.set("10:45:00.0")
	typeText(tm, "7")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "10:45:00.0      7")
	w.set("10:45:10.0")
	typeText(tm, "9")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "10:45:10.0      9")
	// The newest row (bib 9) is selected; insert bib 8 before it.
	typeText(tm, "i")
	waitFor(t, tm, "Missed finisher before finish #2 (bib 9, 10:45:10.0)")
	typeText(tm, "8")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "Insert bib 8 at 10:45:05.0 before finish #2?", "y insert")
	typeText(tm, "y")
	waitFor(t, tm, "10:45:05.0      8  Acht, Läufer")
	quit(t, tm)
	rs := results10k(t, s)
	if len(rs) != 3 || rs[1].Bib != 8 || rs[1].TimeText != "0:15:05" {
		t.Fatalf("results %+v", rs)
	}
	evs, _ := s.TimingEvents()
	inserted := 0
	for _, e := range evs {
		if e.Mode == model.ModeInsert {
			inserted++
		}
	}
	if inserted != 1 {
		t.Errorf("%d inserted events, want 1 (kept in the audit trail as an insert)", inserted)
	}
}
