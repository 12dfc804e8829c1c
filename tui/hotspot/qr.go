package hotspot

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"

	"github.com/boombuler/barcode/qr"
)

// quietZone is the light margin around a printed or displayed QR code, in
// modules. The standard asks for 4; scanners cope with 2 on a terminal,
// where every line counts.
const (
	quietZone     = 4
	quietZoneTerm = 2
)

// qrMatrix encodes text as a QR code and returns its modules, true for
// dark, without a quiet zone.
func qrMatrix(text string, level qr.ErrorCorrectionLevel) ([][]bool, error) {
	code, err := qr.Encode(text, level, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	n := code.Bounds().Dx()
	m := make([][]bool, n)
	for y := range m {
		m[y] = make([]bool, n)
		for x := range m[y] {
			r, _, _, _ := code.At(x, y).RGBA()
			m[y][x] = r < 0x8000
		}
	}
	return m, nil
}

// QRPNG renders text as a black-on-white QR code (error correction M)
// with the standard quiet zone, scale pixels per module: a one-bit PNG of
// a few hundred bytes, for a web page, a sign or a label.
func QRPNG(text string, scale int) ([]byte, error) {
	b, _, err := qrPNG(text, scale)
	return b, err
}

// qrPNG is QRPNG that also returns the image's side in pixels.
func qrPNG(text string, scale int) ([]byte, int, error) {
	m, err := qrMatrix(text, qr.M)
	if err != nil {
		return nil, 0, err
	}
	if scale < 1 {
		scale = 1
	}
	side := (len(m) + 2*quietZone) * scale
	img := image.NewPaletted(image.Rect(0, 0, side, side), color.Palette{color.White, color.Black})
	for y, row := range m {
		for x, dark := range row {
			if !dark {
				continue
			}
			x0, y0 := (x+quietZone)*scale, (y+quietZone)*scale
			for dy := range scale {
				for dx := range scale {
					img.SetColorIndex(x0+dx, y0+dy, 1)
				}
			}
		}
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&b, img); err != nil {
		return nil, 0, err
	}
	return b.Bytes(), side, nil
}

// TerminalQR renders text (a URL) as a QR code in half-block characters,
// two modules per line, for a terminal with light text on a dark
// background: the light modules and the quiet zone are drawn, the dark
// ones left blank. Where the theme is unknown, draw it with an explicit
// light foreground on a black background (lipgloss). A URL of a LAN
// address takes 29 columns and 15 lines.
func TerminalQR(text string) (string, error) {
	m, err := qrMatrix(text, qr.L)
	if err != nil {
		return "", err
	}
	n := len(m) + 2*quietZoneTerm
	light := func(x, y int) bool {
		x, y = x-quietZoneTerm, y-quietZoneTerm
		if x < 0 || y < 0 || y >= len(m) || x >= len(m) {
			return true
		}
		return !m[y][x]
	}
	var b strings.Builder
	for y := 0; y < n; y += 2 {
		for x := range n {
			top, bottom := light(x, y), y+1 < n && light(x, y+1)
			switch {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteByte('\n')
	}
	return b.String(), nil
}
