package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

type demoOptions struct {
	runners int
	seed    int64
	phones  int
	force   bool
	json    bool
}

func newDemoCmd(g *globals) *cobra.Command {
	o := &demoOptions{}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Create a demo event database with pre-registered runners",
		Long: `Create a demo event database: the example forest run (10 km, 5 km and a
kids' race) with pre-registered runners — realistic names, birth dates,
clubs, most paid online, no bibs yet. It refuses to overwrite an existing
file unless --force is given.`,
		Example: `  racedesk demo --db demo.db
  racedesk demo --db demo.db --runners 1000 --seed 7 --force`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.runners < 0 {
				return usageError{fmt.Errorf("--runners must be 0 or more")}
			}
			return runDemo(g, o)
		},
	}
	cmd.Flags().IntVar(&o.runners, "runners", 300, "number of pre-registered runners")
	cmd.Flags().Int64Var(&o.seed, "seed", 1, "random seed (same seed, same runners)")
	cmd.Flags().BoolVar(&o.force, "force", false, "overwrite an existing database file")
	cmd.Flags().IntVar(&o.phones, "phones", 0, "registrations made on phones, waiting at the desk with their codes")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the summary as JSON")
	return cmd
}

func runDemo(g *globals, o *demoOptions) error {
	path := g.dbPath()
	if _, err := os.Stat(path); err == nil {
		if !o.force {
			return fmt.Errorf("%s already exists; use --force to replace it", path)
		}
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("replace %s: %w", path, err)
		}
	}
	ev, err := demo.Event()
	if err != nil {
		return err
	}
	s, err := store.Create(path, ev, g.desk, store.Options{Now: g.now})
	if err != nil {
		return err
	}
	defer s.Close()
	inputs := demo.Runners(ev, o.runners, o.seed)
	_, rejected, err := s.RegisterMany(inputs, store.RegisterOptions{Origin: store.OriginImport})
	if err != nil {
		return fmt.Errorf("demo runners: %w", err)
	}
	if len(rejected) > 0 {
		// The generator is meant to produce only valid runners.
		return fmt.Errorf("demo runners: %d rejected, first: %w", len(rejected), rejected[0])
	}
	// Phone registrations: other runners (another seed), waiting for the
	// desk to confirm them by their codes.
	for _, in := range demo.Runners(ev, o.phones, o.seed+1_000_003) {
		in.ExternalID, in.Paid, in.Amount = "", "", ""
		if _, err := s.RegisterPending(in); err != nil {
			return fmt.Errorf("demo phone registrations: %w", err)
		}
	}
	lang := g.language(ev.Lang)
	if o.json {
		return printJSON(g.out, map[string]any{"db": path, "event": ev.Name, "runners": len(inputs), "phones": max(o.phones, 0), "desk": s.Device().Desk})
	}
	fmt.Fprintln(g.out, msg.T(lang, msg.DemoCreated, ev.Name, len(inputs), path))
	return nil
}
