package syncclient

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/protocol"
)

// A streamed response is committed in batches: every CommitEvery changes
// or CommitAfter after a batch's first change, whichever comes first (and
// at the end, or when the link breaks). A batch is one bbolt transaction.
// CommitAfter is real time, not the client's (pinnable) clock: it only
// paces the commits.
const (
	CommitEvery = 1000
	CommitAfter = 500 * time.Millisecond
)

// roundResult is what one round did, for the loop in Sync.
type roundResult struct {
	upto       uint64 // the cloud's ack: last own sequence it holds
	acked      int    // own changes that left the outbox
	more       bool   // the cloud stopped at its limit: more changes wait
	reidentify string // why this file must take a new identity ("": it need not)
	rewound    bool   // the server held fewer own changes than were acknowledged: push again
	pulledBack int    // own changes held for their stamps and restamped: push again
	// switchTo: the server serves another log than the cursor counts in
	// (the desk moved between hub and cloud); nothing of the response was
	// applied.
	switchTo string
}

// stalled is a response that stopped delivering bytes for AnswerTimeout:
// the link dropped without a reset.
type stalled struct{}

func (stalled) Error() string   { return "no bytes from the cloud for " + AnswerTimeout.String() }
func (stalled) Timeout() bool   { return true }
func (stalled) Temporary() bool { return true }

// round sends one sync request and commits its response as it streams in.
func (c *Client) round(ctx context.Context, req *protocol.SyncRequest, server, token string, rep *Report) (roundResult, error) {
	var res roundResult
	var body bytes.Buffer
	zw := gzip.NewWriter(&body)
	if err := protocol.EncodeRequest(zw, req); err != nil {
		return res, err
	}
	if err := zw.Close(); err != nil {
		return res, err
	}
	// A response that stops delivering bytes is given up after
	// AnswerTimeout (what arrived complete is kept).
	rctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	idle := time.AfterFunc(AnswerTimeout, func() { cancel(stalled{}) })
	defer idle.Stop()
	hreq, err := http.NewRequestWithContext(rctx, http.MethodPost, c.BaseURL+protocol.PathSync, &body)
	if err != nil {
		return res, err
	}
	syncHeaders(hreq.Header, token, req.Event, c.now())
	rep.RoundTrips++
	rep.BytesSent += int64(body.Len())
	sent := c.now()
	hresp, err := c.HTTP.Do(hreq)
	if err != nil {
		return res, fmt.Errorf("sync: %w", causeOf(rctx, err))
	}
	defer hresp.Body.Close()
	c.heard(hresp.Header)
	in := &countingReader{r: hresp.Body, n: &rep.BytesRecv, idle: idle}
	if hresp.StatusCode >= 300 {
		raw, _ := io.ReadAll(io.LimitReader(in, 64<<10))
		msg := fmt.Sprintf("sync: cloud answered %s: %s", hresp.Status, strings.TrimSpace(string(raw)))
		if hresp.StatusCode >= 500 {
			return res, errors.New(msg)
		}
		return res, &refusedError{status: hresp.StatusCode, msg: msg}
	}
	switch srv := hresp.Header.Get(protocol.HeaderServer); {
	case srv == "" || srv == server:
	case server == "":
		if err := c.Store.AdoptServer(srv); err != nil {
			return res, err
		}
	default:
		res.switchTo = srv // this answer counts from another log's position
		return res, nil
	}
	var r io.Reader = in
	if strings.EqualFold(hresp.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(in)
		if err != nil {
			return res, fmt.Errorf("sync: response: %w", causeOf(rctx, err))
		}
		r = zr
	}
	dec := protocol.NewDecoder(r)
	head, err := dec.ResponseHead()
	if err != nil {
		return res, fmt.Errorf("sync: response: %w", causeOf(rctx, err))
	}
	// The cloud's clock when the answer arrived: its stamp plus half the
	// round trip (measured before applying anything, which may take a
	// while on a slow disk).
	arrived := c.now()
	offset := time.UnixMilli(head.ServerTime).Add(arrived.Sub(sent) / 2).Sub(arrived)
	res.upto = head.Ack.Upto
	p := puller{c: c, ack: head.Ack, relayed: head.Relayed, offset: offset, cursor: head.After, rep: rep, res: &res}
	for {
		rec, err := dec.Next()
		if err != nil {
			// The link broke (or the message is bad): keep every complete
			// change that arrived, with the cursor after it.
			if cerr := p.commit(); cerr != nil {
				return res, cerr
			}
			if res.reidentify != "" {
				return res, nil
			}
			return res, fmt.Errorf("sync: response broke off after %d changes (they are kept; the next sync goes on from there): %w", p.received, causeOf(rctx, err))
		}
		p.cursor = rec.Cursor
		if rec.End {
			res.more = rec.More
			return res, p.commit()
		}
		if rec.Change == nil {
			continue // a position: committed with the next batch
		}
		if len(p.batch) == 0 {
			p.started = time.Now()
		}
		p.batch = append(p.batch, *rec.Change)
		p.received++
		if len(p.batch) >= CommitEvery || time.Since(p.started) >= CommitAfter {
			if err := p.commit(); err != nil || res.reidentify != "" {
				return res, err
			}
		}
	}
}

