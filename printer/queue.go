package printer

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// Queue sends the jobs of the store's print queue to their printers.
//
// Jobs are stored before they are sent (Submit, Enqueue), so none is lost
// when a printer is off, out of paper or unreachable, or when racedesk
// stops. Each target gets one job at a time, oldest first, on its own
// connection. A job is sent again automatically only when the printer
// cannot have printed it whole: nothing reached it, or the send broke off
// before the job's end (the cut) was delivered. A job that reached the
// printer without the printer confirming it, and a job that was being
// sent when racedesk stopped, is marked failed with the reason, and only
// a person sends it again (Resend) — at most once automatically.
//
// All methods may be called from any goroutine; none waits for a printer.
type Queue struct {
	s    *store.Store
	send Sender
	o    QueueOptions

	wake   chan struct{}
	notice chan struct{}

	mu        sync.Mutex
	busy      map[string]uint64 // target → job being sent
	inflight  map[uint64]context.CancelFunc
	cancelled map[uint64]bool // cancelled by a person while being sent
	last      *store.PrintJob
	lastErr   error
	wg        sync.WaitGroup
}

// QueueOptions tune a Queue.
type QueueOptions struct {
	// Sender delivers the bytes (default Transport{} with its default
	// timeouts).
	Sender Sender
	// MinBackoff is the wait before the first retry (default 1 s); each
	// further retry waits twice as long, up to MaxBackoff (default 20 s).
	MinBackoff time.Duration
	MaxBackoff time.Duration
	// ShutdownGrace is how long Run lets sends in progress finish when
	// its context ends, before it breaks them off (default 3 s).
	ShutdownGrace time.Duration
	// Now is the clock (tests pin it). Default time.Now.
	Now func() time.Time
}

// Status is what the queue reports after every change.
type Status struct {
	store.PrintCounts
	// Job is the job whose state changed last (nil before any change).
	Job *store.PrintJob
	// Waiting is the oldest queued job that already failed to reach its
	// printer (nil if none): its Reason says why, NextTry when it is tried
	// again.
	Waiting *store.PrintJob
	// Err is a failure to read or write the store.
	Err error
}

