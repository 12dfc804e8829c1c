package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model/msg"
)

// The print queue: a job is stored, with the bytes to send, before it is
// sent, so a printer that is off, out of paper or unreachable never loses
// one. The printer package's Queue moves jobs through their states:
//
//	queued → printing → done
//	                  → queued (nothing or only part reached the printer: sent again later)
//	                  → failed (it may have printed: a person decides)
//	queued, printing, failed → cancelled (by a person)
//	failed, cancelled, done → queued (re-sent by a person)
//
// "printing" is committed before the first byte goes out. A job found in
// "printing" when the desk starts again was interrupted mid-send; it is
// marked failed, never sent again on its own (RecoverPrints).

var (
	bPrintJobs = []byte("print_jobs") // job ID (8 bytes BE) → PrintJob JSON
	bPrintData = []byte("print_data") // job ID → the bytes for the printer
	// bPrintKeys: PrintJob.Key → the job's ID. Kept when jobs are pruned
	// (and when a laptop is purged: a key names a finish, no person), so
	// what is printed once stays printed once.
	bPrintKeys = []byte("print_keys")
)

// PrintState is where a print job stands.
type PrintState string

const (
	PrintQueued    PrintState = "queued"
	PrintPrinting  PrintState = "printing"
	PrintDone      PrintState = "done"
	PrintFailed    PrintState = "failed"
	PrintCancelled PrintState = "cancelled"
)

// Label is the state as a person reads it.
func (s PrintState) Label(lang msg.Lang) string { return msg.T(lang, msg.Key("print."+string(s))) }

// PrintJob is one job of the print queue, without its bytes.
type PrintJob struct {
	ID      uint64 `json:"id"`
	Title   string `json:"title"`
	Kind    string `json:"kind,omitempty"`    // startlist, label, results, checkin
	Printer string `json:"printer,omitempty"` // the event file's name for the printer
	Target  string `json:"target"`            // where the bytes go
	// Participant is the runner a label is for.
	Participant string `json:"participant,omitempty"`
	// Key, when set, makes the job one of a kind: the queue takes one job
	// per key, ever (a finish slip printed on its own: "slip:" and the
	// finish's ID). A person's re-send is the same job, sent again.
	Key     string     `json:"key,omitempty"`
	Size    int        `json:"size"`
	State   PrintState `json:"state"`
	Created time.Time  `json:"created"`
	Updated time.Time  `json:"updated"`
	// Attempts counts sends since the job was (re)queued by a person.
	Attempts int `json:"attempts,omitempty"`
	// Sends counts how often a person asked for the job: 1, plus re-sends.
	Sends int `json:"sends"`
	// NextTry is when a queued job that failed to reach its printer is
	// tried again.
	NextTry time.Time `json:"next_try,omitzero"`
	// Reason (a message key) and Detail say why the last attempt failed.
	Reason     msg.Key   `json:"reason,omitempty"`
	ReasonArgs []string  `json:"reason_args,omitempty"`
	Detail     string    `json:"detail,omitempty"`
	Printed    time.Time `json:"printed,omitzero"`
}

// Why is the reason of the last failed attempt in lang, with the system's
// detail ("" when there was none).
func (j PrintJob) Why(lang msg.Lang) string {
	if j.Reason == "" {
		return j.Detail
	}
	args := make([]any, len(j.ReasonArgs))
	for i, a := range j.ReasonArgs {
		args[i] = a
	}
	s := msg.T(lang, j.Reason, args...)
	if j.Detail != "" {
		s += " (" + j.Detail + ")"
	}
	return s
}

// ErrPrintState means a print job is not in a state that allows the
// change (a cancelled job cannot be claimed, a done job not cancelled).
var ErrPrintState = errors.New("print job is not in a state that allows this")

// ErrNoPrintJob means there is no print job with that ID.
var ErrNoPrintJob = errors.New("no such print job")

// ErrPrintKeyUsed means a job with the same key was queued before; the
// queue took nothing.
var ErrPrintKeyUsed = errors.New("a print job with this key was queued before")

func jobKey(id uint64) []byte { return itob(id) }

