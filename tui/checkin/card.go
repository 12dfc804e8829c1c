package checkin

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

// card is one participant's card: every field, the age class, payment,
// status, the actions and the history from the change log.
type card struct {
	ctx     *screen.Context
	keys    keys
	id      string
	p       model.Participant
	loaded  bool
	history []store.Change
	twins   []string // others holding the same bib (after a sync merge)
	width   int
	height  int

	notice     string // what the last action did, in words
	noticeKind int    // noticeGood, noticeWarn, noticeBad
	bigBib     int    // shown huge after a check-in
	done       bool   // checked in on this card: Enter/Esc return to an empty search
	paying     bool   // choosing a payment method
	busy       bool   // an action is running; ignore repeated keys
}

const (
	noticeGood = iota
	noticeWarn
	noticeBad
)

func newCard(ctx *screen.Context, k keys, id string) *card {
	return &card{ctx: ctx, keys: k, id: id}
}

func (c *card) setSize(w, h int) { c.width, c.height = w, h }

// loadedMsg carries a freshly read participant and history.
type loadedMsg struct {
	id      string
	p       model.Participant
	history []store.Change
	twins   []string
	err     error
}

// actionMsg is the result of a store action on the card.
type actionMsg struct {
	id      string
	p       model.Participant
	checkIn *store.CheckInResult
	notice  string
	err     error
}

func (c *card) reload() tea.Cmd {
	s, id := c.ctx.Store, c.id
	return func() tea.Msg {
		p, err := s.Get(id)
		if err != nil {
			return loadedMsg{id: id, err: err}
		}
		h, err := s.History(id)
		if err != nil {
			return loadedMsg{id: id, err: err}
		}
		return loadedMsg{id: id, p: p, history: h, twins: bibTwins(s, p)}
	}
}

// update handles a message; closed reports that the card is done.
func (c *card) update(message tea.Msg) (cmd tea.Cmd, closed bool) {
	switch message := message.(type) {
	case loadedMsg:
		if message.id != c.id {
			return nil, false
		}
		if message.err != nil {
			c.setNotice(noticeBad, "✗ "+c.ctx.Err(message.err))
			return nil, false
		}
		c.p, c.history, c.twins, c.loaded = message.p, message.history, message.twins, true
		return nil, false
	case actionMsg:
		if message.id != c.id {
			return nil, false
		}
		c.busy = false
		return c.actionDone(message), false
	case tea.KeyMsg:
		return c.key(message)
	}
	return nil, false
}

func (c *card) key(k tea.KeyMsg) (tea.Cmd, bool) {
	if c.paying {
		return c.payKey(k), false
	}
	switch {
	case key.Matches(k, c.keys.Back):
		return nil, true
	case c.done && key.Matches(k, c.keys.Open):
		// The bib is handed out: back to the queue.
		return nil, true
	case c.done && key.Matches(k, c.keys.Label):
		return screen.LabelCmd(c.ctx, c.p, true), false
	case c.busy || !c.loaded:
		return nil, false
	case key.Matches(k, c.keys.CheckIn):
		c.busy = true
		return c.checkIn(), false
	case key.Matches(k, c.keys.Pay):
		c.paying = true
	case key.Matches(k, c.keys.Edit):
		p := c.p
		return tea.Batch(screen.Send(screen.EditParticipantMsg{Participant: p}), screen.Switch(screen.Register)), false
	case key.Matches(k, c.keys.DNS):
		c.busy = true
		return c.toggleDNS(), false
	case key.Matches(k, c.keys.Label):
		return screen.LabelCmd(c.ctx, c.p, true), false
	}
	return nil, false
}

func (c *card) payKey(k tea.KeyMsg) tea.Cmd {
	var method model.PayMethod
	switch {
	case key.Matches(k, c.keys.Back):
		c.paying = false
		return nil
	case key.Matches(k, c.keys.Cash):
		method = model.Cash
	case key.Matches(k, c.keys.Card):
		method = model.Card
	case key.Matches(k, c.keys.Online):
		method = model.Online
	case key.Matches(k, c.keys.Unpaid):
		method = model.Unpaid
	default:
		return nil
	}
	c.paying, c.busy = false, true
	s, id := c.ctx.Store, c.id
	notice := c.ctx.T(msg.PaymentSaved)
	return func() tea.Msg {
		p, err := s.TakePayment(id, method, -1)
		return actionMsg{id: id, p: p, notice: notice, err: err}
	}
}

func (c *card) checkIn() tea.Cmd {
	s, id := c.ctx.Store, c.id
	return func() tea.Msg {
		res, err := s.CheckIn(id)
		return actionMsg{id: id, p: res.Participant, checkIn: &res, err: err}
	}
}

