// Package hotspot serves the desk's self-registration form to runners'
// phones over the event's local Wi-Fi hotspot: plain server-rendered HTML
// without JavaScript, in German with an English switch. A submitted form
// goes through the same validation as every other entry path
// (Store.RegisterPending) and becomes a pending registration that the
// volunteer confirms at the desk; the phone shows a short code and its QR.
//
// Beside the form it serves the live results, read-only (live.go): what a
// results list shows, per race overall, by gender and by age class, and
// one runner's result at the address of the QR code on their label.
//
// Of registrations the server exposes only the submitter's own
// confirmation page: no lists, no search, nothing about anyone else. The
// admin side stays in the desk's TUI. See security.go for the protections
// of an open hotspot.
package hotspot

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// Store is what the hotspot needs of the event database; *store.Store has
// it. The desk and the hotspot share one store, since one process owns the
// file.
type Store interface {
	Event() *model.Event
	// RegisterPendingUpTo stores a pending registration unless maxPending
	// are waiting already (store.ErrTooManyPending); maxPending ≤ 0: no cap.
	RegisterPendingUpTo(in model.ParticipantInput, maxPending int) (model.Participant, error)
	// Similar finds the runners an entry probably is (the desk's matcher):
	// a runner registered online who registers again on the phone is told
	// to go straight to the desk — and told nothing about anyone else.
	Similar(p model.Person, excludeID string) ([]model.Match, error)
	// Results computes every race's results (the live results). The
	// server calls it again only after the store changed, when the store
	// can say so (Watch, as *store.Store does); else once the last results
	// are 2 seconds old.
	Results() (map[string]*model.RaceResults, error)
}

// Rate is a token bucket: PerMinute requests a minute on average, up to
// Burst at once.
type Rate struct {
	PerMinute float64
	Burst     int
}

// Options tune the server. The zero value serves the event's language
// with the limits below.
type Options struct {
	// Lang is the pages' language when the phone asks for none
	// (?lang=, Accept-Language); default the event's, else German.
	Lang msg.Lang
	// Submissions limits registrations per client (default 10 a minute,
	// burst 5). A submission the validation sends back is not counted.
	Submissions Rate
	// Requests limits every request per client (default 120 a minute,
	// burst 60).
	Requests Rate
	// Global limits the registrations of all clients together (default
	// 30 a minute, 300 waiting to be confirmed): see flood.go.
	Global Limit
	// OnAlarm is called when the global limit's alarm is raised, changes
	// reason, or clears (Active false), from a request's goroutine or a
	// timer's; it must not block. AlarmChanged signals the same.
	OnAlarm func(Alarm)
	// AlarmQuiet is how long the form must refuse nobody before the alarm
	// clears (default a minute).
	AlarmQuiet time.Duration
	// MaxBody is the largest request body accepted (default 16 KiB).
	MaxBody int64
	// ClientKey names the client a request comes from, for the rate
	// limits. Default: its IP address — on the hotspot each phone has its
	// own. Set it when a proxy stands in between.
	ClientKey func(r *http.Request) string
	// ReceiptTTL is how long a confirmation page can be opened again
	// (default 2 h); MaxReceipts bounds how many are kept (default
	// 10,000; the oldest go first).
	ReceiptTTL  time.Duration
	MaxReceipts int
	// FormTTL is how long a form may stay open before it must be sent
	// again (default 2 h); the values typed are kept.
	FormTTL time.Duration
	// Now is the clock (tests pin it). Default time.Now.
	Now func() time.Time
	// Log receives one line per registration and per refused request,
	// without personal data. Default: discarded.
	Log *slog.Logger
	// OnRegistered is called after a registration is on disk, from the
	// request's goroutine; it must not block.
	OnRegistered func(p model.Participant)
}

