package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// Exit statuses: 0 success, 1 failure (including rejected input), 2 usage.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// usageError marks a mistake in how a command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// reportedError is a failure whose details the command has already
// printed; run only sets the exit status.
type reportedError struct{}

func (reportedError) Error() string { return "failed" }

// globals are the flags every command shares and what they lead to.
type globals struct {
	db   string
	desk string
	lang string
	// Desk-only flags.
	backupDir   string
	backupEvery time.Duration
	cloud       string
	tokenFile   string
	hotspot     string
	formLimit   formLimitFlags // the phone form's global limit (--form-per-minute, --form-max-pending)
	serve       string         // serve the island's sync (the desk doubles as hub)
	serveToken  string
	// The cloud on PostgreSQL (cloudpg.go): --postgres, --event.
	pgDSN, pgEvent string
	now            func() time.Time
	in             io.Reader
	// shared is the open store of the desk (or hub) this command runs in,
	// sent over its control socket (forward.go); cwd and env are then the
	// caller's, not the desk's.
	shared *store.Store
	cwd    string
	env    map[string]string
	// out and err show text to a person, through the output policy
	// (safeWriter); rawOut is stdout itself, for a printer's bytes.
	out    io.Writer
	err    io.Writer
	rawOut io.Writer
}

// dbPath is --db, else $RACEDESK_DB, else racedesk.db here.
func (g *globals) dbPath() string {
	if g.db != "" {
		return g.db
	}
	if g.shared != nil {
		return g.shared.Path()
	}
	if env := g.getenv("RACEDESK_DB"); env != "" {
		return env
	}
	return "racedesk.db"
}

// getenv is the caller's environment (forwarded to a desk: the caller's).
func (g *globals) getenv(key string) string {
	if g.env != nil {
		return g.env[key]
	}
	return os.Getenv(key)
}

// path is a file named on the command line, relative to the caller's
// working directory.
func (g *globals) path(p string) string {
	if g.cwd == "" || p == "" || p == "-" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(g.cwd, p)
}

// language picks the language before an event is known (flag, LANG).
func (g *globals) language(eventLang string) msg.Lang {
	return msg.ChooseWith(g.lang, eventLang, g.getenv)
}

// open opens the event database with the desk rename, if any. Inside a
// desk (a forwarded command) it is the desk's own store: a command speaks
// as that desk, and --desk may only name it.
func (g *globals) open() (*store.Store, error) {
	if g.shared != nil {
		if g.desk != "" {
			if d, err := model.CleanDeskName(g.desk); err != nil || d != g.shared.Device().Desk {
				return nil, model.NewProblem(msg.ErrOtherDesk, g.shared.Device().Desk, g.desk)
			}
		}
		return g.shared, nil
	}
	s, err := store.Open(g.dbPath(), store.Options{Desk: g.desk, Now: g.now})
	if err == nil && s.IdentityChanged() {
		fmt.Fprintln(g.err, msg.T(g.language(s.Event().Lang), msg.NewIdentity, s.Path()))
	}
	return s, err
}

// openFile opens a file named on the command line; an error names it as
// the user did.
func (g *globals) openFile(p string) (*os.File, error) {
	f, err := os.Open(g.path(p))
	var pe *os.PathError
	if errors.As(err, &pe) {
		pe.Path = p
	}
	return f, err
}

// release closes s unless it is the desk's own store.
func (g *globals) release(s *store.Store) {
	if s != g.shared {
		s.Close()
	}
}

// openEvent opens the database and returns its event and the language
// messages are in (flag, else the event's, else $LANG).
func (g *globals) openEvent() (*store.Store, *model.Event, msg.Lang, error) {
	s, err := g.open()
	if err != nil {
		return nil, nil, "", err
	}
	ev := s.Event()
	return s, ev, g.language(ev.Lang), nil
}

// printJSON writes v as indented JSON, with every character a terminal
// could act on escaped (escapeJSON).
func printJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeJSON(b.Bytes()))
	return err
}

func run(args []string, in io.Reader, stdout, stderr io.Writer) int {
	if code, ok := forward(args, stdout, stderr); ok {
		return code
	}
	return execute(&globals{now: time.Now, in: in}, args, stdout, stderr)
}

// execute runs one command line with g's context (here, or inside a desk).
func execute(g *globals, args []string, stdout, stderr io.Writer) int {
	out, errOut := newSafeWriter(stdout), newSafeWriter(stderr)
	defer out.Flush()
	defer errOut.Flush()
	g.out, g.err, g.rawOut = out, errOut, stdout
	in := g.in
	if in == nil {
		in = strings.NewReader("")
	}
	root := newRootCmd(g)
	root.SetArgs(args)
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errOut)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	var rep reportedError
	if errors.As(err, &rep) {
		return exitFailure
	}
	if isUsage(err) {
		lang := usageLang(g)
		fmt.Fprintf(errOut, "racedesk: %s\n", usageText(lang, err))
		fmt.Fprintln(errOut, msg.T(lang, msg.UsageHint, cmd.CommandPath()))
		return exitUsage
	}
	fmt.Fprintf(errOut, "racedesk: %s\n", msg.Error(g.language(""), err))
	return exitFailure
}

