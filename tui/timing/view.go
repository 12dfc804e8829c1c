package timing

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/tui/screen"
)

func (m *Model) View() string {
	st := m.ctx.Styles
	t := m.ctx.T
	lines := []string{st.Title.Render(t(msg.TabTiming)) + "   " + st.Value.Render(m.ctx.Stopwatch().Format("15:04:05"))}
	lines = append(lines, m.startsLine())
	entry := t(msg.BibColumn) + " " + st.Selected.Render(" "+m.bib.View()+" ")
	if w := m.waiting(); len(w) > 0 {
		entry += "  " + st.Warn.Render("! "+t(msg.StampsWaiting, len(w), time.UnixMilli(w[0].At).Format("15:04:05.0")))
	}
	lines = append(lines, entry)
	if p := &m.prompt; p.kind != promptNone {
		lines = append(lines, st.Warn.Render(screen.Clip("? "+p.label, max(20, m.width))))
		if p.typing {
			lines = append(lines, p.input.View())
		} else {
			// The answers, from the same bindings as the help line.
			var keys []string
			for _, b := range m.promptKeys() {
				keys = append(keys, b.Help().Key+" "+b.Help().Desc)
			}
			lines = append(lines, st.Warn.Render("  "+strings.Join(keys, " · ")))
		}
	}
	if m.notice != "" {
		style := st.Good
		if m.bad {
			style = st.Bad
		}
		lines = append(lines, style.Render(m.notice))
	}
	lines = append(lines, st.Dim.Render(fmt.Sprintf(" %5s %-11s %5s  %-24s %-7s %s", t(msg.TimingNumberColumn), t(msg.TimeColumn), t(msg.BibColumn), t(msg.Name), t(msg.Race), "")))
	rows := m.rows()
	room := max(1, m.height-len(lines))
	start := 0
	if m.cursor >= room {
		start = m.cursor - room + 1
	}
	flags := m.rowFlags()
	// Rows are newest first, pending ones on top; stored finishes are
	// numbered in time order from 1 (voided ones too).
	stored := 0
	for _, r := range m.recs {
		if r.Event.Kind == model.KindFinish {
			stored++
		}
	}
	pendingRows := len(rows) - stored
	for i := start; i < len(rows) && i < start+room; i++ {
		n := 0
		if i >= pendingRows {
			n = stored - (i - pendingRows)
		}
		line := m.row(rows[i], n, flags)
		if i == m.cursor {
			line = st.Selected.Render("›" + line[1:])
		} else if rows[i].Voided {
			line = st.Dim.Render(line)
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// startsLine shows each race's start; the selected race (for g and s) is
// bracketed.
func (m *Model) startsLine() string {
	starts := model.RaceStarts(m.recs)
	var parts []string
	for i, r := range m.ctx.Event().Races {
		s := r.ID + " –"
		if rec, ok := starts[r.ID]; ok {
			s = r.ID + " " + time.UnixMilli(rec.At).Format("15:04:05.0")
		}
		if i == m.race {
			s = m.ctx.Styles.Selected.Render("[" + s + "]")
		}
		parts = append(parts, s)
	}
	return m.ctx.T(msg.Start) + ": " + strings.Join(parts, " · ")
}

// rowFlags finds bibs finished twice (first counts) and unknown bibs.
func (m *Model) rowFlags() map[string]string {
	flags := map[string]string{}
	first := map[int]string{}
	for _, r := range m.recs { // oldest first
		if r.Event.Kind != model.KindFinish || r.Voided || r.Bib == 0 {
			continue
		}
		if _, known := m.data.raceOf[r.Bib]; !known {
			flags[r.Event.ID] = m.ctx.T(msg.FlagUnknown)
			continue
		}
		if _, seen := first[r.Bib]; seen {
			flags[r.Event.ID] = m.ctx.T(msg.FlagTwice)
		}
		first[r.Bib] = r.Event.ID
	}
	return flags
}

func (m *Model) row(r model.TimingRecord, n int, flags map[string]string) string {
	name, race := "", m.data.raceOf[r.Bib]
	if r.Bib != 0 {
		name = m.data.name(race, r.Bib)
	}
	note := ""
	switch {
	case m.isPending(r.Event.ID):
		note = "…"
	case r.Voided:
		note = m.ctx.T(msg.Voided)
	case r.Bib == 0:
		name = "… " + m.ctx.T(msg.WaitsForBib)
	case flags[r.Event.ID] != "":
		note = "! " + flags[r.Event.ID]
	case r.Corrected:
		note = m.ctx.T(msg.Corrected)
	}
	num := ""
	if n > 0 {
		num = "#" + strconv.Itoa(n)
	}
	return fmt.Sprintf(" %5s %-11s %5s  %-24s %-7s %s", num, time.UnixMilli(r.At).Format("15:04:05.0"), bibText(r.Bib),
		screen.Clip(screen.Safe(name), 24), screen.Clip(screen.Safe(race), 7), note)
}
