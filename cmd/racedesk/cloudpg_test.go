package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/syncclient/cloud"
	"github.com/racedesk/racedesk/syncclient/cloud/pgtest"
)

// The organizer's side of the cloud on PostgreSQL, as real processes over
// loopback: two events put into one database, two 'cloud serve
// --postgres' processes, desks of both events syncing through either,
// online registrations imported on the database and through the
// endpoint (idempotent across processes), tokens, the event list, and an
// event of the embedded cloud moved in with 'cloud migrate'.
func TestTheCloudOnPostgresFromTheCommandLine(t *testing.T) {
	dsn := pgtest.Database(t)
	bin := buildBinary(t)
	dir := t.TempDir()
	run := func(args ...string) string { t.Helper(); return racedeskIn(t, bin, dir, args...) }
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	event, err := os.ReadFile("testdata/event.toml")
	if err != nil {
		t.Fatal(err)
	}
	write("one.toml", string(event))
	write("two.toml", strings.Replace(string(event), "name     = ", "id = \"zweiter-lauf\"\nname = ", 1))
	write("enrol1.txt", "enrol-one\n")
	write("enrol2.txt", "enrol-two\n")
	copyTestdata(t, dir, "anmeldungen-online.csv")

	const id1 = "buchauer-nikolaus-waldlauf-2026@2026-12-06"
	if out := run("cloud", "event", "add", "--postgres", dsn, "--config", "one.toml", "--token-file", "enrol1.txt"); !strings.Contains(out, "/e/"+id1) {
		t.Errorf("event add said %q", out)
	}
	run("cloud", "event", "add", "--postgres", dsn, "--config", "two.toml", "--token-file", "enrol2.txt")
	run("cloud", "event", "add", "--postgres", dsn, "--config", "two.toml", "--token-file", "enrol2.txt") // again: no change

	urlA, _, _ := startServer(t, bin, dir, "cloud", "serve", "--postgres", dsn, "--listen", "127.0.0.1:0")
	urlB, _, _ := startServer(t, bin, dir, "cloud", "serve", "--postgres", dsn, "--listen", "127.0.0.1:0")
	for _, u := range []string{urlA, urlB} { // the load balancer's check, without a token
		if resp, err := http.Get(u + cloud.PathHealth); err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("health of %s: %v %v", u, resp, err)
		} else {
			resp.Body.Close()
		}
	}
	one := func(base string) string { return cloud.EventURL(base, id1) }
	two := func(base string) string { return cloud.EventURL(base, "zweiter-lauf") }

	// Desks start from nothing: the event comes from the cloud.
	run("sync", "--db", "a.db", "--desk", "Desk 1", "--cloud", one(urlA), "--token-file", "enrol1.txt", "--once")
	run("sync", "--db", "b.db", "--desk", "Desk 2", "--cloud", one(urlB), "--token-file", "enrol1.txt", "--once")
	run("sync", "--db", "c.db", "--desk", "Desk 1", "--cloud", two(urlB), "--token-file", "enrol2.txt", "--once")
	if code, _, errOut := runBin(t, bin, "sync", "--db", filepath.Join(dir, "x.db"), "--cloud", two(urlA), "--token-file", filepath.Join(dir, "enrol1.txt"), "--once"); code == 0 {
		t.Errorf("event one's enrolment token joined event two: %s", errOut)
	}
	run("register", "--db", "a.db", "--first", "Anna", "--last", "Eins", "--born", "1980", "--gender", "w", "--race", "10k")
	run("register", "--db", "c.db", "--first", "Carla", "--last", "Zwei", "--born", "1981", "--gender", "w", "--race", "10k")
	for _, db := range []string{"a.db", "c.db", "b.db"} {
		run("sync", "--db", db, "--once")
	}
	if got := run("find", "--db", "b.db", "Anna"); !strings.Contains(got, "Eins") {
		t.Errorf("desk B (through the other process) lacks desk A's runner: %s", got)
	}
	if got := run("list", "--db", "b.db", "--json"); strings.Contains(got, "Carla") {
		t.Error("event two's runner reached a desk of event one")
	}

	// Online registrations: on the database, again through the other
	// process's endpoint (nothing new), then at the desks.
	var first, again struct{ Created, Updated, Unchanged int }
	json.Unmarshal([]byte(run("cloud", "import", "--postgres", dsn, "--event", id1, "anmeldungen-online.csv", "--json")), &first)
	json.Unmarshal([]byte(run("cloud", "import", "--url", one(urlB), "--token-file", "enrol1.txt", "anmeldungen-online.csv")), &again)
	if first.Created != 280 || again.Created != 0 || again.Updated != 0 || again.Unchanged != 280 {
		t.Errorf("imports: first %+v, again %+v", first, again)
	}
	run("sync", "--db", "b.db", "--once")
	if got := run("find", "--db", "b.db", "Krüger"); !strings.Contains(got, "Hannah") {
		t.Errorf("an online registration did not reach desk B: %s", got)
	}

	// A desk corrects an online runner; a newer export changes the same
	// field: the cloud keeps the desk's work and lists a clash, whichever
	// process imports.
	var found []struct{ ID string }
	json.Unmarshal([]byte(run("find", "--db", "b.db", "Hannah Krüger", "--json")), &found)
	if len(found) != 1 {
		t.Fatalf("find Krüger: %+v", found)
	}
	run("edit", "--db", "b.db", "--id", found[0].ID, "--club", "LG Schreibtisch")
	run("sync", "--db", "b.db", "--once")
	csv, _ := os.ReadFile(filepath.Join(dir, "anmeldungen-online.csv"))
	write("newer.csv", strings.Replace(string(csv), "WR26-1000;Krüger;Hannah;weiblich;15.11.1947;;", "WR26-1000;Krüger;Hannah;weiblich;15.11.1947;TV Online;", 1))
	var third struct {
		Updated, Unchanged int
		Clashes            []any
	}
	json.Unmarshal([]byte(run("cloud", "import", "--url", one(urlA), "--token-file", "enrol1.txt", "newer.csv")), &third)
	if len(third.Clashes) != 1 || third.Updated != 0 || third.Unchanged != 280 {
		t.Errorf("a newer export over a desk's correction: %+v", third)
	}
	run("sync", "--db", "b.db", "--once")
	if got := run("find", "--db", "b.db", "Hannah Krüger", "--json"); !strings.Contains(got, "LG Schreibtisch") {
		t.Errorf("the import overwrote the desk's correction: %s", got)
	}

	// Tokens and the event list, per event.
	run("cloud", "token", "add", "--postgres", dsn, "--event", "zweiter-lauf", "--desk", "Desk D", "--out", "d.txt")
	if got := run("cloud", "token", "list", "--postgres", dsn, "--event", "zweiter-lauf"); !strings.Contains(got, "Desk D") || strings.Contains(got, "Desk 2") {
		t.Errorf("tokens of event two:\n%s", got)
	}
	var evs []struct {
		Identity string
		Changes  int
	}
	json.Unmarshal([]byte(run("cloud", "event", "list", "--postgres", dsn, "--json")), &evs)
	if len(evs) != 2 || evs[0].Changes < 281 {
		t.Errorf("events: %+v", evs)
	}

	// The embedded cloud's event moves in, and its desk keeps syncing.
	write("three.toml", strings.Replace(string(event), "name     = ", "id = \"dritter-lauf\"\nname = ", 1))
	write("token3.txt", "enrol-three\n")
	run("event", "init", "--config", "three.toml", "--db", "cloud3.db", "--desk", "cloud")
	urlC, _, stopC := startServer(t, bin, dir, "cloud", "serve", "--db", "cloud3.db", "--listen", "127.0.0.1:0", "--token-file", "token3.txt")
	run("import", "--db", "cloud3.db", "anmeldungen-online.csv") // into the running embedded cloud
	run("sync", "--db", "e.db", "--desk", "Desk 1", "--cloud", urlC, "--token-file", "token3.txt", "--once")
	stopC()
	got := run("cloud", "migrate", "--from", "cloud3.db", "--postgres", dsn, "--token-file", "token3.txt")
	if !strings.Contains(got, "checked: a copy built from PostgreSQL alone has the file's digest") {
		t.Errorf("migrate said:\n%s", got)
	}
	run("register", "--db", "e.db", "--first", "Emil", "--last", "Umzug", "--born", "1970", "--gender", "m", "--race", "10k")
	if got := run("sync", "--db", "e.db", "--cloud", urlA, "--once", "--json"); !strings.Contains(got, `"pulled": 0`) || !strings.Contains(got, `"pushed": 1`) {
		t.Errorf("the moved desk's first sync with the cloud on PostgreSQL (its header names the event): %s", got)
	}
}

func copyTestdata(t *testing.T, dir, name string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
		t.Fatal(err)
	}
}
