package timing

import (
	"strconv"
	"strings"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// askUndo names this desk's last timing action still in effect and asks
// before undoing it. The undo is a new event (a void of the action,
// model.Undo): it syncs like any other, and nothing is deleted.
func (m *Model) askUndo() {
	evs := m.withPending()
	e, ok := model.LastUndoable(evs, m.ctx.Store.Device().ID)
	if !ok {
		m.setNotice(false, m.ctx.T(msg.TimingNoUndo))
		return
	}
	what := m.describeUndo(evs, e)
	m.prompt = prompt{}
	m.question(promptUndo, m.ctx.T(msg.TimingAskUndo, what), msg.TimingKeyUndo, model.Undo(e), m.ctx.T(msg.TimingDoneUndo, what))
}

// withPending are the events the screen holds and those captured but not
// yet shown, the latter as this device's newest.
func (m *Model) withPending() []model.TimingEvent {
	evs := make([]model.TimingEvent, 0, len(m.data.evs)+len(m.pending))
	evs = append(evs, m.data.evs...)
	var newest model.HLC
	for _, e := range evs {
		newest = max(newest, e.HLC)
	}
	dev := m.ctx.Store.Device().ID
	for i, p := range m.pending {
		p.Device, p.HLC = dev, newest+model.HLC(i+1)
		evs = append(evs, p)
	}
	return evs
}

// describeUndo says what undoing e changes, with the value it goes back
// to (found by replaying the events with the undo).
func (m *Model) describeUndo(evs []model.TimingEvent, e model.TimingEvent) string {
	t := m.ctx.T
	rec := func(recs []model.TimingRecord, id string) (model.TimingRecord, bool) {
		for _, r := range recs {
			if r.Event.ID == id {
				return r, true
			}
		}
		return model.TimingRecord{}, false
	}
	now, _ := rec(m.recs, e.Ref)
	switch e.Kind {
	case model.KindFinish:
		r, ok := rec(m.recs, e.ID)
		if !ok {
			r = model.TimingRecord{Event: e, At: e.At, Bib: e.Bib}
		}
		return t(msg.TimingUndoFinish, m.number(e.ID), bibText(r.Bib), clock(r.At))
	case model.KindStart:
		return t(msg.TimingUndoStart, m.ctx.RaceName(e.Race), clock(e.At))
	case model.KindBib, model.KindTime:
		undo := model.Undo(e)
		undo.ID, undo.HLC = "~undo", e.HLC
		for _, x := range evs {
			undo.HLC = max(undo.HLC, x.HLC+1)
		}
		after, _ := rec(model.TimingRecords(append(evs[:len(evs):len(evs)], undo)), e.Ref)
		if e.Kind == model.KindBib {
			return t(msg.TimingUndoBib, m.number(e.Ref), clock(now.At), bibText(now.Bib), bibText(after.Bib))
		}
		return t(msg.TimingUndoTime, m.number(e.Ref), bibText(now.Bib), clock(now.At), clock(after.At))
	case model.KindVoid:
		if now.Event.Kind == model.KindStart {
			return t(msg.TimingUndoOther, t(msg.TimingKeyVoid), t(msg.TimingUndoStart, m.ctx.RaceName(now.Event.Race), clock(now.At)))
		}
		return t(msg.TimingUndoVoid, m.number(e.Ref), bibText(now.Bib), clock(now.At))
	case model.KindStatus:
		return t(msg.TimingUndoStatus, strings.ToUpper(string(e.Status)), strconv.Itoa(e.Bib))
	}
	return t(msg.TimingUndoOther, string(e.Kind), e.ID)
}
