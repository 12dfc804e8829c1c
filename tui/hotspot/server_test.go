package hotspot_test

import (
	"context"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/hotspot"
)

func TestFormIsGermanByDefaultWithTheEventsRacesFeesAndExtraFields(t *testing.T) {
	f := newFixture(t, hotspot.Options{})
	r := f.get("/")
	if r.code != http.StatusOK || !strings.HasPrefix(r.hdr.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %d %s", r.code, r.hdr.Get("Content-Type"))
	}
	for _, want := range []string{
		`<html lang="de">`, "Buchauer Nikolaus-Waldlauf 2026", "Anmeldung vor Ort", "Vorname", "Nachname",
		"Geburtsdatum", "TT.MM.JJJJ", "weiblich", "männlich", "divers",
		"10 km Hauptlauf", "Start 10:30 · Startgeld vor Ort 20,00 €", "Bambinilauf 400 m", "Startgeld vor Ort 3,00 €",
		"T-Shirt-Größe", `<option value="Kinder 140">`, "Notfall-Telefon", `name="x.emergency_phone"`,
		`href="/?lang=en"`, ">English<", `<form method="post" action="/register"`, `name="csrf"`, "Anmelden",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	if strings.Contains(r.body, "<script") {
		t.Error("the page has a script")
	}
}

func TestLanguageFromQueryOrAcceptLanguage(t *testing.T) {
	f := newFixture(t, hotspot.Options{})
	for _, tc := range []struct {
		name, path, accept, want string
	}{
		{"query en", "/?lang=en", "", "On-site registration"},
		{"query beats header", "/?lang=de", "en-GB,en;q=0.9", "Anmeldung vor Ort"},
		{"header en", "/", "en-US,en;q=0.9", "On-site registration"},
		{"header prefers de by weight", "/", "fr, en;q=0.5, de;q=0.8", "Anmeldung vor Ort"},
		{"unknown language falls back to the event's", "/", "fr-FR", "Anmeldung vor Ort"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := f.get(tc.path, "Accept-Language", tc.accept)
			if !strings.Contains(r.body, tc.want) {
				t.Errorf("page lacks %q", tc.want)
			}
		})
	}
	r := f.get("/?lang=en")
	for _, want := range []string{"T-shirt size", "Emergency phone", "entry fee on site 20,00 €", ">Deutsch<", "female"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("English form lacks %q", want)
		}
	}
}

func TestEveryResponseCarriesTheSecurityHeaders(t *testing.T) {
	f := newFixture(t, hotspot.Options{})
	vals := f.valid()
	for name, r := range map[string]response{
		"form": f.get("/"), "not found": f.get("/nope"), "registration": f.post(vals),
		"invalid": f.post(url.Values{"csrf": {f.token()}}),
	} {
		csp := r.hdr.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "img-src data:", "frame-ancestors 'none'", "form-action 'self'", "style-src 'sha256-"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", name, csp, want)
			}
		}
		for h, want := range map[string]string{
			"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin", "Cache-Control": "no-store",
		} {
			if got := r.hdr.Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q", name, h, got, want)
			}
		}
	}
}

func TestValidSubmissionBecomesAPendingRegistrationAndShowsItsCode(t *testing.T) {
	var hook []model.Participant
	f := newFixture(t, hotspot.Options{OnRegistered: func(p model.Participant) { hook = append(hook, p) }})
	r := f.post(f.valid())
	if r.code != http.StatusSeeOther {
		t.Fatalf("POST: %d, want 303\n%s", r.code, r.body)
	}
	loc := r.hdr.Get("Location")
	if !regexp.MustCompile(`^/done/[A-Za-z0-9_-]{22}\?lang=de$`).MatchString(loc) {
		t.Fatalf("redirect to %q", loc)
	}
	ps := f.pending()
	if len(ps) != 1 {
		t.Fatalf("%d participants stored, want 1", len(ps))
	}
	p := ps[0]
	if p.Status != model.Pending || p.Source != model.SourceHotspot || p.Bib != 0 || len(p.Code) != 6 {
		t.Errorf("stored %+v, want pending, hotspot, no bib, a code", p)
	}
	if p.First != "Jörg" || p.Last != "Müller-Lüdenscheidt" || p.Born.String() != "1985-03-12" || p.Gender != model.Male ||
		p.Race != "10k" || p.Club != "LG Wald & Wiese" || p.Email != "joerg@example.org" || p.Extra["tshirt"] != "L" ||
		p.Extra["emergency_phone"] != "0171 9876543" {
		t.Errorf("stored %+v", p)
	}
	if c, _ := f.store.Counts(); c.Pending != 1 {
		t.Errorf("pending count %d", c.Pending)
	}
	if len(hook) != 1 || hook[0].ID != p.ID {
		t.Errorf("OnRegistered got %v", hook)
	}
	done := f.get(loc)
	if done.code != http.StatusOK {
		t.Fatalf("GET %s: %d", loc, done.code)
	}
	for _, want := range []string{`id="code">` + p.Code + "<", "Jörg Müller-Lüdenscheidt", "10 km Hauptlauf",
		"zahlst du 20,00 €", `src="data:image/png;base64,`, "Zeig diesen Code am Anmeldetisch"} {
		if !strings.Contains(done.body, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, done.body)
		}
	}
	if got := f.srv.Stats(); got.Registered != 1 {
		t.Errorf("stats %+v", got)
	}
	if en := f.get(strings.Replace(loc, "lang=de", "lang=en", 1)); !strings.Contains(en.body, "Show this code at the desk") {
		t.Error("the confirmation has no English version")
	}
}

