package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// registerRunner registers a runner with args (race, names, …) at Desk 1
// and returns them.
func registerRunner(t *testing.T, db string, args ...string) model.Participant {
	t.Helper()
	code, out, stderr := cli(t, append([]string{"register", "--db", db, "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("register %v: exit %d: %s", args, code, stderr)
	}
	var p struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	return readRunner(t, db, p.ID)
}

// joerg is a late entry in the 10 km (late fee 20,00 €) with bib 1.
func joerg(t *testing.T, db string) model.Participant {
	t.Helper()
	return registerRunner(t, db, "--race", "10k", "--first", "Jörg", "--last", "Müller", "--born", "12.3.85", "--gender", "m")
}

// phoneRunner is a registration made on a phone: pending, with a code.
func phoneRunner(t *testing.T, db string) model.Participant {
	t.Helper()
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p, err := s.RegisterPending(model.ParticipantInput{Race: "5k", First: "Anna", Last: "Weiß", Born: "2001", Gender: "w"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// readRunner reads a runner as stored now.
func readRunner(t *testing.T, db, id string) model.Participant {
	t.Helper()
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// twinDBs builds two event databases the same way: one for a desk to
// hold, one to run a command on without a desk.
func twinDBs(t *testing.T, setup func(db string)) (held, closed string) {
	t.Helper()
	held, closed = newEventDB(t), newEventDB(t)
	setup(held)
	setup(closed)
	return held, closed
}

// inDesk runs a command line while a desk holds db: the command line
// sends it over the desk's control socket and the desk runs it on its
// open store.
func inDesk(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stop, err := store.ServeControl(s, commandControl(s))
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	return cli(t, append(args, "--db", db)...)
}

// unstable is what differs between two databases built the same way:
// IDs (participants, devices) and times.
var unstable = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d\d\.\d\d\. \d\d:\d\d|"at": "[^"]*"|"at_ms": \d+`)

// sameInDesk runs args (without --db) on held while a desk holds it and
// on closed without a desk, and fails unless both say the same.
func sameInDesk(t *testing.T, held, closed string, args ...string) (int, string, string) {
	t.Helper()
	wantCode, wantOut, wantErr := cli(t, append(args, "--db", closed)...)
	code, out, stderr := inDesk(t, held, args...)
	mask := func(s string) string { return unstable.ReplaceAllString(s, "…") }
	if code != wantCode || mask(out) != mask(wantOut) || mask(stderr) != mask(wantErr) {
		t.Errorf("%v in the desk: exit %d\n%s%s\nwithout a desk: exit %d\n%s%s", args, code, out, stderr, wantCode, wantOut, wantErr)
	}
	return code, out, stderr
}

func TestPay(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		code      int
		say       []string // in stdout (exit 0) or stderr
		method    model.PayMethod
		paidCents int
	}{
		{"cash takes the late fee a desk entry owes", []string{"--lang", "en", "--bib", "1", "--method", "cash"}, 0,
			[]string{"payment saved: Jörg Müller · 10 km Hauptlauf · bib 1", "paid 20,00 € (cash)"}, model.Cash, 2000},
		{"a German desk takes a card payment", []string{"--lang", "de", "--bib", "1", "--method", "Karte"}, 0,
			[]string{"Zahlung gespeichert: Jörg Müller", "bezahlt 20,00 € (Karte)"}, model.Card, 2000},
		{"an amount given is taken as typed", []string{"--lang", "en", "--bib", "1", "--race", "10k", "--method", "online", "--amount", "15,5"}, 0,
			[]string{"paid 15,50 € (online)"}, model.Online, 1550},
		{"an unknown method is refused, naming the field", []string{"--lang", "en", "--bib", "1", "--method", "bitcoin"}, 1,
			[]string{`payment "bitcoin": expected cash, card or online`}, model.Unpaid, 0},
		{"an unknown method is refused in German", []string{"--lang", "de", "--bib", "1", "--method", "bitcoin"}, 1,
			[]string{`Zahlung "bitcoin": erwartet bar, Karte oder online`}, model.Unpaid, 0},
		{"unpaid is no way of paying", []string{"--lang", "en", "--bib", "1", "--method", "no"}, 1,
			[]string{`payment "no": expected cash, card or online`}, model.Unpaid, 0},
		{"a bad amount is refused, naming the field", []string{"--lang", "en", "--bib", "1", "--method", "cash", "--amount", "20 Euro"}, 1,
			[]string{`amount paid "20 Euro": expected an amount in euros`}, model.Unpaid, 0},
		{"a bad amount is refused in German", []string{"--lang", "de", "--bib", "1", "--method", "cash", "--amount", "-5"}, 1,
			[]string{`bezahlter Betrag "-5": erwartet einen Betrag in Euro`}, model.Unpaid, 0},
		{"a bib nobody holds is refused", []string{"--lang", "en", "--bib", "42", "--method", "cash"}, 1,
			[]string{"no participant with bib 42"}, model.Unpaid, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newEventDB(t)
			p := joerg(t, db)
			before := logLen(t, db)
			code, out, stderr := cli(t, append([]string{"pay", "--db", db}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d (stdout %q, stderr %q)", code, tt.code, out, stderr)
			}
			said := out
			if code != 0 {
				said = stderr
				if out != "" {
					t.Errorf("refused, yet printed %q", out)
				}
			}
			for _, want := range tt.say {
				if !strings.Contains(said, want) {
					t.Errorf("output lacks %q:\n%s", want, said)
				}
			}
			got := readRunner(t, db, p.ID)
			if got.PayMethod != tt.method || got.PaidCents != tt.paidCents {
				t.Errorf("stored payment %q %d, want %q %d", got.PayMethod, got.PaidCents, tt.method, tt.paidCents)
			}
			if tt.code != 0 && logLen(t, db) != before {
				t.Errorf("a refused payment wrote to the change log")
			}
		})
	}
}

func TestPayRefusesARunnerWhoPaidAndChangesNothing(t *testing.T) {
	db := newEventDB(t)
	p := joerg(t, db)
	if code, _, stderr := cli(t, "pay", "--db", db, "--bib", "1", "--method", "cash"); code != 0 {
		t.Fatalf("first payment: %s", stderr)
	}
	before := logLen(t, db)
	for lang, want := range map[string]string{
		"en": "payment: Jörg Müller has paid already: 20,00 € (cash) — nothing changed",
		"de": "Zahlung: Jörg Müller hat schon bezahlt: 20,00 € (bar) — nichts geändert",
	} {
		code, out, stderr := cli(t, "pay", "--db", db, "--lang", lang, "--id", p.ID, "--method", "card", "--amount", "5")
		if code != 1 || out != "" || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and %q", lang, code, out, stderr, want)
		}
	}
	if got := readRunner(t, db, p.ID); got.PayMethod != model.Cash || got.PaidCents != 2000 || logLen(t, db) != before {
		t.Errorf("the second payment changed the runner: %q %d", got.PayMethod, got.PaidCents)
	}
}

func TestPayByPhoneCodeTakesTheLateFee(t *testing.T) {
	db := newEventDB(t)
	p := phoneRunner(t, db)
	code, out, stderr := cli(t, "pay", "--db", db, "--code", strings.ToLower(p.Code), "--method", "cash", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Participant struct {
			ID        string `json:"id"`
			PayMethod string `json:"pay_method"`
			RaceName  string `json:"race_name"`
		} `json:"participant"`
		PaidCents *int `json:"paid_cents"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if got.Participant.ID != p.ID || got.Participant.PayMethod != "cash" || got.Participant.RaceName != "5 km Volkslauf" ||
		got.PaidCents == nil || *got.PaidCents != 1300 {
		t.Errorf("json %s", out)
	}
	if s := readRunner(t, db, p.ID); s.PaidCents != 1300 || s.Status != model.Pending {
		t.Errorf("stored %d %q", s.PaidCents, s.Status)
	}
}

func TestPayUsageErrorsExitTwo(t *testing.T) {
	db := newEventDB(t)
	joerg(t, db)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--bib", "1"}, "--method is required"},
		{[]string{"--method", "cash"}, "give exactly one of --bib, --id, --code"},
		{[]string{"--bib", "1", "--code", "K7M2QX", "--method", "cash"}, "give exactly one of --bib, --id, --code"},
		{[]string{"--bib", "x", "--method", "cash"}, `invalid value "x" for --bib`},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, stderr := cli(t, append([]string{"pay", "--db", db, "--lang", "en"}, tt.args...)...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
	code, _, stderr := cli(t, "pay", "--db", db, "--lang", "de", "--bib", "1")
	if code != 2 || !strings.Contains(stderr, "--method fehlt") {
		t.Errorf("German: exit %d, stderr %q", code, stderr)
	}
}

func TestPayWhileADeskHoldsTheDatabase(t *testing.T) {
	db, closed := twinDBs(t, func(db string) { joerg(t, db) })
	for _, args := range [][]string{
		{"pay", "--lang", "en", "--bib", "1", "--method", "cash"},
		{"pay", "--lang", "de", "--bib", "1", "--method", "Bitcoin"},
		{"pay", "--lang", "en", "--bib", "1", "--method", "card", "--json"},
	} {
		sameInDesk(t, db, closed, args...)
	}
	if got, err := byBibIn(t, db, 1); err != nil || got.PayMethod != model.Cash || got.PaidCents != 2000 {
		t.Errorf("the desk's store holds %q %d (%v)", got.PayMethod, got.PaidCents, err)
	}
}

// byBibIn reads the runner holding bib in db.
func byBibIn(t *testing.T, db string, bib int) (model.Participant, error) {
	t.Helper()
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return s.FindBib(bib)
}

// checkin --pay takes what the runner owes with the check-in, as the
// desk's Enter asks for it; who paid already pays nothing more.
func TestCheckinPayTakesWhatIsOwedInTheSameChange(t *testing.T) {
	db := newEventDB(t)
	if code, _, stderr := cli(t, "register", "--db", db, "--race", "10k", "--first", "Anna", "--last", "Neu", "--born", "1.2.1990", "--gender", "w"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := cli(t, "register", "--db", db, "--race", "10k", "--first", "Ben", "--last", "Ohm", "--born", "3.4.1971", "--gender", "m", "--paid", "online"); code != 0 {
		t.Fatal(stderr)
	}
	before := logLen(t, db)
	if code, _, stderr := cli(t, "checkin", "--db", db, "--lang", "en", "--bib", "1", "--pay", "bitcoin"); code != 1 || !strings.Contains(stderr, "payment") {
		t.Errorf("--pay bitcoin: exit %d %q", code, stderr)
	}
	if logLen(t, db) != before {
		t.Error("a refused check-in wrote")
	}
	for _, c := range []struct {
		bib, method string
	}{{"1", "cash"}, {"2", "online"}} {
		code, out, stderr := cli(t, "checkin", "--db", db, "--lang", "en", "--bib", c.bib, "--pay", "cash", "--json")
		var res struct {
			Participant struct {
				PayMethod string `json:"pay_method"`
				PaidCents int    `json:"paid_cents"`
			}
		}
		if err := json.Unmarshal([]byte(out), &res); code != 0 || err != nil {
			t.Fatalf("checkin --pay: exit %d %v %s", code, err, stderr)
		}
		if res.Participant.PayMethod != c.method || res.Participant.PaidCents == 0 {
			t.Errorf("bib %s: paid %d by %q, want by %s", c.bib, res.Participant.PaidCents, res.Participant.PayMethod, c.method)
		}
	}
	if after := logLen(t, db); after != before+2 {
		t.Errorf("two check-ins with payment wrote %d changes, want 2 (one each)", after-before)
	}
}
