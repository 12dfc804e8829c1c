// Package register is the late-registration form, also used to edit a
// participant. Every field validates as the volunteer types (the same
// model.Validate every entry path uses); the understood birth date and age
// class show beside it; a save checks for the same person registered
// online, asks to confirm the fields that decide the ranking, commits, and
// shows the bib huge.
package register

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

// state is where the form is in the save flow.
type state int

const (
	editing    state = iota
	checking         // looking for similar participants
	similar          // showing possible duplicates
	confirming       // showing the scoring-relevant fields once more
	saving
	saved // the bib is shown huge
)

// Model is the registration screen.
type Model struct {
	ctx    *screen.Context
	keys   keys
	fields []*field
	focus  int
	state  state
	// queue holds keys typed while a store call runs (the duplicate
	// check, the save): handled in order once it has answered.
	queue  []tea.KeyMsg
	width  int
	height int

	errs      model.ValidationError // of the current input
	submitted bool                  // show every field's error, not only touched ones
	notice    string
	noticeBad bool
	similars  []model.Match
	last      model.Participant // the one just saved (shown with the big bib)
	editID    string            // editing this participant instead of registering
	orig      model.Participant // the participant being edited, as it was
	editBase  []string          // the form's values when the edit began
	stash     []string          // the walk-in being typed when an edit began
	lastRace  int               // keep the race picker for the next walk-in
	// undo is the input last cleared or put aside: ctrl+z brings it back.
	undo *snapshot
	// backTo is the participant whose card follows the big new bib of an
	// edit that moved the bib; movedFrom is the bib they had before.
	backTo    string
	movedFrom int
}

// snapshot is the form's input at one moment, in the mode it was typed in.
type snapshot struct {
	editID string
	values []string
	focus  int
}

// New builds the form.
func New(ctx *screen.Context) *Model {
	m := &Model{ctx: ctx, keys: newKeys(ctx.Lang), fields: buildFields(ctx)}
	m.focusField(0)
	m.revalidate()
	return m
}

func (m *Model) Init() tea.Cmd { return nil }

// SetSize takes the body's size from the root model.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// visible lists the fields shown in the current mode.
func (m *Model) visible() []*field {
	if m.editID == "" {
		return m.fields
	}
	var out []*field
	for _, f := range m.fields {
		if !f.newOnly {
			out = append(out, f)
		}
	}
	return out
}

func (m *Model) focusField(i int) {
	vis := m.visible()
	i = max(0, min(i, len(vis)-1))
	for _, f := range vis {
		f.input.Blur()
	}
	m.focus = i
	if !vis[i].isChoice() {
		vis[i].input.Focus()
	}
}

func (m *Model) current() *field { return m.visible()[m.focus] }

// input is the participant input the form holds now.
func (m *Model) input() model.ParticipantInput {
	in := model.ParticipantInput{Source: model.SourceDesk, Extra: map[string]string{}}
	for _, f := range m.visible() {
		v := f.value()
		switch f.name {
		case model.FFirst:
			in.First = v
		case model.FLast:
			in.Last = v
		case model.FBorn:
			in.Born = v
		case model.FGender:
			in.Gender = v
		case model.FRace:
			in.Race = v
		case model.FClub:
			in.Club = v
		case model.FEmail:
			in.Email = v
		case model.FPhone:
			in.Phone = v
		case model.FBib:
			in.Bib = strings.TrimSpace(v)
		case fieldPaid:
			in.Paid = v
		case fieldAmount:
			in.Amount = v
		default:
			if k, ok := strings.CutPrefix(f.name, model.ExtraPrefix); ok && v != "" {
				in.Extra[k] = v
			}
		}
	}
	if m.bibMoves() {
		// The bib shown is the old race's: left as it is, the store gives
		// one of the new race in the same save.
		in.Bib = ""
	}
	if m.editID == "" {
		// A walk-in registered at the desk gets the bib now: checked in.
		in.Status = string(model.CheckedIn)
		if in.Bib == "" {
			in.Bib = "auto"
		}
	}
	return in
}

