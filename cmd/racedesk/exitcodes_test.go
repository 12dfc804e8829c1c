package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// exitCase is a command line and the exit status it must have.
type exitCase struct {
	args string // $DB the event, $DIR a temporary directory, $NONE no database
	code int
}

// exitCases give, per command, a line that succeeds (0), one that is
// refused (1) and — for every command, added by the test — an unknown
// flag (2). Commands that serve until stopped have no 0 case here (they
// exit 0 when stopped; their tests start and stop them). The cases run
// in order on one event: later ones build on earlier ones.
var exitCases = map[string][]exitCase{
	"racedesk":                     {{"--db $NONE", 1}, {"stray-argument", 2}},
	"racedesk register":            {{"register --race 10k --first Anna --last Neu --born 1.2.1990 --gender w", 0}, {"register --race 10k --first Jörg --last Müller --born 31.02.1985 --gender m", 1}, {"register --race 10k --first A --last B --born 1.1.1990", 1}, {"register --race", 2}},
	"racedesk find":                {{"find neu", 0}, {"find neu --db $NONE", 1}, {"find", 2}},
	"racedesk list":                {{"list", 0}, {"list --race nosuch", 1}},
	"racedesk checkin":             {{"checkin --bib 1", 0}, {"checkin --bib 999", 1}, {"checkin", 2}},
	"racedesk pay":                 {{"register --race 10k --first Ben --last Ohm --born 3.4.1971 --gender m", 0}, {"pay --bib 2 --method cash", 0}, {"pay --bib 2 --method cash", 1}, {"pay --bib 2", 2}},
	"racedesk edit":                {{"edit --bib 1 --club Buchau", 0}, {"edit --bib 1 --born 31.02.1990", 1}, {"edit --bib 1", 2}},
	"racedesk history":             {{"history --bib 1", 0}, {"history --bib 999", 1}, {"history", 2}},
	"racedesk start":               {{"start --race 10k --time 10:00:00", 0}, {"start --race 10k --time 25:00:00", 1}, {"start", 2}},
	"racedesk finish":              {{"finish --bib 1 --time 10:40:03.4", 0}, {"finish --bib 1 --time 25:00:00", 1}, {"finish", 2}},
	"racedesk timing":              {{"timing", 0}, {"timing list --db $NONE", 1}, {"timing frob", 2}},
	"racedesk timing list":         {{"timing list", 0}, {"timing list --race nosuch", 1}},
	"racedesk timing insert":       {{"timing insert --bib 2 --time 10:45:00", 0}, {"timing insert --bib 2 --time 25:00:00", 1}, {"timing insert --bib 2", 2}},
	"racedesk timing time":         {{"timing time 2 --time 10:45:01", 0}, {"timing time 9 --time 10:45:01", 1}, {"timing time 2", 2}},
	"racedesk timing bib":          {{"timing bib 2 --bib 3", 0}, {"timing bib 2 --bib 0", 1}, {"timing bib 2", 2}},
	"racedesk timing void":         {{"timing void 2", 0}, {"timing void 2", 1}, {"timing void", 2}},
	"racedesk timing undo":         {{"timing undo", 0}, {"timing undo --db $NONE", 1}, {"timing undo extra", 2}},
	"racedesk results":             {{"results --race 10k", 0}, {"results --race nosuch", 1}, {"results", 2}, {"results --race 10k --teams", 0}, {"results --race 10k --teams --json", 0}, {"results --race nosuch --teams", 1}, {"results --race 10k --teams --gender w", 2}},
	"racedesk export participants": {{"export participants -o $DIR/p.csv", 0}, {"export participants --race nosuch", 1}, {"export participants --format xml", 2}},
	"racedesk export startlist":    {{"export startlist -o $DIR/s.csv", 0}, {"export startlist --race nosuch", 1}, {"export startlist --order age", 2}},
	"racedesk export checkin":      {{"export checkin -o $DIR/c.csv", 0}, {"export checkin --race nosuch", 1}},
	"racedesk export results":      {{"export results -o $DIR/r.csv", 0}, {"export results --race nosuch", 1}},
	"racedesk export teams":        {{"export teams -o $DIR/t.csv", 0}, {"export teams --race 10k --format json", 0}, {"export teams --race nosuch", 1}, {"export teams --format xml", 2}},
	"racedesk export":              {{"export", 0}, {"export participants --db $NONE", 1}, {"export frob", 2}},
	"racedesk import":              {{"import testdata/nachmeldungen.csv --dry-run", 0}, {"import $DIR/missing.csv", 1}, {"import", 2}},
	"racedesk delete":              {{"delete --bib 3 --race 10k --reason test", 1}, {"delete --bib 2 --reason test", 0}, {"delete --reason test", 2}},
	"racedesk print":               {{"print --db $NONE startlist --race 10k --to $DIR/x.bin", 1}, {"print", 2}},
	"racedesk print startlist":     {{"print startlist --race 10k --to $DIR/s.bin", 0}, {"print startlist --race nosuch --to $DIR/s.bin", 1}},
	"racedesk print labels":        {{"print labels --bib 1 --to $DIR/l.bin", 0}, {"print labels --bib 999 --to $DIR/l.bin", 1}},
	"racedesk print results":       {{"print results --race 10k --to $DIR/r.bin", 0}, {"print results --race nosuch --to $DIR/r.bin", 1}},
	"racedesk print teams":         {{"print teams --race 10k --to $DIR/t.bin", 0}, {"print teams --race 5k --to $DIR/t.bin", 1}, {"print teams --race nosuch --to $DIR/t.bin", 1}, {"print teams --to $DIR/t.bin", 2}},
	"racedesk print checkin":       {{"print checkin --to $DIR/c.bin", 0}, {"print checkin --to tcp://127.0.0.1:1", 1}},
	"racedesk print slip":          {{"print slip --bib 1 --to $DIR/f.bin", 0}, {"print slip --bib 999 --to $DIR/f.bin", 1}, {"print slip", 2}},
	"racedesk print cash":          {{"print cash --to $DIR/k.bin", 0}, {"print cash --to tcp://127.0.0.1:1", 1}, {"print cash --race 10k", 2}},
	"racedesk cash":                {{"cash", 0}, {"cash --only-desk nosuch", 1}, {"cash extra", 2}},
	"racedesk printers":            {{"printers", 0}, {"printers --json", 0}, {"printers extra", 2}},
	"racedesk a4":                  {{"a4", 0}, {"a4 results --db $NONE", 1}, {"a4 frob", 2}},
	"racedesk a4 startlist":        {{"a4 startlist -o $DIR/a4-start.html", 0}, {"a4 startlist --race nosuch -o $DIR/a4-x.html", 1}, {"a4 startlist --order age", 2}},
	"racedesk a4 results":          {{"a4 results --race 10k -o $DIR/a4-results.html", 0}, {"a4 results --class W99 -o $DIR/a4-x.html", 1}, {"a4 results --top -1", 2}},
	"racedesk a4 certificates":     {{"a4 certificates --bib 1 -o $DIR/a4-cert.html", 0}, {"a4 certificates --template $DIR/missing.html", 1}, {"a4 certificates --bib 1 --top 3", 2}},
	"racedesk a4 template":         {{"a4 template certificate -o $DIR/urkunde.html", 0}, {"a4 template results -o $DIR/no/such/dir/t.html", 1}, {"a4 template frob", 2}},
	"racedesk backup":              {{"backup --to $DIR/backup.db", 0}, {"backup --to $DIR/no/such/dir/backup.db", 1}, {"backup", 2}},
	"racedesk event":               {{"event", 0}, {"event show --db $NONE", 1}, {"event frob", 2}},
	"racedesk event show":          {{"event show", 0}, {"event show --db $NONE", 1}},
	"racedesk event init":          {{"event init --config testdata/event.toml --db $DIR/new.db --desk Ziel", 0}, {"event init --config $DIR/missing.toml --db $DIR/new2.db", 1}, {"event init", 2}},
	"racedesk demo":                {{"demo --db $DIR/demo.db --runners 2", 0}, {"demo --db $DIR/demo.db", 1}, {"demo --runners -1", 2}},
	"racedesk pool":                {{"pool --race 10k --bibs 300-349", 0}, {"pool --race 10k --bibs 500-599", 1}, {"pool --race 10k --bibs 99-1", 2}},
	"racedesk pending":             {{"pending", 0}, {"pending purge --db $NONE --since 10m", 1}, {"pending frob", 2}},
	"racedesk pending purge":       {{"pending purge --since 10m --dry-run", 0}, {"pending purge --db $NONE --since 10m", 1}, {"pending purge", 2}},
	"racedesk purge":               {{"purge --dry-run", 1}, {"purge --db $NONE", 1}},
	"racedesk sync":                {{"sync --once --cloud http://127.0.0.1:1 --token-file $DIR/missing.txt", 1}, {"sync --hub http://a --cloud http://b", 2}},
	"racedesk cloud":               {{"cloud", 0}, {"cloud token list --db $NONE", 1}, {"cloud frob", 2}},
	"racedesk cloud event":         {{"cloud event", 0}, {"cloud event list --postgres host=$DIR/nopg", 1}, {"cloud event frob", 2}},
	"racedesk cloud event add":     {{"cloud event add --postgres host=$DIR/nopg --config testdata/event.toml --token-file testdata/event.toml", 1}, {"cloud event add", 2}},
	"racedesk cloud event list":    {{"cloud event list --postgres host=$DIR/nopg", 1}, {"cloud event list", 2}},
	"racedesk cloud import":        {{"cloud import --postgres host=$DIR/nopg testdata/nachmeldungen.csv", 1}, {"cloud import testdata/nachmeldungen.csv", 2}},
	"racedesk cloud migrate":       {{"cloud migrate --from $NONE --postgres host=$DIR/nopg", 1}, {"cloud migrate", 2}},
	"racedesk cloud serve":         {{"cloud serve --listen 127.0.0.1:0 --token-file $DIR/missing.txt", 1}, {"cloud serve", 2}},
	"racedesk cloud token":         {{"cloud token", 0}, {"cloud token list --db $NONE", 1}, {"cloud token frob", 2}},
	"racedesk cloud token add":     {{"cloud token add --desk Desk3 --out $DIR/desk3.token", 0}, {"cloud token add --db $NONE --desk Desk3", 1}, {"cloud token add", 2}},
	"racedesk cloud token list":    {{"cloud token list", 0}, {"cloud token list --db $NONE", 1}},
	"racedesk cloud token revoke":  {{"cloud token revoke Desk3", 0}, {"cloud token revoke nosuch", 1}, {"cloud token revoke", 2}},
	"racedesk hotspot":             {{"hotspot --db $NONE --listen 127.0.0.1:0", 1}, {"hotspot --form-per-minute x", 2}},
	"racedesk hub":                 {{"hub --listen 127.0.0.1:0 --token-file $DIR/missing.txt", 1}, {"hub", 2}},
	"racedesk version":             {{"version", 0}, {"version --json", 0}, {"version extra", 2}},
}