// NewQueue makes a queue over the store. Jobs can be submitted before Run
// starts; they wait.
func NewQueue(s *store.Store, o QueueOptions) *Queue {
	if o.Sender == nil {
		o.Sender = Transport{}
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 20 * time.Second
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = o.MinBackoff
	}
	if o.ShutdownGrace <= 0 {
		o.ShutdownGrace = 3 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Queue{s: s, send: o.Sender, o: o,
		wake: make(chan struct{}, 1), notice: make(chan struct{}, 1),
		busy: map[string]uint64{}, inflight: map[uint64]context.CancelFunc{}, cancelled: map[uint64]bool{}}
}

// Submit encodes d and queues it for printer p; participant (optional)
// is the runner a label is for. It returns once the job is on disk.
func (q *Queue) Submit(d *Doc, p Printer, participant string) (store.PrintJob, error) {
	if p.Target == "" {
		return store.PrintJob{}, fmt.Errorf("printer %s has no target", p.Name)
	}
	return q.Enqueue(store.PrintJob{Title: d.Title, Kind: string(d.Kind), Printer: p.Name, Target: p.Target, Participant: participant}, Encode(d))
}

// SubmitKeyed is Submit for a job printed once per key (a finish slip
// printed on its own, see store.PrintJob.Key): a key queued before queues
// nothing and returns the earlier job with store.ErrPrintKeyUsed.
func (q *Queue) SubmitKeyed(d *Doc, p Printer, participant, key string) (store.PrintJob, error) {
	if p.Target == "" {
		return store.PrintJob{}, fmt.Errorf("printer %s has no target", p.Name)
	}
	return q.Enqueue(store.PrintJob{Title: d.Title, Kind: string(d.Kind), Printer: p.Name, Target: p.Target, Participant: participant, Key: key}, Encode(d))
}

// Enqueue queues ready bytes (job says where they go and what they are).
func (q *Queue) Enqueue(job store.PrintJob, data []byte) (store.PrintJob, error) {
	if _, err := ParseTarget(job.Target); err != nil {
		return store.PrintJob{}, err
	}
	j, err := q.s.EnqueuePrint(job, data)
	if err != nil {
		return j, err
	}
	q.changed(&j)
	return j, nil
}

// Resend queues a failed, cancelled or printed job once more, or tries a
// waiting job at once.
func (q *Queue) Resend(id uint64) (store.PrintJob, error) {
	j, err := q.s.ResendPrint(id)
	if err != nil {
		return j, err
	}
	q.changed(&j)
	return j, nil
}

// Cancel cancels a job that has not printed; a send in progress is broken
// off (a torn fragment may come out of the printer).
func (q *Queue) Cancel(id uint64) (store.PrintJob, error) {
	j, err := q.s.CancelPrint(id)
	if err != nil {
		return j, err
	}
	q.mu.Lock()
	if cancel, ok := q.inflight[id]; ok {
		q.cancelled[id] = true
		cancel()
	}
	q.mu.Unlock()
	q.changed(&j)
	return j, nil
}

// Jobs lists every job of the queue, oldest first.
func (q *Queue) Jobs() ([]store.PrintJob, error) { return q.s.PrintJobs() }

// Status reads the queue's state now.
func (q *Queue) Status() Status {
	st := Status{}
	jobs, err := q.s.PrintJobs(store.PrintQueued, store.PrintPrinting, store.PrintFailed)
	if err != nil {
		st.Err = err
	}
	for i := range jobs {
		j := &jobs[i]
		switch j.State {
		case store.PrintQueued:
			st.Queued++
			if st.Waiting == nil && j.Reason != "" {
				st.Waiting = j
			}
		case store.PrintPrinting:
			st.Printing++
		case store.PrintFailed:
			st.Failed++
		}
	}
	q.mu.Lock()
	st.Job = q.last
	if st.Err == nil {
		st.Err = q.lastErr
	}
	q.mu.Unlock()
	return st
}

// changed records the last change and wakes the runner and the notifier.
func (q *Queue) changed(j *store.PrintJob) {
	if j != nil {
		c := *j
		q.mu.Lock()
		q.last = &c
		q.mu.Unlock()
	}
	signal(q.wake)
	signal(q.notice)
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

func (q *Queue) fail(err error) {
	q.mu.Lock()
	q.lastErr = err
	q.mu.Unlock()
	signal(q.notice)
}

// Run sends jobs until ctx ends (call it once per Queue), reporting every
// change through notify
// (which may be nil). Pass a Bubble Tea program's Send. notify is called
// from one goroutine of the queue, never while the queue holds a lock, and
// changes that come faster than it returns are folded into one report.
//
// Run first marks jobs left "printing" by an earlier run as failed
// (interrupted). When ctx ends it gives sends in progress
// QueueOptions.ShutdownGrace to finish, breaks off the rest, records how
// far each got, and returns; close the store only after Run returned.
func (q *Queue) Run(ctx context.Context, notify func(Status)) {
	notifyDone := make(chan struct{})
	stopNotify := make(chan struct{})
	go func() {
		defer close(notifyDone)
		for {
			select {
			case <-q.notice:
				if notify != nil {
					notify(q.Status())
				}
			case <-stopNotify:
				if notify != nil {
					notify(q.Status())
				}
				return
			}
		}
	}()
	defer func() { close(stopNotify); <-notifyDone }()

	if recovered, err := q.s.RecoverPrints(); err != nil {
		q.fail(err)
	} else {
		for i := range recovered {
			q.changed(&recovered[i])
		}
	}
	signal(q.notice)

	sends, stopSends := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSends()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		next := q.schedule(sends)
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		if !next.IsZero() {
			timer.Reset(max(next.Sub(q.o.Now()), time.Millisecond))
		}
		select {
		case <-ctx.Done():
			done := make(chan struct{})
			go func() { q.wg.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(q.o.ShutdownGrace):
				stopSends()
				<-done
			}
			return
		case <-q.wake:
		case <-timer.C:
		}
	}
}

// schedule starts a send for every idle target whose oldest queued job is
// due, and returns when the next waiting job is due (zero: none waits).
func (q *Queue) schedule(ctx context.Context) time.Time {
	// Printing jobs are read too: the oldest unfinished job of a printer
	// decides, even when its sender has just let go of the printer but this
	// list was read before the job went back to queued (else a later job
	// could overtake it).
	jobs, err := q.s.PrintJobs(store.PrintQueued, store.PrintPrinting)
	if err != nil {
		q.fail(err)
		return q.o.Now().Add(q.o.MinBackoff)
	}
	q.mu.Lock()
	q.lastErr = nil // the store answers again
	q.mu.Unlock()
	now := q.o.Now()
	var next time.Time
	seen := map[string]bool{}
	for _, j := range jobs {
		key := targetKey(j.Target)
		if seen[key] {
			continue // one job at a time per printer, oldest first
		}
		seen[key] = true
		if j.State == store.PrintPrinting {
			continue // its sender still has the printer, or just released it
		}
		q.mu.Lock()
		_, busy := q.busy[key]
		q.mu.Unlock()
		if busy {
			continue
		}
		if j.NextTry.After(now) {
			if next.IsZero() || j.NextTry.Before(next) {
				next = j.NextTry
			}
			continue
		}
		claimed, data, err := q.s.ClaimPrint(j.ID)
		if err != nil {
			if !errors.Is(err, store.ErrPrintState) {
				q.fail(err)
			}
			continue // cancelled meanwhile; the next pass sees the rest
		}
		sctx, cancel := context.WithCancel(ctx)
		q.mu.Lock()
		q.busy[key] = claimed.ID
		q.inflight[claimed.ID] = cancel
		q.mu.Unlock()
		q.changed(&claimed)
		q.wg.Add(1)
		go q.work(sctx, cancel, key, claimed, data)
	}
	return next
}

func targetKey(target string) string {
	if t, err := ParseTarget(target); err == nil {
		return t.String()
	}
	return target
}

// work sends one job and records the outcome.
func (q *Queue) work(ctx context.Context, cancel context.CancelFunc, key string, j store.PrintJob, data []byte) {
	defer q.wg.Done()
	defer cancel()
	err := q.send.Send(WithJobTitle(ctx, j.Title), j.Target, data)
	q.mu.Lock()
	byPerson := q.cancelled[j.ID]
	delete(q.cancelled, j.ID)
	q.mu.Unlock()

	var after store.PrintJob
	var serr error
	switch {
	case err == nil:
		after, serr = q.s.PrintSent(j.ID)
	case byPerson:
		after, serr = q.s.PrintJobByID(j.ID) // stays cancelled
	default:
		se := asSendError(err, len(data))
		reason, args := msg.PrWhyUnconfirmed, []string(nil)
		switch {
		case se.Stage == NotSent:
			reason = msg.PrWhyUnreachable
		case se.Stage == Incomplete && se.Stalled:
			reason = msg.PrWhyStalled
		case se.Stage == Incomplete:
			reason, args = msg.PrWhyIncomplete, []string{strconv.Itoa(se.Written), strconv.Itoa(se.Total)}
		}
		detail := ""
		if se.Err != nil {
			detail = se.Err.Error()
		}
		if se.Retryable() {
			after, serr = q.s.PrintRetry(j.ID, q.o.Now().Add(q.backoff(j.Attempts)), reason, args, detail)
		} else {
			after, serr = q.s.PrintFailed(j.ID, reason, args, detail)
		}
	}
	if errors.Is(serr, store.ErrPrintState) {
		after, serr = q.s.PrintJobByID(j.ID) // a person cancelled it meanwhile
	}
	q.mu.Lock()
	delete(q.busy, key)
	delete(q.inflight, j.ID)
	q.mu.Unlock()
	if serr != nil {
		q.fail(serr)
	}
	q.changed(&after)
}

// asSendError classifies any error; one the sender did not classify is
// taken as unconfirmed, so it is never sent twice on a guess.
func asSendError(err error, total int) *SendError {
	var se *SendError
	if errors.As(err, &se) {
		return se
	}
	return &SendError{Stage: Unconfirmed, Total: total, Written: total, Err: err}
}

func (q *Queue) backoff(attempts int) time.Duration {
	d := q.o.MinBackoff
	for i := 1; i < attempts && d < q.o.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, q.o.MaxBackoff)
}

