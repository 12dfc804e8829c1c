package msg

// The timing screen's prompts, confirmations and undo (issue 15: the desk
// forgives slips). Every correction names the finish it changes and waits
// for a key that cannot be part of a bib.
const (
	// Questions; the keys that answer them follow on their own line.
	TimingAskVoid       Key = "timing.ask_void"
	TimingAskBib        Key = "timing.ask_bib"
	TimingConfirmBib    Key = "timing.confirm_bib"
	TimingAskTime       Key = "timing.ask_time"
	TimingConfirmTime   Key = "timing.confirm_time"
	TimingAskInsert     Key = "timing.ask_insert"
	TimingConfirmInsert Key = "timing.confirm_insert"
	TimingConfirmStatus Key = "timing.confirm_status"
	TimingConfirmStart  Key = "timing.confirm_start"
	TimingConfirmGun    Key = "timing.confirm_gun"
	TimingAskUndo       Key = "timing.ask_undo"

	// What an undo would undo.
	TimingUndoFinish Key = "timing.undo_finish"
	TimingUndoStart  Key = "timing.undo_start"
	TimingUndoBib    Key = "timing.undo_bib"
	TimingUndoTime   Key = "timing.undo_time"
	TimingUndoVoid   Key = "timing.undo_void"
	TimingUndoStatus Key = "timing.undo_status"
	TimingUndoOther  Key = "timing.undo_other"
	TimingNoUndo     Key = "timing.no_undo"

	// What the screen did, once it is stored.
	TimingDoneVoid   Key = "timing.done_void"
	TimingDoneBib    Key = "timing.done_bib"
	TimingDoneTime   Key = "timing.done_time"
	TimingDoneInsert Key = "timing.done_insert"
	TimingDoneStatus Key = "timing.done_status"
	TimingDoneStart  Key = "timing.done_start"
	TimingDoneFinish Key = "timing.done_finish"
	TimingDoneUndo   Key = "timing.done_undo"
	TimingKept       Key = "timing.kept"

	// Keys (help line and the prompt's answer line).
	TimingKeyVoid      Key = "timing.key_void"
	TimingKeyChange    Key = "timing.key_change"
	TimingKeyRecord    Key = "timing.key_record"
	TimingKeyInsert    Key = "timing.key_insert"
	TimingKeyUndo      Key = "timing.key_undo"
	TimingKeyRestart   Key = "timing.key_restart"
	TimingKeyKeep      Key = "timing.key_keep"
	TimingKeyCheck     Key = "timing.key_check"
	TimingKeyNewFinish Key = "timing.key_new_finish"
	TimingKeyBackToBib Key = "timing.key_back_to_bib"
	TimingKeyStart     Key = "timing.key_start"

	// The row number column.
	TimingNumberColumn Key = "timing.number_column"

	// The laptop's date is not the event's (for the desk's header).
	TimingDateMismatch Key = "timing.date_mismatch"
)

