package store_test

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/regfile"
	"github.com/racedesk/racedesk/model/store"
)

// registrationCSV renders runners as a German platform's export: UTF-8
// with BOM, ';', CRLF, race names and German gender words, the way
// anmeldungen-online.csv looks.
func registrationCSV(tb testing.TB, ev *model.Event, ins []model.ParticipantInput) string {
	tb.Helper()
	var b strings.Builder
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.Comma, w.UseCRLF = ';', true
	gender := map[string]string{"M": "männlich", "W": "weiblich", "D": "divers"}
	paid := map[string]string{"": "nein", "online": "ja"}
	w.Write([]string{"Anmelde-ID", "Nachname", "Vorname", "Geschlecht", "Geburtsdatum", "Verein", "Strecke", "E-Mail", "Telefon", "Bezahlt", "T-Shirt-Größe"})
	for _, in := range ins {
		r, ok := ev.Race(in.Race)
		if !ok {
			tb.Fatalf("race %q", in.Race)
		}
		w.Write([]string{in.ExternalID, in.Last, in.First, gender[in.Gender], in.Born, in.Club, r.Name, in.Email, in.Phone, paid[in.Paid], in.Extra["tshirt"]})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		tb.Fatal(err)
	}
	return b.String()
}

// BenchmarkImport50k reads a 50,000-row registration export (encoding
// and delimiter detection, CSV, columns, dates) and imports it in one
// transaction: validation, matching, records, indexes, counters and
// change log, committed and fsynced. "new" imports into a fresh event
// database (creating it is not timed); "again" imports the same file once
// more into the database that has it, like the re-import of an unchanged
// export: every row is matched by registration ID and compared, nothing is
// written.
//
//	go test -run '^$' -bench Import -benchtime 3x -count 5 ./model/store/
func BenchmarkImport50k(b *testing.B) {
	if goos := os.Getenv("RACEDESK_MMAP_OS"); goos != "" {
		store.SetMmapOS(goos) // e.g. windows: map only what the file needs
		defer store.SetMmapOS(runtime.GOOS)
	}
	ev, err := demo.Event()
	if err != nil {
		b.Fatal(err)
	}
	const n = 50_000
	text := registrationCSV(b, ev, demo.Runners(ev, n, 1))
	now := func() time.Time { return pinned }
	// importFile is what `racedesk import` does between opening the
	// database and printing the summary.
	importFile := func(b *testing.B, s *store.Store) store.ImportResult {
		f, err := regfile.Read(strings.NewReader(text), regfile.ReadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		conv, err := regfile.Convert(f, ev, nil, regfile.Options{Today: pinned})
		if err != nil {
			b.Fatal(err)
		}
		rows := make([]store.ImportRow, len(conv.Rows))
		for j, r := range conv.Rows {
			rows[j] = store.ImportRow{Line: r.Line, Input: r.Input, Errs: r.Errs}
		}
		res, err := s.Import(rows, store.ImportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res.Rows {
			if r.Err != nil {
				b.Fatalf("line %d: %v", r.Line, r.Err)
			}
		}
		return res
	}
	b.Run("new", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			s, err := store.Create(filepath.Join(b.TempDir(), "import.db"), ev, "Desk 1", store.Options{Now: now})
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			res := importFile(b, s)
			b.StopTimer()
			if res.Created != n {
				b.Fatalf("%d created of %d", res.Created, n)
			}
			if i == 0 {
				reportSizes(b, s, n)
			}
			s.Close()
			b.StartTimer()
		}
	})
	b.Run("again", func(b *testing.B) {
		s, err := store.Create(filepath.Join(b.TempDir(), "import.db"), ev, "Desk 1", store.Options{Now: now})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		importFile(b, s)
		b.SetBytes(int64(len(text)))
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if res := importFile(b, s); res.Unchanged != n {
				b.Fatalf("%d unchanged of %d", res.Unchanged, n)
			}
		}
	})
}

