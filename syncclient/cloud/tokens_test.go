package cloud

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/protocol"
)

const eventID = "buchauer-nikolaus-waldlauf-2026@2026-12-06"

// join binds a fresh secret to device on the authority of auth and
// returns the secret; it fails the test unless the cloud agrees.
func join(t *testing.T, srv *httptest.Server, auth, device, previous string) string {
	t.Helper()
	tok := store.NewToken()
	if resp, body := joinAs(t, srv, auth, device, previous, tok); resp.StatusCode != http.StatusOK {
		t.Fatalf("join %s: %s %s", device, resp.Status, body)
	}
	return tok
}

func joinAs(t *testing.T, srv *httptest.Server, auth, device, previous, secret string) (*http.Response, string) {
	t.Helper()
	b, _ := json.Marshal(protocol.JoinRequest{Version: protocol.ProtocolVersion, Event: eventID, Device: device, Desk: "Desk " + device, Token: secret, Previous: previous})
	resp := do(t, "POST", srv.URL+protocol.PathJoin, auth, bytes.NewReader(b), nil)
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func syncAs(t *testing.T, srv *httptest.Server, token, device, event string) (*http.Response, string) {
	t.Helper()
	var b bytes.Buffer
	if err := protocol.EncodeRequest(&b, &protocol.SyncRequest{Event: event, Device: device}); err != nil {
		t.Fatal(err)
	}
	resp := do(t, "POST", srv.URL+protocol.PathSync, token, &b, nil)
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// The enrolment token joins desks; each desk then syncs with its own
// secret, as itself only.
func TestADeskSyncsOnlyAsItself(t *testing.T) {
	srv := newServer(t)
	a := join(t, srv, "right", "dev-a", "")
	b := join(t, srv, "right", "dev-b", "")
	if resp, body := syncAs(t, srv, a, "dev-a", eventID); resp.StatusCode != http.StatusOK {
		t.Errorf("desk a as itself: %s %s", resp.Status, body)
	}
	if resp, body := syncAs(t, srv, b, "dev-a", eventID); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "belongs to Desk dev-b") {
		t.Errorf("desk b as desk a: %s %s, want 403 naming desk b", resp.Status, body)
	}
	if resp, _ := syncAs(t, srv, "right", "dev-a", eventID); resp.StatusCode != http.StatusForbidden {
		t.Errorf("the enrolment token synced: %s", resp.Status)
	}
	// Nobody takes over a desk that joined, not even with the enrolment token.
	if resp, body := joinAs(t, srv, "right", "dev-a", "", store.NewToken()); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a second join of dev-a: %s %s", resp.Status, body)
	}
	if resp, body := joinAs(t, srv, b, "dev-a", "", store.NewToken()); resp.StatusCode != http.StatusForbidden {
		t.Errorf("desk b joined dev-a: %s %s", resp.Status, body)
	}
}

// A join whose answer was lost is repeated with the same secret: the same
// join, not a refusal.
func TestARepeatedJoinIsTheSameJoin(t *testing.T) {
	srv := newServer(t)
	secret := store.NewToken()
	for i := range 2 {
		if resp, body := joinAs(t, srv, "right", "dev-a", "", secret); resp.StatusCode != http.StatusOK {
			t.Fatalf("join %d: %s %s", i+1, resp.Status, body)
		}
	}
}

// A restored or copied desk joins its new identity with its old token.
func TestASuccessorJoinsWithTheOldIdentitysToken(t *testing.T) {
	srv := newServer(t)
	old := join(t, srv, "right", "dev-a", "")
	join(t, srv, old, "dev-a2", "dev-a")
	if resp, body := joinAs(t, srv, old, "dev-x", "dev-other", store.NewToken()); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a token minted a desk that succeeds another: %s %s", resp.Status, body)
	}
}

// An organizer's token is bound to the first desk that joins with it.
func TestAnOrganizersTokenBindsToItsFirstDesk(t *testing.T) {
	srv, s := newServerStore(t)
	tok, _, err := s.IssueToken("Desk 3")
	if err != nil {
		t.Fatal(err)
	}
	join(t, srv, tok, "dev-3", "")
	if resp, _ := joinAs(t, srv, tok, "dev-4", "", store.NewToken()); resp.StatusCode != http.StatusForbidden {
		t.Errorf("the organizer's token joined a second desk: %s", resp.Status)
	}
	ts, _ := s.Tokens()
	if len(ts) != 2 || ts[0].Device != "dev-3" || ts[0].Desk != "Desk 3" || ts[0].Via != "organizer" {
		t.Errorf("tokens %+v", ts)
	}
}

// A revoked desk can no longer sync, and is told why.
func TestARevokedTokenIsRefused(t *testing.T) {
	srv, s := newServerStore(t)
	tok := join(t, srv, "right", "dev-a", "")
	revoked, err := s.RevokeTokens("Desk dev-a")
	if err != nil || len(revoked) != 1 {
		t.Fatalf("revoke: %v %+v", err, revoked)
	}
	if resp, body := syncAs(t, srv, tok, "dev-a", eventID); resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "revoked") {
		t.Errorf("sync with a revoked token: %s %s", resp.Status, body)
	}
}

// A request for another event is refused with both events named.
func TestAnotherEventIsRefusedByName(t *testing.T) {
	srv := newServer(t)
	tok := join(t, srv, "right", "dev-a", "")
	resp, body := syncAs(t, srv, tok, "dev-a", "waldlauf-2025@2025-12-07")
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "waldlauf-2025@2025-12-07") || !strings.Contains(body, "2026-12-06") {
		t.Errorf("sync for another event: %s %s", resp.Status, body)
	}
	ping := do(t, "GET", srv.URL+protocol.PathPing, tok, nil, map[string]string{protocol.HeaderEvent: "waldlauf-2025@2025-12-07"})
	if ping.StatusCode != http.StatusConflict {
		t.Errorf("ping for another event: %s", ping.Status)
	}
}

// A desk of an older racedesk is told to update.
func TestAnOldDeskIsToldToUpdate(t *testing.T) {
	srv := newServer(t)
	resp := do(t, "POST", srv.URL+"/v1/sync", "right", strings.NewReader(`{"v":1}`), nil)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "update racedesk") {
		t.Errorf("v1 sync: %s %s", resp.Status, body)
	}
}

// A desk name with escape sequences never reaches the organizer's token
// list: the join is refused.
func TestAJoinWithControlCharactersInTheDeskNameIsRefused(t *testing.T) {
	srv, s := newServerStore(t)
	b, _ := json.Marshal(protocol.JoinRequest{Version: protocol.ProtocolVersion, Event: eventID, Device: "dev-x", Desk: "Desk\x1b]0;PWNED\x07", Token: store.NewToken()})
	resp := do(t, "POST", srv.URL+protocol.PathJoin, "right", bytes.NewReader(b), nil)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("join with an escape sequence in the desk name: %s", resp.Status)
	}
	if ts, _ := s.Tokens(); len(ts) != 0 {
		t.Errorf("tokens stored: %+v", ts)
	}
	if _, _, err := s.IssueToken("Desk\x1b[2J"); err == nil {
		t.Error("an organizer's token for a desk name with an escape sequence was issued")
	}
}
