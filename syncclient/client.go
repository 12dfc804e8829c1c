// Package syncclient reconciles a desk's event database with the cloud in
// the seconds a link is up (see syncclient/protocol and
// docs/sync-protocol.md).
package syncclient

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/protocol"
)

// PushPage is how many own changes one request pushes. Pulled changes
// are not paged: the response streams them (stream.go).
const PushPage = 2000

// ErrBusy means a sync of this desk is already running.
var ErrBusy = errors.New("a sync of this desk is already running")

// Client syncs one store with one cloud.
type Client struct {
	Store   *store.Store
	BaseURL string // https://cloud.example.org
	// Token is the one from the token file: the event's enrolment token or
	// an organizer's token for this desk. The desk joins with it once and
	// then syncs with a secret of its own (see credential.go).
	Token string
	HTTP  *http.Client
	// Now is the clock (tests pin it).
	Now func() time.Time
	// Insecure allows plain http:// to a host other than this computer.
	Insecure bool

	mu    sync.Mutex                 // one sync at a time: the TUI loop and a CLI request
	known atomic.Pointer[credential] // the desk's secret, once seen joined
	onHub atomic.Bool                // the server answered as a hub
}

// OnHub reports whether the server last answered as a hub.
func (c *Client) OnHub() bool { return c.onHub.Load() }

// heard notes what a response says about its server.
func (c *Client) heard(h http.Header) { c.onHub.Store(h.Get(protocol.HeaderRole) == "hub") }

// AnswerTimeout bounds how long the cloud may take to start answering a
// request: a satellite link that drops without a reset leaves a request
// hanging, and the desk must give up, release the database and try again.
const AnswerTimeout = 20 * time.Second

// New builds a client with a keep-alive HTTP transport: in a window of a
// few seconds the TCP and TLS handshakes must happen once, not per request.
func New(s *store.Store, baseURL, token string) *Client {
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: AnswerTimeout,
		DisableCompression:    true, // gzip is done here, to count real bytes
	}
	return &Client{Store: s, BaseURL: strings.TrimRight(baseURL, "/"), Token: token,
		HTTP: &http.Client{Transport: tr}}
}

// CheckURL accepts https:// anywhere and http:// only to this computer
// (or with insecure): over plain http the desk's token would cross the
// venue's Wi-Fi and the satellite link readable by anyone.
func CheckURL(raw string, insecure bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("cloud %q: expected an address like https://cloud.example.org", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if insecure || isLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("cloud %s: refusing to send the desk's token over plain http to %s; use https:// (or --insecure on a network you trust)", raw, u.Hostname())
	}
	return fmt.Errorf("cloud %q: expected https:// or http://", raw)
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ReadToken reads a bearer token from a file (first line, trimmed).
func ReadToken(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read token file: %w", err)
	}
	tok := strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0])
	if tok == "" {
		return "", fmt.Errorf("token file %s is empty", path)
	}
	return tok, nil
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Report is what one sync did.
type Report struct {
	Pushed      int           `json:"pushed"`
	Pulled      int           `json:"pulled"`  // remote changes received
	Applied     int           `json:"applied"` // of those, changes that changed something here
	Notices     int           `json:"conflicts"`
	Pending     int           `json:"pending"` // own changes still waiting
	RoundTrips  int           `json:"round_trips"`
	BytesSent   int64         `json:"bytes_sent"`
	BytesRecv   int64         `json:"bytes_received"`
	Duration    time.Duration `json:"-"` // written as duration_ms (MarshalJSON)
	ClockOffset time.Duration `json:"-"` // written as clock_offset_ms
	NewIdentity bool          `json:"new_identity,omitempty"`
	// A hub's: changes of its devices the cloud acknowledged, and those
	// still waiting (for earlier ones of their device the hub never got).
	Relayed      int `json:"relayed,omitempty"`
	RelayWaiting int `json:"relay_waiting,omitempty"`
}

// MarshalJSON writes the durations in milliseconds, named so, like every
// racedesk JSON output (docs/json.md).
func (r Report) MarshalJSON() ([]byte, error) {
	type plain Report
	return json.Marshal(struct {
		plain
		Duration    int64 `json:"duration_ms"`
		ClockOffset int64 `json:"clock_offset_ms"`
	}{plain(r), r.Duration.Milliseconds(), r.ClockOffset.Milliseconds()})
}

// testHookAfterResponse runs between receiving a response and committing
// it (tests kill the process there).
var testHookAfterResponse func()

