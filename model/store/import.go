package store

import (
	"errors"
	"fmt"
	"hash/maphash"
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
	// PageRows is how many rows Store.Import takes per transaction (0:
	// ImportPageRows).
	PageRows int
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

// ImportPageRows is how many rows one import transaction takes.
const ImportPageRows = 1000

// Import stores the rows of a registration platform's export, a page of
// ImportPageRows rows per transaction (see Importer). Every row passes
// model.Validate like a desk entry. A row matches an existing participant
// by registration ID, else by folded last and first name, birth date and
// race; a match is updated field by field, but only where the field is
// empty or was last set by an import — what the desk did (check-in, bib,
// payment, corrections) stays, and a different value in the file is
// reported as a clash. Status and check-in are never touched. A second
// row for the same registration or runner in one file is rejected as a
// duplicate. Every change goes through mutate with OriginImport, so it
// enters the change log and syncs.
//
// Import holds every row's result; `racedesk import` uses an Importer
// page by page instead, which holds one page.
func (s *Store) Import(rows []ImportRow, opts ImportOptions) (ImportResult, error) {
	x := s.NewImporter(opts)
	defer x.Close()
	all := make([]ImportRowResult, 0, len(rows))
	page := opts.PageRows
	if page <= 0 {
		page = ImportPageRows
	}
	for len(rows) > 0 {
		n := min(len(rows), page)
		res, err := x.Page(rows[:n])
		if err != nil {
			return ImportResult{}, err
		}
		all = append(all, res...)
		rows = rows[n:]
	}
	res := x.Result()
	res.Rows = all
	return res, nil
}

// Importer imports a file page by page: one bbolt transaction per page,
// committed in the file's order. What it keeps between pages is bounded by
// a few words per row of the file — 64-bit hashes of the registration IDs,
// identities, matched participants and bibs already seen, with their line
// — never the participants themselves.
//
// A crash (or a broken database) in the middle leaves the pages before
// it committed, whole, and nothing of the page it was in: every committed
// row is a complete, valid participant with its change-log entry. Importing
// the same file again is safe and finishes the job — the committed rows
// match themselves by registration ID or by name, birth date and race and
// are unchanged, the rest are created — because a re-import is
// idempotent, which is the import's promise anyway.
//
// A dry run rolls every page back. Rows are then compared for likeness
// (ImportRowResult.Similar) with the stored participants and the rows of
// their own page, not with the rows of earlier pages (a real import
// compares them with everything before them): everything else — counts,
// outcomes, duplicates within the file, clashes — is what the import
// would do.
type Importer struct {
	s     *Store
	opts  ImportOptions
	today time.Time
	seed  maphash.Seed
	// indexed is set once the stored participants are read, on the
	// first row that no registration ID matches (a file whose rows all
	// match by registration ID never needs it): byIdentity maps the hash
	// of an identity (folded name, birth date, race) to the participant.
	// Rows created by this import are not added: a later row of the same
	// identity is a duplicate in the file, found by seenIdentity first.
	indexed    bool
	byIdentity map[uint64]string
	// noted are identities an update of this import gave a participant
	// (the record may not say so yet: written later in the page, or
	// rolled back in a dry run).
	noted map[uint64]bool
	// Rows of this file: registration ID, identity, matched participant,
	// race and bib → line, by hash.
	seenExt, seenIdentity, seenID, seenBib map[uint64]int32
	counts                                 ImportResult
	// stored is how many participants the resident index held when the
	// import began: rows are compared for likeness with those.
	stored int
	closed bool
}

// NewImporter starts an import; Page takes its rows in the file's order.
//
// Until Close, the search index does not follow the import's commits: it
// is read anew on its first use after (see resident).
func (s *Store) NewImporter(opts ImportOptions) *Importer {
	defer s.res.pause()
	return &Importer{s: s, opts: opts, today: s.now(), seed: maphash.MakeSeed(),
		seenExt: map[uint64]int32{}, seenIdentity: map[uint64]int32{}, seenID: map[uint64]int32{}, seenBib: map[uint64]int32{},
		counts: ImportResult{DryRun: opts.DryRun}, stored: s.res.len()}
}

// Close ends the import; it may be called again.
func (x *Importer) Close() {
	if !x.closed {
		x.closed = true
		x.s.res.resume()
	}
}

// Result is the counts of the pages so far (Rows stays empty).
func (x *Importer) Result() ImportResult { return x.counts }

// Page imports the next rows of the file in one transaction, committed
// (or, in a dry run, rolled back) before it returns, and returns their
// results in the same order. An error means a broken database: the page
// is not written, the pages before it are.
//
// The rows are decided in the file's order (so "duplicate of line 5" is
// always the later line) and then written in the order of their
// registration IDs: bbolt splits a bucket's nodes only at commit, so
// index keys inserted out of order into one transaction would be shifted
// in memory again and again.
func (x *Importer) Page(rows []ImportRow) ([]ImportRowResult, error) {
	var out []ImportRowResult
	err := x.s.update(func(tx *bolt.Tx) error {
		out = make([]ImportRowResult, len(rows))
		im := &importer{Importer: x, tx: tx}
		var plans []*plan
		for i, row := range rows {
			r, pl, err := im.decide(row)
			if err != nil {
				return fmt.Errorf("import line %d: %w", row.Line, err)
			}
			out[i] = r
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
			if err := im.write(pl, &out[pl.index]); err != nil {
				return fmt.Errorf("import line %d: %w", out[pl.index].Line, err)
			}
		}
		if x.opts.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	c := &x.counts
	for _, r := range out {
		switch r.Outcome {
		case Created:
			c.Created++
		case Updated:
			c.Updated++
		case Unchanged:
			c.Unchanged++
		case Rejected:
			c.Rejected++
		}
		c.Clashes += len(r.Clashes)
	}
	return out, nil
}

// importer is an Importer in one page's transaction.
type importer struct {
	*Importer
	tx *bolt.Tx
	// planned are the new participants of the page's rows before (their
	// duplicates in the same file are listed too); those of earlier
	// pages are stored.
	planned []planned
}

// planned is a new participant of the page, with its folded name for
// model.NameFilter.
type planned struct {
	p    *model.Participant
	name []byte
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

func (f folded) identity(p *model.Participant) string {
	return f.last + "\x00" + f.first + "\x00" + p.Born.String() + "\x00" + p.Race
}

// hash is the 64-bit hash the importer keeps instead of a key. Two keys
// of one file share a hash with a chance of about n²/2⁶⁵ (1 in 25
// million for a million rows); a row would then be rejected as a
// duplicate of the other, and could be imported after correcting it.
func (x *Importer) hash(kind byte, key string) uint64 {
	var h maphash.Hash
	h.SetSeed(x.seed)
	h.WriteByte(kind)
	h.WriteString(key)
	return h.Sum64()
}

// index reads every stored participant once, for matching by identity.
func (im *importer) index() error {
	if im.indexed {
		return nil
	}
	im.indexed = true
	im.byIdentity, im.noted = map[uint64]string{}, map[uint64]bool{}
	err := im.tx.Bucket(bParticipants).ForEach(func(k, v []byte) error {
		rec, err := decodeRecord(pidOf(k), v)
		if err != nil {
			return err
		}
		f := fold(&rec.P)
		im.byIdentity[im.hash('i', f.identity(&rec.P))] = rec.P.ID
		return nil
	})
	return err
}

// record reads a stored participant.
func (im *importer) record(id string) (*record, error) { return getRecord(im.tx, id) }

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
	extKey := im.hash('e', p.ExternalID)
	if line, ok := im.seenExt[extKey]; ok && p.ExternalID != "" {
		return rejected(row.Line, model.NewProblem(msg.ImpDuplicateID, int(line), p.ExternalID)), nil, nil
	}
	f := fold(&p)
	identity := f.identity(&p)
	key := im.hash('i', identity)
	if line, ok := im.seenIdentity[key]; ok {
		return rejected(row.Line, model.NewProblem(msg.ImpDuplicateRunner, int(line))), nil, nil
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
			if !im.noted[key] && fold(&rec.P).identity(&rec.P) != identity {
				rec = nil // another identity of the same hash
			}
		}
		if rec != nil {
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
	var idKey uint64
	if rec != nil {
		idKey = im.hash('p', rec.P.ID)
		if line, ok := im.seenID[idKey]; ok {
			return rejected(row.Line, model.NewProblem(msg.ImpDuplicateRunner, int(line))), nil, nil
		}
	}

	var res ImportRowResult
	var pl *plan
	if rec == nil {
		p.Status = model.Registered
		pl = &plan{after: p}
		res = ImportRowResult{Line: row.Line, Outcome: Created, Participant: p, Similar: im.similar(&p)}
		im.planned = append(im.planned, planned{&pl.after, []byte(model.Fold(p.Last + " " + p.First))})
	} else {
		res, pl = im.update(row, in, p, rec)
	}
	if pl != nil && pl.after.Bib != 0 && (rec == nil || pl.after.Bib != rec.P.Bib || pl.after.Race != rec.P.Race) {
		bk := im.hash('b', pl.after.Race+"\x00"+strconv.Itoa(pl.after.Bib))
		if line, ok := im.seenBib[bk]; ok {
			return rejected(row.Line, &model.FieldError{Field: model.FBib, Input: strconv.Itoa(pl.after.Bib), Key: msg.ImpBibInFile, Args: []any{int(line)}}), nil, nil
		}
		im.seenBib[bk] = int32(row.Line)
	}
	if p.ExternalID != "" {
		im.seenExt[extKey] = int32(row.Line)
	}
	im.seenIdentity[key] = int32(row.Line)
	if rec != nil {
		im.seenID[idKey] = int32(row.Line)
	}
	if pl != nil {
		im.note(rec, pl)
	}
	return res, pl, nil
}

// note keeps the identity map right for the rows still to come once
// the update of a stored participant is decided (a new participant needs
// no entry: see Importer.byIdentity).
func (im *importer) note(rec *record, pl *plan) {
	if !im.indexed || rec == nil {
		return // read later from the store, before the first row that needs it
	}
	old := im.hash('i', fold(&rec.P).identity(&rec.P))
	if im.byIdentity[old] == rec.P.ID {
		delete(im.byIdentity, old)
	}
	nk := im.hash('i', fold(&pl.after).identity(&pl.after))
	im.byIdentity[nk] = rec.P.ID
	if nk != old {
		im.noted[nk] = true
	}
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
	// The participants stored before the import, not those of its
	// earlier pages: comparing every row with every row before it would
	// take hours for a million rows.
	ms, err := im.s.similarOf(im.tx, person, im.s.similarCandidates(person, im.stored), func(q *model.Participant) bool {
		return q.Status != model.Withdrawn && !otherID(q)
	})
	if err == nil && len(ms) > 0 {
		return &ms[0].Participant
	}
	// Rows of this page before it: those of another registration ID
	// are dismissed first, then those whose names cannot match by the
	// filter Similar uses on the search index (LikelySame folds names
	// anew on every call).
	f := model.NewNameFilter(person)
	for _, q := range im.planned {
		if otherID(q.p) || !f.Empty() && !f.MayMatch(q.name) {
			continue
		}
		if _, ok := model.LikelySame(person, q.p); ok {
			return q.p
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