// reportSizes adds what the imported participants take on disk: their
// records with their index entries, the change log, and the whole file.
func reportSizes(b *testing.B, s *store.Store, n int) {
	z, err := s.Sizes()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(z.ParticipantBytes())/float64(n), "stored-B/participant")
	b.ReportMetric(float64(z.Buckets["changelog"].Bytes)/float64(n), "log-B/participant")
	b.ReportMetric(float64(z.FileBytes)/1e6, "file-MB")
	for name, bs := range z.Buckets {
		b.Logf("%-14s %7d keys %10d bytes %6d pages", name, bs.Keys, bs.Bytes, bs.Pages)
	}
	b.Logf("free pages %d of %d", z.FreePages, z.FileBytes/int64(z.PageSize))
}

// BenchmarkStoredBytesCheckedIn is what a participant takes on disk at its
// largest on race day: an online registration (registration ID, e-mail,
// phone, extra field) checked in at the desk (a bib from the pool, the
// check-in time and desk). 5,000 are imported and checked in one by one;
// the bytes per participant do not depend on how many there are.
//
//	go test -run '^$' -bench StoredBytes -benchtime 1x ./model/store/
func BenchmarkStoredBytesCheckedIn(b *testing.B) {
	ev, err := demo.Event()
	if err != nil {
		b.Fatal(err)
	}
	for i := range ev.Races { // bibs for everyone (the demo event has a few hundred per race)
		ev.Races[i].Bibs = []model.BibRange{{From: i*100_000 + 1, To: (i + 1) * 100_000}}
		ev.Races[i].Pools = nil
	}
	const n = 5_000
	runners := demo.Runners(ev, n, 1)
	for i := 0; i < b.N; i++ {
		s, err := store.Create(filepath.Join(b.TempDir(), "checkin.db"), ev, "Desk 1", store.Options{Now: func() time.Time { return pinned }})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range ev.Races { // every bib of the race for this desk
			if err := s.SetPool(r.ID, r.Bibs); err != nil {
				b.Fatal(err)
			}
		}
		rows := make([]store.ImportRow, n)
		for j, in := range runners {
			in.Bib = ""
			rows[j] = store.ImportRow{Line: j + 2, Input: in}
		}
		res, err := s.Import(rows, store.ImportOptions{})
		if err != nil || res.Created != n {
			b.Fatalf("import: %d created, %v", res.Created, err)
		}
		checkedIn := 0
		ps, err := s.List("")
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range ps {
			if r, err := s.CheckIn(p.ID); err == nil && r.Participant.Bib != 0 {
				checkedIn++
			}
		}
		if checkedIn < n {
			b.Fatalf("only %d of %d checked in", checkedIn, n)
		}
		reportSizes(b, s, n)
		b.ReportMetric(float64(checkedIn), "checked-in")
		s.Close()
	}
}

// TestWriteRegistrationExport writes a large registration export for
// measuring `racedesk import` by hand (issue 17): demo runners of the
// demo event in the German platform's format. It is skipped unless
// RACEDESK_EXPORT names the file to write; RACEDESK_EXPORT_ROWS is the
// number of rows (default 1,200,000: about 100 MB).
//
//	RACEDESK_EXPORT=/tmp/big.csv go test -run WriteRegistrationExport ./model/store/
func TestWriteRegistrationExport(t *testing.T) {
	path := os.Getenv("RACEDESK_EXPORT")
	if path == "" {
		t.Skip("set RACEDESK_EXPORT to the file to write")
	}
	n := 1_200_000
	if v := os.Getenv("RACEDESK_EXPORT_ROWS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatal(err)
		}
	}
	ev, err := demo.Event()
	if err != nil {
		t.Fatal(err)
	}
	// In slices of 50,000 runners (each slice its own seed and IDs), so
	// the writer holds one slice.
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	for done, seed := 0, int64(1); done < n; seed++ {
		k := min(50_000, n-done)
		ins := demo.Runners(ev, k, seed)
		for i := range ins {
			ins[i].ExternalID = fmt.Sprintf("WR26-%07d", done+i)
		}
		text := registrationCSV(t, ev, ins)
		if done > 0 { // one header, one BOM
			_, text, _ = strings.Cut(text, "\r\n")
		}
		w.WriteString(text)
		done += k
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	t.Logf("%s: %d rows, %d bytes", path, n, st.Size())
}
