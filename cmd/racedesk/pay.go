package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

// runnerRef is how a command names one runner, as checkin does: by bib
// (in --race if given), by participant ID, or by the phone form's code.
type runnerRef struct {
	bib            int
	id, code, race string
}

func (r *runnerRef) addFlags(cmd *cobra.Command) {
	cmd.Flags().IntVar(&r.bib, "bib", 0, "bib number")
	cmd.Flags().StringVar(&r.id, "id", "", "participant ID")
	cmd.Flags().StringVar(&r.code, "code", "", "the six-character code a runner shows from the phone form")
	cmd.Flags().StringVar(&r.race, "race", "", "race of the bib (default: the race whose range has it)")
}

// check is a usage error unless exactly one way names the runner.
func (r *runnerRef) check() error {
	if n := btoi(r.bib != 0) + btoi(r.id != "") + btoi(r.code != ""); n != 1 {
		return usage(msg.UsageOneOf, "--bib, --id, --code")
	}
	return nil
}

// get reads the runner r names.
func (r *runnerRef) get(s *store.Store, ev *model.Event) (model.Participant, error) {
	id, err := participantID(s, ev, r.id, r.race, r.bib, r.code)
	if err != nil {
		return model.Participant{}, err
	}
	return s.Get(id)
}

// getLive is get for a change: a deleted runner is refused, as the store
// refuses any change to them.
func (r *runnerRef) getLive(s *store.Store, ev *model.Event) (model.Participant, error) {
	p, err := r.get(s, ev)
	if err == nil && p.Status == model.Deleted {
		return model.Participant{}, model.NewProblem(msg.ErrDeleted, p.ID)
	}
	return p, err
}

type payOptions struct {
	who    runnerRef
	method string
	amount string
	json   bool
}

func newPayCmd(g *globals) *cobra.Command {
	o := &payOptions{}
	cmd := &cobra.Command{
		Use:   "pay (--bib N [--race R] | --id ID | --code CODE) --method cash|card|online [--amount EUR]",
		Short: "Take a runner's payment (as ctrl+b on the desk's check-in card)",
		Long: `Take a payment from a registered runner, as the desk's check-in card does.
The amount is what the runner owes (the race's fee; the late fee for a
runner registered at the desk or on a phone) unless --amount gives it, in
euros as typed at a desk: 20, 20,00 or 20.5.

A runner who has paid already is refused with exit 1, saying what they
paid; nothing changes.`,
		Example: `  racedesk pay --bib 17 --method cash
  racedesk pay --code K7M2QX --method card --amount 13,00`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.who.check(); err != nil {
				return err
			}
			if !cmd.Flags().Changed("method") {
				return usage(msg.UsageRequired, "--method")
			}
			return runPay(g, o, cmd.Flags().Changed("amount"))
		},
	}
	o.who.addFlags(cmd)
	cmd.Flags().StringVar(&o.method, "method", "", "how the runner pays: cash, card or online")
	cmd.Flags().StringVar(&o.amount, "amount", "", "amount in euros (default: what the runner owes)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the participant and the amount as JSON")
	return cmd
}

// payMethod reads --method: a way of paying, never "unpaid".
func payMethod(s string) (model.PayMethod, error) {
	m, err := model.ParsePayMethod(s)
	if err != nil || m == model.Unpaid {
		return "", &model.FieldError{Field: model.FPayMethod, Input: s, Key: msg.ErrPayHow}
	}
	return m, nil
}

func runPay(g *globals, o *payOptions, amountGiven bool) error {
	s, ev, lang, err := g.openEvent()
	if err != nil {
		return err
	}
	defer g.release(s)
	method, err := payMethod(o.method)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	cents := -1 // what the runner owes, as the desk takes it
	if amountGiven {
		if cents, err = model.ParseEuros(o.amount); err != nil {
			return reportInputError(g, lang, err)
		}
	}
	p, err := o.who.getLive(s, ev)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	if p.Paid() {
		return reportInputError(g, lang, &model.FieldError{Field: model.FPayMethod, Key: msg.ErrAlreadyPaid,
			Args: []any{p.FullName(), model.FormatEuros(p.PaidCents), screen.PayMethodLabel(lang, p.PayMethod)}})
	}
	p, err = s.TakePayment(p.ID, method, cents)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	if o.json {
		return printJSON(g.out, struct {
			Participant participantView `json:"participant"`
			PaidCents   int             `json:"paid_cents"`
		}{view(ev, p), p.PaidCents})
	}
	fmt.Fprintf(g.out, "%s: %s\n", msg.T(lang, msg.PaymentSaved), describe(lang, ev, p))
	return nil
}
