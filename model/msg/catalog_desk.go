package msg

// The check-in desk's texts for forgiving slips (issue 15): undo, the
// payment question at check-in, the quit question.
const (
	ErrNothingToUndo   Key = "err.nothing_to_undo"
	KeyUndo            Key = "key.undo"
	KeyPayCtrl         Key = "key.pay_ctrl"
	KeyEditCtrl        Key = "key.edit_ctrl"
	KeyDNSCtrl         Key = "key.dns_ctrl"
	KeyLabelCtrl       Key = "key.label_ctrl"
	KeyTypeAhead       Key = "key.type_ahead"
	KeyYes             Key = "key.yes"
	KeyKeep            Key = "key.keep"
	KeyPayLater        Key = "key.pay_later"
	CheckInPayPrompt   Key = "txt.checkin_pay_prompt"
	UndoPrompt         Key = "txt.undo_prompt"
	UndoNothing        Key = "txt.undo_nothing"
	Undone             Key = "txt.undone"
	UndoneKept         Key = "txt.undone_kept"
	UndoHint           Key = "txt.undo_hint"
	PaidNow            Key = "txt.paid_now"
	PaysLater          Key = "txt.pays_later"
	CheckedInOther     Key = "txt.checked_in_other"
	TypeToSearch       Key = "txt.type_to_search"
	QuitPrompt         Key = "txt.quit_prompt"
	ProbablyRegistered Key = "txt.probably_registered"
	NotDuplicateHint   Key = "txt.not_duplicate_hint"
	DryRunOK           Key = "txt.dry_run_ok"
	KeyQuitAnyway      Key = "key.quit_anyway"
)

func init() {
	add(EN, map[Key]string{
		ErrNothingToUndo:   "nothing to undo: every field of that change was changed again since",
		KeyUndo:            "undo",
		KeyPayCtrl:         "payment",
		KeyEditCtrl:        "edit",
		KeyDNSCtrl:         "DNS",
		KeyLabelCtrl:       "label",
		KeyTypeAhead:       "next search",
		KeyYes:             "yes",
		KeyKeep:            "keep as is",
		KeyPayLater:        "pays later",
		CheckInPayPrompt:   "%s still due. Check in and take: 1 cash · 2 card · 3 online · 0 pays later · esc back",
		UndoPrompt:         "Undo %s? y undo · esc keep",
		UndoNothing:        "nothing of this desk to undo",
		Undone:             "undone: %s",
		UndoneKept:         "undone: %s (kept, changed since: %s)",
		UndoHint:           "ctrl+z undoes",
		PaidNow:            "paid %s (%s)",
		PaysLater:          "pays later: %s due",
		CheckedInOther:     "%s: %s",
		TypeToSearch:       "type a name, bib, phone code or registration ID",
		QuitPrompt:         "Quit? Not saved: %s. y quit · esc stay",
		ProbablyRegistered: "probably registered already: %s — %s",
		NotDuplicateHint:   "nothing written; if it is someone else, register again with --not-duplicate",
		DryRunOK:           "would register (nothing written)",
		KeyQuitAnyway:      "quit",
	})
	add(DE, map[Key]string{
		ErrNothingToUndo:   "nichts rückgängig zu machen: jedes Feld dieser Änderung wurde seither wieder geändert",
		KeyUndo:            "rückgängig",
		KeyPayCtrl:         "Zahlung",
		KeyEditCtrl:        "bearbeiten",
		KeyDNSCtrl:         "DNS",
		KeyLabelCtrl:       "Etikett",
		KeyTypeAhead:       "nächste Suche",
		KeyYes:             "ja",
		KeyKeep:            "lassen",
		KeyPayLater:        "zahlt später",
		CheckInPayPrompt:   "%s offen. Einchecken und kassieren: 1 bar · 2 Karte · 3 online · 0 zahlt später · esc zurück",
		UndoPrompt:         "%s rückgängig machen? y ja · esc lassen",
		UndoNothing:        "nichts von diesem Tisch rückgängig zu machen",
		Undone:             "rückgängig: %s",
		UndoneKept:         "rückgängig: %s (seither geändert, bleibt: %s)",
		UndoHint:           "strg+z macht rückgängig",
		PaidNow:            "bezahlt %s (%s)",
		PaysLater:          "zahlt später: %s offen",
		CheckedInOther:     "%s: %s",
		TypeToSearch:       "Name, Startnummer, Handy-Code oder Anmelde-ID eingeben",
		QuitPrompt:         "Beenden? Nicht gespeichert: %s. y beenden · esc bleiben",
		ProbablyRegistered: "wahrscheinlich schon angemeldet: %s — %s",
		NotDuplicateHint:   "nichts gespeichert; ist es jemand anderes, noch einmal mit --not-duplicate anmelden",
		DryRunOK:           "würde anmelden (nichts gespeichert)",
		KeyQuitAnyway:      "beenden",
	})
}
