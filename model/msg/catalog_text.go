package msg

// The text policy (issue 17): what the desk says about characters it does
// not take into a field, and the labels of the text fields that are not a
// participant's.
const (
	// ErrControlChar names the control character a text holds (U+001B).
	ErrControlChar Key = "err.control_char"
	// ErrInvisibleChar names the invisible character a stored or synced
	// text holds (typed text has them removed instead).
	ErrInvisibleChar Key = "err.invisible_char"

	FieldReason Key = "field.reason"
	FieldDesk   Key = "field.desk"
	FieldColumn Key = "field.column"
)

func init() {
	add(EN, map[Key]string{
		ErrControlChar:   "contains the control character %s, which no field may hold (it could take over a terminal)",
		ErrInvisibleChar: "contains the invisible character %s (soft hyphen, zero-width or direction mark), which no field may hold",
		FieldReason:      "reason",
		FieldDesk:        "desk name",
		FieldColumn:      "column",
	})
	add(DE, map[Key]string{
		ErrControlChar:   "enthält das Steuerzeichen %s, das kein Feld enthalten darf (es könnte ein Terminal steuern)",
		ErrInvisibleChar: "enthält das unsichtbare Zeichen %s (bedingter Trennstrich, Nullbreite- oder Richtungszeichen), das kein Feld enthalten darf",
		FieldReason:      "Grund",
		FieldDesk:        "Tischname",
		FieldColumn:      "Spalte",
	})
}