func isUsage(err error) bool {
	var u usageError
	if errors.As(err, &u) {
		return true
	}
	// Cobra reports unknown commands, some flag problems and wrong
	// argument counts as plain errors.
	s := err.Error()
	for _, u := range usagePatterns {
		if u.re.MatchString(s) {
			return true
		}
	}
	return strings.HasPrefix(s, "unknown command") || strings.HasPrefix(s, "unknown flag") ||
		strings.HasPrefix(s, "unknown shorthand flag") || strings.Contains(s, "flag needs an argument") ||
		strings.HasPrefix(s, "required flag") || strings.HasPrefix(s, "invalid argument")
}

func newRootCmd(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:   "racedesk",
		Short: "Race-day desk: check-in, late registration, timing and printing, offline",
		Long: `racedesk runs the desk of a small running event on one laptop, without
internet: check-in and bib hand-out, late registration, timing, printing on
receipt printers, and sync with the cloud whenever a link comes up.

Without a subcommand it opens the desk on the event database.`,
		Example: `  racedesk demo --db demo.db        # a demo event with 300 runners
  racedesk --db demo.db              # open the desk
  racedesk --db demo.db --backup-dir /media/usb/backups --backup-every 3m
  racedesk event init --config docs/examples/event.toml --desk "Desk 1"`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDesk(g)
		},
	}
	root.Flags().StringVar(&g.backupDir, "backup-dir", "", "write rotating backups here while the desk runs (default: [backup] dir of the event file)")
	root.Flags().DurationVar(&g.backupEvery, "backup-every", 0, "interval of rotating backups (default: the event file's, else 3m)")
	root.PersistentFlags().StringVar(&g.db, "db", "", "event database (default $RACEDESK_DB or ./racedesk.db)")
	root.PersistentFlags().StringVar(&g.desk, "desk", "", `this desk's name, e.g. "Desk 1" (chooses its bib pool; remembered)`)
	root.PersistentFlags().StringVar(&g.lang, "lang", "", "language of messages: de or en (default: event file, then $LANG)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.Flags().StringVar(&g.cloud, "cloud", "", "sync with this cloud while the desk runs (default: the one remembered by 'racedesk sync')")
	root.Flags().StringVar(&g.tokenFile, "token-file", "", "the cloud's bearer token file")
	root.Flags().StringVar(&g.hotspot, "hotspot", "", "also serve the registration form to phones on this address, e.g. :8080")
	g.formLimit.add(root)
	root.Flags().StringVar(&g.serve, "serve", "", "be the island's hub as well: serve sync to the other desks on this address, e.g. :8443 (see 'racedesk hub')")
	root.Flags().StringVar(&g.serveToken, "serve-token-file", "", "with --serve: the file holding the island's enrolment token")
	root.AddCommand(newDemoCmd(g), newEventCmd(g), newRegisterCmd(g), newCheckinCmd(g),
		newListCmd(g), newExportCmd(g), newBackupCmd(g), newSyncCmd(g), newCloudCmd(g), newHubCmd(g), newPoolCmd(g),
		newStartCmd(g), newFinishCmd(g), newResultsCmd(g))
	root.AddCommand(newImportCmd(g))
	root.AddCommand(newDeleteCmd(g), newPurgeCmd(g), newFindCmd(g))
	root.AddCommand(newPrintCmd(g))
	root.AddCommand(newPrintersCmd(g))
	root.AddCommand(newA4Cmd(g))
	root.AddCommand(newHotspotCmd(g))
	root.AddCommand(newPendingCmd(g))
	root.AddCommand(newTimingCmd(g))
	root.AddCommand(newPayCmd(g), newEditCmd(g), newHistoryCmd(g))
	root.AddCommand(newCashCmd(g))
	addVersion(root, g) // racedesk version, racedesk --version
	markForwarded(root)
	groupsRefuseUnknown(root)
	return root
}

// groupsRefuseUnknown makes a command group (event, export, cloud, …)
// refuse a subcommand it does not have — a usage error, exit 2 — rather
// than print its help and exit 0 as if it had done something. Without
// arguments it shows its help.
func groupsRefuseUnknown(c *cobra.Command) {
	for _, sub := range c.Commands() {
		groupsRefuseUnknown(sub)
	}
	if c.HasSubCommands() && !c.Runnable() {
		c.Args = noArgs
		c.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }
	}
}

// noArgs rejects positional arguments as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		if cmd.HasSubCommands() {
			return usage(msg.UsageUnknownCmd, args[0], cmd.CommandPath())
		}
		return usage(msg.UsageNoArgs, cmd.CommandPath(), args)
	}
	return nil
}
