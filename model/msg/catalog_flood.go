package msg

// A flood of the phone form (issue 17, item 5): the form's global limits,
// the desk's alarm, and removing a batch of registrations nobody confirmed.
const (
	// The store.
	ErrTooManyPending Key = "err.too_many_pending"
	ErrNotPending     Key = "err.not_pending"

	// The phone's page when the global limit refuses.
	HsPaused Key = "hs.paused"

	// The alarm: status line (short) and F7 (with the numbers).
	FloodRateShort  Key = "flood.rate_short"
	FloodTotalShort Key = "flood.total_short"
	FloodRate       Key = "flood.rate"
	FloodTotal      Key = "flood.total"
	FloodRefused    Key = "flood.refused"
	FloodLimits     Key = "flood.limits"
	FloodOpenAgain  Key = "flood.open_again"

	// Removing a batch on F7.
	KeyPurgePending Key = "key.purge_pending"
	KeyPurgeYes     Key = "key.purge_yes"
	KeyPurgeSpan    Key = "key.purge_span"
	PurgeSpanAlarm  Key = "purge.span_alarm"
	PurgeSpanLast   Key = "purge.span_last"
	PurgeAsk        Key = "purge.ask"
	PurgeAskKeys    Key = "purge.ask_keys"
	PurgeNone       Key = "purge.none"
	PurgeNoneKeys   Key = "purge.none_keys"
	PurgeDone       Key = "purge.done"
	PurgeSkipped    Key = "purge.skipped"

	// racedesk pending purge.
	PurgeListHead Key = "purge.list_head"
	PurgeDryRun   Key = "purge.dry_run"
)

func init() {
	add(EN, map[Key]string{
		ErrTooManyPending: "too many phone registrations are waiting to be confirmed",
		ErrNotPending:     "%s is no longer waiting to be confirmed: left as it is",
		HsPaused:          "Too many registrations right now — please register at the desk, or try again in a few minutes.",
		FloodRateShort:    "phone form paused: %d/min reached",
		FloodTotalShort:   "phone form paused: %d waiting to be confirmed",
		FloodRate:         "The phone form is paused: the limit of %d registrations a minute was reached.",
		FloodTotal:        "The phone form is paused: %d registrations wait to be confirmed (limit %d).",
		FloodRefused:      "%d refused since %s. It opens again by itself when the rush is over; x removes registrations nobody confirmed.",
		FloodLimits:       "Limits of the form: %d registrations a minute, %d waiting to be confirmed.",
		FloodOpenAgain:    "phone form open again",
		KeyPurgePending:   "remove unconfirmed",
		KeyPurgeYes:       "delete them",
		KeyPurgeSpan:      "other time span",
		PurgeSpanAlarm:    "since the minute before the alarm (%s)",
		PurgeSpanLast:     "in the last %d minutes",
		PurgeAsk:          "Delete the %d phone registrations nobody confirmed that came in %s, %s – %s? Deleted at every desk, for good; confirmed runners stay.",
		PurgeAskKeys:      "y delete %d · tab other time span · esc keep them",
		PurgeNone:         "No unconfirmed phone registrations came in %s.",
		PurgeNoneKeys:     "tab other time span · esc back",
		PurgeDone:         "%d unconfirmed phone registrations deleted",
		PurgeSkipped:      "%d confirmed meanwhile: kept",
		PurgeListHead:     "%d unconfirmed phone registrations since %s:",
		PurgeDryRun:       "dry run: nothing deleted (without --dry-run these are deleted)",
	})
	add(DE, map[Key]string{
		ErrTooManyPending: "zu viele Handy-Anmeldungen warten auf Bestätigung",
		ErrNotPending:     "%s wartet nicht mehr auf Bestätigung: bleibt, wie es ist",
		HsPaused:          "Gerade zu viele Anmeldungen – bitte am Anmeldetisch anmelden oder es in ein paar Minuten noch einmal versuchen.",
		FloodRateShort:    "Handy-Formular pausiert: %d/min erreicht",
		FloodTotalShort:   "Handy-Formular pausiert: %d warten auf Bestätigung",
		FloodRate:         "Das Handy-Formular ist pausiert: die Grenze von %d Anmeldungen pro Minute ist erreicht.",
		FloodTotal:        "Das Handy-Formular ist pausiert: %d Anmeldungen warten auf Bestätigung (Grenze %d).",
		FloodRefused:      "%d abgewiesen seit %s. Es öffnet sich von selbst wieder, wenn der Ansturm vorbei ist; x entfernt Anmeldungen, die niemand bestätigt hat.",
		FloodLimits:       "Grenzen des Formulars: %d Anmeldungen pro Minute, %d unbestätigt wartend.",
		FloodOpenAgain:    "Handy-Formular wieder offen",
		KeyPurgePending:   "Unbestätigte entfernen",
		KeyPurgeYes:       "löschen",
		KeyPurgeSpan:      "andere Zeitspanne",
		PurgeSpanAlarm:    "seit der Minute vor dem Alarm (%s)",
		PurgeSpanLast:     "in den letzten %d Minuten",
		PurgeAsk:          "Die %d Handy-Anmeldungen löschen, die niemand bestätigt hat und die %s kamen, %s – %s? An jedem Tisch gelöscht, endgültig; bestätigte Läufer bleiben.",
		PurgeAskKeys:      "y %d löschen · Tab andere Zeitspanne · Esc behalten",
		PurgeNone:         "Keine unbestätigten Handy-Anmeldungen %s.",
		PurgeNoneKeys:     "Tab andere Zeitspanne · Esc zurück",
		PurgeDone:         "%d unbestätigte Handy-Anmeldungen gelöscht",
		PurgeSkipped:      "%d inzwischen bestätigt: behalten",
		PurgeListHead:     "%d unbestätigte Handy-Anmeldungen seit %s:",
		PurgeDryRun:       "Probelauf: nichts gelöscht (ohne --dry-run werden diese gelöscht)",
	})
}
