package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

type deleteOptions struct {
	id, reason, race string
	bib              int
}

func newDeleteCmd(g *globals) *cobra.Command {
	o := &deleteOptions{}
	cmd := &cobra.Command{
		Use:   "delete (--id ID | --bib N) --reason TEXT",
		Short: "Delete a participant and their personal data, on every laptop once synced",
		Long: `Delete a participant: a test entry, a registration made by mistake, a runner
who withdraws their consent. The deletion is a change that syncs: on every
laptop and in the cloud the personal fields are cleared (also in the
history), the bib stays used, and no older edit brings anything back.
A reason is required; it is kept with the deletion.`,
		Example: `  racedesk delete --bib 17 --reason "withdrew consent"
  racedesk delete --id 0193f3a2-... --reason "test entry"`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if (o.bib == 0) == (o.id == "") {
				return usage(msg.UsageOneOf, "--bib, --id")
			}
			return runDelete(g, o)
		},
	}
	cmd.Flags().StringVar(&o.id, "id", "", "participant ID")
	cmd.Flags().IntVar(&o.bib, "bib", 0, "bib number")
	cmd.Flags().StringVar(&o.race, "race", "", "race of the bib (default: the race whose range has it)")
	cmd.Flags().StringVar(&o.reason, "reason", "", "why (required)")
	return cmd
}

func runDelete(g *globals, o *deleteOptions) error {
	s, ev, lang, err := g.openEvent()
	if err != nil {
		return err
	}
	defer g.release(s)
	id, err := participantID(s, ev, o.id, o.race, o.bib, "")
	if err != nil {
		return reportInputError(g, lang, err)
	}
	before, err := s.Get(id)
	if err != nil {
		return err
	}
	if _, err := s.Delete(id, o.reason); err != nil {
		return reportInputError(g, lang, err)
	}
	fmt.Fprintf(g.out, "deleted: %s (%s, bib %d) — the deletion syncs; the bib stays used\n", before.FullName(), before.Race, before.Bib)
	return nil
}

type purgeOptions struct {
	keepResults bool
	dryRun      bool
}

func newPurgeCmd(g *globals) *cobra.Command {
	o := &purgeOptions{}
	cmd := &cobra.Command{
		Use:   "purge [--keep-results] [--dry-run]",
		Short: "After the event: remove the personal data from this laptop",
		Long: `Remove every participant's personal data from this laptop's database —
names, birth dates, contact data, extra fields, in the records and in the
history — and rewrite the file so no old bytes stay in it. Volunteers'
laptops go home after the event; the data stays in the cloud.

It refuses while anything exists only here: changes the cloud (or the
hub) has not acknowledged, a hub's changes of other desks not yet passed
on, or a laptop that never synced — and says what is missing; sync first.
--keep-results keeps what a published result list shows (name, club,
gender, birth year). A purged file does not sync any more. Backups in the
backup folder are not touched: delete them too.`,
		Example: `  racedesk sync --once && racedesk purge
  racedesk purge --keep-results`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runPurge(g, o) },
	}
	cmd.Flags().BoolVar(&o.keepResults, "keep-results", false, "keep name, club, gender and birth year (for publishing results)")
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "only say whether the laptop may be purged")
	return cmd
}

func runPurge(g *globals, o *purgeOptions) error {
	s, err := g.open()
	if err != nil {
		return err
	}
	why, err := s.PurgeBlocker()
	if err != nil {
		s.Close()
		return err
	}
	if why != "" {
		s.Close()
		fmt.Fprintf(g.err, "racedesk: not purged: %s\n", why)
		return reportedError{}
	}
	if o.dryRun {
		s.Close()
		fmt.Fprintln(g.out, "everything this laptop made is in the cloud: it may be purged")
		return nil
	}
	rep, err := s.Purge(o.keepResults)
	path := s.Path()
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := store.CompactFile(path); err != nil {
		return err
	}
	fmt.Fprintf(g.out, "purged: personal data of %d participants and %d history entries removed; the file was rewritten\n", rep.Participants, rep.Changes)
	if dir := s.Event().Backup.Dir; dir != "" {
		fmt.Fprintf(g.out, "backups in %s still hold personal data: delete them\n", dir)
	}
	return nil
}
