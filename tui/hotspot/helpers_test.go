package hotspot_test

import (
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/hotspot"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fixture is a hotspot server on a fresh demo-event database.
type fixture struct {
	t     *testing.T
	store *store.Store
	srv   *hotspot.Server
	h     http.Handler
	clock *clock
}

func newFixture(t *testing.T, opts hotspot.Options) *fixture {
	t.Helper()
	ev, err := demo.Event()
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 12, 6, 9, 0, 0, 0, time.Local)}
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
	srv := hotspot.New(s, opts)
	return &fixture{t: t, store: s, srv: srv, h: srv.Handler(), clock: c}
}

// response is a recorded response with its body as text.
type response struct {
	code int
	hdr  http.Header
	body string
}

func (f *fixture) do(req *http.Request) response {
	f.t.Helper()
	if req.RemoteAddr == "" || req.RemoteAddr == "192.0.2.1:1234" {
		req.RemoteAddr = "10.42.0.23:50000"
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return response{code: rec.Code, hdr: rec.Result().Header, body: string(b)}
}

func (f *fixture) get(path string, hdr ...string) response {
	f.t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return f.do(req)
}

// token fetches a fresh form and returns its CSRF token.
func (f *fixture) token() string {
	f.t.Helper()
	r := f.get("/")
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(r.body)
	if m == nil {
		f.t.Fatalf("no csrf token in the form:\n%s", r.body)
	}
	return html.UnescapeString(m[1])
}

// post sends a form; hdr are header name/value pairs (a "RemoteAddr"
// pair sets the client address).
func (f *fixture) post(vals url.Values, hdr ...string) response {
	f.t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/register", strings.NewReader(vals.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i] == "RemoteAddr" {
			req.RemoteAddr = hdr[i+1]
			continue
		}
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return f.do(req)
}

// valid is a complete, valid form for a runner of the 10 km.
func (f *fixture) valid() url.Values {
	return url.Values{
		"csrf": {f.token()}, "first": {"Jörg"}, "last": {"Müller-Lüdenscheidt"}, "born": {"12.3.1985"},
		"gender": {"M"}, "race": {"10k"}, "club": {"LG Wald & Wiese"}, "email": {"joerg@example.org"},
		"phone": {"0171 2345678"}, "x.tshirt": {"L"}, "x.emergency_phone": {"0171 9876543"},
	}
}

func (f *fixture) pending() []model.Participant {
	f.t.Helper()
	ps, err := f.store.List("")
	if err != nil {
		f.t.Fatal(err)
	}
	return ps
}