// revalidate runs the shared validation over the whole input.
func (m *Model) revalidate() {
	_, err := model.Validate(m.ctx.Event(), m.input(), m.ctx.Now(), true)
	m.errs = nil
	if ve, ok := err.(model.ValidationError); ok {
		m.errs = ve
	}
}

func (m *Model) Update(message tea.Msg) (screen.Screen, tea.Cmd) {
	switch message := message.(type) {
	case screen.EditParticipantMsg:
		m.beginEdit(message.Participant)
		return m, nil
	case similarMsg:
		return m, tea.Batch(m.similarDone(message), m.drain())
	case savedMsg:
		return m, tea.Batch(m.saveDone(message), m.drain())
	case tea.KeyMsg:
		return m, m.key(message)
	}
	return m, nil
}

func (m *Model) key(k tea.KeyMsg) tea.Cmd {
	switch m.state {
	case checking, saving:
		// A store call is running; its answer decides what the keys
		// after it mean, so they wait for it (none is dropped).
		m.queue = append(m.queue, k)
		return nil
	case saved:
		return m.savedKey(k)
	case similar:
		return m.similarKey(k)
	case confirming:
		return m.confirmKey(k)
	}
	return m.editKey(k)
}

func (m *Model) editKey(k tea.KeyMsg) tea.Cmd {
	f := m.current()
	switch {
	case key.Matches(k, m.keys.Save):
		return m.submit()
	case key.Matches(k, m.keys.Next):
		if m.focus == len(m.visible())-1 && k.String() == "enter" {
			return m.submit()
		}
		m.leave(f)
		m.focusField(m.focus + 1)
		return nil
	case key.Matches(k, m.keys.Prev):
		m.leave(f)
		m.focusField(m.focus - 1)
		return nil
	case key.Matches(k, m.keys.Clear):
		if m.blank() {
			return nil
		}
		m.undo = m.snapshot()
		m.reset()
		m.setNotice(false, m.ctx.T(msg.FormCleared))
		return nil
	case key.Matches(k, m.keys.Undo):
		m.bringBack()
		return nil
	case key.Matches(k, m.keys.Back):
		if m.editID != "" {
			id := m.editID
			m.endEdit()
			return tea.Batch(screen.Send(screen.OpenParticipantMsg{ID: id}), screen.Switch(screen.CheckIn))
		}
		return screen.Switch(screen.CheckIn)
	}
	if f.isChoice() {
		switch {
		case key.Matches(k, m.keys.Left):
			f.cycle(-1)
		case key.Matches(k, m.keys.Right):
			f.cycle(1)
		case k.Type == tea.KeyRunes:
			f.pick(string(k.Runes))
		}
		m.revalidate()
		return nil
	}
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(k)
	m.revalidate()
	return cmd
}

// leave marks a field as visited, so its error shows from now on.
func (m *Model) leave(f *field) {
	if f.value() != "" {
		f.touched = true
	}
}

// submit validates everything and starts the save flow.
func (m *Model) submit() tea.Cmd {
	m.submitted = true
	m.revalidate()
	if len(m.errs) > 0 {
		m.focusFirstError()
		m.setNotice(true, m.ctx.T(msg.FixFields, len(m.errs)))
		return nil
	}
	m.notice = ""
	m.state = checking
	in, s, exclude := m.input(), m.ctx.Store, m.editID
	born, _ := model.ParseBirthDate(in.Born, m.ctx.Now())
	gender, _ := model.ParseGender(in.Gender)
	// A walk-in has no registration ID yet (in.ExternalID is empty); if
	// the form ever carries one, the same ID is a certain match.
	who := model.Person{First: in.First, Last: in.Last, Born: born, Gender: gender, ExternalID: in.ExternalID}
	return func() tea.Msg {
		// An edit is checked too (a name corrected into someone
		// else's), leaving out the runner being edited.
		ms, err := s.Similar(who, exclude)
		return similarMsg{found: ms, err: err}
	}
}

