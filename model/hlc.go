package model

import (
	"fmt"
	"time"

	"github.com/google/uuid"
)

// HLC is a hybrid logical clock timestamp: wall-clock milliseconds in the
// upper 48 bits and a logical counter in the lower 16. It orders events
// across devices like wall time does, yet never goes backwards on one
// device and always moves past every timestamp the device has seen.
type HLC uint64

// MakeHLC builds a timestamp from its parts.
func MakeHLC(wallMillis int64, logical uint16) HLC {
	return HLC(uint64(wallMillis)<<16 | uint64(logical))
}

// WallMillis is the physical part.
func (h HLC) WallMillis() int64 { return int64(h >> 16) }

// Logical is the counter part.
func (h HLC) Logical() uint16 { return uint16(h) }

// Time is the physical part as a time.
func (h HLC) Time() time.Time { return time.UnixMilli(h.WallMillis()) }

func (h HLC) String() string {
	return fmt.Sprintf("%s+%d", h.Time().UTC().Format("2006-01-02T15:04:05.000Z"), h.Logical())
}

// Clock hands out HLC timestamps. It is not safe for concurrent use; the
// store advances it inside its write transactions, which bbolt serializes.
type Clock struct {
	Last HLC
	Now  func() time.Time
}

// Tick returns a timestamp greater than every one handed out or seen.
func (c *Clock) Tick() HLC {
	wall := c.now()
	if wall > c.Last.WallMillis() {
		c.Last = MakeHLC(wall, 0)
	} else {
		c.Last = next(c.Last)
	}
	return c.Last
}

// Observe moves the clock past a timestamp received from another device.
func (c *Clock) Observe(remote HLC) {
	if remote > c.Last {
		c.Last = remote
	}
}

func (c *Clock) now() int64 {
	if c.Now != nil {
		return c.Now().UnixMilli()
	}
	return time.Now().UnixMilli()
}

// Next is the following timestamp (see next).
func (h HLC) Next() HLC { return next(h) }

// next is the following timestamp; when the counter would overflow, the
// wall part moves one millisecond ahead instead.
func next(h HLC) HLC {
	if h.Logical() == 0xffff {
		return MakeHLC(h.WallMillis()+1, 0)
	}
	return h + 1
}

// NewID makes a participant ID without coordination: a UUIDv7, which also
// sorts by creation time.
func NewID() string {
	id, err := uuid.NewV7()
	if err != nil {
		// Only a broken random source gets here; v4 is as unique.
		return uuid.NewString()
	}
	return id.String()
}