// The exit status of every command: 0 done, 1 refused or failed, 2 usage
// (docs/json.md). A command added without its cases fails here.
func TestEveryCommandExitsZeroOneOrTwoAsDocumented(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(t.TempDir(), "event.db")
	if code, _, stderr := cli(t, "demo", "--db", db, "--runners", "20"); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	commands := runnableCommands(newRootCmd(&globals{}))
	for _, c := range commands {
		if _, ok := exitCases[c]; !ok {
			t.Errorf("%s has no exit cases", c)
		}
	}
	names := make([]string, 0, len(exitCases))
	for name := range exitCases {
		names = append(names, name)
	}
	sort.Strings(names)
	// The order the cases build on: the desk's day, then the rest.
	order := []string{"racedesk register", "racedesk find", "racedesk list", "racedesk checkin", "racedesk pay", "racedesk edit",
		"racedesk history", "racedesk start", "racedesk finish", "racedesk timing list", "racedesk timing insert",
		"racedesk timing time", "racedesk timing bib", "racedesk timing void", "racedesk timing undo"}
	sort.SliceStable(names, func(i, j int) bool { return rank(order, names[i]) < rank(order, names[j]) })
	none := filepath.Join(dir, "none.db")
	for _, name := range names {
		for _, c := range exitCases[name] {
			line := strings.NewReplacer("$DB", db, "$DIR", dir, "$NONE", none).Replace(c.args)
			args := strings.Fields(line)
			if !strings.Contains(line, "--db") {
				args = append([]string{"--db", db}, args...)
			}
			args = append(args, "--lang", "en")
			if code, out, stderr := cli(t, args...); code != c.code {
				t.Errorf("%s: exit %d, want %d\n%s%s", c.args, code, c.code, out, stderr)
			} else if c.code == 1 && !strings.HasPrefix(stderr, "racedesk: ") && !strings.Contains(stderr, "\nracedesk: ") && !strings.Contains(out, "!") {
				t.Errorf("%s: exit 1 without saying why: %q", c.args, stderr)
			}
		}
		// Every command: an unknown flag is a usage error, in the event's
		// language.
		flagArgs := append(strings.Fields(strings.TrimPrefix(name, "racedesk")), "--db", db, "--no-such-flag")
		code, _, stderr := cli(t, flagArgs...)
		if code != 2 || !strings.Contains(stderr, "unbekannte Option: --no-such-flag") {
			t.Errorf("%s --no-such-flag: exit %d, want 2 in German: %q", name, code, stderr)
		}
	}
	os.Remove(none)
}

func rank(order []string, name string) int {
	for i, o := range order {
		if o == name {
			return i
		}
	}
	return len(order)
}

// runnableCommands are the paths of every command one can run.
func runnableCommands(c *cobra.Command) []string {
	var out []string
	if c.Runnable() && c.Name() != "help" && c.Name() != "completion" && (c.Parent() == nil || c.Parent().Name() != "completion") {
		out = append(out, c.CommandPath())
	}
	for _, sub := range c.Commands() {
		out = append(out, runnableCommands(sub)...)
	}
	return out
}