func (m *Model) focusFirstError() {
	for i, f := range m.visible() {
		if m.errs.For(f.name) != nil {
			m.focusField(i)
			return
		}
	}
}

type similarMsg struct {
	found []model.Match
	err   error
}

func (m *Model) similarDone(s similarMsg) tea.Cmd {
	if m.state != checking {
		return nil
	}
	if s.err != nil {
		m.state = editing
		m.setNotice(true, m.ctx.Err(s.err))
		return nil
	}
	if len(s.found) > 0 {
		m.similars, m.state = s.found, similar
		return nil
	}
	m.state = confirming
	return nil
}

func (m *Model) similarKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.OpenExisting):
		// The entry is put aside, not left in the form for the next
		// runner; ctrl+z brings it back.
		id := m.similars[0].Participant.ID
		aside := m.ctx.T(msg.UnsavedEntry, m.name())
		m.undo = m.snapshot()
		m.reset()
		m.setNotice(false, m.ctx.T(msg.EntryPutAside, aside))
		return tea.Batch(screen.Send(screen.OpenParticipantMsg{ID: id}), screen.Switch(screen.CheckIn))
	case key.Matches(k, m.keys.SaveAnyway):
		m.state = confirming
	case key.Matches(k, m.keys.Back):
		m.state = editing
	}
	return nil
}

func (m *Model) confirmKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.Confirm):
		m.state = saving
		return m.save()
	case key.Matches(k, m.keys.Back):
		m.state = editing
	}
	return nil
}

type savedMsg struct {
	p    model.Participant
	edit bool
	err  error
}

// save commits in a command; the screen says "saved" only after the
// store returned, which is after the transaction reached the disk.
func (m *Model) save() tea.Cmd {
	in, s, id := m.input(), m.ctx.Store, m.editID
	if id != "" {
		return func() tea.Msg {
			p, err := s.Edit(id, in)
			return savedMsg{p: p, edit: true, err: err}
		}
	}
	return func() tea.Msg {
		p, err := s.Register(in, store.RegisterOptions{Late: true})
		return savedMsg{p: p, err: err}
	}
}

func (m *Model) saveDone(s savedMsg) tea.Cmd {
	if s.err != nil {
		// Typed values stay; the error goes to its field where it has one.
		m.state = editing
		if ve, ok := s.err.(model.ValidationError); ok {
			m.errs = ve
		} else if fe, ok := s.err.(*model.FieldError); ok {
			m.errs = model.ValidationError{fe}
		}
		m.submitted = true
		m.focusFirstError()
		if e := m.errs.For(m.current().name); e != nil {
			// The line below the form says what is wrong with the field.
			m.setNotice(true, m.ctx.T(msg.FixFields, len(m.errs)))
		} else {
			m.setNotice(true, "✗ "+m.ctx.Err(s.err))
		}
		return nil
	}
	if s.edit {
		before := m.orig
		m.endEdit()
		if s.p.Bib != 0 && s.p.Bib != before.Bib && (before.Bib != 0 || s.p.Status == model.CheckedIn) {
			// The runner needs another bib: shown huge, its label printed,
			// then their card.
			m.last, m.movedFrom, m.backTo, m.state = s.p, before.Bib, s.p.ID, saved
			return screen.LabelCmd(m.ctx, s.p, false)
		}
		return tea.Batch(screen.Send(screen.OpenParticipantMsg{ID: s.p.ID}), screen.Switch(screen.CheckIn))
	}
	m.last, m.movedFrom = s.p, 0
	m.lastRace = m.fieldByName(model.FRace).sel
	m.reset()
	m.state = saved
	return screen.LabelCmd(m.ctx, s.p, false) // the new runner's label
}

