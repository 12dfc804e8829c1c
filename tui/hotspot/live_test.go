package hotspot_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/hotspot"
)

// liveFixture is a hotspot server on an event that is racing: the demo
// event (German, with extra fields), its 5 km timed in tenths, started,
// with finishers, a DNF, a DSQ with its reason, a runner still out, a
// deleted runner who had finished and a pending phone registration.
type liveFixture struct {
	*fixture
	start    int64 // the 10 km's start, ms
	ids      map[string]string
	pending  model.Participant
	external string
}

// The runners of the live fixture and what they must never show.
var liveSecrets = []string{
	"12.03.1985", "1985-03-12", "12.3.1985", "1985", "07.07.1984", "1984-07-07",
	"joerg@example.org", "anna.s@example.org", "0171 2345678", "0171 9876543", "+49 89 555 0101",
	"Notfall", "Emergency", "T-Shirt", "XXL",
	"Petra", "Pending", "Gelöscht", "Geheim",
	"WR26-4711", "€", "bezahlt", "paid", "online",
	"Karl", "Ohnezeit", // holds a bib, not finished: no result, no name
}

// unlimited lifts the per-phone request limit: the tests that send many
// requests from one address are not about it.
var unlimited = hotspot.Options{Requests: hotspot.Rate{PerMinute: 1e6, Burst: 1e6}}

