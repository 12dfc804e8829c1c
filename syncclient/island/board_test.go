package island

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient"
)

// The board says which devices the hub serves, how far each clock is
// off, and whether the cloud has everything — the organizer's sign that
// it is safe to pack up.
func TestBoardTellsWhenTheCloudHasEverything(t *testing.T) {
	ev, err := demo.Event()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 6, 10, 42, 13, 0, time.UTC)
	s, err := store.Create(filepath.Join(t.TempDir(), "hub.db"), ev, "Hub", store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b := NewBoard(s, func() time.Time { return now })
	if b.Changed() {
		t.Errorf("an empty board changed")
	}
	b.Seen("dev-2", "Desk 2", 0)
	b.Seen("dev-1", "Desk 1", -90*time.Second)
	if !b.Changed() || b.Changed() {
		t.Errorf("new devices must change the board once")
	}
	b.Cloud(syncclient.Status{State: syncclient.StateOffline, Err: errors.New("satellite down")})
	text := b.Snapshot().Text()
	for _, want := range []string{"2 devices", "satellite down", "Desk 1", "clock -1m30s off", "clock right"} {
		if !strings.Contains(text, want) {
			t.Errorf("board lacks %q:\n%s", want, text)
		}
	}
	if i, j := strings.Index(text, "Desk 1"), strings.Index(text, "Desk 2"); i > j {
		t.Errorf("devices not by name:\n%s", text)
	}
	b.Cloud(syncclient.Status{State: syncclient.StateSynced, LastSync: now})
	sn := b.Snapshot()
	if !sn.InCloud.Equal(now) || !strings.Contains(sn.Text(), "all changes in the cloud at 10:42:13") {
		t.Errorf("nothing waits and the cloud answered: the board must say so:\n%s", sn.Text())
	}
}
