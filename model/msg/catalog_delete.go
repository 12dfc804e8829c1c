package msg

// Deleting participants and purging laptops (issue 17).
const (
	ErrDeleted    Key = "err.deleted"
	StatusDeleted Key = "status.deleted"
)

func init() {
	add(EN, map[Key]string{
		ErrDeleted:    "%s was deleted: nothing can change it any more",
		StatusDeleted: "deleted",
	})
	add(DE, map[Key]string{
		ErrDeleted:    "%s wurde gelöscht: daran ändert sich nichts mehr",
		StatusDeleted: "gelöscht",
	})
}
