package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// racedesk timing: what the timing screen does to finishes, on the
// command line (issue 18). Finishes are named by the screen's number (its
// "#" column, model.FinishNumber) or by their event ID; every correction
// is one new timing event (a bib, a time, a void, an inserted finish, an
// undo), recorded in one transaction, as the screen records it — nothing
// is changed or deleted, so corrections sync and can be undone.

func newTimingCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "timing",
		Short: "List finishes as the timing screen numbers them, and correct them",
		Long: `The timing screen's list and corrections. "racedesk timing list" shows the
finishes with the numbers of the screen's # column (every finish recorded,
voided ones too, numbered in time order from 1; newest first, as on the
screen); the corrections name a finish by that number or by --id. Each
correction is a new timing event, like the screen's: the audit trail keeps
everything, and "racedesk timing undo" takes back this desk's last one.
Typed times are read on the day of the race's start, as the screen reads
them (before any start: today).`,
		Example: `  racedesk timing list --race 10k
  racedesk timing bib 12 --bib 71
  racedesk timing time 12 --time 11:10:13.4
  racedesk timing void 12
  racedesk timing insert --bib 71 --time 11:10:13.4
  racedesk timing undo`,
		// Runnable, so that noArgs sees an unknown subcommand (a usage
		// error, exit 2) rather than cobra printing help with exit 0.
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newTimingListCmd(g), newTimingBibCmd(g), newTimingTimeCmd(g), newTimingVoidCmd(g),
		newTimingInsertCmd(g), newTimingUndoCmd(g))
	return cmd
}

// timingDesk is what the timing screen knows: every timing event, the
// records they make, and who holds which bib.
type timingDesk struct {
	ev     *model.Event
	device string // this desk's device: its actions are what undo takes back
	evs    []model.TimingEvent
	recs   []model.TimingRecord
	raceOf map[int]string     // bib → race of the runner holding it
	names  map[raceBib]string // race and bib → "Last, First"
}

type raceBib struct {
	race string
	bib  int
}

func loadTimingDesk(s *store.Store) (*timingDesk, error) {
	evs, err := s.TimingEvents()
	if err != nil {
		return nil, err
	}
	d := &timingDesk{ev: s.Event(), device: s.Device().ID, evs: evs, recs: model.TimingRecords(evs), raceOf: map[int]string{}, names: map[raceBib]string{}}
	err = s.EachParticipant(func(p *model.Participant) error {
		if p.Bib == 0 || p.Status == model.Deleted {
			return nil
		}
		d.raceOf[p.Bib] = p.Race
		if k := (raceBib{p.Race, p.Bib}); d.names[k] == "" {
			d.names[k] = p.Last + ", " + p.First
		}
		return nil
	})
	return d, err
}

// clockDay is the day a time typed for race is read on, as the timing
// screen reads it: the day of the race's start, else of now
// (model.ClockDay) — never the event file's date.
func (d *timingDesk) clockDay(race string, now time.Time) time.Time {
	start, ok := model.RaceStarts(d.recs)[race]
	return model.ClockDay(time.UnixMilli(start.At), ok, now)
}

// typedTime reads the --time typed for race (see clockDay).
func (d *timingDesk) typedTime(race, typed string, now time.Time) (int64, error) {
	t, err := model.ParseClockTime(typed, d.clockDay(race, now))
	var fe *model.FieldError
	if errors.As(err, &fe) {
		return 0, &inputError{name: "--time", input: typed, key: fe.Key, args: fe.Args}
	}
	if err != nil {
		return 0, err
	}
	return t.UnixMilli(), nil
}

// typedTimeFor is a time typed for a start or finish (racedesk start,
// finish): race, else the race of the bib's holder, as the screen takes
// it for a finish.
func typedTimeFor(s *store.Store, race string, bib int, typed string, now time.Time) (int64, error) {
	d, err := loadTimingDesk(s)
	if err != nil {
		return 0, err
	}
	if race == "" {
		race = d.raceOf[bib]
	}
	return d.typedTime(race, typed, now)
}

// raceOfRecord is the race a finish was taken for, else its bib's: the
// race whose start day its typed times are read on (as on the screen).
func (d *timingDesk) raceOfRecord(r model.TimingRecord) string {
	if r.Event.Race != "" {
		return r.Event.Race
	}
	return d.raceOf[r.Bib]
}

