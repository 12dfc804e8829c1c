package printer

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

func member(bib int, first, last string, place, genderPlace int, shown string) model.TeamMember {
	return model.TeamMember{Bib: bib, Name: first + " " + last, Place: place, GenderPlace: genderPlace, TimeText: shown,
		Participant: &model.Participant{First: first, Last: last}}
}

// teamsByTime is a 10k's team ranking by time sum as TeamRanking hands it
// over: umlauts, a club name too long for any line, two teams of one
// club, a team not complete.
func teamsByTime() model.TeamResults {
	return model.TeamResults{Race: "10k", Rules: model.TeamRules{Size: 3, Score: "time", By: "club", Gender: "all", PerClub: 2}, Teams: []model.Team{
		{Place: 1, Name: "LG Würzburg", Number: 1, Complete: true, Time: 7326 * time.Second, TimeText: "2:02:06", Points: 9, Members: []model.TeamMember{
			member(2, "Anna", "Weiß", 1, 1, "0:39:05"), member(31, "Jörg", "Müller", 3, 2, "0:40:40"), member(44, "Zoë", "Bäcker", 5, 2, "0:42:21")}},
		{Place: 2, Name: "Sportgemeinschaft Oberbayerische Laufgemeinschaft e.V.", Number: 1, Complete: true, Time: 7512 * time.Second, TimeText: "2:05:12", Points: 15,
			Members: []model.TeamMember{member(5, "Hans-Joachim Friedrich", "Müller-Lüdenscheidt", 2, 1, "0:39:59"),
				member(6, "Řehoř", "Dvořák", 4, 3, "0:41:02"), member(7, "Ayşe", "Öztürk", 9, 4, "0:44:11")}},
		{Place: 3, Name: "LG Würzburg II", Number: 2, Complete: true, Time: 8101 * time.Second, TimeText: "2:15:01", Points: 33, Members: []model.TeamMember{
			member(45, "Łukasz", "Kowalczyk", 10, 5, "0:44:30"), member(46, "José", "Gonçalves", 11, 6, "0:45:00"), member(47, "Sören", "Åström", 12, 1, "0:45:31")}},
		{Name: "Café Crème Läufer", Number: 1, Members: []model.TeamMember{member(399, "Thị Hương", "Nguyễn", 6, 3, "0:42:59")}},
	}}
}

// teamsByPlaces ranks men and women apart by the places in their gender.
func teamsByPlaces() model.TeamResults {
	return model.TeamResults{Race: "10k", Rules: model.TeamRules{Size: 2, Score: "places", By: "club", Gender: "separate", PerClub: 1}, Teams: []model.Team{
		{Place: 1, Name: "TJ Sokol Brno", Number: 1, Gender: model.Male, Complete: true, Points: 3, Members: []model.TeamMember{
			member(17, "Řehoř", "Dvořák", 1, 1, "0:34:12"), member(18, "Jan", "Novák", 3, 2, "0:36:00")}},
		{Place: 2, Name: "SV Lauf 08", Number: 1, Gender: model.Male, Complete: true, Points: 7, Members: []model.TeamMember{
			member(1, "Jörg", "Müller", 4, 3, "0:36:40"), member(9, "Max", "Ek", 5, 4, "0:37:00")}},
		{Place: 1, Name: "LG Würzburg", Number: 1, Gender: model.Female, Complete: true, Points: 3, Members: []model.TeamMember{
			member(2, "Anna", "Weiß", 2, 1, "0:35:05"), member(3, "Eva", "Roth", 6, 2, "0:38:00")}},
	}}
}

