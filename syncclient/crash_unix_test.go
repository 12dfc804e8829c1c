//go:build unix

// The desk SIGKILLs itself here: Unix only (Windows has no signals to send).

package syncclient

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model/store"
)

// TestCrashHelper is the child of TestDeskKilledBetweenResponseAndCommit:
// it syncs and SIGKILLs itself after the cloud answered, before the answer
// is committed.
func TestCrashHelper(t *testing.T) {
	db, url := os.Getenv("RACEDESK_CRASH_DB"), os.Getenv("RACEDESK_CRASH_URL")
	if db == "" {
		t.Skip("only runs as the crash test's child")
	}
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	testHookAfterResponse = func() { syscall.Kill(os.Getpid(), syscall.SIGKILL) }
	New(s, url, testToken).Sync(context.Background())
	t.Fatal("still alive after the response")
}

func TestDeskKilledBetweenResponseAndCommit(t *testing.T) {
	w := newWorld(t)
	cs := w.server()
	cs.Now = nil // the real clock: the desk runs in another process
	srv := httptest.NewServer(cs.Handler())
	defer srv.Close()
	register(t, w.cloud, "Online", "Angemeldet", "1975", "w", "5k")

	a := w.desk("Desk 1")
	for _, n := range []string{"Eins", "Zwei", "Drei"} {
		register(t, a.Store, "Spät", n, "1988", "m", "10k")
	}
	path := a.Store.Path()
	a.Store.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$")
	cmd.Env = append(os.Environ(), "RACEDESK_CRASH_DB="+path, "RACEDESK_CRASH_URL="+srv.URL)
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child did not die by SIGKILL: %v", err)
	}
	// The cloud committed the push; the desk did not commit the answer.
	if n := len(snapshot(t, w.cloud)); n != 4 {
		t.Fatalf("cloud has %d participants after the cut round, want 4", n)
	}
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.SyncState(); st.Pending != 3 || st.Cursor != 0 {
		t.Fatalf("after the kill: %+v; the uncommitted round must leave outbox and cursor as they were", st)
	}
	c := New(s, srv.URL, testToken)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rep, err := c.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pending != 0 || rep.Pushed != 3 {
		t.Errorf("resync report %+v", rep)
	}
	assertSame(t, "cloud and restarted desk", snapshot(t, w.cloud), snapshot(t, s))
	if n := len(snapshot(t, w.cloud)); n != 4 {
		t.Errorf("cloud has %d participants, want 4: nothing twice", n)
	}
	log, _ := w.cloud.Log(0, 0)
	if len(log) != 4 {
		t.Errorf("cloud log has %d entries, want 4 (a retried push applied once)", len(log))
	}
}