func TestEveryValidationErrorComesBackBesideItsFieldWithTheValuesKept(t *testing.T) {
	f := newFixture(t, hotspot.Options{Submissions: hotspot.Rate{PerMinute: 6000, Burst: 1000}})
	for _, tc := range []struct {
		name, field, value, wantKey string
	}{
		{"first name missing", "first", "", string(msg.ErrRequired)},
		{"digits in the last name", "last", "Müller2", string(msg.ErrNameDigits)},
		{"no such day", "born", "31.02.1985", string(msg.ErrBornNoSuchDay)},
		{"not a date", "born", "gestern", string(msg.ErrBornNotDate)},
		{"too young for the 10 km", "born", "2015", string(msg.ErrBornTooYoung)},
		{"gender missing", "gender", "", string(msg.ErrGenderMissing)},
		{"gender unknown", "gender", "Q", string(msg.ErrGender)},
		{"race missing", "race", "", string(msg.ErrRaceMissing)},
		{"race unknown", "race", "marathon", string(msg.ErrRace)},
		{"email wrong", "email", "joerg@", string(msg.ErrEmail)},
		{"phone wrong", "phone", "call me", string(msg.ErrPhone)},
		{"club too long", "club", strings.Repeat("Lauftreff ", 10), string(msg.ErrTooLong)},
		{"shirt not a choice", "x.tshirt", "XXXL", string(msg.ErrChoice)},
		{"emergency phone too long", "x.emergency_phone", strings.Repeat("1", 41), string(msg.ErrTooLong)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(f.pending())
			vals := f.valid()
			vals.Set(tc.field, tc.value)
			r := f.post(vals)
			if r.code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.code)
			}
			// The field's own message, next to it.
			id := "f-" + strings.ReplaceAll(tc.field, ".", "-")
			m := regexp.MustCompile(`<p class="err" id="` + id + `-err">([^<]*)</p>`).FindStringSubmatch(r.body)
			if m == nil {
				t.Fatalf("no message beside %s:\n%s", tc.field, r.body)
			}
			if got := html.UnescapeString(m[1]); !strings.HasPrefix(got, expectedStart(tc.wantKey)) {
				t.Errorf("message %q, want the text of %s", got, tc.wantKey)
			}
			if !strings.Contains(r.body, `<a href="#`+id+`">`) {
				t.Errorf("the summary does not link to %s", id)
			}
			// Every value typed is still there.
			for name, v := range vals {
				if name == "csrf" || v[0] == "" {
					continue
				}
				if !valueShown(r.body, name, v[0]) {
					t.Errorf("%s = %q was not kept", name, v[0])
				}
			}
			if n := len(f.pending()) - before; n != 0 {
				t.Errorf("%d registrations stored", n)
			}
		})
	}
}

// expectedStart is the German text of key up to its first verb, so
// arguments do not matter.
func expectedStart(key string) string {
	s, _, _ := strings.Cut(msg.T(msg.DE, msg.Key(key)), "%")
	return s
}

