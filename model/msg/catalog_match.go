package msg

// The duplicate matcher's reasons (issue 16).
const (
	MatchSameID         Key = "match.same_id"
	MatchBornSame       Key = "match.born_same"
	MatchBornSwapped    Key = "match.born_swapped"
	MatchBornYear       Key = "match.born_year"
	MatchNameSame       Key = "match.name_same"
	MatchNameTypo       Key = "match.name_typo"
	MatchNameSwapped    Key = "match.name_swapped"
	MatchNamePart       Key = "match.name_part"
	MatchGenderDiffers  Key = "match.gender_differs"
	MatchLastTypo       Key = "match.last_typo"
	MatchFirstTypo      Key = "match.first_typo"
	MatchLastPart       Key = "match.last_part"
	MatchFirstPart      Key = "match.first_part"
	StatusWithdrawn     Key = "status.withdrawn"
	PendingMatch        Key = "txt.pending_match"
	PendingMatchHelp    Key = "txt.pending_match_help"
	KeyItIsThem         Key = "key.it_is_them"
	KeyNewRunner        Key = "key.new_runner"
	WithdrawnNotice     Key = "txt.withdrawn_notice"
	HsAlreadyRegistered Key = "hs.already_registered"
)

func init() {
	add(EN, map[Key]string{
		MatchSameID:         "same registration ID",
		MatchBornSame:       "same birth date",
		MatchBornSwapped:    "birth date with day and month swapped",
		MatchBornYear:       "same birth year",
		MatchNameSame:       "same name",
		MatchNameTypo:       "name a letter or two apart",
		MatchNameSwapped:    "first and last name swapped",
		MatchNamePart:       "part of a double name",
		MatchGenderDiffers:  "gender differs",
		MatchLastTypo:       "last name a letter or two apart",
		MatchFirstTypo:      "first name a letter or two apart",
		MatchLastPart:       "last name part of a double name",
		MatchFirstPart:      "first name part of a double name",
		StatusWithdrawn:     "withdrawn",
		PendingMatch:        "probably registered already: %s — %s",
		PendingMatchHelp:    "enter: it is them — check that runner in, this phone entry is withdrawn · F8: a different person, confirm this entry",
		KeyItIsThem:         "it is them",
		KeyNewRunner:        "new runner",
		WithdrawnNotice:     "phone entry %s withdrawn (ctrl+z undoes): %s is registered already",
		HsAlreadyRegistered: "You seem to be registered already. Go straight to the desk with this code — do not pay twice.",
	})
	add(DE, map[Key]string{
		MatchSameID:         "gleiche Anmelde-ID",
		MatchBornSame:       "gleiches Geburtsdatum",
		MatchBornSwapped:    "Geburtsdatum mit vertauschtem Tag und Monat",
		MatchBornYear:       "gleiches Geburtsjahr",
		MatchNameSame:       "gleicher Name",
		MatchNameTypo:       "Name um ein, zwei Buchstaben anders",
		MatchNameSwapped:    "Vor- und Nachname vertauscht",
		MatchNamePart:       "Teil eines Doppelnamens",
		MatchGenderDiffers:  "Geschlecht weicht ab",
		MatchLastTypo:       "Nachname um ein, zwei Buchstaben anders",
		MatchFirstTypo:      "Vorname um ein, zwei Buchstaben anders",
		MatchLastPart:       "Nachname Teil eines Doppelnamens",
		MatchFirstPart:      "Vorname Teil eines Doppelnamens",
		StatusWithdrawn:     "zurückgezogen",
		PendingMatch:        "wahrscheinlich schon angemeldet: %s — %s",
		PendingMatchHelp:    "enter: ist dieselbe Person — sie einchecken, die Handy-Anmeldung wird zurückgezogen · F8: eine andere Person, diese Anmeldung bestätigen",
		KeyItIsThem:         "dieselbe Person",
		KeyNewRunner:        "neuer Läufer",
		WithdrawnNotice:     "Handy-Anmeldung %s zurückgezogen (strg+z macht rückgängig): %s ist schon angemeldet",
		HsAlreadyRegistered: "Sie sind wahrscheinlich schon angemeldet. Gehen Sie mit diesem Code direkt zum Anmeldetisch — nicht zweimal bezahlen.",
	})
}
