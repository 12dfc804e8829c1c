package msg

// Texts of race matching (issue 16): a race typed or imported as text
// that could mean more than one of the event's races.
const (
	ErrRaceAmbiguous Key = "err.race_ambiguous"
)

func init() {
	add(EN, map[Key]string{
		ErrRaceAmbiguous: "could mean %s: give the race's ID or full name",
	})
	add(DE, map[Key]string{
		ErrRaceAmbiguous: "nicht eindeutig, in Frage kommen %s: bitte ID oder vollen Namen des Laufs angeben",
	})
}
