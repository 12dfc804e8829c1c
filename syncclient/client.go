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
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/protocol"
)

// Page sizes: how many own changes one request pushes, how many remote
// changes one response may bring. Big pages spend the short window on
// bytes, not on round trips.
const (
	PushPage = 2000
	PullPage = 5000
)

// ErrBusy means a sync of this desk is already running.
var ErrBusy = errors.New("a sync of this desk is already running")

// Client syncs one store with one cloud.
type Client struct {
	Store   *store.Store
	BaseURL string // https://cloud.example.org
	Token   string
	HTTP    *http.Client
	// Now is the clock (tests pin it).
	Now func() time.Time

	mu sync.Mutex // one sync at a time: the TUI loop and a CLI request
}

// New builds a client with a keep-alive HTTP transport: in a window of a
// few seconds the TCP and TLS handshakes must happen once, not per page.
func New(s *store.Store, baseURL, token string) *Client {
	tr := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		MaxIdleConnsPerHost: 2,
		IdleConnTimeout:     90 * time.Second,
		TLSHandshakeTimeout: 10 * time.Second,
		DisableCompression:  true, // gzip is done here, to count real bytes
	}
	return &Client{Store: s, BaseURL: strings.TrimRight(baseURL, "/"), Token: token,
		HTTP: &http.Client{Transport: tr}}
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
	Duration    time.Duration `json:"duration_ns"`
	ClockOffset time.Duration `json:"clock_offset_ns"`
	NewIdentity bool          `json:"new_identity,omitempty"`
}

// testHookAfterResponse runs between receiving a response and committing
// it (tests kill the process there).
var testHookAfterResponse func()

// Sync runs rounds until nothing is left to push and no page is waiting.
// Each round commits the acknowledgement, the pulled changes and the new
// cursor in one transaction; a cut link leaves the store as after the
// last completed round.
func (c *Client) Sync(ctx context.Context) (rep Report, err error) {
	if !c.mu.TryLock() {
		return Report{}, ErrBusy
	}
	defer c.mu.Unlock()
	start := c.now()
	defer func() { rep.Duration = c.now().Sub(start) }()
	reidentified := false
	for {
		outbox, err := c.Store.Outbox(PushPage)
		if err != nil {
			return rep, err
		}
		state, err := c.Store.SyncState()
		if err != nil {
			return rep, err
		}
		dev := c.Store.Device()
		req := protocol.Request{Version: protocol.ProtocolVersion, Device: dev.ID, Desk: dev.Desk, Cursor: state.Cursor, Push: outbox, Limit: PullPage}
		sent := c.now()
		resp, err := c.round(ctx, req, &rep)
		if err != nil {
			return rep, err
		}
		if testHookAfterResponse != nil {
			testHookAfterResponse()
		}
		// The cloud's clock now: its stamp plus half the round trip.
		serverNow := time.UnixMilli(resp.ServerTime).Add(c.now().Sub(sent) / 2)
		res, err := c.Store.ApplySync(resp.Ack, resp.Changes, resp.Cursor, serverNow)
		if err != nil {
			return rep, fmt.Errorf("commit sync round: %w", err)
		}
		if res.Reidentify {
			if reidentified {
				return rep, errors.New("the cloud still reports reused change IDs after a new identity")
			}
			if err := c.Store.Reidentify(); err != nil {
				return rep, err
			}
			reidentified, rep.NewIdentity = true, true
			continue
		}
		rep.ClockOffset = serverNow.Sub(c.now())
		rep.Pushed += res.Acked
		rep.Pulled += len(resp.Changes)
		rep.Applied += res.Applied
		rep.Notices += res.Notices
		allPushed := len(outbox) < PushPage && (len(outbox) == 0 || resp.Ack.Upto >= outbox[len(outbox)-1].DevSeq)
		if !resp.More && allPushed {
			break
		}
		if !resp.More && res.Acked == 0 {
			return rep, fmt.Errorf("the cloud accepted none of %d pending changes (up to %d)", len(outbox), resp.Ack.Upto)
		}
	}
	state, err := c.Store.SyncState()
	if err == nil {
		rep.Pending = state.Pending
	}
	return rep, err
}