// Sync runs rounds until nothing is left to push and no changes are
// waiting. A round's response is committed in batches as it streams in
// (the acknowledgement with the first), each with the cursor after its
// last change; a cut link leaves the store with every complete change
// that arrived, and the next sync goes on from there. ctx bounds the
// whole sync.
func (c *Client) Sync(ctx context.Context) (rep Report, err error) {
	if !c.mu.TryLock() {
		return Report{}, ErrBusy
	}
	defer c.mu.Unlock()
	start := c.now()
	defer func() {
		rep.Duration = c.now().Sub(start)
		err = explainDeadline(ctx, err)
	}()
	if err := CheckURL(c.BaseURL, c.Insecure); err != nil {
		return rep, err
	}
	if at, err := c.Store.Purged(); err != nil || !at.IsZero() {
		if err == nil {
			err = fmt.Errorf("this laptop's personal data was purged on %s: it does not sync any more", at.Format("02.01.2006"))
		}
		return rep, err
	}
	token, err := c.joined(ctx, false)
	if err != nil {
		return rep, err
	}
	reidentified, switched, rejoined, pulledBack := false, false, false, false
	relayLeft := math.MaxInt
	if c.Store.IsHub() {
		n, err := c.Store.RelayCount()
		if err != nil {
			return rep, err
		}
		defer func() {
			if left, cerr := c.Store.RelayCount(); cerr == nil {
				rep.Relayed = n - left
			}
		}()
	}
	for {
		outbox, err := c.Store.Outbox(PushPage)
		if err != nil {
			return rep, err
		}
		state, err := c.Store.SyncState()
		if err != nil {
			return rep, err
		}
		push := outbox
		var relays []store.Change
		if c.Store.IsHub() { // what the devices on the venue network pushed, for the cloud
			if relays, err = c.Store.Relays(PushPage - len(outbox)); err != nil {
				return rep, err
			}
			push = append(append([]store.Change(nil), outbox...), relays...)
		}
		dev := c.Store.Device()
		req := protocol.SyncRequest{Event: c.Store.Event().Identity(), Device: dev.ID, Desk: dev.Desk,
			Cursor: state.Cursor, Push: push}
		res, err := c.round(ctx, &req, state.Server, token, &rep)
		var re *refusedError
		if errors.As(err, &re) && re.status == http.StatusUnauthorized && !rejoined {
			// A server this desk has not joined yet (it moved from the
			// hub to the cloud, or back): join it with the same secret.
			rejoined = true
			if err := c.rejoin(ctx, token); err != nil {
				return rep, err
			}
			continue
		}
		if err != nil {
			return rep, err
		}
		if res.switchTo != "" {
			if switched {
				return rep, fmt.Errorf("sync: the server changed twice in one sync (%s)", res.switchTo)
			}
			if err := c.Store.SwitchServer(res.switchTo); err != nil {
				return rep, err
			}
			switched = true
			continue
		}
		if res.reidentify != "" {
			if reidentified {
				return rep, fmt.Errorf("the cloud still holds other history under this desk's new identity: %s", res.reidentify)
			}
			if err := c.Store.Reidentify(res.reidentify); err != nil {
				return rep, err
			}
			reidentified, rep.NewIdentity = true, true
			if token, err = c.joined(ctx, false); err != nil {
				return rep, err
			}
			continue
		}
		allPushed := len(outbox) < PushPage && (len(outbox) == 0 || res.upto >= outbox[len(outbox)-1].DevSeq)
		if res.rewound {
			continue // push again what this server lacks
		}
		if res.pulledBack > 0 && !pulledBack {
			pulledBack = true // once a round: restamped by the server's clock
			continue
		}
		if len(relays) > 0 && !res.more && allPushed {
			left, err := c.Store.RelayCount()
			if err != nil {
				return rep, err
			}
			// Go on while the relay shrinks; a device whose earlier changes
			// the cloud lacks (they never reached the hub) waits for them.
			if left > 0 && left < relayLeft {
				relayLeft = left
				continue
			}
			rep.RelayWaiting = left
			break
		}
		if !res.more && allPushed {
			break
		}
		if !res.more && res.acked == 0 {
			return rep, fmt.Errorf("the cloud accepted none of %d pending changes (up to %d)", len(outbox), res.upto)
		}
	}
	state, err := c.Store.SyncState()
	if err == nil {
		rep.Pending = state.Pending
	}
	return rep, err
}

