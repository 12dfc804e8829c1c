package syncclient

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"testing"

	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/protocol"
)

// seedOnline registers n online registrations at the cloud.
func seedOnline(t testing.TB, w *world, n int) {
	t.Helper()
	runners := demo.Runners(w.ev, n, 1)
	for i := 0; i < len(runners); i += 5000 {
		if _, rej, err := w.cloud.RegisterMany(runners[i:min(i+5000, len(runners))], store.RegisterOptions{Origin: store.OriginImport}); err != nil || len(rej) > 0 {
			t.Fatalf("seed cloud: %v %v", err, rej)
		}
	}
}

// completeChanges decodes a (gzip'd) response cut short: the changes that
// arrived complete and the cursor after the last record.
func completeChanges(t testing.TB, cut []byte) (int, uint64) {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(cut))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := protocol.DecodeResponse(zr)
	if !errors.Is(err, protocol.ErrTruncated) {
		t.Fatalf("the cut response: %v", err)
	}
	return len(resp.Changes), resp.Cursor
}

// A first download cut after half its bytes: the desk keeps every change
// that arrived complete, with the cursor right after it; the next sync
// brings the rest, nothing lost and nothing twice, and costs about the
// bytes that were missing.
func TestACutAtHalfKeepsEveryCompleteChange(t *testing.T) {
	const n = 3000
	w := newWorld(t)
	seedOnline(t, w, n)
	c := w.desk("Desk 1")
	ctx, cancel := context.WithTimeout(context.Background(), patienceSync)
	defer cancel()
	if _, err := c.joined(ctx, false); err != nil {
		t.Fatal(err)
	}
	w.link.inject(cutMidBody)
	if _, err := c.Sync(ctx); err == nil {
		t.Fatal("a sync cut at half its response reported success")
	}
	full, delivered := w.link.lastBody, w.link.lastDelivered
	complete, cursor := completeChanges(t, full[:delivered])
	if complete == 0 || complete >= n {
		t.Fatalf("%d of %d changes arrived complete in the first half", complete, n)
	}
	cloud := map[string]bool{}
	for _, p := range snapshot(t, w.cloud) {
		cloud[p] = true
	}
	kept := snapshot(t, c.Store)
	if len(kept) != complete {
		t.Errorf("the desk kept %d participants, %d arrived complete", len(kept), complete)
	}
	for _, p := range kept {
		if !cloud[p] {
			t.Errorf("the desk kept a participant unlike the cloud's: %s", p)
		}
	}
	if st, _ := c.Store.SyncState(); st.Cursor != cursor {
		t.Errorf("cursor %d after the cut, want %d (right after the last complete change)", st.Cursor, cursor)
	}

	rep := mustSync(t, c)
	if rep.Pulled != n-complete || rep.RoundTrips != 1 {
		t.Errorf("the resumed sync: %+v, want %d changes in 1 round trip", rep, n-complete)
	}
	assertSame(t, "cloud and desk after the resumed sync", snapshot(t, w.cloud), snapshot(t, c.Store))
	resumed, missing := len(w.link.lastBody), len(full)-delivered
	t.Logf("cut after %d of %d bytes (%d changes complete); the resumed response took %d bytes for the %d missing: %.3f×",
		delivered, len(full), complete, resumed, missing, float64(resumed)/float64(missing))
}
