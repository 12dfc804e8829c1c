package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

type startOptions struct {
	race string
	at   string
	json bool
}

func newStartCmd(g *globals) *cobra.Command {
	o := &startOptions{}
	cmd := &cobra.Command{
		Use:   "start --race R [--time hh:mm:ss[.t]]",
		Short: "Record a race's start (gun) time",
		Long: `Record the start of a race, now or at a typed time of day — read, as the
timing screen reads it, on the day of the race's earlier start, else
today (not the event file's date). A second start of the same race
supersedes the first (both stay in the audit trail).`,
		Example: `  racedesk start --race 10k
  racedesk start --race 5k --time 10:00:00.4`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.race == "" {
				return usage(msg.UsageRequired, "--race")
			}
			return recordTiming(g, o.json, func(s *store.Store) (model.TimingEvent, error) {
				race, err := raceFilter(s.Event(), o.race)
				if err != nil {
					return model.TimingEvent{}, err
				}
				at, mode, err := timingTime(g, s, race, 0, o.at)
				if err != nil {
					return model.TimingEvent{}, err
				}
				return model.TimingEvent{Kind: model.KindStart, Race: race, At: at, Mode: mode}, nil
			})
		},
	}
	cmd.Flags().StringVar(&o.race, "race", "", "race ID, name, alias or distance")
	cmd.Flags().StringVar(&o.at, "time", "", "start time hh:mm:ss[.t], on the day of the race's start as the timing screen reads it (default: now)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the recorded event as JSON")
	return cmd
}

type finishOptions struct {
	race   string
	bib    int
	at     string
	status string
	reason string
	json   bool
}

func newFinishCmd(g *globals) *cobra.Command {
	o := &finishOptions{}
	cmd := &cobra.Command{
		Use:   "finish --bib N [--race R] [--time hh:mm:ss[.t]] | --bib N --status dnf|dsq|dns [--reason TEXT]",
		Short: "Record a finish (or a DNF, DSQ, DNS)",
		Long: `Record a finisher: the bib and the time (now, or typed). The race follows
from the bib when not given. An unknown bib is recorded and flagged, never
refused. With --status, record DNF, DSQ (give --reason) or DNS instead, or
"registered" to take such a status back.`,
		Example: `  racedesk finish --race 10k --bib 17
  racedesk finish --bib 17 --time 10:41:13.4
  racedesk finish --bib 23 --status dsq --reason "shortened the course"`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.bib <= 0 {
				return usage(msg.UsageRequired, "--bib")
			}
			return recordTiming(g, o.json, func(s *store.Store) (model.TimingEvent, error) {
				race, err := raceFilter(s.Event(), o.race)
				if err != nil {
					return model.TimingEvent{}, err
				}
				if o.status != "" {
					return model.TimingEvent{Kind: model.KindStatus, Bib: o.bib, Status: model.Status(strings.ToLower(o.status)), Reason: o.reason}, nil
				}
				at, mode, err := timingTime(g, s, race, o.bib, o.at)
				if mode == model.ModeKey {
					mode = model.ModeBib
				}
				return model.TimingEvent{Kind: model.KindFinish, Race: race, Bib: o.bib, At: at, Mode: mode}, err
			})
		},
	}
	cmd.Flags().StringVar(&o.race, "race", "", "race (default: the race of the bib)")
	cmd.Flags().IntVar(&o.bib, "bib", 0, "bib number")
	cmd.Flags().StringVar(&o.at, "time", "", "finish time hh:mm:ss[.t], on the day of the race's start as the timing screen reads it (default: now)")
	cmd.Flags().StringVar(&o.status, "status", "", "dnf, dsq, dns, or registered to undo")
	cmd.Flags().StringVar(&o.reason, "reason", "", "reason of a DSQ")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the recorded event as JSON")
	return cmd
}

// timingTime is a typed time of a start or finish of race (else of the
// bib's race), read as the timing screen reads it (typedTimeFor), or now.
// A time that does not exist is rejected input naming --time (exit 1).
func timingTime(g *globals, s *store.Store, race string, bib int, typed string) (int64, string, error) {
	if typed == "" {
		return g.now().UnixMilli(), model.ModeKey, nil
	}
	at, err := typedTimeFor(s, race, bib, typed, g.now())
	return at, model.ModeTyped, err
}

func recordTiming(g *globals, asJSON bool, build func(*store.Store) (model.TimingEvent, error)) error {
	s, err := g.open()
	if err != nil {
		return err
	}
	defer g.release(s)
	lang := g.language(s.Event().Lang)
	e, err := build(s)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	e, err = s.RecordTiming(e)
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(g.out, newTimingView(e))
	}
	what := msg.T(lang, msg.Key("kind."+string(e.Kind)))
	if e.Bib != 0 {
		what += fmt.Sprintf(" #%d", e.Bib)
	}
	if e.Race != "" {
		what += " " + e.Race
	}
	when := ""
	if e.At != 0 {
		when = " " + e.Time().Format("15:04:05.0")
	}
	if e.Status != "" {
		when = " " + e.Status.Label(lang)
		if e.Reason != "" {
			when += " (" + e.Reason + ")"
		}
	}
	fmt.Fprintln(g.out, msg.T(lang, msg.TimingRecorded, what+when))
	return nil
}

