package timing

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// Corrections never act on a key that could be part of typing a bib.
// A correction opens a prompt that names the finish it changes; what is
// typed (a bib, a time) is checked and shown as old → new, and only y
// records it. Esc leaves everything as it was. On a question, a digit
// leaves it for the bib field: the next runner's bib and Enter are a
// finish, whatever key slipped before.

// prompt is a question the screen asks before recording something.
type prompt struct {
	kind  promptKind
	label string
	// typing: the answer is typed into input and Enter checks it; then
	// (or at once, for a void or an undo) the question waits for y.
	typing bool
	input  textinput.Model
	ref    model.TimingRecord // the finish (or start) it changes
	// What y records, and what the screen says once it is stored.
	ev   model.TimingEvent
	done string
	// alt is what n records instead: after a stray b, the bib typed was
	// the next finisher's, at the moment of its Enter.
	alt     *model.TimingEvent
	altDone string
	// enter also records ev: only a first start (the gun), nothing a
	// start or finish already depends on.
	enter bool
	yes   key.Binding // y, with the action's name
	alts  key.Binding // n, with the finish it records
}

type promptKind int

const (
	promptNone promptKind = iota
	promptGun             // confirm a start captured at the key press
	promptTypedStart
	promptBib    // change the bib of the selected finish
	promptTime   // change the time of the selected finish
	promptVoid   // confirm voiding the selected finish
	promptInsert // bib [time] of a missed finisher before the selected one
	promptDNF
	promptDSQ  // bib reason
	promptUndo // confirm undoing this desk's last timing action
)

// ask opens a prompt that takes a typed answer.
func (m *Model) ask(kind promptKind, label, placeholder string) {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = placeholder
	in.CharLimit = 60
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Focus()
	m.prompt = prompt{kind: kind, label: label, typing: true, input: in}
}

// question turns the open prompt (or a new one of kind) into a question
// answered with y, which records ev.
func (m *Model) question(kind promptKind, label string, yes msg.Key, ev model.TimingEvent, done string) {
	p := m.prompt
	if p.kind != kind {
		p = prompt{kind: kind}
	}
	p.label, p.typing, p.ev, p.done = label, false, ev, done
	p.yes = m.keys.Yes
	p.yes.SetHelp("y", m.ctx.T(yes))
	m.prompt = p
}

// askGun confirms a start taken at the key press. The race's first
// start is also recorded by Enter (the key at hand when the gun goes);
// a restart replaces a start, so it takes y.
func (m *Model) askGun(now time.Time) {
	race := m.ctx.Event().Races[m.race]
	start := model.TimingEvent{Kind: model.KindStart, Race: race.ID, At: now.UnixMilli(), Mode: model.ModeKey}
	done := m.ctx.T(msg.TimingDoneStart, race.Name, clock(now.UnixMilli()))
	if cur, ok := m.startOf(race.ID); ok {
		m.question(promptGun, m.ctx.T(msg.TimingConfirmStart, race.Name, clock(cur.At), clock(now.UnixMilli())), msg.TimingKeyRestart, start, done)
		return
	}
	m.question(promptGun, m.ctx.T(msg.TimingConfirmGun, race.Name, clock(now.UnixMilli())), msg.TimingKeyStart, start, done)
	m.prompt.enter = true
}

// askCorrection opens the prompt of a correction key for the selected
// finish r, naming it.
func (m *Model) askCorrection(k tea.KeyMsg, r model.TimingRecord) {
	n, bib, at := m.number(r.Event.ID), bibText(r.Bib), clock(r.At)
	switch {
	case key.Matches(k, m.keys.FixBib):
		m.ask(promptBib, m.ctx.T(msg.TimingAskBib, n, bib, at), m.ctx.T(msg.BibColumn))
	case key.Matches(k, m.keys.FixTime):
		m.ask(promptTime, m.ctx.T(msg.TimingAskTime, n, bib, at), "hh:mm:ss.t")
	case key.Matches(k, m.keys.Insert):
		m.ask(promptInsert, m.ctx.T(msg.TimingAskInsert, n, bib, at), m.ctx.T(msg.BibColumn)+" [hh:mm:ss.t]")
	case key.Matches(k, m.keys.Void):
		m.prompt = prompt{}
		m.question(promptVoid, m.ctx.T(msg.TimingAskVoid, n, bib, at), msg.TimingKeyVoid,
			model.TimingEvent{Kind: model.KindVoid, Ref: r.Event.ID}, m.ctx.T(msg.TimingDoneVoid, n, bib, at))
	}
	m.prompt.ref = r
}

