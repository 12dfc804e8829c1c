package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient"
	"github.com/racedesk/racedesk/syncclient/cloud/pgstore"
	"github.com/racedesk/racedesk/syncclient/protocol"
)

// Online registrations into the running cloud: 'racedesk cloud import'
// on the cloud's PostgreSQL database, or through its import endpoint
// (POST …/v3/import) with --url. Either way the import is the desk's
// 'racedesk import', run on the event's store: the same validation, the
// same idempotence (the registration ID), never overwriting a desk's
// work. (The embedded cloud takes 'racedesk import --db cloud.db', which
// runs inside the serving process.)

// importQuery maps the endpoint's query to the import's flags.
var importQuery = []struct{ param, flag string }{
	{"race", "--race"}, {"date_order", "--date-order"}, {"encoding", "--encoding"},
}

// importEndpoint runs 'racedesk import FILE --json' on the event's store
// s for the cloud's import endpoint: 200 with the summary, 422 with it
// when rows were rejected, 400 with the reason when the file was refused.
func importEndpoint(s *store.Store, path string, q url.Values) (int, string, []byte) {
	args := []string{"import", filepath.Base(path), "--json"}
	for _, p := range importQuery {
		if v := q.Get(p.param); v != "" {
			args = append(args, p.flag, v)
		}
	}
	if dry := q.Get("dry_run"); dry == "1" || dry == "true" {
		args = append(args, "--dry-run")
	}
	var out, errOut bytes.Buffer
	code := runInDesk(s, runRequest{Args: args, Cwd: filepath.Dir(path), Env: map[string]string{"LANG": "en"}}, &out, &errOut)
	switch {
	case code == exitOK:
		return http.StatusOK, "application/json", out.Bytes()
	case code == exitFailure && out.Len() > 0:
		return http.StatusUnprocessableEntity, "application/json", out.Bytes()
	}
	return http.StatusBadRequest, "text/plain; charset=utf-8", errOut.Bytes()
}

func newCloudImportCmd(g *globals) *cobra.Command {
	cmd := newImportCmd(g) // the desk's import: its flags, checks and summary
	var base, tokenFile string
	cmd.Use = "import FILE --postgres DSN [--event ID] | --url URL --token-file FILE  [import flags]"
	cmd.Short = "Import online registrations into the running cloud"
	cmd.Long = `Import a registration platform's export into an event of the cloud, while it
serves: on its PostgreSQL database (--postgres, --event), or through its
import endpoint (--url https://CLOUD/e/<event> with the enrolment token;
the summary comes back as JSON). Everything else is 'racedesk import':
the same checks on every row, the same registration IDs (importing a
newer export updates people, never duplicates them), and what desks did —
check-in, bib, payment, corrections — is never overwritten. Desks get
the new runners at their next sync.

The embedded cloud takes 'racedesk import --db cloud.db FILE', which runs
inside the serving process.`
	cmd.Example = `  racedesk cloud import --postgres "$DSN" --event waldlauf@2026-12-06 anmeldungen.csv
  racedesk cloud import --url https://cloud.example/e/waldlauf@2026-12-06 --token-file enrol.txt anmeldungen.csv`
	run := cmd.RunE
	cmd.RunE = func(c *cobra.Command, args []string) error {
		switch {
		case base != "":
			return importRemote(g, c, base, tokenFile, args[0])
		case g.postgres() == "":
			return usageError{errors.New("give --postgres DSN or --url URL (the embedded cloud: racedesk import --db cloud.db FILE)")}
		}
		return onEvent(g, func(_ context.Context, e *pgstore.Event) error {
			s, err := e.Store()
			if err != nil {
				return err
			}
			g.shared = s // the import runs on the event's working copy
			defer func() { g.shared = nil }()
			return run(c, args)
		})
	}
	cmd.Flags().StringVar(&base, "url", "", "the cloud's address for this event (https://CLOUD/e/<event>): import through its endpoint")
	cmd.Flags().StringVar(&tokenFile, "token-file", "", "with --url: the event's enrolment token file")
	return cmd
}

// importRemote posts the file to the cloud's import endpoint and prints
// the summary it answers.
func importRemote(g *globals, c *cobra.Command, base, tokenFile, file string) error {
	if tokenFile == "" {
		return usageError{errors.New("--url needs --token-file")}
	}
	tok, err := syncclient.ReadToken(g.path(tokenFile))
	if err != nil {
		return err
	}
	body, err := os.ReadFile(g.path(file))
	if err != nil {
		return err
	}
	q := url.Values{}
	for _, p := range importQuery {
		if v, _ := c.Flags().GetString(strings.TrimPrefix(p.flag, "--")); v != "" {
			q.Set(p.param, v)
		}
	}
	if dry, _ := c.Flags().GetBool("dry-run"); dry {
		q.Set("dry_run", "1")
	}
	u := strings.TrimRight(base, "/") + protocol.PathImport + "?" + q.Encode()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return usageError{err}
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "text/csv")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	switch resp.StatusCode {
	case http.StatusOK:
		_, err = g.out.Write(answer)
		return err
	case http.StatusUnprocessableEntity:
		g.out.Write(answer)
		return reportedError{}
	}
	return fmt.Errorf("import: the cloud answered %s: %s", resp.Status, strings.TrimSpace(string(answer)))
}
