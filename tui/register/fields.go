package register

import (
	"github.com/charmbracelet/lipgloss"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/tui/screen"
)

// Names of the form's own fields that are not participant fields.
const (
	fieldPaid   = model.FPayMethod
	fieldAmount = model.FPaidCents
)

// choice is one option of a choice field.
type choice struct{ value, label string }

// field is one row of the form: a text input or a choice. Its name is the
// participant field it fills, so validation errors land on it.
type field struct {
	name    string
	label   string
	input   textinput.Model
	choices []choice // nil for text fields
	sel     int
	touched bool // left once with a value, or the form was submitted
	newOnly bool // only when registering, not when editing (payment)
}

func (f *field) isChoice() bool { return f.choices != nil }

// value is what the field contributes to the input.
func (f *field) value() string {
	if f.isChoice() {
		return f.choices[f.sel].value
	}
	return f.input.Value()
}

// set puts a value into the field (a choice selects the matching option).
func (f *field) set(v string) {
	if !f.isChoice() {
		f.input.SetValue(v)
		f.input.CursorEnd()
		return
	}
	f.sel = 0
	for i, c := range f.choices {
		if strings.EqualFold(c.value, v) {
			f.sel = i
		}
	}
}

// cycle moves a choice by d options.
func (f *field) cycle(d int) {
	n := len(f.choices)
	f.sel = ((f.sel+d)%n + n) % n
}

// pick selects the next option whose value or label starts with r,
// searching after the current one so repeated letters cycle.
func (f *field) pick(r string) bool {
	n := len(f.choices)
	for i := 1; i <= n; i++ {
		c := f.choices[(f.sel+i)%n]
		if c.value == "" {
			continue
		}
		if strings.HasPrefix(model.Fold(c.value), model.Fold(r)) || strings.HasPrefix(model.Fold(c.label), model.Fold(r)) {
			f.sel = (f.sel + i) % n
			return true
		}
	}
	return false
}

func textField(name, label, placeholder string, limit int) *field {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.Width = inputWidth
	in.Cursor.SetMode(cursor.CursorStatic)
	return &field{name: name, label: label, input: in}
}

func choiceField(name, label string, choices []choice) *field {
	return &field{name: name, label: label, choices: choices}
}

// inputWidth keeps label, input and hint inside 80 columns.
const inputWidth = 22

// buildFields lays out the form for the event: the participant fields,
// the race picker, the event's extra fields, bib and payment.
func buildFields(ctx *screen.Context) []*field {
	lbl := func(name string) string { return model.FieldLabel(ctx.Lang, name, nil) }
	ev := ctx.Event()
	races := make([]choice, len(ev.Races))
	for i, r := range ev.Races {
		races[i] = choice{r.ID, r.Name}
	}
	fields := []*field{
		textField(model.FLast, lbl(model.FLast), "", model.MaxNameLen),
		textField(model.FFirst, lbl(model.FFirst), "", model.MaxNameLen),
		textField(model.FBorn, lbl(model.FBorn), ctx.T(msg.BornPlaceholder), 12),
		choiceField(model.FGender, lbl(model.FGender), []choice{{"", "–"},
			{"M", ctx.T("gender.M")}, {"W", ctx.T("gender.W")}, {"D", ctx.T("gender.D")}}),
		choiceField(model.FRace, lbl(model.FRace), races),
		textField(model.FClub, lbl(model.FClub), "", model.MaxClubLen),
		textField(model.FEmail, lbl(model.FEmail), "", model.MaxOtherLen),
		textField(model.FPhone, lbl(model.FPhone), "", 30),
	}
	for _, x := range ev.ExtraFields {
		label := x.Label
		if ctx.Lang == msg.EN && x.LabelEN != "" {
			label = x.LabelEN
		}
		if len(x.Choices) > 0 {
			opts := []choice{{"", "–"}}
			for _, c := range x.Choices {
				opts = append(opts, choice{c, c})
			}
			fields = append(fields, choiceField(model.ExtraPrefix+x.Key, label, opts))
		} else {
			fields = append(fields, textField(model.ExtraPrefix+x.Key, label, "", max(10, x.MaxLen)))
		}
	}
	bib := textField(model.FBib, lbl(model.FBib), "auto", 6)
	paid := choiceField(fieldPaid, lbl(model.FPayMethod), []choice{{"", ctx.T("pay.")},
		{string(model.Cash), ctx.T("pay.cash")}, {string(model.Card), ctx.T("pay.card")}})
	paid.newOnly = true
	amount := textField(fieldAmount, lbl(model.FPaidCents), "", 9)
	amount.newOnly = true
	return append(fields, bib, paid, amount)
}

// view renders a text field in width columns. A value wider than that
// shows "…" where it is cut: typed in, the part around the cursor (the
// end, as it was typed); otherwise its beginning.
func (f *field) view(width int, focused bool) string {
	v := f.input.Value()
	if v == "" || lipgloss.Width(v) < width || !focused && lipgloss.Width(v) <= width {
		return f.input.View()
	}
	if !focused {
		return f.input.TextStyle.Render(screen.Clip(v, width))
	}
	runes := []rune(v)
	pos := min(f.input.Position(), len(runes))
	cols := func(rs []rune) int { return lipgloss.Width(string(rs)) }
	// The window starts at the beginning while the cursor fits there
	// (leaving room for the cursor cell and a closing "…"), else it ends
	// just after the cursor, behind an opening "…".
	reserve := 1 // for a closing "…"
	if pos >= len(runes)-1 {
		reserve = 0
	}
	start := 0
	if cols(runes[:pos])+1+reserve > width {
		start = pos
		for start > 0 && 1+cols(runes[start-1:pos])+1+reserve <= width {
			start--
		}
	}
	left := ""
	if start > 0 {
		left = "…"
	}
	room := width - lipgloss.Width(left) - cols(runes[start:pos]) - 1 // after the cursor cell
	under := " "
	after := runes[min(pos+1, len(runes)):]
	if pos < len(runes) {
		under = string(runes[pos])
	}
	right := ""
	if cols(after) > room {
		for len(after) > 0 && cols(after)+1 > room {
			after = after[:len(after)-1]
		}
		right = "…"
	}
	cur := f.input.Cursor
	cur.SetChar(under)
	text := f.input.TextStyle.Inline(true).Render
	return left + text(string(runes[start:pos])) + cur.View() + text(string(after)) + right
}