// raceOfFinish is the race a finish counts in, as results decide: its
// bib holder's, else the one it was taken for.
func (d *timingDesk) raceOfFinish(r model.TimingRecord) string {
	if race, ok := d.raceOf[r.Bib]; ok && r.Bib != 0 {
		return race
	}
	return r.Event.Race
}

func (d *timingDesk) raceName(id string) string {
	if r, ok := d.ev.Race(id); ok {
		return r.Name
	}
	return id
}

// record is the event id as its corrections leave it.
func (d *timingDesk) record(id string) (model.TimingRecord, bool) {
	for _, r := range d.recs {
		if r.Event.ID == id {
			return r, true
		}
	}
	return model.TimingRecord{}, false
}

// finishView is a finish as racedesk timing list shows it.
type finishView struct {
	Number      int    `json:"number"` // the timing screen's #
	ID          string `json:"id"`
	Race        string `json:"race"`
	Bib         int    `json:"bib"` // 0: waits for a bib
	Name        string `json:"name"`
	At          string `json:"at"`    // RFC 3339 with milliseconds, like every "at"
	AtMS        int64  `json:"at_ms"` // Unix milliseconds
	Clock       string `json:"clock"` // hh:mm:ss.t, as the screen shows it
	Void        bool   `json:"void"`
	Corrected   bool   `json:"corrected"`
	WaitsForBib bool   `json:"waits_for_bib"`
	UnknownBib  bool   `json:"unknown_bib"`
	Twice       bool   `json:"twice"` // the bib finished before: the first finish counts
	Note        string `json:"note"`  // the screen's last column
	Mode        string `json:"mode"`
	Desk        string `json:"desk"`
}

// views are the finishes numbered and flagged as on the screen, oldest
// first.
func (d *timingDesk) views(lang msg.Lang) []finishView {
	first := map[int]bool{}
	fins := model.Finishes(d.recs)
	out := make([]finishView, 0, len(fins))
	for i, r := range fins {
		v := finishView{Number: i + 1, ID: r.Event.ID, Race: d.raceOfFinish(r), Bib: r.Bib, At: time.UnixMilli(r.At).Format(jsonTime), AtMS: r.At, Clock: clockText(r.At),
			Void: r.Voided, Corrected: r.Corrected, WaitsForBib: r.Bib == 0, Mode: r.Event.Mode, Desk: r.Event.Desk}
		if r.Bib != 0 {
			v.Name = d.names[raceBib{d.raceOf[r.Bib], r.Bib}]
			if !r.Voided {
				_, known := d.raceOf[r.Bib]
				v.UnknownBib = !known
				v.Twice = known && first[r.Bib]
				first[r.Bib] = true
			}
		}
		switch {
		case v.Void:
			v.Note = msg.T(lang, msg.Voided)
		case v.WaitsForBib:
			v.Note = "… " + msg.T(lang, msg.WaitsForBib)
		case v.UnknownBib:
			v.Note = "! " + msg.T(lang, msg.FlagUnknown)
		case v.Twice:
			v.Note = "! " + msg.T(lang, msg.FlagTwice)
		case v.Corrected:
			v.Note = msg.T(lang, msg.Corrected)
		}
		out = append(out, v)
	}
	return out
}

// view is the finish id, if it is one.
func (d *timingDesk) view(lang msg.Lang, id string) *finishView {
	for _, v := range d.views(lang) {
		if v.ID == id {
			return &v
		}
	}
	return nil
}

// finish is the finish a command names: by the screen's number (N, "12"
// or "#12") or by its event ID.
func (d *timingDesk) finish(args []string, id string) (model.TimingRecord, int, error) {
	fins := model.Finishes(d.recs)
	if id != "" {
		for i, r := range fins {
			if r.Event.ID == id {
				return r, i + 1, nil
			}
		}
		return model.TimingRecord{}, 0, &inputError{name: "--id", input: id, key: msg.CLITimingNoSuchID}
	}
	n, _ := finishNumber(args[0])
	if n < 1 || n > len(fins) {
		return model.TimingRecord{}, 0, &inputError{name: "N", input: args[0], key: msg.CLITimingNoSuchNumber, args: []any{len(fins)}}
	}
	return fins[n-1], n, nil
}

