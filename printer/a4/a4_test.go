package a4_test

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/lists"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/printer/a4"
)

const eventTOML = `
name     = "Buchauer Nikolaus-Waldlauf 2026"
date     = "2026-12-06"
location = "Sportplatz Buchau"
lang     = "de"

[[races]]
id         = "10k"
name       = "10 km Hauptlauf"
distance_m = 10000
start      = "10:30"
bibs       = [{ from = 1, to = 399 }]

[[races]]
id         = "bambini"
name       = "Bambinilauf 400 m"
distance_m = 400
start      = "09:30"
bibs       = [{ from = 700, to = 799 }]
`

// smallEvent is a 10k with five finishers in four classes, one DNF and
// one runner who did not start yet, and a kids' race nobody finished:
//
//	place  bib  name            class  time (shown)
//	1      3    Łukasz Wójcik   M45    0:38:10
//	2      1    Jörg Müller     M45    0:40:04 (40:03.4 rounded up)
//	3      2    Zoë Dvořák      W35    0:41:00
//	4      5    Hans Groß       MHK    0:44:30
//	5      4    Anna Schmidt    W30    0:47:12
//	DNF    6    Émile <Zola>    M50
func smallEvent(t *testing.T) (*model.Event, []model.Participant, map[string]*model.RaceResults) {
	t.Helper()
	ev, err := model.ParseEvent(strings.NewReader(eventTOML))
	if err != nil {
		t.Fatal(err)
	}
	runner := func(bib int, first, last string, g model.Gender, born model.BirthDate, club string) model.Participant {
		return model.Participant{ID: fmt.Sprintf("p%d", bib), First: first, Last: last, Born: born, Gender: g,
			Club: club, Race: "10k", Bib: bib, Status: model.CheckedIn, Source: model.SourceDesk}
	}
	ps := []model.Participant{
		runner(1, "Jörg", "Müller", model.Male, model.BirthDate{Year: 1980, Month: 3, Day: 12}, "LG Buchau"),
		runner(2, "Zoë", "Dvořák", model.Female, model.BirthDate{Year: 1990}, "SK Slavia Praha"),
		runner(3, "Łukasz", "Wójcik", model.Male, model.BirthDate{Year: 1979}, "KS Łódź"),
		runner(4, "Anna", "Schmidt", model.Female, model.BirthDate{Year: 1996}, ""),
		runner(5, "Hans", "Groß", model.Male, model.BirthDate{Year: 2000}, "TSV Groß-Umstadt"),
		runner(6, "Émile", "<Zola>", model.Male, model.BirthDate{Year: 1975}, ""),
		runner(7, "Ida", "Ärmel", model.Female, model.BirthDate{Year: 1985}, ""),
	}
	ps[6].Status = model.Registered
	kid := runner(701, "Mia", "Kühn", model.Female, model.BirthDate{Year: 2020}, "")
	kid.Race = "bambini"
	ps = append(ps, kid)

	day := ev.Day()
	hlc := model.MakeHLC(day.Add(9*time.Hour).UnixMilli(), 0)
	var events []model.TimingEvent
	add := func(e model.TimingEvent, clock string) {
		if clock != "" {
			at, err := model.ParseClockTime(clock, day)
			if err != nil {
				t.Fatal(err)
			}
			e.At = at.UnixMilli()
		}
		hlc = model.MakeHLC(hlc.WallMillis()+1000, 0)
		e.ID, e.Device, e.Desk, e.HLC = fmt.Sprintf("e%03d", len(events)+1), "dev", "Ziel", hlc
		events = append(events, e)
	}
	add(model.TimingEvent{Kind: model.KindStart, Race: "10k", Mode: model.ModeKey}, "10:30:00")
	for _, f := range []struct {
		bib   int
		clock string
	}{{3, "11:08:10"}, {1, "11:10:03.4"}, {2, "11:11:00"}, {5, "11:14:30"}, {4, "11:17:12"}} {
		add(model.TimingEvent{Kind: model.KindFinish, Race: "10k", Bib: f.bib, Mode: model.ModeBib}, f.clock)
	}
	add(model.TimingEvent{Kind: model.KindStatus, Bib: 6, Status: model.DNF, Reason: "Knie"}, "")
	return ev, ps, model.ComputeResults(ev, ps, events)
}

