package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/cloud/pgtest"
)

const enrolToken = "right"

func testEvent() *model.Event {
	return &model.Event{Name: "Buchauer Nikolaus-Waldlauf", Date: "2026-12-06",
		Races: []model.Race{{ID: "10k", Name: "10 km", DistanceM: 10000, Start: "10:00", Bibs: []model.BibRange{{From: 1, To: 500}}}}}
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// openDB opens the database at dsn as one server process would.
func openDB(t *testing.T, dsn string) *DB {
	t.Helper()
	db, err := Open(testContext(t), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}

// newEvent makes a database with the test event and opens it.
func newEvent(t *testing.T) (*Event, string) {
	t.Helper()
	dsn := pgtest.Database(t)
	db := openDB(t, dsn)
	ctx := testContext(t)
	if err := db.CreateEvent(ctx, testEvent(), "cloud-dev", enrolToken); err != nil {
		t.Fatal(err)
	}
	e, err := db.Event(ctx, testEvent().Identity())
	if err != nil {
		t.Fatal(err)
	}
	return e, dsn
}

func joinAs(t *testing.T, e *Event, auth *store.DeskToken, device, previous, secret string) (store.DeskToken, error) {
	t.Helper()
	return e.Join(testContext(t), auth, store.JoinRequest{Device: device, Desk: "Desk " + device, Token: secret, Previous: previous})
}

// join binds a fresh secret to device on the authority of auth (nil: the
// enrolment token) and returns the secret and its token.
func join(t *testing.T, e *Event, auth *store.DeskToken, device, previous string) (string, store.DeskToken) {
	t.Helper()
	secret := store.NewToken()
	tok, err := joinAs(t, e, auth, device, previous, secret)
	if err != nil {
		t.Fatalf("join %s: %v", device, err)
	}
	return secret, tok
}

func authenticate(t *testing.T, e *Event, secret string) store.DeskToken {
	t.Helper()
	tok, err := e.Authenticate(testContext(t), secret)
	if err != nil {
		t.Fatalf("authenticate: %v", err)
	}
	return tok
}

func TestAnEventIsCreatedOnceAndFoundByItsIdentity(t *testing.T) {
	e, dsn := newEvent(t)
	db := openDB(t, dsn)
	ctx := testContext(t)
	if got := e.Event().Identity(); got != testEvent().Identity() {
		t.Errorf("identity %q", got)
	}
	if e.Server() != "cloud-dev" || e.IsHub() {
		t.Errorf("server %q, hub %v", e.Server(), e.IsHub())
	}
	if !e.Enrol(enrolToken) || e.Enrol("wrong") || e.Enrol("") {
		t.Error("the enrolment token is not told from others")
	}
	if err := db.CreateEvent(ctx, testEvent(), "cloud-dev", enrolToken); err != nil {
		t.Errorf("creating the same event again: %v", err)
	}
	other := testEvent()
	other.Location = "Buchau"
	if err := db.CreateEvent(ctx, other, "cloud-dev", enrolToken); !errors.Is(err, ErrEventExists) {
		t.Errorf("another event of the same identity: %v", err)
	}
	if err := db.CreateEvent(ctx, testEvent(), "cloud-dev", "another"); !errors.Is(err, ErrEventExists) {
		t.Errorf("the same event with another enrolment token: %v", err)
	}
	if _, err := db.Event(ctx, "waldlauf-2025@2025-12-07"); !errors.Is(err, ErrNoEvent) {
		t.Errorf("an event not in the cloud: %v", err)
	}
	if chs, next, more, err := e.Feed(ctx, 0, "", 10); err != nil || len(chs) != 0 || next != 0 || more {
		t.Errorf("feed of a new event: %v %d %v %v", chs, next, more, err)
	}
	if acks, err := e.Push(ctx, "", "dev-a", nil, true); err != nil || acks["dev-a"] == nil || acks["dev-a"].Upto != 0 {
		t.Errorf("an empty push: %v %v", acks, err)
	}
}

// The enrolment token joins desks; each authenticates with its own secret.
func TestADeskJoinsAndAuthenticatesAsItself(t *testing.T) {
	e, _ := newEvent(t)
	a, _ := join(t, e, nil, "dev-a", "")
	b, _ := join(t, e, nil, "dev-b", "")
	if got := authenticate(t, e, a); got.Device != "dev-a" || got.Desk != "Desk dev-a" || got.Via != "join" {
		t.Errorf("desk a: %+v", got)
	}
	if got := authenticate(t, e, b); got.Device != "dev-b" {
		t.Errorf("desk b: %+v", got)
	}
	if _, err := e.Authenticate(testContext(t), store.NewToken()); !errors.Is(err, store.ErrTokenUnknown) {
		t.Errorf("a wrong token: %v", err)
	}
	// Nobody takes over a desk that joined, not even with the enrolment token.
	if _, err := joinAs(t, e, nil, "dev-a", "", store.NewToken()); !errors.Is(err, store.ErrDeviceJoined) {
		t.Errorf("a second join of dev-a: %v", err)
	}
	bt := authenticate(t, e, b)
	if _, err := joinAs(t, e, &bt, "dev-a", "", store.NewToken()); !errors.Is(err, store.ErrDeviceJoined) {
		t.Errorf("desk b joined dev-a: %v", err)
	}
	// A desk's secret joins no other device.
	if _, err := joinAs(t, e, nil, "dev-c", "", a); !errors.Is(err, store.ErrTokenOtherDevice) {
		t.Errorf("desk a's secret joined dev-c: %v", err)
	}
	if _, err := joinAs(t, e, nil, "dev-d", "", "short"); err == nil {
		t.Error("a short secret joined")
	}
	if _, err := e.Join(testContext(t), nil, store.JoinRequest{Device: "dev-x", Desk: "Desk\x1b]0;PWNED\x07", Token: store.NewToken()}); err == nil {
		t.Error("a desk name with an escape sequence joined")
	}
}

// A join whose answer was lost is repeated with the same secret: the same
// join, not a refusal.
func TestARepeatedJoinIsTheSameJoin(t *testing.T) {
	e, _ := newEvent(t)
	secret := store.NewToken()
	first, err := joinAs(t, e, nil, "dev-a", "", secret)
	if err != nil {
		t.Fatal(err)
	}
	again, err := joinAs(t, e, nil, "dev-a", "", secret)
	if err != nil || again != first {
		t.Fatalf("repeated join: %+v %v, first %+v", again, err, first)
	}
}

// A restored or copied desk joins its new identity with its old token.
func TestASuccessorJoinsWithTheOldIdentitysToken(t *testing.T) {
	e, _ := newEvent(t)
	_, old := join(t, e, nil, "dev-a", "")
	_, succ := join(t, e, &old, "dev-a2", "dev-a")
	if succ.Via != "successor" || succ.Parent != "dev-a" {
		t.Errorf("successor %+v", succ)
	}
	if _, err := joinAs(t, e, &old, "dev-x", "dev-other", store.NewToken()); !errors.Is(err, store.ErrTokenOtherDevice) {
		t.Errorf("a token minted a desk that succeeds another: %v", err)
	}
}

// An organizer's token is bound to the first desk that joins with it; a
// second device with it is refused.
func TestAnOrganizersTokenBindsToItsFirstDesk(t *testing.T) {
	e, _ := newEvent(t)
	ctx := testContext(t)
	secret, issued, err := e.IssueHubToken(ctx, "Desk 3")
	if err != nil {
		t.Fatal(err)
	}
	if issued.Device != "" || !issued.Hub || issued.Prefix != store.TokenPrefix(secret) {
		t.Errorf("issued %+v", issued)
	}
	auth := authenticate(t, e, secret)
	_, own := join(t, e, &auth, "dev-3", "")
	if own.Via != "organizer" || !own.Hub {
		t.Errorf("joined %+v", own)
	}
	auth = authenticate(t, e, secret)
	if auth.Device != "dev-3" {
		t.Errorf("the organizer's token is bound to %q", auth.Device)
	}
	if _, err := joinAs(t, e, &auth, "dev-4", "", store.NewToken()); !errors.Is(err, store.ErrTokenOtherDevice) {
		t.Errorf("the organizer's token joined a second desk: %v", err)
	}
	// The request's stale view of the token (unbound) does not bind it twice.
	stale := issued
	if _, err := joinAs(t, e, &stale, "dev-5", "", store.NewToken()); !errors.Is(err, store.ErrTokenOtherDevice) {
		t.Errorf("the organizer's token joined a second desk on a stale view: %v", err)
	}
	ts, err := e.Tokens(ctx)
	if err != nil || len(ts) != 2 || ts[0].Device != "dev-3" || ts[0].Desk != "Desk 3" || ts[0].Via != "organizer" {
		t.Errorf("tokens %+v %v", ts, err)
	}
}

// A revoked desk can no longer authenticate nor join, and is told why.
func TestARevokedTokenIsRefused(t *testing.T) {
	e, _ := newEvent(t)
	ctx := testContext(t)
	secret, _ := join(t, e, nil, "dev-a", "")
	other, _ := join(t, e, nil, "dev-b", "")
	if _, err := e.RevokeTokens(ctx, "Des"); err == nil {
		t.Error("a selection of three characters revoked")
	}
	revoked, err := e.RevokeTokens(ctx, "Desk dev-a")
	if err != nil || len(revoked) != 1 || revoked[0].Device != "dev-a" || revoked[0].Revoked.IsZero() {
		t.Fatalf("revoke: %v %+v", err, revoked)
	}
	if again, err := e.RevokeTokens(ctx, "Desk dev-a"); err != nil || len(again) != 0 {
		t.Errorf("revoking again: %v %+v", err, again)
	}
	auth, err := e.Authenticate(ctx, secret)
	if !errors.Is(err, store.ErrTokenRevoked) || !strings.Contains(err.Error(), "revoked") {
		t.Errorf("a revoked token: %v", err)
	}
	if _, err := joinAs(t, e, &auth, "dev-a", "", store.NewToken()); !errors.Is(err, store.ErrTokenRevoked) {
		t.Errorf("a revoked token joined: %v", err)
	}
	if _, err := joinAs(t, e, nil, "dev-a", "", secret); !errors.Is(err, store.ErrTokenOtherDevice) {
		t.Errorf("a revoked secret joined again: %v", err)
	}
	authenticate(t, e, other)
	// By a token's prefix, as `cloud token revoke` takes it.
	if revoked, err := e.RevokeTokens(ctx, store.TokenPrefix(other)); err != nil || len(revoked) != 1 {
		t.Errorf("revoke by prefix: %v %+v", err, revoked)
	}
}

// The table holds digests: no token is stored as it is.
func TestTokensAreNotStoredInClear(t *testing.T) {
	e, _ := newEvent(t)
	ctx := testContext(t)
	secrets := []string{enrolToken}
	s, _ := join(t, e, nil, "dev-a", "")
	secrets = append(secrets, s)
	s, _, err := e.IssueToken(ctx, "Desk 3")
	if err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, s)

	var dump string
	err = e.db.pool.QueryRow(ctx, `SELECT coalesce(string_agg(encode(hash, 'hex') || ' ' || t::text, E'\n'), '') FROM desk_tokens t`).Scan(&dump)
	if err != nil {
		t.Fatal(err)
	}
	var events string
	if err := e.db.pool.QueryRow(ctx, `SELECT string_agg(e::text, E'\n') FROM events e`).Scan(&events); err != nil {
		t.Fatal(err)
	}
	dump += "\n" + events
	for _, s := range secrets[1:] {
		if !strings.Contains(dump, store.TokenHash(s)) {
			t.Errorf("no digest of %s… in the table", store.TokenPrefix(s))
		}
		if strings.Contains(dump, strings.TrimPrefix(s, "rdt_")) {
			t.Errorf("token %s… stored in clear:\n%s", store.TokenPrefix(s), dump)
		}
	}
	if strings.Contains(events, "right") {
		t.Errorf("the enrolment token stored in clear:\n%s", events)
	}
}

// Two server processes on one database see each other's tokens at once:
// a token issued, joined or revoked on one is so on the other.
func TestTwoProcessesSeeEachOthersTokens(t *testing.T) {
	one, dsn := newEvent(t)
	ctx := testContext(t)
	two, err := openDB(t, dsn).Event(ctx, testEvent().Identity())
	if err != nil {
		t.Fatal(err)
	}
	secret, _, err := one.IssueToken(ctx, "Desk 3")
	if err != nil {
		t.Fatal(err)
	}
	auth := authenticate(t, two, secret)
	join(t, two, &auth, "dev-3", "")
	if got := authenticate(t, one, secret); got.Device != "dev-3" {
		t.Errorf("process one sees the organizer's token bound to %q", got.Device)
	}
	if _, err := joinAs(t, one, nil, "dev-3", "", store.NewToken()); !errors.Is(err, store.ErrDeviceJoined) {
		t.Errorf("process one joined dev-3 again: %v", err)
	}
	if _, err := two.RevokeTokens(ctx, "Desk 3"); err != nil {
		t.Fatal(err)
	}
	if _, err := one.Authenticate(ctx, secret); !errors.Is(err, store.ErrTokenRevoked) {
		t.Errorf("process one after the revocation on two: %v", err)
	}
}

// A token of one event is unknown in another of the same database.
func TestATokenOfAnotherEventIsUnknown(t *testing.T) {
	e, dsn := newEvent(t)
	ctx := testContext(t)
	db := openDB(t, dsn)
	ev := testEvent()
	ev.Date = "2027-12-05"
	if err := db.CreateEvent(ctx, ev, "cloud-dev", "other"); err != nil {
		t.Fatal(err)
	}
	other, err := db.Event(ctx, ev.Identity())
	if err != nil {
		t.Fatal(err)
	}
	secret, _ := join(t, e, nil, "dev-a", "")
	if _, err := other.Authenticate(ctx, secret); !errors.Is(err, store.ErrTokenUnknown) {
		t.Errorf("another event's token: %v", err)
	}
	if _, err := joinAs(t, other, nil, "dev-a", "", secret); !errors.Is(err, store.ErrTokenOtherDevice) {
		t.Errorf("another event's secret joined: %v", err)
	}
	if other.Enrol(enrolToken) {
		t.Error("one event's enrolment token enrols into another")
	}
}

// Two processes joining one device at once with the enrolment token: one
// joins, the other is told the device joined already.
func TestJoinsOfOneDeviceOnTwoProcessesAtOnceBindItOnce(t *testing.T) {
	one, dsn := newEvent(t)
	ctx := testContext(t)
	two, err := openDB(t, dsn).Event(ctx, testEvent().Identity())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		device := fmt.Sprintf("dev-%d", i)
		errs := make(chan error, 2)
		start := make(chan struct{})
		for _, e := range []*Event{one, two} {
			req := store.JoinRequest{Device: device, Desk: "Desk " + device, Token: store.NewToken()}
			go func() { <-start; _, err := e.Join(ctx, nil, req); errs <- err }()
		}
		close(start)
		var joined, refused int
		for range 2 {
			switch err := <-errs; {
			case err == nil:
				joined++
			case errors.Is(err, store.ErrDeviceJoined):
				refused++
			default:
				t.Fatalf("%s: %v", device, err)
			}
		}
		if joined != 1 || refused != 1 {
			t.Errorf("%s: %d joins, %d refused", device, joined, refused)
		}
	}
}