// valueShown reports whether the form shows v for field name: as a text
// input's value, a checked radio or a selected option.
func valueShown(body, name, v string) bool {
	ev := html.EscapeString(v)
	for _, pat := range []string{
		`name="` + name + `" type="[a-z]+" value="` + regexp.QuoteMeta(ev) + `"`,
		`name="` + name + `" value="` + regexp.QuoteMeta(ev) + `" checked`,
		`<option value="` + regexp.QuoteMeta(ev) + `" selected>`,
	} {
		if regexp.MustCompile(pat).MatchString(body) {
			return true
		}
	}
	// An unknown choice cannot be selected; the message names it.
	return strings.Contains(body, ev)
}

func TestAllErrorsAtOnceInEnglish(t *testing.T) {
	f := newFixture(t, hotspot.Options{})
	r := f.post(url.Values{"csrf": {f.token()}, "lang": {"en"}, "born": {"31.02.1985"}})
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.code)
	}
	for _, want := range []string{"Please check the marked fields", "first name: required", `birth date &#34;31.02.1985&#34;: no such day`,
		"gender: required", `value="31.02.1985"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestInputIsEscapedEverywhere(t *testing.T) {
	f := newFixture(t, hotspot.Options{})
	evil := `"><script>alert(1)</script><img src=x onerror=alert(2)>`
	vals := f.valid()
	vals.Set("first", evil)
	vals.Set("club", evil)
	vals.Set("x.tshirt", evil)
	r := f.post(vals)
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.code)
	}
	if strings.Contains(r.body, "<script>") || strings.Contains(r.body, "<img src=x") || strings.Contains(r.body, evil) {
		t.Errorf("raw input in the page:\n%s", r.body)
	}
	// A valid name with markup characters shows escaped on the confirmation.
	vals = f.valid()
	vals.Set("club", `<b>Lauftreff</b> "Süd" & Co`)
	r = f.post(vals)
	if r.code != http.StatusSeeOther {
		t.Fatalf("status %d\n%s", r.code, r.body)
	}
	if strings.Contains(f.get(r.hdr.Get("Location")).body, "<b>") {
		t.Error("markup from the club reached the confirmation page")
	}
}

func TestOversizeAndMalformedRequestsAreRefusedAndStoreNothing(t *testing.T) {
	f := newFixture(t, hotspot.Options{})
	tok := f.token()
	valid := f.valid()
	valid.Set("csrf", tok)
	raw := func(ct, body string, hdr ...string) response {
		req := httptest.NewRequest(http.MethodPost, "/register", strings.NewReader(body))
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		return f.do(req)
	}
	big := url.Values{"csrf": {tok}, "first": {"Jörg"}, "club": {strings.Repeat("x", 20<<10)}}
	for _, tc := range []struct {
		name string
		r    response
		want int
	}{
		{"body over 16 KiB", raw("application/x-www-form-urlencoded", big.Encode()), http.StatusRequestEntityTooLarge},
		{"JSON", raw("application/json", `{"first":"Jörg"}`), http.StatusUnsupportedMediaType},
		{"multipart", raw("multipart/form-data; boundary=x", "--x--"), http.StatusUnsupportedMediaType},
		{"no content type", raw("", valid.Encode()), http.StatusUnsupportedMediaType},
		{"broken percent-encoding", raw("application/x-www-form-urlencoded", "first=%zz&csrf="+tok), http.StatusBadRequest},
		{"not UTF-8", raw("application/x-www-form-urlencoded", "first=J%F6rg&csrf="+tok), http.StatusBadRequest},
		{"NUL byte", raw("application/x-www-form-urlencoded", "first=J%00rg&csrf="+tok), http.StatusBadRequest},
		{"from another site (Origin)", f.post(valid, "Origin", "http://evil.example"), http.StatusForbidden},
		{"from another site (Sec-Fetch-Site)", f.post(valid, "Sec-Fetch-Site", "cross-site"), http.StatusForbidden},
		{"from another site (Referer)", f.post(valid, "Referer", "http://evil.example/form"), http.StatusForbidden},
		{"no form token", f.post(without(valid, "csrf")), http.StatusForbidden},
		{"forged form token", f.post(with(valid, "csrf", forge(tok))), http.StatusForbidden},
		{"GET /register", f.get("/register"), http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.r.code != tc.want {
				t.Errorf("status %d, want %d\n%s", tc.r.code, tc.want, tc.r.body)
			}
		})
	}
	if n := len(f.pending()); n != 0 {
		t.Errorf("%d registrations stored", n)
	}
	// The page's own form, as a browser on plain http sends it, passes.
	if r := f.post(valid, "Origin", "http://example.com", "Referer", "http://example.com/"); r.code != http.StatusSeeOther {
		t.Errorf("same-origin form: %d", r.code)
	}
}

