package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/hotspot"
	"github.com/racedesk/racedesk/tui/phones"
)

type hotspotOptions struct {
	listen string
	sign   string
	limit  formLimitFlags
}

// formLimitFlags override the event file's [hotspot] limits: 0 keeps the
// file's (else the default), a negative number lifts the limit.
type formLimitFlags struct{ perMinute, maxPending int }

func (f *formLimitFlags) add(cmd *cobra.Command) {
	cmd.Flags().IntVar(&f.perMinute, "form-per-minute", 0, "phone form: registrations a minute from all phones together (default: the event file's [hotspot] per_minute, else 30)")
	cmd.Flags().IntVar(&f.maxPending, "form-max-pending", 0, "phone form: registrations waiting to be confirmed before the form pauses (default: the event file's [hotspot] max_pending, else 300)")
}

// limit is the form's global limit: the flags, else the event file's,
// else the defaults (0).
func (f formLimitFlags) limit(ev *model.Event) hotspot.Limit {
	var l hotspot.Limit
	if ev.Hotspot != nil {
		l = hotspot.Limit{PerMinute: ev.Hotspot.PerMinute, MaxPending: ev.Hotspot.MaxPending}
	}
	if f.perMinute != 0 {
		l.PerMinute = f.perMinute
	}
	if f.maxPending != 0 {
		l.MaxPending = f.maxPending
	}
	return l
}

// alarmText is the alarm as one line (status line, terminal).
func alarmText(lang msg.Lang, a hotspot.Alarm) string {
	if !a.Active {
		return msg.T(lang, msg.FloodOpenAgain)
	}
	return phones.AlarmText(lang, a)
}

func newHotspotCmd(g *globals) *cobra.Command {
	o := &hotspotOptions{}
	cmd := &cobra.Command{
		Use:   "hotspot --listen ADDR",
		Short: "Serve the self-registration form to phones on the hotspot, without the desk",
		Long: `Serve the registration form that runners fill in on their phones over the
event's Wi-Fi hotspot, without opening the desk. Each form sent becomes a
pending registration with a short code; the desk confirms it, takes the
money and gives the bib. Normally the desk serves the form itself; use
this command when the desk is not open, e.g. on a second laptop holding its
own copy of the event.

It prints the addresses phones open and a QR code of the first, and serves
until interrupted. The database is open in one racedesk process at a time:
while the desk holds it, this command stops with "in use". While it
serves, 'racedesk backup' still works.`,
		Example: `  racedesk hotspot --db waldlauf.db --listen :8080
  racedesk hotspot --listen 10.42.0.1:8080 --sign schild-qr.png`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.listen == "" {
				return usageError{errors.New("--listen is required (e.g. :8080)")}
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runHotspot(ctx, g, o)
		},
	}
	cmd.Flags().StringVar(&o.listen, "listen", ":8080", "address to serve the form on (all interfaces by default)")
	cmd.Flags().StringVar(&o.sign, "sign", "", "also write the QR code of the form's address to this PNG file, for the sign")
	o.limit.add(cmd)
	return cmd
}

// runHotspot serves the form until ctx ends. The first line on stdout is
// "listening on ADDR", for scripts and tests that listen on port 0.
func runHotspot(ctx context.Context, g *globals, o *hotspotOptions) error {
	s, err := g.open()
	if err != nil {
		return err
	}
	defer s.Close()
	ctl := commandControl(s)               // racedesk register, checkin, … meanwhile
	for op, h := range pendingControl(s) { // racedesk pending purge
		ctl[op] = h
	}
	// Without the control channel the server still serves; commands
	// beside it wait until it stops. It says so, never stops.
	if stopCtl, err := store.ServeControl(s, ctl); err != nil {
		fmt.Fprintf(g.err, "racedesk: %s\n", msg.T(g.language(s.Event().Lang), msg.ControlUnavailable, err))
	} else {
		defer stopCtl()
	}
	return serveForm(ctx, g, s, o, "listening on")
}

// serveForm serves the form for s until ctx ends; its first line on
// stdout is said ADDR ("listening on" alone, "phones: listening on" beside
// a hub).
func serveForm(ctx context.Context, g *globals, s *store.Store, o *hotspotOptions, said string) error {
	ev := s.Event()
	lang := g.language(ev.Lang)
	var outMu sync.Mutex // registrations are reported from the requests' goroutines
	logger := slog.New(slog.NewTextHandler(g.err, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv := hotspot.New(s, hotspot.Options{
		Log:    logger,
		Global: o.limit.limit(ev),
		OnAlarm: func(a hotspot.Alarm) {
			outMu.Lock()
			defer outMu.Unlock()
			fmt.Fprintln(g.out, alarmText(lang, a))
		},
		OnRegistered: func(p model.Participant) {
			race := p.Race
			if r, ok := ev.Race(p.Race); ok {
				race = r.Name
			}
			outMu.Lock()
			defer outMu.Unlock()
			fmt.Fprintln(g.out, msg.T(lang, msg.HsRegisteredAt, p.Code, p.FullName(), race))
		},
	})
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	fmt.Fprintf(g.out, "%s %s\n", said, ln.Addr())
	urls := hotspot.URLs(ln.Addr().String())
	fmt.Fprintln(g.out, msg.T(lang, msg.HsServing, ev.Name))
	for _, u := range urls {
		fmt.Fprintln(g.out, "  "+u)
	}
	fmt.Fprintln(g.out, msg.T(lang, msg.LiveResultsAt, strings.TrimSuffix(urls[0], "/")+"/results"))
	if o.sign != "" {
		png, err := hotspot.QRPNG(urls[0], 12)
		if err == nil {
			err = os.WriteFile(o.sign, png, 0o644)
		}
		if err != nil {
			ln.Close()
			return fmt.Errorf("sign: %w", err)
		}
		fmt.Fprintln(g.out, msg.T(lang, msg.HsSignWritten, o.sign, urls[0]))
	}
	if qr, err := hotspot.TerminalQR(urls[0]); err == nil {
		fmt.Fprintln(g.out, msg.T(lang, msg.HsOpenOnPhone))
		fmt.Fprint(g.out, qr)
	}
	fmt.Fprintln(g.out, msg.T(lang, msg.HsStopHint))
	return srv.Serve(ctx, ln) // registrations are reported only from here on
}
