package printer

import (
	"strconv"
	"strings"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/lists"
	"github.com/racedesk/racedesk/model/msg"
)

// Layout lays out the event's printouts for one printer. Its methods are
// pure: the same inputs give the same Doc (and the same bytes).
type Layout struct {
	Event  *model.Event
	Config Config
	Lang   msg.Lang
	// Now is printed at the foot of lists and on labels; zero leaves the
	// time out.
	Now time.Time
	// Desk is printed on labels ("Desk 1"); empty leaves it out.
	Desk string
	// Hotspot is the address the desk's hotspot serves on: QR codes on
	// labels and finish slips lead to the runner's live result there when
	// the event file has no [results] url. Both empty: no such QR code.
	Hotspot string
}

// Order is how a start list is sorted: by bib, or by name with the bib
// beside it (what a check-in helper needs).
type Order = lists.Order

const (
	ByBib  = lists.ByBib
	ByName = lists.ByName
)

func (l Layout) t(key msg.Key, args ...any) string { return msg.T(l.lang(), key, args...) }

func (l Layout) lang() msg.Lang {
	if l.Lang == "" {
		return msg.Default
	}
	return l.Lang
}

func (l Layout) doc(kind Kind, title string) *Doc { return NewDoc(kind, title, l.Config) }

// date is the event's day as the desk writes it.
func (l Layout) date(t time.Time) string {
	if l.lang() == msg.EN {
		return t.Format("2006-01-02")
	}
	return t.Format("02.01.2006")
}

func (l Layout) stamp() string {
	if l.Now.IsZero() {
		return ""
	}
	return l.t(msg.PrPrinted, l.date(l.Now)+" "+l.Now.Format("15:04"))
}

// eventHeader is the event's name, date and place.
func (l Layout) eventHeader(d *Doc) {
	d.Wrap(Style{Bold: true, Align: Center, H: 2}, l.Event.Name)
	line := l.date(l.Event.Day())
	if l.Event.Location != "" {
		line += " · " + l.Event.Location
	}
	d.Wrap(Style{Align: Center}, line)
	d.Blank()
}

// big prints text in double size when it fits, else in double height.
func big(d *Doc, text string, bold bool) {
	wide := Style{Bold: bold, Align: Center, W: 2, H: 2}
	if width(d.Config.CodePage.Printable(text)) <= d.Columns(wide) {
		d.Line(wide, text)
		return
	}
	d.Wrap(Style{Bold: bold, Align: Center, H: 2}, text)
}

// raceHeader is the race's name in big letters and its start.
func (l Layout) raceHeader(d *Doc, r *model.Race, subtitle string) {
	big(d, r.Name, true)
	if r.Start != "" {
		d.Line(Style{Align: Center}, l.t(msg.PrStartAt, r.Start))
	}
	if subtitle != "" {
		d.Wrap(Style{Bold: true, Align: Center}, subtitle)
	}
	d.Blank()
}

// footer is the count on the left and the print time on the right.
func (l Layout) footer(d *Doc, count string) {
	d.Rule('-')
	stamp := l.stamp()
	if gap := d.Config.Width - width(d.Config.CodePage.Printable(count)) - width(stamp); gap >= 1 {
		d.Line(Style{}, count+strings.Repeat(" ", gap)+stamp)
		return
	}
	d.Line(Style{}, count)
	if stamp != "" {
		d.Line(Style{Align: Right}, stamp)
	}
}

func (l Layout) race(id string) (*model.Race, error) {
	if r, ok := l.Event.Race(id); ok {
		return r, nil
	}
	return l.Event.RaceFor(id)
}

// widest is the widest of the strings, at least min and at most max.
func widest(lo, hi int, ss ...string) int {
	w := lo
	for _, s := range ss {
		w = max(w, width(s))
	}
	return min(w, hi)
}

func bibText(bib int) string {
	if bib == 0 {
		return "-"
	}
	return strconv.Itoa(bib)
}

// euros is an amount without the currency sign, for a column whose head
// says what it is: "20,00".
func euros(cents int) string {
	if cents == 0 {
		return ""
	}
	c := cents % 100
	return strconv.Itoa(cents/100) + "," + string(rune('0'+c/10)) + string(rune('0'+c%10))
}

// sortName is "Last, First" as lists show it.
func sortName(p *model.Participant) string {
	if p.First == "" {
		return p.Last
	}
	return p.Last + ", " + p.First
}
