package store_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// cashDay is a race day of three desks and a cloud that sync through the
// store's own sync API (push, feed, apply), as syncclient does over the
// wire. truth is what each desk did to payments, as it saw them: per desk
// ("" the import), per runner, the payment after minus the one before each
// of its actions.
type cashDay struct {
	t      *testing.T
	rng    *rand.Rand
	clock  *tickClock
	cloud  *store.Store
	desks  []*store.Store
	names  []string
	cursor []uint64
	ids    []string
	truth  map[string]map[string]model.CashAmounts
	n      map[string]int // actions that changed a payment, by kind
	ext    int
}

// tickClock moves a millisecond on every read, so stamps differ like real
// ones.
type tickClock struct{ t time.Time }

func (c *tickClock) Now() time.Time { c.t = c.t.Add(time.Millisecond); return c.t }

func newCashDay(t *testing.T, seed uint64) *cashDay {
	ev := exampleEvent(t)
	d := &cashDay{t: t, rng: rand.New(rand.NewPCG(seed, seed^0x5eed)), clock: &tickClock{t: pinned},
		names: []string{"Desk 1", "Desk 2", "Desk 3"}, truth: map[string]map[string]model.CashAmounts{}, n: map[string]int{}}
	dir := t.TempDir()
	var err error
	d.cloud, err = store.Create(filepath.Join(dir, "cloud.db"), ev, "cloud", store.Options{Now: d.clock.Now, Cloud: true})
	if err != nil {
		t.Fatal(err)
	}
	keep(t, d.cloud)
	if err := d.cloud.ServeAsCloud(); err != nil {
		t.Fatal(err)
	}
	for _, name := range d.names {
		s, err := store.Create(filepath.Join(dir, name+".db"), ev, name, store.Options{Now: d.clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		d.desks = append(d.desks, keep(t, s))
		d.cursor = append(d.cursor, 0)
	}
	return d
}

// sync is one round of desk i with the cloud.
func (d *cashDay) sync(i int) {
	d.t.Helper()
	s := d.desks[i]
	out, err := s.Outbox(0)
	if err != nil {
		d.t.Fatal(err)
	}
	ack, err := d.cloud.Push(s.Device().ID, out)
	if err != nil {
		d.t.Fatal(err)
	}
	feed, next, _, err := d.cloud.Feed(d.cursor[i], s.Device().ID, 0)
	if err != nil {
		d.t.Fatal(err)
	}
	res, err := s.ApplySync(ack, feed, next, nil)
	if err != nil {
		d.t.Fatal(err)
	}
	if res.Reidentify {
		d.t.Fatalf("desk %d: %s", i, res.Why)
	}
	d.cursor[i] = next
}

// syncAll syncs until every desk holds everything.
func (d *cashDay) syncAll() {
	for range 2 {
		for i := range d.desks {
			d.sync(i)
		}
	}
}

// book adds what desk did to id's payment (before → after) to the truth.
func (d *cashDay) book(desk, id string, before, after model.Participant) {
	if before.PayMethod == after.PayMethod && before.PaidCents == after.PaidCents {
		return
	}
	if d.truth[desk] == nil {
		d.truth[desk] = map[string]model.CashAmounts{}
	}
	a := d.truth[desk][id]
	a.Add(before.PayMethod, -before.PaidCents)
	a.Add(after.PayMethod, after.PaidCents)
	d.truth[desk][id] = a
}

// letters spells n in letters (names may not hold digits): 0 a, 1 b, 26 ba.
func letters(n int) string {
	s := string(rune('a' + n%26))
	for n /= 26; n > 0; n /= 26 {
		s = string(rune('a'+n%26)) + s
	}
	return s
}

var cashMethods = []model.PayMethod{model.Cash, model.Card, model.Online, model.Unpaid}

// importRows imports n registrations at desk 0 (most paid online), and
// sometimes a new payment for runners imported before.
func (d *cashDay) importRows(n int) {
	d.t.Helper()
	s := d.desks[0]
	var rows []store.ImportRow
	for range n {
		d.ext++
		in := model.ParticipantInput{First: "Imp", Last: "Runner" + letters(d.ext), Born: strconv.Itoa(1960 + d.ext%40),
			Gender: []string{"M", "W"}[d.ext%2], Race: []string{"10k", "5k"}[d.ext%2], Source: model.SourceImport,
			ExternalID: "ext-" + strconv.Itoa(d.ext)}
		if d.rng.IntN(10) < 8 {
			in.Paid = "online"
		}
		rows = append(rows, store.ImportRow{Line: len(rows) + 2, Input: in})
	}
	for i := 1; i <= d.ext-n && len(rows) < 2*n; i++ {
		if d.rng.IntN(8) == 0 { // a later export: paid since, or paid another amount
			in := model.ParticipantInput{First: "Imp", Last: "Runner" + letters(i), Born: strconv.Itoa(1960 + i%40),
				Gender: []string{"M", "W"}[i%2], Race: []string{"10k", "5k"}[i%2], Source: model.SourceImport,
				ExternalID: "ext-" + strconv.Itoa(i), Paid: "online", Amount: strconv.Itoa(10 + d.rng.IntN(10))}
			rows = append(rows, store.ImportRow{Line: len(rows) + 2, Input: in})
		}
	}
	befores := map[string]model.Participant{}
	for _, id := range d.ids {
		if p, err := s.Get(id); err == nil {
			befores[id] = p
		}
	}
	res, err := s.Import(rows, store.ImportOptions{})
	if err != nil {
		d.t.Fatal(err)
	}
	for _, r := range res.Rows {
		if r.Outcome == store.Rejected {
			d.t.Fatalf("import line %d rejected: %v", r.Line, r.Err)
		}
		switch r.Outcome {
		case store.Created:
			d.ids = append(d.ids, r.Participant.ID)
			d.book("", r.Participant.ID, model.Participant{}, r.Participant)
			d.n["import"]++
		case store.Updated:
			d.book("", r.Participant.ID, befores[r.Participant.ID], r.Participant)
			d.n["import update"]++
		}
	}
}

// act does one random thing at desk i.
func (d *cashDay) act(i int) {
	d.t.Helper()
	s, desk := d.desks[i], d.names[i]
	rng := d.rng
	id := d.ids[rng.IntN(len(d.ids))]
	before, err := s.Get(id)
	if err != nil || before.Status == model.Deleted {
		return // not here yet, or gone
	}
	var after model.Participant
	kind := ""
	switch r := rng.IntN(100); {
	case r < 35: // a payment, of the fee or an amount typed
		cents := -1
		if rng.IntN(3) == 0 {
			cents = 100 * (5 + rng.IntN(20))
		}
		after, err = s.TakePayment(id, cashMethods[rng.IntN(len(cashMethods))], cents)
		kind = "pay"
	case r < 55: // check-in, paying at once or later
		var res store.CheckInResult
		res, err = s.CheckInPaying(id, cashMethods[rng.IntN(len(cashMethods))])
		after, kind = res.Participant, "checkin"
	case r < 70: // a walk-in, registered paying
		in := model.ParticipantInput{First: "Walk", Last: "In" + letters(rng.IntN(1_000_000)), Born: "1990",
			Gender: "W", Race: []string{"10k", "5k", "bambini"}[rng.IntN(3)], Bib: "auto", Source: model.SourceDesk,
			Paid: []string{"cash", "card", "", "online"}[rng.IntN(4)]}
		if in.Race == "bambini" {
			in.Born = "2020"
		}
		if rng.IntN(4) == 0 && in.Paid != "" {
			in.Amount = strconv.Itoa(5 + rng.IntN(20))
		}
		if rng.IntN(2) == 0 {
			in.Status = string(model.CheckedIn)
		}
		after, err = s.Register(in, store.RegisterOptions{Late: true})
		if err == nil {
			d.ids = append(d.ids, after.ID)
			id, before = after.ID, model.Participant{}
		}
		kind = "register"
	case r < 85: // undo one of this desk's recent changes
		own, lerr := s.RecentOwn(8)
		if lerr != nil {
			d.t.Fatal(lerr)
		}
		if len(own) == 0 {
			return
		}
		ch := own[rng.IntN(len(own))]
		if before, err = s.Get(ch.ID); err != nil {
			d.t.Fatal(err)
		}
		id = ch.ID
		after, _, err = s.Revert(ch.Seq)
		kind = "undo"
	case r < 90:
		after, err = s.Delete(id, "test")
		kind = "delete"
	case r < 93:
		after, err = s.SetStatus(id, model.DNS)
		kind = "dns"
	case r < 94: // the file was copied: its waiting changes are logged again under a new identity
		if err := s.Reidentify("test"); err != nil {
			d.t.Fatal(err)
		}
		d.cursor[i] = 0
		d.n["reidentify"]++
		return
	default:
		d.sync(i)
		return
	}
	if err != nil {
		return // refused (no bib left in a pool, nothing to undo, …): nothing changed
	}
	if after.PayMethod != before.PayMethod || after.PaidCents != before.PaidCents {
		d.n[kind]++
	}
	d.book(desk, id, before, after)
}

// plain recomputes the report's totals from the participants and their
// histories the simplest way: every change of a counted runner that sets
// a payment field is, at its desk (or the import), the new payment less
// the one before.
func plain(t *testing.T, s *store.Store) (event, late model.CashAmounts, desks map[string]model.CashAmounts, paid int) {
	t.Helper()
	desks = map[string]model.CashAmounts{}
	var ps []model.Participant
	err := s.EachParticipant(func(p *model.Participant) error {
		if p.Status != model.Deleted && p.Status != model.Withdrawn {
			ps = append(ps, *p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		event.Add(p.PayMethod, p.PaidCents)
		if p.Source == model.SourceDesk || p.Source == model.SourceHotspot {
			late.Add(p.PayMethod, p.PaidCents)
		}
		paid += p.PaidCents
		hist, err := s.History(p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var cur model.Participant
		seen := map[string]bool{}
		for _, ch := range hist {
			next, fields := cur, fmt.Sprint(ch.HLC)
			for _, f := range ch.Fields {
				if f.Field == model.FPayMethod || f.Field == model.FPaidCents {
					if err := next.SetField(f.Field, f.Value); err != nil {
						t.Fatal(err)
					}
					fields += " " + f.Field + "=" + f.Value
				}
			}
			if seen[fields] {
				continue // a copy of a change (the file took a new identity)
			}
			seen[fields] = true
			if next.PayMethod == cur.PayMethod && next.PaidCents == cur.PaidCents {
				continue
			}
			who := ch.Desk
			if ch.Origin == store.OriginImport {
				who = ""
			}
			a := desks[who]
			a.Add(cur.PayMethod, -cur.PaidCents)
			a.Add(next.PayMethod, next.PaidCents)
			desks[who] = a
			cur = next
		}
		if cur.PayMethod != p.PayMethod || cur.PaidCents != p.PaidCents {
			t.Errorf("%s: the history ends at %s %d, the record says %s %d", p.ID, cur.PayMethod, cur.PaidCents, p.PayMethod, p.PaidCents)
		}
	}
	for k, a := range desks {
		if a == (model.CashAmounts{}) {
			delete(desks, k)
		}
	}
	return event, late, desks, paid
}

// checkAddsUp compares the report of s with the plain recomputation.
func checkAddsUp(t *testing.T, s *store.Store, when string) model.CashReport {
	t.Helper()
	r, err := s.CashReport()
	if err != nil {
		t.Fatal(err)
	}
	event, late, desks, paid := plain(t, s)
	if r.Event.Paid != event || r.Event.LateFees != late {
		t.Errorf("%s at %s: event paid %+v late %+v, the participants say %+v and %+v", when, s.Device().Desk, r.Event.Paid, r.Event.LateFees, event, late)
	}
	if r.Event.Paid.Total != paid {
		t.Errorf("%s at %s: event total %d, the participants paid %d", when, s.Device().Desk, r.Event.Paid.Total, paid)
	}
	got := map[string]model.CashAmounts{}
	var sum model.CashAmounts
	for _, d := range r.Desks {
		k := d.Desk
		if d.Import {
			k = ""
		}
		if d.Paid != (model.CashAmounts{}) {
			got[k] = d.Paid
		}
		for _, m := range model.CashMethods {
			sum.Add(m, d.Paid.Of(m))
		}
	}
	if !reflect.DeepEqual(got, desks) {
		t.Errorf("%s at %s: desks\n got  %v\n want %v", when, s.Device().Desk, got, desks)
	}
	if sum != r.Event.Paid {
		t.Errorf("%s at %s: the desks add up to %+v, the event to %+v", when, s.Device().Desk, sum, r.Event.Paid)
	}
	return r
}

// The cash report adds up to the payments in the store: on a randomized
// race day — an import paid online, three desks taking payments, checking
// in paying or not, registering walk-ins with payment, undoing their own
// changes, deleting runners, syncing now and then — every desk's report
// has per method and per desk what a plain recomputation from the
// participants and their histories gives, and an event total equal to
// what the counted participants paid; on its own laptop, a desk's bookings
// are exactly the payment changes it made; once synced, every laptop has
// the same totals.
func TestTheCashReportAddsUpToThePaymentsOnARandomizedDay(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			d := newCashDay(t, seed)
			d.importRows(120)
			d.syncAll()
			for round := range 6 {
				for range 120 {
					d.act(d.rng.IntN(len(d.desks)))
				}
				if round == 2 {
					d.importRows(20)
				}
				for _, s := range d.desks {
					checkAddsUp(t, s, fmt.Sprintf("round %d", round))
				}
			}
			d.syncAll()
			var first model.CashReport
			for i, s := range d.desks {
				r := checkAddsUp(t, s, "synced")
				if i == 0 {
					first = r
				} else if r.Event != first.Event || !reflect.DeepEqual(r.Open, first.Open) || !reflect.DeepEqual(r.CheckedInUnpaid, first.CheckedInUnpaid) {
					t.Errorf("synced: %s has other totals than %s", d.names[i], d.names[0])
				}
				// On its own laptop a desk booked exactly what it did.
				own := d.names[i]
				if i == 0 {
					d.checkOwn(s, r, "", true)
				}
				d.checkOwn(s, r, own, false)
			}
			for _, kind := range []string{"import", "pay", "checkin", "register", "undo"} {
				if d.n[kind] < 3 {
					t.Errorf("only %d payment changes by %s: the day does not exercise the report (%v)", d.n[kind], kind, d.n)
				}
			}
			t.Logf("payment changes: %v; %d runners paid, %d desks", d.n, first.PaidRunners, len(first.Desks))
		})
	}
}

// checkOwn compares a desk's (or the import's) row on its own laptop with
// what it did to the runners counted there.
func (d *cashDay) checkOwn(s *store.Store, r model.CashReport, desk string, imp bool) {
	d.t.Helper()
	var want model.CashAmounts
	for id, a := range d.truth[desk] {
		p, err := s.Get(id)
		if err != nil || p.Status == model.Deleted || p.Status == model.Withdrawn {
			continue
		}
		for _, m := range model.CashMethods {
			want.Add(m, a.Of(m))
		}
	}
	var got model.CashAmounts
	for _, dc := range r.Desks {
		if dc.Import == imp && (imp || dc.Desk == desk) {
			got = dc.Paid
		}
	}
	if got != want {
		d.t.Errorf("%q on its own laptop: report %+v, it did %+v", desk, got, want)
	}
}

// BenchmarkCashReport is the report of 50,000 runners, 85 % of them paid
// online by the import and the rest paying cash at the desk: every paid
// runner's history is read (what the desk's cash view does once per
// change while it is shown).
func BenchmarkCashReport(b *testing.B) {
	s := newBenchStore(b)
	rng := rand.New(rand.NewPCG(3, 4))
	ins := benchRunners(rng, bigN, "auto")
	for i := range ins {
		if rng.IntN(100) < 85 {
			ins[i].Paid = "online"
		}
	}
	ps, rejected, err := s.RegisterMany(ins, store.RegisterOptions{Origin: store.OriginImport})
	if err != nil || len(rejected) > 0 {
		b.Fatal(err, rejected)
	}
	for _, p := range ps[:2000] {
		if !p.Paid() {
			if _, err := s.CheckInPaying(p.ID, model.Cash); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	for range b.N {
		if _, err := s.CashReport(); err != nil {
			b.Fatal(err)
		}
	}
}

// deskRow is a desk's row of a report as "cash card online other".
func deskRow(r model.CashReport, desk string, imp bool) string {
	for _, d := range r.Desks {
		if d.Import == imp && (imp || d.Desk == desk) {
			return fmt.Sprintf("%d %d %d %d", d.Paid.Cash, d.Paid.Card, d.Paid.Online, d.Paid.Other)
		}
	}
	return "-"
}

// Who a payment is booked to, through the store's API and sync, at the
// laptop of each desk.
func TestCashReportBooksEachPaymentChangeToTheDeskThatMadeIt(t *testing.T) {
	type step func(d *cashDay, id string)
	pay := func(desk int, m model.PayMethod, cents int) step {
		return func(d *cashDay, id string) {
			if _, err := d.desks[desk].TakePayment(id, m, cents); err != nil {
				t.Fatal(err)
			}
		}
	}
	undo := func(desk int) step {
		return func(d *cashDay, id string) {
			own, err := d.desks[desk].RecentOwn(1)
			if err != nil || len(own) == 0 {
				t.Fatal(err, own)
			}
			if _, _, err := d.desks[desk].Revert(own[0].Seq); err != nil {
				t.Fatal(err)
			}
		}
	}
	del := func(desk int) step {
		return func(d *cashDay, id string) {
			if _, err := d.desks[desk].Delete(id, "test"); err != nil {
				t.Fatal(err)
			}
		}
	}
	sync := func(d *cashDay, _ string) { d.syncAll() }
	cases := []struct {
		name  string
		steps []step
		// rows of Desk 1, Desk 2 and the import, and the event's total,
		// on Desk 1's laptop after a last sync.
		desk1, desk2, imp string
		total             int
	}{
		{"a cash payment is the desk's that took it", []step{pay(0, model.Cash, -1)}, "1500 0 0 0", "-", "-", 1500},
		{"a method corrected at another desk moves the amount to that desk's method",
			[]step{pay(0, model.Cash, -1), sync, pay(1, model.Card, -1)}, "1500 0 0 0", "-1500 1500 0 0", "-", 1500},
		{"money handed back at another desk is taken out of that desk's box",
			[]step{pay(0, model.Cash, -1), sync, pay(1, model.Unpaid, 0)}, "1500 0 0 0", "-1500 0 0 0", "-", 0},
		{"a desk's undo of its own payment cancels it at that desk",
			[]step{pay(0, model.Cash, -1), undo(0)}, "0 0 0 0", "-", "-", 0},
		{"an undo after another desk changed the method takes back only the amount",
			[]step{pay(0, model.Cash, -1), sync, pay(1, model.Card, 1500), sync, undo(0)}, "1500 -1500 0 0", "-1500 1500 0 0", "-", 0},
		{"an undo after another desk topped up puts back only the method: the money stays, without one",
			[]step{pay(0, model.Cash, -1), sync, pay(1, model.Cash, 2000), sync, undo(0)}, "-500 0 0 2000", "500 0 0 0", "-", 2000},
		{"a top-up at another desk is that desk's",
			[]step{pay(0, model.Cash, 1000), sync, pay(1, model.Cash, 1500)}, "1000 0 0 0", "500 0 0 0", "-", 1500},
		{"a deleted runner's payment is in no report", []step{pay(0, model.Cash, -1), sync, del(1)}, "-", "-", "-", 0},
		{"an imported online payment is the import's", []step{}, "-", "-", "0 0 1500 0", 1500},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newCashDay(t, 1)
			in := model.ParticipantInput{First: "Jörg", Last: "Müller", Born: "1985", Gender: "M", Race: "10k", Source: model.SourceImport, ExternalID: "A1"}
			if c.imp != "-" {
				in.Paid = "online"
			}
			res, err := d.desks[0].Import([]store.ImportRow{{Line: 2, Input: in}}, store.ImportOptions{})
			if err != nil || res.Rows[0].Outcome != store.Created {
				t.Fatal(err, res.Rows)
			}
			id := res.Rows[0].Participant.ID
			d.syncAll()
			for _, s := range c.steps {
				s(d, id)
			}
			d.syncAll()
			r, err := d.desks[0].CashReport()
			if err != nil {
				t.Fatal(err)
			}
			got := []string{deskRow(r, "Desk 1", false), deskRow(r, "Desk 2", false), deskRow(r, "", true)}
			if want := []string{c.desk1, c.desk2, c.imp}; !reflect.DeepEqual(got, want) || r.Event.Paid.Total != c.total {
				t.Errorf("Desk 1, Desk 2, import: %q total %d, want %q total %d", got, r.Event.Paid.Total, want, c.total)
			}
		})
	}
}
