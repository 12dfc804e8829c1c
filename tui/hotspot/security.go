package hotspot

// Protections of an open hotspot, where anyone in Wi-Fi range can send
// anything:
//
//   - Of registrations, three pages: the form, its submission and the
//     submitter's own confirmation. A confirmation is found by an
//     unguessable token (128 random bits) that maps, in memory, to that
//     registration's code, name, race and fee — nothing else — and
//     expires (receipts below). Nothing lists, searches or shows stored
//     registrations.
//   - The live results (live.go) are read-only GETs of what a published
//     results list shows — place, bib, name, club, class, time, DNF/DSQ —
//     made from a snapshot that holds nothing more (no birth date,
//     contact, ID, payment, extra field; no pending, withdrawn or deleted
//     runner, who have no result). They link only among themselves and to
//     the form.
//   - Rate limits per client (its IP address): every request, and
//     registrations separately (limiter below); 429 with a page that says
//     to wait. The results count only against the first (120 a minute: a
//     phone reloading them every 30 s uses 2); the registrations' limits
//     and the global limit (flood.go) never touch them, so a paused form
//     leaves the results open.
//   - Request bodies are capped (16 KiB), only form-encoded bodies are
//     read, text must be UTF-8; the server's timeouts cut off slow
//     clients.
//   - CSRF: a registration is stored only with a form token this server
//     signed (HMAC-SHA256 of a random per-process key, the time and a
//     nonce) and not older than FormTTL, and only when the browser does
//     not say it comes from another site (Sec-Fetch-Site, Origin, Referer
//     — http.CrossOriginProtection plus a Referer check). Phones have no
//     login and no cookies, so there is no session to ride on; the token
//     mainly keeps other web pages from posting registrations through a
//     visitor's browser. A form whose token is missing, expired or from
//     before a restart is shown again with everything typed and a fresh
//     token, and stores nothing. The nonce also makes a double tap on the
//     button one registration, not two.
//   - html/template escapes everything shown; nothing typed is written
//     to a response outside a template.
//   - Headers: a Content-Security-Policy that allows no script, no
//     external resource, no framing, and only the page's own inline
//     stylesheet (by hash); nosniff; X-Frame-Options DENY; no-store
//     caching; Referrer-Policy same-origin. (Not no-referrer: with it, a
//     browser on plain http sends "Origin: null" with the form, and the
//     origin check could not tell the page's own form from a forged one.)

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// secure sets the security headers on every response and applies the
// per-client request limit.
func (s *Server) secure(next http.Handler) http.Handler {
	csp := "default-src 'none'; style-src '" + cssHash + "'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		if ok, wait := s.requests.allow(s.opts.ClientKey(r), s.opts.Now()); !ok {
			s.tooMany(w, r, wait)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// checkOrigin refuses a POST that the browser says comes from another
// site.
func (s *Server) checkOrigin(r *http.Request) error {
	if err := s.origin.Check(r); err != nil {
		return err
	}
	if r.Header.Get("Origin") == "" && r.Header.Get("Sec-Fetch-Site") == "" {
		if ref := r.Header.Get("Referer"); ref != "" {
			u, err := url.Parse(ref)
			if err != nil || u.Host != r.Host {
				return errors.New("cross-origin request (Referer)")
			}
		}
	}
	return nil
}

// formTokens signs and checks the hidden token of a form.
type formTokens struct {
	key []byte
	ttl time.Duration
}

func newFormTokens(ttl time.Duration) *formTokens {
	key := make([]byte, 32)
	rand.Read(key)
	return &formTokens{key: key, ttl: ttl}
}

var b64 = base64.RawURLEncoding

// issue makes a token: base64(time (8 bytes) | nonce (12) | MAC (16)).
func (f *formTokens) issue(now time.Time) string {
	var b [36]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.Unix()))
	rand.Read(b[8:20])
	copy(b[20:], f.mac(b[:20]))
	return b64.EncodeToString(b[:])
}

func (f *formTokens) mac(data []byte) []byte {
	m := hmac.New(sha256.New, f.key)
	m.Write(data)
	return m.Sum(nil)[:16]
}

// check returns the token's nonce when it is this server's and not
// expired.
func (f *formTokens) check(tok string, now time.Time) (nonce string, ok bool) {
	b, err := b64.DecodeString(tok)
	if err != nil || len(b) != 36 || !hmac.Equal(b[20:], f.mac(b[:20])) {
		return "", false
	}
	issued := time.Unix(int64(binary.BigEndian.Uint64(b[:8])), 0)
	if now.Before(issued.Add(-time.Minute)) || now.After(issued.Add(f.ttl)) {
		return "", false
	}
	return b64.EncodeToString(b[8:20]), true
}