// forge changes one character of the signature.
func forge(tok string) string {
	b := []byte(tok)
	if b[30] == 'A' {
		b[30] = 'B'
	} else {
		b[30] = 'A'
	}
	return string(b)
}

func with(v url.Values, k, val string) url.Values {
	c := url.Values{}
	for kk, vv := range v {
		c[kk] = vv
	}
	c.Set(k, val)
	return c
}

func without(v url.Values, k string) url.Values {
	c := with(v, k, "")
	c.Del(k)
	return c
}

func TestAStaleFormComesBackWithTheValuesAndAFreshToken(t *testing.T) {
	f := newFixture(t, hotspot.Options{FormTTL: time.Hour})
	vals := f.valid()
	f.clock.Add(61 * time.Minute)
	r := f.post(vals)
	if r.code != http.StatusForbidden || !strings.Contains(r.body, "Das Formular war lange offen") {
		t.Fatalf("stale form: %d\n%s", r.code, r.body)
	}
	if !valueShown(r.body, "last", "Müller-Lüdenscheidt") || !valueShown(r.body, "x.tshirt", "L") {
		t.Error("the values were not kept")
	}
	if len(f.pending()) != 0 {
		t.Fatal("a stale form was stored")
	}
	tok := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(r.body)[1]
	if r := f.post(with(vals, "csrf", html.UnescapeString(tok))); r.code != http.StatusSeeOther {
		t.Errorf("resent with the fresh token: %d", r.code)
	}
}

func TestADoubleTapRegistersOnce(t *testing.T) {
	f := newFixture(t, hotspot.Options{})
	vals := f.valid()
	first, second := f.post(vals), f.post(vals)
	if first.code != http.StatusSeeOther || second.code != http.StatusSeeOther {
		t.Fatalf("%d %d", first.code, second.code)
	}
	if first.hdr.Get("Location") != second.hdr.Get("Location") {
		t.Errorf("two confirmations: %s, %s", first.hdr.Get("Location"), second.hdr.Get("Location"))
	}
	if n := len(f.pending()); n != 1 {
		t.Errorf("%d registrations, want 1", n)
	}
}

func TestRateLimitPerClientCountsRegistrationsNotCorrections(t *testing.T) {
	f := newFixture(t, hotspot.Options{Submissions: hotspot.Rate{PerMinute: 10, Burst: 5}})
	phone := []string{"RemoteAddr", "10.42.0.50:41000"}
	// Corrections do not use up the limit.
	for range 8 {
		if r := f.post(url.Values{"csrf": {f.token()}}, phone...); r.code != http.StatusUnprocessableEntity {
			t.Fatalf("invalid form: %d", r.code)
		}
	}
	for i := range 5 {
		if r := f.post(f.valid(), phone...); r.code != http.StatusSeeOther {
			t.Fatalf("registration %d: %d", i+1, r.code)
		}
	}
	r := f.post(f.valid(), phone...)
	if r.code != http.StatusTooManyRequests || r.hdr.Get("Retry-After") != "6" || !strings.Contains(r.body, "Bitte warte 6 Sekunden") {
		t.Fatalf("sixth registration: %d Retry-After %q\n%s", r.code, r.hdr.Get("Retry-After"), r.body)
	}
	if r := f.post(f.valid(), "RemoteAddr", "10.42.0.51:41000"); r.code != http.StatusSeeOther {
		t.Errorf("another phone: %d", r.code)
	}
	f.clock.Add(6 * time.Second)
	if r := f.post(f.valid(), phone...); r.code != http.StatusSeeOther {
		t.Errorf("after 6 s: %d", r.code)
	}
	if n := len(f.pending()); n != 7 {
		t.Errorf("%d registrations, want 7", n)
	}
	if s := f.srv.Stats(); s.Limited != 1 || s.Invalid != 8 {
		t.Errorf("stats %+v", s)
	}
}

func TestRequestRateLimitCoversEveryPage(t *testing.T) {
	f := newFixture(t, hotspot.Options{Requests: hotspot.Rate{PerMinute: 60, Burst: 3}})
	for range 3 {
		if r := f.get("/"); r.code != http.StatusOK {
			t.Fatal(r.code)
		}
	}
	if r := f.get("/"); r.code != http.StatusTooManyRequests {
		t.Errorf("fourth page: %d", r.code)
	}
}

