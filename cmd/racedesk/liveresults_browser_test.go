package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// TestE2ELiveResultsInChromium is a spectator and a runner on an old,
// small phone (360×640 CSS pixels, German): headless Chromium opens the
// 10 km's live results served by the real `racedesk hotspot` while the
// race is on, reads the list (places, rounded times, the DSQ with its
// reason after the finishers), searches a name without its umlaut, and
// follows a name to the runner's page — exactly the address the QR code
// on the runner's label holds (model.ResultURL). Nothing is wider than
// the phone. Screenshots go to artifactDir; docs/live-results-phone.png
// in the README is live-results-race.png from a run.
func TestE2ELiveResultsInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and starts a browser")
	}
	browser := chromium()
	if browser == "" {
		t.Skip("no chromium found (apt-get install chromium, or set RACEDESK_CHROMIUM)")
	}
	bin := buildBinary(t)
	db := newEventDB(t)
	raceDay(t, db)
	base := startHotspot(t, bin, db)

	ctx := germanPhone(t, browser)

	art := artifactDir(t)
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		path := filepath.Join(art, name)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s (%d bytes)", path, len(png))
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	mainText := func() string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(css("main")))
		if err != nil {
			t.Fatalf("read the page: %v", err)
		}
		return strings.Join(strings.Fields(s), " ")
	}
	fitsThePhone := func(what string) {
		t.Helper()
		w, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
		if err != nil || w > 360 {
			t.Errorf("%s is %d CSS pixels wide on a 360 pixel phone (%v)", what, w, err)
		}
	}
	inOrder := func(page string, want ...string) {
		t.Helper()
		at := 0
		for _, w := range want {
			i := strings.Index(page[at:], w)
			if i < 0 {
				t.Errorf("the page lacks %q (or not in this order) after byte %d:\n%s", w, at, page)
				return
			}
			at += i + len(w)
		}
	}

	// The race's results, from the list of races.
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(360, 640, chromedp.EmulateScale(1)),
		chromedp.Navigate(base+"/results"),
		chromedp.WaitVisible(css(`a[href="/results/10k"]`)),
		chromedp.Click(css(`a[href="/results/10k"]`)),
		chromedp.WaitVisible(css("table.res")),
	); err != nil {
		t.Fatalf("open the results: %v", err)
	}
	page := mainText()
	inOrder(page,
		"10 km Hauptlauf",
		"1. Łukasz Kowalczyk", "0:36:42",
		"2. Ömer Yılmaz", "0:37:56",
		"4. Björn Öztürk", "0:40:03",
		"5. Jörg Müller-Lüdenscheidt", "LG Wald & Wiese · M40 (2.)", "0:40:04",
		"10. Marie-Luise Hoffmann", "0:52:31",
		"Paul Klein", "DNF",
		"Lena Weiß", "disqualifiziert: Strecke abgekürzt", "DSQ",
		"Vorläufige Ergebnisse, Stand",
	)
	for _, no := range []string{"1985", "@", "Karl", "Petra"} {
		if strings.Contains(page, no) {
			t.Errorf("the results show %q", no)
		}
	}
	fitsThePhone("the race's results")
	shot("live-results-race.png")

	// A search without the umlaut.
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(css("#q"), "mueller"),
		chromedp.Submit(css("#q")),
		chromedp.WaitVisible(css(`a[href="/r/10k/1"]`)),
	); err != nil {
		t.Fatalf("search: %v", err)
	}
	page = mainText()
	if !strings.Contains(page, "1 gefunden für „mueller“") || strings.Contains(page, "Anna") {
		t.Errorf("search for mueller:\n%s", page)
	}
	shot("live-results-search.png")

	// The runner's own page, by the link — at the QR code's address.
	if err := chromedp.Do(ctx,
		chromedp.Click(css(`a[href="/r/10k/1"]`)),
		chromedp.WaitVisible(css("#result")),
	); err != nil {
		t.Fatalf("open the runner's page: %v", err)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); loc != model.ResultURL(base, "10k", 1) {
		t.Errorf("the runner's page is at %s, the QR code says %s", loc, model.ResultURL(base, "10k", 1))
	}
	inOrder(mainText(),
		"Jörg Müller-Lüdenscheidt", "10 km Hauptlauf · Nr. 1 · LG Wald & Wiese",
		"0:40:04",
		"Gesamt", "5.", "von 10",
		"Männer", "4.", "von 5",
		"M40", "2.", "von 2",
		"Ergebnisse 10 km Hauptlauf",
	)
	fitsThePhone("the runner's page")
	shot("live-results-runner.png")
}