func (o *Options) defaults() {
	if o.Submissions.PerMinute <= 0 {
		o.Submissions = Rate{PerMinute: 10, Burst: 5}
	}
	if o.Requests.PerMinute <= 0 {
		o.Requests = Rate{PerMinute: 120, Burst: 60}
	}
	o.Global.defaults()
	if o.AlarmQuiet <= 0 {
		o.AlarmQuiet = time.Minute
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 16 << 10
	}
	if o.ClientKey == nil {
		o.ClientKey = RemoteIP
	}
	if o.ReceiptTTL <= 0 {
		o.ReceiptTTL = 2 * time.Hour
	}
	if o.MaxReceipts <= 0 {
		o.MaxReceipts = 10000
	}
	if o.FormTTL <= 0 {
		o.FormTTL = 2 * time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
}

// RemoteIP is the client's IP address (the default client key).
func RemoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Server is the hotspot's web form. Make it with New; it is safe for
// concurrent use.
type Server struct {
	store     Store
	opts      Options
	forms     *formTokens
	submits   *limiter
	requests  *limiter
	window    *window // nil: no limit a minute
	alarm     *alarm
	receipts  *receipts
	live      *liveCache
	pageCache pageCache
	origin    *http.CrossOriginProtection
	pages     map[msg.Lang]*texts
	handler   http.Handler
	stats     struct{ registered, invalid, limited, refused, paused atomic.Int64 }
}

// Stats counts what the server did since it started.
type Stats struct {
	Registered int64 // pending registrations stored
	Invalid    int64 // submissions sent back with validation errors
	Limited    int64 // requests refused by a rate limit
	Refused    int64 // malformed, oversize or cross-site requests
	Paused     int64 // registrations refused by the global limit
	Results    int64 // times the live results were computed
}

// New makes the hotspot server for the event in st.
func New(st Store, opts Options) *Server {
	opts.defaults()
	s := &Server{
		store:    st,
		opts:     opts,
		forms:    newFormTokens(opts.FormTTL),
		submits:  newLimiter(opts.Submissions),
		requests: newLimiter(opts.Requests),
		alarm:    newAlarm(opts.AlarmQuiet, opts.OnAlarm),
		receipts: newReceipts(opts.ReceiptTTL, opts.MaxReceipts),
		live:     newLiveCache(st, opts.Now),
		origin:   http.NewCrossOriginProtection(),
		pages:    map[msg.Lang]*texts{msg.DE: newTexts(msg.DE), msg.EN: newTexts(msg.EN)},
	}
	if opts.Global.PerMinute > 0 {
		s.window = &window{limit: opts.Global.PerMinute}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.serveForm)
	mux.HandleFunc("POST /register", s.serveRegister)
	mux.HandleFunc("GET /done/{token}", s.serveDone)
	mux.HandleFunc("GET /results", s.serveLive(s.resultsIndex))
	mux.HandleFunc("GET /results/{$}", s.serveLive(s.resultsIndex))
	mux.HandleFunc("GET /results/{race}", s.serveLive(s.raceResults(viewOverall)))
	mux.HandleFunc("GET /results/{race}/gender", s.serveLive(s.raceResults(viewGender)))
	mux.HandleFunc("GET /results/{race}/class", s.serveLive(s.raceResults(viewClass)))
	mux.HandleFunc("GET /r/{race}/{bib}", s.serveLive(s.runnerResult))
	mux.HandleFunc("/", s.serveNotFound)
	s.handler = s.secure(mux)
	return s
}

// Handler serves the form: GET /, POST /register, GET /done/{token}; and
// the live results: GET /results, /results/{race}[/gender|/class],
// /r/{race}/{bib} (live.go). Everything else is 404.
func (s *Server) Handler() http.Handler { return s.handler }

// Stats reports the counters.
func (s *Server) Stats() Stats {
	return Stats{
		Registered: s.stats.registered.Load(), Invalid: s.stats.invalid.Load(),
		Limited: s.stats.limited.Load(), Refused: s.stats.refused.Load(), Paused: s.stats.paused.Load(),
		Results: s.live.computed.Load(),
	}
}

// Limit is the global limit in force (defaults filled in; negative: none).
func (s *Server) Limit() Limit { return s.opts.Global }

// Alarm is the global limit's alarm now.
func (s *Server) Alarm() Alarm { return s.alarm.get() }

// AlarmChanged signals (without blocking the server) that the alarm
// changed: read Alarm then. It holds one signal, for one reader — the
// desk's screen.
func (s *Server) AlarmChanged() <-chan struct{} { return s.alarm.changed }

// ListenAndServe listens on addr (":8080") and serves until ctx ends,
// then shuts down gracefully: it returns (nil) once the requests under
// way have finished, so the caller may close the store then.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx ends (see ListenAndServe). Listen first to
// learn the address (port 0) and show it with URLs.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := s.HTTPServer()
	served, shutDown := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(shutDown)
		select {
		case <-ctx.Done():
			// Requests under way finish (up to 5 s), so nothing is
			// written after Serve returned and the store may be closed.
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if srv.Shutdown(sctx) != nil {
				srv.Close()
			}
		case <-served:
		}
	}()
	err := srv.Serve(ln)
	close(served)
	<-shutDown
	s.alarm.stop()
	s.live.stop()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// HTTPServer is an http.Server for Handler with the timeouts a weak,
// open network needs: slow or stalled clients are cut off, nobody holds
// a connection forever.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       20 * time.Second,
		WriteTimeout:      20 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    8 << 10,
		ErrorLog:          slog.NewLogLogger(s.opts.Log.Handler(), slog.LevelWarn),
	}
}
