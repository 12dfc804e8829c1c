package printer

import (
	"strconv"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// TeamList is a race's team ranking as it prints: the rules, and the
// teams with their members as plain values.
type TeamList struct {
	Race  string // race ID
	Rules model.TeamRules
	Rows  []TeamRow // by group (gender), ranked teams by place, then the incomplete
}

// TeamRow is one team.
type TeamRow struct {
	Place   int    // 0: incomplete (not printed; counted in the footer)
	Name    string // "LG Buchau II"
	Gender  string // the group when genders are ranked apart: "M", "W", "D"; else ""
	Score   string // what ranks it: the time sum "2:03:06", or the points "13"
	Members []TeamMemberRow
}

// TeamMemberRow is a runner who scores for a team.
type TeamMemberRow struct {
	Bib   int
	Name  string // as it prints: "Müller, Jörg"
	Score string // what the runner adds: the time as shown, or the place ("4.")
}

// TeamListOf maps a computed team ranking onto the printed rows.
func TeamListOf(tr model.TeamResults) TeamList {
	tl := TeamList{Race: tr.Race, Rules: tr.Rules}
	byPlaces := tr.Rules.Score == model.TeamScorePlaces
	separate := tr.Rules.Gender == model.TeamGenderSeparate
	for _, t := range tr.Teams {
		row := TeamRow{Place: t.Place, Name: t.Name, Gender: string(t.Gender), Score: t.TimeText}
		if byPlaces {
			row.Score = strconv.Itoa(t.Points)
		}
		for _, m := range t.Members {
			name := m.Name
			if p := m.Participant; p != nil && p.Last != "" {
				name = sortName(p)
			}
			score := m.TimeText
			if byPlaces {
				place := m.Place
				if separate {
					place = m.GenderPlace
				}
				score = strconv.Itoa(place) + "."
			}
			row.Members = append(row.Members, TeamMemberRow{Bib: m.Bib, Name: name, Score: score})
		}
		tl.Rows = append(tl.Rows, row)
	}
	return tl
}

// Teams lays out a race's team ranking: per team its place, name and
// sum, and below it the runners who score with what each adds. Teams
// not complete are counted at the foot, not listed: the list is for the
// notice board and the ceremony.
func (l Layout) Teams(tl TeamList) (*Doc, error) {
	r, err := l.race(tl.Race)
	if err != nil {
		return nil, err
	}
	title := l.t(msg.TeamsTitle)
	d := l.doc(KindResults, title+" "+r.Name)
	l.eventHeader(d)
	l.raceHeader(d, r, title)
	d.Wrap(Style{Align: Center}, tl.Rules.Text(l.lang(), l.Event))
	d.Blank()

	ranked, incomplete := 0, 0
	maxPlace, maxBib, scoreW := 0, 0, 0
	for _, row := range tl.Rows {
		if row.Place == 0 {
			incomplete++
			continue
		}
		ranked++
		maxPlace = max(maxPlace, row.Place)
		scoreW = max(scoreW, width(row.Score))
		for _, m := range row.Members {
			maxBib = max(maxBib, m.Bib)
			scoreW = max(scoreW, width(m.Score))
		}
	}
	foot := func() {
		if incomplete > 0 {
			d.Blank()
			d.Wrap(Style{}, l.t(msg.PrTeamsIncomplete, incomplete))
		}
		l.footer(d, l.t(msg.PrTeamsCount, ranked))
	}
	if ranked == 0 {
		d.Wrap(Style{Align: Center}, l.t(msg.PrNoTeams))
		foot()
		return d, nil
	}
	hScore := l.t(msg.TeamsColSum)
	if tl.Rules.Score == model.TeamScorePlaces {
		hScore = l.t(msg.TeamsColPoints)
	}
	w := d.Config.Width
	place := column{head: l.t(msg.PrColPlace), width: widest(3, 5, l.t(msg.PrColPlace), strconv.Itoa(maxPlace)+"."), align: Right}
	score := column{head: hScore, width: min(max(3, width(hScore), scoreW), 10), align: Right}
	teams := newTable(w, place, column{head: l.t(msg.TeamsColTeam), wrap: true}, score)
	// A runner's line: under the team's name, the bib, then the name.
	bib := column{width: widest(1, 6, bibText(maxBib)), align: Right}
	members := newTable(w, column{width: place.width}, bib, column{wrap: true}, column{width: score.width, align: Right})
	group := "-"
	for _, row := range tl.Rows {
		if row.Place == 0 {
			continue
		}
		if row.Gender != group {
			if group != "-" {
				d.Blank()
			}
			group = row.Gender
			if row.Gender != "" {
				d.Line(Style{Bold: true, H: 2}, model.TeamGroupTitle(l.lang(), model.Gender(row.Gender)))
			}
			teams.header(d)
		}
		for _, line := range teams.lines(d, []string{strconv.Itoa(row.Place) + ".", row.Name, row.Score}) {
			d.Blocks = append(d.Blocks, Block{Kind: TextBlock, Text: line, Style: Style{Bold: true}})
		}
		for _, m := range row.Members {
			members.row(d, "", bibText(m.Bib), m.Name, m.Score)
		}
	}
	foot()
	return d, nil
}
