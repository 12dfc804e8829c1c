package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/lists"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/printer"
)

// printRequest is what to print; it also travels over the control socket
// when the desk has the database open.
type printRequest struct {
	Kind     string `json:"kind"` // startlist, labels, results, teams, checkin, slip, cash
	Race     string `json:"race,omitempty"`
	Order    string `json:"order,omitempty"`
	Class    string `json:"class,omitempty"`
	ByClass  bool   `json:"by_class,omitempty"`
	Bib      int    `json:"bib,omitempty"`
	Printer  string `json:"printer,omitempty"`
	Width    int    `json:"width,omitempty"`
	CodePage string `json:"code_page,omitempty"`
	Cutter   string `json:"cutter,omitempty"`
	Lang     string `json:"lang,omitempty"`
	// Hotspot is the desk's hotspot address, for QR codes to live results
	// (the desk fills it in; not sent).
	Hotspot string `json:"-"`
}

// printedJob is one laid-out and encoded job.
type printedJob struct {
	Title   string `json:"title"`
	Data    []byte `json:"data"`
	Preview string `json:"preview"`
}

// printResult is the answer of buildPrint (and of the "print" control
// operation).
type printResult struct {
	Target string       `json:"target"` // the event printer's, unless --to overrides it
	Width  int          `json:"width"`
	Jobs   []printedJob `json:"jobs"`
}

type printOptions struct {
	req     printRequest
	to      string
	preview bool
	timeout time.Duration
}

var printKinds = []struct {
	name, use, short, example string
}{
	{"startlist", "startlist [--race R] [--order bib|name]",
		"Print the start list of each race (or one): by bib, or by name with the bib beside it",
		`  racedesk print startlist --race 10k --to tcp://192.168.1.50:9100
  racedesk print startlist --race 10k --order name --to /dev/usb/lp0 --width 32
  racedesk print startlist --to startliste.bin
  racedesk print startlist --race 10k --preview`},
	{"labels", "labels [--race R] [--bib N]",
		"Print bib labels / registration receipts: one runner (--bib) or everyone of a race",
		`  racedesk print labels --bib 17
  racedesk print labels --race 5k --to labels.bin`},
	{"results", "results --race R [--class M40 | --by-class]",
		"Print a race's results, overall or by age class (for the ceremony and the notice board)",
		`  racedesk print results --race 10k
  racedesk print results --race 10k --by-class --to tcp://192.168.1.50
  racedesk print results --race 10k --class W45 --preview`},
	{"teams", "teams --race R",
		"Print a race's team ranking: the teams by place, each with its scoring runners",
		`  racedesk print teams --race 10k
  racedesk print teams --race 10k --preview`},
	{"checkin", "checkin [--race R]",
		"Print the check-in summary: counts per race and who is not checked in yet",
		`  racedesk print checkin
  racedesk print checkin --race 10k --preview`},
	{"slip", "slip --bib N [--race R]",
		"Print a runner's finish slip: time, places and a QR code to the live result",
		`  racedesk print slip --bib 17
  racedesk print slip --bib 17 --race 5k --preview`},
	{"cash", "cash",
		"Print the cash report (Kassenabschluss): payments by method and desk, late fees, what is open, who is checked in unpaid",
		`  racedesk print cash
  racedesk print cash --preview`},
}