// limiter is a token bucket per client key. Its memory is bounded: full
// buckets are forgotten, and past maxClients the map starts over (the
// limit then fails open for a moment rather than growing without end).
type limiter struct {
	mu        sync.Mutex
	rate      float64 // tokens per second
	burst     float64
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

const maxClients = 50000

func newLimiter(r Rate) *limiter {
	return &limiter{rate: r.PerMinute / 60, burst: float64(max(r.Burst, 1)), buckets: map[string]*bucket{}}
}

// allow takes a token for key; when there is none it says how long to
// wait.
func (l *limiter) allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// refund gives back a token taken for a request that did not use it.
func (l *limiter) refund(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b := l.buckets[key]; b != nil {
		b.tokens = min(l.burst, b.tokens+1)
	}
}

func (l *limiter) sweep(now time.Time) {
	if len(l.buckets) < 1024 || now.Sub(l.lastSweep) < time.Minute {
		return
	}
	l.lastSweep = now
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) > maxClients {
		l.buckets = map[string]*bucket{}
	}
}

// receipt is what a confirmation page shows: only the submitter's own
// registration, and only what they need at the desk.
type receipt struct {
	Code     string
	Name     string
	Race     string
	DueCents int
	Known    bool   // probably registered already: go straight to the desk
	QR       string // data: URL of the code's QR (made once: it costs a millisecond)
	QRSize   int
}

// receipts maps confirmation tokens to receipts, and form nonces to the
// token of the registration they made. Entries expire after ttl; beyond
// max the oldest go first.
type receipts struct {
	mu       sync.Mutex
	ttl      time.Duration
	max      int
	byToken  map[string]receipt
	byNonce  map[string]string
	order    []receiptEntry // oldest first
	inflight map[string]chan struct{}
}

type receiptEntry struct {
	token, nonce string
	expires      time.Time
}

func newReceipts(ttl time.Duration, max int) *receipts {
	return &receipts{ttl: ttl, max: max, byToken: map[string]receipt{}, byNonce: map[string]string{}, inflight: map[string]chan struct{}{}}
}

// newToken is 128 random bits, URL-safe.
func newToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return b64.EncodeToString(b)
}

// begin claims a form nonce for one submission. If the nonce already made
// a registration it returns that registration's token. Otherwise it
// returns a release function that the caller must call (after add, or on
// failure); a second submission of the same form waits for the first.
func (rs *receipts) begin(nonce string, now time.Time) (token string, release func()) {
	for {
		rs.mu.Lock()
		rs.expire(now)
		if tok, ok := rs.byNonce[nonce]; ok {
			rs.mu.Unlock()
			return tok, nil
		}
		wait, busy := rs.inflight[nonce]
		if !busy {
			ch := make(chan struct{})
			rs.inflight[nonce] = ch
			rs.mu.Unlock()
			return "", func() {
				rs.mu.Lock()
				delete(rs.inflight, nonce)
				rs.mu.Unlock()
				close(ch)
			}
		}
		rs.mu.Unlock()
		<-wait
	}
}

// add stores a receipt and returns its token.
func (rs *receipts) add(nonce string, r receipt, now time.Time) string {
	tok := newToken()
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.byToken[tok] = r
	rs.byNonce[nonce] = tok
	rs.order = append(rs.order, receiptEntry{token: tok, nonce: nonce, expires: now.Add(rs.ttl)})
	rs.expire(now)
	return tok
}

func (rs *receipts) get(tok string, now time.Time) (receipt, bool) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.expire(now)
	r, ok := rs.byToken[tok]
	return r, ok
}

func (rs *receipts) expire(now time.Time) {
	n := 0
	for n < len(rs.order) && (len(rs.order)-n > rs.max || now.After(rs.order[n].expires)) {
		delete(rs.byToken, rs.order[n].token)
		delete(rs.byNonce, rs.order[n].nonce)
		n++
	}
	if n > 0 {
		rs.order = rs.order[n:]
	}
}

// formBody reads a form-encoded body of at most limit bytes into
// r.PostForm, with every value valid UTF-8. The status says what was
// wrong.
func formBody(w http.ResponseWriter, r *http.Request, limit int64) (int, error) {
	ct := r.Header.Get("Content-Type")
	if mt, _, _ := strings.Cut(ct, ";"); !strings.EqualFold(strings.TrimSpace(mt), "application/x-www-form-urlencoded") {
		return http.StatusUnsupportedMediaType, errors.New("not a form: " + ct)
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseForm(); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return http.StatusRequestEntityTooLarge, err
		}
		return http.StatusBadRequest, err
	}
	for _, vs := range r.PostForm {
		for _, v := range vs {
			if !validText(v) {
				return http.StatusBadRequest, errors.New("form value is not UTF-8 text")
			}
		}
	}
	return 0, nil
}
