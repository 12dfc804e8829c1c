package msg

// A4 pages for the notice board and the award ceremony (issue 20): the
// words of the default templates (printer/a4's Labels) and what
// `racedesk a4` says.
const (
	// Words on the pages.
	A4StartList   Key = "a4.start_list"
	A4ByBib       Key = "a4.by_bib"
	A4ByName      Key = "a4.by_name"
	A4Results     Key = "a4.results"
	A4Overall     Key = "a4.overall"
	A4ByClass     Key = "a4.by_class"
	A4Certificate Key = "a4.certificate"
	A4Certs       Key = "a4.certificates"
	A4Place       Key = "a4.place"
	A4Bib         Key = "a4.bib"
	A4Name        Key = "a4.name"
	A4Club        Key = "a4.club"
	A4Class       Key = "a4.class"
	A4ClassPlace  Key = "a4.class_place"
	A4Time        Key = "a4.time"
	A4Year        Key = "a4.year"
	A4Start       Key = "a4.start"
	A4Runners     Key = "a4.runners"
	A4Finishers   Key = "a4.finishers"
	A4NoEntries   Key = "a4.no_entries"
	A4NotPlaced   Key = "a4.not_placed"
	A4Made        Key = "a4.made"
	A4PlaceOf     Key = "a4.place_of"
	A4Men         Key = "a4.men"
	A4Women       Key = "a4.women"
	A4Diverse     Key = "a4.diverse"
	A4ClassOf     Key = "a4.class_of"
	A4TopOf       Key = "a4.top_of"
	A4Reached     Key = "a4.reached"
	A4Organizer   Key = "a4.organizer"
	// A4Months are the month names, January to December, separated by
	// spaces; A4DateLong writes day, month name and year with them.
	A4Months    Key = "a4.months"
	A4DateLong  Key = "a4.date_long"
	A4DateShort Key = "a4.date_short" // a Go time layout

	// What the command says.
	A4Written        Key = "a4.written"
	A4Opening        Key = "a4.opening"
	A4OpenFailed     Key = "a4.open_failed"
	A4NoResults      Key = "a4.no_results"
	A4NoClass        Key = "a4.no_class"
	A4NoPlace        Key = "a4.no_place"
	A4BadTemplate    Key = "a4.bad_template"
	A4WhichTemplate  Key = "a4.which_template"
	A4UnknownKind    Key = "a4.unknown_kind"
	A4OpenNeedsFile  Key = "a4.open_needs_file"
	A4BibAlone       Key = "a4.bib_alone"
	A4TopPositive    Key = "a4.top_positive"
	A4TemplateToFile Key = "a4.template_to_file"
)

func init() {
	add(EN, map[Key]string{
		A4StartList:   "Start list",
		A4ByBib:       "by bib",
		A4ByName:      "by name",
		A4Results:     "Results",
		A4Overall:     "Overall",
		A4ByClass:     "By age class",
		A4Certificate: "Certificate",
		A4Certs:       "Certificates",
		A4Place:       "Place",
		A4Bib:         "Bib",
		A4Name:        "Name",
		A4Club:        "Club",
		A4Class:       "Class",
		A4ClassPlace:  "Class place",
		A4Time:        "Time",
		A4Year:        "Born",
		A4Start:       "Start",
		A4Runners:     "%d runners",
		A4Finishers:   "%d finishers",
		A4NoEntries:   "No runners.",
		A4NotPlaced:   "Not placed",
		A4Made:        "As of %s",
		A4PlaceOf:     "%d of %d",
		A4Men:         "Men",
		A4Women:       "Women",
		A4Diverse:     "Diverse",
		A4ClassOf:     "Age class %s",
		A4TopOf:       "the first %d",
		A4Reached:     "finished the %s",
		A4Organizer:   "The organizer",
		A4Months:      "January February March April May June July August September October November December",
		A4DateLong:    "%d %s %d",
		A4DateShort:   "2 Jan 2006",

		A4Written:        "%s written to %s — open it in a browser and print it on A4 (or to PDF)",
		A4Opening:        "opening %s in the browser",
		A4OpenFailed:     "could not open the browser (%v): open %s yourself",
		A4NoResults:      "no results yet: nobody has finished",
		A4NoClass:        "nobody has finished in class %s",
		A4NoPlace:        "bib %d has no place: not finished, DNF or DSQ",
		A4BadTemplate:    "the template does not work: %v",
		A4WhichTemplate:  "say which template: startlist, results or certificate",
		A4UnknownKind:    "%s: no such template (startlist, results or certificate)",
		A4OpenNeedsFile:  "--open needs a file: -o FILE.html",
		A4BibAlone:       "--bib names one runner: not with --class or --top",
		A4TopPositive:    "--top %d: expected a number from 1",
		A4TemplateToFile: "template %s written to %s — edit it, then use --template %s",
	})
	add(DE, map[Key]string{
		A4StartList:   "Startliste",
		A4ByBib:       "nach Startnummer",
		A4ByName:      "nach Namen",
		A4Results:     "Ergebnisliste",
		A4Overall:     "Gesamtwertung",
		A4ByClass:     "Altersklassenwertung",
		A4Certificate: "Urkunde",
		A4Certs:       "Urkunden",
		A4Place:       "Platz",
		A4Bib:         "Startnr.",
		A4Name:        "Name",
		A4Club:        "Verein",
		A4Class:       "AK",
		A4ClassPlace:  "AK-Platz",
		A4Time:        "Zeit",
		A4Year:        "Jg.",
		A4Start:       "Start",
		A4Runners:     "%d Teilnehmer",
		A4Finishers:   "%d im Ziel",
		A4NoEntries:   "Keine Teilnehmer.",
		A4NotPlaced:   "Ohne Wertung",
		A4Made:        "Stand: %s",
		A4PlaceOf:     "%d. von %d",
		A4Men:         "Männer",
		A4Women:       "Frauen",
		A4Diverse:     "Divers",
		A4ClassOf:     "Altersklasse %s",
		A4TopOf:       "die ersten %d",
		A4Reached:     "erreichte im %s",
		A4Organizer:   "Der Veranstalter",
		A4Months:      "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
		A4DateLong:    "%d. %s %d",
		A4DateShort:   "02.01.2006",

		A4Written:        "%s geschrieben: %s — im Browser öffnen und auf A4 drucken (oder als PDF)",
		A4Opening:        "öffne %s im Browser",
		A4OpenFailed:     "der Browser ließ sich nicht öffnen (%v): %s bitte selbst öffnen",
		A4NoResults:      "noch keine Ergebnisse: niemand im Ziel",
		A4NoClass:        "niemand im Ziel in der Klasse %s",
		A4NoPlace:        "Startnummer %d hat keinen Platz: nicht im Ziel, DNF oder DSQ",
		A4BadTemplate:    "die Vorlage funktioniert nicht: %v",
		A4WhichTemplate:  "welche Vorlage? startlist, results oder certificate",
		A4UnknownKind:    "%s: diese Vorlage gibt es nicht (startlist, results oder certificate)",
		A4OpenNeedsFile:  "--open braucht eine Datei: -o DATEI.html",
		A4BibAlone:       "--bib nennt einen Läufer: nicht mit --class oder --top",
		A4TopPositive:    "--top %d: erwartet eine Zahl ab 1",
		A4TemplateToFile: "Vorlage %s geschrieben: %s — bearbeiten, dann --template %s",
	})
}