func newLiveFixture(t *testing.T, opts hotspot.Options) *liveFixture {
	t.Helper()
	ev, err := demo.Event()
	if err != nil {
		t.Fatal(err)
	}
	for i := range ev.Races {
		if ev.Races[i].ID == "5k" {
			ev.Races[i].TimingPrecision = model.PrecisionTenth
		}
	}
	c := &clock{t: time.Date(2026, 12, 6, 11, 15, 0, 0, time.Local)}
	s, err := store.Create(filepath.Join(t.TempDir(), "event.db"), ev, "Desk 1", store.Options{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Check(); err != nil {
			t.Errorf("bbolt check: %v", err)
		}
		s.Close()
	})
	if opts.Now == nil {
		opts.Now = c.Now
	}
	f := &liveFixture{ids: map[string]string{}, external: "WR26-4711"}
	reg := func(bib, first, last, born, gender, race, club string, extra ...string) {
		t.Helper()
		in := model.ParticipantInput{First: first, Last: last, Born: born, Gender: gender, Race: race, Club: club, Bib: bib,
			Email: strings.ToLower(first) + ".x@example.org", Paid: "online"}
		for i := 0; i+1 < len(extra); i += 2 {
			switch extra[i] {
			case "email":
				in.Email = extra[i+1]
			case "phone":
				in.Phone = extra[i+1]
			case "external":
				in.ExternalID = extra[i+1]
			default:
				if in.Extra == nil {
					in.Extra = map[string]string{}
				}
				in.Extra[extra[i]] = extra[i+1]
			}
		}
		p, err := s.Register(in, store.RegisterOptions{})
		if err != nil {
			t.Fatalf("register %s %s: %v", first, last, err)
		}
		f.ids[last] = p.ID
	}
	reg("1", "Jörg", "Müller-Lüdenscheidt", "12.03.1985", "M", "10k", `SV Lauf 08 <"Süd">`,
		"email", "joerg@example.org", "phone", "0171 2345678", "tshirt", "XXL", "emergency_phone", "0171 9876543", "external", "WR26-4711")
	reg("2", "Anna", "Schäfer", "1990", "W", "10k", "LG Wald & Wiese", "email", "anna.s@example.org", "phone", "+49 89 555 0101")
	reg("3", "Björn", "Öztürk", "07.07.1984", "M", "10k", "")
	reg("4", "Lena", "Weiß", "2001", "W", "10k", "TSV Buchau")
	reg("5", "Paul", "Klein", "1970", "M", "10k", "")
	reg("6", "Karl", "Ohnezeit", "1960", "M", "10k", "")
	reg("7", "Gelöscht", "Geheim", "1980", "M", "10k", "")
	reg("400", "Zoë", "Łukaszewicz", "1995", "D", "5k", "")
	reg("401", "Maria", "Groß", "1995", "W", "5k", "")
	pending, err := s.RegisterPending(model.ParticipantInput{First: "Petra", Last: "Pending", Born: "1.1.1990", Gender: "W", Race: "10k",
		Email: "petra@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	f.pending = pending

	day := ev.Day()
	f.start = day.Add(10*time.Hour + 30*time.Minute).UnixMilli()
	start5 := day.Add(10 * time.Hour).UnixMilli()
	rec := func(e model.TimingEvent) {
		t.Helper()
		if _, err := s.RecordTiming(e); err != nil {
			t.Fatalf("record %+v: %v", e, err)
		}
	}
	rec(model.TimingEvent{Kind: model.KindStart, Race: "10k", At: f.start})
	rec(model.TimingEvent{Kind: model.KindStart, Race: "5k", At: start5})
	sec := func(s float64) int64 { return int64(s * 1000) }
	rec(model.TimingEvent{Kind: model.KindFinish, Bib: 2, At: f.start + sec(38*60+59), Mode: model.ModeBib})
	rec(model.TimingEvent{Kind: model.KindFinish, Bib: 3, At: f.start + sec(40*60+3), Mode: model.ModeBib})
	rec(model.TimingEvent{Kind: model.KindFinish, Bib: 1, At: f.start + sec(40*60+3.4), Mode: model.ModeBib})
	rec(model.TimingEvent{Kind: model.KindFinish, Bib: 4, At: f.start + sec(41*60), Mode: model.ModeBib})
	rec(model.TimingEvent{Kind: model.KindFinish, Bib: 7, At: f.start + sec(39*60), Mode: model.ModeBib})
	rec(model.TimingEvent{Kind: model.KindStatus, Bib: 4, Status: model.DSQ, Reason: "Strecke abgekürzt"})
	rec(model.TimingEvent{Kind: model.KindStatus, Bib: 5, Status: model.DNF})
	rec(model.TimingEvent{Kind: model.KindFinish, Bib: 401, At: start5 + sec(20*60+0.01), Mode: model.ModeBib})
	rec(model.TimingEvent{Kind: model.KindFinish, Bib: 400, At: start5 + sec(21*60+5.3), Mode: model.ModeBib})
	if _, err := s.Delete(f.ids["Geheim"], "test entry"); err != nil {
		t.Fatal(err)
	}

	srv := hotspot.New(s, opts)
	f.fixture = &fixture{t: t, store: s, srv: srv, h: srv.Handler(), clock: c}
	return f
}

// ok fetches a page that must be there.
func (f *liveFixture) ok(path string, hdr ...string) string {
	f.t.Helper()
	r := f.get(path, hdr...)
	if r.code != http.StatusOK {
		f.t.Fatalf("GET %s: %d\n%s", path, r.code, r.body)
	}
	return r.body
}

// inOrder checks that the texts appear in body in this order.
func inOrder(t *testing.T, body string, texts ...string) {
	t.Helper()
	at := 0
	for _, s := range texts {
		i := strings.Index(body[at:], s)
		if i < 0 {
			t.Errorf("%q missing (or out of order: looked after byte %d)\n%s", s, at, body)
			return
		}
		at += i + len(s)
	}
}

// text is a page's body as a person reads it: tags dropped, entities
// decoded, spaces collapsed.
func text(body string) string {
	body = regexp.MustCompile(`(?s)<head>.*</head>`).ReplaceAllString(body, "")
	body = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, " ")
	body = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`).Replace(body)
	return strings.Join(strings.Fields(body), " ")
}

func TestLiveRaceOverallShowsPlacesRoundedTimesAndDNFDSQLast(t *testing.T) {
	f := newLiveFixture(t, hotspot.Options{})
	body := f.ok("/results/10k")
	txt := text(body)
	inOrder(t, txt,
		"10 km Hauptlauf",
		"Gesamt", "Männer/Frauen", "Altersklassen",
		"1. Anna Schäfer Nr. 2 · LG Wald & Wiese · W35 (1.) 0:38:59",
		"2. Björn Öztürk Nr. 3 · M40 (1.) 0:40:03",
		// 40:03.4 shows as 0:40:04: rounded up, and placed after 40:03.0.
		`3. Jörg Müller-Lüdenscheidt Nr. 1 · SV Lauf 08 <"Süd"> · M40 (2.) 0:40:04`,
		"Paul Klein Nr. 5 · M55 DNF",
		"Lena Weiß Nr. 4 · TSV Buchau · WHK · disqualifiziert: Strecke abgekürzt DSQ",
		"Vorläufige Ergebnisse, Stand 11:15.",
	)
	// Escaped, never raw; umlauts as they are.
	if !strings.Contains(body, `SV Lauf 08 &lt;&#34;Süd&#34;&gt;`) || strings.Contains(body, `<"Süd">`) {
		t.Errorf("the club is not escaped:\n%s", body)
	}
	if !strings.Contains(body, "LG Wald &amp; Wiese") {
		t.Errorf("& not escaped")
	}
	if !strings.Contains(body, `<meta http-equiv="refresh" content="30">`) {
		t.Errorf("the page does not reload itself")
	}
	if strings.Contains(strings.ToLower(body), "<script") {
		t.Errorf("a script on the page")
	}
	if !strings.Contains(body, `<a href="/r/10k/1">Jörg Müller-Lüdenscheidt</a>`) {
		t.Errorf("no link to the runner's page")
	}
	r := f.get("/results/10k")
	if csp := r.hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
}

