package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

type registerOptions struct {
	in           model.ParticipantInput
	extra        []string
	checkIn      bool
	json         bool
	notDuplicate bool // the organizer checked: a different person
	dryRun       bool
}

func newRegisterCmd(g *globals) *cobra.Command {
	o := &registerOptions{}
	cmd := &cobra.Command{
		Use:   "register --race ID --first NAME --last NAME --born DATE --gender M|W|D",
		Short: "Register a runner (a late entry at the desk)",
		Long: `Register a runner with the same validation as the desk's form. The bib is the
next free one of this desk's pool unless --bib gives one. Birth dates as
typed at a desk: 12.03.1985, 12.3.85, 1985-03-12 or the year alone.
Nothing is written when any field is wrong; every wrong field is named.

A runner who is probably registered already (the same person typed
differently: a typo, names swapped, a double name shortened, day and month
swapped, only the year) is refused with exit 1, naming who and why; give
--not-duplicate once you checked it is someone else. --dry-run checks
everything and writes nothing (with --json: the participant and
"similar", the likely duplicates).`,
		Example: `  racedesk register --race 10k --first Jörg --last Müller --born 12.3.85 --gender m
  racedesk register --race 5k --first Anna --last Weiß --born 2001 --gender w --paid cash --extra tshirt=M`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			extra, err := parseExtra(o.extra)
			if err != nil {
				return usageError{err}
			}
			o.in.Extra = extra
			return runRegister(g, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.in.Race, "race", "", "race ID, name, alias or distance")
	f.StringVar(&o.in.First, "first", "", "first name")
	f.StringVar(&o.in.Last, "last", "", "last name")
	f.StringVar(&o.in.Born, "born", "", "birth date (DD.MM.YYYY, YYYY-MM-DD or the year)")
	f.StringVar(&o.in.Gender, "gender", "", "M, W or D (m/w/d, male/female/diverse)")
	f.StringVar(&o.in.Club, "club", "", "club")
	f.StringVar(&o.in.Email, "email", "", "email")
	f.StringVar(&o.in.Phone, "phone", "", "phone")
	f.StringVar(&o.in.Bib, "bib", "auto", "bib number, or auto for the next of this desk's pool")
	f.StringVar(&o.in.Paid, "paid", "", "payment taken: cash, card or online (empty: unpaid)")
	f.StringVar(&o.in.Amount, "amount", "", "amount paid in euros (default: the late fee)")
	f.StringVar(&o.in.ExternalID, "external-id", "", "registration ID of the online platform")
	f.StringArrayVar(&o.extra, "extra", nil, "extra field as key=value (repeatable)")
	f.BoolVar(&o.checkIn, "checkin", false, "check the runner in at once (they are at the desk)")
	f.BoolVar(&o.json, "json", false, "print the participant as JSON")
	f.BoolVar(&o.notDuplicate, "not-duplicate", false, "register even though a similar runner is registered (checked: someone else)")
	f.BoolVar(&o.dryRun, "dry-run", false, "check the entry and look for duplicates; write nothing")
	return cmd
}

func parseExtra(kvs []string) (map[string]string, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	m := map[string]string{}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("--extra %q: expected key=value", kv)
		}
		m[k] = v
	}
	return m, nil
}

func runRegister(g *globals, o *registerOptions) error {
	s, ev, lang, err := g.openEvent()
	if err != nil {
		return err
	}
	defer g.release(s)
	o.in.Source = model.SourceDesk
	if o.checkIn {
		o.in.Status = string(model.CheckedIn)
	}
	v, err := model.Validate(ev, o.in, g.now(), true)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	person := model.PersonOf(&v.Participant)
	similar, err := s.Similar(person, "")
	if err != nil {
		return err
	}
	if o.dryRun {
		return reportDryRun(g, lang, ev, v.Participant, similar, o.json)
	}
	if len(similar) > 0 && !o.notDuplicate {
		for _, m := range similar {
			fmt.Fprintf(g.err, "racedesk: %s\n", msg.T(lang, msg.ProbablyRegistered, describe(lang, ev, m.Participant), m.Reason.Text(lang)))
		}
		fmt.Fprintf(g.err, "racedesk: %s\n", msg.T(lang, msg.NotDuplicateHint))
		return reportedError{}
	}
	p, err := s.Register(o.in, store.RegisterOptions{Late: true})
	if err != nil {
		return reportInputError(g, lang, err)
	}
	if o.json {
		return printJSON(g.out, view(ev, p))
	}
	fmt.Fprintf(g.out, "%s: %s\n", msg.T(lang, msg.Registered), describe(lang, ev, p))
	fmt.Fprintf(g.out, "ID %s\n", p.ID)
	return nil
}