func newPrintCmd(g *globals) *cobra.Command {
	o := &printOptions{}
	cmd := &cobra.Command{
		Use:   "print startlist|labels|results|teams|checkin|slip|cash [--to FILE|tcp://HOST:9100|/dev/usb/lp0|-] [--preview]",
		Short: "Print start lists, bib labels, results, team rankings, finish slips, the check-in summary and the cash report on a receipt printer",
		Long: `Print on an ESC/POS receipt printer (58 mm or 80 mm). The printer comes from
the event file's [[printers]] (--printer NAME, default the first); --to,
--width, --codepage and --cutter override it. --to takes a file (the job
is written there, e.g. to copy to a printer later), a device such as
/dev/usb/lp0, tcp://HOST:9100 for a network printer, windows:PRINTER NAME
(Windows) or cups:QUEUE (macOS, Linux) — 'racedesk printers' lists them —
or - for stdout.
--preview shows the text as it will print and sends nothing.

This command sends directly and says whether the printer took the job (a
Windows printer's or a CUPS queue's: whether its print queue did); it
does not queue. While the desk is open on the database, the desk lays out
the printout and this command sends it.`,
		Example: `  racedesk print startlist --race 10k --to tcp://192.168.1.50:9100
  racedesk print labels --bib 17 --to /dev/usb/lp0
  racedesk print checkin --preview`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageError{errors.New("say what to print: startlist, labels, results, teams, checkin, slip or cash")}
		},
	}
	pf := cmd.PersistentFlags()
	pf.StringVar(&o.to, "to", "", "where to print: FILE, /dev/usb/lp0, tcp://HOST:9100, windows:NAME, cups:QUEUE or - (default: the event's printer)")
	pf.StringVar(&o.req.Printer, "printer", "", "printer of the event file by name (default: the first)")
	pf.IntVar(&o.req.Width, "width", 0, "characters per line: 32 (58 mm), 42 or 48 (80 mm) (default: the printer's, else 32)")
	pf.StringVar(&o.req.CodePage, "codepage", "", "code table: pc858 or wpc1252 (default: the printer's, else pc858)")
	pf.StringVar(&o.req.Cutter, "cutter", "", "full, partial or none (default: the printer's, else partial)")
	pf.BoolVar(&o.preview, "preview", false, "show the printout as text; send nothing")
	pf.DurationVar(&o.timeout, "timeout", 15*time.Second, "give up when the printer takes no data for this long")
	for _, k := range printKinds {
		kind := k.name
		sub := &cobra.Command{
			Use:     k.use,
			Short:   k.short,
			Example: k.example,
			Args:    noArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				o.req.Kind = kind
				if _, ok := lists.ParseOrder(o.req.Order); !ok && kind == "startlist" {
					return usageError{fmt.Errorf("--order %q: expected bib or name", o.req.Order)}
				}
				if (kind == "results" || kind == "teams") && o.req.Race == "" {
					return usage(msg.UsageRequired, "--race")
				}
				if kind == "slip" && o.req.Bib == 0 {
					return usage(msg.UsageRequired, "--bib")
				}
				if o.req.Width != 0 {
					if _, err := printer.ParseWidth(fmt.Sprint(o.req.Width)); err != nil {
						return usageError{err}
					}
				}
				if _, err := printer.ParseCodePage(o.req.CodePage); err != nil {
					return usageError{err}
				}
				if _, err := printer.ParseCutter(o.req.Cutter); err != nil {
					return usageError{err}
				}
				if o.to != "" {
					if _, err := printer.ParseTarget(o.to); err != nil {
						return usageError{err}
					}
				}
				return runPrint(g, o)
			},
		}
		f := sub.Flags()
		if kind != "cash" { // the cash report is the event's
			f.StringVar(&o.req.Race, "race", "", "race ID, name, alias or distance (default: every race, one printout each)")
		}
		switch kind {
		case "startlist":
			f.StringVar(&o.req.Order, "order", "bib", "bib, or name (alphabetical with the bib: for check-in helpers)")
		case "labels":
			f.IntVar(&o.req.Bib, "bib", 0, "only the runner with this bib")
		case "slip":
			f.IntVar(&o.req.Bib, "bib", 0, "the runner's bib")
			f.Lookup("race").Usage = "the race the bib is in (default: the race of the runner with this bib)"
		case "results":
			f.StringVar(&o.req.Class, "class", "", "only this age class")
			f.BoolVar(&o.req.ByClass, "by-class", false, "one section per age class, with the places in the class")
		}
		cmd.AddCommand(sub)
	}
	return cmd
}

