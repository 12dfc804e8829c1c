package main

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/cloud"
	"github.com/racedesk/racedesk/syncclient/cloud/pgtest"
)

// docs/json.md documents every JSON output with an example after a line
//
//	<!-- example: ARGS [; optional: key.path, …] -->
//
// This test runs each ARGS (in the file's order: examples that write
// build on the ones before) on a prepared event and checks the real
// output has the documented shape: the same keys at every level (array
// elements taken together), the same JSON types. A key the scenario
// cannot produce is listed as optional. $DIR in ARGS is a temporary
// directory. Set RACEDESK_JSON_DUMP=1 to print the real outputs.
var exampleRE = regexp.MustCompile("(?s)<!-- example: (.*?) -->\\s*```json\\n(.*?)```")

func TestJSONDocExamplesHaveTheRealShape(t *testing.T) {
	doc, err := os.ReadFile("../../docs/json.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := exampleRE.FindAllSubmatch(doc, -1)
	if len(examples) < 10 {
		t.Fatalf("docs/json.md has %d examples", len(examples))
	}
	db := jsonDocEvent(t)
	dir := t.TempDir()
	cloudURL := jsonDocCloud(t, db, dir)
	seen := map[string]bool{}
	pg := &jsonDocPostgres{}
	for _, ex := range examples {
		spec, body := string(ex[1]), ex[2]
		argText, optText, _ := strings.Cut(spec, "; optional:")
		args := strings.Fields(strings.NewReplacer("$DIR", dir, "$CLOUD", cloudURL).Replace(argText))
		seen[commandOf(args)] = true
		if strings.Contains(argText, "$PG") {
			dsn := pg.dsn(t, dir)
			if dsn == "" {
				t.Logf("%s: skipped, no PostgreSQL (%v)", argText, pg.why)
				continue
			}
			for i, a := range args {
				args[i] = strings.ReplaceAll(a, "$PG", dsn)
			}
		}
		code, out, stderr := cli(t, append([]string{"--db", db, "--lang", "en"}, args...)...)
		if os.Getenv("RACEDESK_JSON_DUMP") != "" {
			t.Logf("%s (exit %d):\n%s", argText, code, out)
		}
		if code != 0 && code != 1 {
			t.Errorf("%s: exit %d: %s", argText, code, stderr)
			continue
		}
		var want, got any
		if err := json.Unmarshal(body, &want); err != nil {
			t.Errorf("%s: the documented example is not JSON: %v", argText, err)
			continue
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Errorf("%s: the output is not JSON: %v\n%s%s", argText, err, out, stderr)
			continue
		}
		optional := map[string]bool{}
		for _, k := range strings.Split(optText, ",") {
			if k = strings.TrimSpace(k); k != "" {
				optional[k] = true
			}
		}
		w, g := shape(want, "", map[string]string{}), shape(got, "", map[string]string{})
		for path, typ := range g {
			if wt, ok := w[path]; !ok {
				t.Errorf("%s: %s (%s) is not documented", argText, path, typ)
			} else if wt != typ && wt != "null" && typ != "null" {
				t.Errorf("%s: %s is %s, documented as %s", argText, path, typ, wt)
			}
		}
		for path := range w {
			if _, ok := g[path]; !ok && !optional[path] && !optional[strings.SplitN(path, ".", 2)[0]] {
				t.Errorf("%s: documented %s is not in the output (mark it optional if the scenario cannot have it)", argText, path)
			}
		}
	}
	// Every command with JSON output is documented.
	for _, c := range jsonCommands(newRootCmd(&globals{})) {
		if !seen[c] {
			t.Errorf("docs/json.md has no example of %q", c)
		}
	}
}

// commandOf is the command path of args ("export results").
func commandOf(args []string) string {
	c, _, err := newRootCmd(&globals{}).Find(args)
	if err != nil {
		return strings.Join(args, " ")
	}
	return strings.TrimPrefix(c.CommandPath(), "racedesk ")
}

// shape maps every key path of v to its JSON type; array elements share
// the path "a[]", and the keys of all elements count.
func shape(v any, path string, out map[string]string) map[string]string {
	switch x := v.(type) {
	case map[string]any:
		if path != "" {
			out[path] = "object"
		}
		for k, e := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			shape(e, p, out)
		}
	case []any:
		out[path] = "array"
		for _, e := range x {
			shape(e, path+"[]", out)
		}
	case string:
		setType(out, path, "string")
	case float64:
		setType(out, path, "number")
	case bool:
		setType(out, path, "bool")
	case nil:
		setType(out, path, "null")
	}
	return out
}

