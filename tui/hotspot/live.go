package hotspot

// Live results: read-only result pages for the runners' phones, beside
// the form, during the race.
//
//	GET /results                    the races (and ?q= across all of them)
//	GET /results/{race}             one race's results overall
//	GET /results/{race}/gender      … by gender, one list each
//	GET /results/{race}/class       … by age class, one list each
//	GET /r/{race}/{bib}             one runner's result (model.ResultURL)
//
// Every page takes ?q= (a name or a bib: only the matching lines) and
// ?lang=de|en (kept on the links). The pages reload themselves every 30 s
// (meta refresh, no script). They show what a results list shows — place,
// bib, name, club, age class, time as the results round it, DNF/DSQ with
// its reason — and nothing else: the snapshot they are made from holds no
// more (livecache.go). A bib without a result is "no result yet" (404),
// whether somebody holds it or not.

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

const (
	liveRefresh = 30 // seconds between the pages' reloads
	maxQuery    = 60 // runes of ?q= read
	maxHits     = 100
)

// The views of a race's results.
const (
	viewOverall = ""
	viewGender  = "gender"
	viewClass   = "class"
)

// liveView is a results page: the races (index), or a race's lists.
type liveView struct {
	Tabs                       []linkView
	Search                     searchView
	Found, ShowAll, ShowAllRef string
	Races                      []raceLinkView
	Jumps                      []linkView
	Sections                   []sectionView
	Empty                      string
	ColPlace, ColName, ColTime string
	Note                       string
}

type linkView struct {
	Label, Href string
	Current     bool
}

type searchView struct {
	Action, Lang, Label, Button, Q string
}

type raceLinkView struct{ Name, Href, Detail string }

type sectionView struct {
	ID, Title string
	Rows      []rowView
}

// rowView is a line of a list: Place is "3." (the place the list ranks
// by) or empty; Time the time or DNF/DSQ.
type rowView struct {
	Place, Name, Href, Detail, Time string
	Out                             bool // DNF, DSQ
}

// runnerView is one runner's result page.
type runnerView struct {
	Sub    string
	Big    string
	Reason string
	Places []placeView
	Note   string
	Back   linkView
}

type placeView struct{ Label, Place, Of string }

// liveReq is what every results page reads from the request.
type liveReq struct {
	lang msg.Lang
	keep string // the ?lang= the phone chose, kept on links ("": none)
	q    string
}

func (s *Server) liveRequest(r *http.Request) liveReq {
	lr := liveReq{lang: s.lang(r, "")}
	qv := r.URL.Query()
	if l, ok := msg.ParseLang(qv.Get("lang")); ok {
		lr.keep = string(l)
	}
	q := strings.TrimSpace(qv.Get("q"))
	if !validText(q) {
		q = ""
	}
	if utf8.RuneCountInString(q) > maxQuery {
		q = string([]rune(q)[:maxQuery])
	}
	lr.q = q
	return lr
}