// round sends one request and reads its response.
func (c *Client) round(ctx context.Context, req protocol.Request, rep *Report) (*protocol.Response, error) {
	var body bytes.Buffer
	zw := gzip.NewWriter(&body)
	if err := json.NewEncoder(zw).Encode(req); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, c.BaseURL+protocol.PathSync, bytes.NewReader(body.Bytes()))
	if err != nil {
		return nil, err
	}
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("Content-Encoding", "gzip")
	hreq.Header.Set("Accept-Encoding", "gzip")
	hreq.Header.Set("Authorization", "Bearer "+c.Token)
	rep.RoundTrips++
	rep.BytesSent += int64(body.Len())
	hresp, err := c.HTTP.Do(hreq)
	if err != nil {
		return nil, fmt.Errorf("sync: %w", err)
	}
	defer hresp.Body.Close()
	raw, err := io.ReadAll(hresp.Body)
	rep.BytesRecv += int64(len(raw))
	if err != nil {
		return nil, fmt.Errorf("sync response: %w", err)
	}
	if hresp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("sync: cloud answered %s: %s", hresp.Status, strings.TrimSpace(string(raw)))
	}
	var r io.Reader = bytes.NewReader(raw)
	if strings.EqualFold(hresp.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("sync response: %w", err)
		}
		r = zr
	}
	var resp protocol.Response
	if err := json.NewDecoder(r).Decode(&resp); err != nil {
		return nil, fmt.Errorf("sync response: %w", err)
	}
	if resp.Version != protocol.ProtocolVersion {
		return nil, fmt.Errorf("sync: cloud speaks protocol %d, this desk %d", resp.Version, protocol.ProtocolVersion)
	}
	return &resp, nil
}

// Ping asks the cloud for its time with a short timeout: the cheap probe
// that tells whether the link is up.
func (c *Client) Ping(ctx context.Context) (time.Duration, error) {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, c.BaseURL+protocol.PathPing, nil)
	if err != nil {
		return 0, err
	}
	hreq.Header.Set("Authorization", "Bearer "+c.Token)
	sent := c.now()
	resp, err := c.HTTP.Do(hreq)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return 0, fmt.Errorf("ping: cloud answered %s", resp.Status)
	}
	ms, _ := strconv.ParseInt(resp.Header.Get(protocol.HeaderTime), 10, 64)
	serverNow := time.UnixMilli(ms).Add(c.now().Sub(sent) / 2)
	return serverNow.Sub(c.now()), nil
}

// FetchEvent reads the cloud's event, for a desk that starts from nothing.
func FetchEvent(ctx context.Context, httpc *http.Client, baseURL, token string) (*protocol.EventResponse, error) {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(baseURL, "/")+protocol.PathEvent, nil)
	if err != nil {
		return nil, err
	}
	hreq.Header.Set("Authorization", "Bearer "+token)
	resp, err := httpc.Do(hreq)
	if err != nil {
		return nil, fmt.Errorf("fetch event: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		return nil, fmt.Errorf("fetch event: cloud answered %s: %s", resp.Status, strings.TrimSpace(string(b)))
	}
	var er protocol.EventResponse
	if err := json.NewDecoder(resp.Body).Decode(&er); err != nil {
		return nil, fmt.Errorf("fetch event: %w", err)
	}
	return &er, nil
}

// Join creates a new desk database at path from the cloud's event, with
// its own device identity and desk name, and pulls everything.
func Join(ctx context.Context, path, baseURL, token, desk string) (*store.Store, Report, error) {
	c := New(nil, baseURL, token)
	er, err := FetchEvent(ctx, c.HTTP, baseURL, token)
	if err != nil {
		return nil, Report{}, err
	}
	s, err := store.Create(path, &er.Event, desk, store.Options{})
	if err != nil {
		return nil, Report{}, err
	}
	c.Store = s
	rep, err := c.Sync(ctx)
	return s, rep, err
}
