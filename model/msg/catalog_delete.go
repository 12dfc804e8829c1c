package msg

// Deleting participants and purging laptops (issue 17).
const (
	ErrDeleted       Key = "err.deleted"
	StatusDeleted    Key = "status.deleted"
	KeyDelete        Key = "key.delete"
	KeyReasonDone    Key = "key.reason_done"
	DeleteWhy        Key = "txt.delete_why"
	DeleteReasonHint Key = "txt.delete_reason_hint"
	DeleteConfirm    Key = "txt.delete_confirm"
	DeletedNotice    Key = "txt.deleted_notice"
	ErrNoSuchCode    Key = "err.no_such_code"
)

func init() {
	add(EN, map[Key]string{
		ErrDeleted:       "%s was deleted: nothing can change it any more",
		StatusDeleted:    "deleted",
		KeyDelete:        "delete",
		KeyReasonDone:    "go on",
		DeleteWhy:        "Delete %s and their personal data on every laptop? Why:",
		DeleteReasonHint: "test entry, withdrew consent, …",
		DeleteConfirm:    "Delete %s (%s)? y delete · esc keep · the bib stays used, nothing brings it back",
		DeletedNotice:    "%s deleted — on every laptop once synced",
		ErrNoSuchCode:    "no phone registration has this code",
	})
	add(DE, map[Key]string{
		ErrDeleted:       "%s wurde gelöscht: daran ändert sich nichts mehr",
		StatusDeleted:    "gelöscht",
		KeyDelete:        "löschen",
		KeyReasonDone:    "weiter",
		DeleteWhy:        "%s mit allen persönlichen Daten auf jedem Laptop löschen? Warum:",
		DeleteReasonHint: "Testeintrag, Einwilligung widerrufen, …",
		DeleteConfirm:    "%s löschen (%s)? y löschen · esc lassen · die Startnummer bleibt vergeben, nichts holt es zurück",
		DeletedNotice:    "%s gelöscht — auf jedem Laptop nach dem Abgleich",
		ErrNoSuchCode:    "keine Handy-Anmeldung hat diesen Code",
	})
}