// href is path with the kept language and the pairs of kv as its query.
func (lr liveReq) href(path string, kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v.Set(kv[i], kv[i+1])
		}
	}
	if lr.keep != "" {
		v.Set("lang", lr.keep)
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

func (lr liveReq) t(k msg.Key, args ...any) string { return msg.T(lr.lang, k, args...) }

func racePath(id string) string { return "/results/" + url.PathEscape(id) }

func runnerPath(race string, bib int) string {
	return "/r/" + url.PathEscape(race) + "/" + strconv.Itoa(bib)
}

// livePage is a page of the live results in lr's language; the language
// switch keeps the path and the search.
func (s *Server) livePage(lr liveReq, path, heading string) *page {
	p := s.newPage(lr.lang, path)
	p.Heading = heading
	p.Refresh = liveRefresh
	v := url.Values{"lang": {p.SwitchLang}}
	if lr.q != "" {
		v.Set("q", lr.q)
	}
	p.SwitchHref = path + "?" + v.Encode()
	return p
}

// liveData is the results a page shows and since when they are current.
type liveData struct {
	*liveSnapshot
	asOf time.Time
}

// liveBuilder makes a results page from the results: its status and
// page.
type liveBuilder func(r *http.Request, lr liveReq, d liveData) (int, *page)

// serveLive serves the page build makes. Without a search the page is
// made once per results and language and kept (rendered and gzipped) for
// the next phone: see pageCache.
func (s *Server) serveLive(build liveBuilder) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lr := s.liveRequest(r)
		snap, current, err := s.live.get()
		if err != nil {
			s.opts.Log.Error("hotspot: results", "err", err)
		}
		if snap == nil {
			p := s.livePage(lr, "/results", lr.t(msg.LrTitle))
			p.Message = lr.t(msg.LrUnavailable)
			p.BackHref, p.BackLabel = "/", p.BackToForm
			s.render(w, http.StatusServiceUnavailable, p)
			return
		}
		d := liveData{liveSnapshot: snap, asOf: snap.at}
		if current { // nothing changed since: they are the results of now
			d.asOf = s.opts.Now()
		}
		key := pageKey{path: r.URL.Path, lang: lr.lang, keep: lr.keep, asOf: d.asOf.Format("15:04")}
		if lr.q == "" {
			if pg := s.pageCache.get(snap, key); pg != nil {
				pg.write(w, r)
				return
			}
		}
		status, p := build(r, lr, d)
		body, err := renderPage(p)
		if err != nil {
			s.opts.Log.Error("hotspot: render", "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		pg := &renderedPage{status: status, body: body}
		if lr.q == "" {
			pg.gz = gzipped(body)
			s.pageCache.put(snap, key, pg)
		}
		pg.write(w, r)
	}
}

// asOf is the note under every results page.
func (s *Server) asOf(lr liveReq, snap liveData) string {
	return lr.t(msg.LrAsOf, snap.asOf.Format("15:04"))
}

func (s *Server) resultsIndex(r *http.Request, lr liveReq, snap liveData) (int, *page) {
	p := s.livePage(lr, "/results", lr.t(msg.LrTitle))
	v := s.newLiveView(lr, "/results", snap)
	if lr.q == "" {
		for _, race := range snap.races {
			detail := lr.t(msg.LrNotStarted)
			if race.Started || race.Finishers > 0 {
				detail = lr.t(msg.LrFinishers, race.Finishers)
			}
			v.Races = append(v.Races, raceLinkView{Name: race.Name, Href: lr.href(racePath(race.ID)), Detail: detail})
		}
	} else {
		sec := sectionView{}
		n := 0
		for _, race := range snap.races {
			for i := range race.Rows {
				row := &race.Rows[i]
				if !matches(row, lr.q) {
					continue
				}
				n++
				if n <= maxHits {
					rv := s.row(lr, race, row, viewOverall)
					rv.Detail = race.Name + " · " + rv.Detail
					sec.Rows = append(sec.Rows, rv)
				}
			}
		}
		s.found(lr, v, n, "/results")
		if len(sec.Rows) > 0 {
			v.Sections = []sectionView{sec}
		}
	}
	p.Live = v
	return http.StatusOK, p
}

// newLiveView is a view with the search form and the note.
func (s *Server) newLiveView(lr liveReq, path string, snap liveData) *liveView {
	return &liveView{
		Search:   searchView{Action: path, Lang: lr.keep, Label: lr.t(msg.LrSearchLabel), Button: lr.t(msg.LrSearch), Q: lr.q},
		ColPlace: lr.t(msg.LrColPlace), ColName: lr.t(msg.LrColName), ColTime: lr.t(msg.LrColTime),
		Note: s.asOf(lr, snap),
	}
}

// found says how many lines a search found, with a link to all.
func (s *Server) found(lr liveReq, v *liveView, n int, path string) {
	switch {
	case n == 0:
		v.Empty = lr.t(msg.LrFoundNobody, lr.q)
	case n > maxHits:
		v.Found = lr.t(msg.LrTooManyFound, maxHits, lr.q)
	default:
		v.Found = lr.t(msg.LrFound, n, lr.q)
	}
	v.ShowAll, v.ShowAllRef = lr.t(msg.LrShowAll), lr.href(path)
}

// matches reports whether a line is what the search asks for: a bib
// (digits only), else every word of a name, folded (Müller = Mueller =
// muller).
func matches(row *liveRow, q string) bool {
	if n, err := strconv.Atoi(q); err == nil {
		return row.Bib == n
	}
	for _, word := range strings.Fields(model.Fold(q)) {
		if !strings.Contains(row.fold, word) {
			return false
		}
	}
	return true
}

func (s *Server) raceResults(view string) liveBuilder {
	return func(r *http.Request, lr liveReq, snap liveData) (int, *page) {
		race := snap.byID[r.PathValue("race")]
		if race == nil {
			return s.liveNotFound(lr, "/results", lr.t(msg.LrUnknownRace), nil)
		}
		base := racePath(race.ID)
		path := base
		if view != viewOverall {
			path += "/" + view
		}
		p := s.livePage(lr, path, race.Name)
		v := s.newLiveView(lr, path, snap)
		for _, tab := range []struct {
			view string
			key  msg.Key
		}{{viewOverall, msg.LrOverall}, {viewGender, msg.LrByGender}, {viewClass, msg.LrByClass}} {
			href := base
			if tab.view != viewOverall {
				href += "/" + tab.view
			}
			v.Tabs = append(v.Tabs, linkView{Label: lr.t(tab.key), Href: lr.href(href, "q", lr.q), Current: tab.view == view})
		}
		v.Tabs = append(v.Tabs, linkView{Label: lr.t(msg.LrAllRaces), Href: lr.href("/results")})

		// The lines of each section, in the results' order.
		type group struct {
			id, title string
			keep      func(*liveRow) bool
		}
		var groups []group
		switch view {
		case viewGender:
			for _, g := range race.genders {
				groups = append(groups, group{"g-" + string(g), genderTitle(lr, g), func(r *liveRow) bool { return r.Gender == g }})
			}
		case viewClass:
			for _, c := range race.classes {
				title := c
				if c == "" {
					title = lr.t(msg.LrNoClass)
				}
				groups = append(groups, group{"c-" + c, title, func(r *liveRow) bool { return r.Class == c }})
			}
		default:
			groups = []group{{keep: func(*liveRow) bool { return true }}}
		}
		n := 0
		for _, g := range groups {
			sec := sectionView{ID: anchorID(g.id), Title: g.title}
			for i := range race.Rows {
				row := &race.Rows[i]
				if !g.keep(row) || (lr.q != "" && !matches(row, lr.q)) {
					continue
				}
				n++
				sec.Rows = append(sec.Rows, s.row(lr, race, row, view))
			}
			if len(sec.Rows) == 0 {
				continue
			}
			v.Sections = append(v.Sections, sec)
			if g.title != "" {
				v.Jumps = append(v.Jumps, linkView{Label: g.title, Href: "#" + sec.ID})
			}
		}
		if len(v.Jumps) < 2 {
			v.Jumps = nil
		}
		switch {
		case lr.q != "":
			s.found(lr, v, n, path)
		case len(race.Rows) == 0:
			v.Empty = lr.t(msg.LrNoResults)
		}
		p.Live = v
		return http.StatusOK, p
	}
}

// anchorID is an HTML id for a section (class labels are free text).
func anchorID(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			b[i] = '-'
		}
	}
	return string(b)
}