// EnqueuePrint stores a job and its bytes as queued and returns it with
// its ID. It has committed (and been fsynced) when it returns. A job
// whose Key was queued before is not stored: EnqueuePrint returns the
// earlier job (as far as it is still kept) and ErrPrintKeyUsed.
func (s *Store) EnqueuePrint(j PrintJob, data []byte) (PrintJob, error) {
	if j.Target == "" {
		return PrintJob{}, errors.New("print job without target")
	}
	if len(data) == 0 {
		return PrintJob{}, errors.New("print job without data")
	}
	now := s.now()
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bPrintJobs)
		if j.Key != "" {
			if v := tx.Bucket(bPrintKeys).Get([]byte(j.Key)); v != nil {
				earlier, err := getJob(tx, btoi(v))
				if err != nil { // pruned: what is known of it
					earlier = PrintJob{ID: btoi(v), Key: j.Key}
				}
				j = earlier
				return ErrPrintKeyUsed
			}
		}
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		j = PrintJob{ID: id, Title: j.Title, Kind: j.Kind, Printer: j.Printer, Target: j.Target,
			Participant: j.Participant, Key: j.Key, Size: len(data), State: PrintQueued, Created: now, Updated: now, Sends: 1}
		if j.Key != "" {
			if err := tx.Bucket(bPrintKeys).Put([]byte(j.Key), jobKey(id)); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bPrintData).Put(jobKey(id), data); err != nil {
			return err
		}
		return putJSON(b, jobKey(id), j)
	})
	if errors.Is(err, ErrPrintKeyUsed) {
		return j, err
	}
	if err != nil {
		return PrintJob{}, fmt.Errorf("queue print job: %w", err)
	}
	return j, nil
}

// PrintKeysUsed reports which of keys a job was queued for (see
// PrintJob.Key).
func (s *Store) PrintKeysUsed(keys []string) (map[string]bool, error) {
	used := map[string]bool{}
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bPrintKeys)
		for _, k := range keys {
			if k != "" && b.Get([]byte(k)) != nil {
				used[k] = true
			}
		}
		return nil
	})
	return used, err
}

// PrintJobs lists the jobs in the given states (all without states),
// oldest first.
func (s *Store) PrintJobs(states ...PrintState) ([]PrintJob, error) {
	want := map[PrintState]bool{}
	for _, st := range states {
		want[st] = true
	}
	var out []PrintJob
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bPrintJobs).ForEach(func(k, v []byte) error {
			var j PrintJob
			if err := json.Unmarshal(v, &j); err != nil {
				return fmt.Errorf("read print job %d: %w", btoi(k), err)
			}
			if len(want) == 0 || want[j.State] {
				out = append(out, j)
			}
			return nil
		})
	})
	return out, err
}

// PrintJobByID returns one job.
func (s *Store) PrintJobByID(id uint64) (PrintJob, error) {
	var j PrintJob
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		j, err = getJob(tx, id)
		return err
	})
	return j, err
}

// PrintData returns a copy of a job's bytes.
func (s *Store) PrintData(id uint64) ([]byte, error) {
	var data []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bPrintData).Get(jobKey(id))
		if v == nil {
			return fmt.Errorf("print job %d: %w", id, ErrNoPrintJob)
		}
		data = append([]byte(nil), v...)
		return nil
	})
	return data, err
}

func getJob(tx *bolt.Tx, id uint64) (PrintJob, error) {
	var j PrintJob
	v := tx.Bucket(bPrintJobs).Get(jobKey(id))
	if v == nil {
		return j, fmt.Errorf("print job %d: %w", id, ErrNoPrintJob)
	}
	if err := json.Unmarshal(v, &j); err != nil {
		return j, fmt.Errorf("read print job %d: %w", id, err)
	}
	return j, nil
}

// changePrint applies fn to job id if it is in one of the states from,
// in one transaction.
func (s *Store) changePrint(id uint64, from []PrintState, fn func(j *PrintJob)) (PrintJob, error) {
	var j PrintJob
	err := s.db.Update(func(tx *bolt.Tx) error {
		var err error
		if j, err = getJob(tx, id); err != nil {
			return err
		}
		ok := false
		for _, st := range from {
			ok = ok || j.State == st
		}
		if !ok {
			return fmt.Errorf("print job %d is %s: %w", id, j.State, ErrPrintState)
		}
		fn(&j)
		j.Updated = s.now()
		return putJSON(tx.Bucket(bPrintJobs), jobKey(id), j)
	})
	return j, err
}

// ClaimPrint marks a queued job as printing — committed before its first
// byte is sent — and returns it with its bytes.
func (s *Store) ClaimPrint(id uint64) (PrintJob, []byte, error) {
	j, err := s.changePrint(id, []PrintState{PrintQueued}, func(j *PrintJob) {
		j.State = PrintPrinting
		j.Attempts++
	})
	if err != nil {
		return j, nil, err
	}
	data, err := s.PrintData(id)
	return j, data, err
}

// PrintSent marks a job the printer has taken as done. A job a person
// cancelled while it was being sent is done too: it printed.
func (s *Store) PrintSent(id uint64) (PrintJob, error) {
	return s.changePrint(id, []PrintState{PrintPrinting, PrintCancelled}, func(j *PrintJob) {
		j.State = PrintDone
		j.Printed = s.now()
		j.NextTry = time.Time{}
		j.Reason, j.ReasonArgs, j.Detail = "", nil, ""
	})
}

