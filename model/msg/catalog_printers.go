package msg

// Printers on each platform (issue 19): the Windows spooler, CUPS, what a
// sent job is known to have reached, racedesk printers.
const (
	PrOnlyWindows    Key = "pr.only_windows"
	PrDoneSent       Key = "pr.done_sent"
	PrDoneSpool      Key = "pr.done_spool"
	PrDoneCUPS       Key = "pr.done_cups"
	PrNoteSent       Key = "pr.note_sent"
	PrNoteSpool      Key = "pr.note_spool"
	PrNoteCUPS       Key = "pr.note_cups"
	PrsKindWindows   Key = "prs.kind_windows"
	PrsKindCUPS      Key = "prs.kind_cups"
	PrsKindUSB       Key = "prs.kind_usb"
	PrsNoAccess      Key = "prs.no_access"
	PrsDisabled      Key = "prs.disabled"
	PrsCUPSFailed    Key = "prs.cups_failed"
	PrsWindowsFailed Key = "prs.windows_failed"
	PrsNone          Key = "prs.none"
	PrsHint          Key = "prs.hint"
)

func init() {
	add(EN, map[Key]string{
		PrOnlyWindows:    "windows: printers exist only on Windows; on this laptop use %s ('racedesk printers' lists them)",
		PrDoneSent:       "sent",
		PrDoneSpool:      "in the Windows print queue",
		PrDoneCUPS:       "in the CUPS queue",
		PrNoteSent:       "sent to the network printer; on this system racedesk cannot tell whether it took every byte — look at the paper",
		PrNoteSpool:      "in the Windows print queue, not yet on paper; if nothing comes out, open the printer's queue in Settings › Printers",
		PrNoteCUPS:       "in the CUPS queue, not yet on paper; if nothing comes out, lpstat -o shows what waits",
		PrsKindWindows:   "Windows printer",
		PrsKindCUPS:      "CUPS queue",
		PrsKindUSB:       "USB printer",
		PrsNoAccess:      "no permission to write to %s: sudo usermod -aG lp \"$USER\", then log in again",
		PrsDisabled:      "%s is disabled: cupsenable %[1]s",
		PrsCUPSFailed:    "CUPS queues not listed: %s",
		PrsWindowsFailed: "Windows printers not listed: %s",
		PrsNone:          "No printer found on this laptop. A network printer is tcp://ADDRESS:9100 (its self-test page shows the address).",
		PrsHint:          "Put the target line into the event file's [[printers]] entry.",
	})
	add(DE, map[Key]string{
		PrOnlyWindows:    "windows:-Drucker gibt es nur unter Windows; auf diesem Laptop %s nehmen ('racedesk printers' zeigt sie)",
		PrDoneSent:       "gesendet",
		PrDoneSpool:      "in der Windows-Druckwarteschlange",
		PrDoneCUPS:       "in der CUPS-Warteschlange",
		PrNoteSent:       "an den Netzwerkdrucker gesendet; auf diesem System sieht racedesk nicht, ob er jedes Byte angenommen hat — aufs Papier schauen",
		PrNoteSpool:      "in der Windows-Druckwarteschlange, noch nicht auf Papier; kommt nichts heraus, die Warteschlange des Druckers unter Einstellungen › Drucker öffnen",
		PrNoteCUPS:       "in der CUPS-Warteschlange, noch nicht auf Papier; kommt nichts heraus, zeigt lpstat -o, was wartet",
		PrsKindWindows:   "Windows-Drucker",
		PrsKindCUPS:      "CUPS-Warteschlange",
		PrsKindUSB:       "USB-Drucker",
		PrsNoAccess:      "keine Schreibrechte auf %s: sudo usermod -aG lp \"$USER\", dann neu anmelden",
		PrsDisabled:      "%s ist deaktiviert: cupsenable %[1]s",
		PrsCUPSFailed:    "CUPS-Warteschlangen nicht gelistet: %s",
		PrsWindowsFailed: "Windows-Drucker nicht gelistet: %s",
		PrsNone:          "Kein Drucker an diesem Laptop gefunden. Ein Netzwerkdrucker ist tcp://ADRESSE:9100 (die Adresse steht auf seiner Selbsttestseite).",
		PrsHint:          "Die target-Zeile in den [[printers]]-Eintrag der Veranstaltungsdatei übernehmen.",
	})
}
