package printer

import (
	"strings"
)

// Preview renders d as plain text for the screen, Config.Width columns
// per line, as it will come out of the printer: the same characters
// (transliterated where the code table lacks them), the same line breaks
// and alignment. Tall text is followed by the lines it takes on paper, a
// huge bib is drawn in block digits, a QR code or barcode is a framed
// placeholder naming its content, and the cut is a line with scissors.
func Preview(d *Doc) string {
	cfg := d.Config.withDefaults()
	var b strings.Builder
	put := func(s string, a Align) {
		b.WriteString(strings.TrimRight(pad(s, cfg.Width, a), " "))
		b.WriteByte('\n')
	}
	for _, bl := range d.Blocks {
		switch bl.Kind {
		case TextBlock:
			w, h := bl.Style.w(), bl.Style.h()
			if w >= 3 && isDigits(bl.Text) && len(bl.Text)*6 <= cfg.Width {
				for _, row := range BlockDigits(bl.Text) {
					put(row, bl.Style.Align)
				}
				continue
			}
			put(bl.Text, bl.Style.Align)
			for range h - 1 {
				b.WriteByte('\n')
			}
		case FeedBlock:
			for range bl.N {
				b.WriteByte('\n')
			}
		case QRBlock, BarcodeBlock:
			label := "QR " + bl.Text
			if bl.Kind == BarcodeBlock {
				label = "CODE128 " + bl.Text
			}
			label = clip(label, cfg.Width-4)
			bar := strings.Repeat("─", width(label)+2)
			put("┌"+bar+"┐", bl.Style.Align)
			put("│ "+label+" │", bl.Style.Align)
			put("└"+bar+"┘", bl.Style.Align)
		}
	}
	if cfg.Cutter == CutNone {
		put(strings.Repeat("- ", cfg.Width/2), Left)
	} else {
		put(strings.Repeat("-", cfg.Width-3)+" >8", Left)
	}
	return b.String()
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// previewDigits are five-line block digits for a huge bib.
var previewDigits = [10][5]string{
	{"█████", "█   █", "█   █", "█   █", "█████"},
	{"   █ ", "  ██ ", "   █ ", "   █ ", "  ███"},
	{"█████", "    █", "█████", "█    ", "█████"},
	{"█████", "    █", " ████", "    █", "█████"},
	{"█   █", "█   █", "█████", "    █", "    █"},
	{"█████", "█    ", "█████", "    █", "█████"},
	{"█████", "█    ", "█████", "█   █", "█████"},
	{"█████", "    █", "   █ ", "  █  ", "  █  "},
	{"█████", "█   █", "█████", "█   █", "█████"},
	{"█████", "█   █", "█████", "    █", "█████"},
}

// BlockDigits renders the digits of s five lines high — the huge bib of
// a label preview and of the desk's screen. s must hold digits only.
func BlockDigits(s string) []string {
	rows := make([]string, 5)
	for i := range rows {
		parts := make([]string, len(s))
		for k := 0; k < len(s); k++ {
			parts[k] = previewDigits[s[k]-'0'][i]
		}
		rows[i] = strings.Join(parts, " ")
	}
	return rows
}
