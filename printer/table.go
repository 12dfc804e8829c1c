package printer

import (
	"strings"
	"unicode/utf8"
)

// Text helpers for printable strings (one rune, one column).

// clip cuts s to n columns; a cut is marked with a final ".".
func clip(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if width(s) <= n {
		return s
	}
	if n == 1 {
		return firstRunes(s, 1)
	}
	return strings.TrimRight(firstRunes(s, n-1), " ") + "."
}

func firstRunes(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// wrap breaks s into lines of at most n columns, between words or after
// hyphens; a word longer than a line is broken inside.
func wrap(s string, n int) []string {
	s = strings.Join(strings.Fields(s), " ")
	if n <= 0 {
		return nil
	}
	if width(s) <= n {
		return []string{s}
	}
	var lines []string
	for width(s) > n {
		runes := []rune(s)
		cut := -1 // the line is runes[:cut], the rest starts after any space
		for i := n; i > 0; i-- {
			if runes[i] == ' ' {
				cut = i
				break
			}
			if runes[i-1] == '-' && i < n+1 && i > 1 {
				cut = i
				break
			}
		}
		if cut <= 0 {
			cut = n
		}
		lines = append(lines, strings.TrimRight(string(runes[:cut]), " "))
		s = strings.TrimLeft(string(runes[cut:]), " ")
	}
	if s != "" {
		lines = append(lines, s)
	}
	return lines
}

// pad fits s into exactly n columns with the alignment.
func pad(s string, n int, a Align) string {
	s = clip(s, n)
	var b strings.Builder
	b.Grow(n + len(s))
	writePadded(&b, s, n, a)
	return b.String()
}

// column is one column of a table. A column of width 0 takes the room
// the others leave; a wrapping column continues a long cell on the next
// lines instead of cutting it.
type column struct {
	head  string
	width int
	align Align
	wrap  bool
}

// table lays cells out in columns separated by one space. Rows never
// exceed the paper's width: cells are wrapped or cut.
type table struct {
	cols  []column
	width int
}

// newTable sizes the flexible column(s) to fill width.
func newTable(width int, cols ...column) *table {
	fixed, flex := len(cols)-1, 0
	for _, c := range cols {
		if c.width > 0 {
			fixed += c.width
		} else {
			flex++
		}
	}
	if flex > 0 {
		share := max(1, (width-fixed)/flex)
		for i := range cols {
			if cols[i].width == 0 {
				cols[i].width = share
			}
		}
	}
	return &table{cols: cols, width: width}
}

// header adds the column heads in bold and a rule.
func (t *table) header(d *Doc) {
	heads := make([]string, len(t.cols))
	for i, c := range t.cols {
		heads[i] = c.head
	}
	for _, l := range t.lines(d, heads) {
		d.Blocks = append(d.Blocks, Block{Kind: TextBlock, Text: l, Style: Style{Bold: true}})
	}
	d.Rule('-')
}

// row adds one row (one or more lines).
func (t *table) row(d *Doc, cells ...string) {
	for _, l := range t.lines(d, cells) {
		d.Blocks = append(d.Blocks, Block{Kind: TextBlock, Text: l})
	}
}

// spaces is padding to slice from.
const spaces = "                                                                                "

func writePadded(b *strings.Builder, s string, n int, a Align) {
	gap := n - width(s)
	left := 0
	switch a {
	case Right:
		left = gap
	case Center:
		left = gap / 2
	}
	writeSpaces(b, left)
	b.WriteString(s)
	writeSpaces(b, gap-left)
}

func writeSpaces(b *strings.Builder, n int) {
	for n > 0 {
		k := min(n, len(spaces))
		b.WriteString(spaces[:k])
		n -= k
	}
}

func (t *table) lines(d *Doc, cells []string) []string {
	cp := d.Config.CodePage
	var buf [8]string
	printable := buf[:0]
	oneLine := true
	for i, c := range t.cols {
		cell := ""
		if i < len(cells) {
			cell = cp.Printable(cells[i])
		}
		printable = append(printable, cell)
		if c.wrap && width(cell) > c.width {
			oneLine = false
		}
	}
	var b strings.Builder
	b.Grow(t.width + 16)
	if oneLine { // the common case: no allocation beyond the line
		for i, c := range t.cols {
			if i > 0 {
				b.WriteByte(' ')
			}
			writePadded(&b, clip(printable[i], c.width), c.width, c.align)
		}
		return []string{strings.TrimRight(b.String(), " ")}
	}
	parts := make([][]string, len(t.cols))
	n := 1
	for i, c := range t.cols {
		if c.wrap {
			parts[i] = wrap(printable[i], c.width)
		} else {
			parts[i] = []string{clip(printable[i], c.width)}
		}
		n = max(n, len(parts[i]))
	}
	out := make([]string, n)
	for line := range n {
		b.Reset()
		for i, c := range t.cols {
			if i > 0 {
				b.WriteByte(' ')
			}
			cell := ""
			if line < len(parts[i]) {
				cell = parts[i][line]
			}
			writePadded(&b, cell, c.width, c.align)
		}
		out[line] = strings.TrimRight(b.String(), " ")
	}
	return out
}