func TestLiveTimesAreRoundedAsTheRaceSays(t *testing.T) {
	f := newLiveFixture(t, hotspot.Options{})
	txt := text(f.ok("/results/5k"))
	// Tenths, rounded up: 20:00.01 → 0:20:00.1; D ranks in its own list.
	inOrder(t, txt, "1. Maria Groß Nr. 401 · W30 (1.) 0:20:00.1", "2. Zoë Łukaszewicz Nr. 400 · D30 (1.) 0:21:05.3")
}

func TestLiveByGenderAndByClass(t *testing.T) {
	f := newLiveFixture(t, hotspot.Options{})
	txt := text(f.ok("/results/10k/gender"))
	inOrder(t, txt,
		"Männer Frauen", // the jumps
		"Männer", "1. Björn Öztürk", "0:40:03", "2. Jörg Müller-Lüdenscheidt", "0:40:04", "Paul Klein", "DNF",
		"Frauen", "1. Anna Schäfer", "0:38:59", "Lena Weiß", "DSQ",
	)
	body := f.ok("/results/10k/class")
	txt = text(body)
	inOrder(t, txt,
		"M40 M55 WHK W35", // the jumps: men, then women, youngest first
		"M40", "1. Björn Öztürk", "2. Jörg Müller-Lüdenscheidt",
		"M55", "Paul Klein", "DNF",
		"WHK", "Lena Weiß", "DSQ",
		"W35", "1. Anna Schäfer",
	)
	for _, h := range []string{`<h2 id="c-M40">M40</h2>`, `<a href="#c-W35">W35</a>`, "<strong>Altersklassen</strong>"} {
		if !strings.Contains(body, h) {
			t.Errorf("class view lacks %s", h)
		}
	}
}