// reportInputError prints refused input — every field error on its own
// line, or one problem — in lang and makes the command exit 1; other
// errors pass through.
func reportInputError(g *globals, lang msg.Lang, err error) error {
	var ve model.ValidationError
	if errors.As(err, &ve) {
		for _, fe := range ve {
			fmt.Fprintf(g.err, "racedesk: %s\n", fe.Localize(lang))
		}
		return reportedError{}
	}
	if _, ok := err.(msg.Localized); ok {
		// A field, a problem, a refused argument: in the event's language
		// (run would print it in the caller's).
		fmt.Fprintf(g.err, "racedesk: %s\n", msg.Error(lang, err))
		return reportedError{}
	}
	return err
}

type checkinOptions struct {
	bib  int
	id   string
	code string // a phone registration's code
	race string
	pay  string // take what the runner owes, in the same change
	json bool
}

func newCheckinCmd(g *globals) *cobra.Command {
	o := &checkinOptions{}
	cmd := &cobra.Command{
		Use:   "checkin (--bib N | --id ID | --code CODE) [--race R]",
		Short: "Check a runner in (gives out a bib from this desk's pool if they have none)",
		Long: `Check a runner in. A runner without a bib gets the next one of this desk's
pool. Checking in someone who is already checked in says when and at which
desk, and changes nothing.`,
		Example: `  racedesk checkin --bib 17
  racedesk checkin --code 93NHJT --pay cash
  racedesk checkin --id 0193f3a2-...`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if n := btoi(o.bib != 0) + btoi(o.id != "") + btoi(o.code != ""); n != 1 {
				return usage(msg.UsageOneOf, "--bib, --id, --code")
			}
			return runCheckin(g, o)
		},
	}
	cmd.Flags().IntVar(&o.bib, "bib", 0, "bib number")
	cmd.Flags().StringVar(&o.id, "id", "", "participant ID")
	cmd.Flags().StringVar(&o.code, "code", "", "the six-character code a runner shows from the phone form")
	cmd.Flags().StringVar(&o.race, "race", "", "race of the bib (default: the race whose range has it)")
	cmd.Flags().StringVar(&o.pay, "pay", "", "cash, card or online: a runner who owes pays it with the check-in, in one change (as the desk's Enter asks)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the result as JSON")
	return cmd
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// byCode finds the phone registration with a code (typed in any case).
func byCode(s *store.Store, code string) (model.Participant, error) {
	hits, err := s.Search(code, 10)
	if err != nil {
		return model.Participant{}, err
	}
	for _, h := range hits {
		if h.Participant.Code != "" && model.Fold(h.Participant.Code) == model.Fold(code) {
			return h.Participant, nil
		}
	}
	return model.Participant{}, &model.FieldError{Field: "code", Input: code, Key: msg.ErrNoSuchCode}
}

func runCheckin(g *globals, o *checkinOptions) error {
	s, ev, lang, err := g.openEvent()
	if err != nil {
		return err
	}
	defer g.release(s)
	id, err := participantID(s, ev, o.id, o.race, o.bib, o.code)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	var method model.PayMethod
	if o.pay != "" {
		if method, err = payMethod(o.pay); err != nil {
			return reportInputError(g, lang, err)
		}
	}
	res, err := s.CheckInPaying(id, method)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	if o.json {
		return printJSON(g.out, map[string]any{"participant": view(ev, res.Participant), "already": res.Already, "bib_assigned": res.BibAssigned})
	}
	if res.Already {
		fmt.Fprintln(g.out, describe(lang, ev, res.Participant))
		fmt.Fprintln(g.out, msg.T(lang, msg.AlreadyCheckedIn, res.Participant.CheckedInAt, res.Participant.CheckedInDesk))
		return nil
	}
	fmt.Fprintf(g.out, "%s: %s\n", msg.T(lang, msg.CheckedInNow), describe(lang, ev, res.Participant))
	return nil
}

type listOptions struct {
	race string
	json bool
}

