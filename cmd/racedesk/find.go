package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

type findOptions struct {
	limit int
	json  bool
}

func newFindCmd(g *globals) *cobra.Command {
	o := &findOptions{}
	cmd := &cobra.Command{
		Use:   "find QUERY",
		Short: "Search runners as the desk searches (name, bib, club, phone code, registration ID)",
		Long: `Search the participants the way the check-in screen does: every word of the
query must occur; case, accents and umlaut spellings don't matter; the
runner a bib, phone code or registration ID names exactly comes first,
then name matches, then matches that need the club.`,
		Example: `  racedesk find muller
  racedesk find WR26-1029 --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runFind(g, o, args[0]) },
	}
	cmd.Flags().IntVar(&o.limit, "limit", 20, "at most this many (0: all)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the runners as JSON")
	return cmd
}

func runFind(g *globals, o *findOptions, query string) error {
	s, ev, lang, err := g.openEvent()
	if err != nil {
		return err
	}
	defer g.release(s)
	hits, err := s.Search(query, o.limit)
	if err != nil {
		return err
	}
	if o.json {
		views := make([]participantView, 0, len(hits))
		for _, h := range hits {
			views = append(views, view(ev, h.Participant))
		}
		return printJSON(g.out, views)
	}
	if len(hits) == 0 {
		fmt.Fprintln(g.out, msg.T(lang, msg.NoMatches))
		return nil
	}
	for _, h := range hits {
		p := h.Participant
		bib := "–"
		if p.Bib != 0 {
			bib = strconv.Itoa(p.Bib)
		}
		fmt.Fprintf(g.out, "%5s  %s · %s · %s\n", bib, p.Last+", "+p.First, p.Status.Label(lang), describeShort(ev, p))
	}
	return nil
}

// describeShort is a runner's race, birth date and class.
func describeShort(ev *model.Event, p model.Participant) string {
	v := view(ev, p)
	return fmt.Sprintf("%s · %s · %s", v.RaceName, p.Born.Display(), v.AgeClass)
}
