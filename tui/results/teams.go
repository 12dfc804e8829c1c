package results

import (
	"fmt"
	"strings"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/tui/screen"
)

// The team view (t): the race's team ranking by the event's rules
// (model.TeamRanking), a line per team and a line with its scoring
// runners, complete teams by place, then the incomplete ones.

// teamCache is the ranking last shown: computed again only when the
// results it came from change (a recompute gives new results, an added
// finish one more line).
type teamCache struct {
	rr   *model.RaceResults
	n    int
	race string
	tr   model.TeamResults
}

// teamResults ranks the teams of rr, or returns the ranking made from
// the same results before.
func (m *Model) teamResults(race *model.Race, rr *model.RaceResults) model.TeamResults {
	c := &m.teamCache
	if c.rr != rr || c.n != len(rr.Results) || c.race != race.ID {
		*c = teamCache{rr: rr, n: len(rr.Results), race: race.ID,
			tr: model.TeamRanking(race, m.ctx.Event().TeamRules(race.ID), rr.Results)}
	}
	return c.tr
}

// teamHead is the line above the teams: the rules.
func (m *Model) teamHead(race *model.Race) string {
	ev := m.ctx.Event()
	return ev.TeamRules(race.ID).Text(m.ctx.Lang, ev)
}

// teamLines are the team view's rows, ready to scroll: per gender group
// (when genders are ranked apart) a heading, then two lines a team.
func (m *Model) teamLines(race *model.Race, rr *model.RaceResults) []string {
	st, t := m.ctx.Styles, m.ctx.T
	tr := m.teamResults(race, rr)
	if len(tr.Teams) == 0 {
		return []string{st.Dim.Render("  " + t(msg.TeamsNone))}
	}
	byPlaces := tr.Rules.Score == model.TeamScorePlaces
	w := max(40, m.width)
	nameW := w - 4 - 2 - 1 - 10 // place, gap, gap, score
	var lines []string
	group := model.Gender("-")
	for _, tm := range tr.Teams {
		if tm.Gender != group {
			group = tm.Gender
			if tm.Gender != "" {
				lines = append(lines, st.Title.Render(model.TeamGroupTitle(m.ctx.Lang, tm.Gender)))
			}
		}
		name := screen.Clip(screen.Safe(tm.Name), nameW)
		if tm.Complete {
			score := tm.TimeText
			if byPlaces {
				score = fmt.Sprint(tm.Points)
			}
			lines = append(lines, fmt.Sprintf("%4s  %-*s %10s", fmt.Sprintf("%d.", tm.Place), nameW, name, score))
		} else {
			lines = append(lines, st.Dim.Render(screen.Clip(fmt.Sprintf("%4s  %s  (%s)", "-", name,
				t(msg.TeamsIncomplete, len(tm.Members), tr.Rules.Size)), w)))
		}
		parts := make([]string, len(tm.Members))
		for i, mb := range tm.Members {
			value := mb.TimeText
			if byPlaces {
				place := mb.Place
				if tm.Gender != "" {
					place = mb.GenderPlace
				}
				value = fmt.Sprintf("%d.", place)
			}
			parts[i] = fmt.Sprintf("%d %s %s", mb.Bib, screen.Safe(mb.Name), value)
		}
		lines = append(lines, st.Dim.Render(screen.Clip("      "+strings.Join(parts, " · "), w)))
	}
	return lines
}

// teamColumns is the team view's header line.
func (m *Model) teamColumns(race *model.Race) string {
	t := m.ctx.T
	w := max(40, m.width)
	nameW := w - 4 - 2 - 1 - 10
	head := t(msg.TeamsColSum)
	if m.ctx.Event().TeamRules(race.ID).Score == model.TeamScorePlaces {
		head = t(msg.TeamsColPoints)
	}
	return fmt.Sprintf("%4s  %-*s %10s", t(msg.Place), nameW, t(msg.TeamsColTeam), head)
}

// teamExtraKeys are the extra fields the event's team rankings go by: a
// change to one of them moves teams.
func teamExtraKeys(ev *model.Event) []string {
	var keys []string
	for _, r := range ev.Races {
		if by := ev.TeamRules(r.ID).By; by != model.TeamByClub && !contains(keys, by) {
			keys = append(keys, by)
		}
	}
	return keys
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
