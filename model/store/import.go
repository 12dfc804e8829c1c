package store

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// ImportRow is one registration of a platform's export.
type ImportRow struct {
	// Line is where the row starts in the file, for every message about it.
	Line  int
	Input model.ParticipantInput
	// Errs are fields the file gave but the reader could not read (a date
	// whose day/month order is unknown); they are reported with the
	// validation's errors, and the row is rejected.
	Errs []*model.FieldError
}

// ImportOptions qualify an import.
type ImportOptions struct {
	// DryRun runs the whole import in a transaction that is rolled back:
	// the result is exactly what an import would do, and nothing is
	// written.
	DryRun bool
}

// Outcome is what an import did with one row.
type Outcome string

const (
	Created   Outcome = "created"   // a new participant
	Updated   Outcome = "updated"   // an existing participant, changed
	Unchanged Outcome = "unchanged" // an existing participant, nothing new
	Rejected  Outcome = "rejected"  // invalid, a duplicate, or refused
)

// ImportRowResult is the outcome of one row.
type ImportRowResult struct {
	Line    int     `json:"line"`
	Outcome Outcome `json:"outcome"`
	// Participant is the participant as stored after the row (for
	// rejected rows: empty).
	Participant model.Participant `json:"participant,omitzero"`
	// Fields lists the fields an update changed.
	Fields []string `json:"fields,omitempty"`
	// Err says why the row was rejected (a model.ValidationError, a
	// *model.FieldError or a *model.Problem, all Localized).
	Err error `json:"-"`
	// Clashes are fields the file would change but the desk (or another
	// entry path) set: their stored values were kept.
	Clashes []Clash `json:"clashes,omitempty"`
	// Similar names a participant entered elsewhere who may be the same
	// person as this new one (same name, another birth date or race).
	Similar *model.Participant `json:"similar,omitempty"`
}

// Clash is a field an import left alone because someone else set it.
type Clash struct {
	Field  string `json:"field"`
	Stored string `json:"stored"`
	File   string `json:"file"`
	// By is the entry path that set the stored value.
	By Origin `json:"by"`
}

// ImportResult is what an import did, row by row in the file's order.
type ImportResult struct {
	Rows      []ImportRowResult `json:"rows"`
	Created   int               `json:"created"`
	Updated   int               `json:"updated"`
	Unchanged int               `json:"unchanged"`
	Rejected  int               `json:"rejected"`
	Clashes   int               `json:"clashes"`
	DryRun    bool              `json:"dry_run,omitempty"`
}

var errDryRun = errors.New("dry run: roll back")