// savedKey dismisses the big bib; a typed letter already starts the next
// runner's last name.
func (m *Model) savedKey(k tea.KeyMsg) tea.Cmd {
	m.state = editing
	if id := m.backTo; id != "" {
		// After an edit any key goes back to the card; a letter meant
		// for the card is not taken as an action there.
		m.backTo = ""
		return tea.Batch(screen.Send(screen.OpenParticipantMsg{ID: id}), screen.Switch(screen.CheckIn))
	}
	if k.Type == tea.KeyRunes || key.Matches(k, m.keys.Undo) {
		return m.editKey(k)
	}
	return nil
}

// snapshot takes the form's input.
func (m *Model) snapshot() *snapshot {
	s := &snapshot{editID: m.editID, values: make([]string, len(m.fields)), focus: m.focus}
	for i, f := range m.fields {
		s.values[i] = f.value()
	}
	return s
}

// bringBack puts the input last cleared or put aside back into the form.
// What the form holds then is kept in its place, so ctrl+z twice loses
// nothing either.
func (m *Model) bringBack() {
	if !m.canBringBack() {
		m.setNotice(false, m.ctx.T(msg.FormNothingBack))
		return
	}
	back := m.undo
	m.undo = nil
	if !m.blank() {
		m.undo = m.snapshot()
	}
	for i, f := range m.fields {
		f.set(back.values[i])
		f.touched = f.value() != ""
	}
	m.state, m.submitted, m.similars = editing, false, nil
	m.focusField(back.focus)
	m.revalidate()
	m.setNotice(false, m.ctx.T(msg.FormBack))
}

// blank reports whether the form holds no input: no text typed and every
// choice but the race (which stays for the next runner) at "–".
func (m *Model) blank() bool {
	for _, f := range m.visible() {
		if f.name == model.FRace {
			continue
		}
		if f.isChoice() && f.sel != 0 || !f.isChoice() && f.value() != "" {
			return false
		}
	}
	return true
}

// name is the runner typed in, "Müller, Jörg", for messages.
func (m *Model) name() string {
	last := strings.TrimSpace(m.fieldByName(model.FLast).value())
	first := strings.TrimSpace(m.fieldByName(model.FFirst).value())
	switch {
	case last != "" && first != "":
		return last + ", " + first
	case last+first != "":
		return last + first
	}
	return m.ctx.T(msg.UnsavedNoName)
}

// Unsaved says what quitting now would lose ("" nothing): the late entry
// being typed, or changes to the participant being edited (and the
// late entry kept aside while editing).
func (m *Model) Unsaved() string {
	if m.editID == "" {
		if m.blank() {
			return ""
		}
		return m.ctx.T(msg.UnsavedEntry, m.name())
	}
	var lost []string
	for i, f := range m.fields {
		if f.value() != m.editBase[i] {
			lost = append(lost, m.ctx.T(msg.UnsavedEdit, screen.Safe(m.orig.Last+", "+m.orig.First)))
			break
		}
	}
	if m.stash != nil {
		for i, f := range m.fields {
			if f.name != model.FRace && m.stash[i] != "" {
				lost = append(lost, m.ctx.T(msg.UnsavedEntry, stashName(m.fields, m.stash, m.ctx)))
				break
			}
		}
	}
	return strings.Join(lost, "; ")
}

// stashName is name() for the late entry kept aside during an edit.
func stashName(fields []*field, values []string, ctx *screen.Context) string {
	var last, first string
	for i, f := range fields {
		switch f.name {
		case model.FLast:
			last = strings.TrimSpace(values[i])
		case model.FFirst:
			first = strings.TrimSpace(values[i])
		}
	}
	switch {
	case last != "" && first != "":
		return last + ", " + first
	case last+first != "":
		return last + first
	}
	return ctx.T(msg.UnsavedNoName)
}

// Asking reports whether the screen waits for an answer to a question
// (the duplicate warning, the check before saving): the desk's global
// keys then go to the question.
func (m *Model) Asking() bool { return m.state == similar || m.state == confirming }

