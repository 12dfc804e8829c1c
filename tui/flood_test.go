package tui

import (
	"context"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/hotspot"
	"github.com/racedesk/racedesk/tui/phones"
)

// TestFloodFromManyAddresses is issue 17, item 5, on loopback: 200
// addresses (client keys) send the phone form as fast as they can, each
// within its own per-address limit. The global limit (the defaults: 30 a
// minute, 300 waiting) stores at most 30; the desk says so on every screen
// while the flood goes on, still answers a key at once (F7, within
// patience), and x then y on F7 deletes exactly the unconfirmed batch —
// the runner the desk had confirmed stays as it was.
//
// It is bounded: at most floodRounds form submissions whatever the
// machine, and it stops as soon as the desk has answered.
func TestFloodFromManyAddresses(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	const clients, floodRounds = 200, 4000

	ev, err := demo.Event()
	if err != nil {
		t.Fatal(err)
	}
	// The real clock: the form's minute and the registrations' times.
	s, err := store.Create(filepath.Join(t.TempDir(), "flood.db"), ev, "Desk 1", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Check(); err != nil {
			t.Errorf("bbolt check: %v", err)
		}
		s.Close()
	})
	if _, rejected, err := s.RegisterMany(demo.Runners(ev, 50, 1), store.RegisterOptions{}); err != nil || len(rejected) > 0 {
		t.Fatalf("demo runners: %v %v", err, rejected)
	}
	// A real runner registered on the phone earlier and was confirmed.
	real, err := s.RegisterPending(model.ParticipantInput{First: "Zoë", Last: "Dvořák", Born: "2001", Gender: "w", Race: "5k"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckIn(real.ID); err != nil {
		t.Fatal(err)
	}

	srv := hotspot.New(s, hotspot.Options{ // the default limits, per client and global
		ClientKey: func(r *http.Request) string { return r.Header.Get("X-Test-Client") },
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stopServer := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	defer func() {
		stopServer()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	base := "http://" + ln.Addr().String()

	lipgloss.SetColorProfile(termenv.Ascii)
	app := New(s, Options{Lang: msg.EN, Phones: phones.InfoFor(srv, []string{base + "/"})})
	t.Cleanup(app.unwatch)
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(140, 40))
	waitFor(t, tm, "1/51 checked in")

	// The flood.
	tr := &http.Transport{MaxIdleConnsPerHost: clients, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var (
		stop                          atomic.Bool
		rounds, stored, paused, other atomic.Int64
		wg                            sync.WaitGroup
	)
	tokRe := regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	for c := range clients {
		wg.Go(func() {
			key := fmt.Sprintf("10.42.%d.%d", c/250, 1+c%250)
			do := func(req *http.Request) (int, string) {
				req.Header.Set("X-Test-Client", key)
				resp, err := client.Do(req)
				if err != nil {
					return 0, err.Error()
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, string(b)
			}
			for i := 0; !stop.Load() && rounds.Add(1) <= floodRounds; i++ {
				req, _ := http.NewRequest(http.MethodGet, base+"/", nil)
				code, body := do(req)
				m := tokRe.FindStringSubmatch(body)
				if code != http.StatusOK || m == nil {
					other.Add(1)
					continue
				}
				form := url.Values{"csrf": {html.UnescapeString(m[1])}, "first": {"Flut"}, "last": {fmt.Sprintf("Welle %c%c", 'a'+c%26, 'a'+i%26)},
					"born": {"1.1.1990"}, "gender": {"W"}, "race": {"10k"}, "x.tshirt": {"M"}}
				req, _ = http.NewRequest(http.MethodPost, base+"/register", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Origin", base)
				switch code, _ := do(req); code {
				case http.StatusSeeOther:
					stored.Add(1)
				case http.StatusServiceUnavailable:
					paused.Add(1)
				default:
					other.Add(1) // the per-address limit (429): polite flooders keep under it
				}
			}
		})
	}
	defer func() { stop.Store(true); wg.Wait() }()

	// The alarm reaches the status line of the screen on show (check-in).
	waitFor(t, tm, "! phone form paused: 30/min reached")
	if stop.Load() || rounds.Load() >= floodRounds {
		t.Log("the flood ended before the desk was asked: responsiveness not measured under load")
	}
	// While the flood goes on, the desk answers a key.
	t0 := time.Now()
	tm.Send(press(tea.KeyF7))
	waitFor(t, tm, "[F7 Phones]", "The phone form is paused: the limit of 30 registrations a minute was reached.")
	answered := time.Since(t0)
	stop.Store(true)
	wg.Wait()
	t.Logf("%d rounds from %d addresses: %d stored, %d paused (503), %d other; F7 answered in %v during the flood",
		rounds.Load(), clients, stored.Load(), paused.Load(), other.Load(), answered.Round(time.Millisecond))

	c, err := s.Counts()
	if err != nil {
		t.Fatal(err)
	}
	if c.Pending > 30 || int64(c.Pending) != stored.Load() || stored.Load() == 0 {
		t.Fatalf("%d pending stored (%d answered 303): want at most the limit, 30", c.Pending, stored.Load())
	}
	if st := srv.Stats(); st.Paused == 0 || st.Registered != stored.Load() || !srv.Alarm().Active {
		t.Errorf("stats %+v, alarm %+v", st, srv.Alarm())
	}

	// Remove the batch: x lists it, the question names how many, y deletes.
	typeText(tm, "x")
	ask := fmt.Sprintf("Delete the %d phone registrations nobody confirmed that came in since the minute before the alarm", c.Pending)
	waitFor(t, tm, ask, "y delete")
	typeText(tm, "y")
	waitFor(t, tm, fmt.Sprintf("%d unconfirmed phone registrations deleted", c.Pending))

	after, err := s.Counts()
	if err != nil {
		t.Fatal(err)
	}
	if after.Pending != 0 || after.CheckedIn != 1 {
		t.Errorf("after the removal: %d pending, %d checked in; want 0 and 1", after.Pending, after.CheckedIn)
	}
	got, err := s.Get(real.ID)
	if err != nil || got.Status != model.CheckedIn || got.First != "Zoë" || got.Bib == 0 {
		t.Errorf("the confirmed runner: %+v %v", got, err)
	}
	deleted := 0
	s.EachParticipant(func(p *model.Participant) error { // lists leave deleted runners out
		if p.Status == model.Deleted {
			deleted++
			if p.First != "" || p.Last != "" || p.Code != "" {
				t.Errorf("a deleted entry keeps personal data: %+v", p)
			}
		}
		return nil
	})
	if deleted != c.Pending {
		t.Errorf("%d deleted, want %d", deleted, c.Pending)
	}
	quit(t, tm)
}
