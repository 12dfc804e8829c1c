package model_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
)

// scriptedClock returns a Clock whose wall clock reads the given
// milliseconds in turn (and the last one after that).
func scriptedClock(t *testing.T, millis ...int64) *model.Clock {
	t.Helper()
	i := 0
	return &model.Clock{Now: func() time.Time {
		ms := millis[min(i, len(millis)-1)]
		i++
		return time.UnixMilli(ms)
	}}
}

func TestHLCParts(t *testing.T) {
	h := model.MakeHLC(1_764_000_000_123, 7)
	if h.WallMillis() != 1_764_000_000_123 || h.Logical() != 7 {
		t.Errorf("MakeHLC parts = %d, %d; want 1764000000123, 7", h.WallMillis(), h.Logical())
	}
	if !h.Time().Equal(time.UnixMilli(1_764_000_000_123)) {
		t.Errorf("Time() = %v", h.Time())
	}
	if got, want := h.String(), "2025-11-24T16:00:00.123Z+7"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	// Wall time dominates the order; the counter breaks ties.
	if !(model.MakeHLC(1000, 0xffff) < model.MakeHLC(1001, 0)) {
		t.Error("a later millisecond does not sort after a high counter")
	}
	if !(model.MakeHLC(1000, 1) < model.MakeHLC(1000, 2)) {
		t.Error("a higher counter does not sort after a lower one in the same millisecond")
	}
}

func TestClockTick(t *testing.T) {
	tests := []struct {
		name   string
		millis []int64
		want   []model.HLC
	}{
		{"a moving wall clock gives its milliseconds with counter 0",
			[]int64{1000, 1001, 1500},
			[]model.HLC{model.MakeHLC(1000, 0), model.MakeHLC(1001, 0), model.MakeHLC(1500, 0)}},
		{"ticks within one millisecond count up",
			[]int64{1000, 1000, 1000, 1001},
			[]model.HLC{model.MakeHLC(1000, 0), model.MakeHLC(1000, 1), model.MakeHLC(1000, 2), model.MakeHLC(1001, 0)}},
		{"a wall clock going backwards does not move the clock back",
			[]int64{5000, 4000, 3000, 5000, 5001},
			[]model.HLC{model.MakeHLC(5000, 0), model.MakeHLC(5000, 1), model.MakeHLC(5000, 2), model.MakeHLC(5000, 3), model.MakeHLC(5001, 0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := scriptedClock(t, tt.millis...)
			for i, want := range tt.want {
				if got := c.Tick(); got != want {
					t.Errorf("tick %d = %s, want %s", i, got, want)
				}
			}
		})
	}
}

func TestClockIsMonotonicWhateverTheWallClockDoes(t *testing.T) {
	millis := []int64{100, 100, 99, 50, 101, 101, 0, -5, 102, 1 << 40, 7, 1 << 40}
	c := scriptedClock(t, millis...)
	var last model.HLC
	for i := range millis {
		h := c.Tick()
		if h <= last {
			t.Fatalf("tick %d = %s is not after %s", i, h, last)
		}
		last = h
	}
}

func TestClockObserveMovesPastRemote(t *testing.T) {
	tests := []struct {
		name   string
		local  int64
		remote model.HLC
		want   model.HLC
	}{
		{"a remote clock ahead: the next tick follows it", 1000, model.MakeHLC(9000, 5), model.MakeHLC(9000, 6)},
		{"a remote clock in the same millisecond: the counter goes past it", 1000, model.MakeHLC(1000, 40), model.MakeHLC(1000, 41)},
		{"a remote clock behind: local time goes on", 9000, model.MakeHLC(1000, 5), model.MakeHLC(9000, 0)},
		{"a remote counter at its limit: the next millisecond follows", 1000, model.MakeHLC(2000, 0xffff), model.MakeHLC(2001, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := scriptedClock(t, tt.local)
			c.Observe(tt.remote)
			got := c.Tick()
			if got <= tt.remote {
				t.Errorf("tick after Observe(%s) = %s, not after it", tt.remote, got)
			}
			if got != tt.want {
				t.Errorf("tick after Observe(%s) = %s, want %s", tt.remote, got, tt.want)
			}
		})
	}
}

func TestClockObserveNeverMovesBack(t *testing.T) {
	c := scriptedClock(t, 5000)
	first := c.Tick()
	c.Observe(model.MakeHLC(10, 0))
	if c.Last != first {
		t.Errorf("Observe of an older timestamp moved Last from %s to %s", first, c.Last)
	}
	if got := c.Tick(); got <= first {
		t.Errorf("tick after an old Observe = %s, not after %s", got, first)
	}
}

func TestClockCounterOverflowMovesToTheNextMillisecond(t *testing.T) {
	c := scriptedClock(t, 1000)
	c.Last = model.MakeHLC(1000, 0xfffe)
	if got, want := c.Tick(), model.MakeHLC(1000, 0xffff); got != want {
		t.Errorf("tick = %s, want %s", got, want)
	}
	if got, want := c.Tick(), model.MakeHLC(1001, 0); got != want {
		t.Errorf("tick after the counter's last value = %s, want %s", got, want)
	}
	if got, want := c.Tick(), model.MakeHLC(1001, 1); got != want {
		t.Errorf("tick after the overflow = %s, want %s", got, want)
	}
}

func TestClockCountsAFullMillisecondOfTicks(t *testing.T) {
	// 70 000 ticks with a frozen wall clock: all distinct and increasing,
	// crossing the 16-bit counter's limit once.
	c := scriptedClock(t, 1000)
	var last model.HLC
	for i := 0; i < 70_000; i++ {
		h := c.Tick()
		if h <= last {
			t.Fatalf("tick %d = %s is not after %s", i, h, last)
		}
		last = h
	}
	if last.WallMillis() != 1001 {
		t.Errorf("after 70 000 ticks wall = %d, want 1001", last.WallMillis())
	}
}

func TestClockWithoutNowUsesTheSystemClock(t *testing.T) {
	var c model.Clock
	before := time.Now().UnixMilli()
	h := c.Tick()
	after := time.Now().UnixMilli()
	if h.WallMillis() < before || h.WallMillis() > after {
		t.Errorf("tick wall = %d, want between %d and %d", h.WallMillis(), before, after)
	}
}

func TestNewIDIsAUUIDv7InCreationOrder(t *testing.T) {
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	prev := ""
	for i := 0; i < 1000; i++ {
		id := model.NewID()
		if !re.MatchString(id) {
			t.Fatalf("NewID() = %q is not a UUIDv7", id)
		}
		if seen[id] {
			t.Fatalf("NewID() repeated %q", id)
		}
		seen[id] = true
		if id <= prev {
			t.Fatalf("NewID() = %q sorts before the previous %q", id, prev)
		}
		prev = id
	}
}
