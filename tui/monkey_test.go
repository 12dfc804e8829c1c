package tui

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
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
)

// TestMonkeyNoSlipChangesData: random key sequences — letters, digits,
// Enter, Esc, Tab, arrows, Backspace, Space, the function keys, ?, the
// correction keys, ctrl+z and ctrl+x, and bursts of keys arriving together
// — on every screen. The keys that confirm (y, j), the card's actions
// (ctrl+b, ctrl+d, ctrl+e), F8 (register a duplicate anyway) and ctrl+s are
// left out, so the only things the desk may write are what Enter does on
// what the screen shows: a check-in (with the money the question asked
// for), a late entry, a finish, the first start of a race. Anything else
// in the log — a finish voided or relabelled, a time changed, a runner
// marked DNS, edited, paid without a check-in, undone, a duplicate — is a
// slip that destroyed data. Seeded; the seed is printed on failure.
func TestMonkeyNoSlipChangesData(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("RACEDESK_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	runs, keys := 24, 250
	if testing.Short() {
		runs = 6
	}
	t.Logf("seed %d (rerun with RACEDESK_SEED=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0x6d6f6e6b6579))
	for run := range runs {
		t.Run(fmt.Sprint(run), func(t *testing.T) {
			sent := monkeyRun(t, rng, keys)
			if t.Failed() {
				t.Logf("FAILED with seed %d, run %d; keys: %s", seed, run, sent)
			}
		})
	}
}

// monkeyRun types n random keys at a fresh desk and checks what it wrote.
func monkeyRun(t *testing.T, rng *rand.Rand, n int) string {
	lipgloss.SetColorProfile(termenv.Ascii)
	ev, err := demo.Event()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "monkey.db")
	s, err := store.Create(path, ev, "Desk 1", store.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	if _, rej, err := s.RegisterMany(demo.Runners(ev, 12, int64(rng.IntN(1000))), store.RegisterOptions{}); err != nil || len(rej) > 0 {
		t.Fatal(err, rej)
	}
	if _, err := s.RegisterPending(model.ParticipantInput{First: "Handy", Last: "Läuferin", Born: "1990", Gender: "w", Race: "5k"}); err != nil {
		t.Fatal(err)
	}
	before, err := s.Log(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	w := &stopwatch{}
	w.set("10:00:00")
	app := New(s, Options{Lang: []msg.Lang{msg.EN, msg.DE}[rng.IntN(2)], Now: func() time.Time { return fixedNow }, Stopwatch: w.Now})
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(80, 24))
	var sent []string
	for range n {
		k := monkeyKey(rng)
		sent = append(sent, k.String())
		tm.Send(k)
	}
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.Send(quitAnswerMsg{})
	tm.WaitFinished(t, teatest.WithFinalTimeout(patience))
	app.Close()
	app.unwatch()
	// Actions still running when the desk quit finish before the file
	// closes (bbolt waits for a write under way).
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = store.Open(path, store.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkMonkeyLog(t, s, len(before))
	checkMonkeyTiming(t, s)
	return strings.Join(sent, " ")
}

// monkeyKey is one random key (or a burst of them).
func monkeyKey(rng *rand.Rand) tea.KeyMsg {
	const letters = "abcdefghiklmnopqrstuvwxzäöüß-' "
	const digits = "0123456789"
	runes := func(set string, n int) tea.KeyMsg {
		rs := []rune(set)
		out := make([]rune, n)
		for i := range out {
			out[i] = rs[rng.IntN(len(rs))]
		}
		return tea.KeyMsg{Type: tea.KeyRunes, Runes: out}
	}
	special := []tea.KeyType{tea.KeyEnter, tea.KeyEnter, tea.KeyEnter, tea.KeyEsc, tea.KeyEsc, tea.KeyTab, tea.KeyShiftTab,
		tea.KeyUp, tea.KeyDown, tea.KeyBackspace, tea.KeySpace, tea.KeyPgDown, tea.KeyCtrlZ, tea.KeyCtrlX,
		tea.KeyF2, tea.KeyF3, tea.KeyF4, tea.KeyF5, tea.KeyF6, tea.KeyF7}
	switch r := rng.IntN(100); {
	case r < 40:
		return runes(letters, 1)
	case r < 60:
		return runes(digits, 1)
	case r < 65:
		return runes(letters+digits, 2+rng.IntN(7)) // a burst
	case r < 66:
		return runes("?", 1)
	}
	return tea.KeyMsg{Type: special[rng.IntN(len(special))]}
}

// checkMonkeyLog: every participant change after the first `from` log
// entries is a late entry or a check-in (with its bib and the payment
// asked for at it); no two runners are the same person.
func checkMonkeyLog(t *testing.T, s *store.Store, from int) {
	t.Helper()
	log, err := s.Log(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkIn := map[string]bool{model.FStatus: true, model.FBib: true, model.FCheckedInAt: true, model.FCheckedInDesk: true,
		model.FPaidCents: true, model.FPayMethod: true}
	for _, ch := range log[from:] {
		if ch.Entity != store.EntityParticipant {
			continue
		}
		switch ch.Op {
		case store.OpCreate:
			continue // a late entry typed through its form
		case store.OpUpdate:
			status := ""
			for _, f := range ch.Fields {
				if f.Field == model.FStatus {
					status = f.Value
				}
				if !checkIn[f.Field] {
					t.Errorf("change %d set %s=%q of %s: an edit without its keys", ch.Seq, f.Field, f.Value, ch.ID)
				}
			}
			if status != string(model.CheckedIn) {
				t.Errorf("change %d of %s is not a check-in (status %q): %+v", ch.Seq, ch.ID, status, ch.Fields)
			}
		}
	}
	hits, err := s.Search("", 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, h := range hits {
		p := h.Participant
		who := model.Fold(p.Last+" "+p.First) + " " + p.Born.Display()
		if other, dup := seen[who]; dup {
			t.Errorf("%s registered twice (%s and %s)", who, other, p.ID)
		}
		seen[who] = p.ID
	}
}

// checkMonkeyTiming: finishes and at most one start per race, nothing
// voided, relabelled, retimed, inserted or given a status.
func checkMonkeyTiming(t *testing.T, s *store.Store) {
	t.Helper()
	evs, err := s.TimingEvents()
	if err != nil {
		t.Fatal(err)
	}
	starts, byID, labelled := map[string]int{}, map[string]model.TimingEvent{}, map[string]bool{}
	for _, e := range evs {
		byID[e.ID] = e
	}
	for _, e := range evs {
		switch {
		case e.Kind == model.KindStart:
			if starts[e.Race]++; starts[e.Race] > 1 {
				t.Errorf("race %s started again without the confirmation key: %+v", e.Race, e)
			}
		case e.Kind == model.KindFinish && e.Mode != model.ModeInsert:
		case e.Kind == model.KindBib && byID[e.Ref].Kind == model.KindFinish && byID[e.Ref].Bib == 0 && !labelled[e.Ref]:
			// The bib typed for a time stamped first (Space, then the
			// number): capture, not a correction — once per stamp.
			labelled[e.Ref] = true
		default:
			t.Errorf("a %s (mode %s) recorded without the confirmation key: %+v (refers to %+v)", e.Kind, e.Mode, e, byID[e.Ref])
			for _, o := range evs {
				if o.Ref == e.Ref {
					t.Logf("  also on it: %+v", o)
				}
			}
		}
	}
}