// finishNumber reads N as typed, also as copied from the list ("#12").
func finishNumber(arg string) (int, error) {
	return strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(arg), "#"))
}

// finishArgs checks that a correction names one finish: N or --id.
func finishArgs(cmd *cobra.Command, args []string) error {
	id, _ := cmd.Flags().GetString("id")
	switch {
	case len(args) > 1:
		return usage(msg.UsageArgCount, "1", strconv.Itoa(len(args)))
	case (len(args) == 1) == (id != ""):
		return usage(msg.UsageOneOf, "N, --id")
	case len(args) == 1:
		if _, err := finishNumber(args[0]); err != nil {
			return usage(msg.UsageBadValue, args[0], "N")
		}
	}
	return nil
}

// inputError is refused input, named as the command line gave it: the
// flag or argument, what was given, and why.
type inputError struct {
	name, input string
	key         msg.Key
	args        []any
}

func (e *inputError) Error() string { return e.Localize(msg.EN) }

func (e *inputError) Localize(lang msg.Lang) string {
	return msg.T(lang, msg.CLITimingRefused, e.name, model.Printable(e.input), msg.T(lang, e.key, e.args...))
}

func clockText(ms int64) string { return time.UnixMilli(ms).Format("15:04:05.0") }

func bibText(bib int) string {
	if bib == 0 {
		return "–"
	}
	return strconv.Itoa(bib)
}

// --- racedesk timing list

type timingListOptions struct {
	race string
	json bool
}