func newListCmd(g *globals) *cobra.Command {
	o := &listOptions{}
	cmd := &cobra.Command{
		Use:   "list [--race R]",
		Short: "List participants by race and name",
		Example: `  racedesk list --race 10k
  racedesk list --json | jq '.[] | select(.status == "checked-in")'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runList(g, o)
		},
	}
	cmd.Flags().StringVar(&o.race, "race", "", "only this race (ID, name, alias or distance)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print as JSON")
	return cmd
}

func runList(g *globals, o *listOptions) error {
	s, ev, lang, err := g.openEvent()
	if err != nil {
		return err
	}
	defer g.release(s)
	race, err := raceFilter(ev, o.race)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	ps, err := s.List(race)
	if err != nil {
		return err
	}
	if o.json {
		views := make([]participantView, len(ps))
		for i, p := range ps {
			views[i] = view(ev, p)
		}
		return printJSON(g.out, views)
	}
	fmt.Fprintf(g.out, "%5s  %-28s %-10s %-6s %-8s %-11s %s\n", msg.T(lang, msg.Bib), msg.T(lang, msg.Name),
		msg.T(lang, msg.Born), msg.T(lang, msg.AgeClass), msg.T(lang, msg.Race), msg.T(lang, msg.Status), msg.T(lang, msg.Paid))
	for _, p := range ps {
		v := view(ev, p)
		bib := ""
		if p.Bib != 0 {
			bib = strconv.Itoa(p.Bib)
		}
		paid := "–"
		if p.Paid() {
			paid = model.FormatEuros(p.PaidCents)
		}
		fmt.Fprintf(g.out, "%5s  %-28s %-10s %-6s %-8s %-11s %s\n", bib, screen.Clip(p.Last+", "+p.First, 28),
			p.Born.Display(), v.AgeClass, p.Race, screen.Clip(p.Status.Label(lang), 11), paid)
	}
	return nil
}

// extraKeys lists the event's extra field keys in file order.
func extraKeys(ev *model.Event) []string {
	keys := make([]string, len(ev.ExtraFields))
	for i, f := range ev.ExtraFields {
		keys[i] = f.Key
	}
	return keys
}

// raceFilter resolves an optional --race flag to a race ID ("" for all).
func raceFilter(ev *model.Event, name string) (string, error) {
	if name == "" {
		return "", nil
	}
	r, err := ev.RaceFor(name)
	if err != nil {
		return "", err
	}
	return r.ID, nil
}

// similarView is one likely duplicate in --json output.
type similarView struct {
	ID         string `json:"id"`
	ExternalID string `json:"external_id"`
	Name       string `json:"name"`
	Born       string `json:"born"`
	Race       string `json:"race"`
	Bib        int    `json:"bib,omitempty"`
	Reason     string `json:"reason"`
}

// reportDryRun says what register would do, writing nothing.
func reportDryRun(g *globals, lang msg.Lang, ev *model.Event, p model.Participant, similar []model.Match, asJSON bool) error {
	views := make([]similarView, 0, len(similar))
	for _, m := range similar {
		q := m.Participant
		views = append(views, similarView{ID: q.ID, ExternalID: q.ExternalID, Name: q.FullName(), Born: q.Born.String(),
			Race: q.Race, Bib: q.Bib, Reason: m.Reason.Text(lang)})
	}
	if asJSON {
		return printJSON(g.out, struct {
			Participant participantView `json:"participant"`
			Similar     []similarView   `json:"similar"`
		}{view(ev, p), views})
	}
	fmt.Fprintf(g.out, "%s: %s\n", msg.T(lang, msg.DryRunOK), describe(lang, ev, p))
	for _, m := range similar {
		fmt.Fprintf(g.out, "%s\n", msg.T(lang, msg.ProbablyRegistered, describe(lang, ev, m.Participant), m.Reason.Text(lang)))
	}
	return nil
}

// byBib finds the runner holding bib, in race if one is named (else the
// race whose range has the bib).
func byBib(s *store.Store, ev *model.Event, raceText string, bib int) (model.Participant, error) {
	race, err := raceFilter(ev, raceText)
	if err != nil {
		return model.Participant{}, err
	}
	if race != "" {
		return s.ByBib(race, bib)
	}
	return s.FindBib(bib)
}

// participantID is the runner a command names: by ID, by bib (in race if
// one is named), or by the phone form's code.
func participantID(s *store.Store, ev *model.Event, id, race string, bib int, code string) (string, error) {
	var p model.Participant
	var err error
	switch {
	case bib != 0:
		p, err = byBib(s, ev, race, bib)
	case code != "":
		p, err = byCode(s, code)
	default:
		return id, nil
	}
	return p.ID, err
}