// Import stores the rows of a registration platform's export in one
// transaction. Every row passes model.Validate like a desk entry. A row
// matches an existing participant by registration ID, else by folded last
// and first name, birth date and race; a match is updated field by field,
// but only where the field is empty or was last set by an import — what
// the desk did (check-in, bib, payment, corrections) stays, and a
// different value in the file is reported as a clash. Status and check-in
// are never touched. A second row for the same registration or runner in
// one file is rejected as a duplicate. Every change goes through mutate
// with OriginImport, so it enters the change log and syncs.
//
// The rows are decided in the file's order (so "duplicate of line 5" is
// always the later line) and then written in the order of their
// registration IDs: bbolt splits a bucket's nodes only at commit, so
// 50,000 index keys inserted out of order into one transaction would be
// shifted in memory again and again.
func (s *Store) Import(rows []ImportRow, opts ImportOptions) (ImportResult, error) {
	today := s.now()
	var res ImportResult
	err := s.db.Update(func(tx *bolt.Tx) error {
		res = ImportResult{DryRun: opts.DryRun, Rows: make([]ImportRowResult, len(rows))}
		im, err := s.newImporter(tx, today)
		if err != nil {
			return err
		}
		var plans []*plan
		for i, row := range rows {
			r, pl, err := im.decide(row)
			if err != nil {
				return fmt.Errorf("import line %d: %w", row.Line, err)
			}
			res.Rows[i] = r
			if pl != nil {
				pl.index = i
				plans = append(plans, pl)
			}
		}
		sort.SliceStable(plans, func(a, b int) bool {
			ea, eb := plans[a].after.ExternalID, plans[b].after.ExternalID
			if (ea == "") != (eb == "") {
				return eb == ""
			}
			return ea < eb
		})
		for _, pl := range plans {
			if err := im.write(pl, &res.Rows[pl.index]); err != nil {
				return fmt.Errorf("import line %d: %w", res.Rows[pl.index].Line, err)
			}
		}
		for _, r := range res.Rows {
			switch r.Outcome {
			case Created:
				res.Created++
			case Updated:
				res.Updated++
			case Unchanged:
				res.Unchanged++
			case Rejected:
				res.Rejected++
			}
			res.Clashes += len(r.Clashes)
		}
		if opts.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// importer holds what one import transaction knows about the store and
// the rows decided so far.
type importer struct {
	s     *Store
	tx    *bolt.Tx
	today time.Time
	// indexed is set once the stored participants are read, on the
	// first row that no registration ID matches (a file whose rows all
	// match by registration ID never needs it): byIdentity maps identity
	// → participant ID, byName folded last and first name → the
	// participants of that name (stored or about to be created), and
	// records holds the decoded records.
	indexed    bool
	byIdentity map[string]string
	byName     map[string][]*model.Participant
	records    map[string]*record
	// Rows of this file: registration ID, identity, matched participant,
	// race and bib → line.
	seenExt, seenIdentity, seenID, seenBib map[string]int
	// planned are the new participants of the rows before (their
	// duplicates in the same file are listed too).
	planned []*model.Participant
}

// plan is a write decided for a row: a new participant (before nil) or
// the update of a stored one.
type plan struct {
	index  int
	before *record
	after  model.Participant
}

// folded is a participant's name folded once (Fold is not cheap).
type folded struct{ last, first string }

func fold(p *model.Participant) folded { return folded{model.Fold(p.Last), model.Fold(p.First)} }

func (f folded) name() string { return f.last + "\x00" + f.first }

func (f folded) identity(p *model.Participant) string {
	return f.last + "\x00" + f.first + "\x00" + p.Born.String() + "\x00" + p.Race
}

func (s *Store) newImporter(tx *bolt.Tx, today time.Time) (*importer, error) {
	return &importer{s: s, tx: tx, today: today,
		seenExt: map[string]int{}, seenIdentity: map[string]int{}, seenID: map[string]int{}, seenBib: map[string]int{}}, nil
}

// index reads every stored participant once, for matching by identity
// and for finding similar names.
func (im *importer) index() error {
	if im.indexed {
		return nil
	}
	im.indexed = true
	im.byIdentity, im.byName, im.records = map[string]string{}, map[string][]*model.Participant{}, map[string]*record{}
	err := im.tx.Bucket(bParticipants).ForEach(func(k, v []byte) error {
		rec, err := decodeRecord(pidOf(k), v)
		if err != nil {
			return err
		}
		f := fold(&rec.P)
		im.byIdentity[f.identity(&rec.P)] = rec.P.ID
		im.byName[f.name()] = append(im.byName[f.name()], &rec.P)
		im.records[rec.P.ID] = rec
		return nil
	})
	return err
}

// record reads a stored participant, from the index when it is read.
func (im *importer) record(id string) (*record, error) {
	if rec, ok := im.records[id]; ok {
		return rec, nil
	}
	return getRecord(im.tx, id)
}

func rejected(line int, err error) ImportRowResult {
	return ImportRowResult{Line: line, Outcome: Rejected, Err: err}
}

// decide validates a row, finds whom it is about and what would change.
// It writes nothing. It returns an error only for a broken database; a
// refused row is a result.
func (im *importer) decide(row ImportRow) (ImportRowResult, *plan, error) {
	in := row.Input
	in.Source, in.Status = model.SourceImport, ""
	if in.Bib == "auto" {
		in.Bib = ""
	}
	v, err := model.Validate(im.s.event, in, im.today, false)
	if err != nil || len(row.Errs) > 0 {
		// Fields the reader could not read were left empty for
		// validation; their own errors replace "required".
		skip := map[string]bool{}
		for _, fe := range row.Errs {
			skip[fe.Field] = true
		}
		return rejected(row.Line, mergeErrors(row.Errs, err, skip)), nil, nil
	}
	p := v.Participant
	if line, ok := im.seenExt[p.ExternalID]; ok && p.ExternalID != "" {
		return rejected(row.Line, model.NewProblem(msg.ImpDuplicateID, line, p.ExternalID)), nil, nil
	}
	f := fold(&p)
	key := f.identity(&p)
	if line, ok := im.seenIdentity[key]; ok {
		return rejected(row.Line, model.NewProblem(msg.ImpDuplicateRunner, line)), nil, nil
	}

	var rec *record
	if p.ExternalID != "" {
		if id := im.tx.Bucket(bExtIndex).Get([]byte(p.ExternalID)); id != nil {
			if rec, err = im.record(pidOf(id)); err != nil {
				return ImportRowResult{}, nil, err
			}
		}
	}
	if rec == nil {
		if err := im.index(); err != nil {
			return ImportRowResult{}, nil, err
		}
		if id, ok := im.byIdentity[key]; ok {
			if rec, err = im.record(id); err != nil {
				return ImportRowResult{}, nil, err
			}
			if rec.P.ExternalID != "" && p.ExternalID != "" && rec.P.ExternalID != p.ExternalID {
				return rejected(row.Line, model.NewProblem(msg.ImpOtherRegistration, rec.P.FullName(), rec.P.Race, rec.P.ExternalID)), nil, nil
			}
			if rec.P.Gender != p.Gender {
				// Same name, date and race, another gender: a scoring field
				// differs, so it is not merged — a new entry, listed with
				// the one it resembles for a person to decide.
				rec = nil
			}
		}
	}
	if rec != nil {
		if line, ok := im.seenID[rec.P.ID]; ok {
			return rejected(row.Line, model.NewProblem(msg.ImpDuplicateRunner, line)), nil, nil
		}
	}

	var res ImportRowResult
	var pl *plan
	if rec == nil {
		p.Status = model.Registered
		pl = &plan{after: p}
		res = ImportRowResult{Line: row.Line, Outcome: Created, Participant: p, Similar: im.similar(&p)}
		im.planned = append(im.planned, &pl.after)
	} else {
		res, pl = im.update(row, in, p, rec)
	}
	if pl != nil && pl.after.Bib != 0 && (rec == nil || pl.after.Bib != rec.P.Bib || pl.after.Race != rec.P.Race) {
		bk := pl.after.Race + "\x00" + strconv.Itoa(pl.after.Bib)
		if line, ok := im.seenBib[bk]; ok {
			return rejected(row.Line, &model.FieldError{Field: model.FBib, Input: strconv.Itoa(pl.after.Bib), Key: msg.ImpBibInFile, Args: []any{line}}), nil, nil
		}
		im.seenBib[bk] = row.Line
	}
	if p.ExternalID != "" {
		im.seenExt[p.ExternalID] = row.Line
	}
	im.seenIdentity[key] = row.Line
	if rec != nil {
		im.seenID[rec.P.ID] = row.Line
	}
	if pl != nil {
		im.note(rec, pl)
	}
	return res, pl, nil
}

// note keeps the identity and name maps right for the rows still to
// come once a row's write is decided.
func (im *importer) note(rec *record, pl *plan) {
	if !im.indexed {
		return // read later from the store, before the first row that needs it
	}
	nf := fold(&pl.after)
	if rec != nil {
		of := fold(&rec.P)
		if im.byIdentity[of.identity(&rec.P)] == rec.P.ID {
			delete(im.byIdentity, of.identity(&rec.P))
		}
		im.byIdentity[nf.identity(&pl.after)] = rec.P.ID
		list := im.byName[of.name()]
		for i, e := range list {
			if e.ID == rec.P.ID {
				im.byName[of.name()] = append(list[:i:i], list[i+1:]...)
				break
			}
		}
	}
	im.byName[nf.name()] = append(im.byName[nf.name()], &pl.after)
}

// write carries out a plan through mutate and completes the row's
// result. A refused write (a bib someone holds) rejects the row.
func (im *importer) write(pl *plan, res *ImportRowResult) error {
	var prev *model.Participant
	if pl.before == nil {
		pl.after.ID = model.NewID()
	} else {
		prev = &pl.before.P
	}
	ch, err := im.s.mutate(im.tx, pl.before, &pl.after, OriginImport)
	if err != nil {
		if isInputError(err) {
			*res = rejected(res.Line, err)
			return nil
		}
		return err
	}
	res.Participant = pl.after
	if prev != nil && ch != nil {
		for _, f := range ch.Fields {
			res.Fields = append(res.Fields, f.Field)
		}
	}
	return nil
}

// mergeErrors lists the reader's errors first, then validation's, leaving
// out validation's complaints about the fields the reader already named.
func mergeErrors(pre []*model.FieldError, err error, skip map[string]bool) error {
	out := model.ValidationError(slices.Clone(pre))
	var ve model.ValidationError
	var fe *model.FieldError
	switch {
	case errors.As(err, &ve):
		for _, e := range ve {
			if !skip[e.Field] {
				out = append(out, e)
			}
		}
	case errors.As(err, &fe):
		if !skip[fe.Field] {
			out = append(out, fe)
		}
	case err != nil:
		return err
	}
	return out
}

// similar finds a participant entered without a registration ID (at the
// desk, on the hotspot, or in a file without IDs) with the same name and
// either the same race or the same birth year — probably the runner who
// registered online and then again on site. The import still creates the
// new entry; the summary asks a person to look.
func (im *importer) similar(p *model.Participant) *model.Participant {
	person := model.PersonOf(p)
	// One registration ID each: two online registrations of the
	// platform are two people unless a person says otherwise.
	otherID := func(q *model.Participant) bool {
		return q.ExternalID != "" && p.ExternalID != "" && q.ExternalID != p.ExternalID
	}
	if m, ok := im.s.likelyIn(im.tx, person, nil, func(rec *record) bool { return !otherID(&rec.P) }); ok {
		return &m.Participant
	}
	for _, q := range im.planned { // rows of this file before it
		if _, ok := model.LikelySame(person, q); ok && !otherID(q) {
			return q
		}
	}
	return nil
}

// importable reports whether an import may set a field: nobody set it
// yet, or an import did.
func importable(rec *record, field string) bool {
	o := rec.Origins[field]
	return o == "" || o == OriginImport
}

func (im *importer) update(row ImportRow, in model.ParticipantInput, p model.Participant, rec *record) (ImportRowResult, *plan) {
	old := rec.P
	n := old
	n.Extra = cloneMap(old.Extra)
	var clashes []Clash
	take := func(field string, provided bool, file, stored string, set func()) {
		if !provided || file == stored {
			return
		}
		if importable(rec, field) {
			set()
			return
		}
		clashes = append(clashes, Clash{Field: field, Stored: stored, File: file, By: rec.Origins[field]})
	}
	take(model.FLast, true, p.Last, old.Last, func() { n.Last = p.Last })
	take(model.FFirst, true, p.First, old.First, func() { n.First = p.First })
	take(model.FBorn, true, p.Born.String(), old.Born.String(), func() { n.Born = p.Born })
	take(model.FGender, true, string(p.Gender), string(old.Gender), func() { n.Gender = p.Gender })
	take(model.FClub, p.Club != "", p.Club, old.Club, func() { n.Club = p.Club })
	take(model.FEmail, p.Email != "", p.Email, old.Email, func() { n.Email = p.Email })
	take(model.FPhone, p.Phone != "", p.Phone, old.Phone, func() { n.Phone = p.Phone })
	take(model.FExternalID, p.ExternalID != "", p.ExternalID, old.ExternalID, func() { n.ExternalID = p.ExternalID })
	for _, k := range slices.Sorted(maps.Keys(p.Extra)) {
		take(model.ExtraPrefix+k, true, p.Extra[k], old.Extra[k], func() {
			if n.Extra == nil {
				n.Extra = map[string]string{}
			}
			n.Extra[k] = p.Extra[k]
		})
	}
	// A race change takes the bib along only while the bib is the
	// import's and the runner is not checked in (they hold the bib then).
	bibMine := old.Bib == 0 || importable(rec, model.FBib)
	raceFree := importable(rec, model.FRace) && old.Status != model.CheckedIn && bibMine
	if p.Race != old.Race {
		if raceFree {
			n.Race = p.Race
			if old.Bib != 0 && p.Bib == 0 {
				n.Bib = 0 // a bib belongs to its race
			}
		} else {
			clashes = append(clashes, Clash{Field: model.FRace, Stored: old.Race, File: p.Race, By: originOr(rec, model.FRace, model.FBib, model.FStatus)})
		}
	}
	if p.Bib != 0 && p.Bib != old.Bib && n.Race == p.Race {
		if bibMine && old.Status != model.CheckedIn {
			n.Bib = p.Bib
		} else {
			clashes = append(clashes, Clash{Field: model.FBib, Stored: itoa(old.Bib), File: itoa(p.Bib), By: originOr(rec, model.FBib, model.FStatus)})
		}
	}
	// Payment is one thing: method and amount.
	if in.Paid != "" || in.Amount != "" {
		if p.PayMethod != old.PayMethod || p.PaidCents != old.PaidCents {
			if importable(rec, model.FPayMethod) && importable(rec, model.FPaidCents) {
				n.PayMethod, n.PaidCents = p.PayMethod, p.PaidCents
			} else {
				clashes = append(clashes, Clash{Field: model.FPayMethod, Stored: payText(&old), File: payText(&p), By: originOr(rec, model.FPayMethod, model.FPaidCents)})
			}
		}
	}
	res := ImportRowResult{Line: row.Line, Outcome: Unchanged, Participant: old, Clashes: clashes}
	if len(model.Diff(&old, &n)) == 0 {
		return res, nil
	}
	res.Outcome, res.Participant = Updated, n
	return res, &plan{before: rec, after: n}
}

// originOr is the first of fields that someone other than an import set.
func originOr(rec *record, fields ...string) Origin {
	for _, f := range fields {
		if !importable(rec, f) {
			return rec.Origins[f]
		}
	}
	if rec.P.Status == model.CheckedIn {
		return OriginDesk
	}
	return ""
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// payText is a payment as a clash shows it: "online 15,00 €", or "" for
// unpaid.
func payText(p *model.Participant) string {
	if !p.Paid() {
		return ""
	}
	return string(p.PayMethod) + " " + model.FormatEuros(p.PaidCents)
}
