package hotspot

import (
	"net"
	"net/netip"
	"slices"
	"strings"
)

// URLs are the addresses a phone on the hotspot opens for a server
// listening on addr (":8080", "0.0.0.0:8080", "10.42.0.1:8080"): for a
// wildcard address, http://IP:PORT/ for each IPv4 address of the
// machine's interfaces that are up, other than loopback — wireless
// interfaces first, since the hotspot is one; for a given host, that host.
// With nothing better it falls back to the address itself (localhost for
// a wildcard).
func URLs(addr string) []string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return []string{"http://" + addr + "/"}
	}
	ip, perr := netip.ParseAddr(host)
	if host != "" && (perr != nil || !ip.IsUnspecified()) {
		return []string{"http://" + net.JoinHostPort(host, port) + "/"}
	}
	var wireless, other []string
	ifaces, _ := net.Interfaces()
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, _ := ifc.Addrs()
		for _, a := range addrs {
			pfx, err := netip.ParsePrefix(a.String())
			if err != nil {
				continue
			}
			ip := pfx.Addr()
			if !ip.Is4() || ip.IsLoopback() || ip.IsLinkLocalUnicast() {
				continue
			}
			u := "http://" + net.JoinHostPort(ip.String(), port) + "/"
			if isWireless(ifc.Name) {
				wireless = append(wireless, u)
			} else {
				other = append(other, u)
			}
		}
	}
	urls := slices.Concat(wireless, other)
	if len(urls) == 0 {
		return []string{"http://" + net.JoinHostPort("localhost", port) + "/"}
	}
	return urls
}

// isWireless guesses from the interface name (wlan0, wlp2s0, wlx…, and
// macOS's en0 is not distinguishable, so it stays among the others).
func isWireless(name string) bool {
	return strings.HasPrefix(name, "wl") || strings.HasPrefix(name, "ap")
}

// WiFiJoin is the text of a QR code that joins a phone to the hotspot —
// the WIFI: scheme that phone cameras understand — for the sign beside the
// form's address. An empty password means an open network.
func WiFiJoin(ssid, password string) string {
	esc := strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, `:`, `\:`, `"`, `\"`)
	if password == "" {
		return "WIFI:T:nopass;S:" + esc.Replace(ssid) + ";;"
	}
	return "WIFI:T:WPA;S:" + esc.Replace(ssid) + ";P:" + esc.Replace(password) + ";;"
}
