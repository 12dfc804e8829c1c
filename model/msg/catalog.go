package msg

// Keys of the catalog. Field labels are "field.<name>" (see model.FieldLabel).
const (
	ErrRequired            Key = "err.required"
	ErrInvalid             Key = "err.invalid"
	ErrTooLong             Key = "err.too_long"
	ErrBadChars            Key = "err.bad_chars"
	ErrNameNoLetter        Key = "err.name_no_letter"
	ErrNameDigits          Key = "err.name_digits"
	ErrBornMissing         Key = "err.born_missing"
	ErrBornNotDate         Key = "err.born_not_date"
	ErrBornNoSuchDay       Key = "err.born_no_such_day"
	ErrBornNoSuchMonth     Key = "err.born_no_such_month"
	ErrBornFuture          Key = "err.born_future"
	ErrBornTooOld          Key = "err.born_too_old"
	ErrBornTooYoung        Key = "err.born_too_young"
	ErrBornTooOldForRace   Key = "err.born_too_old_for_race"
	ErrGenderMissing       Key = "err.gender_missing"
	ErrGender              Key = "err.gender"
	ErrRaceMissing         Key = "err.race_missing"
	ErrRace                Key = "err.race"
	ErrEmail               Key = "err.email"
	ErrPhone               Key = "err.phone"
	ErrBibNumber           Key = "err.bib_number"
	ErrBibRange            Key = "err.bib_range"
	ErrBibTaken            Key = "err.bib_taken"
	ErrBibPoolExhausted    Key = "err.bib_pool_exhausted"
	ErrBibNoPool           Key = "err.bib_no_pool"
	ErrPayMethod           Key = "err.pay_method"
	ErrAmount              Key = "err.amount"
	ErrAmountWithoutMethod Key = "err.amount_without_method"
	ErrStatus              Key = "err.status"
	ErrSource              Key = "err.source"
	ErrChoice              Key = "err.choice"
	ErrUnknownField        Key = "err.unknown_field"
	ErrDBInUse             Key = "err.db_in_use"
	ErrDBNewer             Key = "err.db_newer"
	ErrDBNoEvent           Key = "err.db_no_event"
	ErrNotFound            Key = "err.not_found"
	ErrBibNotFound         Key = "err.bib_not_found"
	ErrExternalIDTaken     Key = "err.external_id_taken"

	// CLI and screen texts.
	AlreadyCheckedIn   Key = "txt.already_checked_in"
	CheckedInNow       Key = "txt.checked_in_now"
	Registered         Key = "txt.registered"
	Participants       Key = "txt.participants"
	CheckedInCount     Key = "txt.checked_in_count"
	LateEntries        Key = "txt.late_entries"
	Desk               Key = "txt.desk"
	Offline            Key = "txt.offline"
	PrintIdle          Key = "txt.print_idle"
	Sync               Key = "txt.sync"
	Print              Key = "txt.print"
	Quit               Key = "txt.quit"
	Help               Key = "txt.help"
	Back               Key = "txt.back"
	DemoCreated        Key = "txt.demo_created"
	EventCreated       Key = "txt.event_created"
	BackupWritten      Key = "txt.backup_written"
	AgeClass           Key = "txt.age_class"
	Race               Key = "txt.race"
	Bib                Key = "txt.bib"
	Paid               Key = "txt.paid"
	Unpaid             Key = "txt.unpaid"
	Status             Key = "txt.status"
	Name               Key = "txt.name"
	Born               Key = "txt.born"
	Club               Key = "txt.club"
	Fee                Key = "txt.fee"
	LateFee            Key = "txt.late_fee"
	Start              Key = "txt.start"
	Pool               Key = "txt.pool"
	DeskPlaceholder    Key = "txt.desk_placeholder"
	Exported           Key = "txt.exported"
	KeyMove            Key = "key.move"
	KeyOpen            Key = "key.open"
	KeyClear           Key = "key.clear"
	KeyCheckIn         Key = "key.checkin"
	KeyPay             Key = "key.pay"
	KeyEdit            Key = "key.edit"
	KeyDNS             Key = "key.dns"
	KeyLabel           Key = "key.label"
	PayCash            Key = "key.pay_cash"
	PayCard            Key = "key.pay_card"
	PayOnline          Key = "key.pay_online"
	PayNone            Key = "key.pay_none"
	KeyNextField       Key = "key.next_field"
	KeyPrevField       Key = "key.prev_field"
	KeyLetter          Key = "key.letter"
	KeyChoose          Key = "key.choose"
	KeySave            Key = "key.save"
	KeyClearForm       Key = "key.clear_form"
	KeyOpenExisting    Key = "key.open_existing"
	KeySaveAnyway      Key = "key.save_anyway"
	KeyAnyKey          Key = "key.any_key"
	KeyNextRunner      Key = "key.next_runner"
	SearchTitle        Key = "txt.search_title"
	SearchPlaceholder  Key = "txt.search_placeholder"
	NoMatches          Key = "txt.no_matches"
	Payment            Key = "txt.payment"
	PrintNotReady      Key = "txt.print_not_ready"
	PaymentSaved       Key = "txt.payment_saved"
	MarkedDNS          Key = "txt.marked_dns"
	UnmarkedDNS        Key = "txt.unmarked_dns"
	CheckedInBib       Key = "txt.checked_in_bib"
	NoBib              Key = "txt.no_bib"
	PayPrompt          Key = "txt.pay_prompt"
	AtDesk             Key = "txt.at_desk"
	History            Key = "txt.history"
	Created            Key = "txt.created"
	BornPlaceholder    Key = "txt.born_placeholder"
	FixFields          Key = "txt.fix_fields"
	LateRegistration   Key = "txt.late_registration"
	EditParticipant    Key = "txt.edit_participant"
	BibAuto            Key = "txt.bib_auto"
	CheckingDuplicates Key = "txt.checking_duplicates"
	ConfirmLine        Key = "txt.confirm_line"
	SimilarFound       Key = "txt.similar_found"
	SavedBib           Key = "txt.saved_bib"
	NextRunner         Key = "txt.next_runner"
	TabCheckIn         Key = "tab.checkin"
	TabRegister        Key = "tab.register"
	TabTiming          Key = "tab.timing"
	TabResults         Key = "tab.results"
	NotYet             Key = "txt.not_yet"
	RegisteredCount    Key = "txt.registered_count"
	Found              Key = "txt.found"
	FoundMany          Key = "txt.found_many"
	BibColumn          Key = "txt.bib_column"
	Due                Key = "txt.due"
	NothingDue         Key = "txt.nothing_due"
)