func genderTitle(lr liveReq, g model.Gender) string {
	switch g {
	case model.Male:
		return lr.t(msg.LrMen)
	case model.Female:
		return lr.t(msg.LrWomen)
	case model.Diverse:
		return lr.t(msg.LrDiverse)
	}
	return string(g)
}

// row is a line of a list in view: the place it ranks by, the name
// linked to the runner's page, bib, club and class (with its place in the
// overall list) below, the time or DNF/DSQ.
func (s *Server) row(lr liveReq, race *liveRace, r *liveRow, view string) rowView {
	rv := rowView{Name: r.Name, Href: lr.href(runnerPath(race.ID, r.Bib)), Time: r.Time}
	detail := []string{lr.t(msg.LrBib, r.Bib)}
	if r.Club != "" {
		detail = append(detail, r.Club)
	}
	if r.Status != "" {
		rv.Out, rv.Time = true, strings.ToUpper(string(r.Status))
		if r.Class != "" {
			detail = append(detail, r.Class)
		}
		if r.Status == model.DSQ && r.Reason != "" {
			detail = append(detail, lr.t(msg.LrDSQReason, r.Reason))
		}
		rv.Detail = strings.Join(detail, " · ")
		return rv
	}
	switch view {
	case viewGender:
		rv.Place = place(r.GenderPlace)
	case viewClass:
		rv.Place = place(r.ClassPlace)
	default:
		rv.Place = place(r.Place)
	}
	if r.Class != "" {
		c := r.Class
		if view == viewOverall && r.ClassPlace > 0 {
			c += "\u00a0(" + place(r.ClassPlace) + ")" // kept on one line
		}
		detail = append(detail, c)
	}
	rv.Detail = strings.Join(detail, " · ")
	return rv
}

