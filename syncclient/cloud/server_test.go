package cloud

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
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
	s := newStore(t)
	srv := httptest.NewServer((&Server{Store: s, Token: "right"}).Handler())
	t.Cleanup(srv.Close)
	return srv, s
}

// newStore is the cloud's store of the test event.
func newStore(t *testing.T) *store.Store {
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
	return s
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
		"json":        {`{"v":3,"event":"` + eventID + `","device":"a"}`, nil},
		"cut off":     {whole[:len(whole)-2], nil},
		"no device":   {request(protocol.SyncRequest{Event: eventID}), nil},
		"broken gzip": {"not gzip at all", map[string]string{"Content-Encoding": "gzip"}},
	}
	for name, c := range cases {
		resp := do(t, "POST", srv.URL+protocol.PathSync, tok, strings.NewReader(c.body), c.hdr)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %s, want 400", name, resp.Status)
		}
	}
	// A desk speaks only for itself: another device's change needs a hub's token.
	others := request(protocol.SyncRequest{Event: eventID, Device: "a", Push: []store.Change{{Device: "b", DevSeq: 1, Entity: "participant", ID: "x"}}})
	if resp := do(t, "POST", srv.URL+protocol.PathSync, tok, strings.NewReader(others), nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a change of another device from a desk: %s, want 403", resp.Status)
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

// syncV3 sends a version-3 sync and reads the whole response.
func syncV3(t *testing.T, url, token string, req protocol.SyncRequest) protocol.Response {
	t.Helper()
	var b bytes.Buffer
	if err := protocol.EncodeRequest(&b, &req); err != nil {
		t.Fatal(err)
	}
	resp := do(t, "POST", url+protocol.PathSync, token, &b, map[string]string{"Accept-Encoding": "gzip"})
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != protocol.ContentType {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("sync: %s %s", resp.Status, body)
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r, err := protocol.DecodeResponse(zr)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// A response stops at the request's limit and says more waits; the next
// request from its cursor brings the rest. The asking device's own
// changes are not sent back, but the cursor moves past them.
func TestAStreamStopsAtItsLimitAndSkipsTheDesksOwn(t *testing.T) {
	srv, s := newServerStore(t)
	tok := join(t, srv, "right", "0191f0c2-7d3e-7a10-9c1e-1f2e3d4c5b6a", "")
	if _, rej, err := s.RegisterMany(demo.Runners(s.Event(), 5, 1), store.RegisterOptions{Origin: store.OriginImport}); err != nil || len(rej) > 0 {
		t.Fatal(err, rej)
	}
	req := protocol.SyncRequest{Event: eventID, Device: "0191f0c2-7d3e-7a10-9c1e-1f2e3d4c5b6a", Desk: "Desk 1", Limit: 2}
	r := syncV3(t, srv.URL, tok, req)
	if len(r.Changes) != 2 || !r.More || r.Cursor != r.Changes[1].Seq || r.Head.After != 0 {
		t.Fatalf("first response: %+v; want 2 changes, more", r)
	}
	// The desk pushes a registration of its own; the cloud logs it after
	// the five.
	own := store.Change{Device: req.Device, DevSeq: 1, HLC: model.MakeHLC(time.Now().UnixMilli(), 0), Desk: "Desk 1",
		Entity: store.EntityParticipant, ID: model.NewID(), Op: store.OpCreate, Origin: store.OriginDesk,
		Fields: []model.FieldChange{{Field: model.FFirst, Value: "Eigen"}, {Field: model.FLast, Value: "Meldung"}, {Field: model.FBorn, Value: "1980"},
			{Field: model.FGender, Value: "m"}, {Field: model.FRace, Value: "10k"}, {Field: model.FStatus, Value: "registered"}, {Field: model.FSource, Value: "desk"}}}
	req.Cursor, req.Limit, req.Push = r.Cursor, 0, []store.Change{own}
	r = syncV3(t, srv.URL, tok, req)
	if r.Head.Ack.Upto != 1 || len(r.Head.Ack.Refused) != 0 {
		t.Fatalf("ack %+v", r.Head.Ack)
	}
	if len(r.Changes) != 3 || r.More || r.Cursor != 6 {
		t.Fatalf("second response: %d changes, cursor %d, more %v; want the other 3 and the cursor past the desk's own (6)", len(r.Changes), r.Cursor, r.More)
	}
	for _, ch := range r.Changes {
		if ch.Device == req.Device {
			t.Errorf("the desk's own change came back: %+v", ch)
		}
	}
}

// A load balancer checks /healthz without a token: 200 while the back end
// answers, 503 when it does not; nothing else is served without a token.
func TestTheHealthCheckNeedsNoTokenAndSaysNothingElse(t *testing.T) {
	s := newStore(t)
	var down error
	h := (&Server{Store: s, Token: "right", Health: func(context.Context) error { return down }}).Handler()
	for _, c := range []struct {
		path string
		down error
		want int
	}{
		{PathHealth, nil, http.StatusOK},
		{PathHealth, errors.New("database gone"), http.StatusServiceUnavailable},
		{protocol.PathEvent, nil, http.StatusUnauthorized},
	} {
		down = c.down
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", c.path, nil))
		if rec.Code != c.want || strings.Contains(rec.Body.String(), "database gone") {
			t.Errorf("GET %s (back end down: %v): %d %q, want %d", c.path, c.down, rec.Code, rec.Body.String(), c.want)
		}
	}
}
