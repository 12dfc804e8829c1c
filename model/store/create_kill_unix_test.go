//go:build unix

package store_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/racedesk/racedesk/model/store"
)

// TestCreateKillHelper is the child of TestCreateKilledHalfwayLeavesNoEventlessFile:
// it SIGKILLs itself while Create has the complete file under its
// temporary name, or (RACEDESK_KILL_AT=early) while bbolt has only just
// made it.
func TestCreateKillHelper(t *testing.T) {
	path := os.Getenv("RACEDESK_CREATE_PATH")
	if path == "" {
		t.Skip("only runs as the create test's child")
	}
	store.SetCreateHook(func() { syscall.Kill(os.Getpid(), syscall.SIGKILL) })
	store.Create(path, exampleEvent(t), "Desk 1", store.Options{})
	t.Fatal("still alive after Create")
}

// A SIGKILL during `event init` (or the join's create) must not leave a
// file without an event under the database's name, which neither `event
// init` ("already exists") nor `sync` ("run event init") could recover.
func TestCreateKilledHalfwayLeavesNoEventlessFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "event.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCreateKillHelper$")
	cmd.Env = append(os.Environ(), "RACEDESK_CREATE_PATH="+path)
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child did not die by SIGKILL: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a killed create left %s (%v)", path, err)
	}
	// The next create works, and removes what the killed one left.
	s, err := store.Create(path, exampleEvent(t), "Desk 1", store.Options{})
	if err != nil {
		t.Fatalf("create after the kill: %v", err)
	}
	keep(t, s)
	if left, _ := filepath.Glob(path + ".*"); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}