// explainDeadline turns a sync cut off by its deadline into a message a
// person can act on.
func explainDeadline(ctx context.Context, err error) error {
	if err == nil || !errors.Is(ctx.Err(), context.DeadlineExceeded) && !isTimeout(err) {
		return err
	}
	return fmt.Errorf("sync: the cloud did not answer in time — the link is down or stalled; nothing was lost, the next sync goes on from here (%w)", err)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// joined returns the desk's own secret for its device, joining the cloud
// with it first if it has not yet: on the authority of the token file's
// token, or of the previous identity's secret (a restored or copied desk).
func (c *Client) joined(ctx context.Context, retried bool) (string, error) {
	if tok, ok := c.knownToken(); ok {
		return tok, nil
	}
	path := c.Store.Path()
	saved, err := loadCredential(path)
	if err != nil {
		return "", err
	}
	dev := c.Store.Device()
	cur := saved.forDevice(dev.ID, store.NewToken)
	if cur.Joined {
		c.known.Store(&cur)
		return cur.Token, nil
	}
	// Saved before it is sent: an answer lost on the link is retried with
	// the same secret, which the cloud takes as the same join.
	if cur.Token != saved.Token {
		if err := cur.save(path); err != nil {
			return "", err
		}
	}
	req := protocol.JoinRequest{Version: protocol.ProtocolVersion, Event: c.Store.Event().Identity(), Device: dev.ID, Desk: dev.Desk, Token: cur.Token}
	auths := []string{c.Token}
	if cur.Previous != nil {
		req.Previous = cur.Previous.Device
		auths = append(auths, cur.Previous.Token)
	}
	var refused error
	for _, auth := range auths {
		err := c.join(ctx, req, auth)
		if err == nil {
			cur.Joined = true
			if err := cur.save(path); err != nil {
				return "", err
			}
			c.known.Store(&cur)
			return cur.Token, nil
		}
		var re *refusedError
		if !errors.As(err, &re) {
			return "", err
		}
		refused = err
	}
	// This device joined with a secret the desk no longer has (the file
	// beside the database was lost): it goes on under a new identity.
	if strings.Contains(refused.Error(), store.ErrDeviceJoined.Error()) && !retried {
		if err := c.Store.Reidentify("the desk's token file beside the database was lost"); err != nil {
			return "", err
		}
		return c.joined(ctx, true)
	}
	return "", refused
}

// rejoin joins the server the desk syncs with now under its own secret,
// on the authority of the token file's token: a desk knows one secret,
// and every server it syncs with (the cloud, a hub) learns it by a join.
func (c *Client) rejoin(ctx context.Context, secret string) error {
	dev := c.Store.Device()
	req := protocol.JoinRequest{Version: protocol.ProtocolVersion, Event: c.Store.Event().Identity(), Device: dev.ID, Desk: dev.Desk, Token: secret}
	if err := c.join(ctx, req, c.Token); err != nil {
		return fmt.Errorf("sync: this server does not know the desk yet, and joining it failed: %w", err)
	}
	return nil
}

// refusedError is the cloud's no (a 4xx answer), as opposed to no answer.
type refusedError struct {
	status int
	msg    string
}

func (e *refusedError) Error() string { return e.msg }

func (c *Client) join(ctx context.Context, req protocol.JoinRequest, auth string) error {
	var resp protocol.JoinResponse
	_, _, err := c.call(ctx, http.MethodPost, protocol.PathJoin, auth, req, &resp)
	if err != nil {
		return fmt.Errorf("join the cloud: %w", err)
	}
	return nil
}

// authToken is what a request that is not a join sends: the desk's own
// secret once it has joined, else the token file's.
func (c *Client) authToken() string {
	if tok, ok := c.knownToken(); ok {
		return tok
	}
	if cred, err := loadCredential(c.Store.Path()); err == nil && cred.Joined && cred.Device == c.Store.Device().ID {
		c.known.Store(&cred)
		return cred.Token
	}
	return c.Token
}

// knownToken is the secret this client last saw joined for the store's
// current device (the probe runs every 1.5 s offline: it need not read the
// file each time).
func (c *Client) knownToken() (string, bool) {
	if k := c.known.Load(); k != nil && k.Joined && k.Device == c.Store.Device().ID {
		return k.Token, true
	}
	return "", false
}

// call sends one request (a JSON body gzipped when in is not nil) and
// decodes a JSON answer into out; it returns the bytes sent and received.
func (c *Client) call(ctx context.Context, method, path, token string, in, out any) (sent, recv int64, err error) {
	var body io.Reader
	var buf bytes.Buffer
	if in != nil {
		zw := gzip.NewWriter(&buf)
		if err := json.NewEncoder(zw).Encode(in); err != nil {
			return 0, 0, err
		}
		if err := zw.Close(); err != nil {
			return 0, 0, err
		}
		body = bytes.NewReader(buf.Bytes())
	}
	hreq, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, body)
	if err != nil {
		return 0, 0, err
	}
	if in != nil {
		hreq.Header.Set("Content-Type", "application/json")
		hreq.Header.Set("Content-Encoding", "gzip")
	}
	hreq.Header.Set("Accept-Encoding", "gzip")
	hreq.Header.Set("Authorization", "Bearer "+token)
	if c.Store != nil {
		hreq.Header.Set(protocol.HeaderEvent, c.Store.Event().Identity())
	}
	hresp, err := c.HTTP.Do(hreq)
	if err != nil {
		return int64(buf.Len()), 0, err
	}
	defer hresp.Body.Close()
	raw, err := io.ReadAll(hresp.Body)
	if err != nil {
		return int64(buf.Len()), int64(len(raw)), fmt.Errorf("response: %w", err)
	}
	if hresp.StatusCode >= 300 {
		e := &refusedError{status: hresp.StatusCode, msg: fmt.Sprintf("cloud answered %s: %s", hresp.Status, strings.TrimSpace(string(raw)))}
		if hresp.StatusCode >= 500 {
			return int64(buf.Len()), int64(len(raw)), errors.New(e.msg)
		}
		return int64(buf.Len()), int64(len(raw)), e
	}
	if out == nil {
		return int64(buf.Len()), int64(len(raw)), nil
	}
	var r io.Reader = bytes.NewReader(raw)
	if strings.EqualFold(hresp.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return int64(buf.Len()), int64(len(raw)), fmt.Errorf("response: %w", err)
		}
		r = zr
	}
	if err := json.NewDecoder(r).Decode(out); err != nil {
		return int64(buf.Len()), int64(len(raw)), fmt.Errorf("response: %w", err)
	}
	return int64(buf.Len()), int64(len(raw)), nil
}