// setType keeps a value's type at path; null gives way to a real type.
func setType(out map[string]string, path, typ string) {
	if old, ok := out[path]; !ok || old == "null" {
		out[path] = typ
	}
}

// jsonCommands are the paths of the commands that print JSON (a --json
// flag, or --format json).
func jsonCommands(c *cobra.Command) []string {
	var out []string
	if c.Flags().Lookup("json") != nil || (c.Flags().Lookup("format") != nil && strings.Contains(c.Flags().Lookup("format").Usage, "json")) {
		out = append(out, strings.TrimPrefix(c.CommandPath(), "racedesk "))
	}
	for _, sub := range c.Commands() {
		out = append(out, jsonCommands(sub)...)
	}
	sort.Strings(out)
	return out
}

// jsonDocEvent is the race day the examples run on: the demo event with
// a walk-in who checked in, a start, a finish, a DNF, and two more
// finishers of the walk-in's club.
func jsonDocEvent(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "event.db")
	steps := [][]string{
		{"demo", "--db", db, "--runners", "40"},
		{"--db", db, "register", "--race", "10k", "--first", "Anna", "--last", "Neu", "--born", "1.2.1990", "--gender", "w", "--club", "LG Buchau"},
		{"--db", db, "checkin", "--bib", "1"},
		{"--db", db, "register", "--race", "10k", "--first", "Ben", "--last", "Ohm", "--born", "3.4.1971", "--gender", "m"},
		{"--db", db, "start", "--race", "10k", "--time", "10:00:00"},
		{"--db", db, "finish", "--bib", "1", "--time", "10:40:03.4"},
		{"--db", db, "finish", "--bib", "2", "--status", "dnf"},
		// Two more of Anna's club, spelt their own way, after the finishes
		// the timing examples number: a team of three (results --teams).
		{"--db", db, "register", "--race", "10k", "--first", "Carl", "--last", "Alt", "--born", "1980", "--gender", "m", "--club", "lg buchau"},
		{"--db", db, "register", "--race", "10k", "--first", "Dora", "--last", "Ost", "--born", "1985", "--gender", "w", "--club", "LG  Buchau"},
		{"--db", db, "finish", "--bib", "3", "--time", "10:50:00.2"},
		{"--db", db, "finish", "--bib", "4", "--time", "10:52:30.5"},
		{"--db", db, "cloud", "token", "add", "--desk", "Desk 2", "--out", filepath.Join(filepath.Dir(db), "desk2.token")},
	}
	for _, st := range steps {
		if code, _, stderr := cli(t, st...); code != 0 {
			t.Fatalf("%v: exit %d: %s", st, code, stderr)
		}
	}
	return db
}

// jsonDocCloud serves, over loopback, a cloud of db's event that the desk
// may join with the enrolment token in dir/token.txt.
func jsonDocCloud(t *testing.T, db, dir string) string {
	t.Helper()
	s := openStore(t, db)
	ev := s.Event()
	s.Close()
	cs, err := store.Create(filepath.Join(dir, "cloud.db"), ev, "cloud", store.Options{Cloud: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	if err := os.WriteFile(filepath.Join(dir, "token.txt"), []byte("json-doc-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer((&cloud.Server{Store: cs, Token: "json-doc-token"}).Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

// jsonDocPostgres is the cloud on PostgreSQL the $PG examples run on,
// made at the first of them: an empty database, and beside it an
// embedded cloud's file with the online registrations for 'cloud
// migrate' to move in ($DIR/pgcloud.db, its token $DIR/token.txt) and
// the registrations file ($DIR/anmeldungen.csv).
type jsonDocPostgres struct {
	made bool
	url  string
	why  error
}

func (p *jsonDocPostgres) dsn(t *testing.T, dir string) string {
	t.Helper()
	if p.made {
		return p.url
	}
	p.made = true
	if p.url, p.why = pgtest.Available(t); p.url == "" {
		return ""
	}
	csv := filepath.Join(dir, "anmeldungen.csv")
	b, err := os.ReadFile("testdata/anmeldungen-online.csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(csv, b, 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "pgcloud.db")
	for _, st := range [][]string{
		{"event", "init", "--config", "testdata/event.toml", "--db", file, "--desk", "cloud"},
		{"import", "--db", file, csv},
	} {
		if code, _, stderr := cli(t, st...); code != 0 {
			t.Fatalf("%v: exit %d: %s", st, code, stderr)
		}
	}
	return p.url
}
