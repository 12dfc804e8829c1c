package msg

// What the command line does to one runner, as the desk's card does:
// racedesk pay, edit and history (issue 18).
const (
	ErrPayHow       Key = "err.pay_how"
	ErrAlreadyPaid  Key = "err.already_paid"
	EditChanged     Key = "txt.edit_changed"
	EditNothing     Key = "txt.edit_nothing"
	EditWouldChange Key = "txt.edit_would_change"
	EditBibFromPool Key = "txt.edit_bib_from_pool"
	HistoryNone     Key = "txt.history_none"
	UsageAtLeastOne Key = "usage.at_least_one"
)

func init() {
	add(EN, map[Key]string{
		ErrPayHow:       "expected cash, card or online",
		ErrAlreadyPaid:  "%s has paid already: %s (%s) — nothing changed",
		EditChanged:     "changed",
		EditNothing:     "nothing changed",
		EditWouldChange: "would change (nothing written)",
		EditBibFromPool: "the next of this desk's pool",
		HistoryNone:     "no history",
		UsageAtLeastOne: "give at least one of %s",
	})
	add(DE, map[Key]string{
		ErrPayHow:       "erwartet bar, Karte oder online",
		ErrAlreadyPaid:  "%s hat schon bezahlt: %s (%s) — nichts geändert",
		EditChanged:     "geändert",
		EditNothing:     "nichts geändert",
		EditWouldChange: "würde ändern (nichts gespeichert)",
		EditBibFromPool: "die nächste aus dem Vorrat dieses Tisches",
		HistoryNone:     "kein Verlauf",
		UsageAtLeastOne: "mindestens eins davon angeben: %s",
	})
}