// timingView is a timing event in the JSON of every command (docs/json.md):
// the moment as RFC 3339 text in "at" and as Unix milliseconds in "at_ms"
// (the stored record's "at" is milliseconds: it stays as it is on disk).
type timingView struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Race   string `json:"race,omitempty"`
	Bib    int    `json:"bib,omitempty"`
	At     string `json:"at,omitempty"`
	AtMS   int64  `json:"at_ms,omitempty"`
	Ref    string `json:"ref,omitempty"`
	Mode   string `json:"mode,omitempty"`
	Status string `json:"status,omitempty"`
	Reason string `json:"reason,omitempty"`
	Desk   string `json:"desk"`
	Device string `json:"device"`
}

func newTimingView(e model.TimingEvent) timingView {
	v := timingView{ID: e.ID, Kind: string(e.Kind), Race: e.Race, Bib: e.Bib, Ref: e.Ref, Mode: e.Mode,
		Status: string(e.Status), Reason: e.Reason, Desk: e.Desk, Device: e.Device}
	if e.At != 0 {
		v.At, v.AtMS = e.Time().Format(jsonTime), e.At
	}
	return v
}

// jsonTime is how JSON outputs write a moment: RFC 3339 with milliseconds.
const jsonTime = "2006-01-02T15:04:05.000Z07:00"

type resultsOptions struct {
	race   string
	class  string
	gender string
	teams  bool
	json   bool
}

func newResultsCmd(g *globals) *cobra.Command {
	o := &resultsOptions{}
	cmd := &cobra.Command{
		Use:   "results --race R [--class M40] [--gender M|W|D] [--teams] [--json]",
		Short: "Show a race's results: places overall, by gender and by age class, or the team ranking",
		Example: `  racedesk results --race 10k
  racedesk results --race 10k --class W45 --json
  racedesk results --race 10k --teams`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.race == "" {
				return usage(msg.UsageRequired, "--race")
			}
			if o.teams {
				if o.class != "" || o.gender != "" {
					return usage(msg.UsageTeamsAlone, "--class/--gender")
				}
				return runTeams(g, o)
			}
			return runResults(g, o)
		},
	}
	cmd.Flags().StringVar(&o.race, "race", "", "race ID, name, alias or distance")
	cmd.Flags().StringVar(&o.class, "class", "", "only this age class")
	cmd.Flags().StringVar(&o.gender, "gender", "", "only this gender (M, W, D)")
	cmd.Flags().BoolVar(&o.teams, "teams", false, "the team ranking: the best runners of each club, by the event file's [results.teams]")
	cmd.Flags().BoolVar(&o.json, "json", false, "print as JSON")
	return cmd
}

func runResults(g *globals, o *resultsOptions) error {
	s, ev, lang, err := g.openEvent()
	if err != nil {
		return err
	}
	defer g.release(s)
	race, err := raceFilter(ev, o.race)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	all, err := s.Results()
	if err != nil {
		return err
	}
	rr := filterResults(*all[race], o.class, o.gender)
	if o.json {
		return printJSON(g.out, rr)
	}
	r, _ := ev.Race(race)
	fmt.Fprintln(g.out, r.Name)
	if rr.Started {
		fmt.Fprintf(g.out, "%s %s\n", msg.T(lang, msg.Start), rr.Start.Format("15:04:05.0"))
	} else {
		fmt.Fprintln(g.out, msg.T(lang, msg.NotStarted))
	}
	for _, line := range resultLines(lang, rr) {
		fmt.Fprintln(g.out, line)
	}
	// Finishes whose bib belongs to no race are every race's business.
	if stray := all[""]; stray != nil {
		fmt.Fprintln(g.out, "\n"+msg.T(lang, msg.Unassigned)+":")
		for _, f := range stray.Flags {
			fmt.Fprintln(g.out, "  ! "+f.Text(lang))
		}
	}
	return nil
}

// filterResults keeps one class and/or gender.
func filterResults(rr model.RaceResults, class, gender string) model.RaceResults {
	if class == "" && gender == "" {
		return rr
	}
	var keep []model.Result
	for _, r := range rr.Results {
		if class != "" && !strings.EqualFold(r.Class, class) {
			continue
		}
		if gender != "" && !strings.EqualFold(string(r.Gender), gender) {
			continue
		}
		keep = append(keep, r)
	}
	rr.Results = keep
	return rr
}

// resultLines renders results as a plain table.
func resultLines(lang msg.Lang, rr model.RaceResults) []string {
	lines := []string{fmt.Sprintf("%4s %5s  %-26s %-6s %4s %4s %10s", msg.T(lang, msg.Place), msg.T(lang, msg.BibColumn),
		msg.T(lang, msg.Name), msg.T(lang, msg.AgeClass), msg.T(lang, msg.GenderPlace), msg.T(lang, msg.ClassPlace), msg.T(lang, msg.TimeColumn))}
	for _, r := range rr.Results {
		place, gp, cp := "", "", ""
		t := r.TimeText
		if r.Status != "" {
			t = strings.ToUpper(string(r.Status))
		} else {
			place, gp = fmt.Sprint(r.Place)+".", fmt.Sprint(r.GenderPlace)
			if r.ClassPlace > 0 {
				cp = fmt.Sprint(r.ClassPlace)
			}
		}
		line := fmt.Sprintf("%4s %5d  %-26s %-6s %4s %4s %10s", place, r.Bib, screen.Clip(r.Name, 26), r.Class, gp, cp, t)
		if r.Reason != "" {
			line += " (" + r.Reason + ")"
		}
		lines = append(lines, line)
	}
	if len(rr.Flags) > 0 {
		lines = append(lines, "", msg.T(lang, msg.FlagsToCheck, len(rr.Flags)))
		for _, f := range rr.Flags {
			lines = append(lines, "  ! "+f.Text(lang))
		}
	}
	return lines
}