// bibMoves reports whether saving the edit moves the runner to another
// race with the bib shown still the old race's, so the store gives one
// of the new race.
func (m *Model) bibMoves() bool {
	if m.editID == "" || m.fieldByName(model.FRace).value() == m.orig.Race {
		return false
	}
	if m.orig.Bib == 0 && m.orig.Status != model.CheckedIn {
		return false
	}
	old := ""
	if m.orig.Bib != 0 {
		old = strconv.Itoa(m.orig.Bib)
	}
	return strings.TrimSpace(m.fieldByName(model.FBib).value()) == old
}

// reset empties the form for the next runner (the race picker stays).
func (m *Model) reset() {
	for _, f := range m.fields {
		f.set("")
		f.touched = false
	}
	m.fieldByName(model.FRace).sel = m.lastRace
	m.submitted, m.notice, m.similars = false, "", nil
	m.state = editing
	m.focusField(0)
	m.revalidate()
}

func (m *Model) fieldByName(name string) *field {
	for _, f := range m.fields {
		if f.name == name {
			return f
		}
	}
	return nil
}

// beginEdit fills the form with a participant, keeping the walk-in that
// was being typed for later.
func (m *Model) beginEdit(p model.Participant) {
	if m.editID == "" {
		m.stash = make([]string, len(m.fields))
		for i, f := range m.fields {
			m.stash[i] = f.value()
		}
	}
	m.editID, m.orig = p.ID, p
	bib := ""
	if p.Bib != 0 {
		bib = strconv.Itoa(p.Bib)
	}
	values := map[string]string{model.FFirst: p.First, model.FLast: p.Last, model.FBorn: p.Born.Display(),
		model.FGender: string(p.Gender), model.FRace: p.Race, model.FClub: p.Club, model.FEmail: p.Email,
		model.FPhone: p.Phone, model.FBib: bib}
	for k, v := range p.Extra {
		values[model.ExtraPrefix+k] = v
	}
	for _, f := range m.fields {
		f.set(values[f.name])
		f.touched = true
	}
	m.editBase = make([]string, len(m.fields))
	for i, f := range m.fields {
		m.editBase[i] = f.value()
	}
	m.state, m.notice, m.submitted = editing, "", false
	m.focusField(0)
	m.revalidate()
}

func (m *Model) endEdit() {
	m.editID, m.orig, m.editBase = "", model.Participant{}, nil
	for i, f := range m.fields {
		if m.stash != nil {
			f.set(m.stash[i])
		}
		f.touched = false
	}
	m.stash = nil
	m.state, m.submitted, m.notice = editing, false, ""
	m.focusField(0)
	m.revalidate()
}

func (m *Model) setNotice(bad bool, s string) { m.notice, m.noticeBad = s, bad }

// --- view ---

func (m *Model) View() string {
	st := m.ctx.Styles
	if m.state == saved {
		return m.savedView()
	}
	title := m.ctx.T(msg.LateRegistration)
	if m.editID != "" {
		title = m.ctx.T(msg.EditParticipant)
	}
	lines := []string{st.Title.Render(title)}
	for i, f := range m.visible() {
		lines = append(lines, m.fieldLine(i, f))
	}
	lines = append(lines, m.footerLines()...)
	return strings.Join(lines, "\n")
}

const labelWidth = 16

func (m *Model) fieldLine(i int, f *field) string {
	st := m.ctx.Styles
	marker := "  "
	if i == m.focus && m.state == editing {
		marker = "› "
	}
	label := fmt.Sprintf("%-*s", labelWidth, screen.Clip(f.label, labelWidth))
	var val string
	if f.isChoice() {
		c := f.choices[f.sel]
		val = "‹ " + c.label + " ›"
		if i == m.focus && m.state == editing {
			val = st.Selected.Render(val)
		}
		val += strings.Repeat(" ", max(0, inputWidth+1-lipgloss.Width(val)))
	} else {
		val = f.view(inputWidth, i == m.focus && m.state == editing)
		val += strings.Repeat(" ", max(0, inputWidth+1-lipgloss.Width(val)))
	}
	hint := m.hint(f)
	room := max(0, m.width-2-labelWidth-lipgloss.Width(val)-1)
	if room > 0 && hint != "" {
		hint = screen.Clip(hint, room)
	}
	if e := m.errs.For(f.name); e != nil && (f.touched || m.submitted) {
		hint = st.Bad.Render("✗ " + screen.Clip(msg.T(m.ctx.Lang, e.Key, e.Args...), max(1, room-2)))
	} else if hint != "" {
		hint = st.Dim.Render(hint)
	}
	if i == m.focus && m.state == editing {
		label = st.Value.Render(label)
	}
	return marker + label + val + " " + hint
}

