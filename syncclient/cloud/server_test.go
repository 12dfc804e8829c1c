package cloud

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/protocol"
)

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv, _ := newServerStore(t)
	return srv
}

func newServerStore(t *testing.T) (*httptest.Server, *store.Store) {
	t.Helper()
	f, err := os.Open("testdata/event.toml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ev, err := model.ParseEvent(f)
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Create(filepath.Join(t.TempDir(), "cloud.db"), ev, "cloud", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	srv := httptest.NewServer((&Server{Store: s, Token: "right"}).Handler())
	t.Cleanup(srv.Close)
	return srv, s
}

func do(t *testing.T, method, url, token string, body io.Reader, hdr map[string]string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(method, url, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestEveryPathNeedsTheToken(t *testing.T) {
	srv := newServer(t)
	for _, tc := range []struct{ method, path, token string }{
		{"GET", protocol.PathPing, ""},
		{"GET", protocol.PathPing, "wrong"},
		{"GET", protocol.PathEvent, ""},
		{"POST", protocol.PathSync, "righ"},
		{"POST", protocol.PathSync, "right-and-more"},
	} {
		resp := do(t, tc.method, srv.URL+tc.path, tc.token, strings.NewReader("{}"), nil)
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s %s with token %q: %s, want 401", tc.method, tc.path, tc.token, resp.Status)
		}
	}
	if resp := do(t, "GET", srv.URL+protocol.PathPing, "right", nil, nil); resp.StatusCode != http.StatusNoContent || resp.Header.Get(protocol.HeaderTime) == "" {
		t.Errorf("ping with the token: %s, time %q", resp.Status, resp.Header.Get(protocol.HeaderTime))
	}
}

func TestBadRequestsAreRefused(t *testing.T) {
	srv := newServer(t)
	tok := join(t, srv, "right", "a", "")
	ev := `"event":"buchauer-nikolaus-waldlauf-2026@2026-12-06"`
	cases := map[string]struct {
		body string
		hdr  map[string]string
	}{
		"not json":         {"{{{", nil},
		"no device":        {`{"v":2,` + ev + `}`, nil},
		"other version":    {`{"v":99,` + ev + `,"device":"a"}`, nil},
		"old version":      {`{"v":1,"device":"a"}`, nil},
		"broken gzip":      {"not gzip at all", map[string]string{"Content-Encoding": "gzip"}},
		"change of others": {`{"v":2,` + ev + `,"device":"a","push":[{"dev":"b","ds":1,"ent":"participant","id":"x","f":[]}]}`, nil},
	}
	for name, c := range cases {
		resp := do(t, "POST", srv.URL+protocol.PathSync, tok, strings.NewReader(c.body), c.hdr)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %s, want 400", name, resp.Status)
		}
	}
}

func TestAZipBombStopsAtTheLimit(t *testing.T) {
	srv := newServer(t)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(`{"v":2,"device":"d","desk":"`))
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for i := 0; i < MaxInflatedBytes>>20+2; i++ {
		zw.Write(chunk)
	}
	zw.Write([]byte(`"}`))
	zw.Close()
	resp := do(t, "POST", srv.URL+protocol.PathSync, "right", &buf, map[string]string{"Content-Encoding": "gzip"})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a %d-byte body inflating past %d bytes: %s, want 400", buf.Len(), MaxInflatedBytes, resp.Status)
	}
}

func TestEventIsServedToANewDesk(t *testing.T) {
	srv := newServer(t)
	resp := do(t, "GET", srv.URL+protocol.PathEvent, "right", nil, nil)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Buchauer Nikolaus-Waldlauf 2026") {
		t.Errorf("event: %s %s", resp.Status, body)
	}
}
