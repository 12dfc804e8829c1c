package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient"
	"github.com/racedesk/racedesk/syncclient/cloud"
	"github.com/racedesk/racedesk/syncclient/cloud/pgstore"
)

// The cloud on PostgreSQL (docs/cloud-postgres.md): many events in one
// database, served by one or more 'cloud serve --postgres' processes.
// The `cloud` commands take --postgres DSN (or $RACEDESK_POSTGRES, which
// keeps a password out of the process list) and --event IDENTITY.

// pgTimeout bounds an organizer's command on the database.
const pgTimeout = 2 * time.Minute

func cloudPostgresFlags(cmd *cobra.Command, g *globals) {
	pf := cmd.PersistentFlags()
	pf.StringVar(&g.pgDSN, "postgres", "", "the cloud's PostgreSQL database (a libpq URL or key=value DSN; default $RACEDESK_POSTGRES): the cloud for many events")
	pf.StringVar(&g.pgEvent, "event", "", "the event in the PostgreSQL cloud, by its identity ('racedesk cloud event list'); may be left out when it holds one")
}

// postgres is the DSN of the cloud's database: --postgres, else
// $RACEDESK_POSTGRES when --db is not given ("": the bbolt cloud).
func (g *globals) postgres() string {
	if g.pgDSN != "" {
		return g.pgDSN
	}
	if g.db == "" {
		return os.Getenv("RACEDESK_POSTGRES")
	}
	return ""
}

// openPostgres opens the cloud's database (and migrates it to this
// version's schema).
func openPostgres(ctx context.Context, g *globals) (*pgstore.DB, error) {
	db, err := pgstore.Open(ctx, g.postgres())
	if err != nil {
		return nil, err
	}
	db.Now = g.now
	return db, nil
}

// onDatabase runs fn with the cloud's database open, within timeout.
func onDatabase(g *globals, timeout time.Duration, fn func(ctx context.Context, db *pgstore.DB) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	db, err := openPostgres(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(ctx, db)
}

// onEvent runs fn on the event --event names (or the only one).
func onEvent(g *globals, fn func(ctx context.Context, e *pgstore.Event) error) error {
	return onDatabase(g, pgTimeout, func(ctx context.Context, db *pgstore.DB) error {
		e, err := postgresEvent(ctx, g, db)
		if err != nil {
			return err
		}
		return fn(ctx, e)
	})
}

// postgresEvent is the event --event names, or the database's only one.
func postgresEvent(ctx context.Context, g *globals, db *pgstore.DB) (*pgstore.Event, error) {
	if g.pgEvent != "" {
		return db.Event(ctx, g.pgEvent)
	}
	ev, err := db.Only(ctx)
	if errors.Is(err, cloud.ErrWhichEvent) {
		return nil, usageError{errors.New("this cloud holds several events: name one with --event (see 'racedesk cloud event list')")}
	}
	if err != nil {
		return nil, err
	}
	return ev.(*pgstore.Event), nil
}

// onPostgres is onCloud for the cloud on PostgreSQL: the token
// operations on the event's rows.
func onPostgres(g *globals, op, arg string, result any) error {
	return onEvent(g, func(ctx context.Context, e *pgstore.Event) error {
		v, err := tokenOp(ctx, e, op, arg)
		if err != nil {
			return err
		}
		return remarshal(v, result)
	})
}

func tokenOp(ctx context.Context, e *pgstore.Event, op, arg string) (any, error) {
	switch op {
	case "token-add", "token-add-hub":
		issue := e.IssueToken
		if op == "token-add-hub" {
			issue = e.IssueHubToken
		}
		tok, t, err := issue(ctx, arg)
		return issued{Token: tok, DeskToken: t}, err
	case "token-list":
		return e.Tokens(ctx)
	case "token-revoke":
		return e.RevokeTokens(ctx, arg)
	}
	return nil, fmt.Errorf("unknown operation %q", op)
}

// runCloudServePostgres serves every event of the database until
// interrupted. Several processes may serve one database at once: they
// share nothing but it.
func runCloudServePostgres(g *globals, o *cloudServeOptions) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	octx, cancel := context.WithTimeout(ctx, pgTimeout)
	db, err := openPostgres(octx, g)
	cancel()
	if err != nil {
		return err
	}
	defer db.Close()
	logger := slog.New(slog.NewTextHandler(g.err, nil))
	srv := &cloud.Server{Events: db, Log: logger, Import: importEndpoint, Health: db.Ping}
	logger.Info("serving PostgreSQL cloud")
	return serveHTTP(ctx, g, srv, o, nil)
}

func newCloudEventCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "event",
		Short: "Put events into the cloud on PostgreSQL and list them",
		Example: `  racedesk cloud event add --postgres "$DSN" --config event.toml --token-file enrol.txt
  racedesk cloud event list --postgres "$DSN"`,
		Args: noArgs,
	}
	cmd.AddCommand(newCloudEventAddCmd(g), newCloudEventListCmd(g))
	return cmd
}

