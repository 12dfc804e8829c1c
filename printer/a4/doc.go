// Package a4 makes the event's A4 pages — start lists for the notice
// board, result lists overall and by age class, certificates (Urkunden)
// for the award ceremony — as printable HTML: one self-contained file that
// any browser opens offline and prints on A4 paper or to PDF
// (CSS @page size A4, a page break per race and per certificate).
//
// The pages come from templates (html/template). The default templates
// are embedded (templates/*.html) and speak the event's language through
// Labels; an organizer copies one (`racedesk a4 template certificate >
// urkunde.html`), edits it in any text editor and uses it instead
// (`--template urkunde.html`). Every template gets a *Document:
//
//	Document
//	  Kind          "startlist", "results" or "certificates"
//	  Lang          "de" or "en" (for <html lang>)
//	  Title         e.g. "Urkunden – Buchauer Nikolaus-Waldlauf 2026"
//	  Event         Name, Location, Date ("6. Dezember 2026"),
//	                DateShort ("06.12.2026"), ISODate ("2026-12-06"), Year
//	  Made          when the page was made ("06.12.2026 11:42")
//	  Labels        the default templates' words, in the event's language
//	  Order         start lists: "bib" or "name"
//	  Class, Top    what --class and --top asked for ("" and 0: all)
//	  StartLists    []StartList: Race, Entries []Starter
//	  Results       []RaceResults: Race, Finishers, Overall []Line,
//	                Classes []ClassResults (Class, Finishers, Lines),
//	                Others []Line (DNF, DSQ)
//	  Certificates  []Certificate, one a page
//
//	Race     ID, Name, Distance ("10 km"), Start ("10:30")
//	Starter  Bib, Name, First, Last, Club, Gender, Class, Year
//	Line     Place, GenderPlace, ClassPlace, Bib, Name, First, Last, Club,
//	         Gender, Class, Time ("0:40:04"), Status ("", "DNF", "DSQ")
//	Certificate
//	         Race, Bib, Name, First, Last, Club, Gender, GenderName
//	         ("Männer"), Class, Time, Place, Finishers, GenderPlace,
//	         GenderFinishers, ClassPlace, ClassFinishers, Born
//
// Times are the results' (Result.TimeText: rounded up per the race's
// rule). Birth dates appear only where a template asks for them (Born,
// Year); the default templates show none. Names and clubs come from phone
// forms and registration platforms: html/template escapes them, so a name
// cannot add markup or script to a page.
package a4