func (c *card) toggleDNS() tea.Cmd {
	s, id := c.ctx.Store, c.id
	st, notice := model.DNS, c.ctx.T(msg.MarkedDNS)
	if c.p.Status == model.DNS {
		st, notice = model.Registered, c.ctx.T(msg.UnmarkedDNS)
	}
	return func() tea.Msg {
		p, err := s.SetStatus(id, st)
		return actionMsg{id: id, p: p, notice: notice, err: err}
	}
}

// actionDone shows what an action did. The store has committed before the
// message arrives, so "saved" on screen means saved on disk.
func (c *card) actionDone(a actionMsg) tea.Cmd {
	if a.err != nil {
		c.setNotice(noticeBad, "✗ "+c.ctx.Err(a.err))
		return nil
	}
	c.p = a.p
	switch {
	case a.checkIn != nil && a.checkIn.Already:
		c.setNotice(noticeWarn, "! "+c.ctx.T(msg.AlreadyCheckedIn, clock(a.p.CheckedInAt), a.p.CheckedInDesk))
		c.done = true
	case a.checkIn != nil:
		c.bigBib = a.p.Bib
		c.done = true
		c.setNotice(noticeGood, "✓ "+c.ctx.T(msg.CheckedInBib, a.p.Bib))
		// Every check-in prints the runner's label (when a printer is set up).
		return tea.Batch(c.reload(), screen.LabelCmd(c.ctx, a.p, false))
	default:
		c.setNotice(noticeGood, "✓ "+a.notice)
	}
	return c.reload()
}

func (c *card) setNotice(kind int, text string) { c.noticeKind, c.notice = kind, text }

// clock shows an RFC 3339 time as 09:12 (with the date when not today).
func clock(rfc string) string {
	t, err := time.Parse(time.RFC3339, rfc)
	if err != nil {
		return rfc
	}
	return t.Local().Format("15:04")
}

func (c *card) view() string {
	st := c.ctx.Styles
	if !c.loaded {
		if c.notice != "" {
			return st.Bad.Render(c.notice)
		}
		return st.Dim.Render("…")
	}
	p := &c.p
	t := c.ctx.T
	var lines []string
	bib := t(msg.NoBib)
	if p.Bib != 0 {
		bib = t(msg.Bib) + " " + strconv.Itoa(p.Bib)
	}
	lines = append(lines, st.Title.Render(p.Last+", "+p.First)+"   "+st.Value.Render(bib))
	class := c.ctx.AgeClass(p)
	if class == "" {
		class = "–"
	}
	lines = append(lines, fmt.Sprintf("%s · %s %s · %s %s · %s", c.ctx.RaceName(p.Race), t(msg.AgeClass),
		st.Value.Render(class), t(msg.Born), p.Born.Display(), genderLabel(c.ctx, p.Gender)))
	lines = append(lines, c.field(model.FClub, p.Club)+"  "+c.field(model.FEmail, p.Email)+"  "+c.field(model.FPhone, p.Phone))
	lines = append(lines, c.field(model.FStatus, c.statusText())+"  "+t(msg.Payment)+": "+c.payText())
	if extra := c.extraText(); extra != "" {
		lines = append(lines, extra)
	}
	if p.ExternalID != "" || p.Source != "" {
		lines = append(lines, st.Dim.Render(c.field(model.FExternalID, p.ExternalID)+"  "+c.field(model.FSource, string(p.Source))))
	}
	if p.Status == model.Pending {
		lines = append(lines, st.Warn.Render("! "+t(msg.PendingHelp, p.Code)))
	}
	if len(c.twins) > 0 {
		lines = append(lines, st.Bad.Render("! "+t(msg.BibTwins, p.Bib, strings.Join(c.twins, ", "))))
	}
	lines = append(lines, "")
	if c.notice != "" {
		style := []lipgloss.Style{st.Good, st.Warn, st.Bad}[c.noticeKind]
		lines = append(lines, style.Render(c.notice))
	}
	if c.paying {
		lines = append(lines, st.Warn.Render(t(msg.PayPrompt, c.dueText())))
	}
	if c.bigBib != 0 {
		lines = append(lines, st.Big.Render(screen.BigNumber(strconv.Itoa(c.bigBib))))
	}
	used := lipgloss.Height(strings.Join(lines, "\n"))
	if room := c.height - used - 2; room > 0 {
		lines = append(lines, c.historyLines(room)...)
	}
	return strings.Join(lines, "\n")
}

func (c *card) field(name, value string) string {
	if value == "" {
		value = "–"
	}
	return model.FieldLabel(c.ctx.Lang, name, nil) + ": " + c.ctx.Styles.Value.Render(value)
}