func newTimingListCmd(g *globals) *cobra.Command {
	o := &timingListOptions{}
	cmd := &cobra.Command{
		Use:   "list [--race R] [--json]",
		Short: "List the finishes with the timing screen's numbers (newest first)",
		Long: `List the finishes as the timing screen shows them: newest first, each with
its number (the screen's # column: every finish recorded, voided ones too,
in time order from 1), time, bib, name, race and the screen's note (voided,
waits for a bib, unknown bib, bib twice, corrected). The corrections name a
finish by this number. Above the list: each race's start.`,
		Example: `  racedesk timing list
  racedesk timing list --race 10k --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runTimingList(g, o) },
	}
	cmd.Flags().StringVar(&o.race, "race", "", "only finishes of this race (numbers stay the screen's)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the finishes as JSON")
	return cmd
}

func runTimingList(g *globals, o *timingListOptions) error {
	s, ev, lang, err := g.openEvent()
	if err != nil {
		return err
	}
	defer g.release(s)
	race, err := raceFilter(ev, o.race)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	d, err := loadTimingDesk(s)
	if err != nil {
		return err
	}
	all := d.views(lang)
	rows := make([]finishView, 0, len(all))
	for i := len(all) - 1; i >= 0; i-- { // newest first, as on the screen
		if race == "" || all[i].Race == race {
			rows = append(rows, all[i])
		}
	}
	if o.json {
		return printJSON(g.out, rows)
	}
	starts := model.RaceStarts(d.recs)
	var parts []string
	for _, r := range ev.Races {
		if race != "" && r.ID != race {
			continue
		}
		at := "–"
		if st, ok := starts[r.ID]; ok {
			at = clockText(st.At)
		}
		parts = append(parts, r.ID+" "+at)
	}
	fmt.Fprintln(g.out, msg.T(lang, msg.Start)+": "+strings.Join(parts, " · "))
	if len(rows) == 0 {
		fmt.Fprintln(g.out, msg.T(lang, msg.CLITimingNoFinishes))
		return nil
	}
	line := func(num, at, bib, name, race, note string) {
		fmt.Fprintln(g.out, strings.TrimRight(fmt.Sprintf(" %5s %-11s %5s  %-24s %-7s %s", num, at, bib, name, race, note), " "))
	}
	line(msg.T(lang, msg.TimingNumberColumn), msg.T(lang, msg.TimeColumn), msg.T(lang, msg.BibColumn), msg.T(lang, msg.Name), msg.T(lang, msg.Race), "")
	for _, v := range rows {
		line("#"+strconv.Itoa(v.Number), v.Clock, bibText(v.Bib), v.Name, v.Race, v.Note)
	}
	return nil
}

// --- corrections

// correction is what a timing command records and what it says.
type correction struct {
	ev     model.TimingEvent // with its ID; no Kind: nothing changes
	target string            // the finish it changes, if it changes one
	say    func(after *timingDesk) string
}

// timingChangeView is a correction in --json output.
type timingChangeView struct {
	Changed bool        `json:"changed"`
	ID      string      `json:"id,omitempty"` // the event recorded
	Kind    string      `json:"kind,omitempty"`
	Ref     string      `json:"ref,omitempty"` // the event it corrects
	Mode    string      `json:"mode,omitempty"`
	Text    string      `json:"text"`             // what the command prints
	Before  *finishView `json:"before,omitempty"` // the finish it changes
	After   *finishView `json:"after,omitempty"`
}

// runCorrection builds a correction from the timing records, records it
// (one event, one transaction) and says what it changed.
func runCorrection(g *globals, asJSON bool, build func(d *timingDesk, lang msg.Lang) (correction, error)) error {
	s, err := g.open()
	if err != nil {
		return err
	}
	defer g.release(s)
	lang := g.language(s.Event().Lang)
	d, err := loadTimingDesk(s)
	if err != nil {
		return err
	}
	c, err := build(d, lang)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	before, after := d, d
	if c.ev.Kind != "" {
		if c.ev, err = s.RecordTiming(c.ev); err != nil {
			return err
		}
		if after, err = loadTimingDesk(s); err != nil {
			return err
		}
	}
	text := c.say(after)
	if n, m := model.FinishNumber(before.recs, c.target), model.FinishNumber(after.recs, c.target); n != 0 && m != n {
		text = msg.T(lang, msg.CLITimingRenumbered, text, m) // a time moved it in the list
	}
	if !asJSON {
		fmt.Fprintln(g.out, text)
		return nil
	}
	v := timingChangeView{Changed: c.ev.Kind != "", ID: c.ev.ID, Kind: string(c.ev.Kind), Ref: c.ev.Ref, Mode: c.ev.Mode, Text: text}
	if c.target != "" {
		v.Before, v.After = before.view(lang, c.target), after.view(lang, c.target)
	}
	return printJSON(g.out, v)
}

type timingFixOptions struct {
	id   string
	bib  int
	at   string
	json bool
}

func (o *timingFixOptions) addTarget(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.id, "id", "", "the finish's event ID (racedesk timing list --json), instead of N")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the change as JSON")
}

func newTimingBibCmd(g *globals) *cobra.Command {
	o := &timingFixOptions{}
	cmd := &cobra.Command{
		Use:   "bib (N | --id EVENTID) --bib B [--json]",
		Short: "Give finish #N another bib (or its bib, if it waits for one)",
		Long: `Give finish #N (the timing screen's number) bib B, as the screen's bib
correction does. It says what changes: "finish #12 at 11:10:13.4: bib 17 → 71".`,
		Example: `  racedesk timing bib 12 --bib 71
  racedesk timing bib --id 0193f3a2-... --bib 71 --json`,
		Args: finishArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("bib") {
				return usage(msg.UsageRequired, "--bib")
			}
			return runCorrection(g, o.json, func(d *timingDesk, lang msg.Lang) (correction, error) {
				if o.bib <= 0 {
					return correction{}, &inputError{name: "--bib", input: strconv.Itoa(o.bib), key: msg.CLITimingBibNumber}
				}
				r, n, err := d.finish(args, o.id)
				if err != nil {
					return correction{}, err
				}
				if r.Bib == o.bib {
					return correction{target: r.Event.ID, say: func(*timingDesk) string {
						return msg.T(lang, msg.CLITimingSameBib, n, clockText(r.At), bibText(r.Bib))
					}}, nil
				}
				ev := model.TimingEvent{ID: model.NewID(), Kind: model.KindBib, Ref: r.Event.ID, Bib: o.bib}
				return correction{ev: ev, target: r.Event.ID, say: func(*timingDesk) string {
					return msg.T(lang, msg.CLITimingBib, n, clockText(r.At), bibText(r.Bib), bibText(o.bib))
				}}, nil
			})
		},
	}
	cmd.Flags().IntVar(&o.bib, "bib", 0, "the finish's bib")
	o.addTarget(cmd)
	return cmd
}

func newTimingTimeCmd(g *globals) *cobra.Command {
	o := &timingFixOptions{}
	cmd := &cobra.Command{
		Use:   "time (N | --id EVENTID) --time hh:mm:ss[.t] [--json]",
		Short: "Give finish #N another time",
		Long: `Give finish #N (the timing screen's number) another time of day, read on
the day of its race's start as the screen reads it. The list is in time
order, so the finish may get another number; the command says so:
"finish #12, bib 17: 11:10:13.4 → 11:09:58.0 (now #11)".`,
		Example: `  racedesk timing time 12 --time 11:10:13.4`,
		Args:    finishArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.at == "" {
				return usage(msg.UsageRequired, "--time")
			}
			return runCorrection(g, o.json, func(d *timingDesk, lang msg.Lang) (correction, error) {
				r, n, err := d.finish(args, o.id)
				if err != nil {
					return correction{}, err
				}
				at, err := d.typedTime(d.raceOfRecord(r), o.at, g.now())
				if err != nil {
					return correction{}, err
				}
				if at == r.At {
					return correction{target: r.Event.ID, say: func(*timingDesk) string {
						return msg.T(lang, msg.CLITimingSameTime, n, bibText(r.Bib), clockText(r.At))
					}}, nil
				}
				ev := model.TimingEvent{ID: model.NewID(), Kind: model.KindTime, Ref: r.Event.ID, At: at}
				return correction{ev: ev, target: r.Event.ID, say: func(*timingDesk) string {
					return msg.T(lang, msg.CLITimingTime, n, bibText(r.Bib), clockText(r.At), clockText(at))
				}}, nil
			})
		},
	}
	cmd.Flags().StringVar(&o.at, "time", "", "the new time hh:mm:ss[.t], on the day of the race's start")
	o.addTarget(cmd)
	return cmd
}

func newTimingVoidCmd(g *globals) *cobra.Command {
	o := &timingFixOptions{}
	cmd := &cobra.Command{
		Use:   "void (N | --id EVENTID) [--json]",
		Short: "Void finish #N: it does not count",
		Long: `Void finish #N (the timing screen's number): it stays in the list, marked,
and no longer counts in the results. A finish already voided is refused;
"racedesk timing undo" takes a void back.`,
		Example: `  racedesk timing void 12`,
		Args:    finishArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCorrection(g, o.json, func(d *timingDesk, lang msg.Lang) (correction, error) {
				r, n, err := d.finish(args, o.id)
				if err != nil {
					return correction{}, err
				}
				if r.Voided {
					name, input := "N", ""
					if len(args) > 0 {
						input = args[0]
					} else {
						name, input = "--id", o.id
					}
					return correction{}, &inputError{name: name, input: input, key: msg.CLITimingAlreadyVoid,
						args: []any{n, bibText(r.Bib), clockText(r.At)}}
				}
				ev := model.TimingEvent{ID: model.NewID(), Kind: model.KindVoid, Ref: r.Event.ID}
				return correction{ev: ev, target: r.Event.ID, say: func(*timingDesk) string {
					return msg.T(lang, msg.CLITimingVoid, n, bibText(r.Bib), clockText(r.At))
				}}, nil
			})
		},
	}
	o.addTarget(cmd)
	return cmd
}

type timingInsertOptions struct {
	race string
	timingFixOptions
}

func newTimingInsertCmd(g *globals) *cobra.Command {
	o := &timingInsertOptions{}
	cmd := &cobra.Command{
		Use:   "insert --bib B --time hh:mm:ss[.t] [--race R] [--json]",
		Short: "Insert a missed finisher at a typed time",
		Long: `Insert a finisher the timekeeper missed, at a typed time of day (read on
the day of the race's start, as the screen reads it). The race follows
from the bib when not given; an unknown bib is recorded and flagged, as
racedesk finish records it. The finishes after it get the next numbers.`,
		Example: `  racedesk timing insert --bib 71 --time 11:10:13.4
  racedesk timing insert --bib 777 --race 10k --time 11:13:00`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("bib") {
				return usage(msg.UsageRequired, "--bib")
			}
			if o.at == "" {
				return usage(msg.UsageRequired, "--time")
			}
			return runCorrection(g, o.json, func(d *timingDesk, lang msg.Lang) (correction, error) {
				if o.bib <= 0 {
					return correction{}, &inputError{name: "--bib", input: strconv.Itoa(o.bib), key: msg.CLITimingBibNumber}
				}
				race, err := raceFilter(d.ev, o.race)
				if err != nil {
					return correction{}, err
				}
				if race == "" {
					race = d.raceOf[o.bib]
				}
				at, err := d.typedTime(race, o.at, g.now())
				if err != nil {
					return correction{}, err
				}
				ev := model.TimingEvent{ID: model.NewID(), Kind: model.KindFinish, At: at, Bib: o.bib, Race: race, Mode: model.ModeInsert}
				return correction{ev: ev, target: ev.ID, say: func(after *timingDesk) string {
					return msg.T(lang, msg.CLITimingInsert, bibText(o.bib), clockText(at), model.FinishNumber(after.recs, ev.ID))
				}}, nil
			})
		},
	}
	cmd.Flags().IntVar(&o.bib, "bib", 0, "the missed finisher's bib")
	cmd.Flags().StringVar(&o.at, "time", "", "the finish time hh:mm:ss[.t], on the day of the race's start")
	cmd.Flags().StringVar(&o.race, "race", "", "race (default: the race of the bib)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the change as JSON")
	return cmd
}

func newTimingUndoCmd(g *globals) *cobra.Command {
	o := &timingFixOptions{}
	cmd := &cobra.Command{
		Use:   "undo [--json]",
		Short: "Undo this desk's last timing action, as the screen's undo does",
		Long: `Undo this desk's last timing action that still counts — a finish, a start,
a bib, a time, a void, a DNF/DSQ — as the timing screen's undo (ctrl+z)
does: by a new event that voids it, so the undo syncs and the audit trail
keeps both. Undoing a void brings its finish back. Run it again to go one
step further back.`,
		Example: `  racedesk timing undo
  racedesk timing undo --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCorrection(g, o.json, func(d *timingDesk, lang msg.Lang) (correction, error) {
				e, ok := model.LastUndoable(d.evs, d.device)
				if !ok {
					return correction{}, model.NewProblem(msg.TimingNoUndo)
				}
				ev := model.Undo(e)
				ev.ID = model.NewID()
				target := e.Ref
				if e.Kind == model.KindFinish {
					target = e.ID
				}
				if r, ok := d.record(target); !ok || r.Event.Kind != model.KindFinish {
					target = ""
				}
				return correction{ev: ev, target: target, say: func(after *timingDesk) string {
					return msg.T(lang, msg.CLITimingUndone, d.describeUndo(lang, after, e))
				}}, nil
			})
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print the change as JSON")
	return cmd
}

// describeUndo says what undoing e changed, in the timing screen's words
// (its undo question): d before the undo, after with it.
func (d *timingDesk) describeUndo(lang msg.Lang, after *timingDesk, e model.TimingEvent) string {
	t := func(k msg.Key, args ...any) string { return msg.T(lang, k, args...) }
	now, _ := d.record(e.Ref)
	back, _ := after.record(e.Ref)
	number := func(id string) int { return model.FinishNumber(d.recs, id) }
	switch e.Kind {
	case model.KindFinish:
		r, ok := d.record(e.ID)
		if !ok {
			r = model.TimingRecord{Event: e, At: e.At, Bib: e.Bib}
		}
		return t(msg.TimingUndoFinish, number(e.ID), bibText(r.Bib), clockText(r.At))
	case model.KindStart:
		return t(msg.TimingUndoStart, d.raceName(e.Race), clockText(e.At))
	case model.KindBib:
		return t(msg.TimingUndoBib, number(e.Ref), clockText(now.At), bibText(now.Bib), bibText(back.Bib))
	case model.KindTime:
		return t(msg.TimingUndoTime, number(e.Ref), bibText(now.Bib), clockText(now.At), clockText(back.At))
	case model.KindVoid:
		if now.Event.Kind == model.KindStart {
			return t(msg.TimingUndoOther, t(msg.TimingKeyVoid), t(msg.TimingUndoStart, d.raceName(now.Event.Race), clockText(now.At)))
		}
		return t(msg.TimingUndoVoid, number(e.Ref), bibText(now.Bib), clockText(now.At))
	case model.KindStatus:
		return t(msg.TimingUndoStatus, strings.ToUpper(string(e.Status)), strconv.Itoa(e.Bib))
	}
	return t(msg.TimingUndoOther, string(e.Kind), e.ID)
}
