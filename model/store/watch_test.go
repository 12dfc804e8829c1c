package store_test

import (
	"fmt"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// A watcher learns what each commit changed, merged until it takes it;
// past a thousand IDs it is told to reload.
func TestAWatcherLearnsWhatChanged(t *testing.T) {
	f := newFixture(t, "Desk 1")
	w := f.s.Watch()
	defer w.Stop()
	a := f.register(runner("Anna", "Schmidt"))
	b := f.register(runner("Bert", "Braun"))
	e, err := f.s.RecordTiming(model.TimingEvent{Kind: model.KindFinish, At: pinned.UnixMilli(), Mode: model.ModeStamp})
	if err != nil {
		t.Fatal(err)
	}
	<-w.C
	d := w.Take()
	if d.All || len(d.Participants) != 2 || !d.Participants[a.ID] || !d.Participants[b.ID] || len(d.Timing) != 1 || !d.Timing[e.ID] {
		t.Errorf("delta %+v", d)
	}
	if again := w.Take(); !again.Empty() {
		t.Errorf("a second Take returned %+v", again)
	}
	var many []model.ParticipantInput
	for i := range 1200 {
		many = append(many, model.ParticipantInput{First: "Viele", Last: fmt.Sprintf("Läufer%c", 'a'+i%26), Born: "1980", Gender: "m", Race: "10k"})
	}
	if _, rejected, err := f.s.RegisterMany(many, store.RegisterOptions{}); err != nil || len(rejected) > 0 {
		t.Fatalf("%v %v", err, rejected)
	}
	if d := w.Take(); !d.All || len(d.Participants) != 0 {
		t.Errorf("after 1,200 registrations: All %v, %d IDs", d.All, len(d.Participants))
	}
}
