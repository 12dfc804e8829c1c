package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

type historyOptions struct {
	who  runnerRef
	json bool
}

func newHistoryCmd(g *globals) *cobra.Command {
	o := &historyOptions{}
	cmd := &cobra.Command{
		Use:   "history (--bib N [--race R] | --id ID | --code CODE)",
		Short: "Show a runner's change history (as the desk's check-in card shows it)",
		Long: `Show every change to a runner, oldest first, in the lines of the desk's
check-in card: when, at which desk, and what it set — statuses and payment
methods in words, money in euros, dates as typed at a desk.

With --json: one entry per change with its time (at, RFC 3339 in UTC, and
at_ms, Unix milliseconds), desk, device, operation and every field it set
with its value before and after (old, new: the stored values; money in
cents).`,
		Example: `  racedesk history --bib 17
  racedesk history --code K7M2QX --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.who.check(); err != nil {
				return err
			}
			return runHistory(g, o)
		},
	}
	o.who.addFlags(cmd)
	cmd.Flags().BoolVar(&o.json, "json", false, "print the history as JSON")
	return cmd
}

// historyEntry is one change of a runner in --json output.
type historyEntry struct {
	At      string       `json:"at"`
	AtMs    int64        `json:"at_ms"`
	Desk    string       `json:"desk"`
	Device  string       `json:"device"`
	Op      string       `json:"op"`
	Changes []changeView `json:"changes"`
}

// rfc3339Millis is RFC 3339 with milliseconds, the precision of a change's
// time.
const rfc3339Millis = "2006-01-02T15:04:05.000Z07:00"

// historyEntries describes a runner's changes, each field with the value
// the changes before it had left.
func historyEntries(h []store.Change) []historyEntry {
	values := map[string]string{}
	out := make([]historyEntry, 0, len(h))
	for _, ch := range h {
		e := historyEntry{At: ch.HLC.Time().UTC().Format(rfc3339Millis), AtMs: ch.HLC.WallMillis(),
			Desk: ch.Desk, Device: ch.Device, Op: ch.Op, Changes: make([]changeView, 0, len(ch.Fields))}
		for _, f := range ch.Fields {
			e.Changes = append(e.Changes, changeView{Field: f.Field, Old: values[f.Field], New: f.Value})
			values[f.Field] = f.Value
		}
		out = append(out, e)
	}
	return out
}

func runHistory(g *globals, o *historyOptions) error {
	s, ev, lang, err := g.openEvent()
	if err != nil {
		return err
	}
	defer g.release(s)
	p, err := o.who.get(s, ev)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	h, err := s.History(p.ID)
	if err != nil {
		return err
	}
	if p.Status == model.Deleted {
		h = withoutPersonalData(h)
	}
	if o.json {
		return printJSON(g.out, historyEntries(h))
	}
	fmt.Fprintf(g.out, "%s: %s\n", msg.T(lang, msg.History), describe(lang, ev, p))
	if len(h) == 0 {
		fmt.Fprintln(g.out, msg.T(lang, msg.HistoryNone))
	}
	for _, ch := range h {
		fmt.Fprintln(g.out, screen.HistoryLine(lang, ch))
	}
	return nil
}

// withoutPersonalData is a deleted runner's history with every personal
// value cleared. The store clears them in its log too, except in this
// desk's own changes, which it keeps until purge to push them again
// unchanged; they are not shown.
func withoutPersonalData(h []store.Change) []store.Change {
	out := make([]store.Change, len(h))
	for i, ch := range h {
		fields := make([]model.FieldChange, len(ch.Fields))
		for j, f := range ch.Fields {
			if model.IsPersonal(f.Field) {
				f.Value = ""
			}
			fields[j] = f
		}
		ch.Fields = fields
		out[i] = ch
	}
	return out
}
