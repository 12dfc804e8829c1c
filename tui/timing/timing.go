// Package timing is the timekeeper's screen: race starts, finishes typed
// bib-first or stamped time-first, bibs attached to stamped times in
// order, and corrections that never overwrite (change bib or time, void,
// insert a missed finisher, DNF, DSQ).
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
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

// Model is the timing screen.
type Model struct {
	ctx    *screen.Context
	keys   keys
	bib    textinput.Model
	race   int // selected race for starts
	data   data
	recs   []model.TimingRecord // data.evs with corrections applied
	cursor int                  // selected row (0 = newest)
	width  int
	height int
	prompt prompt
	// queue holds a correction key pressed on a finish not on disk yet,
	// and the keys after it, each with the moment it was pressed: they
	// are handled in order once the finish is, never dropped (a b
	// ignored would make the bib typed next a finish).
	queue []pressed
	// done are the notices of pending events, shown once the store has
	// them ("✓ bib 17 DNF"): the screen confirms nothing before that.
	done map[string]string
	// pending are captured records no load has shown yet: the screen shows
	// them at once, marked, so a bunch sprint never waits. Each has its
	// final ID from the moment it is captured, so a bib typed for a stamp
	// the store has not yet answered for names that stamp.
	pending []model.TimingEvent
	writer  *writer
	// unanswered counts events handed to the writer whose answer has not
	// come back; a command waits for answers only while there are some
	// (nothing waits on an idle screen).
	unanswered int
	awaiting   bool
	notice     string
	bad        bool
	patcher    screen.Patcher
}

// New builds the screen.
func New(ctx *screen.Context) *Model {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 6
	in.Width = 8
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Focus()
	return &Model{ctx: ctx, keys: newKeys(ctx.Lang), bib: in, writer: newWriter(ctx.Store), done: map[string]string{}}
}

type savedMsg struct {
	id  string // the pending entry it confirms, now on disk
	err error
}

func (m *Model) Init() tea.Cmd { return m.changed(store.Delta{All: true}) }

// SetSize takes the body's size.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

func (m *Model) Update(message tea.Msg) (screen.Screen, tea.Cmd) {
	switch message := message.(type) {
	case tea.KeyMsg:
		// The moment comes first: before anything else, the time.
		now := m.ctx.Stopwatch()
		if len(m.queue) > 0 || m.correctsPending(message) {
			m.queue = append(m.queue, pressed{message, now})
			return m, nil
		}
		return m, m.key(message, now)
	case loadedMsg:
		if message.err != nil {
			m.setNotice(true, "✗ "+m.ctx.Err(message.err))
		} else {
			plain := m.data.plain(message)
			m.data.apply(message)
			if message.all || len(message.evs) > 0 {
				m.recs = m.records(message.evs, plain)
				m.dropLoaded()
			}
		}
		cmd := m.drain()
		if next, ok := m.patcher.Done(); ok {
			return m, tea.Batch(cmd, m.read(next))
		}
		return m, cmd
	case savedMsg:
		// The event itself arrives with the store's change notice.
		m.confirm(message)
		m.unanswered--
		m.awaiting = false
		return m, tea.Batch(m.awaitAnswers(), m.drain())
	case screen.StoreChangedMsg:
		return m, m.changed(message.Delta)
	}
	return m, nil
}

