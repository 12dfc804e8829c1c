package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/screen"
)

type editOptions struct {
	who    runnerRef
	in     model.ParticipantInput // the values of the flags given
	given  map[string]bool        // participant field → its flag was given
	dryRun bool
	json   bool
}

// editFlags are edit's flags for participant fields, in help order.
var editFlags = []struct{ flag, field string }{
	{"first", model.FFirst}, {"last", model.FLast}, {"born", model.FBorn}, {"gender", model.FGender},
	{"race-to", model.FRace}, {"club", model.FClub}, {"email", model.FEmail}, {"phone", model.FPhone},
}

func newEditCmd(g *globals) *cobra.Command {
	o := &editOptions{}
	cmd := &cobra.Command{
		Use:   "edit (--bib N [--race R] | --id ID | --code CODE) [--first X] [--last X] [--born D] [--gender G] [--race-to R] [--club X] [--email X] [--phone X]",
		Short: "Correct a runner's data (as the desk's edit form)",
		Long: `Change the fields given, keep every other as it is, with the same validation
as the desk's edit form; an empty value (--club "") clears a field. It prints
each change as "field: old → new", then the runner. Nothing is written when
a field is wrong, or when nothing differs ("nothing changed").

--race-to moves the runner to another race. A runner holding a bib that is
not the new race's (or checked in without one) gets the next bib of this
desk's pool for the new race in the same change; without one left the move
is refused. --dry-run checks everything and writes nothing.`,
		Example: `  racedesk edit --bib 17 --born 12.3.1985
  racedesk edit --bib 17 --race-to 5k
  racedesk edit --code K7M2QX --club "" --dry-run`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.who.check(); err != nil {
				return err
			}
			o.given = map[string]bool{}
			var names []string
			for _, f := range editFlags {
				names = append(names, "--"+f.flag)
				o.given[f.field] = cmd.Flags().Changed(f.flag)
			}
			if !anyTrue(o.given) {
				return usage(msg.UsageAtLeastOne, strings.Join(names, ", "))
			}
			return runEdit(g, o)
		},
	}
	o.who.addFlags(cmd)
	f := cmd.Flags()
	f.StringVar(&o.in.First, "first", "", "first name")
	f.StringVar(&o.in.Last, "last", "", "last name")
	f.StringVar(&o.in.Born, "born", "", "birth date (DD.MM.YYYY, YYYY-MM-DD or the year)")
	f.StringVar(&o.in.Gender, "gender", "", "M, W or D (m/w/d, male/female/diverse)")
	f.StringVar(&o.in.Race, "race-to", "", "move to this race (ID, name, alias or distance)")
	f.StringVar(&o.in.Club, "club", "", "club")
	f.StringVar(&o.in.Email, "email", "", "email")
	f.StringVar(&o.in.Phone, "phone", "", "phone")
	f.BoolVar(&o.dryRun, "dry-run", false, "check the change and show it; write nothing")
	f.BoolVar(&o.json, "json", false, "print the participant and the changes as JSON")
	return cmd
}

func anyTrue(m map[string]bool) bool {
	for _, v := range m {
		if v {
			return true
		}
	}
	return false
}

// editInput is the input of p with the fields given replaced, as the
// desk's edit form holds it: the bib left to the store (kept, or one of
// the new race), payment and status not part of an edit.
func editInput(p model.Participant, o *editOptions) model.ParticipantInput {
	in := model.InputOf(&p)
	in.Bib, in.Paid, in.Amount, in.Status = "", "", "", ""
	for field, given := range o.given {
		if !given {
			continue
		}
		switch field {
		case model.FFirst:
			in.First = o.in.First
		case model.FLast:
			in.Last = o.in.Last
		case model.FBorn:
			in.Born = o.in.Born
		case model.FGender:
			in.Gender = o.in.Gender
		case model.FRace:
			in.Race = o.in.Race
		case model.FClub:
			in.Club = o.in.Club
		case model.FEmail:
			in.Email = o.in.Email
		case model.FPhone:
			in.Phone = o.in.Phone
		}
	}
	return in
}

// editResult is what edit did (or, dry, would do).
type editResult struct {
	Participant participantView `json:"participant"`
	Changes     []changeView    `json:"changes"`
	DryRun      bool            `json:"dry_run"`
	// BibFromPool: a dry run's race move gives the next bib of this desk's
	// pool, which only the real change picks.
	BibFromPool bool `json:"bib_from_pool,omitempty"`
}

