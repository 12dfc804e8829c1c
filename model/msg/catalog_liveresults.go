package msg

// Live results on the phones (issue 20): the read-only result pages the
// hotspot's server shows (tui/hotspot/live.go).
const (
	LrTitle        Key = "lr.title"
	LrToResults    Key = "lr.to_results"
	LrAsOf         Key = "lr.as_of"
	LrFinishers    Key = "lr.finishers"
	LrNotStarted   Key = "lr.not_started"
	LrNoResults    Key = "lr.no_results"
	LrOverall      Key = "lr.overall"
	LrByGender     Key = "lr.by_gender"
	LrByClass      Key = "lr.by_class"
	LrMen          Key = "lr.men"
	LrWomen        Key = "lr.women"
	LrDiverse      Key = "lr.diverse"
	LrNoClass      Key = "lr.no_class"
	LrColPlace     Key = "lr.col_place"
	LrColName      Key = "lr.col_name"
	LrColTime      Key = "lr.col_time"
	LrBib          Key = "lr.bib"
	LrSearchLabel  Key = "lr.search_label"
	LrSearch       Key = "lr.search"
	LrFound        Key = "lr.found"
	LrFoundNobody  Key = "lr.found_nobody"
	LrShowAll      Key = "lr.show_all"
	LrAllRaces     Key = "lr.all_races"
	LrUnknownRace  Key = "lr.unknown_race"
	LrNoResultYet  Key = "lr.no_result_yet"
	LrPlaces       Key = "lr.places"
	LrOf           Key = "lr.of"
	LrDNF          Key = "lr.dnf"
	LrDSQ          Key = "lr.dsq"
	LrDSQReason    Key = "lr.dsq_reason"
	LrBackToRace   Key = "lr.back_to_race"
	LrUnavailable  Key = "lr.unavailable"
	LrClassAbbrev  Key = "lr.class_abbrev"
	LrTooManyFound Key = "lr.too_many_found"
)

func init() {
	add(EN, map[Key]string{
		LrTitle:        "Live results",
		LrToResults:    "Live results",
		LrAsOf:         "Provisional results as of %s. This page updates itself.",
		LrFinishers:    "%d finished",
		LrNotStarted:   "not started yet",
		LrNoResults:    "No results yet.",
		LrOverall:      "Overall",
		LrByGender:     "Men/Women",
		LrByClass:      "Age groups",
		LrMen:          "Men",
		LrWomen:        "Women",
		LrDiverse:      "Diverse",
		LrNoClass:      "Without age group",
		LrColPlace:     "Pl.",
		LrColName:      "Name",
		LrColTime:      "Time",
		LrBib:          "bib\u00a0%d",
		LrSearchLabel:  "Name or bib",
		LrSearch:       "Search",
		LrFound:        "%d found for “%s”.",
		LrFoundNobody:  "Nobody found for “%s”.",
		LrShowAll:      "Show all",
		LrAllRaces:     "All races",
		LrUnknownRace:  "There is no such race here.",
		LrNoResultYet:  "No result for bib %d (%s) yet. This page updates itself.",
		LrPlaces:       "Place",
		LrOf:           "of %d",
		LrDNF:          "did not finish",
		LrDSQ:          "disqualified",
		LrDSQReason:    "disqualified: %s",
		LrBackToRace:   "Results %s",
		LrUnavailable:  "The results cannot be shown right now. Please try again in a minute.",
		LrClassAbbrev:  "age group %s",
		LrTooManyFound: "More than %d found for “%s”: please type more of the name.",
	})
	add(DE, map[Key]string{
		LrTitle:        "Live-Ergebnisse",
		LrToResults:    "Live-Ergebnisse",
		LrAsOf:         "Vorläufige Ergebnisse, Stand %s. Die Seite aktualisiert sich selbst.",
		LrFinishers:    "%d im Ziel",
		LrNotStarted:   "noch nicht gestartet",
		LrNoResults:    "Noch keine Ergebnisse.",
		LrOverall:      "Gesamt",
		LrByGender:     "Männer/Frauen",
		LrByClass:      "Altersklassen",
		LrMen:          "Männer",
		LrWomen:        "Frauen",
		LrDiverse:      "Divers",
		LrNoClass:      "Ohne Altersklasse",
		LrColPlace:     "Pl.",
		LrColName:      "Name",
		LrColTime:      "Zeit",
		LrBib:          "Nr.\u00a0%d",
		LrSearchLabel:  "Name oder Startnummer",
		LrSearch:       "Suchen",
		LrFound:        "%d gefunden für „%s“.",
		LrFoundNobody:  "Niemand gefunden für „%s“.",
		LrShowAll:      "Alle zeigen",
		LrAllRaces:     "Alle Läufe",
		LrUnknownRace:  "Diesen Lauf gibt es hier nicht.",
		LrNoResultYet:  "Für die Startnummer %d (%s) gibt es noch kein Ergebnis. Die Seite aktualisiert sich selbst.",
		LrPlaces:       "Platz",
		LrOf:           "von %d",
		LrDNF:          "aufgegeben",
		LrDSQ:          "disqualifiziert",
		LrDSQReason:    "disqualifiziert: %s",
		LrBackToRace:   "Ergebnisse %s",
		LrUnavailable:  "Die Ergebnisse können gerade nicht angezeigt werden. Bitte versuch es in einer Minute noch einmal.",
		LrClassAbbrev:  "AK %s",
		LrTooManyFound: "Mehr als %d gefunden für „%s“: bitte mehr vom Namen eingeben.",
	})
}