func (c *card) statusText() string {
	p := &c.p
	s := p.Status.Label(c.ctx.Lang)
	if p.Status == model.CheckedIn && p.CheckedInAt != "" {
		s += " " + c.ctx.T(msg.AtDesk, clock(p.CheckedInAt), p.CheckedInDesk)
	}
	return s
}

func (c *card) dueText() string {
	r, ok := c.ctx.Event().Race(c.p.Race)
	if !ok {
		return ""
	}
	return model.FormatEuros(model.Due(r, &c.p))
}

func (c *card) payText() string {
	st, p, t := c.ctx.Styles, &c.p, c.ctx.T
	r, ok := c.ctx.Event().Race(p.Race)
	paid := ""
	if p.Paid() {
		paid = t(msg.Paid) + " " + model.FormatEuros(p.PaidCents) + " (" + payMethodLabel(c.ctx, p.PayMethod) + ")"
	}
	if ok && model.Due(r, p) > 0 {
		due := st.Warn.Render("! " + t(msg.Due, model.FormatEuros(model.Due(r, p))))
		if paid != "" {
			return paid + " · " + due
		}
		return due
	}
	if paid == "" {
		return st.Good.Render("✓ " + t(msg.NothingDue))
	}
	return st.Good.Render("✓ " + paid)
}

func (c *card) extraText() string {
	var parts []string
	for _, f := range c.ctx.Event().ExtraFields {
		label := f.Label
		if c.ctx.Lang == msg.EN && f.LabelEN != "" {
			label = f.LabelEN
		}
		v := c.p.Extra[f.Key]
		if v == "" {
			v = "–"
		}
		parts = append(parts, label+": "+c.ctx.Styles.Value.Render(v))
	}
	return strings.Join(parts, "  ")
}

// historyLines renders the newest changes first, as many as fit.
func (c *card) historyLines(room int) []string {
	st := c.ctx.Styles
	lines := []string{st.Title.Render(c.ctx.T(msg.History))}
	for i := len(c.history) - 1; i >= 0 && len(lines) < room; i-- {
		ch := c.history[i]
		when := ch.HLC.Time().Local().Format("02.01. 15:04")
		line := fmt.Sprintf("%s %-8s %s", when, screen.Clip(ch.Desk, 8), c.changeText(ch))
		lines = append(lines, screen.Clip(line, max(20, c.width-1)))
	}
	return lines
}

func (c *card) changeText(ch store.Change) string {
	parts := make([]string, 0, len(ch.Fields))
	for _, f := range ch.Fields {
		if f.Field == model.FCheckedInAt || f.Field == model.FCheckedInDesk {
			continue // the entry's own time and desk say it
		}
		v := f.Value
		switch {
		case v == "":
			v = "–"
		case f.Field == model.FBorn:
			if b, err := model.ParseISOBirthDate(v); err == nil {
				v = b.Display()
			}
		case f.Field == model.FStatus:
			v = model.Status(v).Label(c.ctx.Lang)
		}
		parts = append(parts, model.FieldLabel(c.ctx.Lang, f.Field, nil)+" "+v)
	}
	prefix := ""
	if ch.Op == store.OpCreate {
		prefix = c.ctx.T(msg.Created) + ": "
	}
	return prefix + strings.Join(parts, ", ")
}

func (c *card) shortHelp() []key.Binding {
	if c.paying {
		return []key.Binding{c.keys.Cash, c.keys.Card, c.keys.Online, c.keys.Unpaid, c.keys.Back}
	}
	if c.done {
		return []key.Binding{c.keys.NextRunner, c.keys.Pay, c.keys.Edit, c.keys.Label}
	}
	return []key.Binding{c.keys.CheckIn, c.keys.Pay, c.keys.Edit, c.keys.DNS, c.keys.Back, c.keys.Label}
}

func genderLabel(ctx *screen.Context, g model.Gender) string {
	return ctx.T(msg.Key("gender." + string(g)))
}

func payMethodLabel(ctx *screen.Context, m model.PayMethod) string {
	return ctx.T(msg.Key("pay." + string(m)))
}

// bibTwins names the others holding p's bib in its race: two desks gave
// it out offline, and a person must give one of them another bib.
func bibTwins(s *store.Store, p model.Participant) []string {
	if p.Bib == 0 {
		return nil
	}
	conflicts, err := s.BibConflicts()
	if err != nil {
		return nil
	}
	var names []string
	for _, c := range conflicts {
		if c.Race != p.Race || c.Bib != p.Bib {
			continue
		}
		for _, id := range c.Holders {
			if id == p.ID {
				continue
			}
			if o, err := s.Get(id); err == nil {
				names = append(names, o.FullName())
			}
		}
	}
	return names
}
