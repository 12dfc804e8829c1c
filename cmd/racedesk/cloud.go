package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient"
	"github.com/racedesk/racedesk/syncclient/cloud"
)

func newCloudCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cloud",
		Short: "Run the reference cloud registration service",
		Example: `  racedesk event init --config event.toml --db cloud.db --desk cloud
  racedesk cloud serve --db cloud.db --listen 127.0.0.1:8080 --token-file token.txt`,
		Args: noArgs,
	}
	cmd.AddCommand(newCloudServeCmd(g), newCloudTokenCmd(g), newCloudEventCmd(g), newCloudImportCmd(g), newCloudMigrateCmd(g))
	cloudPostgresFlags(cmd, g)
	return cmd
}

type cloudServeOptions struct {
	listen    string
	tokenFile string
	tlsCert   string
	tlsKey    string
}

func newCloudServeCmd(g *globals) *cobra.Command {
	o := &cloudServeOptions{}
	cmd := &cobra.Command{
		Use:   "serve --listen ADDR --token-file FILE",
		Short: "Serve the sync protocol for an event database",
		Long: `Serve the sync protocol (docs/sync-protocol.md) for an event database in
the same format as a desk's: create it with 'racedesk event init', seed it
from the online registrations with 'racedesk import', then serve it.

The token file holds the event's enrolment token: a desk that has it joins
once, with a secret of its own that the cloud binds to that desk, and then
syncs as itself only. Instead of handing out the enrolment token, you can
give each desk its own token with 'racedesk cloud token add'. While it
serves, 'racedesk backup' and 'racedesk cloud token' still work (they ask
the server). Logs go to stderr as structured lines without personal data.`,
		Example: `  racedesk cloud serve --db cloud.db --listen 127.0.0.1:8080 --token-file token.txt
  racedesk cloud serve --db cloud.db --listen :443 --token-file token.txt --tls-cert cert.pem --tls-key key.pem`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if g.postgres() != "" {
				if err := o.checkTLS(); err != nil {
					return err
				}
				return runCloudServePostgres(g, o)
			}
			if err := o.check(); err != nil {
				return err
			}
			return runCloudServe(g, o)
		},
	}
	o.flags(cmd, "127.0.0.1:8080", "file holding the bearer token desks must send")
	return cmd
}

// flags are the options of a server of the sync protocol (cloud, hub).
func (o *cloudServeOptions) flags(cmd *cobra.Command, listen, tokenHelp string) {
	cmd.Flags().StringVar(&o.listen, "listen", listen, "address to listen on")
	cmd.Flags().StringVar(&o.tokenFile, "token-file", "", tokenHelp)
	cmd.Flags().StringVar(&o.tlsCert, "tls-cert", "", "TLS certificate (PEM)")
	cmd.Flags().StringVar(&o.tlsKey, "tls-key", "", "TLS key (PEM)")
}

func (o *cloudServeOptions) check() error {
	if o.tokenFile == "" || o.listen == "" {
		return usageError{errors.New("--listen and --token-file are required")}
	}
	return o.checkTLS()
}

func (o *cloudServeOptions) checkTLS() error {
	if o.listen == "" {
		return usageError{errors.New("--listen is required")}
	}
	if (o.tlsCert == "") != (o.tlsKey == "") {
		return usageError{errors.New("--tls-cert and --tls-key go together")}
	}
	return nil
}

func runCloudServe(g *globals, o *cloudServeOptions) error {
	token, err := syncclient.ReadToken(o.tokenFile)
	if err != nil {
		return err
	}
	s, err := store.Open(g.dbPath(), store.Options{Cloud: true, Now: g.now})
	if err != nil {
		return err
	}
	defer s.Close()
	logger := slog.New(slog.NewTextHandler(g.err, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Commands beside it run in it: 'racedesk import --db cloud.db'
	// enters online registrations into the running cloud.
	return serveSync(ctx, g, s, &cloud.Server{Store: s, Token: token, Log: logger, Import: importEndpoint,
		Health: func(context.Context) error { return nil }}, o, nil, commandControl(s))
}

// serveSync serves the sync protocol for s until ctx ends (the cloud, or
// a hub on the venue network), with the control socket beside the file so
// 'racedesk backup' and 'racedesk cloud token' work meanwhile. listening,
// if set, runs once the address is printed (the first line on stdout);
// extra are further control operations.
func serveSync(ctx context.Context, g *globals, s *store.Store, handler *cloud.Server, o *cloudServeOptions, listening func(), extra map[string]store.ControlHandler) error {
	ctl := tokenControl(s)
	for op, h := range extra {
		ctl[op] = h
	}
	for op, h := range pendingControl(s) { // racedesk pending purge, on a hub's phone form
		ctl[op] = h
	}
	// Without the control channel the server still serves; commands
	// beside it wait until it stops. It says so, never stops.
	if stopCtl, err := store.ServeControl(s, ctl); err != nil {
		fmt.Fprintf(g.err, "racedesk: %s\n", msg.T(g.language(s.Event().Lang), msg.ControlUnavailable, err))
	} else {
		defer stopCtl()
	}
	handler.Log.Info("serving", "event", s.Event().Name, "tls", o.tlsCert != "", "hub", s.IsHub())
	return serveHTTP(ctx, g, handler, o, listening)
}

// serveHTTP serves handler on o's address until ctx ends.
func serveHTTP(ctx context.Context, g *globals, handler *cloud.Server, o *cloudServeOptions, listening func()) error {
	logger := handler.Log
	srv := &http.Server{
		Handler:           handler.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	logger.Info("listening", "addr", ln.Addr().String())
	// The address on stdout, for scripts that listen on port 0.
	fmt.Fprintf(g.out, "listening on %s\n", ln.Addr())
	if listening != nil {
		listening()
	}
	errc := make(chan error, 1)
	go func() {
		if o.tlsCert != "" {
			errc <- srv.ServeTLS(ln, o.tlsCert, o.tlsKey)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}
