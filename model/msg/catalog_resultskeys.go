package msg

// The results screen's help line: seven keys (race, gender, class, teams,
// print, by class, slip) must fit 80 columns in German too, so its words
// are short.
const (
	KeyResRace    Key = "key.res_race"
	KeyResGender  Key = "key.res_gender"
	KeyResByClass Key = "key.res_by_class"
	KeyResTeams   Key = "key.res_teams"
	KeyResSlip    Key = "key.res_slip"
)

func init() {
	add(EN, map[Key]string{
		KeyResRace:    "race",
		KeyResGender:  "gender",
		KeyResByClass: "by class",
		KeyResTeams:   "teams",
		KeyResSlip:    "slip",
	})
	add(DE, map[Key]string{
		KeyResRace:    "Lauf",
		KeyResGender:  "M/W/D",
		KeyResByClass: "je Klasse",
		KeyResTeams:   "Teams",
		KeyResSlip:    "Zettel",
	})
}
