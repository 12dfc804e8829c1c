package syncclient

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/store"
)

// simLink is a satellite link on paper, in virtual time: a request's
// bytes go up at the bandwidth, the answer's first byte comes back a round
// trip (plus the cloud's real work) later, and each further byte arrives
// at the bandwidth after it. The desk's clock is the real time since
// reset plus the time it spent waiting for bytes that had not arrived
// yet: work that overlaps the transfer (decoding and committing while the
// response streams in) costs nothing extra, work that does not is added.
// For a response read whole before it is applied (protocol 2) this is the
// round trip plus all bytes at the bandwidth plus the work, as before.
// The benchmarks report that virtual time as "sim-s": what the window
// would need. It is repeatable and fast to measure.
type simLink struct {
	inner     http.RoundTripper
	rtt       time.Duration
	bytesPerS float64
	mu        sync.Mutex
	start     time.Time
	waited    time.Duration
	trips     int
	sent      int64
	recv      int64
}

// now is the link's virtual time since reset (mu held).
func (l *simLink) now() time.Duration { return time.Since(l.start) + l.waited }

func (l *simLink) transfer(n int64) time.Duration {
	return time.Duration(float64(n) / l.bytesPerS * float64(time.Second))
}

// elapsed is the virtual time since reset.
func (l *simLink) elapsed() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.now()
}

func (l *simLink) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBytes int64
	if req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		reqBytes = int64(len(b))
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	l.mu.Lock()
	l.trips++
	l.sent += reqBytes
	l.mu.Unlock()
	resp, err := l.inner.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	// The cloud's work until it answered ran in real time (it is in now()).
	base := l.now() + l.rtt + l.transfer(reqBytes)
	l.mu.Unlock()
	resp.Body = &simBody{l: l, r: resp.Body, base: base}
	return resp, nil
}

// simBody delivers a response's bytes no earlier than they would arrive.
type simBody struct {
	l    *simLink
	r    io.ReadCloser
	base time.Duration
	n    int64
}

func (b *simBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.n += int64(n)
	l := b.l
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recv += int64(n)
	if arrival, now := b.base+l.transfer(b.n), l.now(); now < arrival {
		l.waited += arrival - now
	}
	return n, err
}

func (b *simBody) Close() error { return b.r.Close() }

func (l *simLink) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.start, l.waited, l.trips, l.sent, l.recv = time.Now(), 0, 0, 0, 0
}

// satellite is the link: 600 ms round trip, 2 Mbit/s, to the
// world's cloud served on loopback (so a response streams as it is
// written).
func satellite(b *testing.B, w *world) (*simLink, string) {
	b.Helper()
	srv := httptest.NewServer(w.link.h)
	b.Cleanup(srv.Close)
	tr := &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 2}
	b.Cleanup(tr.CloseIdleConnections)
	return &simLink{inner: tr, rtt: 600 * time.Millisecond, bytesPerS: 2e6 / 8}, srv.URL
}

// onlineWorld is a cloud holding n online registrations.
func onlineWorld(b *testing.B, n int) *world {
	b.Helper()
	w := newWorld(b)
	seedOnline(b, w, n)
	return w
}

func (w *world) simDesk(b *testing.B, name string, link *simLink, url string) *Client {
	c := w.desk(name)
	c.HTTP = &http.Client{Transport: link}
	c.BaseURL = url
	return c
}

// firstDownload: a new desk pulls an event of n online registrations
// through the satellite link. Target: one 15-second window.
func firstDownload(b *testing.B, n int) {
	w := onlineWorld(b, n)
	link, url := satellite(b, w)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		c := w.simDesk(b, fmt.Sprintf("Desk %d", i), link, url)
		link.reset()
		b.StartTimer()
		rep := mustSync(b, c)
		sim := link.elapsed()
		if rep.Pulled != n {
			b.Fatalf("pulled %d", rep.Pulled)
		}
		b.ReportMetric(sim.Seconds(), "sim-s")
	}
	b.ReportMetric(float64(link.trips), "round-trips")
	b.ReportMetric(float64(link.recv)/float64(n), "B/participant")
}

// BenchmarkFirstDownload18k and BenchmarkFirstDownload50k: a new desk
// pulls an event of 18,000 / 50,000 online registrations (the round trips
// count the desk's join).
func BenchmarkFirstDownload18k(b *testing.B) { firstDownload(b, 18000) }
func BenchmarkFirstDownload50k(b *testing.B) { firstDownload(b, 50000) }

// BenchmarkIncrementalSync: 300 new online registrations arrived at the
// cloud while the desk made 100 changes (payments taken); one sync through the
// satellite link. Target: at most 2 round trips, under 2 s.
func BenchmarkIncrementalSync(b *testing.B) {
	w := onlineWorld(b, 18000)
	link, url := satellite(b, w)
	c := w.simDesk(b, "Desk 1", link, url)
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
		rep := mustSync(b, c)
		if rep.Pushed != 100 || rep.Pulled != 300 {
			b.Fatalf("report %+v", rep)
		}
		sim += link.elapsed()
		trips += link.trips
		sent += link.sent
		recv += link.recv
	}
	b.ReportMetric(sim.Seconds()/float64(b.N), "sim-s")
	b.ReportMetric(float64(trips)/float64(b.N), "round-trips")
	b.ReportMetric(float64(sent)/float64(b.N)/100, "B/pushed-change")
	b.ReportMetric(float64(recv)/float64(b.N)/300, "B/pulled-participant")
}

// BenchmarkResumeAfterCut: a first download of 18,000 registrations is
// cut after half the response's bytes; the next sync resumes. Reported:
// the resumed response's bytes over the half that was missing (target
// at most 1.05), and the resumed sync's sim-s. The cut is made by the
// in-process link (the whole response is written before the cut), under
// the satellite link's timing.
func BenchmarkResumeAfterCut(b *testing.B) {
	const n = 18000
	w := onlineWorld(b, n)
	link := &simLink{inner: w.link, rtt: 600 * time.Millisecond, bytesPerS: 2e6 / 8}
	var ratio float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		c := w.desk(fmt.Sprintf("Desk %d", i))
		c.HTTP = &http.Client{Transport: link}
		if _, err := c.joined(context.Background(), false); err != nil {
			b.Fatal(err)
		}
		w.link.inject(cutMidBody)
		if _, err := c.Sync(context.Background()); err == nil {
			b.Fatal("the cut sync reported success")
		}
		missing := len(w.link.lastBody) - w.link.lastDelivered
		link.reset()
		b.StartTimer()
		rep := mustSync(b, c)
		sim := link.elapsed()
		b.StopTimer()
		if rep.Pulled == 0 || rep.Pulled >= n {
			b.Fatalf("resumed with %d changes", rep.Pulled)
		}
		ratio = float64(len(w.link.lastBody)) / float64(missing)
		b.ReportMetric(sim.Seconds(), "sim-s")
		b.StartTimer()
	}
	b.ReportMetric(ratio, "resumed/missing-bytes")
}
