package checkin

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

// undoState is ctrl+z on the check-in screen: the newest of this desk's
// own changes to a runner (a check-in, a payment, DNS, an edit) not yet
// undone here is named, and y puts it back — as a new change, so the undo
// syncs like any other.
type undoState struct {
	loading bool
	offer   *undoOffer // the question on show
	done    map[uint64]bool
}

type undoOffer struct {
	change store.Change
	what   string // "Müller, Jörg: status checked in, bib 400"
}

func (u *undoState) asking() bool { return u.offer != nil }

func (u *undoState) question(ctx *screen.Context) string {
	if u.offer == nil {
		return ""
	}
	return "? " + ctx.T(msg.UndoPrompt, screen.Safe(u.offer.what))
}

// undoListMsg carries this desk's recent changes, described.
type undoListMsg struct {
	offers []undoOffer
	err    error
}

// undoneMsg says what an undo did.
type undoneMsg struct {
	what string
	p    model.Participant
	kept []string
	err  error
}

// startUndo reads what this desk could undo, in a command.
func (m *Model) startUndo() tea.Cmd {
	if m.undo.loading {
		return nil
	}
	m.undo.loading = true
	s, ctx := m.ctx.Store, m.ctx
	return func() tea.Msg {
		recent, err := s.RecentOwn(50)
		if err != nil {
			return undoListMsg{err: err}
		}
		offers := make([]undoOffer, 0, len(recent))
		for _, ch := range recent {
			p, err := s.Get(ch.ID)
			if err != nil {
				continue
			}
			offers = append(offers, undoOffer{change: ch, what: p.FullName() + ": " + screen.ChangeSummary(ctx.Lang, ch)})
		}
		return undoListMsg{offers: offers}
	}
}

func (m *Model) updateUndo(message tea.Msg) tea.Cmd {
	switch message := message.(type) {
	case undoListMsg:
		m.undo.loading = false
		if message.err != nil {
			m.setNotice(noticeBad, "✗ "+m.ctx.Err(message.err))
			return nil
		}
		for i := range message.offers {
			if !m.undo.done[message.offers[i].change.Seq] {
				m.undo.offer = &message.offers[i]
				return nil
			}
		}
		m.setNotice(noticeWarn, "! "+m.ctx.T(msg.UndoNothing))
	case undoneMsg:
		if message.err != nil {
			m.setNotice(noticeBad, "✗ "+m.ctx.Err(message.err))
			return nil
		}
		if len(message.kept) > 0 {
			labels := make([]string, len(message.kept))
			for i, f := range message.kept {
				labels[i] = model.FieldLabel(m.ctx.Lang, f, nil)
			}
			m.setNotice(noticeWarn, "! "+m.ctx.T(msg.UndoneKept, message.what, strings.Join(labels, ", ")))
		} else {
			m.setNotice(noticeGood, "✓ "+m.ctx.T(msg.Undone, message.what))
		}
	}
	return nil
}

// undoKey answers the undo question: y undoes, Esc (or n) keeps.
func (m *Model) undoKey(k tea.KeyMsg) tea.Cmd {
	offer := m.undo.offer
	switch {
	case key.Matches(k, m.keys.Yes):
	case key.Matches(k, m.keys.Keep):
		m.undo.offer = nil
		return nil
	default:
		return nil // the question stays until it is answered
	}
	m.undo.offer = nil
	if m.undo.done == nil {
		m.undo.done = map[uint64]bool{}
	}
	m.undo.done[offer.change.Seq] = true
	s, seq, what := m.ctx.Store, offer.change.Seq, offer.what
	return func() tea.Msg {
		p, kept, err := s.Revert(seq)
		return undoneMsg{what: what, p: p, kept: kept, err: err}
	}
}

// setNotice shows a notice on the card if one is open, else on the
// search screen.
func (m *Model) setNotice(kind int, text string) {
	if m.card != nil {
		m.card.setNotice(kind, text)
		return
	}
	m.noticeKind, m.notice = kind, text
}
