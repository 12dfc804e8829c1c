package main

import (
	"fmt"
	"strings"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/tui/screen"
)

// The team ranking on the command line (issue 20): `results --teams`,
// `export teams` and `print teams` (print.go) rank a race's teams by the
// event's rules (model.TeamRanking).

// raceTeams ranks the teams of a race from its results.
func raceTeams(ev *model.Event, race string, all map[string]*model.RaceResults) model.TeamResults {
	r, _ := ev.Race(race)
	var results []model.Result
	if rr := all[race]; rr != nil {
		results = rr.Results
	}
	return model.TeamRanking(r, ev.TeamRules(race), results)
}

// runTeams is `racedesk results --race R --teams`.
func runTeams(g *globals, o *resultsOptions) error {
	s, ev, lang, err := g.openEvent()
	if err != nil {
		return err
	}
	defer g.release(s)
	race, err := raceFilter(ev, o.race)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	all, err := s.Results()
	if err != nil {
		return err
	}
	tr := raceTeams(ev, race, all)
	if o.json {
		return printJSON(g.out, tr)
	}
	r, _ := ev.Race(race)
	fmt.Fprintln(g.out, r.Name+" · "+msg.T(lang, msg.TeamsTitle))
	fmt.Fprintln(g.out, tr.Rules.Text(lang, ev))
	for _, line := range teamLines(lang, tr) {
		fmt.Fprintln(g.out, line)
	}
	return nil
}

// teamLines renders a team ranking as a plain table: a line per team,
// its scoring runners indented below.
func teamLines(lang msg.Lang, tr model.TeamResults) []string {
	if len(tr.Teams) == 0 {
		return []string{"  " + msg.T(lang, msg.TeamsNone)}
	}
	byPlaces := tr.Rules.Score == model.TeamScorePlaces
	head := msg.T(lang, msg.TeamsColSum)
	if byPlaces {
		head = msg.T(lang, msg.TeamsColPoints)
	}
	var lines []string
	group := model.Gender("-")
	for _, t := range tr.Teams {
		if t.Gender != group {
			group = t.Gender
			if len(lines) > 0 {
				lines = append(lines, "")
			}
			if t.Gender != "" {
				lines = append(lines, model.TeamGroupTitle(lang, t.Gender))
			}
			lines = append(lines, fmt.Sprintf("%4s  %-40s %10s", msg.T(lang, msg.Place), msg.T(lang, msg.TeamsColTeam), head))
		}
		if !t.Complete {
			lines = append(lines, fmt.Sprintf("%4s  %s (%s)", "-", t.Name, msg.T(lang, msg.TeamsIncomplete, len(t.Members), tr.Rules.Size)))
		} else {
			score := t.TimeText
			if byPlaces {
				score = fmt.Sprint(t.Points)
			}
			lines = append(lines, fmt.Sprintf("%4s  %-40s %10s", fmt.Sprint(t.Place)+".", screen.Clip(t.Name, 40), score))
		}
		for _, m := range t.Members {
			value := m.TimeText
			if byPlaces {
				value = fmt.Sprintf("%d.", m.Place)
				if t.Gender != "" {
					value = fmt.Sprintf("%d.", m.GenderPlace)
				}
			}
			lines = append(lines, fmt.Sprintf("      %5d  %-32s %10s", m.Bib, screen.Clip(m.Name, 32), value))
		}
	}
	return lines
}

// teamsTable: the teams of every race (or one), a row each, with their
// scoring runners in one cell.
func teamsTable(ev *model.Event, _ []model.Participant, o *exportOptions, lang msg.Lang) table {
	t := table{cols: []tableColumn{{"race", msg.ExpColRace}, {"gender", msg.ExpColGender}, {"place", msg.Place},
		{"team", msg.TeamsColTeam}, {"time_ms", msg.TeamsColTime}, {"points", msg.TeamsColPoints},
		{"complete", msg.TeamsColComplete}, {"members", msg.TeamsColMembers}}}
	for _, r := range ev.Races {
		if o.race != "" && o.race != r.ID {
			continue
		}
		tr := raceTeams(ev, r.ID, o.results)
		for _, tm := range tr.Teams {
			sum, points := cell{}, cell{}
			if tm.Complete {
				sum, points = cell{tm.TimeText, tm.Time.Milliseconds()}, number(tm.Points)
			}
			complete := cell{"", false}
			if tm.Complete {
				complete = cell{"x", true}
			}
			names := make([]string, len(tm.Members))
			for i, m := range tm.Members {
				names[i] = fmt.Sprintf("%s (%d) %s", m.Name, m.Bib, m.TimeText)
			}
			t.rows = append(t.rows, []cell{{r.Name, r.ID}, text(string(tm.Gender)), number(tm.Place), text(tm.Name),
				sum, points, complete, {strings.Join(names, "; "), tm.Members}})
		}
	}
	return t
}
