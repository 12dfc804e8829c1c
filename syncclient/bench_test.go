package syncclient

import (
	"bytes"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/store"
)

// simLink is a satellite link on paper: every round trip costs the round
// trip time plus the bytes both ways at the bandwidth. The benchmarks
// report that network time plus the real time the whole sync took here
// (cloud and desk work, in one process) as "sim-s": what the window would
// need. It is repeatable and fast to measure.
type simLink struct {
	inner     http.RoundTripper
	rtt       time.Duration
	bytesPerS float64
	mu        sync.Mutex
	elapsed   time.Duration
	trips     int
	sent      int64
	recv      int64
}

func (l *simLink) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBytes int64
	if req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		reqBytes = int64(len(b))
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	resp, err := l.inner.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(body))
	l.mu.Lock()
	defer l.mu.Unlock()
	l.trips++
	l.sent += reqBytes
	l.recv += int64(len(body))
	l.elapsed += l.rtt + time.Duration(float64(reqBytes+int64(len(body)))/l.bytesPerS*float64(time.Second))
	return resp, nil
}

func (l *simLink) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.elapsed, l.trips, l.sent, l.recv = 0, 0, 0, 0
}

// satellite is the link: 600 ms round trip, 2 Mbit/s.
func satellite(inner http.RoundTripper) *simLink {
	return &simLink{inner: inner, rtt: 600 * time.Millisecond, bytesPerS: 2e6 / 8}
}

// onlineWorld is a cloud holding n online registrations.
func onlineWorld(b *testing.B, n int) *world {
	b.Helper()
	w := newWorld(b)
	runners := demo.Runners(w.ev, n, 1)
	for i := 0; i < len(runners); i += 5000 {
		if _, rej, err := w.cloud.RegisterMany(runners[i:min(i+5000, len(runners))], store.RegisterOptions{Origin: store.OriginImport}); err != nil || len(rej) > 0 {
			b.Fatalf("seed cloud: %v %v", err, rej)
		}
	}
	return w
}

func (w *world) simDesk(b *testing.B, name string, link *simLink) *Client {
	c := w.desk(name)
	c.HTTP = &http.Client{Transport: link}
	return c
}

// BenchmarkFirstDownload18k: a new desk pulls an event of 18,000 online
// registrations through the satellite link. Target: one 15-second window.
func BenchmarkFirstDownload18k(b *testing.B) {
	w := onlineWorld(b, 18000)
	link := satellite(w.link)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		link.reset()
		c := w.simDesk(b, "Desk "+string(rune('A'+i%26))+time.Now().Format("150405.000000"), link)
		start := time.Now()
		rep := mustSync(b, c)
		sim := link.elapsed + time.Since(start)
		if rep.Pulled != 18000 {
			b.Fatalf("pulled %d", rep.Pulled)
		}
		b.ReportMetric(sim.Seconds(), "sim-s")
	}
	b.ReportMetric(float64(link.trips), "round-trips")
	b.ReportMetric(float64(link.recv)/18000, "B/participant")
}

// BenchmarkIncrementalSync: 300 new online registrations arrived at the
// cloud while the desk made 100 changes (payments taken); one sync through the
// satellite link. Target: at most 2 round trips, under 2 s.
func BenchmarkIncrementalSync(b *testing.B) {
	w := onlineWorld(b, 18000)
	link := satellite(w.link)
	c := w.simDesk(b, "Desk 1", link)
	mustSync(b, c)
	ps, err := c.Store.List("")
	if err != nil {
		b.Fatal(err)
	}
	next := 0
	more := demo.Runners(w.ev, 18000+300*(b.N+1), 1)[18000:]
	b.ResetTimer()
	var sim time.Duration
	var trips int
	var sent, recv int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if _, rej, err := w.cloud.RegisterMany(more[i*300:(i+1)*300], store.RegisterOptions{Origin: store.OriginImport}); err != nil || len(rej) > 0 {
			b.Fatalf("online registrations: %v %v", err, rej)
		}
		for j := 0; j < 100; j++ {
			if _, err := c.Store.TakePayment(ps[next].ID, model.Cash, -1); err != nil {
				b.Fatal(err)
			}
			next++
		}
		link.reset()
		b.StartTimer()
		start := time.Now()
		rep := mustSync(b, c)
		if rep.Pushed != 100 || rep.Pulled != 300 {
			b.Fatalf("report %+v", rep)
		}
		sim += link.elapsed + time.Since(start)
		trips += link.trips
		sent += link.sent
		recv += link.recv
	}
	b.ReportMetric(sim.Seconds()/float64(b.N), "sim-s")
	b.ReportMetric(float64(trips)/float64(b.N), "round-trips")
	b.ReportMetric(float64(sent)/float64(b.N)/100, "B/pushed-change")
	b.ReportMetric(float64(recv)/float64(b.N)/300, "B/pulled-participant")
}
