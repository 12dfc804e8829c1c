package printer

import (
	"github.com/boombuler/barcode/qr"

	"github.com/racedesk/racedesk/model"
)

// dotsPerColumn is how many dots wide a Font A character is: 12 on the
// TM-T20 and TM-T88 class, so a line of Width characters is the width
// the printer can print on (32 → 384 dots on 58 mm paper, 48 → 576 on
// 80 mm at 203 dpi).
const dotsPerColumn = 12

// qrQuietZone is the light margin a QR code needs on each side, in
// modules (ISO/IEC 18004 asks for 4).
const qrQuietZone = 4

// qrModule is the module size in dots for a QR code of data on a line of
// columns characters: want, or smaller when the symbol and its quiet zone
// would not fit the paper (a long [results] url). The printer chooses the
// symbol's version; byte mode at error correction M is the largest it
// can choose, so the code fits whatever it picks.
func qrModule(data string, columns, want int) int {
	code, err := qr.Encode(data, qr.M, qr.Unicode)
	if err != nil {
		return want // more than a QR code holds: the printer prints nothing either way
	}
	modules := code.Bounds().Dx() + 2*qrQuietZone
	return max(1, min(want, columns*dotsPerColumn/modules))
}

// resultURL is the address of a runner's live result — the event file's
// [results] url, else the hotspot's — or "" when neither is known.
func (l Layout) resultURL(race string, bib int) string {
	if bib == 0 {
		return ""
	}
	return model.ResultURL(l.Event.ResultsBase(l.Hotspot), race, bib)
}

// resultQR adds the QR code to a runner's live result with a caption
// above it, when its address is known.
func (l Layout) resultQR(d *Doc, race string, bib int, caption string) {
	url := l.resultURL(race, bib)
	if url == "" {
		return
	}
	want := 6
	if d.Config.Width > narrow {
		want = 8
	}
	d.Wrap(Style{Align: Center}, caption)
	d.QR(url, qrModule(url, d.Config.Width, want))
}
