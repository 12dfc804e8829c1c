package model

import (
	"net/url"
	"strconv"
	"strings"
)

// ResultURL is the page of one runner's result in the live results the
// hotspot (or hub) serves: BASE/r/RACE/BIB. A QR code on the runner's
// label or finish slip holds it. base "" gives "".
func ResultURL(base, race string, bib int) string {
	if base == "" {
		return ""
	}
	return strings.TrimSuffix(base, "/") + "/r/" + url.PathEscape(race) + "/" + strconv.Itoa(bib)
}

// ResultsBase is the live results' address for QR codes: the event
// file's [results] url, else the desk's hotspot address (may be "").
func (ev *Event) ResultsBase(hotspot string) string {
	if ev.Results != nil && ev.Results.URL != "" {
		return ev.Results.URL
	}
	return hotspot
}
