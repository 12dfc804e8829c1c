package store_test

import (
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

func TestTimingEventsAreDurableLoggedAndRanked(t *testing.T) {
	f := newFixture(t, "Desk 1")
	p, err := f.s.Register(model.ParticipantInput{First: "Jörg", Last: "Müller", Born: "1985", Gender: "m", Race: "10k", Bib: "17"}, store.RegisterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	start := f.clock.Now().UnixMilli()
	if _, err := f.s.RecordTiming(model.TimingEvent{Kind: model.KindStart, Race: "10k", At: start}); err != nil {
		t.Fatal(err)
	}
	fin, err := f.s.RecordTiming(model.TimingEvent{Kind: model.KindFinish, Bib: 17, At: start + 2_500_000})
	if err != nil {
		t.Fatal(err)
	}
	if fin.ID == "" || fin.Device != f.s.Device().ID || fin.HLC == 0 {
		t.Errorf("recorded event lacks identity: %+v", fin)
	}
	if _, err := f.s.RecordTiming(model.TimingEvent{Kind: model.KindFinish}); err == nil {
		t.Error("a finish without a time was accepted")
	}
	f.reopen(store.Options{})
	evs, err := f.s.TimingEvents()
	if err != nil || len(evs) != 2 {
		t.Fatalf("after reopen: %d events, %v", len(evs), err)
	}
	log, _ := f.s.Log(0, 0)
	timing := 0
	for _, ch := range log {
		if ch.Entity == store.EntityTiming {
			timing++
		}
	}
	if timing != 2 {
		t.Errorf("%d timing entries in the change log, want 2", timing)
	}
	all, err := f.s.Results()
	if err != nil {
		t.Fatal(err)
	}
	rs := all["10k"].Results
	if len(rs) != 1 || rs[0].Bib != p.Bib || rs[0].TimeText != "0:41:40" || rs[0].Place != 1 {
		t.Errorf("results %+v", rs)
	}
}

// BenchmarkRecordFinish is one finish recorded durably (committed and
// fsynced), as the timekeeper's Enter or space does.
func BenchmarkRecordFinish(b *testing.B) {
	f := newFixture(b, "Desk 1")
	at := f.clock.Now().UnixMilli()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := f.s.RecordTiming(model.TimingEvent{Kind: model.KindFinish, Bib: 1 + i%300, At: at + int64(i)*100, Mode: model.ModeBib}); err != nil {
			b.Fatal(err)
		}
	}
}