// raceDay fills db with a 10 km under way: twelve runners with bibs (one
// still out, one DNF, one DSQ with its reason) and a pending phone
// registration.
func raceDay(t *testing.T, db string) {
	t.Helper()
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := s.Event().Day().Add(10*time.Hour + 30*time.Minute).UnixMilli()
	if _, err := s.RecordTiming(model.TimingEvent{Kind: model.KindStart, Race: "10k", At: start}); err != nil {
		t.Fatal(err)
	}
	runners := []struct {
		first, last, born, gender, club string
		time                            string // m:ss.t, or dnf, dsq, "" (still out)
	}{
		{"Jörg", "Müller-Lüdenscheidt", "12.03.1985", "M", "LG Wald & Wiese", "40:03.4"},
		{"Anna", "Schäfer", "1990", "W", "TSV Buchau", "38:59.0"},
		{"Björn", "Öztürk", "07.07.1984", "M", "", "40:03.0"},
		{"Lena", "Weiß", "2001", "W", "TSV Buchau", "dsq"},
		{"Paul", "Klein", "1970", "M", "", "dnf"},
		{"Sophie", "Bauer", "1978", "W", "Lauftreff Buchau", "44:12.8"},
		{"Łukasz", "Kowalczyk", "1991", "M", "SV Lauf 08", "36:41.2"},
		{"Marie-Luise", "Hoffmann", "1965", "W", "", "52:30.5"},
		{"Ömer", "Yılmaz", "1999", "M", "LG Wald & Wiese", "37:55.9"},
		{"Zoë", "García", "1996", "D", "", "47:05.1"},
		{"Jan", "Novák", "1958", "M", "TSV Buchau", "49:49.9"},
		{"Sabine", "Groß", "1983", "W", "Lauftreff Buchau", "42:17.0"},
		{"Karl", "Ohnezeit", "1960", "M", "", ""},
	}
	for i, r := range runners {
		bib := i + 1
		if _, err := s.Register(model.ParticipantInput{First: r.first, Last: r.last, Born: r.born, Gender: r.gender,
			Race: "10k", Club: r.club, Bib: strconv.Itoa(bib), Email: "runner@example.org", Paid: "online"}, store.RegisterOptions{}); err != nil {
			t.Fatalf("register %s: %v", r.last, err)
		}
		var e model.TimingEvent
		switch r.time {
		case "":
			continue
		case "dnf":
			e = model.TimingEvent{Kind: model.KindStatus, Bib: bib, Status: model.DNF}
		case "dsq":
			e = model.TimingEvent{Kind: model.KindStatus, Bib: bib, Status: model.DSQ, Reason: "Strecke abgekürzt"}
		default:
			d, err := time.ParseDuration(strings.Replace(r.time, ":", "m", 1) + "s")
			if err != nil {
				t.Fatal(err)
			}
			e = model.TimingEvent{Kind: model.KindFinish, Bib: bib, At: start + d.Milliseconds(), Mode: model.ModeBib}
		}
		if _, err := s.RecordTiming(e); err != nil {
			t.Fatalf("timing of %s: %v", r.last, err)
		}
	}
	if _, err := s.RegisterPending(model.ParticipantInput{First: "Petra", Last: "Pending", Born: "1.1.1990", Gender: "W", Race: "10k"}); err != nil {
		t.Fatal(err)
	}
}

// startHotspot runs `racedesk hotspot` on db on a free loopback port until
// the test ends, and returns its address.
func startHotspot(t *testing.T, bin, db string) string {
	t.Helper()
	cmd := exec.Command(bin, "hotspot", "--db", db, "--listen", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "LANG=de_DE.UTF-8")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGINT)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("racedesk hotspot: %v", err)
			}
		case <-time.After(patience):
			cmd.Process.Kill()
			t.Error("racedesk hotspot did not stop on SIGINT")
		}
	})
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default: // nobody reads any more
			}
		}
		close(lines)
	}()
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("racedesk hotspot ended before listening")
			}
			if a, found := strings.CutPrefix(l, "listening on "); found {
				return "http://" + a
			}
		case <-time.After(patience):
			t.Fatal("racedesk hotspot does not say where it listens")
		}
	}
}
