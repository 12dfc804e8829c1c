package hotspot

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/boombuler/barcode/qr"
)

func TestQRPNGHasTheQuietZoneAndTheFinderPatterns(t *testing.T) {
	const scale = 6
	b, err := QRPNG("ACDE34", scale)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 1000 {
		t.Errorf("PNG of a code is %d bytes; a one-bit image should be a few hundred", len(b))
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	side := (21 + 2*quietZone) * scale
	if img.Bounds().Dx() != side || img.Bounds().Dy() != side {
		t.Fatalf("size %v, want %d×%d (a version 1 code)", img.Bounds(), side, side)
	}
	dark := func(mx, my int) bool {
		r, _, _, _ := img.At(mx*scale+scale/2, my*scale+scale/2).RGBA()
		return r < 0x8000
	}
	for i := range quietZone {
		if dark(i, i) || dark(side/scale-1-i, i) {
			t.Fatalf("quiet zone has a dark module at %d", i)
		}
	}
	// The three finder patterns: a dark 7×7 ring, a light ring, a dark
	// 3×3 centre.
	for _, o := range [][2]int{{0, 0}, {14, 0}, {0, 14}} {
		x, y := o[0]+quietZone, o[1]+quietZone
		if !dark(x, y) || !dark(x+6, y+6) || dark(x+1, y+1) || !dark(x+3, y+3) {
			t.Errorf("no finder pattern at %v", o)
		}
	}
}

func TestTerminalQRDrawsTheSameModulesInHalfBlocks(t *testing.T) {
	url := "http://192.168.178.23:8080/"
	s, err := TerminalQR(url)
	if err != nil {
		t.Fatal(err)
	}
	m, err := qrMatrix(url, qr.L)
	if err != nil {
		t.Fatal(err)
	}
	n := len(m) + 2*quietZoneTerm
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if len(lines) != (n+1)/2 {
		t.Fatalf("%d lines, want %d", len(lines), (n+1)/2)
	}
	if n > 29 {
		t.Errorf("%d columns: a LAN URL should fit in 29", n)
	}
	for y, line := range lines {
		if utf8.RuneCountInString(line) != n {
			t.Fatalf("line %d has %d columns, want %d", y, utf8.RuneCountInString(line), n)
		}
		for x, r := range []rune(line) {
			top := r == '█' || r == '▀'
			bottom := r == '█' || r == '▄'
			for dy, light := range []bool{top, bottom} {
				my, mx := 2*y+dy-quietZoneTerm, x-quietZoneTerm
				want := true // quiet zone
				if my >= 0 && my < len(m) && mx >= 0 && mx < len(m) {
					want = !m[my][mx]
				} else if 2*y+dy >= n {
					continue // below the last row
				}
				if light != want {
					t.Fatalf("module (%d,%d) drawn light=%v, want %v", mx, my, light, want)
				}
			}
		}
	}
}

func TestQRRefusesTooMuchText(t *testing.T) {
	if _, err := TerminalQR(strings.Repeat("x", 5000)); err == nil {
		t.Error("5000 bytes fit into a QR code?")
	}
}

func TestURLs(t *testing.T) {
	for _, tc := range []struct{ addr, want string }{
		{"10.42.0.1:8080", "http://10.42.0.1:8080/"},
		{"localhost:8080", "http://localhost:8080/"},
		{"[fd00::1]:80", "http://[fd00::1]:80/"},
		{"nonsense", "http://nonsense/"},
	} {
		if got := URLs(tc.addr); len(got) != 1 || got[0] != tc.want {
			t.Errorf("URLs(%q) = %q, want %q", tc.addr, got, tc.want)
		}
	}
	for _, addr := range []string{":8080", "0.0.0.0:8080", "[::]:8080"} {
		got := URLs(addr)
		if len(got) == 0 {
			t.Fatalf("URLs(%q) is empty", addr)
		}
		for _, u := range got {
			if !strings.HasPrefix(u, "http://") || !strings.HasSuffix(u, ":8080/") || strings.Contains(u, "127.0.0.1") {
				t.Errorf("URLs(%q) has %q", addr, u)
			}
		}
	}
}

func TestWiFiJoin(t *testing.T) {
	if got := WiFiJoin("Waldlauf Anmeldung", `lauf;08:"x"`); got != `WIFI:T:WPA;S:Waldlauf Anmeldung;P:lauf\;08\:\"x\";;` {
		t.Errorf("WPA: %s", got)
	}
	if got := WiFiJoin("Waldlauf", ""); got != "WIFI:T:nopass;S:Waldlauf;;" {
		t.Errorf("open: %s", got)
	}
}
