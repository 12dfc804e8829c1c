package tui

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// The slips testers made typing fast at 80×24 (issue 15): a stray
// correction key, a laptop on another day, a DNF without a word.

// setOn sets the timing clock to a time of day on another day than the
// event's (a rehearsal, a laptop with a wrong date).
func (w *stopwatch) setOn(day time.Time, clock string) {
	t, err := model.ParseClockTime(clock, day)
	if err != nil {
		panic(err)
	}
	w.ms.Store(t.UnixMilli())
}

// startedAt types the 10k's start.
func startedAt(t *testing.T, tm *teatest.TestModel, clock string) {
	t.Helper()
	typeText(tm, "s")
	waitFor(t, tm, "Start time of 10 km Hauptlauf")
	typeText(tm, clock)
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "[10k "+clock)
}

// finish types bib + Enter at the clock's time and waits for the row.
func finish(t *testing.T, tm *teatest.TestModel, w *stopwatch, clock, bib, row string) {
	t.Helper()
	w.set(clock)
	typeText(tm, bib)
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, row)
}

func bibsOf(rs []model.Result) map[int]string {
	out := map[int]string{}
	for _, r := range rs {
		out[r.Bib] = r.TimeText + string(r.Status)
	}
	return out
}

// waitResult waits until the store's 10k results give bib its time.
func waitResult(t *testing.T, s *store.Store, bib int, want string) {
	t.Helper()
	var got map[int]string
	for deadline := time.Now().Add(patience); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if got = bibsOf(results10k(t, s)); got[bib] == want {
			return
		}
	}
	t.Fatalf("results %v: bib %d never got %s", got, bib, want)
}

func timingKinds(t *testing.T, s *store.Store) map[model.TimingKind]int {
	t.Helper()
	evs, err := s.TimingEvents()
	if err != nil {
		t.Fatal(err)
	}
	n := map[model.TimingKind]int{}
	for _, e := range evs {
		n[e.Kind]++
	}
	return n
}

// Slip 1, x: a stray x, then the next runner's bib and Enter. The void
// asks with y, naming the finish; the digit leaves the question and the
// finish is taken, visibly. Bib 4's finish stays.
func TestSlipStrayVoidKeyThenABibRecordsTheFinish(t *testing.T) {
	s := newTestStore(t, 0)
	runners(t, s, "4:Vier", "7:Sieben")
	w := &stopwatch{}
	w.set("10:35:00")
	tm := timingDesk(t, s, w)
	startedAt(t, tm, "10:30:00.0")
	finish(t, tm, w, "10:40:03.0", "4", "10:40:03.0      4  Vier, Läufer")
	typeText(tm, "x")
	waitFor(t, tm, "Void finish #1 — bib 4, 10:40:03.0?", "y void", "esc keep")
	finish(t, tm, w, "10:40:09.0", "7", "10:40:09.0      7  Sieben, Läufer")
	quit(t, tm)
	if n := timingKinds(t, s); n[model.KindVoid] != 0 || n[model.KindFinish] != 2 {
		t.Errorf("events %v, want two finishes and no void", n)
	}
	if got := bibsOf(results10k(t, s)); got[4] != "0:10:03" || got[7] != "0:10:09" {
		t.Fatalf("results %v, want bib 4 in 0:10:03 and bib 7 in 0:10:09", got)
	}
}

// Slip 1, b: a stray b, then the next runner's bib and Enter. Nothing is
// relabelled without a y that names old → new; n takes the finish the
// timekeeper meant (at the moment of Enter), esc keeps everything, and
// the next bib + Enter records a finish again.
func TestSlipStrayBibKeyThenABibAsksBeforeRelabelling(t *testing.T) {
	s := newTestStore(t, 0)
	runners(t, s, "6:Sechs", "7:Sieben", "8:Acht", "9:Neun")
	w := &stopwatch{}
	w.set("10:35:00")
	tm := timingDesk(t, s, w)
	startedAt(t, tm, "10:30:00.0")
	finish(t, tm, w, "10:40:00.0", "6", "10:40:00.0      6  Sechs, Läufer")
	typeText(tm, "b")
	waitFor(t, tm, "New bib for finish #1 (bib 6, 10:40:00.0)")
	w.set("10:40:07.5")
	typeText(tm, "7")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "Finish #1 at 10:40:00.0: bib 6 → 7?", "y change", "n finish 7 at 10:40:07.5", "esc keep")
	if n := timingKinds(t, s); n[model.KindBib] != 0 {
		t.Fatalf("events %v: a bib was changed before y", n)
	}
	typeText(tm, "n")
	waitFor(t, tm, "10:40:07.5      7  Sieben, Läufer")
	// Again, and this time esc: nothing changes, the next bib is a finish.
	typeText(tm, "b")
	waitFor(t, tm, "New bib for finish #2 (bib 7, 10:40:07.5)")
	typeText(tm, "9")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "Finish #2 at 10:40:07.5: bib 7 → 9?")
	tm.Send(press(tea.KeyEsc))
	waitFor(t, tm, "nothing changed")
	finish(t, tm, w, "10:40:12.0", "8", "10:40:12.0      8  Acht, Läufer")
	quit(t, tm)
	if n := timingKinds(t, s); n[model.KindBib] != 0 || n[model.KindFinish] != 3 {
		t.Errorf("events %v, want three finishes and no bib change", n)
	}
	got := bibsOf(results10k(t, s))
	if got[6] != "0:10:00" || got[7] != "0:10:08" || got[8] != "0:10:12" || got[9] != "" {
		t.Fatalf("results %v", got)
	}
}

