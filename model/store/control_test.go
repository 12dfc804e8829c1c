package store_test

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// deepDir is a directory whose path is n bytes long (a database deep in
// a synced folder: longer than a unix socket's path may be).
func deepDir(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for len(dir) < n {
		seg := strings.Repeat("d", min(50, n-len(dir)-1))
		if len(seg) == 0 {
			break
		}
		dir = filepath.Join(dir, seg)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func echoControl() map[string]store.ControlHandler {
	return map[string]store.ControlHandler{"echo": func(arg string) (any, error) { return arg, nil }}
}

// The channel works wherever the database is: a path a unix socket cannot
// hold (200 bytes) gets the loopback port with a secret instead.
func TestControlChannelWorksForADatabaseDeepInAFolder(t *testing.T) {
	for _, n := range []int{40, 200} {
		db := filepath.Join(deepDir(t, n), "event.db")
		s, err := store.Create(db, exampleEvent(t), "Desk 1", store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		stop, err := store.ServeControl(s, echoControl())
		if err != nil {
			t.Fatalf("%d-byte path: %v", len(db), err)
		}
		var got string
		if err := store.RequestControl(db, "echo", "hallo", &got); err != nil || got != "hallo" {
			t.Errorf("%d-byte path: echo %q %v", len(db), got, err)
		}
		to := filepath.Join(t.TempDir(), "copy.db")
		if n, err := store.RequestBackup(db, to); err != nil || n == 0 {
			t.Errorf("%d-byte path: backup %d %v", len(db), n, err)
		}
		st, _ := os.Lstat(store.ControlPath(db))
		if n > 150 && (st == nil || !st.Mode().IsRegular()) {
			t.Errorf("%d-byte path: the channel is %v, want a file naming the port", len(db), st)
		}
		if st == nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%d-byte path: the channel is %v, want it only its user's", len(db), st)
		}
		stop()
		if _, err := os.Lstat(store.ControlPath(db)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%d-byte path: the channel is left behind: %v", len(db), err)
		}
		if err := store.RequestControl(db, "echo", "x", nil); !errors.Is(err, store.ErrNoDesk) {
			t.Errorf("after stop: %v, want ErrNoDesk", err)
		}
		s.Close()
	}
}

// A request on the TCP channel without the secret is refused: another
// user on the laptop reaches the port, never the database.
func TestControlChannelOverTCPWantsTheSecret(t *testing.T) {
	db := filepath.Join(deepDir(t, 200), "event.db")
	s, err := store.Create(db, exampleEvent(t), "Desk 1", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stop, err := store.ServeControl(s, echoControl())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	b, err := os.ReadFile(store.ControlPath(db))
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b))
	c, err := net.Dial("tcp", f[2])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte(`{"op":"echo","arg":"x","secret":"guess"}` + "\n"))
	reply := make([]byte, 200)
	n, _ := c.Read(reply)
	if !strings.Contains(string(reply[:n]), "wrong control secret") || strings.Contains(string(reply[:n]), `"result"`) {
		t.Errorf("a guessed secret got %q", reply[:n])
	}
}

// A channel left by a killed desk does not stop the next one; one a live
// desk answers on does.
func TestControlChannelLeftBehindIsReplaced(t *testing.T) {
	for _, n := range []int{40, 200} {
		db := filepath.Join(deepDir(t, n), "event.db")
		s, err := store.Create(db, exampleEvent(t), "Desk 1", store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		// What a killed process leaves: a file naming a port nobody
		// listens on (or a socket nobody answers).
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := ln.Addr().String()
		ln.Close()
		os.WriteFile(store.ControlPath(db), []byte("racedesk-control tcp "+addr+" 00\n"), 0o600)
		stop, err := store.ServeControl(s, echoControl())
		if err != nil {
			t.Fatalf("%d: a stale channel stopped the desk: %v", n, err)
		}
		if _, err := store.ServeControl(s, echoControl()); err == nil || !strings.Contains(err.Error(), "another process answers") {
			t.Errorf("%d: a second server on a live channel: %v", n, err)
		}
		stop()
		s.Close()
	}
}

// A channel that cannot be made is an error the caller reports; nothing
// else breaks (the desk goes on without it).
func TestControlChannelThatCannotBeMadeIsAnError(t *testing.T) {
	db := filepath.Join(t.TempDir(), "event.db")
	s, err := store.Create(db, exampleEvent(t), "Desk 1", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// A directory where the channel goes: neither a socket nor a file
	// can be made there.
	if err := os.MkdirAll(filepath.Join(store.ControlPath(db), "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := store.ServeControl(s, echoControl()); err == nil {
		t.Fatal("no error")
	}
	if _, err := s.Register(model.ParticipantInput{First: "Anna", Last: "Neu", Born: "1990", Gender: "w", Race: "5k"}, store.RegisterOptions{}); err != nil {
		t.Errorf("the store after a failed channel: %v", err)
	}
}