var teamCases = []goldenCase{
	{name: "teams", doc: func(l Layout) (*Doc, error) {
		return l.Teams(TeamListOf(teamsByTime()))
	}, check: func(t *testing.T, j *job) {
		text := j.Text()
		// Teams by place, each with its runners below it, before the next.
		assertOrder(t, text, "Mannschaftswertung", "die 3 Besten je Verein · Zeitsumme", "1.", "LG Würzburg", "2:02:06",
			"Weiß, Anna", "0:39:05", "Müller, Jörg", "Bäcker, Zoë", "2.", "Sportgemeinschaft", "2:05:12", "Lüdenscheidt",
			"3.", "LG Würzburg II", "2:15:01", "Kowalczyk", "unvollständig, nicht gewertet: 1", "Mannschaften gewertet: 3")
		if strings.Contains(text, "Nguy") || strings.Contains(text, "Café") {
			t.Errorf("an incomplete team is listed:\n%s", text)
		}
		// The long club name wraps in its column, nothing cut.
		assertOrder(t, text, "Sportgemeinschaft", "Oberbayerische", "Laufgemeinschaft", "e.V.", "Lüdenscheidt")
		bold := 0
		for _, line := range j.Lines {
			if line.Bold && strings.Contains(line.Text, "2:0") {
				bold++
			}
		}
		if bold != 2 {
			t.Errorf("%d team lines with a sum 2:0… in bold, want 2 (the members are not bold):\n%s", bold, text)
		}
	}},
	{name: "teams-places", doc: func(l Layout) (*Doc, error) {
		return l.Teams(TeamListOf(teamsByPlaces()))
	}, check: func(t *testing.T, j *job) {
		text := j.Text()
		// Men, then women; each group its own header; a runner adds the
		// place in the gender.
		assertOrder(t, text, "Platzziffern", "Frauen und Männer getrennt", "Männer", "Punkte", "1.", "TJ Sokol Brno", "3",
			"Dvor", "1.", "Novák", "2.", "2.", "SV Lauf 08", "7", "Frauen", "Punkte", "1.", "LG Würzburg", "3", "Weiß", "1.", "Roth", "2.")
		if strings.Contains(text, "0:34:12") || strings.Contains(text, "0:35:05") {
			t.Errorf("a list by places shows times:\n%s", text)
		}
	}},
	{name: "teams-none", doc: func(l Layout) (*Doc, error) {
		tr := teamsByTime()
		tr.Teams = tr.Teams[3:]
		return l.Teams(TeamListOf(tr))
	}, check: func(t *testing.T, j *job) {
		if !containsWrapped(j, "noch keine Mannschaft vollständig") || !containsWrapped(j, "unvollständig, nicht gewertet: 1") || !strings.Contains(j.Text(), "Mannschaften gewertet: 0") {
			t.Errorf("a list without a complete team does not say so:\n%s", j.Text())
		}
	}},
}

// TestTeamsGoldenBytes pins the team lists' bytes at every width and
// reads them back (see TestGoldenBytes).
func TestTeamsGoldenBytes(t *testing.T) {
	for _, gc := range teamCases {
		for _, w := range []int{Width58, Width80, Width80HD} {
			name := fmt.Sprintf("%s-%d", gc.name, w)
			t.Run(name, func(t *testing.T) {
				l := layout(t, w, PC858, msg.DE)
				d, err := gc.doc(l)
				if err != nil {
					t.Fatal(err)
				}
				got := Encode(d)
				j := checkJob(t, got, d.Config)
				gc.check(t, j)
				golden(t, name, got, render(j, d))
			})
		}
	}
}

// TestTeamsFitEveryWidth lays the team lists out at every width, in both
// languages and code tables: no line wider than the paper, one cut.
func TestTeamsFitEveryWidth(t *testing.T) {
	for w := minWidth; w <= maxWidth; w++ {
		for _, lang := range []msg.Lang{msg.DE, msg.EN} {
			for _, cp := range []CodePage{PC858, WPC1252} {
				l := layout(t, w, cp, lang)
				for _, gc := range teamCases {
					d, err := gc.doc(l)
					if err != nil {
						t.Fatal(err)
					}
					name := fmt.Sprintf("%s/%d/%s/%s", gc.name, w, lang, cp)
					j, err := decodeOne(Encode(d), w)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if len(j.Cuts) != 1 {
						t.Fatalf("%s: %d cuts", name, len(j.Cuts))
					}
					for _, line := range j.Lines {
						if line.Columns() > w {
							t.Fatalf("%s: line %q takes %d columns", name, line.Text, line.Columns())
						}
					}
				}
			}
		}
	}
}

// The runners' lines sit under the team's name: bib right-aligned in its
// own column, name where the team's name starts, value under the sum.
func TestTeamMembersLineUpUnderTheirTeam(t *testing.T) {
	for _, w := range []int{Width58, Width80, Width80HD} {
		l := layout(t, w, PC858, msg.DE)
		d, err := l.Teams(TeamListOf(teamsByTime()))
		if err != nil {
			t.Fatal(err)
		}
		j, err := decodeOne(Encode(d), w)
		if err != nil {
			t.Fatal(err)
		}
		var team, runner string
		for _, line := range j.Lines {
			if team == "" && strings.Contains(line.Text, "LG Würzburg") {
				team = line.Text
			}
			if strings.Contains(line.Text, "Weiß, Anna") {
				runner = line.Text
			}
		}
		if team == "" || runner == "" {
			t.Fatalf("width %d: team or runner line missing:\n%s", w, j.Text())
		}
		if strings.Index(team, "LG") > strings.Index(runner, "2 Weiß") || len([]rune(team)) != len([]rune(runner)) {
			t.Errorf("width %d: runner line out of line with its team:\n%s\n%s", w, team, runner)
		}
	}
}
