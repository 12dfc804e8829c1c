package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient"
)

type syncOptions struct {
	cloud     string
	hub       string
	tokenFile string
	once      bool
	json      bool
	timeout   time.Duration
	insecure  bool
}

// DefaultSyncTimeout bounds one `sync --once`: a satellite window is 10–20
// seconds, and a link that accepts and never answers must not hold the
// database (every other command on the laptop would say "in use").
const DefaultSyncTimeout = 30 * time.Second

func newSyncCmd(g *globals) *cobra.Command {
	o := &syncOptions{}
	cmd := &cobra.Command{
		Use:   "sync [--cloud URL --token-file FILE] [--once]",
		Short: "Sync the event database with the cloud",
		Long: `Push this desk's changes to the cloud and pull what arrived there, in as
few round trips as the data allows. Without a database file it creates one
from the cloud's event (a second laptop joining on the morning of the
event): give it --desk and, if the event file has no pool for that desk,
a bib pool with 'racedesk pool'. The cloud and token file are remembered in
the database. While the desk runs, the command asks the desk to sync.
Without --once it keeps syncing until interrupted. A sync that gets no
answer within --timeout ends with exit status 1 and frees the database;
nothing is lost, the next sync goes on from there. Plain http:// is
refused for any cloud but this computer unless --insecure is given.`,
		Example: `  racedesk sync --db desk2.db --desk "Desk 2" --cloud https://cloud.example.org --token-file token.txt --once
  racedesk sync --once --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSync(g, o)
		},
	}
	cmd.Flags().StringVar(&o.cloud, "cloud", "", "cloud URL (default: the one remembered in the database)")
	cmd.Flags().StringVar(&o.hub, "hub", "", "the island's hub on the venue network (instead of --cloud; plain http:// to a private address is allowed)")
	cmd.Flags().StringVar(&o.tokenFile, "token-file", "", "file holding the bearer token (default: remembered)")
	cmd.Flags().BoolVar(&o.once, "once", false, "sync once and exit")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the report as JSON")
	cmd.Flags().DurationVar(&o.timeout, "timeout", DefaultSyncTimeout, "give up a sync (--once, or the join) that takes longer")
	cmd.Flags().BoolVar(&o.insecure, "insecure", false, "allow plain http:// to another computer (the token crosses the network readable)")
	return cmd
}

func runSync(g *globals, o *syncOptions) error {
	path := g.dbPath()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if o.timeout <= 0 {
		return usageError{errors.New("--timeout must be positive")}
	}
	if o.hub != "" {
		if o.cloud != "" {
			return usageError{errors.New("--hub and --cloud both name the server to sync with: give one")}
		}
		o.cloud, o.insecure = o.hub, o.insecure || onVenueNetwork(o.hub)
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		jctx, cancel := context.WithTimeout(ctx, o.timeout)
		defer cancel()
		return joinCloud(jctx, g, o, path)
	}
	s, err := g.open()
	if errors.Is(err, store.ErrInUse) {
		// The desk has the file: it syncs, with its own client, so two
		// syncs of one desk never run at once.
		var rep syncclient.Report
		if err := store.RequestControl(path, "sync", o.timeout.String(), &rep); err != nil {
			return err
		}
		return printSyncReport(g, o, g.language(""), rep)
	}
	if err != nil {
		return err
	}
	defer s.Close()
	c, err := clientFor(s, o.cloud, o.tokenFile, o.insecure)
	if err != nil {
		return err
	}
	lang := g.language(s.Event().Lang)
	if !o.once {
		c.Run(ctx, syncclient.Loop{Round: o.timeout}, nil, func(st syncclient.Status) {
			fmt.Fprintln(g.out, syncStatusLine(lang, st, g.now()))
		})
		return nil
	}
	sctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	rep, err := c.Sync(sctx)
	if err != nil {
		return err
	}
	return printSyncReport(g, o, lang, rep)
}

// clientFor builds a sync client from flags or the remembered cloud, and
// remembers what the flags gave.
func clientFor(s *store.Store, url, tokenFile string, insecure bool) (*syncclient.Client, error) {
	saved, err := s.Cloud()
	if err != nil {
		return nil, err
	}
	if url == "" {
		url = saved.URL
	}
	if tokenFile == "" {
		tokenFile = saved.TokenFile
	}
	if url == "" || tokenFile == "" {
		return nil, usageError{errors.New("no cloud known for this database: give --cloud and --token-file")}
	}
	insecure = insecure || (saved.Insecure && url == saved.URL)
	if err := syncclient.CheckURL(url, insecure); err != nil {
		return nil, usageError{err}
	}
	token, err := syncclient.ReadToken(tokenFile)
	if err != nil {
		return nil, err
	}
	if abs, err := filepath.Abs(tokenFile); err == nil {
		tokenFile = abs
	}
	if saved.URL != url || saved.TokenFile != tokenFile || saved.Insecure != insecure {
		if err := s.SetCloud(store.CloudConfig{URL: url, TokenFile: tokenFile, Insecure: insecure}); err != nil {
			return nil, err
		}
	}
	c := syncclient.New(s, url, token)
	c.Insecure = insecure
	return c, nil
}

func joinCloud(ctx context.Context, g *globals, o *syncOptions, path string) error {
	if o.cloud == "" || o.tokenFile == "" || g.desk == "" {
		return usageError{fmt.Errorf("%s does not exist; to join the cloud's event give --cloud, --token-file and --desk", path)}
	}
	if err := syncclient.CheckURL(o.cloud, o.insecure); err != nil {
		return usageError{err}
	}
	token, err := syncclient.ReadToken(o.tokenFile)
	if err != nil {
		return err
	}
	tokenFile := o.tokenFile
	if abs, err := filepath.Abs(tokenFile); err == nil {
		tokenFile = abs
	}
	s, rep, err := syncclient.Join(ctx, path, store.CloudConfig{URL: o.cloud, TokenFile: tokenFile, Insecure: o.insecure}, token, g.desk, nil)
	if s == nil {
		return err
	}
	defer s.Close()
	if err != nil {
		return err
	}
	lang := g.language(s.Event().Lang)
	if !o.json {
		fmt.Fprintln(g.out, msg.T(lang, msg.SyncJoined, s.Event().Name, path, s.Device().Desk))
	}
	return printSyncReport(g, o, lang, rep)
}

func printSyncReport(g *globals, o *syncOptions, lang msg.Lang, rep syncclient.Report) error {
	if o.json {
		return printJSON(g.out, map[string]any{
			"pushed": rep.Pushed, "pulled": rep.Pulled, "applied": rep.Applied, "conflicts": rep.Notices,
			"pending": rep.Pending, "round_trips": rep.RoundTrips, "bytes_sent": rep.BytesSent,
			"bytes_received": rep.BytesRecv, "duration_ms": rep.Duration.Milliseconds(),
			"clock_offset_ms": rep.ClockOffset.Milliseconds(), "new_identity": rep.NewIdentity,
		})
	}
	fmt.Fprintln(g.out, msg.T(lang, msg.SyncSummary, rep.Pushed, rep.Pulled, rep.Notices, rep.RoundTrips,
		kb(rep.BytesSent), kb(rep.BytesRecv), rep.Duration.Round(time.Millisecond)))
	if off := rep.ClockOffset; off > 2*time.Second || off < -2*time.Second {
		fmt.Fprintln(g.err, msg.T(lang, msg.SyncClockOff, off.Round(time.Second)))
	}
	return nil
}

func kb(n int64) string {
	if n < 1024 {
		return strconv.FormatInt(n, 10) + " B"
	}
	return fmt.Sprintf("%.1f kB", float64(n)/1024)
}

// syncStatusLine is one line of the foreground sync loop.
func syncStatusLine(lang msg.Lang, st syncclient.Status, now time.Time) string {
	line := now.Format("15:04:05") + " " + syncclient.StatusText(lang, st)
	if st.Err != nil && st.State != syncclient.StateSynced {
		line += " (" + st.Err.Error() + ")"
	}
	return line
}

type poolOptions struct {
	race  string
	bibs  string
	clear bool
}

func newPoolCmd(g *globals) *cobra.Command {
	o := &poolOptions{}
	cmd := &cobra.Command{
		Use:   "pool --race R --bibs FROM-TO[,FROM-TO]",
		Short: "Give this desk its own stack of bibs for a race",
		Long: `Give this desk its own bib pool for a race, overriding the event file's
pools (for a laptop that joined on the day). Automatic bibs of this desk
then come only from these ranges; two desks with two stacks never collide.`,
		Example: `  racedesk pool --db desk3.db --race 10k --bibs 300-349
  racedesk pool --db desk3.db --race 10k --clear`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.race == "" || (o.bibs == "") == !o.clear {
				return usageError{errors.New("give --race and either --bibs or --clear")}
			}
			ranges, err := parseRanges(o.bibs)
			if err != nil {
				return usageError{err}
			}
			s, err := g.open()
			if err != nil {
				return err
			}
			defer g.release(s)
			race, err := raceFilter(s.Event(), o.race)
			if err != nil {
				return reportInputError(g, g.language(s.Event().Lang), err)
			}
			if err := s.SetPool(race, ranges); err != nil {
				return err
			}
			return showEvent(g, s, &eventShowOptions{})
		},
	}
	cmd.Flags().StringVar(&o.race, "race", "", "race ID, name, alias or distance")
	cmd.Flags().StringVar(&o.bibs, "bibs", "", "bib ranges, e.g. 300-349,380-399")
	cmd.Flags().BoolVar(&o.clear, "clear", false, "drop this desk's own pool (back to the event file's)")
	return cmd
}

func parseRanges(s string) ([]model.BibRange, error) {
	if s == "" {
		return nil, nil
	}
	var out []model.BibRange
	for _, part := range strings.Split(s, ",") {
		a, b, ok := strings.Cut(strings.TrimSpace(part), "-")
		from, err1 := strconv.Atoi(strings.TrimSpace(a))
		to, err2 := strconv.Atoi(strings.TrimSpace(b))
		if !ok || err1 != nil || err2 != nil || from < 1 || to < from {
			return nil, fmt.Errorf("--bibs %q: expected ranges like 300-349,380-399", s)
		}
		out = append(out, model.BibRange{From: from, To: to})
	}
	return out, nil
}

// onVenueNetwork reports whether url names a private, link-local or
// loopback address: a hub on the venue Wi-Fi, which has no certificate.
func onVenueNetwork(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && (ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLoopback())
}