func runEdit(g *globals, o *editOptions) error {
	s, ev, lang, err := g.openEvent()
	if err != nil {
		return err
	}
	defer g.release(s)
	before, err := o.who.getLive(s, ev)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	in := editInput(before, o)
	v, err := model.Validate(ev, in, g.now(), false)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	after, poolBib := projectEdit(ev, before, v.Participant)
	res := editResult{Changes: fieldChanges(&before, &after), DryRun: o.dryRun}
	if poolBib && o.dryRun {
		res.Changes, res.BibFromPool = withPoolBib(res.Changes, before), true
	}
	switch {
	case len(res.Changes) == 0:
		after = before // nothing to write
	case o.dryRun:
		if poolBib {
			if err := checkPool(s, ev, after.Race); err != nil {
				return reportInputError(g, lang, err)
			}
		}
	default:
		if after, err = s.Edit(before.ID, in); err != nil {
			return reportInputError(g, lang, err)
		}
		res.Changes = fieldChanges(&before, &after)
	}
	res.Participant = view(ev, after)
	if o.json {
		return printJSON(g.out, res)
	}
	for _, c := range res.Changes {
		fmt.Fprintf(g.out, "%s: %s → %s\n", model.FieldLabel(lang, c.Field, nil), shownValue(lang, c.Field, c.Old),
			newValue(lang, c, res.BibFromPool))
	}
	done := msg.EditChanged
	switch {
	case len(res.Changes) == 0:
		done = msg.EditNothing
	case o.dryRun:
		done = msg.EditWouldChange
	}
	fmt.Fprintf(g.out, "%s: %s\n", msg.T(lang, done), describe(lang, ev, after))
	return nil
}

func shownValue(lang msg.Lang, field, value string) string {
	return screen.FieldValue(lang, model.FieldChange{Field: field, Value: value})
}

func newValue(lang msg.Lang, c changeView, bibFromPool bool) string {
	if bibFromPool && c.Field == model.FBib {
		return msg.T(lang, msg.EditBibFromPool)
	}
	return shownValue(lang, c.Field, c.New)
}

// projectEdit is the runner after the edit as far as it can be known
// without writing (store.Edit's rules): poolBib says the store will give a
// bib of the new race, which only the real edit picks.
func projectEdit(ev *model.Event, p, valid model.Participant) (after model.Participant, poolBib bool) {
	after = valid
	after.ID, after.Status, after.PaidCents, after.PayMethod, after.Source = p.ID, p.Status, p.PaidCents, p.PayMethod, p.Source
	after.CheckedInAt, after.CheckedInDesk, after.Code = p.CheckedInAt, p.CheckedInDesk, p.Code
	after.Bib = p.Bib
	if race, ok := ev.Race(after.Race); ok && after.Race != p.Race && !race.BibInRange(p.Bib) {
		after.Bib = 0
		poolBib = p.Bib != 0 || p.Status == model.CheckedIn
	}
	return after, poolBib
}

// withPoolBib makes the bib's change in changes say a bib of the pool.
func withPoolBib(changes []changeView, before model.Participant) []changeView {
	out := changes[:0]
	for _, c := range changes {
		if c.Field != model.FBib {
			out = append(out, c)
		}
	}
	old := ""
	if before.Bib != 0 {
		old = strconv.Itoa(before.Bib)
	}
	out = append(out, changeView{Field: model.FBib, Old: old})
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// checkPool refuses a dry run's race move as the store refuses the real
// one: this desk has no bib of the new race to give.
func checkPool(s *store.Store, ev *model.Event, raceID string) error {
	race, _ := ev.Race(raceID)
	pools, err := s.Pools()
	if err != nil {
		return err
	}
	for _, st := range pools {
		switch {
		case st.Race != raceID:
		case !st.OK:
			return &model.FieldError{Field: model.FRace, Input: race.Name, Key: msg.ErrRaceMoveNoPool, Args: []any{s.Device().Desk, race.Name}}
		case st.Left == 0:
			return &model.FieldError{Field: model.FRace, Input: race.Name, Key: msg.ErrRaceMovePoolEmpty,
				Args: []any{s.Device().Desk, race.Name, model.FormatRanges(st.Ranges)}}
		}
	}
	return nil
}

// changeView is one field a change set, before and after (stored values).
type changeView struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// fieldChanges lists what differs between before and after, by field name.
func fieldChanges(before, after *model.Participant) []changeView {
	old := before.Fields()
	diff := model.Diff(before, after)
	out := make([]changeView, 0, len(diff))
	for _, f := range diff {
		out = append(out, changeView{Field: f.Field, Old: old[f.Field], New: f.Value})
	}
	return out
}
