package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/tui/screen"
)

type cashOptions struct {
	only string
	json bool
}

func newCashCmd(g *globals) *cobra.Command {
	o := &cashOptions{}
	cmd := &cobra.Command{
		Use:   "cash [--only-desk NAME] [--json]",
		Short: "Show the cash report (Kassenabschluss): payments by method and desk, late fees, what is open, who is checked in unpaid",
		Long: `Show the cash report — the numbers to count the cash box against at the end
of the day: the event's payments by method (cash, card, online) and how
much of them is late fees (what runners registered on the day paid); what
each desk booked; what the registered and checked-in runners still owe,
per race; and who is checked in without having paid, with bib and amount.
Deleted and withdrawn runners are left out.

Who took a payment comes from the change log: every change of a runner's
payment is booked to the desk that made it — the new payment counted, the
one before taken back. A payment corrected or handed back at another desk
is that desk's booking; a desk's undo of its own payment cancels it at
that desk; payments an import brought (paid online) are the import's.

--only-desk NAME shows one desk's row and the runners it checked in
unpaid (not --desk: that names the desk this command speaks as). The
desk's screen shows the same report (F6, then k); 'racedesk print cash'
prints it.`,
		Example: `  racedesk cash
  racedesk cash --only-desk "Desk 2"
  racedesk cash --json > kasse.json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runCash(g, o) },
	}
	cmd.Flags().StringVar(&o.only, "only-desk", "", "only this desk's bookings and the runners it checked in unpaid")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the report as JSON")
	return cmd
}

// cashJSON is the report as --json prints it.
type cashJSON struct {
	// Desk is the desk this command ran as (its file's).
	Desk string `json:"desk"`
	model.CashReport
}

func runCash(g *globals, o *cashOptions) error {
	s, ev, lang, err := g.openEvent()
	if err != nil {
		return err
	}
	defer g.release(s)
	r, err := s.CashReport()
	if err != nil {
		return err
	}
	desk := s.Device().Desk
	if o.only != "" {
		name, _ := model.CleanDeskName(o.only)
		var found *model.DeskCash
		var names []string
		for i, d := range r.Desks {
			if !d.Import {
				names = append(names, d.Desk)
				if d.Desk == name {
					found = &r.Desks[i]
				}
			}
		}
		if found == nil {
			fmt.Fprintf(g.err, "racedesk: %s\n", msg.T(lang, msg.ErrCashNoDesk, o.only, strings.Join(names, ", ")))
			return reportedError{}
		}
		desk = name
		r.Desks = []model.DeskCash{*found}
		var unpaid []model.UnpaidRunner
		for _, u := range r.CheckedInUnpaid {
			if u.CheckedInDesk == name {
				unpaid = append(unpaid, u)
			}
		}
		r.CheckedInUnpaid = append([]model.UnpaidRunner{}, unpaid...)
	}
	if o.json {
		return printJSON(g.out, cashJSON{Desk: desk, CashReport: r})
	}
	at := g.now().Format("02.01.2006 15:04")
	if lang == msg.EN {
		at = g.now().Format("2006-01-02 15:04")
	}
	fmt.Fprintf(g.out, "%s — %s · %s\n\n", msg.T(lang, msg.CashTitle), ev.Name, msg.T(lang, msg.CashAt, at))
	for _, l := range screen.CashLines(lang, ev, r, screen.CashView{Desk: desk, Only: o.only != ""}) {
		fmt.Fprintln(g.out, l.Text)
	}
	return nil
}
