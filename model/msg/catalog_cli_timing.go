package msg

// racedesk timing: the timing screen's list and corrections on the command
// line (issue 18). A correction names the finish by the screen's number
// and says old → new, as the screen's prompts do; undo describes what it
// undid with the screen's own texts (TimingUndo…).
const (
	// racedesk timing list
	CLITimingNoFinishes Key = "cli_timing.no_finishes"

	// What a correction changed.
	CLITimingBib        Key = "cli_timing.bib"
	CLITimingTime       Key = "cli_timing.time"
	CLITimingVoid       Key = "cli_timing.void"
	CLITimingInsert     Key = "cli_timing.insert"
	CLITimingUndone     Key = "cli_timing.undone"
	CLITimingRenumbered Key = "cli_timing.renumbered"
	CLITimingSameBib    Key = "cli_timing.same_bib"
	CLITimingSameTime   Key = "cli_timing.same_time"

	// Refused input: the flag or argument, what was given, why.
	CLITimingRefused      Key = "cli_timing.refused"
	CLITimingNoSuchNumber Key = "cli_timing.no_such_number"
	CLITimingNoSuchID     Key = "cli_timing.no_such_id"
	CLITimingBibNumber    Key = "cli_timing.bib_number"
	CLITimingAlreadyVoid  Key = "cli_timing.already_void"
)

func init() {
	add(EN, map[Key]string{
		CLITimingNoFinishes: "no finishes yet",

		CLITimingBib:        "finish #%d at %s: bib %s → %s",
		CLITimingTime:       "finish #%d, bib %s: %s → %s",
		CLITimingVoid:       "finish #%d voided (bib %s, %s)",
		CLITimingInsert:     "bib %s inserted at %s: finish #%d",
		CLITimingUndone:     "undone: %s",
		CLITimingRenumbered: "%s (now #%d)",
		CLITimingSameBib:    "finish #%d at %s already has bib %s: nothing changed",
		CLITimingSameTime:   "finish #%d, bib %s, is already at %s: nothing changed",

		CLITimingRefused:      "%s \"%s\": %s",
		CLITimingNoSuchNumber: "no finish has this number (%d finishes; racedesk timing list numbers them)",
		CLITimingNoSuchID:     "no finish has this ID (racedesk timing list --json shows them)",
		CLITimingBibNumber:    "a bib is a whole number from 1",
		CLITimingAlreadyVoid:  "finish #%d (bib %s, %s) is already voided (racedesk timing undo takes back this desk's last timing action)",
	})
	add(DE, map[Key]string{
		CLITimingNoFinishes: "noch kein Zieleinlauf",

		CLITimingBib:        "Zieleinlauf #%d um %s: Nr. %s → %s",
		CLITimingTime:       "Zieleinlauf #%d, Nr. %s: %s → %s",
		CLITimingVoid:       "Zieleinlauf #%d gestrichen (Nr. %s, %s)",
		CLITimingInsert:     "Nr. %s eingefügt um %s: Zieleinlauf #%d",
		CLITimingUndone:     "rückgängig: %s",
		CLITimingRenumbered: "%s (jetzt #%d)",
		CLITimingSameBib:    "Zieleinlauf #%d um %s hat schon Nr. %s: nichts geändert",
		CLITimingSameTime:   "Zieleinlauf #%d, Nr. %s, ist schon um %s: nichts geändert",

		CLITimingRefused:      "%s \"%s\": %s",
		CLITimingNoSuchNumber: "kein Zieleinlauf hat diese Nummer (%d Zieleinläufe; racedesk timing list nummeriert sie)",
		CLITimingNoSuchID:     "kein Zieleinlauf hat diese ID (racedesk timing list --json zeigt sie)",
		CLITimingBibNumber:    "eine Startnummer ist eine ganze Zahl ab 1",
		CLITimingAlreadyVoid:  "Zieleinlauf #%d (Nr. %s, %s) ist schon gestrichen (racedesk timing undo nimmt den letzten Zeitnahme-Schritt dieses Platzes zurück)",
	})
}
