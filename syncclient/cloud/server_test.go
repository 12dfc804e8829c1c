package cloud

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
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
	request := func(r protocol.SyncRequest) string {
		var b bytes.Buffer
		if err := protocol.EncodeRequest(&b, &r); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	whole := request(protocol.SyncRequest{Event: eventID, Device: "a"})
	cases := map[string]struct {
		body string
		hdr  map[string]string
	}{
		"json":             {`{"v":3,"event":"` + eventID + `","device":"a"}`, nil},
		"cut off":          {whole[:len(whole)-2], nil},
		"no device":        {request(protocol.SyncRequest{Event: eventID}), nil},
		"broken gzip":      {"not gzip at all", map[string]string{"Content-Encoding": "gzip"}},
		"change of others": {request(protocol.SyncRequest{Event: eventID, Device: "a", Push: []store.Change{{Device: "b", DevSeq: 1, Entity: "participant", ID: "x"}}}), nil},
	}
	for name, c := range cases {
		resp := do(t, "POST", srv.URL+protocol.PathSync, tok, strings.NewReader(c.body), c.hdr)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %s, want 400", name, resp.Status)
		}
	}
}

// Version 2 is still served (a desk not yet updated keeps syncing), and
// its requests are checked as before.
func TestVersion2IsStillServed(t *testing.T) {
	srv := newServer(t)
	tok := join(t, srv, "right", "a", "")
	ev := `"event":"` + eventID + `"`
	resp := do(t, "POST", srv.URL+protocol.PathSyncV2, tok, strings.NewReader(`{"v":2,`+ev+`,"device":"a"}`), nil)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"v":2`) {
		t.Errorf("a version-2 sync: %s %s", resp.Status, body)
	}
	cases := map[string]string{
		"not json":         "{{{",
		"no device":        `{"v":2,` + ev + `}`,
		"other version":    `{"v":99,` + ev + `,"device":"a"}`,
		"version 3":        `{"v":3,` + ev + `,"device":"a"}`,
		"old version":      `{"v":1,"device":"a"}`,
		"change of others": `{"v":2,` + ev + `,"device":"a","push":[{"dev":"b","ds":1,"ent":"participant","id":"x","f":[]}]}`,
	}
	for name, body := range cases {
		resp := do(t, "POST", srv.URL+protocol.PathSyncV2, tok, strings.NewReader(body), nil)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %s, want 400", name, resp.Status)
		}
	}
	if resp := do(t, "POST", srv.URL+"/v1/sync", tok, strings.NewReader("{}"), nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a version-1 sync: %s, want 400", resp.Status)
	}
}

func TestAZipBombStopsAtTheLimit(t *testing.T) {
	srv := newServer(t)
	tok := join(t, srv, "right", "a", "")
	chunk := bytes.Repeat([]byte("a"), protocol.MaxString)
	var head bytes.Buffer
	enc := protocol.NewEncoder(&head)
	if err := enc.RequestHead(&protocol.SyncRequest{Event: eventID, Device: "a"}); err != nil || enc.Flush() != nil {
		t.Fatal(err)
	}
	for _, v := range []struct {
		path        string
		open, chunk []byte
	}{
		// Version 3: one string definition of the longest string after another.
		{protocol.PathSync, head.Bytes(), append(binary.AppendUvarint([]byte("S"), uint64(len(chunk))), chunk...)},
		{protocol.PathSyncV2, []byte(`{"v":2,"device":"d","desk":"`), chunk},
	} {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(v.open)
		for i := 0; i < MaxInflatedBytes>>20+2; i++ {
			zw.Write(v.chunk)
		}
		zw.Close()
		n := buf.Len()
		resp := do(t, "POST", srv.URL+v.path, tok, &buf, map[string]string{"Content-Encoding": "gzip"})
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "too large") {
			t.Errorf("%s: a %d-byte body inflating past %d bytes: %s %s, want 400 too large", v.path, n, MaxInflatedBytes, resp.Status, body)
		}
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