func TestLiveSearchByNameAndBib(t *testing.T) {
	f := newLiveFixture(t, hotspot.Options{})
	tests := []struct {
		name, path string
		want       []string
		not        []string
	}{
		{"a name without its umlaut", "/results/10k?q=mueller", []string{"1 gefunden für „mueller“", "3. Jörg Müller-Lüdenscheidt"}, []string{"Anna", "Björn"}},
		{"a name with it", "/results/10k?q=M%C3%BCller", []string{"3. Jörg Müller-Lüdenscheidt"}, []string{"Anna"}},
		{"two words of the name", "/results/10k?q=j%C3%B6rg+l%C3%BCdensch", []string{"Jörg Müller-Lüdenscheidt"}, []string{"Anna"}},
		{"a bib", "/results/10k?q=3", []string{"1 gefunden für „3“", "2. Björn Öztürk"}, []string{"Jörg", "Anna"}},
		{"a DSQ's bib", "/results/10k?q=4", []string{"Lena Weiß", "DSQ"}, []string{"Anna"}},
		{"nobody", "/results/10k?q=Zimmermann", []string{"Niemand gefunden für „Zimmermann“", "Alle zeigen"}, []string{"Anna", "Jörg"}},
		{"the gender view keeps its places", "/results/10k/gender?q=j%C3%B6rg", []string{"Männer Pl. Name Zeit 2. Jörg Müller-Lüdenscheidt"}, []string{"Anna"}},
		{"all races from the index", "/results?q=gro%C3%9F", []string{"1. Maria Groß 5 km Volkslauf · Nr. 401"}, []string{"Anna"}},
		{"a bib from the index", "/results?q=1", []string{"Jörg Müller-Lüdenscheidt 10 km Hauptlauf · Nr. 1"}, []string{"Anna", "Maria"}},
		{"the pending runner is nobody", "/results?q=petra", []string{"Niemand gefunden"}, []string{"Pending"}},
		{"the deleted runner is nobody", "/results?q=7", []string{"Niemand gefunden"}, []string{"Geheim"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := f.ok(tt.path)
			txt := text(body)
			for _, w := range tt.want {
				if !strings.Contains(txt, w) {
					t.Errorf("%s lacks %q:\n%s", tt.path, w, txt)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(txt, n) {
					t.Errorf("%s shows %q:\n%s", tt.path, n, txt)
				}
			}
		})
	}
	// The search box keeps what was typed, escaped.
	body := f.ok("/results/10k?q=%3Cb%3E")
	if !strings.Contains(body, `value="&lt;b&gt;"`) || strings.Contains(body, "<b>") {
		t.Errorf("the query is not escaped in the box:\n%s", body)
	}
}

func TestLiveRunnerPage(t *testing.T) {
	f := newLiveFixture(t, hotspot.Options{})
	// Exactly the address the QR code on the label holds.
	u, err := url.Parse(model.ResultURL("http://10.42.0.1:8080/", "10k", 1))
	if err != nil {
		t.Fatal(err)
	}
	body := f.ok(u.Path)
	inOrder(t, text(body),
		"Jörg Müller-Lüdenscheidt",
		`10 km Hauptlauf · Nr. 1 · SV Lauf 08 <"Süd">`,
		"0:40:04",
		"Gesamt 3. von 3", "Männer 2. von 2", "M40 2. von 2",
		"Ergebnisse 10 km Hauptlauf",
	)
	if !strings.Contains(body, `<p class="big" id="result">0:40:04</p>`) {
		t.Errorf("the time is not the page's big line:\n%s", body)
	}
	dsq := text(f.ok("/r/10k/4"))
	inOrder(t, dsq, "Lena Weiß", "10 km Hauptlauf · Nr. 4 · TSV Buchau · WHK", "disqualifiziert", "Strecke abgekürzt")
	if strings.Contains(dsq, "von") {
		t.Errorf("a DSQ has places: %s", dsq)
	}
	inOrder(t, text(f.ok("/r/10k/5")), "Paul Klein", "aufgegeben")
	inOrder(t, text(f.ok("/r/5k/400")), "Zoë Łukaszewicz", "0:21:05.3", "Gesamt 2. von 2", "Divers 1. von 1", "D30 1. von 1")
	// English, by the phone's language or the switch.
	en := text(f.ok("/r/10k/1", "Accept-Language", "en-GB,en;q=0.9"))
	inOrder(t, en, "10 km Hauptlauf · bib 1", "0:40:04", "Overall 3. of 3", "Men 2. of 2", "Provisional results as of 11:15")
	body = f.ok("/r/10k/1?lang=en")
	inOrder(t, body, `href="/r/10k/1?lang=de"`, "Overall", `href="/results/10k?lang=en"`)
}

func TestLiveUnknownRaceOrBibIsAFriendly404(t *testing.T) {
	f := newLiveFixture(t, hotspot.Options{})
	tests := []struct {
		name, path, want, link string
	}{
		{"an unknown race", "/results/marathon", "Diesen Lauf gibt es hier nicht.", "/results"},
		{"its class view", "/results/marathon/class", "Diesen Lauf gibt es hier nicht.", "/results"},
		{"a runner of an unknown race", "/r/marathon/1", "Diesen Lauf gibt es hier nicht.", "/results"},
		{"a bib nobody holds", "/r/10k/999", "Für die Startnummer 999 (10 km Hauptlauf) gibt es noch kein Ergebnis.", "/results/10k"},
		{"a bib without a finish", "/r/10k/6", "Für die Startnummer 6 (10 km Hauptlauf) gibt es noch kein Ergebnis.", "/results/10k"},
		{"a deleted runner's bib", "/r/10k/7", "Für die Startnummer 7 (10 km Hauptlauf) gibt es noch kein Ergebnis.", "/results/10k"},
		{"a bib in another race", "/r/5k/1", "Für die Startnummer 1 (5 km Volkslauf) gibt es noch kein Ergebnis.", "/results/5k"},
		{"not a number", "/r/10k/abc", "Diese Seite gibt es hier nicht.", "/results/10k"},
		{"a number written oddly", "/r/10k/01", "Diese Seite gibt es hier nicht.", "/results/10k"},
		{"below the results", "/results/10k/nope", "Diese Seite gibt es hier nicht.", "/?lang=de"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.get(tt.path)
			if r.code != http.StatusNotFound {
				t.Fatalf("GET %s: %d, want 404", tt.path, r.code)
			}
			if !strings.Contains(text(r.body), tt.want) {
				t.Errorf("GET %s lacks %q:\n%s", tt.path, tt.want, text(r.body))
			}
			if !strings.Contains(r.body, `href="`+tt.link+`"`) {
				t.Errorf("GET %s: no way on to %s:\n%s", tt.path, tt.link, r.body)
			}
		})
	}
	// A bib held by somebody without a result reads like one nobody holds.
	a, b := f.get("/r/10k/6").body, f.get("/r/10k/999").body
	if strings.ReplaceAll(a, "/6", "/999") != strings.ReplaceAll(strings.ReplaceAll(b, "999", "6"), "/6", "/999") {
		t.Errorf("a held bib's 404 differs from an unknown one's:\n%s\n---\n%s", a, b)
	}
}

