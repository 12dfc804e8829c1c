package printer

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// slipEvent is the test event with a desk printer and a finish-line
// printer that prints every finish's slip.
func slipEvent(t *testing.T, dir string) *model.Event {
	ev := testEvent(t)
	ev.Printers = []model.Printer{
		{Name: "desk", Target: filepath.Join(dir, "desk.bin")},
		{Name: "ziel", Target: filepath.Join(dir, "ziel.bin"), Width: Width80HD, FinishSlips: model.FinishSlipsAuto},
	}
	return ev
}

// slipDesk is the finish-line desk: its store, a queue that sends
// nothing (the jobs wait), and the automatic slips as the desk makes
// them when it starts.
type slipDesk struct {
	t     *testing.T
	path  string
	s     *store.Store
	w     *store.Watcher
	slips *AutoSlips
}

func openSlipDesk(t *testing.T, path string) *slipDesk {
	t.Helper()
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	slips, err := NewAutoSlips(s, NewQueue(s, QueueOptions{}), AutoSlipOptions{Lang: msg.DE, Hotspot: hotspotURL, Now: func() time.Time { return pinned }})
	if err != nil || slips == nil {
		t.Fatalf("automatic slips: %v %v", slips, err)
	}
	w := s.Watch()
	t.Cleanup(w.Stop)
	return &slipDesk{t: t, path: path, s: s, w: w, slips: slips}
}

func (sd *slipDesk) close() { sd.w.Stop(); sd.s.Close() }

// record stores a timing event; the desk's Check runs with what changed.
func (sd *slipDesk) record(e model.TimingEvent) model.TimingEvent {
	sd.t.Helper()
	e, err := sd.s.RecordTiming(e)
	if err != nil {
		sd.t.Fatal(err)
	}
	return e
}

// check runs the hook on what changed since the last check, as the desk
// does after each commit, and returns the titles of the slips queued.
func (sd *slipDesk) check() []string {
	sd.t.Helper()
	var d store.Delta
	select {
	case <-sd.w.C:
		d = sd.w.Take()
	default:
	}
	jobs, err := sd.slips.Check(d)
	if err != nil {
		sd.t.Fatal(err)
	}
	var titles []string
	for _, j := range jobs {
		titles = append(titles, j.Title)
	}
	return titles
}

func (sd *slipDesk) register(first, last, bib string) {
	sd.t.Helper()
	if _, err := sd.s.Register(model.ParticipantInput{First: first, Last: last, Born: "1985", Gender: "m", Race: "10k", Bib: bib}, store.RegisterOptions{Late: true}); err != nil {
		sd.t.Fatal(err)
	}
}

func at(ev *model.Event, clock string) int64 {
	t, err := time.ParseInLocation("2006-01-02 15:04:05.000", ev.Date+" "+clock, time.Local)
	if err != nil {
		panic(err)
	}
	return t.UnixMilli()
}