func (m *Model) key(k tea.KeyMsg, now time.Time) tea.Cmd {
	if m.prompt.kind != promptNone {
		return m.promptKey(k, now)
	}
	switch {
	case key.Matches(k, m.keys.Stamp):
		return m.record(model.TimingEvent{Kind: model.KindFinish, At: now.UnixMilli(), Mode: model.ModeStamp}, "")
	case key.Matches(k, m.keys.Finish):
		return m.finishOrAttach(now)
	case key.Matches(k, m.keys.Start):
		m.askGun(now)
	case key.Matches(k, m.keys.TypedStart):
		m.ask(promptTypedStart, m.ctx.T(msg.AskStartTime, m.raceName()), "hh:mm:ss.t")
	case key.Matches(k, m.keys.NextRace):
		n := len(m.ctx.Event().Races)
		d := 1
		if k.String() == "shift+tab" {
			d = n - 1
		}
		m.race = (m.race + d) % n
	case key.Matches(k, m.keys.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(k, m.keys.Down):
		m.cursor = min(len(m.rows())-1, m.cursor+1)
	case key.Matches(k, m.keys.Back):
		m.bib.SetValue("")
		m.notice = ""
	case key.Matches(k, m.keys.DNF):
		m.ask(promptDNF, m.ctx.T(msg.AskDNF), m.ctx.T(msg.BibColumn))
	case key.Matches(k, m.keys.DSQ):
		m.ask(promptDSQ, m.ctx.T(msg.AskDSQ), m.ctx.T(msg.BibColumn))
	case key.Matches(k, m.keys.Undo):
		m.askUndo()
	case key.Matches(k, m.keys.FixBib, m.keys.FixTime, m.keys.Void, m.keys.Insert):
		if r, ok := m.selected(); ok {
			m.askCorrection(k, r)
		}
	default:
		// Digits go to the bib field; nothing else does.
		if k.Type == tea.KeyRunes && !isDigits(string(k.Runes)) {
			return nil
		}
		var cmd tea.Cmd
		m.bib, cmd = m.bib.Update(k)
		return cmd
	}
	return nil
}

// finishOrAttach: a typed bib goes to the oldest stamped time still
// waiting for one; with none waiting, it is a finish at this moment.
func (m *Model) finishOrAttach(now time.Time) tea.Cmd {
	bib, err := strconv.Atoi(strings.TrimSpace(m.bib.Value()))
	if err != nil || bib <= 0 {
		return nil
	}
	m.bib.SetValue("")
	if waiting := m.waiting(); len(waiting) > 0 {
		return m.record(model.TimingEvent{Kind: model.KindBib, Ref: waiting[0].Event.ID, Bib: bib}, "")
	}
	return m.record(m.finishAt(bib, now, model.ModeBib), "")
}

// finishAt is a finish of bib at a moment.
func (m *Model) finishAt(bib int, at time.Time, mode string) model.TimingEvent {
	return model.TimingEvent{Kind: model.KindFinish, At: at.UnixMilli(), Bib: bib, Race: m.data.raceOf[bib], Mode: mode}
}

// waiting are stamped times without a bib, oldest first, not counting
// those a pending attach already serves.
func (m *Model) waiting() []model.TimingRecord {
	w := model.WaitingStamps(m.recs)
	served := map[string]bool{}
	for _, p := range m.pending {
		if p.Kind == model.KindBib {
			served[p.Ref] = true
		}
	}
	var out []model.TimingRecord
	for _, r := range w {
		if !served[r.Event.ID] {
			out = append(out, r)
		}
	}
	// Pending stamps wait too (pressed a moment ago), unless a bib typed
	// since already went to them: the next bib is the next finisher's,
	// never a relabel of this one (found by the monkey test).
	for _, p := range m.pending {
		if p.Kind == model.KindFinish && p.Bib == 0 && !served[p.ID] {
			out = append(out, model.TimingRecord{Event: p, At: p.At})
		}
	}
	return out
}

// record stores an event in a command; the screen shows it as pending
// until the store has it on disk, and then says done ("" for nothing:
// the row itself shows a finish).
func (m *Model) record(e model.TimingEvent, done string) tea.Cmd {
	e.ID = model.NewID()
	if done != "" {
		m.done[e.ID] = done
	}
	m.pending = append(m.pending, e)
	m.writer.put(e)
	m.unanswered++
	return m.awaitAnswers()
}

// awaitAnswers starts waiting for the writer's next answer, unless a wait
// is already on or nothing is outstanding.
func (m *Model) awaitAnswers() tea.Cmd {
	if m.awaiting || m.unanswered <= 0 {
		return nil
	}
	m.awaiting = true
	return m.waitSaved()
}

// waitSaved delivers the writer's answers, one per command.
func (m *Model) waitSaved() tea.Cmd {
	out := m.writer.out
	return func() tea.Msg {
		s, ok := <-out
		if !ok {
			return nil
		}
		return s
	}
}

// Close waits until every captured event is on disk (the desk calls it
// before closing the store).
func (m *Model) Close() { m.writer.close() }

// confirm takes the writer's answer: an event the store refused leaves
// the screen with the reason. One it stored stays pending until the
// store's change notice brings it: until then the screen's records do not
// have it, and a stamp just given a bib would look free again.
func (m *Model) confirm(s savedMsg) {
	done, ok := m.done[s.id]
	delete(m.done, s.id)
	if s.err == nil {
		if ok {
			m.setNotice(false, done)
		}
		return
	}
	for i, p := range m.pending {
		if p.ID == s.id {
			m.pending = append(m.pending[:i], m.pending[i+1:]...)
			m.setNotice(true, "✗ "+m.ctx.Err(s.err))
			return
		}
	}
}

// dropLoaded forgets pending entries the records now hold (events have
// their final IDs from the moment they are captured).
func (m *Model) dropLoaded() {
	keep := m.pending[:0]
	for _, p := range m.pending {
		if !m.Holds(p.ID) {
			keep = append(keep, p)
		}
	}
	m.pending = keep
}

// isPending reports whether no load has shown the event yet.
func (m *Model) isPending(id string) bool {
	for _, p := range m.pending {
		if p.ID == id {
			return true
		}
	}
	return false
}

// before is the finish just before r in time.
func (m *Model) before(r model.TimingRecord) (model.TimingRecord, bool) {
	var prev model.TimingRecord
	found := false
	for _, x := range m.recs {
		if x.Event.Kind != model.KindFinish || x.Voided || x.Event.ID == r.Event.ID {
			continue
		}
		if x.At <= r.At {
			prev, found = x, true
		}
	}
	return prev, found
}

func parseBib(s string) (int, error) {
	bib, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || bib <= 0 {
		return 0, &model.FieldError{Field: model.FBib, Input: s, Key: msg.ErrBibNumber}
	}
	return bib, nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func bibText(bib int) string {
	if bib == 0 {
		return "–"
	}
	return strconv.Itoa(bib)
}

func (m *Model) raceName() string { return m.ctx.Event().Races[m.race].Name }

func (m *Model) setNotice(bad bool, s string) { m.notice, m.bad = s, bad }

// records brings the timing records up to date with evs: new plain
// starts and finishes are added in place (race day's common case: one
// finish per commit), anything else replays every event.
func (m *Model) records(evs []model.TimingEvent, plain bool) []model.TimingRecord {
	if plain {
		recs := m.recs
		for _, e := range evs {
			var ok bool
			if recs, ok = model.AddTimingRecord(recs, e); !ok {
				return model.TimingRecords(m.data.evs)
			}
		}
		return recs
	}
	return model.TimingRecords(m.data.evs)
}

// rows are the finishes, newest first, with pending ones on top.
func (m *Model) rows() []model.TimingRecord {
	var out []model.TimingRecord
	for i := len(m.pending) - 1; i >= 0; i-- {
		if p := m.pending[i]; p.Kind == model.KindFinish {
			out = append(out, model.TimingRecord{Event: p, At: p.At, Bib: p.Bib})
		}
	}
	for i := len(m.recs) - 1; i >= 0; i-- {
		if m.recs[i].Event.Kind == model.KindFinish {
			out = append(out, m.recs[i])
		}
	}
	return out
}

func (m *Model) selected() (model.TimingRecord, bool) {
	rows := m.rows()
	if m.cursor < 0 || m.cursor >= len(rows) || m.isPending(rows[m.cursor].Event.ID) {
		return model.TimingRecord{}, false
	}
	return rows[m.cursor], true
}

// ShortHelp and FullHelp: what the timekeeper can press now.
func (m *Model) ShortHelp() []key.Binding {
	if m.prompt.kind != promptNone {
		return m.promptKeys()
	}
	return []key.Binding{m.keys.Finish, m.keys.Stamp, m.keys.Start, m.keys.NextRace, m.keys.Up, m.keys.Undo}
}

func (m *Model) FullHelp() [][]key.Binding {
	if m.prompt.kind != promptNone {
		return [][]key.Binding{m.promptKeys()}
	}
	return [][]key.Binding{
		{m.keys.Finish, m.keys.Stamp, m.keys.Start, m.keys.TypedStart, m.keys.NextRace},
		{m.keys.Up, m.keys.FixBib, m.keys.FixTime, m.keys.Void, m.keys.Insert, m.keys.DNF, m.keys.DSQ, m.keys.Undo},
	}
}

// Asking reports whether a prompt is open (screen.Modal): the desk then
// hands the screen its global keys too, so no key meant for the question
// switches screens.
func (m *Model) Asking() bool { return m.prompt.kind != promptNone }

// pressed is a key and the moment it was pressed.
type pressed struct {
	k   tea.KeyMsg
	now time.Time
}

// correctsPending reports whether k is a correction key for a selected
// finish that is not on disk yet.
func (m *Model) correctsPending(k tea.KeyMsg) bool {
	if m.prompt.kind != promptNone || !key.Matches(k, m.keys.FixBib, m.keys.FixTime, m.keys.Void, m.keys.Insert) {
		return false
	}
	rows := m.rows()
	return m.cursor >= 0 && m.cursor < len(rows) && m.isPending(rows[m.cursor].Event.ID)
}

// drain handles the keys that waited for their finish, in order, once it
// is on disk (or gone: its save failed).
func (m *Model) drain() tea.Cmd {
	if len(m.queue) == 0 || m.correctsPending(m.queue[0].k) {
		return nil
	}
	q := m.queue
	m.queue = nil
	var cmds []tea.Cmd
	for i, p := range q {
		if m.correctsPending(p.k) {
			m.queue = q[i:] // another finish still on its way
			break
		}
		cmds = append(cmds, m.key(p.k, p.now))
	}
	return tea.Batch(cmds...)
}