func init() {
	add(EN, map[Key]string{
		TimingAskVoid:       "Void finish #%d — bib %s, %s?",
		TimingAskBib:        "New bib for finish #%d (bib %s, %s):",
		TimingConfirmBib:    "Finish #%d at %s: bib %s → %s?",
		TimingAskTime:       "New time for finish #%d (bib %s, %s):",
		TimingConfirmTime:   "Finish #%d, bib %s: %s → %s?",
		TimingAskInsert:     "Missed finisher before finish #%d (bib %s, %s): bib [hh:mm:ss.t]",
		TimingConfirmInsert: "Insert bib %s at %s before finish #%d?",
		TimingConfirmStatus: "%s for bib %s%s?",
		TimingConfirmStart:  "Start of %s: %s → %s?",
		TimingConfirmGun:    "Start %s at %s?",
		TimingAskUndo:       "Undo: %s?",

		TimingUndoFinish: "finish #%d (bib %s, %s), it is voided",
		TimingUndoStart:  "start of %s at %s",
		TimingUndoBib:    "bib of finish #%d (%s), %s back to %s",
		TimingUndoTime:   "time of finish #%d (bib %s), %s back to %s",
		TimingUndoVoid:   "void of finish #%d (bib %s, %s)",
		TimingUndoStatus: "%s of bib %s",
		TimingUndoOther:  "%s (%s)",
		TimingNoUndo:     "nothing of this desk's timing left to undo",

		TimingDoneVoid:   "✓ finish #%d voided (bib %s, %s)",
		TimingDoneBib:    "✓ finish #%d: bib %s → %s",
		TimingDoneTime:   "✓ finish #%d: %s → %s",
		TimingDoneInsert: "✓ bib %s inserted at %s",
		TimingDoneStatus: "✓ bib %s %s%s",
		TimingDoneStart:  "✓ start of %s at %s",
		TimingDoneFinish: "✓ bib %s finished at %s",
		TimingDoneUndo:   "✓ undone: %s",
		TimingKept:       "nothing changed",

		TimingKeyVoid:      "void",
		TimingKeyChange:    "change",
		TimingKeyRecord:    "record",
		TimingKeyInsert:    "insert",
		TimingKeyUndo:      "undo",
		TimingKeyRestart:   "restart",
		TimingKeyKeep:      "keep",
		TimingKeyCheck:     "check",
		TimingKeyNewFinish: "finish %s at %s",
		TimingKeyBackToBib: "back to bib entry",
		TimingKeyStart:     "record start",

		TimingNumberColumn: "#",

		TimingDateMismatch: "! laptop date %s ≠ event date %s",
	})
	add(DE, map[Key]string{
		TimingAskVoid:       "Zieleinlauf #%d streichen — Nr. %s, %s?",
		TimingAskBib:        "Neue Startnummer für Zieleinlauf #%d (Nr. %s, %s):",
		TimingConfirmBib:    "Zieleinlauf #%d um %s: Nr. %s → %s?",
		TimingAskTime:       "Neue Zeit für Zieleinlauf #%d (Nr. %s, %s):",
		TimingConfirmTime:   "Zieleinlauf #%d, Nr. %s: %s → %s?",
		TimingAskInsert:     "Vergessener Läufer vor #%d (Nr. %s, %s): Nr. [hh:mm:ss.t]",
		TimingConfirmInsert: "Nr. %s um %s vor Zieleinlauf #%d einfügen?",
		TimingConfirmStatus: "%s für Nr. %s%s?",
		TimingConfirmStart:  "Start von %s: %s → %s?",
		TimingConfirmGun:    "Start %s um %s?",
		TimingAskUndo:       "Rückgängig: %s?",

		TimingUndoFinish: "Zieleinlauf #%d (Nr. %s, %s), er wird gestrichen",
		TimingUndoStart:  "Start von %s um %s",
		TimingUndoBib:    "Nr. von Zieleinlauf #%d (%s), %s zurück auf %s",
		TimingUndoTime:   "Zeit von Zieleinlauf #%d (Nr. %s), %s zurück auf %s",
		TimingUndoVoid:   "Streichung von Zieleinlauf #%d (Nr. %s, %s)",
		TimingUndoStatus: "%s von Nr. %s",
		TimingUndoOther:  "%s (%s)",
		TimingNoUndo:     "an diesem Platz gibt es nichts mehr rückgängig zu machen",

		TimingDoneVoid:   "✓ Zieleinlauf #%d gestrichen (Nr. %s, %s)",
		TimingDoneBib:    "✓ Zieleinlauf #%d: Nr. %s → %s",
		TimingDoneTime:   "✓ Zieleinlauf #%d: %s → %s",
		TimingDoneInsert: "✓ Nr. %s eingefügt um %s",
		TimingDoneStatus: "✓ Nr. %s %s%s",
		TimingDoneStart:  "✓ Start von %s um %s",
		TimingDoneFinish: "✓ Nr. %s im Ziel um %s",
		TimingDoneUndo:   "✓ rückgängig: %s",
		TimingKept:       "nichts geändert",

		TimingKeyVoid:      "streichen",
		TimingKeyChange:    "ändern",
		TimingKeyRecord:    "erfassen",
		TimingKeyInsert:    "einfügen",
		TimingKeyUndo:      "rückgängig",
		TimingKeyRestart:   "neu starten",
		TimingKeyKeep:      "lassen",
		TimingKeyCheck:     "prüfen",
		TimingKeyNewFinish: "Ziel %s um %s",
		TimingKeyBackToBib: "zurück zur Nr.-Eingabe",
		TimingKeyStart:     "Start erfassen",

		TimingNumberColumn: "#",

		TimingDateMismatch: "! Laptop-Datum %s ≠ Lauftag %s",
	})
}
