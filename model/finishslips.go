package model

import (
	"fmt"
	"strings"
)

// Values of a printer's finish_slips (the event file's [[printers]]).
const (
	// FinishSlipsOff prints finish slips only when a person asks (the
	// default, also when the field is missing).
	FinishSlipsOff = "off"
	// FinishSlipsAuto prints a slip for every finish the desk records, as
	// soon as the finish has its result.
	FinishSlipsAuto = "auto"
)

// ParseFinishSlips reads a printer's finish_slips: "auto", or "off" (""
// is off).
func ParseFinishSlips(s string) (string, error) {
	switch v := strings.ToLower(strings.TrimSpace(s)); v {
	case "", FinishSlipsOff:
		return FinishSlipsOff, nil
	case FinishSlipsAuto:
		return FinishSlipsAuto, nil
	}
	return "", fmt.Errorf("finish_slips %q: expected %q (a slip for every finish this desk records) or %q (only on demand, the default)", s, FinishSlipsAuto, FinishSlipsOff)
}

// checkPrinters reports the first [[printers]] setting racedesk cannot
// use that is better caught at `event init` than on race day.
func checkPrinters(ps []Printer) error {
	auto := ""
	for _, p := range ps {
		v, err := ParseFinishSlips(p.FinishSlips)
		if err != nil {
			return fmt.Errorf("event file: printer %s: %w", p.Name, err)
		}
		if v == FinishSlipsAuto {
			if auto != "" {
				return fmt.Errorf("event file: printers %s and %s: finish_slips = %q on both; one printer prints the finish slips", auto, p.Name, FinishSlipsAuto)
			}
			auto = p.Name
		}
	}
	return nil
}