// Every finish of this desk queues one slip when it gets its result:
// at once with a bib, for a stamp when its bib is attached. A corrected
// time, a restart and a sync queue nothing again; another desk's finish
// is that desk's to print.
func TestAutomaticSlipsOncePerFinish(t *testing.T) {
	dir := t.TempDir()
	ev := slipEvent(t, dir)
	path := filepath.Join(dir, "ziel.db")
	s, err := store.Create(path, ev, "Ziel", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	sd := openSlipDesk(t, path)
	sd.register("Jörg", "Müller", "1")
	sd.register("Ömer", "Çelik", "2")
	sd.register("Sven", "Groß", "3")
	sd.register("Aki", "Fremd", "4")
	if got := sd.check(); len(got) != 0 {
		t.Fatalf("slips before any finish: %q", got)
	}

	// A finish before the start was recorded has no result yet: its slip
	// comes with the start.
	f1 := sd.record(model.TimingEvent{Kind: model.KindFinish, Race: "10k", Bib: 1, At: at(ev, "11:06:39.200"), Mode: model.ModeBib})
	if got := sd.check(); len(got) != 0 {
		t.Fatalf("a slip without a start: %q", got)
	}
	sd.record(model.TimingEvent{Kind: model.KindStart, Race: "10k", At: at(ev, "10:30:00.000"), Mode: model.ModeKey})
	if got := sd.check(); len(got) != 1 || got[0] != "Zielzettel Jörg Müller #1" {
		t.Fatalf("after the start: %q, want Müller's slip", got)
	}
	jobs, _ := sd.s.PrintJobs()
	j := jobs[0]
	if j.Key != SlipKey(f1.ID) || j.Kind != string(KindSlip) || j.Printer != "ziel" || j.Target != ev.Printers[1].Target {
		t.Errorf("job %+v", j)
	}
	data, _ := sd.s.PrintData(j.ID)
	printed, err := decodeOne(data, Width80HD)
	if err != nil {
		t.Fatal(err)
	}
	if out := printed.Printout(); !strings.Contains(out, "0:36:40") || !strings.Contains(out, "[QR "+hotspotURL+"/r/10k/1]") {
		t.Errorf("the queued slip:\n%s", out)
	}

	// A corrected time prints nothing again.
	sd.record(model.TimingEvent{Kind: model.KindTime, Ref: f1.ID, At: at(ev, "11:06:41.000")})
	if got := sd.check(); len(got) != 0 {
		t.Errorf("a corrected time queued %q", got)
	}

	// A stamp gets its slip when its bib is attached.
	stamp := sd.record(model.TimingEvent{Kind: model.KindFinish, At: at(ev, "11:08:00.000"), Mode: model.ModeStamp})
	if got := sd.check(); len(got) != 0 {
		t.Errorf("a stamp without bib queued %q", got)
	}
	sd.record(model.TimingEvent{Kind: model.KindBib, Ref: stamp.ID, Bib: 2})
	if got := sd.check(); len(got) != 1 || got[0] != "Zielzettel Ömer Çelik #2" {
		t.Errorf("bib attached: %q", got)
	}
	// Its bib corrected: still the one slip.
	sd.record(model.TimingEvent{Kind: model.KindBib, Ref: stamp.ID, Bib: 3})
	if got := sd.check(); len(got) != 0 {
		t.Errorf("a corrected bib queued %q", got)
	}

	// Another desk's finish comes in by sync: not printed here.
	other, err := store.Create(filepath.Join(dir, "desk2.db"), ev, "Desk 2", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.RecordTiming(model.TimingEvent{Kind: model.KindFinish, Race: "10k", Bib: 4, At: at(ev, "11:09:00.000"), Mode: model.ModeBib}); err != nil {
		t.Fatal(err)
	}
	changes, err := other.Outbox(0)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := sd.s.ApplySync(store.Ack{}, changes, 0, nil); err != nil || res.Applied == 0 {
		t.Fatalf("sync: %+v %v", res, err)
	}
	if got := sd.check(); len(got) != 0 {
		t.Errorf("another desk's finish queued %q here", got)
	}
	if rs, _ := sd.s.Results(); len(rs["10k"].Results) != 3 {
		t.Fatalf("results %+v: the synced finish should count", rs["10k"].Results)
	}

	// Closed and opened again, the desk looks at all its finishes: every
	// one has its slip. One recorded while the desk was closed (the CLI)
	// gets it now.
	sd.close()
	s, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Register(model.ParticipantInput{First: "Zoë", Last: "Spät", Born: "1990", Gender: "w", Race: "10k", Bib: "6"}, store.RegisterOptions{Late: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordTiming(model.TimingEvent{Kind: model.KindFinish, Race: "10k", Bib: 6, At: at(ev, "11:10:00.000"), Mode: model.ModeTyped}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	sd = openSlipDesk(t, path)
	if got := sd.check(); len(got) != 1 || got[0] != "Zielzettel Zoë Spät #6" {
		t.Errorf("after the restart: %q, want only the finish recorded meanwhile", got)
	}
	sd.close()
	sd = openSlipDesk(t, path)
	if got := sd.check(); len(got) != 0 {
		t.Errorf("a second restart queued %q", got)
	}
	jobs, _ = sd.s.PrintJobs()
	if len(jobs) != 3 {
		t.Errorf("%d jobs, want 3 slips: Müller, Çelik, Spät", len(jobs))
	}
}

// Without finish_slips = "auto" there are no automatic slips; an
// automatic printer without a target says so.
func TestNoAutomaticSlipsUnlessAPrinterSaysAuto(t *testing.T) {
	dir := t.TempDir()
	ev := slipEvent(t, dir)
	ev.Printers[1].FinishSlips = ""
	s, err := store.Create(filepath.Join(dir, "a.db"), ev, "Ziel", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if a, err := NewAutoSlips(s, NewQueue(s, QueueOptions{}), AutoSlipOptions{}); a != nil || err != nil {
		t.Errorf("automatic slips %v %v without finish_slips", a, err)
	}
	ev = slipEvent(t, dir)
	ev.Printers[1].Target = ""
	s2, err := store.Create(filepath.Join(dir, "b.db"), ev, "Ziel", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, err := NewAutoSlips(s2, NewQueue(s2, QueueOptions{}), AutoSlipOptions{}); err == nil || !strings.Contains(err.Error(), "needs a target") {
		t.Errorf("an automatic printer without target: %v", err)
	}
}
