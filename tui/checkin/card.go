package checkin

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
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
	// matches: for a phone registration, the runners it probably is
	// (registered online, then again on the phone).
	matches []model.Match
	width   int
	height  int

	notice     string          // what the last action did, in words
	noticeKind int             // noticeGood, noticeWarn, noticeBad
	bigBib     int             // shown huge after a check-in
	done       bool            // checked in on this card: Enter/Esc return to an empty search
	asking     ask             // the question on show (payment), if any
	busy       bool            // an action is running: keys wait for its answer
	failed     bool            // the runner could not be read
	reason     textinput.Model // why a deletion (askDeleteWhy)
	deletedNow bool            // deleted on this card: any key goes back
}

// settling reports whether keys must wait: the card is still being read,
// or an action on it has not answered yet. A volunteer who types Enter,
// Enter faster than the disk gets both, in order.
func (c *card) settling() bool { return (!c.loaded && !c.failed) || c.busy }

// ask is the question a card shows; its keys act only while it shows.
type ask int

const (
	askNone       ask = iota
	askPay            // ctrl+b: which way is the runner paying?
	askCheckInPay     // Enter on a runner who owes: check in and take the money how?
	askDeleteWhy      // F9: why is the runner deleted? (typed)
	askDelete         // the reason typed: y deletes
)

// outcome says what a key did to the card.
type outcome int

const (
	stay      outcome = iota
	close             // back to the search as it was
	next              // back to an empty search: the next runner
	typeAhead         // a letter or digit: it starts the next search
)

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
	matches []model.Match
	err     error
}

// actionMsg is the result of a store action on the card.
type actionMsg struct {
	id      string
	p       model.Participant
	checkIn *store.CheckInResult
	notice  string
	err     error
	deleted bool // the runner was deleted: the card goes
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
		return loadedMsg{id: id, p: p, history: h, twins: bibTwins(s, p), matches: pendingMatches(s, p)}
	}
}

// update handles a message and says what it did to the card.
func (c *card) update(message tea.Msg) (tea.Cmd, outcome) {
	switch message := message.(type) {
	case loadedMsg:
		if message.id != c.id {
			return nil, stay
		}
		if message.err != nil {
			c.failed = true
			c.setNotice(noticeBad, "✗ "+c.ctx.Err(message.err))
			return nil, stay
		}
		c.p, c.history, c.twins, c.matches, c.loaded = message.p, message.history, message.twins, message.matches, true
		return nil, stay
	case actionMsg:
		if message.id != c.id {
			return nil, stay
		}
		c.busy = false
		return c.actionDone(message), stay
	case tea.KeyMsg:
		return c.key(message)
	}
	return nil, stay
}

// printable reports whether k is typing (a letter, digit, space or mark
// of a name): it belongs to the next search, never to the card.
func printable(k tea.KeyMsg) bool {
	return (k.Type == tea.KeyRunes || k.Type == tea.KeySpace) && !k.Alt
}

func (c *card) key(k tea.KeyMsg) (tea.Cmd, outcome) {
	if c.asking != askNone {
		return c.answer(k), stay
	}
	switch {
	case printable(k):
		return nil, typeAhead
	case c.deletedNow:
		return nil, next // nothing left to act on
	case c.done && key.Matches(k, c.keys.NextRunner):
		return nil, next // the bib is handed out: back to the queue
	case key.Matches(k, c.keys.Back):
		return nil, close
	case c.busy || !c.loaded:
		return nil, stay
	case c.p.Status == model.Pending && len(c.matches) > 0 && key.Matches(k, c.keys.ItIsThem):
		// The phone entry is the runner registered already: withdraw it
		// and open theirs — no second runner, no second bib.
		c.busy = true
		return c.withdrawFor(c.matches[0].Participant), stay
	case key.Matches(k, c.keys.CheckIn, c.keys.NewRunner):
		if key.Matches(k, c.keys.NewRunner) && (c.p.Status != model.Pending || len(c.matches) == 0) {
			return nil, stay
		}
		if c.p.Status == model.CheckedIn {
			return nil, next
		}
		if c.due() > 0 {
			c.asking = askCheckInPay // money first: never checked in unpaid by Enter alone
			return nil, stay
		}
		c.busy = true
		return c.checkIn(""), stay
	case key.Matches(k, c.keys.Pay):
		c.asking = askPay
	case key.Matches(k, c.keys.Edit):
		p := c.p
		return tea.Batch(screen.Send(screen.EditParticipantMsg{Participant: p}), screen.Switch(screen.Register)), stay
	case key.Matches(k, c.keys.DNS):
		c.busy = true
		return c.toggleDNS(), stay
	case key.Matches(k, c.keys.Label):
		return screen.LabelCmd(c.ctx, c.p, true), stay
	case key.Matches(k, c.keys.Delete):
		c.reason = textinput.New()
		c.reason.Prompt = "› "
		c.reason.Placeholder = c.ctx.T(msg.DeleteReasonHint)
		c.reason.CharLimit = 120
		c.reason.Cursor.SetMode(cursor.CursorStatic)
		c.reason.Focus()
		c.asking = askDeleteWhy
	}
	return nil, stay
}