func place(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n) + "."
}

// serveRunner is one runner's page: the address on their label's QR code.
func (s *Server) runnerResult(r *http.Request, lr liveReq, snap liveData) (int, *page) {
	race := snap.byID[r.PathValue("race")]
	if race == nil {
		return s.liveNotFound(lr, "/results", lr.t(msg.LrUnknownRace), nil)
	}
	back := &linkView{Label: lr.t(msg.LrBackToRace, race.Name), Href: lr.href(racePath(race.ID))}
	bib, err := strconv.Atoi(r.PathValue("bib"))
	if err != nil || bib <= 0 || strconv.Itoa(bib) != r.PathValue("bib") {
		return s.liveNotFound(lr, racePath(race.ID), lr.t(msg.HsNotFound), back)
	}
	i, found := race.byBib[bib]
	if !found {
		// Somebody may hold the bib or not: nothing says which.
		return s.liveNotFound(lr, runnerPath(race.ID, bib), lr.t(msg.LrNoResultYet, bib, race.Name), back)
	}
	row := &race.Rows[i]
	path := runnerPath(race.ID, bib)
	p := s.livePage(lr, path, row.Name)
	detail := []string{race.Name, lr.t(msg.LrBib, bib)}
	if row.Club != "" {
		detail = append(detail, row.Club)
	}
	v := &runnerView{Sub: strings.Join(detail, " · "), Note: s.asOf(lr, snap), Back: *back}
	switch row.Status {
	case model.DNF:
		v.Big = lr.t(msg.LrDNF)
	case model.DSQ:
		v.Big = lr.t(msg.LrDSQ)
		v.Reason = row.Reason
	default:
		v.Big = row.Time
		v.Places = append(v.Places, placeView{Label: lr.t(msg.LrOverall), Place: place(row.Place), Of: lr.t(msg.LrOf, race.Finishers)})
		v.Places = append(v.Places, placeView{Label: genderTitle(lr, row.Gender), Place: place(row.GenderPlace),
			Of: lr.t(msg.LrOf, race.genderN[row.Gender])})
		if row.Class != "" && row.ClassPlace > 0 {
			v.Places = append(v.Places, placeView{Label: row.Class, Place: place(row.ClassPlace), Of: lr.t(msg.LrOf, race.classN[row.Class])})
		}
	}
	if row.Class != "" && row.Status != "" {
		v.Sub += " · " + row.Class
	}
	p.Runner = v
	return http.StatusOK, p
}

// liveNotFound is a friendly 404 among the results: what is missing and
// a way on (back, else the races). It reloads like the results: a bib
// whose finish comes later finds its result.
func (s *Server) liveNotFound(lr liveReq, path, text string, back *linkView) (int, *page) {
	p := s.livePage(lr, path, lr.t(msg.LrTitle))
	p.Message = text
	if back != nil {
		p.BackHref, p.BackLabel = back.Href, back.Label
	} else {
		p.BackHref, p.BackLabel = lr.href("/results"), lr.t(msg.LrAllRaces)
	}
	return http.StatusNotFound, p
}
