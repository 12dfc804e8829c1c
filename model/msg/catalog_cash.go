package msg

// The cash report (Kassenabschluss, issue 20): on the desk (F6, k), on
// paper (racedesk print cash) and on the command line (racedesk cash).
const (
	CashTitle         Key = "cash.title"
	CashEvent         Key = "cash.event"
	CashImport        Key = "cash.import"
	CashThisDesk      Key = "cash.this_desk"
	CashNoDeskName    Key = "cash.no_desk_name"
	CashColCash       Key = "cash.col_cash"
	CashColCard       Key = "cash.col_card"
	CashColOnline     Key = "cash.col_online"
	CashColOther      Key = "cash.col_other"
	CashColTotal      Key = "cash.col_total"
	CashLateFees      Key = "cash.late_fees"
	CashPaidRunners   Key = "cash.paid_runners"
	CashBookings      Key = "cash.bookings"
	CashByDesk        Key = "cash.by_desk"
	CashRule          Key = "cash.rule"
	CashNothingBooked Key = "cash.nothing_booked"
	CashOpen          Key = "cash.open"
	CashColRunners    Key = "cash.col_runners"
	CashColCheckedIn  Key = "cash.col_checked_in"
	CashColOpen       Key = "cash.col_open"
	CashUnpaid        Key = "cash.unpaid"
	CashNoUnpaid      Key = "cash.no_unpaid"
	CashAt            Key = "cash.at"
	CashLoading       Key = "cash.loading"
	KeyCash           Key = "key.cash"
	KeyPrintCash      Key = "key.print_cash"
	KeyCashBack       Key = "key.cash_back"
	ErrCashNoDesk     Key = "err.cash_no_desk"
)

func init() {
	add(EN, map[Key]string{
		CashTitle:         "Cash report",
		CashEvent:         "Event",
		CashImport:        "Import (online)",
		CashThisDesk:      "%s (this desk)",
		CashNoDeskName:    "(desk without a name)",
		CashColCash:       "cash",
		CashColCard:       "card",
		CashColOnline:     "online",
		CashColOther:      "other",
		CashColTotal:      "total",
		CashLateFees:      "of it late fees",
		CashPaidRunners:   "%d runners paid",
		CashBookings:      "%d bookings",
		CashByDesk:        "By desk",
		CashRule:          "A desk's row is what it booked: payments it took, less what it corrected or handed back; online payments are the import's.",
		CashNothingBooked: "no payments booked yet",
		CashOpen:          "Open (registered and checked in, still owing)",
		CashColRunners:    "runners",
		CashColCheckedIn:  "here",
		CashColOpen:       "open",
		CashUnpaid:        "Checked in, not paid (%d)",
		CashNoUnpaid:      "everyone checked in has paid",
		CashAt:            "as of %s",
		CashLoading:       "adding up …",
		KeyCash:           "cash report",
		KeyPrintCash:      "print",
		KeyCashBack:       "print queue",
		ErrCashNoDesk:     "no desk called %q has booked a payment (desks: %s)",
	})
	add(DE, map[Key]string{
		CashTitle:         "Kassenabschluss",
		CashEvent:         "Veranstaltung",
		CashImport:        "Import (online)",
		CashThisDesk:      "%s (dieser Tisch)",
		CashNoDeskName:    "(Tisch ohne Namen)",
		CashColCash:       "bar",
		CashColCard:       "Karte",
		CashColOnline:     "online",
		CashColOther:      "ohne Art",
		CashColTotal:      "gesamt",
		CashLateFees:      "davon Nachmeldegebühr",
		CashPaidRunners:   "%d Teilnehmer bezahlt",
		CashBookings:      "%d Buchungen",
		CashByDesk:        "Nach Tisch",
		CashRule:          "Zeile eines Tischs: was er gebucht hat — Zahlungen, abzüglich was er korrigiert oder zurückgegeben hat; Online-Zahlungen kommen vom Import.",
		CashNothingBooked: "noch keine Zahlungen gebucht",
		CashOpen:          "Offen (angemeldet und eingecheckt, noch nicht bezahlt)",
		CashColRunners:    "Teiln.",
		CashColCheckedIn:  "da",
		CashColOpen:       "offen",
		CashUnpaid:        "Eingecheckt, nicht bezahlt (%d)",
		CashNoUnpaid:      "alle Eingecheckten haben bezahlt",
		CashAt:            "Stand %s",
		CashLoading:       "wird addiert …",
		KeyCash:           "Kassenabschluss",
		KeyPrintCash:      "drucken",
		KeyCashBack:       "Druckliste",
		ErrCashNoDesk:     "kein Tisch namens %q hat eine Zahlung gebucht (Tische: %s)",
	})
}
