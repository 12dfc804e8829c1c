package regfile_test

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/racedesk/racedesk/model/regfile"
)

// bigFile is a registration file of n rows, long enough that the
// scanner's chunks end inside multi-byte characters and records.
func bigFile(n int) string {
	var b strings.Builder
	b.WriteString(germanHeader)
	for i := range n {
		fmt.Fprintf(&b, "A%d;Müßiggang-Übelhör;Jörg;m;12.03.1985;Läufer € Verein %d;10k;;;ja\r\n", i, i)
	}
	return b.String()
}

// scanAll reads every record with a Scanner.
func scanAll(t *testing.T, r io.ReadSeeker, ro regfile.ReadOptions) (*regfile.Scanner, []regfile.Record) {
	t.Helper()
	sc, err := regfile.Scan(r, ro)
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	var recs []regfile.Record
	for {
		rec, err := sc.Next()
		if err == io.EOF {
			return sc, recs
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		recs = append(recs, rec)
	}
}

func TestScanReadsRecordByRecordWhatReadReads(t *testing.T) {
	text := bigFile(3000) // about 250 KB: many chunks
	// A broken record far from the start, and a quoted line break.
	text += "B1;Weiß;Anna;w;01.02.1990;LG \"Die Schnecken\";5k;;;nein\r\n" +
		"B2;Öz;Ali;m;03.04.1980;\"Lauftreff\r\nzweite Zeile\";10k;;;ja\r\n"
	f, err := regfile.Read(strings.NewReader(text), regfile.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sc, recs := scanAll(t, strings.NewReader(text), regfile.ReadOptions{})
	if sc.Encoding != regfile.UTF8 || !sc.EncodingDetected || sc.Delimiter != ';' || len(recs) != len(f.Records) || len(recs) != 3002 {
		t.Fatalf("scan: %s %q, %d records; read: %d", sc.Encoding, sc.Delimiter, len(recs), len(f.Records))
	}
	for i, r := range recs {
		want := f.Records[i]
		if r.Line != want.Line || strings.Join(r.Fields, "|") != strings.Join(want.Fields, "|") || (r.Err == nil) != (want.Err == nil) {
			t.Fatalf("record %d: %d %q %v, Read has %d %q %v", i, r.Line, r.Fields, r.Err, want.Line, want.Fields, want.Err)
		}
	}
	broken := recs[3000]
	if broken.Err == nil || broken.Line != 3002 || !strings.Contains(strings.Join(broken.Fields, "|"), `LG "Die Schnecken"|5k`) {
		t.Errorf("broken record: line %d %q %v", broken.Line, broken.Fields, broken.Err)
	}
	if last := recs[3001]; last.Line != 3003 || last.Fields[5] != "Lauftreff\r\nzweite Zeile" && last.Fields[5] != "Lauftreff\nzweite Zeile" {
		t.Errorf("quoted line break: line %d %q", last.Line, last.Fields)
	}
}

func TestScanDetectsWindows1252FromAByteFarIntoTheFile(t *testing.T) {
	// Valid UTF-8 for 250 KB, then one Windows-1252 byte: the whole
	// file is Windows-1252, as Read decides it.
	text := strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(bigFile(3000), "ü", "u"), "ö", "o"), "ß", "ss")
	text = strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(text, "Ü", "U"), "€", "E"), "ä", "a")
	data, err := charmap.Windows1252.NewEncoder().String(text + "C1;Müller;Jörg;m;12.03.1985;;10k;;;ja\r\n")
	if err != nil {
		t.Fatal(err)
	}
	sc, recs := scanAll(t, strings.NewReader(data), regfile.ReadOptions{})
	if sc.Encoding != regfile.Windows1252 || len(recs) != 3001 || recs[3000].Fields[1] != "Müller" {
		t.Fatalf("%s, %d records, last %q", sc.Encoding, len(recs), recs[len(recs)-1].Fields)
	}
	// Forced to UTF-8, the byte becomes U+FFFD.
	_, recs = scanAll(t, strings.NewReader(data), regfile.ReadOptions{Encoding: "utf-8"})
	if got := recs[3000].Fields[1]; got != "M\uFFFDller" {
		t.Errorf("forced UTF-8: %q", got)
	}
}

func TestScanRefusesAFileAboveTheLimitBeforeReadingIt(t *testing.T) {
	_, err := regfile.Scan(hugeFile{}, regfile.ReadOptions{})
	if err == nil || !strings.Contains(err.Error(), "MB") {
		t.Errorf("a file above %d MB: %v", regfile.MaxFileSize>>20, err)
	}
}

// hugeFile says it is larger than MaxFileSize and fails any read.
type hugeFile struct{}

func (hugeFile) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }
func (hugeFile) Seek(off int64, whence int) (int64, error) {
	if whence == io.SeekEnd {
		return regfile.MaxFileSize + 1, nil
	}
	return off, nil
}