var (
	styleRE = regexp.MustCompile(`(?s)<style.*?</style>`)
	tagRE   = regexp.MustCompile(`<[^>]*>`)
)

// pageText is what a reader sees of a page: the HTML without style
// sheet and tags, entities decoded, white space collapsed.
func pageText(page string) string {
	page = styleRE.ReplaceAllString(page, " ")
	page = tagRE.ReplaceAllString(page, " ")
	return strings.Join(strings.Fields(stdhtml.UnescapeString(page)), " ")
}

// sections are the texts of the page's <section class="CLASS"> elements.
func sections(page, class string) []string {
	parts := strings.Split(page, `<section class="`+class+`">`)
	out := make([]string, 0, len(parts)-1)
	for _, p := range parts[1:] {
		out = append(out, pageText(strings.Split(p, "</section>")[0]))
	}
	return out
}

func render(t *testing.T, kind a4.Kind, d *a4.Document) string {
	t.Helper()
	var b bytes.Buffer
	if err := a4.Default(kind).Render(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// assertOrder fails unless each of want appears in text after the one
// before it.
func assertOrder(t *testing.T, text string, want ...string) {
	t.Helper()
	at := 0
	for _, w := range want {
		i := strings.Index(text[at:], w)
		if i < 0 {
			t.Errorf("%q missing (or out of order) in:\n%s", w, text)
			return
		}
		at += i + len(w)
	}
}

var made = time.Date(2026, 12, 6, 11, 42, 0, 0, time.Local)

func TestStartListsAreA4PagesPerRaceByBibOrByName(t *testing.T) {
	ev, ps, _ := smallEvent(t)
	page := render(t, a4.KindStartList, a4.StartLists(ev, ps, a4.Options{Lang: msg.DE, Made: made}))
	if !strings.Contains(page, "@page { size: A4;") || !strings.Contains(page, `<html lang="de">`) {
		t.Error("the page is not an A4 page in German")
	}
	races := sections(page, "page")
	if len(races) != 2 {
		t.Fatalf("%d race pages, want 2 (10k, bambini):\n%s", len(races), pageText(page))
	}
	assertOrder(t, races[0], "Buchauer Nikolaus-Waldlauf 2026", "Sportplatz Buchau · 6. Dezember 2026",
		"Startliste 10 km Hauptlauf", "nach Startnummer · Start 10:30",
		"Startnr. Name Verein AK", "1 Jörg Müller LG Buchau M45", "2 Zoë Dvořák SK Slavia Praha W35",
		"3 Łukasz Wójcik KS Łódź M45", "7 Ida Ärmel W40", "7 Teilnehmer", "Stand: 06.12.2026 11:42")
	assertOrder(t, races[1], "Startliste Bambinilauf 400 m", "701 Mia Kühn WU8", "1 Teilnehmer")
	if strings.Contains(pageText(page), "1980") {
		t.Error("the start list shows a year of birth")
	}

	page = render(t, a4.KindStartList, a4.StartLists(ev, ps, a4.Options{Lang: msg.DE, Race: "10k", Order: lists.ByName}))
	races = sections(page, "page")
	if len(races) != 1 {
		t.Fatalf("%d race pages, want the 10k's", len(races))
	}
	// Phone-book order: Ärmel as Armel, Łukasz's Ł as L.
	assertOrder(t, races[0], "nach Namen", "Name Startnr. Verein AK", "Ärmel, Ida 7", "Dvořák, Zoë 2",
		"Groß, Hans 5", "Müller, Jörg 1", "Schmidt, Anna 4", "Wójcik, Łukasz 3")
}

func TestAStartListNamedByItsRaceIsMadeEvenWhenEmpty(t *testing.T) {
	ev, _, _ := smallEvent(t)
	page := render(t, a4.KindStartList, a4.StartLists(ev, nil, a4.Options{Lang: msg.EN, Race: "bambini"}))
	assertOrder(t, pageText(page), "Start list Bambinilauf 400 m", "by bib · Start 09:30", "No runners.", "0 runners")
}

func TestResultsHaveTheOverallListThenTheClassesInCeremonyOrder(t *testing.T) {
	ev, _, rs := smallEvent(t)
	d, err := a4.Results(ev, rs, a4.Options{Lang: msg.DE, Made: made})
	if err != nil {
		t.Fatal(err)
	}
	page := render(t, a4.KindResults, d)
	pages := sections(page, "page")
	if len(pages) != 2 {
		t.Fatalf("%d pages, want the 10k overall and by class (the kids' race has no finisher):\n%s", len(pages), pageText(page))
	}
	assertOrder(t, pages[0], "Ergebnisliste 10 km Hauptlauf", "Gesamtwertung",
		"Platz Startnr. Name Verein AK AK-Platz Zeit",
		"1 3 Łukasz Wójcik KS Łódź M45 1 0:38:10",
		"2 1 Jörg Müller LG Buchau M45 2 0:40:04",
		"3 2 Zoë Dvořák SK Slavia Praha W35 1 0:41:00",
		"4 5 Hans Groß TSV Groß-Umstadt MHK 1 0:44:30",
		"5 4 Anna Schmidt W30 1 0:47:12",
		"Ohne Wertung", "DNF 6 Émile <Zola> M50", "5 im Ziel", "Stand: 06.12.2026 11:42")
	// Men young to old, then women.
	assertOrder(t, pages[1], "Altersklassenwertung",
		"Altersklasse MHK (1 im Ziel)", "1 5 Hans Groß",
		"Altersklasse M45 (2 im Ziel)", "1 3 Łukasz Wójcik KS Łódź 0:38:10", "2 1 Jörg Müller LG Buchau 0:40:04",
		"Altersklasse W30 (1 im Ziel)", "1 4 Anna Schmidt",
		"Altersklasse W35 (1 im Ziel)", "1 2 Zoë Dvořák")
	if strings.Contains(pages[1], "Zola") {
		t.Error("a DNF runner is in the class list")
	}
}

func TestResultsOfOneClassOrTheFirstN(t *testing.T) {
	ev, _, rs := smallEvent(t)
	d, err := a4.Results(ev, rs, a4.Options{Lang: msg.DE, Class: "m45"})
	if err != nil {
		t.Fatal(err)
	}
	text := pageText(render(t, a4.KindResults, d))
	assertOrder(t, text, "Altersklassenwertung", "Altersklasse M45 (2 im Ziel)", "Łukasz Wójcik", "Jörg Müller")
	for _, other := range []string{"Gesamtwertung", "Zoë", "Hans"} {
		if strings.Contains(text, other) {
			t.Errorf("class M45 shows %q:\n%s", other, text)
		}
	}

	d, err = a4.Results(ev, rs, a4.Options{Lang: msg.DE, Top: 1})
	if err != nil {
		t.Fatal(err)
	}
	pages := sections(render(t, a4.KindResults, d), "page")
	assertOrder(t, pages[0], "Gesamtwertung · die ersten 1", "1 3 Łukasz Wójcik")
	if strings.Contains(pages[0], "Jörg") || strings.Contains(pages[0], "DNF") {
		t.Errorf("the first 1 overall show more:\n%s", pages[0])
	}
	assertOrder(t, pages[1], "M45 (2 im Ziel)", "Łukasz Wójcik", "W30")
	if strings.Contains(pages[1], "Jörg") {
		t.Errorf("the first 1 of M45 show the second:\n%s", pages[1])
	}
}

func TestResultsWithNobodyPlacedAreRefused(t *testing.T) {
	ev, _, rs := smallEvent(t)
	for _, tc := range []struct {
		name string
		o    a4.Options
		want string
	}{
		{"a race nobody finished", a4.Options{Race: "bambini"}, "no results yet for Bambinilauf 400 m: nobody has finished"},
		{"a class nobody is in", a4.Options{Class: "W60"}, "nobody has finished in class W60"},
		{"no results at all", a4.Options{}, "no results yet: nobody has finished"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := rs
			if tc.name == "no results at all" {
				in = nil
			}
			if _, err := a4.Results(ev, in, tc.o); err == nil || err.Error() != tc.want {
				t.Errorf("Results: %v, want %q", err, tc.want)
			}
			if _, err := a4.Certificates(ev, in, tc.o); err == nil || err.Error() != tc.want {
				t.Errorf("Certificates: %v, want %q", err, tc.want)
			}
		})
	}
}

func TestCertificatesOnePerPageWithPlacesOverallByGenderAndClass(t *testing.T) {
	ev, _, rs := smallEvent(t)
	d, err := a4.Certificates(ev, rs, a4.Options{Lang: msg.DE})
	if err != nil {
		t.Fatal(err)
	}
	page := render(t, a4.KindCertificates, d)
	certs := sections(page, "sheet")
	if len(certs) != 5 {
		t.Fatalf("%d certificates, want one per finisher (5):\n%s", len(certs), pageText(page))
	}
	// Ceremony order: MHK, M45 (1st, 2nd), W30, W35.
	names := []string{"Hans Groß", "Łukasz Wójcik", "Jörg Müller", "Anna Schmidt", "Zoë Dvořák"}
	for i, name := range names {
		if !strings.Contains(certs[i], name) {
			t.Errorf("certificate %d is not %s's: %s", i+1, name, certs[i])
		}
	}
	assertOrder(t, certs[2], "Buchauer Nikolaus-Waldlauf 2026", "Urkunde", "Jörg Müller", "LG Buchau",
		"erreichte im 10 km Hauptlauf", "Zeit 0:40:04", "Gesamtwertung 2. von 5", "Männer 2. von 3",
		"Altersklasse M45 2. von 2", "Sportplatz Buchau 6. Dezember 2026", "Der Veranstalter")
	assertOrder(t, certs[4], "Zoë Dvořák", "Zeit 0:41:00", "Gesamtwertung 3. von 5", "Frauen 1. von 2", "Altersklasse W35 1. von 1")
	for _, born := range []string{"1980", "12.03.", "1990"} {
		if strings.Contains(pageText(page), born) {
			t.Errorf("a certificate shows the birth date (%s)", born)
		}
	}
	if strings.Contains(pageText(page), "Zola") {
		t.Error("a DNF runner has a certificate")
	}
	if !strings.Contains(page, "break-after: page") {
		t.Error("certificates do not break the page")
	}
}

func TestCertificatesForTheFirstNOfEachClassOrOneRunner(t *testing.T) {
	ev, _, rs := smallEvent(t)
	count := func(o a4.Options) []string {
		t.Helper()
		d, err := a4.Certificates(ev, rs, o)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range d.Certificates {
			names = append(names, c.Name)
		}
		return names
	}
	if got := strings.Join(count(a4.Options{Top: 1}), ", "); got != "Hans Groß, Łukasz Wójcik, Anna Schmidt, Zoë Dvořák" {
		t.Errorf("top 1 of each class: %s", got)
	}
	if got := strings.Join(count(a4.Options{Top: 3, Class: "M45"}), ", "); got != "Łukasz Wójcik, Jörg Müller" {
		t.Errorf("top 3 of M45: %s", got)
	}
	if got := strings.Join(count(a4.Options{Bib: 2}), ", "); got != "Zoë Dvořák" {
		t.Errorf("bib 2: %s", got)
	}
	for _, bib := range []int{6, 7, 999} {
		if _, err := a4.Certificates(ev, rs, a4.Options{Bib: bib}); err == nil || !strings.Contains(err.Error(), "has no place") {
			t.Errorf("bib %d (DNF, not finished, nobody): %v", bib, err)
		}
	}
}

func TestEnglishPages(t *testing.T) {
	ev, _, rs := smallEvent(t)
	d, err := a4.Certificates(ev, rs, a4.Options{Lang: msg.EN, Bib: 1})
	if err != nil {
		t.Fatal(err)
	}
	page := render(t, a4.KindCertificates, d)
	if !strings.Contains(page, `<html lang="en">`) {
		t.Error("not in English")
	}
	assertOrder(t, pageText(page), "Certificate", "Jörg Müller", "finished the 10 km Hauptlauf", "Time 0:40:04",
		"Overall 2 of 5", "Men 2 of 3", "Age class M45 2 of 2", "6 December 2026", "The organizer")
}

func TestNamesCannotAddMarkup(t *testing.T) {
	ev, _, rs := smallEvent(t)
	d, err := a4.Results(ev, rs, a4.Options{Lang: msg.DE})
	if err != nil {
		t.Fatal(err)
	}
	page := render(t, a4.KindResults, d)
	if strings.Contains(page, "<Zola>") || !strings.Contains(page, "&lt;Zola&gt;") {
		t.Error("a name's < > reach the page as markup")
	}
}

func TestAnOrganizersTemplateMayAskForTheBirthDate(t *testing.T) {
	ev, _, rs := smallEvent(t)
	d, err := a4.Certificates(ev, rs, a4.Options{Lang: msg.DE, Bib: 1})
	if err != nil {
		t.Fatal(err)
	}
	tm, err := a4.Parse("urkunde.html", []byte(`{{range .Certificates}}<p>{{.Last}}, {{.First}} ({{.Born}}) {{.ClassPlace}}. {{.Class}}</p>{{end}}`))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tm.Render(&b, d); err != nil {
		t.Fatal(err)
	}
	if got := pageText(b.String()); got != "Müller, Jörg (12.03.1980) 2. M45" {
		t.Errorf("got %q", got)
	}
}

func TestATemplateErrorNamesTheFileAndTheLine(t *testing.T) {
	ev, _, rs := smallEvent(t)
	d, err := a4.Certificates(ev, rs, a4.Options{Lang: msg.DE})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a4.Parse("urkunde.html", []byte("<html>\n<body>\n{{range .Certificates}}\n<p>{{.Name}</p>\n"))
	if err == nil || !strings.Contains(err.Error(), "urkunde.html:4") {
		t.Errorf("parse error: %v, want it to name urkunde.html:4", err)
	}
	tm, err := a4.Parse("urkunde.html", []byte("<html>\n<body>\n{{range .Certificates}}\n<p>{{.Nmae}}</p>{{end}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	err = tm.Render(&b, d)
	if err == nil || !strings.Contains(err.Error(), "urkunde.html:4") || !strings.Contains(err.Error(), "Nmae") {
		t.Errorf("execution error: %v, want it to name urkunde.html:4 and the field", err)
	}
	if b.Len() != 0 {
		t.Error("a failed template wrote part of a page")
	}
	if got := msg.Error(msg.DE, err); !strings.HasPrefix(got, "die Vorlage funktioniert nicht: template: urkunde.html:4") {
		t.Errorf("in German: %q", got)
	}
}

func TestEveryDefaultTemplateIsACompleteEditableFile(t *testing.T) {
	for _, k := range a4.Kinds {
		src := string(a4.DefaultSource(k))
		for _, want := range []string{"<!DOCTYPE html>", `<meta charset="utf-8">`, "@page { size: A4;", "README", "--template"} {
			if !strings.Contains(src, want) {
				t.Errorf("%s: no %q", k, want)
			}
		}
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]a4.Kind{"startlist": a4.KindStartList, "results": a4.KindResults,
		"certificate": a4.KindCertificates, "certificates": a4.KindCertificates, "Urkunde": a4.KindCertificates} {
		if got, ok := a4.ParseKind(in); !ok || got != want {
			t.Errorf("ParseKind(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := a4.ParseKind("labels"); ok {
		t.Error("labels are not an A4 kind")
	}
}