// answer takes a key while a payment question shows: a digit chooses,
// Esc goes back; anything else is ignored (the question stays).
func (c *card) answer(k tea.KeyMsg) tea.Cmd {
	if key.Matches(k, c.keys.Back) {
		c.asking = askNone
		return nil
	}
	switch c.asking {
	case askDeleteWhy:
		if k.Type == tea.KeyEnter {
			if strings.TrimSpace(c.reason.Value()) != "" {
				c.asking = askDelete
			}
			return nil
		}
		var cmd tea.Cmd
		c.reason, cmd = c.reason.Update(k)
		return cmd
	case askDelete:
		if !key.Matches(k, c.keys.Yes) {
			return nil // the question stays until y or esc
		}
		c.asking, c.busy = askNone, true
		s, id, why := c.ctx.Store, c.id, c.reason.Value()
		notice := c.ctx.T(msg.DeletedNotice, c.p.FullName())
		return func() tea.Msg {
			p, err := s.Delete(id, why)
			return actionMsg{id: id, p: p, notice: notice, err: err, deleted: true}
		}
	}
	var method model.PayMethod
	switch {
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
	asked := c.asking
	c.asking, c.busy = askNone, true
	if asked == askCheckInPay {
		return c.checkIn(method)
	}
	s, id := c.ctx.Store, c.id
	notice := c.ctx.T(msg.PaymentSaved)
	return func() tea.Msg {
		p, err := s.TakePayment(id, method, -1)
		return actionMsg{id: id, p: p, notice: notice, err: err}
	}
}

// due is what the runner still owes.
func (c *card) due() int {
	r, ok := c.ctx.Event().Race(c.p.Race)
	if !ok {
		return 0
	}
	return model.Due(r, &c.p)
}

// checkIn checks the runner in, taking the payment in the same
// transaction (method "": none asked, nothing due).
func (c *card) checkIn(method model.PayMethod) tea.Cmd {
	s, id := c.ctx.Store, c.id
	return func() tea.Msg {
		res, err := s.CheckInPaying(id, method)
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
		c.setNotice(noticeWarn, "! "+c.ctx.T(msg.AlreadyCheckedIn, clock(a.p.CheckedInAt), screen.Safe(a.p.CheckedInDesk)))
		c.done = true
	case a.checkIn != nil:
		c.bigBib = a.p.Bib
		c.done = true
		c.setNotice(checkInNotice(c.ctx, a.p))
		// Every check-in prints the runner's label (when a printer is set up).
		return tea.Batch(c.reload(), screen.LabelCmd(c.ctx, a.p, false))
	case a.deleted:
		c.deletedNow = true
		c.setNotice(noticeGood, "✓ "+a.notice)
		return nil
	default:
		c.setNotice(noticeGood, "✓ "+a.notice+" · "+c.ctx.T(msg.UndoHint))
	}
	return c.reload()
}

// checkInNotice says what a check-in did: the bib to hand out, and the
// money — taken at the desk, or still due because the runner pays later.
func checkInNotice(ctx *screen.Context, p model.Participant) (int, string) {
	text := ctx.T(msg.CheckedInBib, p.Bib)
	r, ok := ctx.Event().Race(p.Race)
	switch {
	case ok && model.Due(r, &p) > 0:
		return noticeWarn, "! " + text + " · " + ctx.T(msg.PaysLater, model.FormatEuros(model.Due(r, &p)))
	case p.Paid() && (p.PayMethod == model.Cash || p.PayMethod == model.Card):
		return noticeGood, "✓ " + text + " · " + ctx.T(msg.PaidNow, model.FormatEuros(p.PaidCents), payMethodLabel(ctx, p.PayMethod))
	}
	return noticeGood, "✓ " + text
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
	shown := screen.SafeParticipant(c.p) // data, before any styling
	p := &shown
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
		for i, m := range c.matches {
			if i == 2 {
				break
			}
			mp := screen.SafeParticipant(m.Participant)
			who := mp.Last + ", " + mp.First + " · " + c.ctx.RaceName(mp.Race) + " · " + mp.Born.Display()
			if m.Participant.Bib != 0 {
				who += " · " + t(msg.Bib) + " " + strconv.Itoa(m.Participant.Bib)
			}
			lines = append(lines, st.Bad.Render(screen.Clip("! "+t(msg.PendingMatch, who, m.Reason.Text(c.ctx.Lang)), c.width)))
		}
		if len(c.matches) > 0 {
			lines = append(lines, st.Warn.Render(screen.Clip(t(msg.PendingMatchHelp), c.width)))
		}
	}
	if len(c.twins) > 0 {
		lines = append(lines, st.Bad.Render("! "+t(msg.BibTwins, p.Bib, screen.Safe(strings.Join(c.twins, ", ")))))
	}
	lines = append(lines, "")
	if c.notice != "" {
		style := []lipgloss.Style{st.Good, st.Warn, st.Bad}[c.noticeKind]
		lines = append(lines, style.Render(screen.Safe(c.notice)))
	}
	switch c.asking {
	case askPay:
		lines = append(lines, st.Warn.Render(t(msg.PayPrompt, c.dueText())))
	case askCheckInPay:
		lines = append(lines, st.Warn.Render(t(msg.CheckInPayPrompt, c.dueText())))
	case askDeleteWhy:
		lines = append(lines, st.Bad.Render(screen.Clip(t(msg.DeleteWhy, p.FullName()), c.width)), c.reason.View())
	case askDelete:
		lines = append(lines, st.Bad.Render(screen.Clip(t(msg.DeleteConfirm, p.FullName(), c.reason.Value()), c.width)))
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
	return model.FieldLabel(c.ctx.Lang, name, nil) + ": " + c.ctx.Styles.Value.Render(screen.Safe(value))
}

func (c *card) statusText() string {
	p := &c.p
	s := p.Status.Label(c.ctx.Lang)
	if p.Status == model.CheckedIn && p.CheckedInAt != "" {
		s += " " + c.ctx.T(msg.AtDesk, clock(screen.Safe(p.CheckedInAt)), screen.Safe(p.CheckedInDesk))
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
		parts = append(parts, label+": "+c.ctx.Styles.Value.Render(screen.Safe(v)))
	}
	return strings.Join(parts, "  ")
}

// historyLines renders the newest changes first, as many as fit.
func (c *card) historyLines(room int) []string {
	st := c.ctx.Styles
	lines := []string{st.Title.Render(c.ctx.T(msg.History))}
	for i := len(c.history) - 1; i >= 0 && len(lines) < room; i-- {
		line := screen.HistoryLine(c.ctx.Lang, c.history[i])
		lines = append(lines, screen.Clip(line, max(20, c.width-1)))
	}
	return lines
}

func (c *card) shortHelp() []key.Binding {
	switch {
	case c.asking == askPay:
		return []key.Binding{c.keys.Cash, c.keys.Card, c.keys.Online, c.keys.Unpaid, c.keys.Back}
	case c.asking == askCheckInPay:
		return []key.Binding{c.keys.Cash, c.keys.Card, c.keys.Online, c.keys.PayLater, c.keys.Back}
	case c.asking == askDeleteWhy:
		return []key.Binding{c.keys.ReasonDone, c.keys.Back}
	case c.asking == askDelete:
		return []key.Binding{c.keys.YesDelete, c.keys.Back}
	case c.done:
		return []key.Binding{c.keys.NextRunner, c.keys.TypeAhead, c.keys.Pay, c.keys.Undo, c.keys.Label}
	case c.p.Status == model.Pending && len(c.matches) > 0:
		return []key.Binding{c.keys.ItIsThem, c.keys.NewRunner, c.keys.TypeAhead, c.keys.Back}
	}
	return []key.Binding{c.keys.CheckIn, c.keys.TypeAhead, c.keys.Pay, c.keys.Edit, c.keys.DNS, c.keys.Undo, c.keys.Delete, c.keys.Back}
}

func genderLabel(ctx *screen.Context, g model.Gender) string {
	return ctx.T(msg.Key("gender." + string(g)))
}

func payMethodLabel(ctx *screen.Context, m model.PayMethod) string {
	return screen.PayMethodLabel(ctx.Lang, m)
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

// pendingMatches are the runners a phone registration probably is (none
// for any other participant).
func pendingMatches(s *store.Store, p model.Participant) []model.Match {
	if p.Status != model.Pending {
		return nil
	}
	ms, err := s.Similar(model.PersonOf(&p), p.ID)
	if err != nil {
		return nil
	}
	out := ms[:0]
	for _, m := range ms {
		if m.Participant.Status != model.Withdrawn {
			out = append(out, m)
		}
	}
	return out
}

// withdrawnMsg says a phone entry was withdrawn for the runner it is.
type withdrawnMsg struct {
	id, match string
	notice    string
	err       error
}

// withdrawFor withdraws this phone entry: it is the runner them.
func (c *card) withdrawFor(them model.Participant) tea.Cmd {
	s, id, code := c.ctx.Store, c.id, c.p.Code
	notice := c.ctx.T(msg.WithdrawnNotice, code, them.FullName())
	return func() tea.Msg {
		_, err := s.Withdraw(id)
		return withdrawnMsg{id: id, match: them.ID, notice: notice, err: err}
	}
}
