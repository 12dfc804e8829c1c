package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds a Chromium or Chrome binary: $RACEDESK_CHROMIUM, else
// the usual names on $PATH. .ci/run installs Debian's chromium.
func chromium() string {
	if p := os.Getenv("RACEDESK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// artifactDir is where browser screenshots are kept for people to look
// at: $RACEDESK_ARTIFACTS, else racedesk-artifacts in the temp directory.
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("RACEDESK_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "racedesk-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestE2EHotspotInChromium is a runner on a phone: headless Chromium (a
// phone-sized viewport) opens the form served by the real `racedesk
// hotspot` on loopback, sends it with an impossible birth date, sees the
// message beside the field with everything typed still there, corrects
// the date and sends again; the confirmation page shows the code. Then
// `racedesk list --json` has the pending entry with that code.
// Screenshots of the three pages go to artifactDir.
func TestE2EHotspotInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and starts a browser")
	}
	browser := chromium()
	if browser == "" {
		t.Skip("no chromium found (apt-get install chromium, or set RACEDESK_CHROMIUM)")
	}
	bin := buildBinary(t)
	db := newEventDB(t)

	// The real command, on a free loopback port.
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
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
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
	}
	t.Cleanup(stop)
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var base string
	for base == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("racedesk hotspot ended before listening")
			}
			if a, found := strings.CutPrefix(l, "listening on "); found {
				base = "http://" + a
			}
		case <-time.After(patience):
			t.Fatal("racedesk hotspot does not say where it listens")
		}
	}

	ctx := germanPhone(t, browser)

	art := artifactDir(t)
	shot := func(name string) string {
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
		return path
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	// A phone: 390×844 CSS pixels, the page in German.
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(1)),
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(css("#f-first")),
	); err != nil {
		t.Fatalf("open the form: %v", err)
	}
	shot("hotspot-form.png")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(css("#f-first"), "Łukasz"),
		chromedp.SendKeys(css("#f-last"), "Kowalczyk"),
		chromedp.SendKeys(css("#f-born"), "31.02.1991"),
		chromedp.Click(css(`input[name="gender"][value="M"]`)),
		chromedp.Click(css(`input[name="race"][value="10k"]`)),
		chromedp.SendKeys(css("#f-club"), `SV Lauf 08 <"Süd">`),
		chromedp.SetValue(css("#f-x-tshirt"), "L"),
		chromedp.Click(css(`button[type="submit"]`)),
		chromedp.WaitVisible(css("#f-born-err")),
	); err != nil {
		t.Fatalf("fill in and send: %v", err)
	}
	bornErr, err := chromedp.Run(ctx, chromedp.Text(css("#f-born-err")))
	if err != nil || !strings.Contains(bornErr, "diesen Tag gibt es nicht") {
		t.Errorf("message beside the birth date: %q %v", bornErr, err)
	}
	for sel, want := range map[string]string{"#f-first": "Łukasz", "#f-last": "Kowalczyk", "#f-born": "31.02.1991",
		"#f-club": `SV Lauf 08 <"Süd">`, "#f-x-tshirt": "L"} {
		if got, err := chromedp.Run(ctx, chromedp.Value(css(sel))); err != nil || got != want {
			t.Errorf("%s after the error: %q (%v), want %q", sel, got, err, want)
		}
	}
	shot("hotspot-error.png")

	if err := chromedp.Do(ctx,
		chromedp.Clear(css("#f-born")),
		chromedp.SendKeys(css("#f-born"), "7.7.91"),
		chromedp.Click(css(`button[type="submit"]`)),
		chromedp.WaitVisible(css("#code")),
	); err != nil {
		t.Fatalf("send again: %v", err)
	}
	code, err := chromedp.Run(ctx, chromedp.Text(css("#code")))
	if err != nil || !regexp.MustCompile(`^[A-Z0-9]{6}$`).MatchString(code) {
		t.Fatalf("code on the confirmation page: %q %v", code, err)
	}
	page, _ := chromedp.Run(ctx, chromedp.Text(css("main")))
	for _, want := range []string{"Łukasz Kowalczyk", "10 km Hauptlauf", "20,00 €"} {
		if !strings.Contains(page, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, page)
		}
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasPrefix(loc, base+"/done/") {
		t.Errorf("confirmation at %s", loc)
	}
	shot("hotspot-confirmation.png")

	// The desk's side: the command reported it, and after it stopped the
	// list has the pending entry.
	waitLine := time.After(patience)
	for found := false; !found; {
		select {
		case l := <-lines:
			found = strings.HasPrefix(l, code+"  Łukasz Kowalczyk · 10 km Hauptlauf")
		case <-waitLine:
			t.Fatalf("racedesk hotspot did not report %s", code)
		}
	}
	stop()
	var entry *listedJSON
	for _, p := range listJSON(t, db) {
		if p.Code == code {
			entry = &p
		}
	}
	if entry == nil || entry.Status != "pending" || entry.Source != "hotspot" || entry.Last != "Kowalczyk" || entry.Bib != 0 {
		t.Fatalf("racedesk list --json has no pending entry with code %s: %+v", code, entry)
	}
}

// germanPhone is a headless Chromium tab that asks for German pages, as a
// phone set to German does; it closes when the test ends (90 s at most).
func germanPhone(t *testing.T, browser string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "de-DE"),
		chromedp.Flag("accept-lang", "de-DE,de"),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelTab(); cancelAlloc() })
	return ctx
}
