package msg

// Finish slips and the QR codes to a runner's live result (issue 20).
const (
	PrSlip         Key = "pr.slip"
	PrSlipBib      Key = "pr.slip_bib"
	PrSlipOverall  Key = "pr.slip_overall"
	PrSlipMen      Key = "pr.slip_men"
	PrSlipWomen    Key = "pr.slip_women"
	PrSlipDiverse  Key = "pr.slip_diverse"
	PrSlipDNF      Key = "pr.slip_dnf"
	PrSlipDSQ      Key = "pr.slip_dsq"
	PrSlipQR       Key = "pr.slip_qr"
	PrLabelQR      Key = "pr.label_qr"
	PrSlipNoResult Key = "pr.slip_no_result"
	KeyPrintSlip   Key = "key.print_slip"
	SlipsAutoFail  Key = "txt.slips_auto_fail"
)

func init() {
	add(EN, map[Key]string{
		PrSlip:         "Finish slip",
		PrSlipBib:      "bib %d",
		PrSlipOverall:  "%d. overall",
		PrSlipMen:      "%d. men",
		PrSlipWomen:    "%d. women",
		PrSlipDiverse:  "%d. diverse",
		PrSlipDNF:      "did not finish",
		PrSlipDSQ:      "disqualified",
		PrSlipQR:       "Your result, live:",
		PrLabelQR:      "Your result, live after the finish:",
		PrSlipNoResult: "bib %d has no result yet",
		KeyPrintSlip:   "slip",
		SlipsAutoFail:  "finish slips: %s",
	})
	add(DE, map[Key]string{
		PrSlip:         "Zielzettel",
		PrSlipBib:      "Startnr. %d",
		PrSlipOverall:  "%d. gesamt",
		PrSlipMen:      "%d. Männer",
		PrSlipWomen:    "%d. Frauen",
		PrSlipDiverse:  "%d. divers",
		PrSlipDNF:      "nicht im Ziel",
		PrSlipDSQ:      "disqualifiziert",
		PrSlipQR:       "Dein Ergebnis, live:",
		PrLabelQR:      "Dein Ergebnis, live nach dem Zieleinlauf:",
		PrSlipNoResult: "Startnummer %d hat noch kein Ergebnis",
		KeyPrintSlip:   "Zielzettel",
		SlipsAutoFail:  "Zielzettel: %s",
	})
}
