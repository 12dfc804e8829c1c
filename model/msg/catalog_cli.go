package msg

// The command line next to an open desk, and its usage errors (issue 18).
const (
	ErrOtherDesk       Key = "err.other_desk"
	ErrNotInDesk       Key = "err.not_in_desk"
	UsageHint          Key = "usage.hint"
	UsageUnknownFlag   Key = "usage.unknown_flag"
	UsageNeedsValue    Key = "usage.needs_value"
	UsageBadValue      Key = "usage.bad_value"
	UsageRequired      Key = "usage.required"
	UsageUnknownCmd    Key = "usage.unknown_command"
	UsageArgs          Key = "usage.args"
	UsageNoArgs        Key = "usage.no_args"
	UsageArgCount      Key = "usage.arg_count"
	UsageOneOf         Key = "usage.one_of"
	ControlUnavailable Key = "txt.control_unavailable"
)

func init() {
	add(EN, map[Key]string{
		ErrOtherDesk:       "this database is open as %s: a command there cannot speak for %s",
		ErrNotInDesk:       "%s cannot run while a desk has the database open: close the desk first",
		UsageHint:          "Run '%s --help' for usage.",
		UsageUnknownFlag:   "unknown flag: %s",
		UsageNeedsValue:    "flag needs a value: %s",
		UsageBadValue:      "invalid value %q for %s",
		UsageRequired:      "%s is required",
		UsageUnknownCmd:    "unknown command %q for %q",
		UsageArgs:          "%s: %s",
		UsageNoArgs:        "%s takes no arguments, got %q",
		UsageArgCount:      "expected %s argument(s), got %s",
		UsageOneOf:         "give exactly one of %s",
		ControlUnavailable: "commands beside this desk wait until it is closed (%v)",
	})
	add(DE, map[Key]string{
		ErrOtherDesk:       "diese Datenbank ist als %s geöffnet: ein Befehl dort kann nicht für %s sprechen",
		ErrNotInDesk:       "%s geht nicht, solange ein Tisch die Datenbank geöffnet hat: erst den Tisch schließen",
		UsageHint:          "Hilfe: '%s --help'",
		UsageUnknownFlag:   "unbekannte Option: %s",
		UsageNeedsValue:    "Option braucht einen Wert: %s",
		UsageBadValue:      "ungültiger Wert %q für %s",
		UsageRequired:      "%s fehlt",
		UsageUnknownCmd:    "unbekannter Befehl %q für %q",
		UsageArgs:          "%s: %s",
		UsageNoArgs:        "%s nimmt keine Argumente, bekam %q",
		UsageArgCount:      "erwartet %s Argument(e), bekam %s",
		UsageOneOf:         "genau eins davon angeben: %s",
		ControlUnavailable: "Befehle neben diesem Tisch warten, bis er geschlossen ist (%v)",
	})
}

// Where the phones find the live results (F7, racedesk hotspot).
const LiveResultsAt Key = "txt.live_results_at"

func init() {
	add(EN, map[Key]string{LiveResultsAt: "live results: %s"})
	add(DE, map[Key]string{LiveResultsAt: "Live-Ergebnisse: %s"})
}