// hint is the helpful text beside a field: what the birth date was
// understood as and the age class, the race's fee, the default amount.
func (m *Model) hint(f *field) string {
	ev := m.ctx.Event()
	race, _ := ev.Race(m.fieldByName(model.FRace).value())
	switch f.name {
	case model.FBorn:
		b, err := model.ParseBirthDate(f.value(), m.ctx.Now())
		if f.value() == "" || err != nil {
			return ""
		}
		h := "→ " + b.Display()
		if g, err := model.ParseGender(m.fieldByName(model.FGender).value()); err == nil && race != nil {
			if class := model.AgeClass(race, ev.Year(), b, g); class != "" {
				h += " · " + class
			}
		}
		return h
	case model.FRace:
		if race != nil && m.editID == "" {
			return m.ctx.T(msg.LateFee) + " " + model.FormatEuros(race.LateFeeCents)
		}
	case fieldAmount:
		if race != nil && m.fieldByName(fieldPaid).value() != "" && f.value() == "" {
			return "= " + model.FormatEuros(race.LateFeeCents)
		}
	case model.FBib:
		if f.value() == "" && m.editID == "" {
			return m.ctx.T(msg.BibAuto)
		}
		if m.bibMoves() && race != nil {
			return m.ctx.T(msg.BibWillMove, race.Name)
		}
	}
	return ""
}

func (m *Model) footerLines() []string {
	st := m.ctx.Styles
	var lines []string
	if m.notice != "" {
		style := st.Good
		if m.noticeBad {
			style = st.Bad
		}
		lines = append(lines, style.Render(m.notice))
	}
	if e := m.errs.For(m.current().name); e != nil && m.state == editing && (m.current().touched || m.submitted) {
		lines = append(lines, st.Bad.Render("✗ "+e.Localize(m.ctx.Lang)))
	}
	switch m.state {
	case checking:
		lines = append(lines, st.Dim.Render(m.ctx.T(msg.CheckingDuplicates)))
	case similar:
		lines = append(lines, m.similarLines()...)
	case confirming, saving:
		lines = append(lines, st.Warn.Render("! "+m.confirmText()))
	}
	return lines
}

// confirmText repeats what decides the ranking: birth date, gender, race,
// and the resulting class, plus the money.
func (m *Model) confirmText() string {
	in := m.input()
	ev := m.ctx.Event()
	race, _ := ev.MatchRace(in.Race)
	born, _ := model.ParseBirthDate(in.Born, m.ctx.Now())
	g, _ := model.ParseGender(in.Gender)
	class := "–"
	if race != nil {
		if c := model.AgeClass(race, ev.Year(), born, g); c != "" {
			class = c
		}
	}
	text := m.ctx.T(msg.ConfirmLine, born.Display(), m.ctx.T(msg.Key("gender."+string(g))), m.ctx.RaceName(in.Race), class)
	if m.editID == "" && race != nil {
		pay := m.ctx.T(msg.Due, model.FormatEuros(race.LateFeeCents))
		if in.Paid != "" {
			amount := race.LateFeeCents
			if c, err := model.ParseEuros(in.Amount); err == nil && strings.TrimSpace(in.Amount) != "" {
				amount = c
			}
			pay = m.ctx.T(msg.Paid) + " " + model.FormatEuros(amount) + " (" + m.ctx.T(msg.Key("pay."+in.Paid)) + ")"
		}
		text += " · " + pay
	}
	return text
}