func TestLiveIndexListsTheRaces(t *testing.T) {
	f := newLiveFixture(t, hotspot.Options{})
	body := f.ok("/results")
	inOrder(t, text(body), "Live-Ergebnisse", "10 km Hauptlauf 3 im Ziel", "5 km Volkslauf 2 im Ziel", "Bambinilauf 400 m noch nicht gestartet")
	for _, h := range []string{`href="/results/10k"`, `href="/results/5k"`, `href="/results/bambini"`, `action="/results"`} {
		if !strings.Contains(body, h) {
			t.Errorf("index lacks %s", h)
		}
	}
	// The form links to the results, and the results to nothing else.
	if form := f.ok("/"); !strings.Contains(form, `href="/results?lang=de"`) {
		t.Errorf("the form does not link to the results")
	}
	if r := f.get("/results/"); r.code != http.StatusOK || !strings.Contains(r.body, "10 km Hauptlauf") {
		t.Errorf("GET /results/: %d", r.code)
	}
	en := text(f.ok("/results?lang=en"))
	inOrder(t, en, "Live results", "10 km Hauptlauf 3 finished", "Bambinilauf 400 m not started yet")
}

// TestLivePagesShowNothingBeyondAResultsList renders every results page
// of an event whose runners have birth dates, e-mails, phones, extra
// fields, payments and an external ID, beside a pending phone
// registration and a deleted runner who had finished: none of that may
// appear, nor any link outside the results.
func TestLivePagesShowNothingBeyondAResultsList(t *testing.T) {
	f := newLiveFixture(t, unlimited)
	secrets := append([]string{f.pending.ID, f.pending.Code}, liveSecrets...)
	for _, id := range f.ids {
		secrets = append(secrets, id)
	}
	paths := []string{"/results", "/results?q=a", "/results?q=e"}
	for _, race := range []string{"10k", "5k", "bambini"} {
		for _, v := range []string{"", "/gender", "/class", "?q=e", "/class?q=1"} {
			paths = append(paths, "/results/"+race+v)
		}
	}
	for _, p := range []string{"1", "2", "3", "4", "5", "6", "7", "400", "401", "999"} {
		paths = append(paths, "/r/10k/"+p, "/r/5k/"+p)
	}
	hrefRE := regexp.MustCompile(`(?:href|action)="([^"]*)"`)
	allowed := regexp.MustCompile(`^(data:,|/results(/[a-z0-9]+(/(gender|class))?)?|/r/[a-z0-9]+/[0-9]+|/|#[a-zA-Z0-9-]+)(\?(lang=(de|en)|q=[^"&]*)(&amp;(lang=(de|en)|q=[^"&]*))*)?$`)
	for _, lang := range []string{"", "?lang=en"} {
		for _, p := range paths {
			path := p + lang
			if strings.Contains(p, "?") && lang != "" {
				path = p + "&lang=en"
			}
			r := f.get(path)
			if r.code != http.StatusOK && r.code != http.StatusNotFound {
				t.Errorf("GET %s: %d", path, r.code)
			}
			for _, s := range secrets {
				if s != "" && strings.Contains(r.body, s) {
					t.Errorf("GET %s shows %q", path, s)
				}
			}
			for _, m := range hrefRE.FindAllStringSubmatch(r.body, -1) {
				if !allowed.MatchString(m[1]) {
					t.Errorf("GET %s links to %q", path, m[1])
				}
			}
		}
	}
}

