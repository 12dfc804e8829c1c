package printer

import "github.com/racedesk/racedesk/model/msg"

// KindSign is the hotspot sign for the table.
const KindSign Kind = "sign"

// HotspotSign is the sign that tells runners how to register on their
// phones: join the Wi-Fi, open the address (or scan the code).
func (l Layout) HotspotSign(url, wifi string) (*Doc, error) {
	d := l.doc(KindSign, l.t(msg.SignTitle))
	l.eventHeader(d)
	d.Blank()
	d.Wrap(Style{Bold: true, Align: Center, W: 2, H: 2}, l.t(msg.SignTitle))
	d.Blank()
	if wifi != "" {
		d.Wrap(Style{Align: Center}, l.t(msg.SignWiFi, wifi))
	}
	d.Wrap(Style{Align: Center}, l.t(msg.SignOpen))
	d.Wrap(Style{Bold: true, Align: Center}, url)
	d.Blank()
	d.QR(url, 8)
	d.Blank()
	d.Wrap(Style{Align: Center}, l.t(msg.SignThen))
	return d, nil
}
