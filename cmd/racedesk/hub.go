package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient"
	"github.com/racedesk/racedesk/syncclient/cloud"
	"github.com/racedesk/racedesk/syncclient/island"
)

type hubOptions struct {
	cloudServeOptions
	every   time.Duration
	hotspot string // also serve the phones' form here
}

func newHubCmd(g *globals) *cobra.Command {
	o := &hubOptions{}
	cmd := &cobra.Command{
		Use:   "hub --listen ADDR --token-file FILE",
		Short: "Serve the event to the other desks on the venue network (the island), and carry it to the cloud",
		Long: `Make this laptop the hub of the island: the other desks, the timing laptop
and the phones' self-registration sync with it over the venue Wi-Fi, every
second or two, without the satellite; each keeps working from its own
database when the hub is away. The hub's database is a desk's (make it
with 'racedesk event init' or by joining the cloud with 'racedesk sync').

When the database knows a cloud ('racedesk sync --cloud URL --token-file
FILE' once, with a token the organizer issued with 'racedesk cloud token
add --hub'), the hub syncs with it whenever the satellite is up, carrying
every device's changes upward under their own identities and the cloud's
changes down. A change that reaches the cloud both directly and through
the hub is applied once.

The token file holds the island's enrolment token: a desk joins the hub
with it once ('racedesk sync --hub http://HUB:8443 --token-file FILE' on
the venue network) and then syncs as itself. The hub
prints, whenever something changed, the devices it serves and whether the
cloud has everything yet. With --hotspot it also serves the runners'
self-registration form: a phone's registration is pending at every desk
within seconds, and confirmed at whichever desk the runner walks up to.`,
		Example: `  racedesk hub --db island.db --listen :8443 --token-file island-token.txt --hotspot :8080
  racedesk sync --db desk2.db --desk "Desk 2" --hub http://192.168.1.10:8443 --token-file island-token.txt`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.check(); err != nil {
				return err
			}
			return runHub(g, o)
		},
	}
	o.flags(cmd, ":8443", "file holding the island's enrolment token")
	cmd.Flags().DurationVar(&o.every, "status-every", 5*time.Second, "print the devices' status at most this often")
	cmd.Flags().StringVar(&g.backupDir, "backup-dir", "", "write rotating backups here while the hub runs (default: [backup] dir of the event file)")
	cmd.Flags().DurationVar(&g.backupEvery, "backup-every", 0, "interval of rotating backups (default: the event file's, else 3m)")
	cmd.Flags().StringVar(&o.hotspot, "hotspot", "", "also serve the runners' self-registration form on this address (e.g. :8080): a phone's registration is pending at every desk within seconds")
	return cmd
}

func runHub(g *globals, o *hubOptions) error {
	token, err := syncclient.ReadToken(o.tokenFile)
	if err != nil {
		return err
	}
	s, err := g.open()
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.ServeAsHub(); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	now := g.now
	if now == nil {
		now = time.Now
	}
	board := island.NewBoard(s, now)
	if saved, err := s.Cloud(); err == nil && saved.URL != "" {
		c, err := clientFor(s, "", "", false)
		if err != nil {
			return err
		}
		w := s.Watch()
		defer w.Stop()
		go c.Run(ctx, syncclient.Loop{}, w.C, board.Cloud)
	} else {
		board.Cloud(syncclient.Status{State: syncclient.StateOffline, Err: errors.New("no cloud known: the island stands alone")})
	}
	go printBoard(ctx, g.out, board, o.every)
	if dir, every, keep := hubBackups(g, s); dir != "" {
		go rotateBackups(ctx, g, s, dir, every, keep)
	}
	// The phones' form starts once the sync address is printed (scripts
	// read that first line).
	var phones func()
	if o.hotspot != "" {
		errc := make(chan error, 1)
		started := false
		phones = func() {
			started = true
			go func() { errc <- serveForm(ctx, g, s, &hotspotOptions{listen: o.hotspot}, "phones: listening on") }()
		}
		defer func() {
			stop()
			if !started {
				return
			}
			if err := <-errc; err != nil {
				fmt.Fprintln(g.err, "racedesk: hotspot:", err)
			}
		}()
	}
	logger := slog.New(slog.NewTextHandler(g.err, nil))
	return serveSync(ctx, g, s, &cloud.Server{Store: s, Token: token, Log: logger, Seen: board.Seen}, &o.cloudServeOptions, phones, commandControl(s)) // the hub runs commands too
}

// printBoard writes the board when something changed, at most every d.
func printBoard(ctx context.Context, out io.Writer, b *island.Board, d time.Duration) {
	ticking(ctx, d, func() {
		if b.Changed() {
			fmt.Fprint(out, b.Snapshot().Text())
		}
	})
}

// ticking runs fn every d until ctx ends.
func ticking(ctx context.Context, d time.Duration, fn func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}

// hubBackups is where and how often the hub writes rotating backups, like
// the desk: the event file's [backup], or --backup-dir / --backup-every.
func hubBackups(g *globals, s *store.Store) (dir string, every time.Duration, keep int) {
	b := s.Event().Backup
	dir, keep, every = b.Dir, b.Keep, time.Duration(b.EveryMinutes)*time.Minute
	if g.backupDir != "" {
		dir = g.backupDir
	}
	if g.backupEvery > 0 {
		every = g.backupEvery
	}
	if every <= 0 {
		every = store.BackupEvery
	}
	return dir, every, keep
}

// rotateBackups writes a backup every interval until ctx ends: the hub's
// file holds the island's truth and is kept as safe as a desk's.
func rotateBackups(ctx context.Context, g *globals, s *store.Store, dir string, every time.Duration, keep int) {
	ticking(ctx, every, func() {
		if path, err := s.RotateBackup(dir, keep); err != nil {
			fmt.Fprintln(g.err, "racedesk: backup:", err)
		} else {
			fmt.Fprintln(g.out, "backup written to", path)
		}
	})
}