// TestLiveResultsAreComputedOncePerChange: many requests, one
// computation; a finish recorded shows up, after one more.
func TestLiveResultsAreComputedOncePerChange(t *testing.T) {
	f := newLiveFixture(t, unlimited)
	for range 50 {
		f.ok("/results/10k")
		f.ok("/r/10k/1")
	}
	if n := f.srv.Stats().Results; n != 1 {
		t.Fatalf("computed %d times for 100 requests without a change, want 1", n)
	}
	if _, err := f.store.RecordTiming(model.TimingEvent{Kind: model.KindFinish, Bib: 6, At: f.start + 45*60_000 + 500, Mode: model.ModeBib}); err != nil {
		t.Fatal(err)
	}
	// The next computation may wait a moment after the last (it costs):
	// poll until the finish shows.
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(text(f.ok("/results/10k")), "4. Karl Ohnezeit Nr. 6 · M65 (1.) 0:45:01") {
		if time.Now().After(deadline) {
			t.Fatalf("the new finish never shows:\n%s", text(f.ok("/results/10k")))
		}
		time.Sleep(5 * time.Millisecond)
	}
	if n := f.srv.Stats().Results; n != 2 {
		t.Errorf("computed %d times after one change, want 2", n)
	}
	for range 20 {
		f.ok("/results/10k/class")
	}
	if n := f.srv.Stats().Results; n != 2 {
		t.Errorf("computed %d times, want still 2", n)
	}
	inOrder(t, text(f.ok("/r/10k/6")), "Karl Ohnezeit", "0:45:01", "Gesamt 4. von 4")
}

