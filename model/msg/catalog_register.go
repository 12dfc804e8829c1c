package msg

// Texts of the late-entry form (tui/register) and of the store rules it
// leads to: the duplicate question, clearing and bringing back the form,
// what quitting would lose, a race change that moves the bib.
const (
	ErrRaceMoveNoPool    Key = "err.race_move_no_pool"
	ErrRaceMovePoolEmpty Key = "err.race_move_pool_empty"

	KeyUndoForm     Key = "key.undo_form"
	KeyBackToCard   Key = "key.back_to_card"
	SimilarChoices  Key = "txt.similar_choices"
	FormCleared     Key = "txt.form_cleared"
	FormBack        Key = "txt.form_back"
	FormNothingBack Key = "txt.form_nothing_back"
	EntryPutAside   Key = "txt.entry_put_aside"
	UnsavedEntry    Key = "txt.unsaved_entry"
	UnsavedEdit     Key = "txt.unsaved_edit"
	UnsavedNoName   Key = "txt.unsaved_no_name"
	BibWillMove     Key = "txt.bib_will_move"
	BibMoved        Key = "txt.bib_moved"
	SavedBibMoved   Key = "txt.saved_bib_moved"
)

func init() {
	add(EN, map[Key]string{
		ErrRaceMoveNoPool:    "desk %s has no bib pool for %s: type a bib in the bib field or keep the race",
		ErrRaceMovePoolEmpty: "desk %s has no bib of %s left (%s): type one in the bib field or keep the race",

		KeyUndoForm:     "bring back",
		KeyBackToCard:   "back to the card",
		SimilarChoices:  "enter: open the existing runner · F8: register anyway · esc: back",
		FormCleared:     "form cleared — ctrl+z brings it back",
		FormBack:        "form brought back",
		FormNothingBack: "nothing to bring back",
		EntryPutAside:   "%s put aside — ctrl+z brings it back",
		UnsavedEntry:    "late entry %s",
		UnsavedEdit:     "changes to %s",
		UnsavedNoName:   "(no name yet)",
		BibWillMove:     "→ new bib of %s",
		BibMoved:        "bib %d → %d (%s)",
		SavedBibMoved:   "saved — bib %d → %d (%s): hand out the new bib",
	})
	add(DE, map[Key]string{
		ErrRaceMoveNoPool:    "Tisch %s hat keinen Startnummern-Vorrat für %s: Startnummer von Hand eintragen oder Lauf lassen",
		ErrRaceMovePoolEmpty: "Tisch %s hat keine Startnummer von %s mehr (%s): Startnummer von Hand eintragen oder Lauf lassen",

		KeyUndoForm:     "zurückholen",
		KeyBackToCard:   "zurück zur Karte",
		SimilarChoices:  "Enter: vorhandenen öffnen · F8: trotzdem anmelden · Esc: zurück",
		FormCleared:     "Formular geleert — ctrl+z holt es zurück",
		FormBack:        "Formular zurückgeholt",
		FormNothingBack: "nichts zum Zurückholen",
		EntryPutAside:   "%s beiseitegelegt — ctrl+z holt sie zurück",
		UnsavedEntry:    "Nachmeldung %s",
		UnsavedEdit:     "Änderungen an %s",
		UnsavedNoName:   "(noch ohne Namen)",
		BibWillMove:     "→ neue Nummer für %s",
		BibMoved:        "Startnummer %d → %d (%s)",
		SavedBibMoved:   "gespeichert — Startnummer %d → %d (%s): neue Startnummer ausgeben",
	})
}
