package syncclient

import (
	"time"

	"github.com/racedesk/racedesk/model/msg"
)

// StatusText is the sync state in words, for the desk's footer and the
// foreground loop: "offline · 3 pending", "last sync 10:41:07",
// "! 2 conflicts", "! clock 5 s off".
func StatusText(lang msg.Lang, st Status) string {
	var s string
	switch st.State {
	case StateSyncing:
		s = msg.T(lang, msg.SyncSyncing)
	case StateSynced:
		s = msg.T(lang, msg.SyncAt, st.LastSync.Format("15:04:05"))
	case StateFailed:
		s = msg.T(lang, msg.SyncFailed)
	default:
		s = msg.T(lang, msg.SyncOffline)
		if !st.LastSync.IsZero() {
			s += " · " + msg.T(lang, msg.SyncAt, st.LastSync.Format("15:04"))
		}
	}
	if st.Pending > 0 {
		s += " · " + msg.T(lang, msg.SyncPending, st.Pending)
	}
	if st.Conflicts > 0 {
		s += " · ! " + msg.T(lang, msg.SyncConflicts, st.Conflicts)
	}
	if off := st.ClockOffset; off > 2*time.Second || off < -2*time.Second {
		s += " · ! " + msg.T(lang, msg.SyncClockOff, off.Round(time.Second))
	}
	return s
}
