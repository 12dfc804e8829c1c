package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// A desk (or a hub) holds its database for as long as it runs, and bbolt
// lets no second process in. So a one-shot command — register, checkin,
// pay, finish, results, list, … — runs inside the process that holds the
// file: the command line sends its arguments over the control socket, the
// desk runs the very same command on its open store and sends back what it
// printed and its exit status. The output is the same as without a desk
// by construction, every write goes through the same validation and one
// transaction, and the desk's screens see the change as they see any
// commit (store watchers): as if a volunteer had typed it.
//
// Commands that need the file for themselves (purge, demo, event init) or
// that run for long (the desk, hub, sync loop, servers) are not forwarded;
// backup, sync and pending purge have operations of their own (print's
// is kept for the command line of an older version).

// annForward marks a command a desk runs on the caller's behalf.
const annForward = "racedesk.forward"

// forwarded marks cmd (and returns it) as one a desk runs for the caller.
func forwarded(cmd *cobra.Command) *cobra.Command {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[annForward] = "yes"
	return cmd
}

// forwardedCommands run in the desk that holds the database (with their
// subcommands).
var forwardedCommands = []string{"register", "checkin", "list", "export", "find", "start", "finish",
	"results", "import", "delete", "pool", "event show", "pay", "edit", "history", "timing", "print", "a4",
	"cash"}

// markForwarded marks the forwarded commands of root.
func markForwarded(root *cobra.Command) {
	for _, path := range forwardedCommands {
		c, _, err := root.Find(strings.Fields(path))
		if err != nil || c == root {
			continue // not built yet
		}
		markTree(c)
	}
}

func markTree(c *cobra.Command) {
	forwarded(c)
	for _, sub := range c.Commands() {
		markTree(sub)
	}
}

// forwardEnv is the caller's environment a command reads.
var forwardEnv = []string{"LANG", "LC_ALL", "RACEDESK_DB"}

// runRequest is a command line sent to the desk ("run").
type runRequest struct {
	Args []string          `json:"args"`
	Cwd  string            `json:"cwd"`
	Env  map[string]string `json:"env"`
}

// runReply is what the command printed and its exit status.
type runReply struct {
	Stdout []byte `json:"stdout"`
	Stderr []byte `json:"stderr"`
	Code   int    `json:"code"`
}

// forward runs args in the desk that holds the database, if args name a
// forwarded command and a desk answers for the database; ok is false when
// the command should run here.
func forward(args []string, stdout, stderr io.Writer) (code int, ok bool) {
	probe := &globals{out: io.Discard, err: io.Discard}
	root := newRootCmd(probe)
	cmd, rest, err := root.Find(args)
	if err != nil || cmd.Annotations[annForward] == "" {
		return 0, false
	}
	// Only --db matters here; the desk reports flag errors itself.
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	_ = cmd.ParseFlags(rest)
	path := probe.dbPath()
	if _, err := os.Stat(store.ControlPath(path)); err != nil {
		return 0, false // no desk has ever listened here: do not wait for one
	}
	req := runRequest{Args: args, Env: map[string]string{}}
	req.Cwd, _ = os.Getwd()
	for _, k := range forwardEnv {
		if v, set := os.LookupEnv(k); set {
			req.Env[k] = v
		}
	}
	arg, err := json.Marshal(req)
	if err != nil {
		return 0, false
	}
	var rep runReply
	if err := store.RequestControl(path, "run", string(arg), &rep); err != nil {
		if errors.Is(err, store.ErrNoDesk) {
			return 0, false
		}
		// An older desk that does not run commands, or one that went away:
		// run here, where the command says the file is in use if it is.
		return 0, false
	}
	stdout.Write(rep.Stdout)
	stderr.Write(rep.Stderr)
	return rep.Code, true
}

// commandControl lets a desk or hub run forwarded commands on s.
func commandControl(s *store.Store) map[string]store.ControlHandler {
	return map[string]store.ControlHandler{"run": func(arg string) (any, error) {
		var req runRequest
		if err := json.Unmarshal([]byte(arg), &req); err != nil {
			return nil, fmt.Errorf("run: %w", err)
		}
		var out, errOut bytes.Buffer
		code := runInDesk(s, req, &out, &errOut)
		return runReply{Stdout: out.Bytes(), Stderr: errOut.Bytes(), Code: code}, nil
	}}
}

// runInDesk runs one forwarded command line on the desk's store s.
func runInDesk(s *store.Store, req runRequest, stdout, stderr io.Writer) int {
	if req.Env == nil {
		req.Env = map[string]string{}
	}
	g := &globals{now: time.Now, shared: s, cwd: req.Cwd, env: req.Env}
	probe := newRootCmd(&globals{out: io.Discard, err: io.Discard})
	if cmd, _, err := probe.Find(req.Args); err == nil && cmd.Annotations[annForward] == "" {
		// Only what the command line would forward runs here.
		fmt.Fprintf(stderr, "racedesk: %s\n", msg.T(g.language(s.Event().Lang), msg.ErrNotInDesk, cmd.CommandPath()))
		return exitFailure
	}
	return execute(g, req.Args, stdout, stderr)
}
