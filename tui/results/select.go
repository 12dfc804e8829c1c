package results

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
)

// The selected row: the runner s prints a finish slip for.

// step is how far a key moves the selection: a row, or a page.
func (m *Model) step(k tea.KeyMsg) int {
	if s := k.String(); s == "pgup" || s == "pgdown" {
		return max(1, m.room)
	}
	return 1
}

// move moves the selection by d rows.
func (m *Model) move(d int) {
	rows := m.filtered(m.current())
	if len(rows) == 0 {
		return
	}
	i := min(max(0, selectedRow(rows, m.sel)+d), len(rows)-1)
	m.sel = rows[i].Bib
}

// selectedRow is the index of the row with bib sel (the first row when
// it is not shown).
func selectedRow(rows []model.Result, sel int) int {
	for i := range rows {
		if rows[i].Bib == sel {
			return i
		}
	}
	return 0
}

// selected is the result of the selected row.
func (m *Model) selected() (model.Result, bool) {
	rows := m.filtered(m.current())
	if len(rows) == 0 {
		return model.Result{}, false
	}
	return rows[selectedRow(rows, m.sel)], true
}
