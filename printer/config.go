package printer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// Widths of the common printers, Font A: 58 mm paper, 80 mm paper at
// 180 dpi (TM-T88IV/V), 80 mm paper at 203 dpi (TM-T20).
const (
	Width58   = 32
	Width80   = 42
	Width80HD = 48
	// DefaultWidth prints on every printer: a 32-column list is narrow on
	// 80 mm paper, but a 48-column list breaks on 58 mm paper.
	DefaultWidth = Width58
	minWidth     = 24
	maxWidth     = 80
)

// Cutter is what the printer's cutter does at the end of a job.
type Cutter string

const (
	CutFull    Cutter = "full"
	CutPartial Cutter = "partial"
	CutNone    Cutter = "none" // no cutter: feed past the tear bar
)

// ParseCutter reads full, partial or none ("" is partial, which every
// cutter does).
func ParseCutter(s string) (Cutter, error) {
	switch c := Cutter(strings.ToLower(strings.TrimSpace(s))); c {
	case "":
		return CutPartial, nil
	case CutFull, CutPartial, CutNone:
		return c, nil
	}
	return "", fmt.Errorf("cutter %q: expected full, partial or none", s)
}

// Config is how one printer prints.
type Config struct {
	Width    int      // characters per line in Font A: 32, 42 or 48
	CodePage CodePage // pc858 or wpc1252
	Cutter   Cutter
}

func (c Config) withDefaults() Config {
	if c.Width == 0 {
		c.Width = DefaultWidth
	}
	if c.CodePage == "" {
		c.CodePage = PC858
	}
	if c.Cutter == "" {
		c.Cutter = CutPartial
	}
	return c
}

// Check reports a width, code page or cutter racedesk cannot print with.
func (c Config) Check() error {
	if c.Width < minWidth || c.Width > maxWidth {
		return fmt.Errorf("width %d: expected 32 (58 mm), 42 or 48 (80 mm)", c.Width)
	}
	if _, err := ParseCodePage(string(c.CodePage)); err != nil {
		return err
	}
	if _, err := ParseCutter(string(c.Cutter)); err != nil {
		return err
	}
	return nil
}

// ParseWidth reads a column count.
func ParseWidth(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < minWidth || n > maxWidth {
		return 0, fmt.Errorf("width %q: expected 32 (58 mm), 42 or 48 (80 mm)", s)
	}
	return n, nil
}

// Printer is a configured printer: where its jobs go and how it prints.
type Printer struct {
	Name   string
	Target string
	Config
	// AutoSlips: this printer prints a finish slip for every finish the
	// desk records (finish_slips = "auto").
	AutoSlips bool
}

// FromModel checks an event file's [[printers]] entry and fills in the
// defaults (32 columns, PC858, partial cut).
func FromModel(p model.Printer) (Printer, error) {
	out := Printer{Name: p.Name, Target: strings.TrimSpace(p.Target), Config: Config{Width: p.Width}}
	var err error
	if out.CodePage, err = ParseCodePage(p.CodePage); err != nil {
		return Printer{}, fmt.Errorf("printer %s: %w", p.Name, err)
	}
	if out.Cutter, err = ParseCutter(p.Cutter); err != nil {
		return Printer{}, fmt.Errorf("printer %s: %w", p.Name, err)
	}
	slips, err := model.ParseFinishSlips(p.FinishSlips)
	if err != nil {
		return Printer{}, fmt.Errorf("printer %s: %w", p.Name, err)
	}
	out.AutoSlips = slips == model.FinishSlipsAuto
	out.Config = out.Config.withDefaults()
	if err := out.Config.Check(); err != nil {
		return Printer{}, fmt.Errorf("printer %s: %w", p.Name, err)
	}
	if out.Target != "" {
		if _, err := ParseTarget(out.Target); err != nil {
			return Printer{}, fmt.Errorf("printer %s: %w", p.Name, err)
		}
	}
	return out, nil
}

// ErrNoPrinter means the event file declares no printer.
var ErrNoPrinter = model.NewProblem(msg.PrNoPrinter)

// EventPrinter is the event's printer called name, or its first printer
// when name is empty.
func EventPrinter(ev *model.Event, name string) (Printer, error) {
	if len(ev.Printers) == 0 {
		return Printer{}, ErrNoPrinter
	}
	if name == "" {
		return FromModel(ev.Printers[0])
	}
	names := make([]string, len(ev.Printers))
	for i, p := range ev.Printers {
		if strings.EqualFold(p.Name, name) {
			return FromModel(p)
		}
		names[i] = p.Name
	}
	return Printer{}, model.NewProblem(msg.PrUnknownPrinter, name, strings.Join(names, ", "))
}

// SlipPrinter is the printer finish slips go to: the one with
// finish_slips = "auto", else the event's first printer.
func SlipPrinter(ev *model.Event) (Printer, error) {
	if p, ok, err := AutoSlipPrinter(ev); ok || err != nil {
		return p, err
	}
	return EventPrinter(ev, "")
}

// AutoSlipPrinter is the printer with finish_slips = "auto"; false when
// the event prints finish slips only on demand.
func AutoSlipPrinter(ev *model.Event) (Printer, bool, error) {
	for _, p := range ev.Printers {
		if v, _ := model.ParseFinishSlips(p.FinishSlips); v == model.FinishSlipsAuto {
			pr, err := FromModel(p)
			return pr, err == nil, err
		}
	}
	return Printer{}, false, nil
}