func TestNoEndpointShowsAnotherPersonsData(t *testing.T) {
	f := newFixture(t, hotspot.Options{})
	// Someone else registered before, online and on their phone.
	if _, err := f.store.Register(model.ParticipantInput{First: "Agnieszka", Last: "Wiśniewska", Born: "1990", Gender: "W",
		Race: "5k", Email: "agnieszka@example.org"}, store.RegisterOptions{}); err != nil {
		t.Fatal(err)
	}
	other := f.valid()
	other.Set("first", "Zoltan")
	other.Set("last", "Nagyvary")
	rOther := f.post(other)
	if rOther.code != http.StatusSeeOther {
		t.Fatal(rOther.code)
	}
	var otherCode string
	for _, p := range f.pending() {
		if p.Last == "Nagyvary" {
			otherCode = p.Code
		}
	}
	mine := f.post(f.valid())
	myPage := f.get(mine.hdr.Get("Location"))
	secrets := []string{"Agnieszka", "Wiśniewska", "agnieszka@example.org", "Zoltan", "Nagyvary", otherCode}
	pages := map[string]response{"my confirmation": myPage}
	for _, path := range []string{"/", "/?q=Agnieszka", "/done/", "/done/" + otherCode, "/done/" + strings.Repeat("A", 22),
		"/list", "/participants", "/search?q=Nagyvary", "/api/participants", "/register", "/qr/" + otherCode + ".png",
		"/sign.png", "/debug/pprof/", "/../event.db", "/.well-known/security.txt"} {
		pages[path] = f.get(path)
	}
	for name, r := range pages {
		for _, s := range secrets {
			if strings.Contains(r.body, s) {
				t.Errorf("%s shows %q", name, s)
			}
		}
	}
	for path, r := range pages {
		if path != "/" && path != "/?q=Agnieszka" && path != "my confirmation" && r.code != http.StatusNotFound && r.code/100 != 3 {
			t.Errorf("%s: %d, want 404 (or a redirect to a clean path)", path, r.code)
		}
	}
	if strings.Contains(pages["/done/"+otherCode].body, "Zeig diesen Code") {
		t.Error("a code opens a confirmation page")
	}
}

func TestAConfirmationExpires(t *testing.T) {
	f := newFixture(t, hotspot.Options{ReceiptTTL: time.Hour})
	loc := f.post(f.valid()).hdr.Get("Location")
	if r := f.get(loc); r.code != http.StatusOK {
		t.Fatal(r.code)
	}
	f.clock.Add(61 * time.Minute)
	if r := f.get(loc); r.code != http.StatusNotFound || !strings.Contains(r.body, "gibt es nicht (mehr)") {
		t.Errorf("expired confirmation: %d", r.code)
	}
}

func TestConfirmationsAreBounded(t *testing.T) {
	f := newFixture(t, hotspot.Options{MaxReceipts: 2, Submissions: hotspot.Rate{PerMinute: 600, Burst: 10}})
	var locs []string
	for range 3 {
		locs = append(locs, f.post(f.valid()).hdr.Get("Location"))
	}
	if r := f.get(locs[0]); r.code != http.StatusNotFound {
		t.Errorf("the oldest confirmation is still kept: %d", r.code)
	}
	if r := f.get(locs[2]); r.code != http.StatusOK {
		t.Errorf("the newest confirmation is gone: %d", r.code)
	}
}

func TestOtherMethodsAreRefused(t *testing.T) {
	f := newFixture(t, hotspot.Options{})
	for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch} {
		r := f.do(httptest.NewRequest(m, "/register", nil))
		if r.code != http.StatusMethodNotAllowed && r.code != http.StatusNotFound {
			t.Errorf("%s /register: %d", m, r.code)
		}
	}
	if r := f.do(httptest.NewRequest(http.MethodHead, "/", nil)); r.code != http.StatusOK {
		t.Errorf("HEAD /: %d", r.code)
	}
}

func TestServeOnLoopbackAndShutDown(t *testing.T) {
	f := newFixture(t, hotspot.Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- f.srv.Serve(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "Anmelden") {
		t.Errorf("GET: %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("Serve returned %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Serve did not return after the context ended")
	}
	if err := f.srv.ListenAndServe(context.Background(), "256.0.0.1:http"); err == nil {
		t.Error("listening on a bad address worked")
	}
}