func runPrint(g *globals, o *printOptions) error {
	o.req.Lang = g.lang
	var res printResult
	lang := g.language("")
	s, err := g.open()
	switch {
	case errors.Is(err, store.ErrInUse):
		// The desk has the file: it lays the printout out, we send it.
		if err := store.RequestControl(g.dbPath(), "print", mustJSON(o.req), &res); err != nil {
			if errors.Is(err, store.ErrNoDesk) {
				return store.ErrInUse
			}
			return err
		}
	case err != nil:
		return err
	default:
		lang = g.language(s.Event().Lang)
		res, err = buildPrint(s, o.req, g.now())
		g.release(s)
		if err != nil {
			return reportInputError(g, lang, err)
		}
	}
	if o.preview {
		for i, j := range res.Jobs {
			if i > 0 {
				fmt.Fprintln(g.out)
			}
			fmt.Fprint(g.out, j.Preview)
		}
		return nil
	}
	target := res.Target
	if o.to != "" {
		target = o.to
	}
	if target == "" {
		return printer.ErrNoPrinter
	}
	tg, err := printer.ParseTarget(target)
	if err != nil {
		return usageError{err}
	}
	report := g.out
	if tg.Kind == printer.TargetStdout {
		report = g.err // stdout carries the bytes
	}
	if tg.Kind == printer.TargetFile && o.to != "" {
		// A file named on the command line holds this printout alone; the
		// event's file printer is appended to, like paper. It is the
		// caller's file (a desk prints it for them).
		target = strings.Replace(target, tg.Path, g.path(tg.Path), 1)
		if err := os.WriteFile(g.path(tg.Path), nil, 0o644); err != nil {
			return err
		}
	}
	tr := printer.Transport{Timeouts: printer.Timeouts{Write: o.timeout}, Stdout: g.rawOut}
	for _, j := range res.Jobs {
		if err := tr.Send(printer.WithJobTitle(context.Background(), j.Title), target, j.Data); err != nil {
			return err
		}
		fmt.Fprintln(report, msg.T(lang, msg.PrSent, j.Title, len(j.Data), tg))
	}
	// Where a sent job is not known to be on the printer (a spool, a
	// queue, a socket buffer), say so and where to look.
	if note := printer.DeliveryNote(lang, target); note != "" && len(res.Jobs) > 0 {
		fmt.Fprintln(report, note)
	}
	return nil
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// printControlHandler lets `racedesk print` work while the desk has the
// database open: the desk lays the printout out and returns the bytes.
// The desk registers it as the "print" control operation; hotspot (nil:
// none) is the address its hotspot serves on, for QR codes.
func printControlHandler(s *store.Store, hotspot func() string) store.ControlHandler {
	return func(arg string) (any, error) {
		var req printRequest
		if err := json.Unmarshal([]byte(arg), &req); err != nil {
			return nil, fmt.Errorf("print request: %w", err)
		}
		if hotspot != nil {
			req.Hotspot = hotspot()
		}
		res, err := buildPrint(s, req, time.Now())
		if err != nil {
			return nil, errors.New(msg.Error(msg.Choose(req.Lang, s.Event().Lang), err))
		}
		return res, nil
	}
}

// buildPrint lays out and encodes what req asks for.
func buildPrint(s *store.Store, req printRequest, now time.Time) (printResult, error) {
	ev := s.Event()
	p, err := printer.EventPrinter(ev, req.Printer)
	if req.Kind == "slip" && req.Printer == "" {
		p, err = printer.SlipPrinter(ev) // the one with finish_slips = "auto", else the first
	}
	if err != nil && (req.Printer != "" || !errors.Is(err, printer.ErrNoPrinter)) {
		return printResult{}, err
	}
	if req.Width != 0 {
		p.Width = req.Width
	}
	if req.CodePage != "" {
		if p.CodePage, err = printer.ParseCodePage(req.CodePage); err != nil {
			return printResult{}, err
		}
	}
	if req.Cutter != "" {
		if p.Cutter, err = printer.ParseCutter(req.Cutter); err != nil {
			return printResult{}, err
		}
	}
	if p.Width == 0 {
		p.Width = printer.DefaultWidth
	}
	if err := p.Config.Check(); err != nil {
		return printResult{}, err
	}
	l := printer.Layout{Event: ev, Config: p.Config, Lang: msg.Choose(req.Lang, ev.Lang), Now: now, Desk: s.Device().Desk, Hotspot: req.Hotspot}
	races := ev.Races
	if req.Race != "" {
		r, err := ev.RaceFor(req.Race)
		if err != nil {
			return printResult{}, err
		}
		races = []model.Race{*r}
	}
	order := lists.Order(req.Order)
	if order == "" {
		order = lists.ByBib
	}
	var docs []*printer.Doc
	add := func(d *printer.Doc, err error) error {
		if err == nil {
			docs = append(docs, d)
		}
		return err
	}
	switch req.Kind {
	case "startlist":
		ps, err := s.List("")
		if err != nil {
			return printResult{}, err
		}
		for _, g := range lists.StartList(ev, ps, order) {
			if req.Race != "" && g.Race.ID != races[0].ID {
				continue
			}
			if err := add(l.StartListOf(g.Race.ID, g.Entries, order)); err != nil {
				return printResult{}, err
			}
		}
		if len(docs) == 0 && req.Race != "" { // an empty start list still says so
			if err := add(l.StartListOf(races[0].ID, nil, order)); err != nil {
				return printResult{}, err
			}
		}
	case "labels":
		var ps []model.Participant
		if req.Bib != 0 {
			var p model.Participant
			if req.Race != "" {
				p, err = s.ByBib(races[0].ID, req.Bib)
			} else {
				p, err = s.FindBib(req.Bib)
			}
			if err != nil {
				return printResult{}, err
			}
			ps = []model.Participant{p}
		} else {
			all, err := s.List("")
			if err != nil {
				return printResult{}, err
			}
			for _, g := range lists.StartList(ev, all, lists.ByBib) {
				if req.Race == "" || g.Race.ID == races[0].ID {
					for _, e := range g.Entries {
						ps = append(ps, e.Participant)
					}
				}
			}
		}
		for _, p := range ps {
			if err := add(l.Label(p)); err != nil {
				return printResult{}, err
			}
		}
	case "results":
		all, err := s.Results()
		if err != nil {
			return printResult{}, err
		}
		rr := all[races[0].ID]
		rl := printer.ResultListOf(races[0].ID, rr)
		if !hasFinishers(rl) {
			return printResult{}, model.NewProblem(msg.PrNoResults, races[0].Name)
		}
		if err := add(l.Results(rl, printer.ResultOptions{ByClass: req.ByClass, Class: req.Class})); err != nil {
			return printResult{}, err
		}
	case "teams":
		all, err := s.Results()
		if err != nil {
			return printResult{}, err
		}
		if !hasFinishers(printer.ResultListOf(races[0].ID, all[races[0].ID])) {
			return printResult{}, model.NewProblem(msg.PrNoResults, races[0].Name)
		}
		if err := add(l.Teams(printer.TeamListOf(raceTeams(ev, races[0].ID, all)))); err != nil {
			return printResult{}, err
		}
	case "checkin":
		ps, err := s.List("")
		if err != nil {
			return printResult{}, err
		}
		race := ""
		if req.Race != "" {
			race = races[0].ID
		}
		if err := add(l.CheckInSummary(race, ps)); err != nil {
			return printResult{}, err
		}
	case "slip":
		if err := add(finishSlip(s, l, req, races)); err != nil {
			return printResult{}, err
		}
	case "cash":
		r, err := s.CashReport()
		if err != nil {
			return printResult{}, err
		}
		if err := add(l.CashReport(r)); err != nil {
			return printResult{}, err
		}
	default:
		return printResult{}, fmt.Errorf("nothing to print called %q", req.Kind)
	}
	res := printResult{Target: p.Target, Width: p.Width}
	for _, d := range docs {
		res.Jobs = append(res.Jobs, printedJob{Title: d.Title, Data: printer.Encode(d), Preview: printer.Preview(d)})
	}
	return res, nil
}

// resultList maps the timing's results onto the printer's plain rows.

func hasFinishers(rl printer.ResultList) bool {
	for _, r := range rl.Rows {
		if r.Status == "" && r.Place > 0 {
			return true
		}
	}
	return false
}

// finishSlip lays out the finish slip of the runner with req.Bib (in
// races[0] when --race names it).
func finishSlip(s *store.Store, l printer.Layout, req printRequest, races []model.Race) (*printer.Doc, error) {
	var p model.Participant
	var err error
	if req.Race != "" {
		p, err = s.ByBib(races[0].ID, req.Bib)
	} else {
		p, err = s.FindBib(req.Bib)
	}
	if err != nil {
		return nil, err
	}
	all, err := s.Results()
	if err != nil {
		return nil, err
	}
	if rr := all[p.Race]; rr != nil {
		for _, r := range rr.Results {
			if r.Participant != nil && r.Participant.ID == p.ID {
				return l.FinishSlip(p.Race, r)
			}
		}
	}
	return nil, model.NewProblem(msg.PrSlipNoResult, req.Bib)
}