var catalog = map[Lang]map[Key]string{
	EN: {
		"field.first":           "first name",
		"field.last":            "last name",
		"field.born":            "birth date",
		"field.gender":          "gender",
		"field.club":            "club",
		"field.email":           "email",
		"field.phone":           "phone",
		"field.race":            "race",
		"field.bib":             "bib",
		"field.status":          "status",
		"field.paid_cents":      "amount paid",
		"field.pay_method":      "payment",
		"field.source":          "source",
		"field.external_id":     "registration ID",
		"field.checked_in_at":   "checked in at",
		"field.checked_in_desk": "checked in at desk",
		"field.?":               "input",

		"status.pending":    "pending",
		"status.registered": "registered",
		"status.checked-in": "checked in",
		"status.dns":        "DNS",
		"status.dnf":        "DNF",
		"status.dsq":        "DSQ",

		ErrRequired:            "required",
		ErrInvalid:             "%s",
		ErrTooLong:             "too long (at most %d characters)",
		ErrBadChars:            "contains control or unreadable characters",
		ErrNameNoLetter:        "needs at least one letter",
		ErrNameDigits:          "must not contain digits (bib typed into the name?)",
		ErrBornMissing:         "required (use DD.MM.YYYY or the birth year)",
		ErrBornNotDate:         "not a date (use DD.MM.YYYY, YYYY-MM-DD or the birth year)",
		ErrBornNoSuchDay:       "no such day (use DD.MM.YYYY)",
		ErrBornNoSuchMonth:     "no such month (use DD.MM.YYYY)",
		ErrBornFuture:          "lies in the future (use DD.MM.YYYY)",
		ErrBornTooOld:          "that is an age over %d (use DD.MM.YYYY)",
		ErrBornTooYoung:        "too young for %s (at least %d in %d)",
		ErrBornTooOldForRace:   "too old for %s (at most %d in %d)",
		ErrGenderMissing:       "required (M, W or D)",
		ErrGender:              "expected M (male), W (female) or D (diverse)",
		ErrRaceMissing:         "required (one of %s)",
		ErrRace:                "no such race (one of %s)",
		ErrEmail:               "not an email address (name@example.org)",
		ErrPhone:               "not a phone number (digits, + - / ( ) and spaces)",
		ErrBibNumber:           "expected a number, or auto",
		ErrBibRange:            "not a bib of %s (%s)",
		ErrBibTaken:            "already given to %s",
		ErrBibPoolExhausted:    "no bib left in the pool of %s for %s (%s)",
		ErrBibNoPool:           "desk %s has no bib pool for %s; enter the bib by hand",
		ErrPayMethod:           "expected cash, card, online or no",
		ErrAmount:              "expected an amount in euros (15 or 15,00)",
		ErrAmountWithoutMethod: "an amount needs a payment method (cash, card or online)",
		ErrStatus:              "expected registered, checked-in, dns, dnf, dsq or pending",
		ErrSource:              "expected online, desk, hotspot or import",
		ErrChoice:              "expected one of %s",
		ErrUnknownField:        "the event has no such field",
		ErrDBInUse:             "%s is in use by another racedesk process",
		ErrDBNewer:             "%s was written by a newer racedesk (schema %d, this one knows %d); update racedesk",
		ErrDBNoEvent:           "%s has no event yet; run racedesk event init or racedesk demo",
		ErrNotFound:            "no participant with ID %s",
		ErrBibNotFound:         "no participant with bib %d",
		ErrExternalIDTaken:     "already used by %s",

		AlreadyCheckedIn:   "already checked in at %s by %s — nothing changed",
		CheckedInNow:       "checked in",
		Registered:         "registered",
		Participants:       "participants",
		CheckedInCount:     "checked in",
		LateEntries:        "late entries",
		Desk:               "desk",
		Offline:            "offline",
		PrintIdle:          "idle",
		Sync:               "sync",
		Print:              "print",
		Quit:               "quit",
		Help:               "help",
		Back:               "back",
		DemoCreated:        "demo event %q with %d runners written to %s",
		EventCreated:       "event %q created in %s (desk %s)",
		BackupWritten:      "backup written to %s (%d bytes)",
		AgeClass:           "class",
		Race:               "race",
		Bib:                "bib",
		Paid:               "paid",
		Unpaid:             "unpaid",
		Status:             "status",
		Name:               "name",
		Born:               "born",
		Club:               "club",
		Fee:                "fee",
		LateFee:            "late fee",
		Start:              "start",
		Pool:               "bib pool",
		DeskPlaceholder:    "The desk screens arrive with the next release. Press q to quit.",
		Exported:           "%d participants exported to %s",
		KeyMove:            "move",
		KeyOpen:            "open",
		KeyClear:           "clear",
		KeyCheckIn:         "check in",
		KeyPay:             "payment",
		KeyEdit:            "edit",
		KeyDNS:             "DNS",
		KeyLabel:           "print label",
		PayCash:            "cash",
		PayCard:            "card",
		PayOnline:          "online",
		PayNone:            "unpaid",
		KeyNextField:       "next",
		KeyPrevField:       "back",
		KeyLetter:          "letter",
		KeyChoose:          "choose",
		KeySave:            "save",
		KeyClearForm:       "clear form",
		KeyOpenExisting:    "open existing",
		KeySaveAnyway:      "register anyway",
		KeyAnyKey:          "any key",
		KeyNextRunner:      "next runner",
		SearchTitle:        "Check-in — name, bib or club",
		SearchPlaceholder:  "type to search",
		NoMatches:          "nobody found — F3 registers a walk-in",
		Payment:            "payment",
		PrintNotReady:      "printing is not set up yet",
		PaymentSaved:       "payment saved",
		MarkedDNS:          "marked as not started (DNS)",
		UnmarkedDNS:        "DNS taken back",
		CheckedInBib:       "checked in — hand out bib %d",
		NoBib:              "no bib yet",
		PayPrompt:          "Payment (%s due): 1 cash · 2 card · 3 online · 0 unpaid · esc cancel",
		AtDesk:             "at %s, %s",
		History:            "History",
		Created:            "created",
		BornPlaceholder:    "DD.MM.YYYY",
		FixFields:          "✗ %d field(s) need a look — nothing saved yet",
		LateRegistration:   "Late registration",
		EditParticipant:    "Edit participant",
		BibAuto:            "next of this desk's pool",
		CheckingDuplicates: "looking for the same runner…",
		ConfirmLine:        "Check: born %s · %s · %s → %s",
		SimilarFound:       "Already registered? Same name and birth year:",
		SavedBib:           "saved — hand out bib %d",
		NextRunner:         "Type to register the next runner.",
		TabCheckIn:         "Check-in",
		TabRegister:        "Late entry",
		TabTiming:          "Timing",
		TabResults:         "Results",
		NotYet:             "This screen arrives with the timing issue.",
		RegisteredCount:    "registered",
		"gender.M":         "male", "gender.W": "female", "gender.D": "diverse", "gender.": "–",
		"pay.": "unpaid", "pay.cash": "cash", "pay.card": "card", "pay.online": "online",
		Found:      "%d found",
		FoundMany:  "first %d — type more",
		BibColumn:  "bib",
		Due:        "due %s",
		NothingDue: "nothing due",
	},
	DE: {
		"field.first":           "Vorname",
		"field.last":            "Nachname",
		"field.born":            "Geburtsdatum",
		"field.gender":          "Geschlecht",
		"field.club":            "Verein",
		"field.email":           "E-Mail",
		"field.phone":           "Telefon",
		"field.race":            "Lauf",
		"field.bib":             "Startnummer",
		"field.status":          "Status",
		"field.paid_cents":      "bezahlter Betrag",
		"field.pay_method":      "Zahlung",
		"field.source":          "Quelle",
		"field.external_id":     "Anmelde-ID",
		"field.checked_in_at":   "eingecheckt um",
		"field.checked_in_desk": "eingecheckt am Tisch",
		"field.?":               "Eingabe",

		"status.pending":    "wartet",
		"status.registered": "angemeldet",
		"status.checked-in": "eingecheckt",
		"status.dns":        "nicht gestartet",
		"status.dnf":        "aufgegeben",
		"status.dsq":        "disqualifiziert",

		ErrRequired:            "fehlt",
		ErrInvalid:             "%s",
		ErrTooLong:             "zu lang (höchstens %d Zeichen)",
		ErrBadChars:            "enthält Steuer- oder unlesbare Zeichen",
		ErrNameNoLetter:        "braucht mindestens einen Buchstaben",
		ErrNameDigits:          "darf keine Ziffern enthalten (Startnummer im Namen?)",
		ErrBornMissing:         "fehlt (TT.MM.JJJJ oder Jahrgang)",
		ErrBornNotDate:         "kein Datum (TT.MM.JJJJ, JJJJ-MM-TT oder Jahrgang)",
		ErrBornNoSuchDay:       "diesen Tag gibt es nicht (Format TT.MM.JJJJ)",
		ErrBornNoSuchMonth:     "diesen Monat gibt es nicht (Format TT.MM.JJJJ)",
		ErrBornFuture:          "liegt in der Zukunft (Format TT.MM.JJJJ)",
		ErrBornTooOld:          "das wäre älter als %d Jahre (Format TT.MM.JJJJ)",
		ErrBornTooYoung:        "zu jung für %s (mindestens %d im Jahr %d)",
		ErrBornTooOldForRace:   "zu alt für %s (höchstens %d im Jahr %d)",
		ErrGenderMissing:       "fehlt (M, W oder D)",
		ErrGender:              "erwartet M (männlich), W (weiblich) oder D (divers)",
		ErrRaceMissing:         "fehlt (einer von %s)",
		ErrRace:                "diesen Lauf gibt es nicht (einer von %s)",
		ErrEmail:               "keine E-Mail-Adresse (name@example.org)",
		ErrPhone:               "keine Telefonnummer (Ziffern, + - / ( ) und Leerzeichen)",
		ErrBibNumber:           "erwartet eine Zahl oder auto",
		ErrBibRange:            "keine Startnummer von %s (%s)",
		ErrBibTaken:            "schon vergeben an %s",
		ErrBibPoolExhausted:    "keine Startnummer mehr im Vorrat von %s für %s (%s)",
		ErrBibNoPool:           "Tisch %s hat keinen Startnummern-Vorrat für %s; Startnummer von Hand eingeben",
		ErrPayMethod:           "erwartet bar, Karte, online oder nein",
		ErrAmount:              "erwartet einen Betrag in Euro (15 oder 15,00)",
		ErrAmountWithoutMethod: "ein Betrag braucht eine Zahlungsart (bar, Karte oder online)",
		ErrStatus:              "erwartet registered, checked-in, dns, dnf, dsq oder pending",
		ErrSource:              "erwartet online, desk, hotspot oder import",
		ErrChoice:              "erwartet eins von %s",
		ErrUnknownField:        "dieses Feld gibt es in der Veranstaltung nicht",
		ErrDBInUse:             "%s wird von einem anderen racedesk-Prozess benutzt",
		ErrDBNewer:             "%s stammt von einem neueren racedesk (Schema %d, dieses kennt %d); racedesk aktualisieren",
		ErrDBNoEvent:           "%s enthält noch keine Veranstaltung; racedesk event init oder racedesk demo ausführen",
		ErrNotFound:            "kein Teilnehmer mit ID %s",
		ErrBibNotFound:         "kein Teilnehmer mit Startnummer %d",
		ErrExternalIDTaken:     "schon benutzt von %s",

		AlreadyCheckedIn:   "schon eingecheckt um %s am %s — nichts geändert",
		CheckedInNow:       "eingecheckt",
		Registered:         "angemeldet",
		Participants:       "Teilnehmer",
		CheckedInCount:     "eingecheckt",
		LateEntries:        "Nachmeldungen",
		Desk:               "Tisch",
		Offline:            "offline",
		PrintIdle:          "bereit",
		Sync:               "Sync",
		Print:              "Druck",
		Quit:               "beenden",
		Help:               "Hilfe",
		Back:               "zurück",
		DemoCreated:        "Demo-Veranstaltung %q mit %d Läufern in %s geschrieben",
		EventCreated:       "Veranstaltung %q in %s angelegt (Tisch %s)",
		BackupWritten:      "Sicherung nach %s geschrieben (%d Bytes)",
		AgeClass:           "Klasse",
		Race:               "Lauf",
		Bib:                "Startnr.",
		Paid:               "bezahlt",
		Unpaid:             "offen",
		Status:             "Status",
		Name:               "Name",
		Born:               "geboren",
		Club:               "Verein",
		Fee:                "Startgeld",
		LateFee:            "Nachmeldegebühr",
		Start:              "Start",
		Pool:               "Startnummern-Vorrat",
		DeskPlaceholder:    "Die Tisch-Bildschirme kommen mit der nächsten Version. q beendet.",
		Exported:           "%d Teilnehmer nach %s exportiert",
		KeyMove:            "auswählen",
		KeyOpen:            "öffnen",
		KeyClear:           "leeren",
		KeyCheckIn:         "einchecken",
		KeyPay:             "bezahlen",
		KeyEdit:            "bearbeiten",
		KeyDNS:             "DNS",
		KeyLabel:           "Etikett",
		PayCash:            "bar",
		PayCard:            "Karte",
		PayOnline:          "online",
		PayNone:            "offen",
		KeyNextField:       "weiter",
		KeyPrevField:       "zurück",
		KeyLetter:          "Buchstabe",
		KeyChoose:          "wählen",
		KeySave:            "speichern",
		KeyClearForm:       "Formular leeren",
		KeyOpenExisting:    "vorhandenen öffnen",
		KeySaveAnyway:      "trotzdem anmelden",
		KeyAnyKey:          "jede Taste",
		KeyNextRunner:      "nächster Läufer",
		SearchTitle:        "Check-in — Name, Startnummer oder Verein",
		SearchPlaceholder:  "tippen zum Suchen",
		NoMatches:          "niemand gefunden — F3 für Nachmeldung",
		Payment:            "Zahlung",
		PrintNotReady:      "Drucken ist noch nicht eingerichtet",
		PaymentSaved:       "Zahlung gespeichert",
		MarkedDNS:          "als nicht gestartet (DNS) markiert",
		UnmarkedDNS:        "DNS zurückgenommen",
		CheckedInBib:       "eingecheckt — Startnummer %d ausgeben",
		NoBib:              "noch ohne Startnummer",
		PayPrompt:          "Zahlung (%s offen): 1 bar · 2 Karte · 3 online · 0 offen · esc Abbruch",
		AtDesk:             "um %s, %s",
		History:            "Verlauf",
		Created:            "angelegt",
		BornPlaceholder:    "TT.MM.JJJJ",
		FixFields:          "✗ %d Feld(er) prüfen — noch nichts gespeichert",
		LateRegistration:   "Nachmeldung",
		EditParticipant:    "Teilnehmer bearbeiten",
		BibAuto:            "nächste aus dem Vorrat",
		CheckingDuplicates: "suche nach derselben Person…",
		ConfirmLine:        "Prüfen: geb. %s · %s · %s → %s",
		SimilarFound:       "Schon angemeldet? Gleicher Name und Jahrgang:",
		SavedBib:           "gespeichert — Startnummer %d ausgeben",
		NextRunner:         "Weitertippen für die nächste Nachmeldung.",
		TabCheckIn:         "Check-in",
		TabRegister:        "Nachmeldung",
		TabTiming:          "Zeitnahme",
		TabResults:         "Ergebnisse",
		NotYet:             "Dieser Bildschirm kommt mit der Zeitnahme.",
		RegisteredCount:    "angemeldet",
		"gender.M":         "männlich", "gender.W": "weiblich", "gender.D": "divers", "gender.": "–",
		"pay.": "offen", "pay.cash": "bar", "pay.card": "Karte", "pay.online": "online",
		Found:      "%d gefunden",
		FoundMany:  "erste %d — weitertippen",
		BibColumn:  "Nr.",
		Due:        "offen %s",
		NothingDue: "nichts offen",
	},
}
