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

	// Import and export of registration lists (issue 4).
	ImpTooLarge          Key = "imp.too_large"
	ImpBadEncoding       Key = "imp.bad_encoding"
	ImpBadDelimiter      Key = "imp.bad_delimiter"
	ImpBadDateOrder      Key = "imp.bad_date_order"
	ImpHeaderSyntax      Key = "imp.header_syntax"
	ImpEmptyFile         Key = "imp.empty_file"
	ImpBareQuote         Key = "imp.bare_quote"
	ImpOpenQuote         Key = "imp.open_quote"
	ImpStrayQuote        Key = "imp.stray_quote"
	ImpFieldCount        Key = "imp.field_count"
	ImpMappingNoExtra    Key = "imp.mapping_no_extra"
	ImpDuplicateColumn   Key = "imp.duplicate_column"
	ImpMissingColumns    Key = "imp.missing_columns"
	ImpTargetYear        Key = "imp.target_year"
	ImpTargetPaid        Key = "imp.target_paid"
	ImpTargetIgnored     Key = "imp.target_ignored"
	ImpDateAmbiguous     Key = "imp.date_ambiguous"
	ImpDateConflict      Key = "imp.date_conflict"
	ImpYearMismatch      Key = "imp.year_mismatch"
	ImpDuplicateID       Key = "imp.duplicate_id"
	ImpDuplicateRunner   Key = "imp.duplicate_runner"
	ImpOtherRegistration Key = "imp.other_registration"
	ImpSumFile           Key = "imp.sum_file"
	ImpEncBOM            Key = "imp.enc_bom"
	ImpEncGiven          Key = "imp.enc_given"
	ImpSumColumns        Key = "imp.sum_columns"
	ImpSumUnknown        Key = "imp.sum_unknown"
	ImpOrderDMY          Key = "imp.order_dmy"
	ImpOrderMDY          Key = "imp.order_mdy"
	ImpOrderYMD          Key = "imp.order_ymd"
	ImpDatesNotNeeded    Key = "imp.dates_not_needed"
	ImpDatesProven       Key = "imp.dates_proven"
	ImpDatesFlag         Key = "imp.dates_flag"
	ImpDatesConflict     Key = "imp.dates_conflict"
	ImpDatesConflictFlag Key = "imp.dates_conflict_flag"
	ImpDatesConflictRej  Key = "imp.dates_conflict_rejected"
	ImpDatesUnknown      Key = "imp.dates_unknown"
	ImpDatesExample      Key = "imp.dates_example"
	ImpDatesFlagIgnored  Key = "imp.dates_flag_ignored"
	ImpSumCounts         Key = "imp.sum_counts"
	ImpSumBlank          Key = "imp.sum_blank"
	ImpDryRun            Key = "imp.dry_run"
	ImpSumUpdated        Key = "imp.sum_updated"
	ImpSumClashes        Key = "imp.sum_clashes"
	ImpClashLine         Key = "imp.clash_line"
	ImpSumSimilar        Key = "imp.sum_similar"
	ImpSimilarLine       Key = "imp.similar_line"
	ImpSumRejected       Key = "imp.sum_rejected"
	ImpMore              Key = "imp.more"
	ImpLine              Key = "imp.line"
	ImpRejectedWritten   Key = "imp.rejected_written"
	ImpRemovedStale      Key = "imp.removed_stale"
	ImpOriginDesk        Key = "imp.origin_desk"
	ImpOriginSync        Key = "imp.origin_sync"
	ImpOriginHotspot     Key = "imp.origin_hotspot"
	ImpOriginImport      Key = "imp.origin_import"
	ExpColBib            Key = "exp.col_bib"
	ExpColLast           Key = "exp.col_last"
	ExpColFirst          Key = "exp.col_first"
	ExpColYear           Key = "exp.col_year"
	ExpColBorn           Key = "exp.col_born"
	ExpColGender         Key = "exp.col_gender"
	ExpColClass          Key = "exp.col_class"
	ExpColClub           Key = "exp.col_club"
	ExpColRace           Key = "exp.col_race"
	ExpColStatus         Key = "exp.col_status"
	ExpColPayment        Key = "exp.col_payment"
	ExpColDue            Key = "exp.col_due"
	ExpColPhone          Key = "exp.col_phone"
	ExpColRegID          Key = "exp.col_reg_id"
	ExpRowsExported      Key = "exp.rows_exported"
	ImpBibInFile         Key = "imp.bib_in_file"
	ImpRejectedDone      Key = "imp.rejected_done"

	// Sync.
	SyncJoined       Key = "txt.sync_joined"
	SyncSummary      Key = "txt.sync_summary"
	SyncClockOff     Key = "txt.sync_clock_off"
	NewIdentity      Key = "txt.new_identity"
	NewIdentityShort Key = "txt.new_identity_short"
	SyncSyncing      Key = "txt.sync_syncing"
	SyncAt           Key = "txt.sync_at"
	SyncFailed       Key = "txt.sync_failed"
	SyncOffline      Key = "txt.sync_offline"
	SyncPending      Key = "txt.sync_pending"
	SyncConflicts    Key = "txt.sync_conflicts"
	BibTwins         Key = "txt.bib_twins"

	// Timing and results.
	TimingRecorded Key = "txt.timing_recorded"
	NotStarted     Key = "txt.not_started"
	Place          Key = "txt.place"
	TimeColumn     Key = "txt.time_column"
	FlagsToCheck   Key = "txt.flags_to_check"
	GenderPlace    Key = "txt.gender_place"
	ClassPlace     Key = "txt.class_place"
	Unassigned     Key = "txt.unassigned"

	// Timing screen.
	KeyFinish     Key = "key.finish"
	KeyStamp      Key = "key.stamp"
	KeyGun        Key = "key.gun"
	KeyTypedStart Key = "key.typed_start"
	KeyNextRace   Key = "key.next_race"
	KeyFixBib     Key = "key.fix_bib"
	KeyFixTime    Key = "key.fix_time"
	KeyVoid       Key = "key.void"
	KeyInsert     Key = "key.insert"
	AskStartTime  Key = "txt.ask_start_time"
	AskDNF        Key = "txt.ask_dnf"
	AskDSQ        Key = "txt.ask_dsq"
	StampsWaiting Key = "txt.stamps_waiting"
	WaitsForBib   Key = "txt.waits_for_bib"
	FlagUnknown   Key = "txt.flag_unknown"
	FlagTwice     Key = "txt.flag_twice"
	Voided        Key = "txt.voided"
	Corrected     Key = "txt.corrected"
	KeyGender     Key = "key.gender"
	KeyClass      Key = "key.class"
	KeyScroll     Key = "key.scroll"
	FilterAll     Key = "txt.filter_all"
	Filter        Key = "txt.filter"
	NoResults     Key = "txt.no_results"
	// Printing (issue 7): printouts, the print queue, racedesk print.
	PrStartList       Key = "pr.start_list"
	PrStartListByBib  Key = "pr.start_list_by_bib"
	PrStartListByName Key = "pr.start_list_by_name"
	PrColBib          Key = "pr.col_bib"
	PrColName         Key = "pr.col_name"
	PrColClub         Key = "pr.col_club"
	PrColClass        Key = "pr.col_class"
	PrColDue          Key = "pr.col_due"
	PrColPlace        Key = "pr.col_place"
	PrColTime         Key = "pr.col_time"
	PrColRace         Key = "pr.col_race"
	PrColAll          Key = "pr.col_all"
	PrColIn           Key = "pr.col_in"
	PrColMissing      Key = "pr.col_missing"
	PrColDNS          Key = "pr.col_dns"
	PrStartAt         Key = "pr.start_at"
	PrRunners         Key = "pr.runners"
	PrPrinted         Key = "pr.printed"
	PrNoEntries       Key = "pr.no_entries"
	PrLabel           Key = "pr.label"
	PrClassOf         Key = "pr.class_of"
	PrPaidBy          Key = "pr.paid_by"
	PrResults         Key = "pr.results"
	PrByClass         Key = "pr.by_class"
	PrFinishers       Key = "pr.finishers"
	PrCheckIn         Key = "pr.checkin"
	PrNotCheckedIn    Key = "pr.not_checked_in"
	PrAllCheckedIn    Key = "pr.all_checked_in"
	PrSum             Key = "pr.sum"
	PrMissingCount    Key = "pr.missing_count"
	PrNoPrinter       Key = "pr.no_printer"
	PrUnknownPrinter  Key = "pr.unknown_printer"
	PrNoResults       Key = "pr.no_results"
	PrSent            Key = "pr.sent"
	PrStatusIdle      Key = "pr.status_idle"
	PrStatusPrinting  Key = "pr.status_printing"
	PrStatusWaiting   Key = "pr.status_waiting"
	PrStatusFailed    Key = "pr.status_failed"
	PrStatusRetry     Key = "pr.status_retry"
	PrWhyUnreachable  Key = "pr.why_unreachable"
	PrWhyIncomplete   Key = "pr.why_incomplete"
	PrWhyStalled      Key = "pr.why_stalled"
	PrWhyUnconfirmed  Key = "pr.why_unconfirmed"
	PrWhyInterrupted  Key = "pr.why_interrupted"
	PendingCount      Key = "txt.pending_count"
	PendingHelp       Key = "txt.pending_help"
	// Self-registration over the hotspot (issue 8): the phone's form and
	// its confirmation page (tui/hotspot), racedesk hotspot.
	HsTitle        Key = "hs.title"
	HsIntro        Key = "hs.intro"
	HsSwitchLang   Key = "hs.switch_lang"
	HsRequiredNote Key = "hs.required_note"
	HsBornHint     Key = "hs.born_hint"
	HsStart        Key = "hs.start"
	HsFeeOnSite    Key = "hs.fee_on_site"
	HsFree         Key = "hs.free"
	HsSubmit       Key = "hs.submit"
	HsCheckFields  Key = "hs.check_fields"
	HsStale        Key = "hs.stale"
	HsDoneTitle    Key = "hs.done_title"
	HsShowCode     Key = "hs.show_code"
	HsPayThere     Key = "hs.pay_there"
	HsBibThere     Key = "hs.bib_there"
	HsCodeQR       Key = "hs.code_qr"
	HsScreenshot   Key = "hs.screenshot"
	HsAnother      Key = "hs.another"
	HsBackToForm   Key = "hs.back_to_form"
	HsGone         Key = "hs.gone"
	HsNotFound     Key = "hs.not_found"
	HsTooMany      Key = "hs.too_many"
	HsTooLarge     Key = "hs.too_large"
	HsBadRequest   Key = "hs.bad_request"
	HsCrossSite    Key = "hs.cross_site"
	HsFailed       Key = "hs.failed"
	HsServing      Key = "hs.serving"
	HsOpenOnPhone  Key = "hs.open_on_phone"
	HsStopHint     Key = "hs.stop_hint"
	HsRegisteredAt Key = "hs.registered_at"
	HsSignWritten  Key = "hs.sign_written"

	// Print screen.
	KeyResend       Key = "key.resend"
	KeyCancelJob    Key = "key.cancel_job"
	TabPrint        Key = "tab.print"
	NoPrintJobs     Key = "txt.no_print_jobs"
	PreviewTitle    Key = "txt.preview_title"
	Queued          Key = "txt.queued"
	KeyPrintResults Key = "key.print_results"
	KeyPrintByClass Key = "key.print_by_class"

	// Hotspot screen and sign.
	SignTitle     Key = "txt.sign_title"
	SignWiFi      Key = "txt.sign_wifi"
	SignOpen      Key = "txt.sign_open"
	SignThen      Key = "txt.sign_then"
	TabHotspot    Key = "tab.hotspot"
	TabHub        Key = "tab.hub"
	HotspotOff    Key = "txt.hotspot_off"
	HotspotStats  Key = "txt.hotspot_stats"
	IslandTitle   Key = "txt.island_title"
	IslandJoin    Key = "txt.island_join"
	IslandHead    Key = "txt.island_head"
	IslandInCloud Key = "txt.island_in_cloud"
	IslandWaiting Key = "txt.island_waiting"
	IslandDevice  Key = "txt.island_device"
	IslandClockOK Key = "txt.island_clock_ok"
	IslandClock   Key = "txt.island_clock"
	KeyPrintSign  Key = "key.print_sign"
	ErrClockTime  Key = "err.clock_time"
	ErrNoSuchTime Key = "err.no_such_time"
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
		"field.code":            "code",
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
		SimilarFound:       "Already registered? Probably the same runner:",
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

		// Import and export of registration lists (issue 4).
		ImpTooLarge:          "the file is larger than %d MB; is it really a registration list?",
		ImpBadEncoding:       "encoding %q: expected utf-8 or windows-1252",
		ImpBadDelimiter:      "separator %q: expected \";\", \",\" or tab",
		ImpBadDateOrder:      "date order %q: expected dmy, mdy or ymd",
		ImpHeaderSyntax:      "the header (line %d) is not valid CSV: %s",
		ImpEmptyFile:         "the file is empty: no header line",
		ImpBareQuote:         "a quote (\") inside a field that does not start with one; put the whole field in quotes and double the quote (\"\")",
		ImpOpenQuote:         "a quoted field opened in line %d is not closed up to line %d; a closing quote is missing",
		ImpStrayQuote:        "a stray quote after a quoted field; double quotes inside a field (\"\")",
		ImpFieldCount:        "the row has %d fields, the header %d (a separator too many or too few?)",
		ImpMappingNoExtra:    "column %q: the event has no extra field %q (it has: %s)",
		ImpDuplicateColumn:   "columns %s all look like %s; say in a mapping file (--mapping) which one is meant, and map the other to \"-\"",
		ImpMissingColumns:    "no column for %s (the file has %s); name the columns in a mapping file (--mapping) or give --race",
		ImpTargetYear:        "birth year",
		ImpTargetPaid:        "paid",
		ImpTargetIgnored:     "(ignored)",
		ImpDateAmbiguous:     "could be day/month or month/day, and no date of the file tells; give --date-order dmy or mdy",
		ImpDateConflict:      "could be day/month or month/day, and the file has both (%s in line %d, %s in line %d); give --date-order dmy or mdy",
		ImpYearMismatch:      "does not match the birth year %s of the same row",
		ImpDuplicateID:       "duplicate of line %d (same registration ID %s); imported once",
		ImpDuplicateRunner:   "duplicate of line %d (same runner: name, birth date and race); imported once",
		ImpOtherRegistration: "the same runner as %s (%s), who has registration ID %s; registered twice?",
		ImpSumFile:           "%s: %s, separator %s, %d rows",
		ImpEncBOM:            "%s with BOM",
		ImpEncGiven:          "%s (as given)",
		ImpSumColumns:        "Columns",
		ImpSumUnknown:        "Not imported (columns racedesk does not know; a mapping file can name them): %s",
		ImpOrderDMY:          "day/month/year",
		ImpOrderMDY:          "month/day/year",
		ImpOrderYMD:          "year/month/day",
		ImpDatesNotNeeded:    "Birth dates: DD.MM.YYYY, YYYY-MM-DD or the year; no day/month question",
		ImpDatesProven:       "Birth dates: %s; %s (line %d) can only be read that way",
		ImpDatesFlag:         "Birth dates: %s, as --date-order says (no date of the file proves an order)",
		ImpDatesConflict:     "Birth dates: the file has both %s (line %d, day first) and %s (line %d, month first)",
		ImpDatesConflictFlag: "  dates that read both ways were read as %s (--date-order)",
		ImpDatesConflictRej:  "  dates that read both ways were rejected; give --date-order dmy or mdy",
		ImpDatesUnknown:      "Birth dates: nothing in the file says whether dates like %s (line %d) are day/month or month/day; rows with such a date are rejected (%d). Give --date-order dmy or mdy",
		ImpDatesExample:      "  for example %s (line %d) → %s",
		ImpDatesFlagIgnored:  "  --date-order %s ignored: the file's dates prove %s",
		ImpSumCounts:         "%d new · %d updated · %d unchanged · %d rejected",
		ImpSumBlank:          "%d empty rows skipped",
		ImpDryRun:            "Dry run: nothing was written.",
		ImpSumUpdated:        "Updated:",
		ImpSumClashes:        "Kept what was set at the desk (the file says otherwise):",
		ImpClashLine:         "%s: kept %s, file %s (set by %s)",
		ImpSumSimilar:        "Perhaps the same runner (imported as a new entry; please check):",
		ImpSimilarLine:       "like %s (%s, born %s), entered without registration ID",
		ImpSumRejected:       "Rejected:",
		ImpMore:              "… and %d more",
		ImpLine:              "line %d",
		ImpRejectedWritten:   "Rejected rows are in %s: correct them there and import that file again.",
		ImpRemovedStale:      "Removed %s of an earlier import (nothing rejected this time).",
		ImpOriginDesk:        "the desk",
		ImpOriginSync:        "sync",
		ImpOriginHotspot:     "the hotspot",
		ImpOriginImport:      "an import",
		ExpColBib:            "Bib",
		ExpColLast:           "Last name",
		ExpColFirst:          "First name",
		ExpColYear:           "YOB",
		ExpColBorn:           "Born",
		ExpColGender:         "Sex",
		ExpColClass:          "Class",
		ExpColClub:           "Club",
		ExpColRace:           "Race",
		ExpColStatus:         "Status",
		ExpColPayment:        "Payment",
		ExpColDue:            "Due",
		ExpColPhone:          "Phone",
		ExpColRegID:          "Registration ID",
		ExpRowsExported:      "%d rows exported to %s",
		ImpBibInFile:         "already in line %d of this file",
		ImpRejectedDone:      "Every row of %s is in now; the file was removed.",
		SyncJoined:           "joined %q: %s created for desk %s",
		SyncSummary:          "synced: %d pushed, %d pulled, %d conflicts, %d round trips, %s sent, %s received, %s",
		SyncClockOff:         "clock %s off the cloud's",
		NewIdentityShort:     "copied file: new sync identity; give it its own desk + bibs",
		NewIdentity:          "%s was opened on another computer or at another path (a copy, or a restored backup): it now syncs under a new identity, and nothing is lost. If it is a copy for a second desk, give it its own desk name (--desk) and bib pool (racedesk pool).",
		SyncSyncing:          "syncing…",
		SyncAt:               "synced %s ✓",
		SyncFailed:           "sync failed",
		SyncOffline:          "sync offline",
		SyncPending:          "%d pending",
		SyncConflicts:        "%d conflicts",
		BibTwins:             "bib %d is also held by %s — give one of them another bib (e)",
		TimingRecorded:       "recorded: %s",
		NotStarted:           "not started yet",
		Place:                "pl.",
		TimeColumn:           "time",
		FlagsToCheck:         "%d to check:",
		"flag.unknown_bib":   "bib %d at %s: nobody has this bib",
		"flag.duplicate":     "bib %d finished again at %s: the first finish counts",
		"flag.before_start":  "bib %d at %s: before the race's start",
		"flag.waiting":       "%[2]s: stamped time waits for a bib",
		"flag.no_start":      "bib %d at %s: the race has no start time",
		"flag.bib_twice":     "bib %d: two runners hold it",
		GenderPlace:          "g.pl",
		ClassPlace:           "c.pl",
		Unassigned:           "not in any race",
		"kind.start":         "start",
		"kind.finish":        "finish",
		"kind.bib":           "bib",
		"kind.time":          "time",
		"kind.void":          "void",
		"kind.status":        "status",
		KeyFinish:            "finish",
		KeyStamp:             "stamp time",
		KeyGun:               "start selected race",
		KeyTypedStart:        "type start time",
		KeyNextRace:          "next race",
		KeyFixBib:            "change bib",
		KeyFixTime:           "change time",
		KeyVoid:              "void",
		KeyInsert:            "insert missed finisher",
		AskStartTime:         "Start time of %s (hh:mm:ss.t):",
		AskDNF:               "DNF — bib:",
		AskDSQ:               "DSQ — bib and reason:",
		StampsWaiting:        "%d stamped times wait; next bib → %s",
		WaitsForBib:          "waits for a bib",
		FlagUnknown:          "unknown bib",
		FlagTwice:            "bib twice, first counts",
		Voided:               "voided",
		Corrected:            "corrected",
		KeyGender:            "gender",
		KeyClass:             "class",
		KeyScroll:            "scroll",
		FilterAll:            "everyone",
		Filter:               "showing",
		NoResults:            "no results yet",
		// Printing (issue 7).
		PrStartList:       "Start list",
		PrStartListByBib:  "by bib",
		PrStartListByName: "by name",
		PrColBib:          "Bib",
		PrColName:         "Name",
		PrColClub:         "Club",
		PrColClass:        "Class",
		PrColDue:          "Due",
		PrColPlace:        "Pl.",
		PrColTime:         "Time",
		PrColRace:         "Race",
		PrColAll:          "All",
		PrColIn:           "In",
		PrColMissing:      "Missing",
		PrColDNS:          "DNS",
		PrStartAt:         "start %s",
		PrRunners:         "%d runners",
		PrPrinted:         "printed %s",
		PrNoEntries:       "No runners.",
		PrLabel:           "Label",
		PrClassOf:         "class %s",
		PrPaidBy:          "paid %s (%s)",
		PrResults:         "Results",
		PrByClass:         "by age class",
		PrFinishers:       "%d finishers",
		PrCheckIn:         "Check-in",
		PrNotCheckedIn:    "Not checked in yet",
		PrAllCheckedIn:    "Everyone is checked in.",
		PrSum:             "Total",
		PrMissingCount:    "%d not checked in",
		PrNoPrinter:       "no printer: give --to FILE|tcp://HOST:9100|/dev/usb/lp0|- or declare [[printers]] in the event file",
		PrUnknownPrinter:  "no printer %q (the event file has: %s)",
		PrNoResults:       "no results yet for %s: nobody has finished",
		PrSent:            "%s: %d bytes to %s",
		PrStatusIdle:      "idle",
		PrStatusPrinting:  "printing…",
		PrStatusWaiting:   "%d waiting",
		PrStatusFailed:    "%d failed",
		PrStatusRetry:     "retry %s",
		PrWhyUnreachable:  "printer not reachable",
		PrWhyIncomplete:   "broke off after %s of %s bytes; will be sent again",
		PrWhyStalled:      "the printer took no data (paper out? cover open?); will be sent again",
		PrWhyUnconfirmed:  "sent, but the printer did not confirm — check whether it printed, then re-send or cancel",
		PrWhyInterrupted:  "racedesk stopped while sending — check whether it printed, then re-send or cancel",

		"print.queued": "queued", "print.printing": "printing", "print.done": "printed", "print.failed": "failed", "print.cancelled": "cancelled",
		PendingCount: "%d to confirm",
		PendingHelp:  "registered on a phone (code %s): check the data, take payment (p), enter confirms and gives the bib",
		// Hotspot (issue 8).
		HsTitle:         "On-site registration",
		HsIntro:         "Register here, then show your code at the desk: you pay there and get your bib.",
		HsSwitchLang:    "Deutsch",
		HsRequiredNote:  "* required",
		HsBornHint:      "DD.MM.YYYY, e.g. 12.03.1985",
		HsStart:         "start %s",
		HsFeeOnSite:     "entry fee on site %s",
		HsFree:          "free",
		HsSubmit:        "Register",
		HsCheckFields:   "Please check the marked fields:",
		HsStale:         "The form was open for a long time. Please check your entries and send it again.",
		HsDoneTitle:     "Registered — nearly done",
		HsShowCode:      "Show this code at the desk:",
		HsPayThere:      "At the desk you pay %s and get your bib.",
		HsBibThere:      "At the desk you get your bib.",
		HsCodeQR:        "QR code of the code %s",
		HsScreenshot:    "Tip: take a screenshot of this page.",
		HsAnother:       "Register someone else",
		HsBackToForm:    "To the registration form",
		HsGone:          "This confirmation is not available (any more). If you sent the form, you are registered: give your name at the desk.",
		HsNotFound:      "There is no such page here.",
		HsTooMany:       "Too many requests from this device. Please wait %d seconds and try again.",
		HsTooLarge:      "The form is too large. Please shorten your entries.",
		HsBadRequest:    "The form did not arrive intact. Please open the form again.",
		HsCrossSite:     "The form was sent from another page and was not accepted. Please open the form again.",
		HsFailed:        "The registration could not be saved. Please register at the desk.",
		HsServing:       "Self-registration for %s: phones on the hotspot open",
		HsOpenOnPhone:   "or scan:",
		HsStopHint:      "ctrl+c stops.",
		HsRegisteredAt:  "%s  %s · %s — to confirm at the desk",
		HsSignWritten:   "QR code of %[2]s written to %[1]s (print it on the sign)",
		KeyResend:       "send again",
		KeyCancelJob:    "cancel",
		TabPrint:        "Print",
		NoPrintJobs:     "nothing printed yet",
		PreviewTitle:    "Preview — %s: enter prints, esc drops it",
		Queued:          "queued for printing: %s",
		KeyPrintResults: "print",
		KeyPrintByClass: "print by class",
		SignTitle:       "Register on your phone",
		SignWiFi:        "1. Join the Wi-Fi %s",
		SignOpen:        "2. Open this address or scan the code:",
		SignThen:        "3. Show your code at the desk.",
		TabHotspot:      "Phones",
		TabHub:          "Hub+phones",
		HotspotOff:      "The phone form is off. Start the desk with --hotspot :8080 to let runners register on their phones.",
		HotspotStats:    "%d registered on phones · %d to confirm · %d sent back to fix · %d refused",
		IslandTitle:     "Hub of the island: the other desks join with",
		IslandJoin:      "racedesk sync --desk NAME --hub %s --token-file FILE",
		IslandHead:      "devices: %d",
		IslandInCloud:   "all changes in the cloud at %s",
		IslandWaiting:   "waiting for the cloud: %d",
		IslandDevice:    "%-14s last sync %s (%s ago) · %d wait · clock %s",
		IslandClockOK:   "right",
		IslandClock:     "%s off",
		KeyPrintSign:    "print the sign",
		ErrClockTime:    "expected hh:mm:ss or hh:mm:ss.t",
		ErrNoSuchTime:   "no such time of day",
		"field.time":    "time",
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
		"field.code":            "Code",
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
		SimilarFound:       "Schon angemeldet? Wahrscheinlich dieselbe Person:",
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

		// Import and export of registration lists (issue 4).
		ImpTooLarge:          "die Datei ist größer als %d MB; ist das wirklich eine Anmeldeliste?",
		ImpBadEncoding:       "Zeichensatz %q: erwartet utf-8 oder windows-1252",
		ImpBadDelimiter:      "Trennzeichen %q: erwartet \";\", \",\" oder tab",
		ImpBadDateOrder:      "Datumsreihenfolge %q: erwartet dmy, mdy oder ymd",
		ImpHeaderSyntax:      "die Kopfzeile (Zeile %d) ist kein gültiges CSV: %s",
		ImpEmptyFile:         "die Datei ist leer: keine Kopfzeile",
		ImpBareQuote:         "ein Anführungszeichen (\") in einem Feld, das nicht mit einem beginnt; das ganze Feld in Anführungszeichen setzen und das Zeichen verdoppeln (\"\")",
		ImpOpenQuote:         "ein in Zeile %d geöffnetes Feld in Anführungszeichen ist bis Zeile %d nicht geschlossen; ein schließendes Anführungszeichen fehlt",
		ImpStrayQuote:        "ein überzähliges Anführungszeichen nach einem Feld in Anführungszeichen; Anführungszeichen im Feld verdoppeln (\"\")",
		ImpFieldCount:        "die Zeile hat %d Felder, die Kopfzeile %d (ein Trennzeichen zu viel oder zu wenig?)",
		ImpMappingNoExtra:    "Spalte %q: die Veranstaltung hat kein Zusatzfeld %q (vorhanden: %s)",
		ImpDuplicateColumn:   "die Spalten %s sehen alle nach %s aus; in einer Zuordnungsdatei (--mapping) sagen, welche gemeint ist, und die andere auf \"-\" setzen",
		ImpMissingColumns:    "keine Spalte für %s (die Datei hat %s); die Spalten in einer Zuordnungsdatei (--mapping) benennen oder --race angeben",
		ImpTargetYear:        "Jahrgang",
		ImpTargetPaid:        "bezahlt",
		ImpTargetIgnored:     "(übergangen)",
		ImpDateAmbiguous:     "kann Tag/Monat oder Monat/Tag sein, und kein Datum der Datei verrät es; --date-order dmy oder mdy angeben",
		ImpDateConflict:      "kann Tag/Monat oder Monat/Tag sein, und die Datei hat beides (%s in Zeile %d, %s in Zeile %d); --date-order dmy oder mdy angeben",
		ImpYearMismatch:      "passt nicht zum Jahrgang %s derselben Zeile",
		ImpDuplicateID:       "doppelt, wie Zeile %d (gleiche Anmelde-ID %s); einmal importiert",
		ImpDuplicateRunner:   "doppelt, wie Zeile %d (gleiche Person: Name, Geburtsdatum und Lauf); einmal importiert",
		ImpOtherRegistration: "dieselbe Person wie %s (%s) mit der Anmelde-ID %s; doppelt angemeldet?",
		ImpSumFile:           "%s: %s, Trennzeichen %s, %d Zeilen",
		ImpEncBOM:            "%s mit BOM",
		ImpEncGiven:          "%s (vorgegeben)",
		ImpSumColumns:        "Spalten",
		ImpSumUnknown:        "Nicht importiert (Spalten, die racedesk nicht kennt; eine Zuordnungsdatei kann sie benennen): %s",
		ImpOrderDMY:          "Tag/Monat/Jahr",
		ImpOrderMDY:          "Monat/Tag/Jahr",
		ImpOrderYMD:          "Jahr/Monat/Tag",
		ImpDatesNotNeeded:    "Geburtsdaten: TT.MM.JJJJ, JJJJ-MM-TT oder Jahrgang; keine Frage nach Tag/Monat",
		ImpDatesProven:       "Geburtsdaten: %s; %s (Zeile %d) lässt sich nur so lesen",
		ImpDatesFlag:         "Geburtsdaten: %s, wie --date-order sagt (kein Datum der Datei beweist eine Reihenfolge)",
		ImpDatesConflict:     "Geburtsdaten: die Datei hat sowohl %s (Zeile %d, Tag zuerst) als auch %s (Zeile %d, Monat zuerst)",
		ImpDatesConflictFlag: "  Daten, die sich beidseitig lesen lassen, als %s gelesen (--date-order)",
		ImpDatesConflictRej:  "  Daten, die sich beidseitig lesen lassen, abgelehnt; --date-order dmy oder mdy angeben",
		ImpDatesUnknown:      "Geburtsdaten: nichts in der Datei sagt, ob Daten wie %s (Zeile %d) Tag/Monat oder Monat/Tag sind; Zeilen mit so einem Datum werden abgelehnt (%d). --date-order dmy oder mdy angeben",
		ImpDatesExample:      "  zum Beispiel %s (Zeile %d) → %s",
		ImpDatesFlagIgnored:  "  --date-order %s übergangen: die Daten der Datei beweisen %s",
		ImpSumCounts:         "%d neu · %d geändert · %d unverändert · %d abgelehnt",
		ImpSumBlank:          "%d leere Zeilen übersprungen",
		ImpDryRun:            "Probelauf: nichts wurde geschrieben.",
		ImpSumUpdated:        "Geändert:",
		ImpSumClashes:        "Am Tisch Gesetztes behalten (die Datei sagt etwas anderes):",
		ImpClashLine:         "%s: %s behalten, Datei %s (gesetzt von %s)",
		ImpSumSimilar:        "Vielleicht dieselbe Person (als neuer Eintrag importiert; bitte prüfen):",
		ImpSimilarLine:       "wie %s (%s, geb. %s), ohne Anmelde-ID erfasst",
		ImpSumRejected:       "Abgelehnt:",
		ImpMore:              "… und %d weitere",
		ImpLine:              "Zeile %d",
		ImpRejectedWritten:   "Abgelehnte Zeilen stehen in %s: dort korrigieren und diese Datei erneut importieren.",
		ImpRemovedStale:      "%s eines früheren Imports entfernt (diesmal nichts abgelehnt).",
		ImpOriginDesk:        "dem Tisch",
		ImpOriginSync:        "Sync",
		ImpOriginHotspot:     "dem Hotspot",
		ImpOriginImport:      "einem Import",
		ExpColBib:            "Startnr.",
		ExpColLast:           "Nachname",
		ExpColFirst:          "Vorname",
		ExpColYear:           "Jg.",
		ExpColBorn:           "Geburtsdatum",
		ExpColGender:         "Geschlecht",
		ExpColClass:          "Klasse",
		ExpColClub:           "Verein",
		ExpColRace:           "Lauf",
		ExpColStatus:         "Status",
		ExpColPayment:        "Zahlung",
		ExpColDue:            "offen",
		ExpColPhone:          "Telefon",
		ExpColRegID:          "Anmelde-ID",
		ExpRowsExported:      "%d Zeilen nach %s exportiert",
		ImpBibInFile:         "schon in Zeile %d dieser Datei",
		ImpRejectedDone:      "Jetzt sind alle Zeilen von %s importiert; die Datei wurde entfernt.",
		SyncJoined:           "%q beigetreten: %s für Tisch %s angelegt",
		SyncSummary:          "synchronisiert: %d gesendet, %d empfangen, %d Konflikte, %d Anfragen, %s hoch, %s runter, %s",
		SyncClockOff:         "Uhr %s neben der Cloud",
		NewIdentityShort:     "Kopierte Datei: neue Sync-Kennung; eigenen Tisch + Block geben",
		NewIdentity:          "%s wurde auf einem anderen Rechner oder an anderem Ort geöffnet (eine Kopie oder eine zurückgespielte Sicherung): die Datei synchronisiert jetzt unter einer neuen Kennung, nichts geht verloren. Ist sie eine Kopie für einen zweiten Tisch, gib ihr einen eigenen Tischnamen (--desk) und Startnummernblock (racedesk pool).",
		SyncSyncing:          "Sync läuft…",
		SyncAt:               "Sync %s ✓",
		SyncFailed:           "Sync fehlgeschlagen",
		SyncOffline:          "Sync offline",
		SyncPending:          "%d offen",
		SyncConflicts:        "%d Konflikte",
		BibTwins:             "Startnummer %d hat auch %s — einem davon eine andere geben (e)",
		TimingRecorded:       "erfasst: %s",
		NotStarted:           "noch nicht gestartet",
		Place:                "Pl.",
		TimeColumn:           "Zeit",
		FlagsToCheck:         "%d zu prüfen:",
		"flag.unknown_bib":   "Startnummer %d um %s: gehört niemandem",
		"flag.duplicate":     "Startnummer %d noch einmal im Ziel um %s: der erste Zieleinlauf zählt",
		"flag.before_start":  "Startnummer %d um %s: vor dem Start des Laufs",
		"flag.waiting":       "%[2]s: gestoppte Zeit wartet auf eine Startnummer",
		"flag.no_start":      "Startnummer %d um %s: der Lauf hat keine Startzeit",
		"flag.bib_twice":     "Startnummer %d: zwei Läufer haben sie",
		GenderPlace:          "MWD",
		ClassPlace:           "AK",
		Unassigned:           "keinem Lauf zugeordnet",
		"kind.start":         "Start",
		"kind.finish":        "Ziel",
		"kind.bib":           "Startnummer",
		"kind.time":          "Zeit",
		"kind.void":          "gestrichen",
		"kind.status":        "Status",
		KeyFinish:            "Ziel",
		KeyStamp:             "Zeit stoppen",
		KeyGun:               "Start des gewählten Laufs",
		KeyTypedStart:        "Startzeit eintippen",
		KeyNextRace:          "nächster Lauf",
		KeyFixBib:            "Startnummer ändern",
		KeyFixTime:           "Zeit ändern",
		KeyVoid:              "streichen",
		KeyInsert:            "vergessenen Läufer einfügen",
		AskStartTime:         "Startzeit von %s (hh:mm:ss.t):",
		AskDNF:               "DNF (aufgegeben) — Startnummer:",
		AskDSQ:               "DSQ (disqualifiziert) — Startnummer und Grund:",
		StampsWaiting:        "%d gestoppte Zeiten warten; nächste Nr. → %s",
		WaitsForBib:          "wartet auf Startnummer",
		FlagUnknown:          "unbekannte Nummer",
		FlagTwice:            "doppelt, erste zählt",
		Voided:               "gestrichen",
		Corrected:            "korrigiert",
		KeyGender:            "Geschlecht",
		KeyClass:             "Klasse",
		KeyScroll:            "blättern",
		FilterAll:            "alle",
		Filter:               "Anzeige",
		NoResults:            "noch keine Ergebnisse",
		// Printing (issue 7).
		PrStartList:       "Startliste",
		PrStartListByBib:  "nach Startnummer",
		PrStartListByName: "alphabetisch",
		PrColBib:          "Nr.",
		PrColName:         "Name",
		PrColClub:         "Verein",
		PrColClass:        "AK",
		PrColDue:          "offen",
		PrColPlace:        "Pl.",
		PrColTime:         "Zeit",
		PrColRace:         "Lauf",
		PrColAll:          "ges.",
		PrColIn:           "da",
		PrColMissing:      "fehlt",
		PrColDNS:          "DNS",
		PrStartAt:         "Start %s",
		PrRunners:         "%d Teilnehmer",
		PrPrinted:         "gedruckt %s",
		PrNoEntries:       "Keine Teilnehmer.",
		PrLabel:           "Etikett",
		PrClassOf:         "Klasse %s",
		PrPaidBy:          "bezahlt %s (%s)",
		PrResults:         "Ergebnisliste",
		PrByClass:         "nach Altersklassen",
		PrFinishers:       "%d im Ziel",
		PrCheckIn:         "Check-in",
		PrNotCheckedIn:    "Noch nicht eingecheckt",
		PrAllCheckedIn:    "Alle sind eingecheckt.",
		PrSum:             "Summe",
		PrMissingCount:    "%d fehlen noch",
		PrNoPrinter:       "kein Drucker: --to DATEI|tcp://HOST:9100|/dev/usb/lp0|- angeben oder [[printers]] in der Eventdatei eintragen",
		PrUnknownPrinter:  "keinen Drucker %q (die Eventdatei hat: %s)",
		PrNoResults:       "noch keine Ergebnisse für %s: niemand im Ziel",
		PrSent:            "%s: %d Bytes an %s",
		PrStatusIdle:      "bereit",
		PrStatusPrinting:  "druckt…",
		PrStatusWaiting:   "%d wartend",
		PrStatusFailed:    "%d fehlgeschlagen",
		PrStatusRetry:     "neuer Versuch %s",
		PrWhyUnreachable:  "Drucker nicht erreichbar",
		PrWhyIncomplete:   "nach %s von %s Bytes abgebrochen; wird neu gesendet",
		PrWhyStalled:      "Drucker nimmt keine Daten an (Papier leer? Deckel offen?); wird neu gesendet",
		PrWhyUnconfirmed:  "gesendet, aber vom Drucker nicht bestätigt — nachsehen, ob gedruckt, dann neu senden oder abbrechen",
		PrWhyInterrupted:  "racedesk wurde beim Senden beendet — nachsehen, ob gedruckt, dann neu senden oder abbrechen",

		"print.queued": "wartet", "print.printing": "druckt", "print.done": "gedruckt", "print.failed": "fehlgeschlagen", "print.cancelled": "abgebrochen",
		PendingCount: "%d zu bestätigen",
		PendingHelp:  "auf dem Handy angemeldet (Code %s): Daten prüfen, kassieren (p), Enter bestätigt und gibt die Startnummer",
		// Hotspot (Issue 8).
		HsTitle:         "Anmeldung vor Ort",
		HsIntro:         "Melde dich hier an und zeig dann deinen Code am Anmeldetisch: Dort zahlst du und bekommst deine Startnummer.",
		HsSwitchLang:    "English",
		HsRequiredNote:  "* Pflichtfeld",
		HsBornHint:      "TT.MM.JJJJ, z. B. 12.03.1985",
		HsStart:         "Start %s",
		HsFeeOnSite:     "Startgeld vor Ort %s",
		HsFree:          "ohne Startgeld",
		HsSubmit:        "Anmelden",
		HsCheckFields:   "Bitte prüfe die markierten Felder:",
		HsStale:         "Das Formular war lange offen. Bitte prüfe deine Angaben und schick es noch einmal ab.",
		HsDoneTitle:     "Angemeldet – fast geschafft",
		HsShowCode:      "Zeig diesen Code am Anmeldetisch:",
		HsPayThere:      "Am Anmeldetisch zahlst du %s und bekommst deine Startnummer.",
		HsBibThere:      "Am Anmeldetisch bekommst du deine Startnummer.",
		HsCodeQR:        "QR-Code des Codes %s",
		HsScreenshot:    "Tipp: Mach ein Bildschirmfoto dieser Seite.",
		HsAnother:       "Noch jemanden anmelden",
		HsBackToForm:    "Zum Anmeldeformular",
		HsGone:          "Diese Bestätigung gibt es nicht (mehr). Wenn du das Formular abgeschickt hast, bist du angemeldet: Nenn am Anmeldetisch deinen Namen.",
		HsNotFound:      "Diese Seite gibt es hier nicht.",
		HsTooMany:       "Zu viele Anfragen von diesem Gerät. Bitte warte %d Sekunden und versuch es noch einmal.",
		HsTooLarge:      "Das Formular ist zu groß. Bitte kürze deine Angaben.",
		HsBadRequest:    "Das Formular ist nicht richtig angekommen. Bitte öffne es noch einmal.",
		HsCrossSite:     "Das Formular kam von einer anderen Seite und wurde nicht angenommen. Bitte öffne es noch einmal.",
		HsFailed:        "Die Anmeldung konnte nicht gespeichert werden. Bitte melde dich am Anmeldetisch an.",
		HsServing:       "Selbst-Anmeldung für %s: Handys im Hotspot öffnen",
		HsOpenOnPhone:   "oder scannen:",
		HsStopHint:      "Strg+C beendet.",
		HsRegisteredAt:  "%s  %s · %s — am Anmeldetisch zu bestätigen",
		HsSignWritten:   "QR-Code von %[2]s in %[1]s geschrieben (für das Schild)",
		KeyResend:       "erneut senden",
		KeyCancelJob:    "abbrechen",
		TabPrint:        "Druck",
		NoPrintJobs:     "noch nichts gedruckt",
		PreviewTitle:    "Vorschau — %s: Enter druckt, Esc verwirft",
		Queued:          "zum Drucken eingereiht: %s",
		KeyPrintResults: "drucken",
		KeyPrintByClass: "nach Klassen drucken",
		SignTitle:       "Mit dem Handy anmelden",
		SignWiFi:        "1. WLAN %s verbinden",
		SignOpen:        "2. Diese Adresse öffnen oder den Code scannen:",
		SignThen:        "3. Den Code am Tisch zeigen.",
		TabHotspot:      "Handys",
		TabHub:          "Hub+Handys",
		HotspotOff:      "Das Handy-Formular ist aus. Den Tisch mit --hotspot :8080 starten, dann können sich Läufer mit dem Handy anmelden.",
		HotspotStats:    "%d per Handy angemeldet · %d zu bestätigen · %d zum Korrigieren zurück · %d abgewiesen",
		IslandTitle:     "Hub der Insel: die anderen Tische treten bei mit",
		IslandJoin:      "racedesk sync --desk NAME --hub %s --token-file DATEI",
		IslandHead:      "Geräte: %d",
		IslandInCloud:   "alle Änderungen in der Cloud um %s",
		IslandWaiting:   "warten auf die Cloud: %d",
		IslandDevice:    "%-14s zuletzt %s (vor %s) · %d warten · Uhr %s",
		IslandClockOK:   "richtig",
		IslandClock:     "%s daneben",
		KeyPrintSign:    "Schild drucken",
		ErrClockTime:    "erwartet hh:mm:ss oder hh:mm:ss.t",
		ErrNoSuchTime:   "diese Uhrzeit gibt es nicht",
		"field.time":    "Zeit",
	},
}
