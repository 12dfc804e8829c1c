package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// `racedesk pending purge`: removing a batch of phone registrations that
// nobody confirmed (a flood of the form, issue 17). It works on the file,
// or through the process that holds it (desk, hub, racedesk hotspot) over
// its control socket.

type pendingPurgeOptions struct {
	since  string
	dryRun bool
	json   bool
}

func newPendingCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "pending",
		Short:   "Phone registrations waiting to be confirmed",
		Example: `  racedesk pending purge --db waldlauf.db --since 10m --dry-run`,
		Args:    noArgs,
	}
	cmd.AddCommand(newPendingPurgeCmd(g))
	return cmd
}

func newPendingPurgeCmd(g *globals) *cobra.Command {
	o := &pendingPurgeOptions{}
	cmd := &cobra.Command{
		Use:   "purge --since 10m|HH:MM [--dry-run]",
		Short: "Delete the phone registrations nobody confirmed that came in since a time",
		Long: `Delete the phone registrations that are still waiting to be confirmed and
came in since the given time: after a flood of the phone form, the
invented entries go before they fill the lists and the check-in printout.
--since is a span back from now (10m, 1h30m) or a time of today (10:42).
Each entry is deleted like 'delete' at the desk: a change that syncs, so it
goes at every desk and in the cloud, with its personal data; runners the
desk confirmed are never touched. --dry-run lists them and deletes nothing.

It works while the desk (or the hub, or 'racedesk hotspot') holds the
database: it asks that process to do it.`,
		Example: `  racedesk pending purge --db waldlauf.db --since 10m --dry-run
  racedesk pending purge --db waldlauf.db --since 10:42`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.since == "" {
				return usageError{errors.New("--since is required (e.g. 10m or 10:42)")}
			}
			since, err := parseSince(o.since, g.now())
			if err != nil {
				return usageError{err}
			}
			return runPendingPurge(g, o, since)
		},
	}
	cmd.Flags().StringVar(&o.since, "since", "", "registrations since this span back (10m) or time of today (10:42)")
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "list them, delete nothing")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the result as JSON")
	return cmd
}

// parseSince reads "10m" (back from now) or "10:42" (today).
func parseSince(v string, now time.Time) (time.Time, error) {
	if d, err := time.ParseDuration(v); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	if t, err := time.ParseInLocation("15:04", v, now.Location()); err == nil {
		return time.Date(now.Year(), now.Month(), now.Day(), t.Hour(), t.Minute(), 0, 0, now.Location()), nil
	}
	return time.Time{}, fmt.Errorf("--since %q: a span back from now (10m) or a time of today (10:42)", v)
}

// purgeRequest travels over the control socket as the "pending-purge" arg.
type purgeRequest struct {
	Since  time.Time `json:"since"`
	DryRun bool      `json:"dry_run,omitempty"`
}

type purgeEntry struct {
	ID   string    `json:"id"`
	Code string    `json:"code"`
	Name string    `json:"name"`
	Race string    `json:"race"`
	At   time.Time `json:"at"`
}

type purgeReply struct {
	Since   time.Time    `json:"since"`
	Entries []purgeEntry `json:"entries"`
	DryRun  bool         `json:"dry_run,omitempty"`
	Deleted int          `json:"deleted"`
	Skipped int          `json:"skipped"` // confirmed meanwhile: kept
}

// purgePending lists the pending registrations since req.Since and, unless
// a dry run, deletes exactly those.
func purgePending(s *store.Store, req purgeRequest) (purgeReply, error) {
	rep := purgeReply{Since: req.Since, DryRun: req.DryRun, Entries: []purgeEntry{}}
	list, err := s.PendingSince(req.Since)
	if err != nil {
		return rep, err
	}
	ids := make([]string, len(list))
	for i, e := range list {
		ids[i] = e.ID
		rep.Entries = append(rep.Entries, purgeEntry{ID: e.ID, Code: e.Code, Name: e.FullName(), Race: e.Race, At: e.At})
	}
	if req.DryRun || len(ids) == 0 {
		return rep, nil
	}
	res, err := s.DeletePendingIDs(ids, store.FloodReason)
	rep.Deleted, rep.Skipped = len(res.Deleted), res.Skipped
	return rep, err
}

// pendingControl lets `racedesk pending purge` reach the process holding
// the file.
func pendingControl(s *store.Store) map[string]store.ControlHandler {
	return map[string]store.ControlHandler{
		"pending-purge": func(arg string) (any, error) {
			var req purgeRequest
			if err := json.Unmarshal([]byte(arg), &req); err != nil {
				return nil, err
			}
			return purgePending(s, req)
		},
	}
}

func runPendingPurge(g *globals, o *pendingPurgeOptions, since time.Time) error {
	req := purgeRequest{Since: since, DryRun: o.dryRun}
	var rep purgeReply
	lang := g.language("")
	s, err := g.open()
	switch {
	case errors.Is(err, store.ErrInUse):
		if err := store.RequestControl(g.dbPath(), "pending-purge", mustJSON(req), &rep); err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		defer s.Close()
		lang = g.language(s.Event().Lang)
		if rep, err = purgePending(s, req); err != nil {
			return err
		}
	}
	if o.json {
		return printJSON(g.out, rep)
	}
	fmt.Fprintln(g.out, msg.T(lang, msg.PurgeListHead, len(rep.Entries), rep.Since.Format("15:04:05")))
	for _, e := range rep.Entries {
		fmt.Fprintf(g.out, "  %s  %s  %s · %s\n", e.At.Local().Format("15:04:05"), e.Code, e.Name, e.Race)
	}
	if rep.DryRun {
		fmt.Fprintln(g.out, msg.T(lang, msg.PurgeDryRun))
		return nil
	}
	line := msg.T(lang, msg.PurgeDone, rep.Deleted)
	if rep.Skipped > 0 {
		line += " · " + msg.T(lang, msg.PurgeSkipped, rep.Skipped)
	}
	fmt.Fprintln(g.out, strings.TrimSpace(line))
	return nil
}