// puller commits a streamed response in batches.
type puller struct {
	c         *Client
	ack       store.Ack
	relayed   map[string]store.Ack // a hub's: the acks of the changes it relayed
	acked     bool                 // the ack is committed (with the first batch)
	offset    time.Duration
	batch     []store.Change
	started   time.Time
	cursor    uint64 // after the last record received
	committed uint64
	received  int
	rep       *Report
	res       *roundResult
}

// commit applies the batch and moves the cursor; the first commit also
// applies the acknowledgement (even with no changes).
func (p *puller) commit() error {
	if p.acked && len(p.batch) == 0 && p.cursor == p.committed {
		return nil
	}
	var res store.PullResult
	var err error
	if !p.acked {
		if testHookAfterResponse != nil {
			testHookAfterResponse()
		}
		res, err = p.c.Store.ApplySync(p.ack, p.batch, p.cursor, &p.offset)
	} else {
		res, err = p.c.Store.ApplyPulled(p.batch, p.cursor, &p.offset)
	}
	if err != nil {
		return fmt.Errorf("commit sync round: %w", err)
	}
	if res.Reidentify {
		p.res.reidentify = res.Why
		return nil
	}
	if !p.acked {
		p.acked = true
		p.res.acked, p.res.rewound, p.res.pulledBack = res.Acked, res.Rewound, res.PulledBack
		p.rep.Pushed += res.Acked
		// In a transaction of its own: should the hub stop before it,
		// the relayed changes go up again and the cloud knows them.
		if err := p.c.Store.ApplyRelayAcks(p.relayed); err != nil {
			return fmt.Errorf("commit relayed acknowledgements: %w", err)
		}
	}
	p.rep.ClockOffset = p.offset
	p.rep.Pulled += len(p.batch)
	p.rep.Applied += res.Applied
	p.rep.Notices += res.Notices
	p.committed = p.cursor
	p.batch = p.batch[:0]
	return nil
}

// causeOf names why a request's context ended, if it did: a stall or
// the sync's deadline, rather than "context canceled".
func causeOf(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause != nil && !errors.Is(err, cause) {
		return fmt.Errorf("%w (%w)", cause, err)
	}
	return err
}

// countingReader counts the bytes received and keeps the stall timer
// from firing while bytes arrive.
type countingReader struct {
	r    io.Reader
	n    *int64
	idle *time.Timer
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	if n > 0 {
		c.idle.Reset(AnswerTimeout)
	}
	return n, err
}

// syncHeaders are a sync request's: its gzip body, the desk's token, the
// event it names, and this laptop's clock (the hub shows how far off it
// is).
func syncHeaders(h http.Header, token, event string, now time.Time) {
	h.Set("Content-Type", protocol.ContentType)
	h.Set("Content-Encoding", "gzip")
	h.Set("Accept-Encoding", "gzip")
	h.Set("Authorization", "Bearer "+token)
	h.Set(protocol.HeaderEvent, event)
	h.Set(protocol.HeaderTime, strconv.FormatInt(now.UnixMilli(), 10))
}
