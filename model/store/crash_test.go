package store_test

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// crashDBEnv names the database the crash helper writes to; it is set
// only in the child process.
const crashDBEnv = "RACEDESK_CRASH_HELPER_DB"

// TestCrashHelper is the child of TestRegisterSurvivesSIGKILL: it opens the
// store and registers runners until it is killed, printing "done <id>"
// only after Register has returned (and so committed).
func TestCrashHelper(t *testing.T) {
	path := os.Getenv(crashDBEnv)
	if path == "" {
		t.Skip("only runs as the child of TestRegisterSurvivesSIGKILL")
	}
	s, err := store.Open(path, store.Options{LockTimeout: 5 * time.Second})
	if err != nil {
		fmt.Printf("error open: %v\n", err)
		os.Exit(3)
	}
	fmt.Println("open")
	for i := 0; ; i++ {
		in := runner("Crash", fmt.Sprintf("Test-%c", 'a'+i%26))
		if i%4 == 0 {
			in.Race, in.Born = "5k", "2012" // two bib cursors, two counters
		}
		p, err := s.Register(in, store.RegisterOptions{})
		if err != nil {
			fmt.Printf("error register: %v\n", err)
			os.Exit(3)
		}
		// One write(2) per line: the parent never sees half a line.
		os.Stdout.WriteString("done " + p.ID + "\n")
	}
}

func TestRegisterSurvivesSIGKILL(t *testing.T) {
	rounds := 20
	if testing.Short() {
		rounds = 5
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed>>1))

	// Bibs enough for every round, no pools: the child's desk takes all.
	ev := &model.Event{Name: "Crash", Date: "2026-12-06", Races: []model.Race{
		{ID: "10k", Bibs: []model.BibRange{{From: 1, To: 49999}}},
		{ID: "5k", Bibs: []model.BibRange{{From: 50000, To: 99999}}},
	}}
	path := filepath.Join(t.TempDir(), "crash.db")
	s, err := store.Create(path, ev, "Desk 1", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	device := s.Device().ID
	s.Close()

	done := map[string]bool{} // every ID any child reported as committed
	for round := range rounds {
		var killAfter time.Duration
		killAtLine := 0
		if round%2 == 0 {
			killAfter = time.Duration(5+rng.IntN(146)) * time.Millisecond
		} else {
			killAtLine = 1 + rng.IntN(25)
		}
		reported := runAndKill(t, path, killAfter, killAtLine)
		for _, id := range reported {
			done[id] = true
		}

		s, err := store.Open(path, store.Options{LockTimeout: time.Second})
		if err != nil {
			t.Fatalf("round %d: open after the kill: %v", round, err)
		}
		if err := s.Check(); err != nil {
			s.Close()
			t.Fatalf("round %d: bbolt check after the kill: %v", round, err)
		}
		for id := range done {
			if _, err := s.Get(id); err != nil {
				t.Errorf("round %d: %s was reported done but is gone: %v", round, id, err)
			}
		}
		verifyLog(t, round, s, device)
		s.Close()
		t.Logf("round %d: kill after %v / line %d, %d reported, %d in total", round, killAfter, killAtLine, len(reported), len(done))
	}
	if len(done) == 0 {
		t.Error("no child ever committed a registration; the test proved nothing")
	}
}

// verifyLog checks that the change log is gap-free for device and holds
// exactly one create per stored participant, and that the counters agree.
func verifyLog(t *testing.T, round int, s *store.Store, device string) {
	t.Helper()
	log, err := s.Log(0, 0)
	if err != nil {
		t.Fatalf("round %d: Log: %v", round, err)
	}
	all, err := s.List("")
	if err != nil {
		t.Fatalf("round %d: List: %v", round, err)
	}
	created := map[string]int{}
	for i, ch := range log {
		if ch.Device != device || ch.DevSeq != uint64(i+1) || ch.Seq != uint64(i+1) {
			t.Fatalf("round %d: entry %d is device %s DevSeq %d Seq %d, want %s / %d", round, i, ch.Device, ch.DevSeq, ch.Seq, device, i+1)
		}
		if i > 0 && ch.HLC <= log[i-1].HLC {
			t.Fatalf("round %d: HLC of entry %d does not increase", round, i)
		}
		if ch.Op == store.OpCreate {
			created[ch.ID]++
		}
	}
	if len(log) != len(all) || len(created) != len(all) {
		t.Fatalf("round %d: %d log entries (%d creates) for %d participants", round, len(log), len(created), len(all))
	}
	bibs := map[int]bool{}
	for _, p := range all {
		if created[p.ID] != 1 {
			t.Fatalf("round %d: %s has %d create entries", round, p.ID, created[p.ID])
		}
		if bibs[p.Bib] {
			t.Fatalf("round %d: bib %d given twice", round, p.Bib)
		}
		bibs[p.Bib] = true
	}
	if c, err := s.Counts(); err != nil || c.Total != len(all) {
		t.Fatalf("round %d: counts %+v (%v) for %d participants", round, c, err, len(all))
	}
}

// runAndKill starts the crash helper on path and SIGKILLs it after the
// delay, or once it has reported killAtLine registrations. It returns the
// IDs the child reported as done.
func runAndKill(t *testing.T, path string, after time.Duration, killAtLine int) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDBEnv+"="+path)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	kill := func() { cmd.Process.Signal(syscall.SIGKILL) }

	var timer *time.Timer
	if after > 0 {
		timer = time.AfterFunc(after, kill)
	}
	// Never let a child outlive its round.
	watchdog := time.AfterFunc(60*time.Second, kill)

	var ids []string
	var problem string
	r := bufio.NewReader(stdout)
	for {
		line, err := r.ReadString('\n')
		if err != nil { // EOF: the child is dead; a line without \n is cut off
			if err != io.EOF {
				problem = err.Error()
			}
			break
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case strings.HasPrefix(line, "done "):
			ids = append(ids, strings.TrimPrefix(line, "done "))
			if killAtLine > 0 && len(ids) == killAtLine {
				kill()
			}
		case strings.HasPrefix(line, "error"):
			problem = line
		}
	}
	if timer != nil {
		timer.Stop()
	}
	watchdog.Stop()
	err = cmd.Wait() // reaps the child, releasing its lock on the file
	if problem != "" {
		t.Fatalf("crash helper: %s\nstderr: %s", problem, stderr.String())
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("crash helper ended with %v, not by SIGKILL\nstderr: %s", err, stderr.String())
	}
	return ids
}