// TestLiveResultsAreNotLimitedLikeRegistrations: with the form paused
// for everybody and this phone's registrations used up, the results still
// open; only the limit on every request of a phone applies to them.
func TestLiveResultsAreNotLimitedLikeRegistrations(t *testing.T) {
	f := newLiveFixture(t, hotspot.Options{
		Submissions: hotspot.Rate{PerMinute: 1, Burst: 1},
		Requests:    hotspot.Rate{PerMinute: 60, Burst: 30},
		Global:      hotspot.Limit{PerMinute: 1, MaxPending: 100},
	})
	if r := f.post(f.valid()); r.code != http.StatusSeeOther {
		t.Fatalf("first registration: %d", r.code)
	}
	if r := f.post(f.valid()); r.code != http.StatusTooManyRequests {
		t.Fatalf("second registration of the phone: %d, want 429", r.code)
	}
	if r := f.post(f.valid(), "RemoteAddr", "10.42.0.99:4000"); r.code != http.StatusServiceUnavailable {
		t.Fatalf("another phone while the form is paused: %d, want 503", r.code)
	}
	if !f.srv.Alarm().Active {
		t.Fatal("no alarm")
	}
	// The phone has used 2+3 requests (forms fetched for the tokens
	// included) of its 30: results open until the rest is used up.
	served := 0
	for {
		r := f.get("/results/10k")
		if r.code == http.StatusTooManyRequests {
			if r.hdr.Get("Retry-After") == "" {
				t.Error("429 without Retry-After")
			}
			break
		}
		if r.code != http.StatusOK {
			t.Fatalf("results: %d", r.code)
		}
		served++
		if served > 100 {
			t.Fatal("the per-phone limit does not apply to the results")
		}
	}
	if served < 20 {
		t.Errorf("only %d result pages before the limit", served)
	}
	// Another phone still gets them; a minute later this one too.
	req, _ := http.NewRequest(http.MethodGet, "/results/10k", nil)
	req.RemoteAddr = "10.42.0.77:5000"
	if r := f.do(req); r.code != http.StatusOK {
		t.Errorf("another phone: %d", r.code)
	}
	f.clock.Add(time.Minute)
	if r := f.get("/results/10k"); r.code != http.StatusOK {
		t.Errorf("a minute later: %d", r.code)
	}
}

func TestLivePagesAreGzippedForBrowsersThatAsk(t *testing.T) {
	f := newLiveFixture(t, hotspot.Options{})
	plain := f.get("/results/10k")
	for _, ae := range []string{"gzip, deflate, br", "br;q=1.0, gzip;q=0.8, *;q=0.1", "*"} {
		r := f.get("/results/10k", "Accept-Encoding", ae)
		if r.hdr.Get("Content-Encoding") != "gzip" || r.hdr.Get("Vary") != "Accept-Encoding" {
			t.Fatalf("Accept-Encoding %q: Content-Encoding %q, Vary %q", ae, r.hdr.Get("Content-Encoding"), r.hdr.Get("Vary"))
		}
		zr, err := gzip.NewReader(strings.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(zr)
		if err != nil || string(b) != plain.body {
			t.Errorf("gunzipped page differs (%v)", err)
		}
		if n, _ := strconv.Atoi(r.hdr.Get("Content-Length")); n != len(r.body) || n >= len(plain.body) {
			t.Errorf("Content-Length %d for %d bytes (plain %d)", n, len(r.body), len(plain.body))
		}
	}
	for _, ae := range []string{"", "identity", "gzip;q=0", "deflate"} {
		if r := f.get("/results/10k", "Accept-Encoding", ae); r.hdr.Get("Content-Encoding") != "" || r.body != plain.body {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q", ae, r.hdr.Get("Content-Encoding"))
		}
	}
	// The security headers are on a kept page too.
	if r := f.get("/r/10k/1", "Accept-Encoding", "gzip"); r.hdr.Get("Content-Security-Policy") == "" || r.hdr.Get("Cache-Control") != "no-store" {
		t.Errorf("headers of a kept page: %v", r.hdr)
	}
}

// unwatched is a store that cannot say when it changed (it has only the
// methods of hotspot.Store, no Watch).
type unwatched struct{ hotspot.Store }

func TestLiveResultsOfAStoreWithoutWatchAreComputedAgainWhenOld(t *testing.T) {
	f := newLiveFixture(t, unlimited)
	srv := hotspot.New(unwatched{f.store}, hotspot.Options{Now: f.clock.Now, Requests: unlimited.Requests})
	get := func() string {
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/results/10k", nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET: %d", rec.Code)
		}
		return text(rec.Body.String())
	}
	if !strings.Contains(get(), "3. Jörg Müller-Lüdenscheidt") {
		t.Fatal("no results")
	}
	if _, err := f.store.RecordTiming(model.TimingEvent{Kind: model.KindFinish, Bib: 6, At: f.start + 45*60_000, Mode: model.ModeBib}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(get(), "4. Karl Ohnezeit") {
		if time.Now().After(deadline) {
			t.Fatal("the new finish never shows")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := srv.Stats().Results; n < 2 {
		t.Errorf("computed %d times", n)
	}
}
