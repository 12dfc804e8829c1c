package printer

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// Found is a printer this computer offers, with the target that prints on
// it.
type Found struct {
	Target string // exactly what goes into the event file's target
	Kind   string // FoundWindows, FoundCUPS or FoundUSB
	Name   string // the printer's, the queue's or the device's name
	// Detail is what the system says of it: driver and port, the device
	// URI, the model a USB printer reports.
	Detail string
	hint   msg.Key // a problem racedesk sees; takes the name
}

// Kinds of Found.
const (
	FoundWindows = "windows" // a printer of the Windows print spooler
	FoundCUPS    = "cups"    // a CUPS queue
	FoundUSB     = "usb"     // a USB printer device (Linux usblp)
)

// Note is the detail and what stands in the way of printing, in lang.
func (f Found) Note(lang msg.Lang) string {
	parts := []string{}
	if f.Detail != "" {
		parts = append(parts, f.Detail)
	}
	if f.hint != "" {
		parts = append(parts, msg.T(lang, f.hint, f.Name))
	}
	return strings.Join(parts, " · ")
}

// KindText is the kind of printer in lang.
func (f Found) KindText(lang msg.Lang) string {
	switch f.Kind {
	case FoundWindows:
		return msg.T(lang, msg.PrsKindWindows)
	case FoundCUPS:
		return msg.T(lang, msg.PrsKindCUPS)
	}
	return msg.T(lang, msg.PrsKindUSB)
}

// Where Discover looks (tests point them elsewhere).
var (
	lpstatCommand = "lpstat"
	usbGlob       = "/dev/usb/lp*"
	usbSysfs      = "/sys/class/usbmisc/%s/device/ieee1284_id" // %s: lp0
)

// askTimeout bounds each question to the system.
const askTimeout = 5 * time.Second

// Discover lists the printers this computer offers: the Windows print
// spooler's (on Windows), the CUPS queues (where lpstat is), and USB
// printer devices (/dev/usb/lp*). A source that fails is reported among
// the problems, beside what the others found.
func Discover(ctx context.Context) (found []Found, problems []error) {
	win, err := windowsPrinters()
	if err != nil {
		problems = append(problems, model.NewProblem(msg.PrsWindowsFailed, err.Error()))
	}
	queues, err := cupsQueues(ctx)
	if err != nil {
		problems = append(problems, model.NewProblem(msg.PrsCUPSFailed, err.Error()))
	}
	found = append(append(append(found, win...), queues...), usbPrinters()...)
	return found, problems
}

// cupsQueues asks lpstat for the CUPS destinations, whether they are
// enabled and their devices. Without lpstat there is no CUPS: no queues,
// no problem.
func cupsQueues(ctx context.Context) ([]Found, error) {
	path, err := exec.LookPath(lpstatCommand)
	if err != nil {
		return nil, nil
	}
	var names []string
	disabled := map[string]bool{}
	// -e names every destination, one a line (CUPS 2); -p says which are
	// disabled, and names them where -e is unknown.
	enames, eerr := lpstat(ctx, path, "-e")
	for _, l := range enames {
		if f := strings.Fields(l); len(f) > 0 {
			names = append(names, f[0])
		}
	}
	plines, perr := lpstat(ctx, path, "-p")
	for _, l := range plines {
		f := strings.Fields(l)
		if len(f) < 2 || f[0] != "printer" {
			continue // a description or an alert line under a printer
		}
		if eerr != nil {
			names = append(names, f[1])
		}
		if slices.Contains(f, "disabled") {
			disabled[f[1]] = true
		}
	}
	if eerr != nil && perr != nil {
		if noDestinations(eerr) || noDestinations(perr) {
			return nil, nil
		}
		return nil, perr
	}
	devices := map[string]string{}
	vlines, _ := lpstat(ctx, path, "-v")
	for _, l := range vlines {
		rest, ok := strings.CutPrefix(strings.TrimSpace(l), "device for ")
		if !ok {
			continue
		}
		if name, uri, ok := strings.Cut(rest, ": "); ok {
			devices[name] = strings.TrimSpace(uri)
		}
	}
	var out []Found
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] || !validQueue(n) {
			continue
		}
		seen[n] = true
		f := Found{Target: "cups:" + n, Kind: FoundCUPS, Name: n, Detail: devices[n]}
		if disabled[n] {
			f.hint = msg.PrsDisabled
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b Found) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return out, nil
}

// lpstat runs lpstat with args in the C locale (its words are parsed) and
// returns its lines; a failure carries what lpstat said.
func lpstat(ctx context.Context, path string, args ...string) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, askTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANG=C")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Second
	if err := cmd.Run(); err != nil {
		if why := strings.Join(strings.Fields(stderr.String()), " "); why != "" {
			return nil, errors.New(why)
		}
		return nil, err
	}
	var lines []string
	for l := range strings.Lines(stdout.String()) {
		if l = strings.TrimRight(l, "\r\n"); strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	return lines, nil
}

// noDestinations: lpstat's way of saying CUPS runs but has no printer.
func noDestinations(err error) bool {
	return strings.Contains(strings.ToLower(err.Error()), "no destinations")
}

// usbPrinters are the USB printer devices (Linux's usblp), with the model
// each reports and whether this user may write to it.
func usbPrinters() []Found {
	paths, _ := filepath.Glob(usbGlob)
	slices.Sort(paths)
	var out []Found
	for _, p := range paths {
		name := filepath.Base(p)
		f := Found{Target: p, Kind: FoundUSB, Name: name, Detail: ieee1284Model(strings.Replace(usbSysfs, "%s", name, 1))}
		if !writable(p) {
			f.hint = msg.PrsNoAccess
		}
		out = append(out, f)
	}
	return out
}

// ieee1284Model is the maker and model in a printer's IEEE 1284 device
// ID ("MFG:EPSON;CMD:ESC/POS;MDL:TM-T20III;…" → "EPSON TM-T20III"), or "".
func ieee1284Model(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	var mfg, mdl string
	for field := range strings.SplitSeq(string(b), ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(field), ":")
		if !ok {
			continue
		}
		switch strings.ToUpper(k) {
		case "MFG", "MANUFACTURER":
			mfg = strings.TrimSpace(v)
		case "MDL", "MODEL":
			mdl = strings.TrimSpace(v)
		}
	}
	if mdl != "" && mfg != "" && !strings.HasPrefix(strings.ToLower(mdl), strings.ToLower(mfg)) {
		return mfg + " " + mdl
	}
	if mdl != "" {
		return mdl
	}
	return mfg
}