// promptKeys are the keys that answer the open prompt.
func (m *Model) promptKeys() []key.Binding {
	p := &m.prompt
	if p.typing {
		return []key.Binding{m.keys.Check, m.keys.Keep}
	}
	out := []key.Binding{p.yes}
	if p.enter {
		out = append(out, m.keys.EnterStart)
	}
	if p.alt != nil {
		out = append(out, p.alts)
	}
	return append(out, m.keys.Keep, m.keys.Digits)
}

func (m *Model) promptKey(k tea.KeyMsg, now time.Time) tea.Cmd {
	p := &m.prompt
	switch {
	case key.Matches(k, m.keys.Keep):
		m.keep()
		return nil
	case p.typing && key.Matches(k, m.keys.Check):
		cmd, err := m.check(strings.TrimSpace(p.input.Value()), now)
		if err != nil {
			m.setNotice(true, "✗ "+m.ctx.Err(err))
			return nil // the prompt stays, with what was typed
		}
		m.notice = ""
		return cmd
	case p.typing:
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(k)
		return cmd
	case key.Matches(k, p.yes), p.enter && key.Matches(k, m.keys.EnterStart):
		ev, done := p.ev, p.done
		m.prompt = prompt{}
		m.notice = ""
		return m.record(ev, done)
	case p.alt != nil && key.Matches(k, p.alts):
		ev, done := *p.alt, p.altDone
		m.prompt = prompt{}
		m.notice = ""
		return m.record(ev, done)
	case key.Matches(k, m.keys.Digits, m.keys.Stamp):
		// The next runner: the question is left as it was, the key is
		// the timing screen's again.
		m.keep()
		return m.key(k, now)
	}
	return nil // any other key: the question stays, its keys on screen
}

// keep closes the prompt; nothing changes.
func (m *Model) keep() {
	m.prompt = prompt{}
	m.setNotice(false, m.ctx.T(msg.TimingKept))
}

// check reads a typed answer. A correction becomes a question naming old
// → new; a typed first start is recorded at once (it changes nothing).
func (m *Model) check(a string, now time.Time) (tea.Cmd, error) {
	p := m.prompt
	r := p.ref
	n := m.number(r.Event.ID)
	switch p.kind {
	case promptTypedStart:
		race := m.ctx.Event().Races[m.race]
		cur, started := m.startOf(race.ID)
		t, err := model.ParseClockTime(a, model.ClockDay(time.UnixMilli(cur.At), started, now))
		if err != nil {
			return nil, err
		}
		start := model.TimingEvent{Kind: model.KindStart, Race: race.ID, At: t.UnixMilli(), Mode: model.ModeTyped}
		done := m.ctx.T(msg.TimingDoneStart, race.Name, clock(t.UnixMilli()))
		if started {
			m.question(promptTypedStart, m.ctx.T(msg.TimingConfirmStart, race.Name, clock(cur.At), clock(t.UnixMilli())), msg.TimingKeyRestart, start, done)
			return nil, nil
		}
		m.prompt = prompt{}
		return m.record(start, done), nil
	case promptBib:
		bib, err := parseBib(a)
		if err != nil {
			return nil, err
		}
		m.question(promptBib, m.ctx.T(msg.TimingConfirmBib, n, clock(r.At), bibText(r.Bib), bibText(bib)), msg.TimingKeyChange,
			model.TimingEvent{Kind: model.KindBib, Ref: r.Event.ID, Bib: bib}, m.ctx.T(msg.TimingDoneBib, n, bibText(r.Bib), bibText(bib)))
		alt := m.finishAt(bib, now, model.ModeBib)
		m.prompt.alt = &alt
		m.prompt.altDone = m.ctx.T(msg.TimingDoneFinish, bibText(bib), clock(alt.At))
		m.prompt.alts = m.keys.NewFinish
		m.prompt.alts.SetHelp("n", m.ctx.T(msg.TimingKeyNewFinish, bibText(bib), clock(alt.At)))
	case promptTime:
		t, err := model.ParseClockTime(a, m.clockDay(m.raceOfRecord(r), now))
		if err != nil {
			return nil, err
		}
		m.question(promptTime, m.ctx.T(msg.TimingConfirmTime, n, bibText(r.Bib), clock(r.At), clock(t.UnixMilli())), msg.TimingKeyChange,
			model.TimingEvent{Kind: model.KindTime, Ref: r.Event.ID, At: t.UnixMilli()}, m.ctx.T(msg.TimingDoneTime, n, clock(r.At), clock(t.UnixMilli())))
	case promptInsert:
		e, err := m.insert(a, now)
		if err != nil {
			return nil, err
		}
		m.question(promptInsert, m.ctx.T(msg.TimingConfirmInsert, bibText(e.Bib), clock(e.At), n), msg.TimingKeyInsert,
			e, m.ctx.T(msg.TimingDoneInsert, bibText(e.Bib), clock(e.At)))
	case promptDNF, promptDSQ:
		field, reason, _ := strings.Cut(a, " ")
		bib, err := parseBib(field)
		if err != nil {
			return nil, err
		}
		st := model.DNF
		if p.kind == promptDSQ {
			st = model.DSQ
		}
		reason = strings.TrimSpace(reason)
		who, why := "", ""
		if name := m.data.name(m.data.raceOf[bib], bib); name != "" {
			who = " (" + name + ")"
		}
		if reason != "" {
			why = " (" + reason + ")"
		}
		label := strings.ToUpper(string(st))
		m.question(p.kind, m.ctx.T(msg.TimingConfirmStatus, label, strconv.Itoa(bib), who+why), msg.TimingKeyRecord,
			model.TimingEvent{Kind: model.KindStatus, Bib: bib, Status: st, Reason: reason}, m.ctx.T(msg.TimingDoneStatus, strconv.Itoa(bib), label, why))
	}
	return nil, nil
}

