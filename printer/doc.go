// Package printer prints start lists, bib labels, result lists and the
// check-in summary on ESC/POS thermal receipt printers (Epson TM-T20 and
// TM-T88 class and compatibles), 58 mm or 80 mm wide, on USB, on the
// network (raw TCP, port 9100) or into a file.
//
// It works in four steps, each usable on its own:
//
//  1. Layouts (Layout.StartList, Layout.Label, Layout.Results,
//     Layout.CheckInSummary, Layout.FinishSlip) are pure functions from the event and its
//     participants to a Doc: lines of text with styles, big text, a QR
//     code, a barcode. A Doc is laid out for one Config (columns, code
//     table, cutter); its text holds only characters that code table can
//     print, so what Preview shows is what the paper shows.
//  2. Encode turns a Doc into ESC/POS bytes; Preview into plain text for
//     the screen.
//  3. Open and Send deliver bytes to a target: a file, a device such as
//     /dev/usb/lp0, tcp://HOST:9100, a Windows printer through the print
//     spooler (windows:NAME), a CUPS queue (cups:QUEUE), or "-" for
//     stdout, with connect and write timeouts. Target.Delivery says what
//     a successful send guarantees on this platform.
//  4. Queue sends jobs that the store keeps durably (model/store's print
//     queue): it retries with backoff while a printer is off or
//     unreachable, and never sends a job twice on its own.
//
// The package knows nothing of the terminal interface; the queue reports
// through a callback. From a Bubble Tea program:
//
//	q := printer.NewQueue(s, printer.QueueOptions{})
//	go q.Run(ctx, func(st printer.Status) { p.Send(printStatusMsg(st)) }) // until ctx ends; close the store after Run returns
//	// in a tea.Cmd: lay out, (preview,) queue
//	pr, _ := printer.EventPrinter(ev, "")
//	d, _ := printer.Layout{Event: ev, Config: pr.Config, Lang: lang, Now: now, Desk: desk}.Label(participant)
//	text := printer.Preview(d)
//	job, err := q.Submit(d, pr, participant.ID)
//	// status line: printer.StatusText(lang, st); job list: q.Jobs(), j.State.Label(lang), j.Why(lang)
//	// keys: q.Resend(id), q.Cancel(id)
package printer

import (
	"strings"
	"unicode/utf8"
)

// Kind says what a Doc is; the queue and the desk show it.
type Kind string

const (
	KindStartList Kind = "startlist"
	KindLabel     Kind = "label"
	KindResults   Kind = "results"
	KindCheckIn   Kind = "checkin"
	KindSlip      Kind = "slip"
)

// Align is the justification of a line.
type Align uint8

const (
	Left Align = iota
	Center
	Right
)

// Style is how a line prints. W and H are the character width and height
// multipliers (1–8; 0 counts as 1): a line of W=2 has half the columns.
type Style struct {
	Bold      bool
	Underline bool
	Align     Align
	W, H      int
}

func (s Style) w() int { return clampScale(s.W) }
func (s Style) h() int { return clampScale(s.H) }

func clampScale(n int) int {
	switch {
	case n < 1:
		return 1
	case n > 8:
		return 8
	}
	return n
}

// BlockKind is what a Block prints.
type BlockKind uint8

const (
	// TextBlock is one line of text, ended by a line feed.
	TextBlock BlockKind = iota
	// FeedBlock feeds N empty lines.
	FeedBlock
	// QRBlock prints Text as a QR code (model 2, error correction M) with
	// modules N dots wide.
	QRBlock
	// BarcodeBlock prints Text as CODE128 (code set B) with its digits
	// below.
	BarcodeBlock
)

// Block is one element of a Doc.
type Block struct {
	Kind  BlockKind
	Text  string
	Style Style
	N     int
}

// Doc is a print job before encoding. Build it with the layouts or with
// its methods; the methods keep every line within the columns and every
// character printable in the Config's code table.
type Doc struct {
	Title  string // what the queue and the desk call the job
	Kind   Kind
	Config Config
	Blocks []Block
}

// NewDoc starts an empty document for cfg (defaults filled in).
func NewDoc(kind Kind, title string, cfg Config) *Doc {
	return &Doc{Kind: kind, Title: title, Config: cfg.withDefaults()}
}

// Columns is how many characters of style st fit on a line.
func (d *Doc) Columns(st Style) int { return d.Config.Width / st.w() }

// Line adds one line, made printable and cut to the columns.
func (d *Doc) Line(st Style, text string) {
	text = clip(d.Config.CodePage.Printable(text), d.Columns(st))
	d.Blocks = append(d.Blocks, Block{Kind: TextBlock, Text: text, Style: st})
}

// Wrap adds text as as many lines as it needs, broken between words.
func (d *Doc) Wrap(st Style, text string) {
	for _, l := range wrap(d.Config.CodePage.Printable(text), d.Columns(st)) {
		d.Blocks = append(d.Blocks, Block{Kind: TextBlock, Text: l, Style: st})
	}
}

// Blank adds an empty line.
func (d *Doc) Blank() { d.Blocks = append(d.Blocks, Block{Kind: TextBlock}) }

// Rule adds a line of ch across the paper.
func (d *Doc) Rule(ch byte) {
	d.Blocks = append(d.Blocks, Block{Kind: TextBlock, Text: strings.Repeat(string(ch), d.Config.Width)})
}

// Feed adds n empty lines (one command, not n line feeds).
func (d *Doc) Feed(n int) {
	if n > 0 {
		d.Blocks = append(d.Blocks, Block{Kind: FeedBlock, N: min(n, 255)})
	}
}

// QR adds a centred QR code of data with modules of module dots (1–16).
func (d *Doc) QR(data string, module int) {
	d.Blocks = append(d.Blocks, Block{Kind: QRBlock, Text: asciiOnly(data), N: max(1, min(module, 16)), Style: Style{Align: Center}})
}

// Barcode adds a centred CODE128 barcode of data (printable ASCII).
func (d *Doc) Barcode(data string) {
	d.Blocks = append(d.Blocks, Block{Kind: BarcodeBlock, Text: asciiOnly(data), Style: Style{Align: Center}})
}

// asciiOnly keeps the printable ASCII of s: QR and barcode payloads are
// sent as bytes, and racedesk puts only digits and letters in them.
func asciiOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return -1
		}
		return r
	}, s)
}

// width is the number of columns of printable text.
func width(s string) int { return utf8.RuneCountInString(s) }
