package printer

import (
	"errors"
	"fmt"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// AutoSlips puts a finish slip into the print queue for every finish this
// desk records, once, as soon as the finish has its result: a finish with
// a bib at once, a stamped time when its bib is attached, a finish
// recorded before its race's start once the start is. Each slip is
// queued under the key "slip:" and the finish's ID, stored with the job
// (store.PrintJob.Key): a restart, a sync, a corrected time or bib, or
// the same finish seen again queues nothing more. A person can always
// print a slip again by hand (the results screen, racedesk print slip).
//
// Only finishes this desk recorded (their device is this store's) get a
// slip here: with several desks timing, each prints its own finishers'
// slips, and none is printed twice.
//
// Check does the work; it reads the store and computes results, so the
// desk calls it in a command, one call at a time, with what each commit
// changed. It is not safe for concurrent use.
type AutoSlips struct {
	s       *store.Store
	q       *Queue
	pr      Printer
	lang    msg.Lang
	hotspot string
	now     func() time.Time
	started bool
	// waiting are this desk's finishes not slipped yet for want of a
	// result (a stamp without bib, no start yet, a bib nobody holds).
	waiting map[string]bool
}

// AutoSlipOptions configure AutoSlips.
type AutoSlipOptions struct {
	Lang msg.Lang
	// Hotspot is the desk's hotspot address, for the QR code when the
	// event file has no [results] url.
	Hotspot string
	// Now is the clock printed on the slips (default time.Now).
	Now func() time.Time
}

// NewAutoSlips returns the event's automatic finish slips, or nil when no
// printer has finish_slips = "auto".
func NewAutoSlips(s *store.Store, q *Queue, o AutoSlipOptions) (*AutoSlips, error) {
	pr, ok, err := AutoSlipPrinter(s.Event())
	if err != nil || !ok {
		return nil, err
	}
	if pr.Target == "" {
		return nil, fmt.Errorf("printer %s: finish_slips = %q needs a target", pr.Name, model.FinishSlipsAuto)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &AutoSlips{s: s, q: q, pr: pr, lang: o.Lang, hotspot: o.Hotspot, now: o.Now, waiting: map[string]bool{}}, nil
}

// SlipKey is the print queue key of the automatic slip of a finish.
func SlipKey(finishID string) string { return "slip:" + finishID }

// Check queues the slips that what d says changed calls for, and returns
// the jobs it queued. The first call looks at every finish this desk
// recorded (slips missed while the desk was closed); so does one with
// d.All.
func (a *AutoSlips) Check(d store.Delta) ([]store.PrintJob, error) {
	candidates, err := a.candidates(d)
	if err != nil || len(candidates) == 0 {
		return nil, err
	}
	keys := make([]string, 0, len(candidates))
	for id := range candidates {
		keys = append(keys, SlipKey(id))
	}
	used, err := a.s.PrintKeysUsed(keys)
	if err != nil {
		return nil, err
	}
	for id := range candidates {
		if used[SlipKey(id)] {
			delete(candidates, id)
			delete(a.waiting, id)
		}
	}
	if len(candidates) == 0 {
		return nil, nil // corrections of finishes slipped before: nothing to compute
	}
	all, err := a.s.Results()
	if err != nil {
		return nil, err
	}
	ev, dev := a.s.Event(), a.s.Device()
	l := Layout{Event: ev, Config: a.pr.Config, Lang: a.lang, Now: a.now(), Desk: dev.Desk, Hotspot: a.hotspot}
	var queued []store.PrintJob
	var errs []error
	for _, race := range ev.Races {
		rr := all[race.ID]
		if rr == nil {
			continue
		}
		for _, r := range rr.Results {
			if r.Finish == "" || !candidates[r.Finish] {
				continue
			}
			delete(candidates, r.Finish)
			delete(a.waiting, r.Finish)
			doc, err := l.FinishSlip(race.ID, r)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			participant := ""
			if r.Participant != nil {
				participant = r.Participant.ID
			}
			j, err := a.q.SubmitKeyed(doc, a.pr, participant, SlipKey(r.Finish))
			switch {
			case errors.Is(err, store.ErrPrintKeyUsed):
			case err != nil:
				errs = append(errs, err)
			default:
				queued = append(queued, j)
			}
		}
	}
	for id := range candidates {
		a.waiting[id] = true
	}
	return queued, errors.Join(errs...)
}

// candidates are the finishes d may have given a result: this desk's new
// finishes, this desk's finishes a correction names, and — when timing
// changed or a runner got a bib — the finishes still waiting for one.
func (a *AutoSlips) candidates(d store.Delta) (map[string]bool, error) {
	dev := a.s.Device().ID
	out := map[string]bool{}
	if d.All || !a.started {
		evs, err := a.s.TimingEvents()
		if err != nil {
			return nil, err
		}
		a.started = true
		clear(a.waiting)
		for _, e := range evs {
			if e.Kind == model.KindFinish && e.Device == dev {
				out[e.ID] = true
			}
		}
		return out, nil
	}
	for id := range d.Timing {
		e, err := a.s.TimingEvent(id)
		if err != nil {
			return nil, err
		}
		switch {
		case e.Kind == model.KindFinish:
			if e.Device == dev {
				out[e.ID] = true
			}
		case e.Ref != "" && !a.waiting[e.Ref]:
			// A correction of a finish: a stamp's bib attached (a
			// correction of a slipped finish is dropped by its key).
			if ref, err := a.s.TimingEvent(e.Ref); err == nil && ref.Kind == model.KindFinish && ref.Device == dev {
				out[ref.ID] = true
			}
		}
	}
	recheck := len(d.Timing) > 0
	for id := range d.Participants {
		if recheck || len(a.waiting) == 0 {
			break
		}
		if p, err := a.s.Get(id); err == nil && p.Bib != 0 {
			recheck = true // perhaps the runner a waiting finish's bib names
		}
	}
	if recheck {
		for id := range a.waiting {
			out[id] = true
		}
	}
	return out, nil
}