func newCloudEventAddCmd(g *globals) *cobra.Command {
	var config, tokenFile, desk string
	cmd := &cobra.Command{
		Use:   "add --config FILE --token-file FILE",
		Short: "Put an event into the cloud on PostgreSQL",
		Long: `Put an event (its TOML file, as for 'racedesk event init') into the cloud on
PostgreSQL. The token file holds the event's enrolment token: desks that
have it join this event, and only this one. Desks sync with
https://CLOUD/e/<identity> (printed), or with the bare address while the
cloud holds only this event. Adding the same event again changes nothing.`,
		Example: `  racedesk cloud event add --postgres "$DSN" --config event.toml --token-file enrol.txt`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if config == "" || tokenFile == "" || g.postgres() == "" {
				return usageError{errors.New("--postgres, --config and --token-file are required")}
			}
			ev, err := readEventFile(g, config)
			if err != nil {
				return err
			}
			tok, err := syncclient.ReadToken(g.path(tokenFile))
			if err != nil {
				return err
			}
			if err := onDatabase(g, pgTimeout, func(ctx context.Context, db *pgstore.DB) error {
				return db.CreateEventAs(ctx, ev, "", desk, tok)
			}); err != nil {
				return err
			}
			fmt.Fprintf(g.out, "%s is in the cloud as event %s\ndesks sync with https://CLOUD%s\n", ev.Describe(), ev.Identity(), cloud.EventURL("", ev.Identity()))
			return nil
		},
	}
	cmd.Flags().StringVar(&config, "config", "", "the event's TOML file")
	cmd.Flags().StringVar(&tokenFile, "token-file", "", "file holding the event's enrolment token")
	cmd.Flags().StringVar(&desk, "cloud-desk", "Cloud", "the desk name the cloud's own changes (online registrations) carry")
	return cmd
}

func newCloudEventListCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the events in the cloud on PostgreSQL",
		Example: `  racedesk cloud event list --postgres "$DSN" --json`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if g.postgres() == "" {
				return usageError{errors.New("--postgres is required")}
			}
			var evs []pgstore.Summary
			if err := onDatabase(g, pgTimeout, func(ctx context.Context, db *pgstore.DB) (err error) {
				evs, err = db.Summaries(ctx)
				return err
			}); err != nil {
				return err
			}
			if asJSON {
				if evs == nil {
					evs = []pgstore.Summary{}
				}
				return printJSON(g.out, evs)
			}
			tw := tabwriter.NewWriter(g.out, 2, 8, 2, ' ', 0)
			fmt.Fprintln(tw, "EVENT\tNAME\tDATE\tCHANGES\tDESK TOKENS")
			for _, e := range evs {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\n", e.Identity, e.Name, e.Date, e.Changes, e.Tokens)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return cmd
}

func newCloudMigrateCmd(g *globals) *cobra.Command {
	var from, tokenFile string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "migrate --from cloud.db --postgres DSN [--token-file FILE]",
		Short: "Move an event from the embedded cloud's file to PostgreSQL",
		Long: `Move the event of a bbolt cloud's file ('racedesk cloud serve --db cloud.db')
into the cloud on PostgreSQL, with nothing lost: the desks' tokens (as
digests), the log with its positions, every mutation ID applied, parked
edits, notices and the clock, under the file's cloud identity — so the
desks keep syncing without joining again, from where they stand. Stop the
embedded cloud first; give its --token-file so the enrolment token moves
too. The move is one transaction; afterwards a copy built from PostgreSQL
alone is compared with the file by counts and a SHA-256 over every
record, timing event, change and mutation ID. Then point the desks' cloud
address (or its DNS name) at 'racedesk cloud serve --postgres'.`,
		Example: `  racedesk cloud migrate --from cloud.db --postgres "$DSN" --token-file token.txt`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if from == "" || g.postgres() == "" {
				return usageError{errors.New("--from and --postgres are required")}
			}
			var tok string
			if tokenFile != "" {
				var err error
				if tok, err = syncclient.ReadToken(g.path(tokenFile)); err != nil {
					return err
				}
			}
			s, err := store.Open(g.path(from), store.Options{Cloud: true, Now: g.now})
			if errors.Is(err, store.ErrInUse) {
				return fmt.Errorf("%s is in use: stop 'racedesk cloud serve' first (%w)", from, err)
			}
			if err != nil {
				return err
			}
			defer s.Close()
			var rep pgstore.MoveReport
			if err := onDatabase(g, 30*time.Minute, func(ctx context.Context, db *pgstore.DB) (err error) {
				rep, err = db.MoveIn(ctx, s, tok)
				return err
			}); err != nil {
				return err
			}
			if asJSON {
				return printJSON(g.out, rep)
			}
			fmt.Fprintf(g.out, "moved %s (cloud device %s): %d participants, %d timing events, %d changes, %d mutation IDs, %d tokens, %d parked edits, %d notices\n",
				rep.Identity, rep.Server, rep.To.Participants, rep.To.Timing, rep.To.Changes, rep.To.Mutations, rep.Tokens, rep.Parked, rep.Notices)
			fmt.Fprintf(g.out, "checked: a copy built from PostgreSQL alone has the file's digest %s\n", rep.To.SHA256)
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the embedded cloud's database file")
	cmd.Flags().StringVar(&tokenFile, "token-file", "", "the enrolment token file 'cloud serve' used")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	return cmd
}

// readEventFile reads and checks an event's TOML file.
func readEventFile(g *globals, path string) (*model.Event, error) {
	f, err := g.openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ev, err := model.ParseEvent(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ev, ev.Check()
}