// PrintRetry puts a job that did not reach its printer (or only in part,
// without its end) back in the queue until next, saying why.
func (s *Store) PrintRetry(id uint64, next time.Time, reason msg.Key, args []string, detail string) (PrintJob, error) {
	return s.changePrint(id, []PrintState{PrintPrinting}, func(j *PrintJob) {
		j.State = PrintQueued
		j.NextTry = next
		j.Reason, j.ReasonArgs, j.Detail = reason, args, detail
	})
}

// PrintFailed marks a job that may have printed as failed: it is not
// sent again unless a person re-sends it.
func (s *Store) PrintFailed(id uint64, reason msg.Key, args []string, detail string) (PrintJob, error) {
	return s.changePrint(id, []PrintState{PrintPrinting}, func(j *PrintJob) {
		j.State = PrintFailed
		j.NextTry = time.Time{}
		j.Reason, j.ReasonArgs, j.Detail = reason, args, detail
	})
}

// CancelPrint cancels a job that has not printed. For a job being sent
// the caller also stops the send (printer.Queue.Cancel does both).
func (s *Store) CancelPrint(id uint64) (PrintJob, error) {
	return s.changePrint(id, []PrintState{PrintQueued, PrintPrinting, PrintFailed}, func(j *PrintJob) {
		j.State = PrintCancelled
		j.NextTry = time.Time{}
	})
}

// ResendPrint queues a job again because a person asked for it: a failed,
// cancelled or printed job is sent once more; a queued job waiting for
// its next try is tried at once.
func (s *Store) ResendPrint(id uint64) (PrintJob, error) {
	return s.changePrint(id, []PrintState{PrintFailed, PrintCancelled, PrintDone, PrintQueued}, func(j *PrintJob) {
		if j.State != PrintQueued {
			j.Sends++
			j.Attempts = 0
			j.Reason, j.ReasonArgs, j.Detail = "", nil, ""
		}
		j.State = PrintQueued
		j.NextTry = time.Time{}
	})
}

// RecoverPrints marks jobs left in "printing" — racedesk stopped while
// sending them — as failed: they may have printed, so only a person sends
// them again. The print queue calls it once when it starts.
func (s *Store) RecoverPrints() ([]PrintJob, error) {
	var out []PrintJob
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bPrintJobs)
		type change struct {
			k []byte
			j PrintJob
		}
		var changes []change
		err := b.ForEach(func(k, v []byte) error {
			var j PrintJob
			if err := json.Unmarshal(v, &j); err != nil {
				return err
			}
			if j.State == PrintPrinting {
				j.State = PrintFailed
				j.Reason, j.ReasonArgs, j.Detail = msg.PrWhyInterrupted, nil, ""
				j.Updated = s.now()
				changes = append(changes, change{append([]byte(nil), k...), j})
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, c := range changes {
			if err := putJSON(b, c.k, c.j); err != nil {
				return err
			}
			out = append(out, c.j)
		}
		return nil
	})
	return out, err
}

// PrintCounts are the numbers the desk's status line shows.
type PrintCounts struct {
	Queued   int `json:"queued"`
	Printing int `json:"printing"`
	Failed   int `json:"failed"`
}

// PrintCounts counts jobs by state (done and cancelled are not counted).
func (s *Store) PrintCounts() (PrintCounts, error) {
	var c PrintCounts
	jobs, err := s.PrintJobs(PrintQueued, PrintPrinting, PrintFailed)
	for _, j := range jobs {
		switch j.State {
		case PrintQueued:
			c.Queued++
		case PrintPrinting:
			c.Printing++
		case PrintFailed:
			c.Failed++
		}
	}
	return c, err
}

// PrunePrints deletes done and cancelled jobs (with their bytes) last
// changed before cutoff, and returns how many it deleted.
func (s *Store) PrunePrints(before time.Time) (int, error) {
	n := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, data := tx.Bucket(bPrintJobs), tx.Bucket(bPrintData)
		var dead [][]byte
		err := b.ForEach(func(k, v []byte) error {
			var j PrintJob
			if err := json.Unmarshal(v, &j); err != nil {
				return err
			}
			if (j.State == PrintDone || j.State == PrintCancelled) && j.Updated.Before(before) {
				dead = append(dead, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range dead {
			if err := b.Delete(k); err != nil {
				return err
			}
			if err := data.Delete(k); err != nil {
				return err
			}
		}
		n = len(dead)
		return nil
	})
	return n, err
}