// Slip 6: on a rehearsal day (or with a wrong laptop date) typed times
// and stamped times are read on the same day: the typed start, a typed
// insert and a typed time fix all fit the finishes taken with Enter.
func TestSlipTypedAndStampedTimesOnAnotherDay(t *testing.T) {
	s := newTestStore(t, 0)
	runners(t, s, "17:Krause", "18:Weber", "19:Hahn")
	rehearsal := fixedNow.AddDate(0, 0, -8)
	w := &stopwatch{}
	w.setOn(rehearsal, "10:35:00")
	tm := timingDesk(t, s, w)
	startedAt(t, tm, "10:30:00.0")
	w.setOn(rehearsal, "10:41:13.4")
	typeText(tm, "17")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "10:41:13.4     17  Krause, Läufer")
	w.setOn(rehearsal, "10:45:00.0")
	typeText(tm, "18")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "10:45:00.0     18  Weber, Läufer")
	waitResult(t, s, 17, "0:11:14") // not "before the start"; 11:13.4 shows rounded up
	// Bib 19 was missed before 18, at a time written on paper.
	typeText(tm, "i")
	waitFor(t, tm, "Missed finisher before finish #2")
	typeText(tm, "19 10:44:00")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "Insert bib 19 at 10:44:00.0 before finish #2?")
	typeText(tm, "y")
	waitFor(t, tm, "10:44:00.0     19  Hahn, Läufer")
	// 18's time was taken late: fix it (18 is the newest row, selected).
	typeText(tm, "t")
	waitFor(t, tm, "New time for finish #3 (bib 18, 10:45:00.0)")
	typeText(tm, "10:44:30")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "Finish #3, bib 18: 10:45:00.0 → 10:44:30.0?")
	typeText(tm, "y")
	waitFor(t, tm, "10:44:30.0     18  Weber, Läufer")
	quit(t, tm)
	rs := results10k(t, s)
	want := []struct {
		bib  int
		time string
	}{{17, "0:11:14"}, {19, "0:14:00"}, {18, "0:14:30"}}
	if len(rs) != len(want) {
		t.Fatalf("results %+v, want 3 finishers", rs)
	}
	for i, w := range want {
		if rs[i].Bib != w.bib || rs[i].TimeText != w.time || rs[i].Place != i+1 {
			t.Errorf("place %d: bib %d in %s, want bib %d in %s", i+1, rs[i].Bib, rs[i].TimeText, w.bib, w.time)
		}
	}
	all, _ := s.Results()
	for _, f := range all["10k"].Flags {
		t.Errorf("flag %+v", f)
	}
}

// Item 10: DNF and DSQ say what they recorded, once it is stored.
func TestSlipDNFAndDSQSayWhatTheyRecorded(t *testing.T) {
	s := newTestStore(t, 0)
	runners(t, s, "17:Krause", "23:Lang")
	w := &stopwatch{}
	w.set("10:35:00")
	tm := timingDesk(t, s, w)
	typeText(tm, "f")
	waitFor(t, tm, "DNF — bib:")
	typeText(tm, "17")
	tm.Send(press(tea.KeyEnter))
	typeText(tm, "y")
	waitFor(t, tm, "✓ bib 17 DNF")
	typeText(tm, "d")
	waitFor(t, tm, "DSQ — bib and reason:")
	typeText(tm, "23 shortened the course")
	tm.Send(press(tea.KeyEnter))
	typeText(tm, "y")
	waitFor(t, tm, "✓ bib 23 DSQ (shortened the course)")
	quit(t, tm)
	got := bibsOf(results10k(t, s))
	if got[17] != string(model.DNF) || got[23] != string(model.DSQ) {
		t.Fatalf("results %v, want 17 DNF and 23 DSQ", got)
	}
}

// ctrl+z undoes this desk's last timing action — here a void — after
// naming it; the undo is one more event, nothing is deleted.
func TestUndoAVoidBringsTheFinishBack(t *testing.T) {
	s := newTestStore(t, 0)
	runners(t, s, "4:Vier")
	w := &stopwatch{}
	w.set("10:35:00")
	tm := timingDesk(t, s, w)
	startedAt(t, tm, "10:30:00.0")
	finish(t, tm, w, "10:40:03.0", "4", "10:40:03.0      4  Vier, Läufer")
	typeText(tm, "x")
	waitFor(t, tm, "Void finish #1 — bib 4, 10:40:03.0?")
	typeText(tm, "y")
	waitFor(t, tm, "✓ finish #1 voided")
	tm.Send(press(tea.KeyCtrlZ))
	waitFor(t, tm, "Undo: void of finish #1 (bib 4, 10:40:03.0)?", "y undo")
	typeText(tm, "y")
	waitFor(t, tm, "✓ undone: void of finish #1 (bib 4, 10:40:03.0)")
	quit(t, tm)
	if n := timingKinds(t, s); n[model.KindVoid] != 2 || n[model.KindFinish] != 1 || n[model.KindStart] != 1 {
		t.Errorf("events %v, want start, finish, void and the undo's void", n)
	}
	if got := bibsOf(results10k(t, s)); got[4] != "0:10:03" {
		t.Fatalf("results %v, want bib 4 back in 0:10:03", got)
	}
}
