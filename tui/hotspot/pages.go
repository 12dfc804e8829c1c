package hotspot

import (
	"bytes"
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// texts are a page language's fixed texts, from the catalog.
type texts struct {
	Lang, Title, Intro, SwitchLabel, SwitchLang, RequiredNote, Submit, CheckFields string
	ShowCode, Screenshot, Another, BackToForm, ToResults                           string
}

func newTexts(lang msg.Lang) *texts {
	other := msg.EN
	if lang == msg.EN {
		other = msg.DE
	}
	t := func(k msg.Key) string { return msg.T(lang, k) }
	return &texts{
		Lang: string(lang), Title: t(msg.HsTitle), Intro: t(msg.HsIntro),
		SwitchLabel: t(msg.HsSwitchLang), SwitchLang: string(other), RequiredNote: t(msg.HsRequiredNote),
		Submit: t(msg.HsSubmit), CheckFields: t(msg.HsCheckFields), ShowCode: t(msg.HsShowCode),
		Screenshot: t(msg.HsScreenshot), Another: t(msg.HsAnother), BackToForm: t(msg.HsBackToForm),
		ToResults: t(msg.LrToResults),
	}
}

// page is what the layout renders: one of Form, Done, Live, Runner or
// Message.
type page struct {
	*texts
	CSS        template.CSS
	Event      string
	Heading    string
	SwitchHref string
	Refresh    int // seconds until the page reloads itself; 0: never
	Form       *formView
	Done       *doneView
	Live       *liveView
	Runner     *runnerView
	Message    string
	// BackHref and BackLabel are a message's way on (default the form).
	BackHref, BackLabel string
}

type formView struct {
	Token  string
	Notice string
	Errors []errorView
	Fields []*fieldView
}

type errorView struct{ Anchor, Text string }

// fieldView is one form field. Kind is "text", "radio" or "select".
type fieldView struct {
	Kind, Name, ID, Label, Hint, Value, Error string
	Type, Autocomplete, InputMode             string
	Required                                  bool
	MaxLen                                    int
	Choices                                   []choiceView
}

type choiceView struct {
	Value, Label, Detail string
	Checked              bool
}

type doneView struct {
	Code, QRAlt, Name, Race, Due, Again string
	Known                               string // "you seem to be registered already"
	QR                                  template.URL
	QRSize                              int
}

// lang picks the page language: ?lang=, then Accept-Language, then the
// server's default.
func (s *Server) lang(r *http.Request, explicit string) msg.Lang {
	if l, ok := msg.ParseLang(explicit); ok {
		return l
	}
	if l, ok := msg.ParseLang(r.URL.Query().Get("lang")); ok {
		return l
	}
	if l, ok := acceptLanguage(r.Header.Get("Accept-Language")); ok {
		return l
	}
	return s.defaultLang()
}

func (s *Server) defaultLang() msg.Lang {
	if s.opts.Lang != "" {
		return s.opts.Lang
	}
	if l, ok := msg.ParseLang(s.store.Event().Lang); ok {
		return l
	}
	return msg.DE
}

// acceptLanguage returns the catalog language the header prefers most.
func acceptLanguage(h string) (msg.Lang, bool) {
	best, bestQ := msg.Lang(""), 0.0
	for i, part := range strings.Split(h, ",") {
		if i > 20 {
			break
		}
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if l, ok := msg.ParseLang(tag); ok && q > bestQ {
			best, bestQ = l, q
		}
	}
	return best, best != ""
}

func (s *Server) newPage(lang msg.Lang, switchPath string) *page {
	tx := s.pages[lang]
	q := url.Values{"lang": {tx.SwitchLang}}
	return &page{texts: tx, CSS: template.CSS(pageCSS), Event: s.store.Event().Name, Heading: tx.Title,
		SwitchHref: switchPath + "?" + q.Encode(), BackHref: "/?lang=" + tx.Lang, BackLabel: tx.BackToForm}
}

func (s *Server) render(w http.ResponseWriter, status int, p *page) {
	b, err := renderPage(p)
	if err != nil {
		s.opts.Log.Error("hotspot: render", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

func renderPage(p *page) ([]byte, error) {
	var b bytes.Buffer
	err := pageTemplate.Execute(&b, p)
	return b.Bytes(), err
}

// message renders a page with one message and a link back to the form.
func (s *Server) message(w http.ResponseWriter, r *http.Request, status int, key msg.Key, args ...any) {
	lang := s.lang(r, r.PostForm.Get("lang"))
	p := s.newPage(lang, "/")
	p.Message = msg.T(lang, key, args...)
	s.render(w, status, p)
}

func (s *Server) serveForm(w http.ResponseWriter, r *http.Request) {
	lang := s.lang(r, "")
	p := s.newPage(lang, "/")
	p.Form = s.form(lang, model.ParticipantInput{}, nil)
	s.render(w, http.StatusOK, p)
}

func (s *Server) serveNotFound(w http.ResponseWriter, r *http.Request) {
	s.message(w, r, http.StatusNotFound, msg.HsNotFound)
}

func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, wait time.Duration) {
	s.stats.limited.Add(1)
	s.opts.Log.Warn("hotspot: rate limited", "client", s.opts.ClientKey(r), "path", r.URL.Path)
	secs := max(1, int((wait+time.Second-1)/time.Second))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	s.message(w, r, http.StatusTooManyRequests, msg.HsTooMany, secs)
}

// paused refuses a registration by the global limit: 503, Retry-After,
// a page that sends the runner to the desk, and the desk's alarm.
func (s *Server) paused(w http.ResponseWriter, r *http.Request, reason AlarmReason, limit int, wait time.Duration) {
	s.stats.paused.Add(1)
	s.alarm.refused(reason, limit, s.opts.Now())
	s.opts.Log.Warn("hotspot: paused by the global limit", "client", s.opts.ClientKey(r), "limit", string(reason))
	secs := max(1, int((wait+time.Second-1)/time.Second))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	s.message(w, r, http.StatusServiceUnavailable, msg.HsPaused)
}

func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, why error) {
	s.stats.refused.Add(1)
	s.opts.Log.Warn("hotspot: refused", "client", s.opts.ClientKey(r), "status", status, "why", why.Error())
	key := msg.HsBadRequest
	switch status {
	case http.StatusRequestEntityTooLarge:
		key = msg.HsTooLarge
	case http.StatusForbidden:
		key = msg.HsCrossSite
	}
	s.message(w, r, status, key)
}

// serveRegister takes a submitted form: on errors the form again with
// every value and a message beside each wrong field (422); on success a
// redirect to the confirmation page (303).
func (s *Server) serveRegister(w http.ResponseWriter, r *http.Request) {
	client := s.opts.ClientKey(r)
	now := s.opts.Now()
	if ok, wait := s.submits.allow(client, now); !ok {
		s.tooMany(w, r, wait)
		return
	}
	refund := true
	defer func() {
		if refund {
			s.submits.refund(client)
		}
	}()
	if status, err := formBody(w, r, s.opts.MaxBody); err != nil {
		s.refuse(w, r, status, err)
		return
	}
	if err := s.checkOrigin(r); err != nil {
		s.refuse(w, r, http.StatusForbidden, err)
		return
	}
	f := r.PostForm
	lang := s.lang(r, f.Get("lang"))
	ev := s.store.Event()
	in := model.ParticipantInput{
		First: f.Get(model.FFirst), Last: f.Get(model.FLast), Born: f.Get(model.FBorn),
		Gender: f.Get(model.FGender), Race: f.Get(model.FRace), Club: f.Get(model.FClub),
		Email: f.Get(model.FEmail), Phone: f.Get(model.FPhone),
	}
	for _, x := range ev.ExtraFields {
		if v := f.Get(model.ExtraPrefix + x.Key); v != "" {
			if in.Extra == nil {
				in.Extra = map[string]string{}
			}
			in.Extra[x.Key] = v
		}
	}
	nonce, ok := s.forms.check(f.Get("csrf"), now)
	if !ok {
		// Missing, expired or from before a restart: nothing is stored;
		// the form comes back with what was typed and a fresh token.
		s.stats.refused.Add(1)
		p := s.newPage(lang, "/")
		p.Form = s.form(lang, in, nil)
		p.Form.Notice = msg.T(lang, msg.HsStale)
		s.render(w, http.StatusForbidden, p)
		return
	}
	tok, release := s.receipts.begin(nonce, now)
	if release == nil { // this form was sent before: its confirmation
		s.redirectDone(w, r, tok, lang)
		return
	}
	defer release()
	var slot time.Time
	if s.window != nil {
		t, ok, wait := s.window.reserve(now)
		if !ok {
			s.paused(w, r, AlarmRate, s.opts.Global.PerMinute, wait)
			return
		}
		slot = t
	}
	p, err := s.store.RegisterPendingUpTo(in, s.opts.Global.MaxPending)
	if err != nil && s.window != nil {
		s.window.release(slot) // nothing stored: the slot is free again
	}
	if errors.Is(err, store.ErrTooManyPending) {
		s.paused(w, r, AlarmTotal, s.opts.Global.MaxPending, 2*time.Minute)
		return
	}
	if verr, ok := errors.AsType[model.ValidationError](err); ok {
		s.stats.invalid.Add(1)
		pg := s.newPage(lang, "/")
		pg.Form = s.form(lang, in, verr)
		pg.Form.Token = f.Get("csrf") // the same form: a double tap stays one registration
		s.render(w, http.StatusUnprocessableEntity, pg)
		return
	}
	if err != nil {
		s.opts.Log.Error("hotspot: register", "err", err)
		s.message(w, r, http.StatusInternalServerError, msg.HsFailed)
		return
	}
	refund = false
	s.stats.registered.Add(1)
	rc := receipt{Code: p.Code, Name: p.FullName(), Race: p.Race}
	if race, ok := ev.Race(p.Race); ok {
		rc.Race, rc.DueCents = race.Name, model.Due(race, &p)
	}
	if ms, err := s.store.Similar(model.PersonOf(&p), p.ID); err == nil && len(ms) > 0 {
		rc.Known = true // the desk's card shows whom; the phone learns nothing about them
	}
	if png, side, err := qrPNG(p.Code, 6); err == nil {
		rc.QR, rc.QRSize = "data:image/png;base64,"+base64.StdEncoding.EncodeToString(png), side
	}
	tok = s.receipts.add(nonce, rc, now)
	s.opts.Log.Info("hotspot: registered", "code", p.Code, "race", p.Race)
	if s.opts.OnRegistered != nil {
		s.opts.OnRegistered(p)
	}
	s.redirectDone(w, r, tok, lang)
}

func (s *Server) redirectDone(w http.ResponseWriter, r *http.Request, tok string, lang msg.Lang) {
	http.Redirect(w, r, "/done/"+tok+"?lang="+string(lang), http.StatusSeeOther)
}

func (s *Server) serveDone(w http.ResponseWriter, r *http.Request) {
	tok := r.PathValue("token")
	lang := s.lang(r, "")
	rc, ok := s.receipts.get(tok, s.opts.Now())
	if !ok {
		s.message(w, r, http.StatusNotFound, msg.HsGone)
		return
	}
	p := s.newPage(lang, "/done/"+tok)
	p.Heading = msg.T(lang, msg.HsDoneTitle)
	d := &doneView{Code: rc.Code, QRAlt: msg.T(lang, msg.HsCodeQR, rc.Code), Name: rc.Name, Race: rc.Race,
		Again: "/?lang=" + string(lang)}
	switch {
	case rc.Known:
		d.Known = msg.T(lang, msg.HsAlreadyRegistered)
	case rc.DueCents > 0:
		d.Due = msg.T(lang, msg.HsPayThere, model.FormatEuros(rc.DueCents))
	default:
		d.Due = msg.T(lang, msg.HsBibThere)
	}
	d.QR, d.QRSize = template.URL(rc.QR), rc.QRSize // made here, from the code: safe as a URL
	p.Done = d
	s.render(w, http.StatusOK, p)
}

// form builds the form's fields with the values in and the errors of
// verr beside their fields.
func (s *Server) form(lang msg.Lang, in model.ParticipantInput, verr model.ValidationError) *formView {
	ev := s.store.Event()
	fv := &formView{Token: s.forms.issue(s.opts.Now())}
	shown := map[string]bool{}
	errFor := func(field string) string {
		if e := verr.For(field); e != nil {
			shown[field] = true
			return msg.T(lang, e.Key, e.Args...)
		}
		return ""
	}
	text := func(name, value string, required bool, typ, autocomplete string, maxLen int) *fieldView {
		return &fieldView{Kind: "text", Name: name, ID: fieldID(name), Label: model.FieldLabel(lang, name, nil),
			Value: value, Error: errFor(name), Required: required, Type: typ, Autocomplete: autocomplete, MaxLen: maxLen}
	}
	born := text(model.FBorn, in.Born, true, "text", "bday", 10)
	born.Hint, born.InputMode = msg.T(lang, msg.HsBornHint), "decimal"
	gender := &fieldView{Kind: "radio", Name: model.FGender, ID: fieldID(model.FGender),
		Label: model.FieldLabel(lang, model.FGender, nil), Error: errFor(model.FGender), Required: true}
	g, gerr := model.ParseGender(in.Gender)
	for _, c := range []model.Gender{model.Female, model.Male, model.Diverse} {
		gender.Choices = append(gender.Choices, choiceView{Value: string(c), Label: msg.T(lang, msg.Key("gender."+string(c))),
			Checked: gerr == nil && in.Gender != "" && g == c})
	}
	race := &fieldView{Kind: "radio", Name: model.FRace, ID: fieldID(model.FRace),
		Label: model.FieldLabel(lang, model.FRace, nil), Error: errFor(model.FRace), Required: true}
	for _, r := range ev.Races {
		detail := []string{}
		if r.Start != "" {
			detail = append(detail, msg.T(lang, msg.HsStart, r.Start))
		}
		if r.LateFeeCents > 0 {
			detail = append(detail, msg.T(lang, msg.HsFeeOnSite, model.FormatEuros(r.LateFeeCents)))
		} else {
			detail = append(detail, msg.T(lang, msg.HsFree))
		}
		race.Choices = append(race.Choices, choiceView{Value: r.ID, Label: r.Name, Detail: strings.Join(detail, " · "),
			Checked: in.Race == r.ID || (len(ev.Races) == 1 && in.Race == "")})
	}
	fv.Fields = []*fieldView{
		text(model.FFirst, in.First, true, "text", "given-name", model.MaxNameLen),
		text(model.FLast, in.Last, true, "text", "family-name", model.MaxNameLen),
		born, gender, race,
		text(model.FClub, in.Club, false, "text", "organization", model.MaxClubLen),
		text(model.FEmail, in.Email, false, "email", "email", model.MaxOtherLen),
		text(model.FPhone, in.Phone, false, "tel", "tel", model.MaxOtherLen),
	}
	for _, x := range ev.ExtraFields {
		name := model.ExtraPrefix + x.Key
		label := x.Label
		if lang == msg.EN && x.LabelEN != "" {
			label = x.LabelEN
		}
		f := &fieldView{Kind: "text", Type: "text", Name: name, ID: fieldID(name), Label: label, Value: in.Extra[x.Key],
			Error: errFor(name), Required: x.Required, MaxLen: cmp0(x.MaxLen, model.MaxOtherLen)}
		if len(x.Choices) > 0 {
			f.Kind = "select"
			for _, c := range x.Choices {
				f.Choices = append(f.Choices, choiceView{Value: c, Label: c, Checked: strings.EqualFold(c, strings.TrimSpace(f.Value))})
			}
		}
		fv.Fields = append(fv.Fields, f)
	}
	// Every error is listed above the form too, linked to its field;
	// one about a field the form does not have is listed only there.
	for _, e := range verr {
		ev := errorView{Text: e.Localize(lang)}
		if shown[e.Field] {
			ev.Anchor = fieldID(e.Field)
		}
		fv.Errors = append(fv.Errors, ev)
	}
	return fv
}

func cmp0(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// fieldID is an HTML id for a field name.
func fieldID(name string) string { return anchorID("f-" + name) }

func validText(s string) bool { return utf8.ValidString(s) && !slices.Contains([]byte(s), 0) }