// Ping asks the cloud for its time with a short timeout: the cheap probe
// that tells whether the link is up (and, by the event it names, whether
// this is the right cloud).
func (c *Client) Ping(ctx context.Context) (time.Duration, error) {
	if err := CheckURL(c.BaseURL, c.Insecure); err != nil {
		return 0, err
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, c.BaseURL+protocol.PathPing, nil)
	if err != nil {
		return 0, err
	}
	hreq.Header.Set("Authorization", "Bearer "+c.authToken())
	hreq.Header.Set(protocol.HeaderEvent, c.Store.Event().Identity())
	sent := c.now()
	resp, err := c.HTTP.Do(hreq)
	if err != nil {
		return 0, err
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	resp.Body.Close()
	c.heard(resp.Header)
	if resp.StatusCode != http.StatusNoContent {
		return 0, fmt.Errorf("ping: cloud answered %s: %s", resp.Status, strings.TrimSpace(string(b)))
	}
	ms, _ := strconv.ParseInt(resp.Header.Get(protocol.HeaderTime), 10, 64)
	serverNow := time.UnixMilli(ms).Add(c.now().Sub(sent) / 2)
	return serverNow.Sub(c.now()), nil
}

// FetchEvent reads the cloud's event, for a desk that starts from nothing.
func FetchEvent(ctx context.Context, httpc *http.Client, baseURL, token string) (*protocol.EventResponse, error) {
	c := &Client{BaseURL: strings.TrimRight(baseURL, "/"), HTTP: httpc}
	var er protocol.EventResponse
	if _, _, err := c.call(ctx, http.MethodGet, protocol.PathEvent, token, nil, &er); err != nil {
		return nil, fmt.Errorf("fetch event: %w", err)
	}
	if er.Version != protocol.ProtocolVersion {
		return nil, fmt.Errorf("fetch event: cloud speaks protocol %d, this desk %d", er.Version, protocol.ProtocolVersion)
	}
	if err := er.Event.Check(); err != nil {
		return nil, fmt.Errorf("fetch event: %w", err)
	}
	return &er, nil
}

// Join creates a new desk database at path from the cloud's event, with
// its own device identity and desk name, remembers the cloud in it, and
// pulls everything. The file appears complete or not at all; a join cut
// off during the first sync leaves a desk that the next sync continues.
// httpc is the HTTP client to use (nil: the default one New makes).
func Join(ctx context.Context, path string, cloud store.CloudConfig, token, desk string, httpc *http.Client) (*store.Store, Report, error) {
	if err := CheckURL(cloud.URL, cloud.Insecure); err != nil {
		return nil, Report{}, err
	}
	c := New(nil, cloud.URL, token)
	c.Insecure = cloud.Insecure
	if httpc != nil {
		c.HTTP = httpc
	}
	er, err := FetchEvent(ctx, c.HTTP, cloud.URL, token)
	if err != nil {
		return nil, Report{}, explainDeadline(ctx, err)
	}
	s, err := store.Create(path, &er.Event, desk, store.Options{})
	if err != nil {
		return nil, Report{}, err
	}
	if err := s.SetCloud(cloud); err != nil {
		return s, Report{}, err
	}
	c.Store = s
	rep, err := c.Sync(ctx)
	return s, rep, err
}