func (m *Model) similarLines() []string {
	st := m.ctx.Styles
	lines := []string{st.Warn.Render("! " + m.ctx.T(msg.SimilarFound))}
	for i := range m.similars {
		p, why := &m.similars[i].Participant, m.similars[i].Reason.Text(m.ctx.Lang)
		if i == 3 {
			lines = append(lines, st.Dim.Render(fmt.Sprintf("  … +%d", len(m.similars)-3)))
			break
		}
		bib := m.ctx.T(msg.NoBib)
		if p.Bib != 0 {
			bib = m.ctx.T(msg.Bib) + " " + strconv.Itoa(p.Bib)
		}
		line := fmt.Sprintf("  %s, %s · %s · %s · %s · %s", screen.Safe(p.Last), screen.Safe(p.First), p.Born.Display(),
			screen.Safe(p.Race), bib, p.Status.Label(m.ctx.Lang))
		// Why the runner is shown: on the same line, or indented below it
		// when both do not fit.
		if m.width > 0 && lipgloss.Width(line)+3+lipgloss.Width(why) > m.width {
			lines = append(lines, line, st.Dim.Render("    "+why))
			continue
		}
		lines = append(lines, line+st.Dim.Render(" · "+why))
	}
	// What each key does, now: Enter takes the harmless path.
	return append(lines, st.Warn.Render("  "+m.ctx.T(msg.SimilarChoices)))
}

func (m *Model) savedView() string {
	st := m.ctx.Styles
	p := &m.last
	done := m.ctx.T(msg.SavedBib, p.Bib)
	if m.movedFrom != 0 {
		done = m.ctx.T(msg.SavedBibMoved, m.movedFrom, p.Bib, m.ctx.RaceName(p.Race))
	}
	next := m.ctx.T(msg.NextRunner)
	if m.backTo != "" {
		next = ""
	}
	lines := []string{
		st.Good.Render("✓ " + done),
		"",
		st.Big.Render(screen.BigNumber(strconv.Itoa(p.Bib))),
		"",
		st.Value.Render(screen.Safe(p.First+" "+p.Last)) + " · " + m.ctx.RaceName(p.Race) + " · " + m.ctx.AgeClass(p),
		"",
		st.Dim.Render(next),
	}
	return strings.Join(lines, "\n")
}

// ShortHelp and FullHelp show what the current state offers.
func (m *Model) ShortHelp() []key.Binding {
	switch m.state {
	case similar:
		return []key.Binding{m.keys.OpenExisting, m.keys.SaveAnyway, m.keys.Back}
	case confirming:
		return []key.Binding{m.keys.Confirm, m.keys.Back}
	case saved:
		if m.backTo != "" {
			return []key.Binding{m.keys.BackToCard}
		}
		return []key.Binding{m.keys.Continue}
	}
	if m.canBringBack() {
		// What clearing or "open existing" put aside can come back; the
		// line has room for that at 80 columns, not for ↑ as well.
		return []key.Binding{m.keys.Next, m.keys.Save, m.keys.Undo, m.keys.Back}
	}
	if m.current().isChoice() {
		return []key.Binding{m.keys.Next, m.keys.Left, m.keys.Save, m.keys.Back}
	}
	return []key.Binding{m.keys.Next, m.keys.Prev, m.keys.Save, m.keys.Back}
}

// canBringBack reports whether ctrl+z has something to bring back now.
func (m *Model) canBringBack() bool { return m.undo != nil && m.undo.editID == m.editID }

func (m *Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{{m.keys.Next, m.keys.Prev, m.keys.Left, m.keys.Save, m.keys.Clear, m.keys.Undo, m.keys.Back}}
}

// drain handles the keys typed while a store call ran, in order, until
// another call starts.
func (m *Model) drain() tea.Cmd {
	var cmds []tea.Cmd
	for len(m.queue) > 0 && m.state != checking && m.state != saving {
		k := m.queue[0]
		m.queue = m.queue[1:]
		cmds = append(cmds, m.key(k))
	}
	return tea.Batch(cmds...)
}
