package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model/store"
)

// `racedesk cloud token`: the organizer's view of the desks' tokens. The
// commands work on the cloud's file directly, or through the running
// `cloud serve` (which holds the file) over its control socket.

func newCloudTokenCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Add, list and revoke the desks' tokens",
		Long: `Every desk syncs with a token of its own, bound to that desk: the cloud
accepts a desk's changes only with one of its tokens. A desk gets one by
joining with the event's enrolment token (the token file of 'cloud
serve'), or you give it one made here. Revoke the tokens of a laptop that
was lost or stolen: it can no longer sync.`,
		Example: `  racedesk cloud token add --db cloud.db --desk "Desk 3" --out desk3-token.txt
  racedesk cloud token list --db cloud.db
  racedesk cloud token revoke --db cloud.db "Desk 3"`,
		Args: noArgs,
	}
	cmd.AddCommand(newTokenAddCmd(g), newTokenListCmd(g), newTokenRevokeCmd(g))
	return cmd
}

// tokenControl lets token commands reach a running cloud server.
func tokenControl(s *store.Store) map[string]store.ControlHandler {
	return map[string]store.ControlHandler{
		"token-add": func(desk string) (any, error) {
			tok, t, err := s.IssueToken(desk)
			return issued{Token: tok, DeskToken: t}, err
		},
		"token-add-hub": func(desk string) (any, error) {
			tok, t, err := s.IssueHubToken(desk)
			return issued{Token: tok, DeskToken: t}, err
		},
		"token-list": func(string) (any, error) { return s.Tokens() },
		"token-revoke": func(sel string) (any, error) {
			return s.RevokeTokens(sel)
		},
	}
}

type issued struct {
	Token string `json:"token"`
	store.DeskToken
}

// onCloud runs op on the cloud's file: in this process, or in the server
// that holds it.
func onCloud(g *globals, op, arg string, result any) error {
	if g.postgres() != "" {
		return onPostgres(g, op, arg, result)
	}
	s, err := store.Open(g.dbPath(), store.Options{Cloud: true, Now: g.now})
	if errors.Is(err, store.ErrInUse) {
		return store.RequestControl(g.dbPath(), op, arg, result)
	}
	if err != nil {
		return err
	}
	defer s.Close()
	v, err := tokenControl(s)[op](arg)
	if err != nil {
		return err
	}
	return remarshal(v, result)
}

// remarshal copies v into result as its JSON would (a control reply).
func remarshal(v, result any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, result)
}

func newTokenAddCmd(g *globals) *cobra.Command {
	var desk, out string
	var hub bool
	cmd := &cobra.Command{
		Use:   "add --desk NAME [--out FILE] [--hub]",
		Short: "Make a token for one desk",
		Example: `  racedesk cloud token add --db cloud.db --desk "Desk 3" --out desk3-token.txt
  racedesk cloud token add --db cloud.db --desk "Hub" --hub --out hub-token.txt`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if desk == "" {
				return usageError{errors.New("give --desk")}
			}
			var r issued
			op := "token-add"
			if hub {
				op = "token-add-hub" // it may relay its island's changes
			}
			if err := onCloud(g, op, desk, &r); err != nil {
				return err
			}
			if out == "" {
				fmt.Fprintln(g.out, r.Token)
				return nil
			}
			if err := os.WriteFile(out, []byte(r.Token+"\n"), 0o600); err != nil {
				return fmt.Errorf("write token: %w", err)
			}
			fmt.Fprintf(g.out, "token %s… for %s written to %s: give the desk 'racedesk sync --token-file %s'\n", r.Prefix, desk, out, out)
			return nil
		},
	}
	cmd.Flags().StringVar(&desk, "desk", "", "the desk the token is for")
	cmd.Flags().StringVar(&out, "out", "", "write the token to this file (mode 0600) instead of stdout")
	cmd.Flags().BoolVar(&hub, "hub", false, "the token of a hub ('racedesk hub'): it may carry the changes of the desks on its venue network")
	return cmd
}

func newTokenListCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the desks' tokens",
		Example: `  racedesk cloud token list --db cloud.db --json`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var ts []store.DeskToken
			if err := onCloud(g, "token-list", "", &ts); err != nil {
				return err
			}
			if asJSON {
				if ts == nil {
					ts = []store.DeskToken{} // a list, even an empty one
				}
				return printJSON(g.out, ts)
			}
			tw := tabwriter.NewWriter(g.out, 2, 8, 2, ' ', 0)
			fmt.Fprintln(tw, "TOKEN\tDESK\tDEVICE\tVIA\tCREATED\tREVOKED")
			for _, t := range ts {
				dev, rev := t.Device, ""
				if dev == "" {
					dev = "(not used yet)"
				}
				if !t.Revoked.IsZero() {
					rev = t.Revoked.Local().Format(time.DateTime)
				}
				fmt.Fprintf(tw, "%s…\t%s\t%s\t%s\t%s\t%s\n", t.Prefix, t.Desk, dev, t.Via, t.Created.Local().Format(time.DateTime), rev)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return cmd
}

func newTokenRevokeCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "revoke DESK|DEVICE|TOKEN-PREFIX",
		Short:   "Revoke tokens: the desk can no longer sync with them",
		Example: `  racedesk cloud token revoke --db cloud.db "Desk 3"`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var ts []store.DeskToken
			if err := onCloud(g, "token-revoke", args[0], &ts); err != nil {
				return err
			}
			if len(ts) == 0 {
				return fmt.Errorf("no token in force matches %q (see 'racedesk cloud token list')", args[0])
			}
			for _, t := range ts {
				fmt.Fprintf(g.out, "revoked %s… (%s, device %s)\n", t.Prefix, t.Desk, t.Device)
			}
			return nil
		},
	}
	return cmd
}
