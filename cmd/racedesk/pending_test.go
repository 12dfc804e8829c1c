package main

import (
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/hotspot"
)

func TestPendingPurgeListsThenDeletesOnlyUnconfirmedPhoneRegistrations(t *testing.T) {
	db := newEventDB(t)
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, last := range []string{"Flut", "Welle", "Echt"} {
		p, err := s.RegisterPending(model.ParticipantInput{First: "Anna", Last: last, Born: "1990", Gender: "w", Race: "10k"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	if _, err := s.CheckIn(ids[2]); err != nil { // a real runner, confirmed
		t.Fatal(err)
	}
	s.Close()

	code, out, stderr := cli(t, "pending", "purge", "--db", db, "--lang", "en", "--since", "10m", "--dry-run")
	if code != 0 || !strings.Contains(out, "2 unconfirmed phone registrations since") || !strings.Contains(out, "Anna Flut") ||
		strings.Contains(out, "Echt") || !strings.Contains(out, "dry run: nothing deleted") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, stderr)
	}

	// While a desk (or hub) holds the file, it does the work.
	s, err = store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if c, _ := s.Counts(); c.Pending != 2 {
		t.Fatalf("the dry run changed something: %+v", c)
	}
	stop, err := store.ServeControl(s, pendingControl(s))
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr = cli(t, "pending", "purge", "--db", db, "--lang", "en", "--since", "10m")
	stop()
	if code != 0 || !strings.Contains(out, "2 unconfirmed phone registrations deleted") {
		t.Fatalf("purge: exit %d\n%s%s", code, out, stderr)
	}
	if c, _ := s.Counts(); c.Pending != 0 || c.CheckedIn != 1 {
		t.Errorf("counts after the purge %+v", c)
	}
	for i, want := range []model.Status{model.Deleted, model.Deleted, model.CheckedIn} {
		if p, _ := s.Get(ids[i]); p.Status != want {
			t.Errorf("entry %d: %s, want %s", i, p.Status, want)
		}
	}
	h, _ := s.History(ids[0])
	if last := h[len(h)-1]; last.Op != store.OpDelete || !strings.Contains(last.Fields[0].Value, store.FloodReason) {
		t.Errorf("the deletion change: %+v", last)
	}
}

func TestPendingPurgeUsage(t *testing.T) {
	db := newEventDB(t)
	for _, args := range [][]string{{"pending", "purge", "--db", db}, {"pending", "purge", "--db", db, "--since", "gestern"}} {
		if code, _, _ := cli(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 12, 6, 11, 30, 15, 0, time.Local)
	for in, want := range map[string]time.Time{
		"10m":   now.Add(-10 * time.Minute),
		"1h30m": now.Add(-90 * time.Minute),
		"10:42": time.Date(2026, 12, 6, 10, 42, 0, 0, time.Local),
		"09:05": time.Date(2026, 12, 6, 9, 5, 0, 0, time.Local),
	} {
		if got, err := parseSince(in, now); err != nil || !got.Equal(want) {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
}

func TestFormLimitFlagsOverrideTheEventFile(t *testing.T) {
	ev := &model.Event{Hotspot: &model.HotspotConfig{PerMinute: 12, MaxPending: 500}}
	for name, tc := range map[string]struct {
		flags formLimitFlags
		ev    *model.Event
		want  hotspot.Limit
	}{
		"nothing given: the defaults":     {formLimitFlags{}, &model.Event{}, hotspot.Limit{}},
		"the event file's":                {formLimitFlags{}, ev, hotspot.Limit{PerMinute: 12, MaxPending: 500}},
		"a flag wins over the file":       {formLimitFlags{perMinute: 60}, ev, hotspot.Limit{PerMinute: 60, MaxPending: 500}},
		"a negative flag lifts the limit": {formLimitFlags{maxPending: -1}, ev, hotspot.Limit{PerMinute: 12, MaxPending: -1}},
	} {
		if got := tc.flags.limit(tc.ev); got != tc.want {
			t.Errorf("%s: %+v, want %+v", name, got, tc.want)
		}
	}
}
