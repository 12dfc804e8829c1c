package msg

// The duplicate matcher's reasons (issue 16).
const (
	MatchSameID        Key = "match.same_id"
	MatchBornSame      Key = "match.born_same"
	MatchBornSwapped   Key = "match.born_swapped"
	MatchBornYear      Key = "match.born_year"
	MatchNameSame      Key = "match.name_same"
	MatchNameTypo      Key = "match.name_typo"
	MatchNameSwapped   Key = "match.name_swapped"
	MatchNamePart      Key = "match.name_part"
	MatchGenderDiffers Key = "match.gender_differs"
)

func init() {
	add(EN, map[Key]string{
		MatchSameID:        "same registration ID",
		MatchBornSame:      "same birth date",
		MatchBornSwapped:   "birth date with day and month swapped",
		MatchBornYear:      "same birth year",
		MatchNameSame:      "same name",
		MatchNameTypo:      "name a letter or two apart",
		MatchNameSwapped:   "first and last name swapped",
		MatchNamePart:      "part of a double name",
		MatchGenderDiffers: "gender differs",
	})
	add(DE, map[Key]string{
		MatchSameID:        "gleiche Anmelde-ID",
		MatchBornSame:      "gleiches Geburtsdatum",
		MatchBornSwapped:   "Geburtsdatum mit vertauschtem Tag und Monat",
		MatchBornYear:      "gleiches Geburtsjahr",
		MatchNameSame:      "gleicher Name",
		MatchNameTypo:      "Name um ein, zwei Buchstaben anders",
		MatchNameSwapped:   "Vor- und Nachname vertauscht",
		MatchNamePart:      "Teil eines Doppelnamens",
		MatchGenderDiffers: "Geschlecht weicht ab",
	})
}
