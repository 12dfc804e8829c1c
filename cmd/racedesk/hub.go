package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient"
	"github.com/racedesk/racedesk/syncclient/cloud"
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
with it once ('racedesk sync --cloud http://HUB:8443 --token-file FILE
--insecure' on the venue network) and then syncs as itself. The hub
prints, whenever something changed, the devices it serves and whether the
cloud has everything yet. With --hotspot it also serves the runners'
self-registration form: a phone's registration is pending at every desk
within seconds, and confirmed at whichever desk the runner walks up to.`,
		Example: `  racedesk hub --db island.db --listen :8443 --token-file island-token.txt --hotspot :8080
  racedesk sync --db desk2.db --desk "Desk 2" --cloud http://192.168.1.10:8443 --token-file island-token.txt --insecure`,
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
	board := &hubBoard{out: g.out, s: s, now: now}
	if saved, err := s.Cloud(); err == nil && saved.URL != "" {
		c, err := clientFor(s, "", "", false)
		if err != nil {
			return err
		}
		w := s.Watch()
		defer w.Stop()
		go c.Run(ctx, syncclient.Loop{}, w.C, board.cloud)
	} else {
		board.cloud(syncclient.Status{State: syncclient.StateOffline, Err: errors.New("no cloud known: the island stands alone")})
	}
	go board.print(ctx, o.every)
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
	return serveSync(ctx, g, s, &cloud.Server{Store: s, Token: token, Log: logger, Seen: board.seen}, &o.cloudServeOptions, phones)
}

// hubBoard is what the hub prints: the devices it serves, when each last
// synced, and whether the cloud has everything.
type hubBoard struct {
	out io.Writer
	s   *store.Store
	now func() time.Time

	mu      sync.Mutex
	devices map[string]*hubDevice
	status  syncclient.Status
	dirty   bool
}

type hubDevice struct {
	desk   string
	last   time.Time
	offset time.Duration // its clock minus the hub's
}

func (b *hubBoard) seen(device, desk string, offset time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.devices == nil {
		b.devices = map[string]*hubDevice{}
	}
	d, ok := b.devices[device]
	if !ok {
		d = &hubDevice{}
		b.devices[device] = d
		b.dirty = true
	}
	if (d.offset - offset).Abs() > time.Second {
		b.dirty = true
	}
	d.desk, d.last, d.offset = desk, b.now(), offset
}

func (b *hubBoard) cloud(st syncclient.Status) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if st.State != b.status.State || st.LastSync != b.status.LastSync {
		b.dirty = true
	}
	b.status = st
}

// print writes the board when something changed, at most every d.
func (b *hubBoard) print(ctx context.Context, d time.Duration) {
	ticking(ctx, d, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.dirty {
			b.dirty = false
			fmt.Fprint(b.out, b.render())
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

// render is the board as text (b.mu held).
func (b *hubBoard) render() string {
	waiting, _ := b.s.RelayCount()
	st, _ := b.s.SyncState()
	waiting += st.Pending
	line := fmt.Sprintf("%s  hub of %q: %d devices", b.now().Format("15:04:05"), b.s.Event().Name, len(b.devices))
	switch {
	case waiting == 0 && !b.status.LastSync.IsZero():
		line += fmt.Sprintf(" · all changes in the cloud at %s", b.status.LastSync.Format("15:04:05"))
	case b.status.Err != nil:
		line += fmt.Sprintf(" · %s for the cloud (%v)", changesWait(waiting), b.status.Err)
	default:
		line += fmt.Sprintf(" · %s for the cloud", changesWait(waiting))
	}
	out := line + "\n"
	ids := make([]string, 0, len(b.devices))
	for id := range b.devices {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return b.devices[ids[i]].desk < b.devices[ids[j]].desk })
	waitingOf, _ := b.s.RelayCounts()
	for _, id := range ids {
		d := b.devices[id]
		out += fmt.Sprintf("    %-16s last sync %s (%s ago) · %s for the cloud · clock %s\n", d.desk, d.last.Format("15:04:05"),
			b.now().Sub(d.last).Round(time.Second), changesWait(waitingOf[id]), clockOff(d.offset))
	}
	return out
}

func changesWait(n int) string {
	if n == 1 {
		return "1 change waits"
	}
	return fmt.Sprintf("%d changes wait", n)
}

// clockOff says how far a device's clock is off the hub's ("right" within
// two seconds: the request's own travel).
func clockOff(d time.Duration) string {
	if d.Abs() < 2*time.Second {
		return "right"
	}
	sign := "+"
	if d < 0 {
		sign = "-"
	}
	return fmt.Sprintf("%s%s off", sign, d.Abs().Round(time.Second))
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
