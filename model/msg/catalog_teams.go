package msg

// Team ranking: Vereins-, Mannschafts- und Firmenwertung (issue 20).
const (
	TeamsTitle          Key = "txt.teams_title"
	TeamsRuleBest       Key = "txt.teams_rule_best"
	TeamsByClub         Key = "txt.teams_by_club"
	TeamsScoreTime      Key = "txt.teams_score_time"
	TeamsScorePlaces    Key = "txt.teams_score_places"
	TeamsGenderAll      Key = "txt.teams_gender_all"
	TeamsGenderSeparate Key = "txt.teams_gender_separate"
	TeamsPerClub        Key = "txt.teams_per_club"
	TeamsIncomplete     Key = "txt.teams_incomplete"
	TeamsNone           Key = "txt.teams_none"
	TeamsColTeam        Key = "txt.teams_col_team"
	TeamsColSum         Key = "txt.teams_col_sum"
	TeamsColPoints      Key = "txt.teams_col_points"
	TeamsColTime        Key = "txt.teams_col_time"
	TeamsColMembers     Key = "txt.teams_col_members"
	TeamsColComplete    Key = "txt.teams_col_complete"
	TeamsMen            Key = "txt.teams_men"
	TeamsWomen          Key = "txt.teams_women"
	TeamsDiverse        Key = "txt.teams_diverse"
	KeyTeams            Key = "key.teams"
	KeyRunners          Key = "key.runners"
	PrTeamsCount        Key = "pr.teams_count"
	PrTeamsIncomplete   Key = "pr.teams_incomplete"
	PrNoTeams           Key = "pr.no_teams"
	UsageTeamsAlone     Key = "usage.teams_alone"
)

func init() {
	add(EN, map[Key]string{
		TeamsTitle:          "Team ranking",
		TeamsRuleBest:       "best %d per %s",
		TeamsByClub:         "club",
		TeamsScoreTime:      "times added",
		TeamsScorePlaces:    "places added",
		TeamsGenderAll:      "men and women together",
		TeamsGenderSeparate: "men and women apart",
		TeamsPerClub:        "up to %d teams per %s",
		TeamsIncomplete:     "incomplete: %d of %d",
		TeamsNone:           "no team has finishers yet",
		TeamsColTeam:        "team",
		TeamsColSum:         "sum",
		TeamsColPoints:      "points",
		TeamsColTime:        "time sum",
		TeamsColMembers:     "members",
		TeamsColComplete:    "complete",
		TeamsMen:            "Men",
		TeamsWomen:          "Women",
		TeamsDiverse:        "Diverse",
		KeyTeams:            "teams",
		KeyRunners:          "runners",
		PrTeamsCount:        "teams ranked: %d",
		PrTeamsIncomplete:   "not complete, not ranked: %d",
		PrNoTeams:           "no team is complete yet",
		UsageTeamsAlone:     "--teams ranks whole teams: leave out %s",
	})
	add(DE, map[Key]string{
		TeamsTitle:          "Mannschaftswertung",
		TeamsRuleBest:       "die %d Besten je %s",
		TeamsByClub:         "Verein",
		TeamsScoreTime:      "Zeitsumme",
		TeamsScorePlaces:    "Platzziffern",
		TeamsGenderAll:      "Frauen und Männer gemeinsam",
		TeamsGenderSeparate: "Frauen und Männer getrennt",
		TeamsPerClub:        "bis zu %d Mannschaften je %s",
		TeamsIncomplete:     "unvollständig: %d von %d",
		TeamsNone:           "noch keine Mannschaft im Ziel",
		TeamsColTeam:        "Mannschaft",
		TeamsColSum:         "Summe",
		TeamsColPoints:      "Punkte",
		TeamsColTime:        "Zeitsumme",
		TeamsColMembers:     "Läufer",
		TeamsColComplete:    "vollständig",
		TeamsMen:            "Männer",
		TeamsWomen:          "Frauen",
		TeamsDiverse:        "Divers",
		KeyTeams:            "Mannschaften",
		KeyRunners:          "Einzelwertung",
		PrTeamsCount:        "Mannschaften gewertet: %d",
		PrTeamsIncomplete:   "unvollständig, nicht gewertet: %d",
		PrNoTeams:           "noch keine Mannschaft vollständig",
		UsageTeamsAlone:     "--teams wertet ganze Mannschaften: %s weglassen",
	})
}