// StatusText is the queue's state for the desk's status line: "idle",
// "printing…", "2 waiting · printer not reachable · retry 10:41:07",
// "! 1 failed".
func StatusText(lang msg.Lang, st Status) string {
	var parts []string
	if st.Printing > 0 {
		parts = append(parts, msg.T(lang, msg.PrStatusPrinting))
	}
	if st.Queued > 0 {
		parts = append(parts, msg.T(lang, msg.PrStatusWaiting, st.Queued))
		if w := st.Waiting; w != nil && st.Printing == 0 {
			parts = append(parts, msg.T(lang, w.Reason, anyArgs(w.ReasonArgs)...))
			if !w.NextTry.IsZero() {
				parts = append(parts, msg.T(lang, msg.PrStatusRetry, w.NextTry.Format("15:04:05")))
			}
		}
	}
	if st.Failed > 0 {
		parts = append(parts, "! "+msg.T(lang, msg.PrStatusFailed, st.Failed))
	}
	if st.Err != nil {
		parts = append(parts, "! "+msg.Error(lang, st.Err))
	}
	if len(parts) == 0 {
		return msg.T(lang, msg.PrStatusIdle)
	}
	s := parts[0]
	for _, p := range parts[1:] {
		s += " · " + p
	}
	return s
}

func anyArgs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
