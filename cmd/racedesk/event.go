package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

func newEventCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "event",
		Short: "Set up and show the event",
		Example: `  racedesk event init --config docs/examples/event.toml --db waldlauf.db --desk "Desk 1"
  racedesk event show --db waldlauf.db`,
		Args: noArgs,
	}
	cmd.AddCommand(newEventInitCmd(g), newEventShowCmd(g))
	return cmd
}

type eventInitOptions struct {
	config string
	json   bool
}

func newEventInitCmd(g *globals) *cobra.Command {
	o := &eventInitOptions{}
	cmd := &cobra.Command{
		Use:   "init --config event.toml",
		Short: "Create the event database from an event file",
		Long: `Create the event database from an event file (TOML): the event, its races,
bib ranges and per-desk pools, fees, extra fields, printers. The database
gets a new device ID and the desk name given with --desk.`,
		Example: `  racedesk event init --config docs/examples/event.toml --db waldlauf.db --desk "Desk 1"`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.config == "" {
				return usage(msg.UsageRequired, "--config")
			}
			return runEventInit(g, o)
		},
	}
	cmd.Flags().StringVar(&o.config, "config", "", "event file (TOML)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the summary as JSON")
	return cmd
}

func runEventInit(g *globals, o *eventInitOptions) error {
	f, err := os.Open(o.config)
	if err != nil {
		return fmt.Errorf("read event file: %w", err)
	}
	defer f.Close()
	ev, err := model.ParseEvent(f)
	if err != nil {
		return fmt.Errorf("%s: %w", o.config, err)
	}
	s, err := store.Create(g.dbPath(), ev, g.desk, store.Options{Now: g.now})
	if err != nil {
		return err
	}
	defer s.Close()
	if o.json {
		return printJSON(g.out, map[string]any{"db": s.Path(), "event": ev.Name, "device": s.Device()})
	}
	fmt.Fprintln(g.out, msg.T(g.language(ev.Lang), msg.EventCreated, ev.Name, s.Path(), s.Device().Desk))
	return nil
}

type eventShowOptions struct{ json bool }

func newEventShowCmd(g *globals) *cobra.Command {
	o := &eventShowOptions{}
	cmd := &cobra.Command{
		Use:     "show",
		Short:   "Show the event, its races, this desk's bib pools and the counts",
		Example: `  racedesk event show --db waldlauf.db`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runEventShow(g, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print as JSON")
	return cmd
}

func runEventShow(g *globals, o *eventShowOptions) error {
	s, err := g.open()
	if err != nil {
		return err
	}
	defer g.release(s)
	return showEvent(g, s, o)
}

// showEvent prints the event of an open store (commands that changed it
// show it from the store they hold: a second open would find it in use).
func showEvent(g *globals, s *store.Store, o *eventShowOptions) error {
	ev := s.Event()
	counts, err := s.Counts()
	if err != nil {
		return err
	}
	pools, err := s.Pools()
	if err != nil {
		return err
	}
	if o.json {
		return printJSON(g.out, map[string]any{"event": ev, "device": s.Device(), "counts": counts, "pools": pools})
	}
	lang := g.language(ev.Lang)
	w := g.out
	fmt.Fprintf(w, "%s\n%s · %s\n", ev.Name, ev.Day().Format("02.01.2006"), ev.Location)
	fmt.Fprintf(w, "%s: %s (%s)\n\n", msg.T(lang, msg.Desk), s.Device().Desk, s.Device().ID)
	for i, r := range ev.Races {
		fmt.Fprintf(w, "%-8s %s · %s %s · %s %s / %s %s\n", r.ID, r.Name, msg.T(lang, msg.Start), r.Start,
			msg.T(lang, msg.Fee), model.FormatEuros(r.FeeCents), msg.T(lang, msg.LateFee), model.FormatEuros(r.LateFeeCents))
		pool := "–"
		if pools[i].OK {
			pool = fmt.Sprintf("%s (%d)", model.FormatRanges(pools[i].Ranges), pools[i].Left)
		}
		fmt.Fprintf(w, "         %s %s · %s %s · %s %d / %s %d\n", msg.T(lang, msg.Bib), model.FormatRanges(r.Bibs),
			msg.T(lang, msg.Pool), pool, msg.T(lang, msg.Participants), counts.PerRace[r.ID],
			msg.T(lang, msg.CheckedInCount), counts.InPerRace[r.ID])
	}
	if len(ev.ExtraFields) > 0 {
		var names []string
		for _, f := range ev.ExtraFields {
			names = append(names, f.Key)
		}
		fmt.Fprintf(w, "\nextra: %s\n", strings.Join(names, ", "))
	}
	fmt.Fprintf(w, "\n%s %d · %s %d · %s %d\n", msg.T(lang, msg.Participants), counts.Total,
		msg.T(lang, msg.CheckedInCount), counts.CheckedIn, msg.T(lang, msg.LateEntries), counts.Late)
	return nil
}
