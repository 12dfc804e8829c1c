package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var (
	// pdfPageRE finds a page object of a PDF (not the /Pages tree).
	pdfPageRE = regexp.MustCompile(`/Type\s*/Page[^s]`)
	// pdfA4RE finds an A4 page's media box: 210 × 297 mm is 595.3 × 841.9
	// points (Chromium writes 594.96 × 841.92).
	pdfA4RE = regexp.MustCompile(`/MediaBox\s*\[\s*0 0 59[45]\.\d+ 841\.\d+\s*\]`)
)

// TestE2EA4CertificatesPrintOnePagePerCertificateInChromium prints the
// certificates the way an organizer does — the HTML file `racedesk a4
// certificates` wrote, opened in a browser, printed to PDF — in headless
// Chromium: the PDF has one A4 page per certificate. The PDF and a
// picture of the first certificate go to artifactDir (the README's
// docs/certificate.png is a copy of a4-certificate.png).
func TestE2EA4CertificatesPrintOnePagePerCertificateInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	browser := chromium()
	if browser == "" {
		t.Skip("no chromium found (apt-get install chromium, or set RACEDESK_CHROMIUM)")
	}
	db := a4Event(t)
	file := filepath.Join(t.TempDir(), "urkunden.html")
	if code, _, stderr := cli(t, "--db", db, "a4", "certificates", "-o", file); code != 0 {
		t.Fatalf("a4 certificates: exit %d: %s", code, stderr)
	}
	html, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	certificates := bytes.Count(html, []byte(`<section class="sheet">`))
	if certificates != 5 {
		t.Fatalf("%d certificates, want one per finisher (5)", certificates)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()

	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(900, 1200, chromedp.EmulateScale(1)),
		chromedp.Navigate("file://"+filepath.ToSlash(file)),
		chromedp.WaitVisible(css("section.sheet")),
	); err != nil {
		t.Fatalf("open %s: %v", file, err)
	}
	first, err := chromedp.Run(ctx, chromedp.Text(css("section.sheet .name")))
	if err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.Screenshot(css("section.sheet")))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	// As the browser's print dialog does with "Save as PDF": the page's
	// own @page size, backgrounds on.
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	if first != "Hans Groß" {
		t.Errorf("the first certificate is %q's, want Hans Groß's (MHK comes first)", first)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("Chromium made no PDF: %q", pdf[:min(len(pdf), 20)])
	}
	art := artifactDir(t)
	for name, data := range map[string][]byte{"a4-certificates.pdf": pdf, "a4-certificate.png": png} {
		path := filepath.Join(art, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s (%d bytes)", path, len(data))
	}
	pages := len(pdfPageRE.FindAll(pdf, -1))
	if pages != certificates {
		t.Errorf("the PDF has %d pages for %d certificates", pages, certificates)
	}
	if a4 := len(pdfA4RE.FindAll(pdf, -1)); a4 != pages {
		t.Errorf("%d of %d pages are A4: %s", a4, pages, strings.Join(regexp.MustCompile(`/MediaBox\s*\[[^]]*\]`).FindAllString(string(pdf), 3), " "))
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Error("the screenshot is no PNG")
	}
}