// insert reads "bib [time]" for a missed finisher just before the selected
// one: at the typed time, or halfway between the selected finish and the
// one before.
func (m *Model) insert(a string, now time.Time) (model.TimingEvent, error) {
	fields := strings.Fields(a)
	if len(fields) == 0 {
		return model.TimingEvent{}, &model.FieldError{Field: model.FBib, Key: msg.ErrRequired}
	}
	bib, err := parseBib(fields[0])
	if err != nil {
		return model.TimingEvent{}, err
	}
	ref := m.prompt.ref
	at := ref.At
	if len(fields) > 1 {
		race := m.data.raceOf[bib]
		if race == "" {
			race = m.raceOfRecord(ref)
		}
		t, err := model.ParseClockTime(fields[1], m.clockDay(race, now))
		if err != nil {
			return model.TimingEvent{}, err
		}
		at = t.UnixMilli()
	} else if prev, ok := m.before(ref); ok {
		at = (prev.At + ref.At) / 2 / 100 * 100
	}
	return model.TimingEvent{Kind: model.KindFinish, At: at, Bib: bib, Race: m.data.raceOf[bib], Mode: model.ModeInsert}, nil
}

// clockDay is the day typed times of a race are read on: its start's,
// else the timing clock's (model.ClockDay).
func (m *Model) clockDay(race string, now time.Time) time.Time {
	start, ok := m.startOf(race)
	return model.ClockDay(time.UnixMilli(start.At), ok, now)
}

// startOf is the race's start that counts.
func (m *Model) startOf(race string) (model.TimingRecord, bool) {
	r, ok := model.RaceStarts(m.recs)[race]
	return r, ok
}

// raceOfRecord is the race a finish belongs to: the one it was taken
// for, else its bib's.
func (m *Model) raceOfRecord(r model.TimingRecord) string {
	if r.Event.Race != "" {
		return r.Event.Race
	}
	return m.data.raceOf[r.Bib]
}

// number is a finish's number on the screen: its place among all
// finishes recorded (voided ones too), in time order from 1; 0 for a
// start or a finish not yet stored. racedesk timing numbers them the same
// way (model.FinishNumber).
func (m *Model) number(id string) int { return model.FinishNumber(m.recs, id) }

func clock(ms int64) string { return time.UnixMilli(ms).Format("15:04:05.0") }
