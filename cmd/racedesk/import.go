package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/regfile"
	"github.com/racedesk/racedesk/model/store"
)

type importOptions struct {
	file      string
	race      string
	mapping   string
	dateOrder string
	encoding  string
	dryRun    bool
	json      bool
}

func newImportCmd(g *globals) *cobra.Command {
	o := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import FILE [--race ID] [--mapping FILE] [--date-order dmy|mdy|ymd] [--dry-run] [--json]",
		Short: "Import the online registrations a registration platform exported (CSV)",
		Long: `Import a registration platform's CSV export. The separator (; , or tab), the
encoding (UTF-8 with or without BOM, Windows-1252) and German or English
column names are recognized; a mapping file (TOML) names anything else.
Every row passes the same checks as the desk's form. Valid rows are imported
in pages of 1,000 rows, one transaction each; an interrupted import leaves
whole pages, and importing the file again finishes it. Rejected rows go to
FILE.rejected.csv with their line number and the reason, and the exit
status is 1.

Importing the same or a newer export again updates people instead of
duplicating them (same registration ID, else same name, birth date and
race). What the desk did — check-in, bib, payment, corrections — is never
overwritten; a difference is listed as a clash.

Dates like 03/04/1985 are read in the order the file's own dates prove (a
part above 12), else as --date-order says, else the row is rejected.`,
		Example: `  racedesk import anmeldungen.csv --dry-run
  racedesk import anmeldungen.csv
  racedesk import registrations.csv --date-order mdy --mapping platform.toml
  racedesk import anmeldungen.rejected.csv     # after correcting the rejected rows`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usage(msg.UsageArgCount, "1", fmt.Sprint(len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file = args[0]
			if _, err := regfile.ParseDateOrder(o.dateOrder); err != nil {
				return usageError{err}
			}
			if _, err := regfile.ParseEncoding(o.encoding); err != nil {
				return usageError{err}
			}
			return runImport(g, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.race, "race", "", "race of rows that name none (ID, name, alias or distance)")
	f.StringVar(&o.mapping, "mapping", "", "mapping file (TOML) for columns and values racedesk does not know")
	f.StringVar(&o.dateOrder, "date-order", "", "dmy, mdy or ymd: for dates like 03/04/1985 when the file does not prove an order")
	f.StringVar(&o.encoding, "encoding", "", "utf-8 or windows-1252 (default: detected)")
	f.BoolVar(&o.dryRun, "dry-run", false, "show what the import would do; write nothing")
	f.BoolVar(&o.json, "json", false, "print the summary as JSON")
	return cmd
}

// rejection is a row that was not imported.
type rejection struct {
	line   int
	fields []string
	err    error
}

// runImport reads the file twice, record by record: first to decide what
// needs the whole file (the encoding, empty columns, the order of day and
// month), then to convert and import it a page of store.ImportPageRows
// rows at a time, each page its own transaction. The rejected rows go to
// the rejected file as they come; the summary keeps its counts and, for
// the text, the first lines of each list. What the command holds is one
// page and a few words per row of the file (store.Importer), whatever
// the file's size.
func runImport(g *globals, o *importOptions) error {
	s, ev, lang, err := g.openEvent()
	if err != nil {
		return err
	}
	defer g.release(s)

	var m *regfile.Mapping
	if o.mapping != "" {
		mf, err := g.openFile(o.mapping)
		if err != nil {
			return err
		}
		m, err = regfile.ParseMapping(mf)
		mf.Close()
		if err != nil {
			return err
		}
	}
	ropts := regfile.ReadOptions{Encoding: o.encoding}
	if m != nil {
		if ropts.Encoding == "" {
			ropts.Encoding = m.Encoding
		}
		ropts.Delimiter = m.Delimiter
	}
	order, _ := regfile.ParseDateOrder(o.dateOrder)

	in, err := g.openFile(o.file)
	if err != nil {
		return err
	}
	defer in.Close()
	// First pass: the survey.
	sc, err := regfile.Scan(in, ropts)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	cv, err := regfile.NewConverter(sc.Header, ev, m, regfile.Options{Race: o.race, DateOrder: order, Today: s.Now()})
	if err != nil {
		return reportInputError(g, lang, err)
	}
	records := 0
	for {
		rec, err := sc.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return reportInputError(g, lang, err)
		}
		cv.Survey(rec)
		records++
	}
	conv := cv.Decide()

	out := &importReport{lang: lang, ev: ev, path: o.file, file: &sc.File, records: records, conv: conv, json: o.json}
	if !o.dryRun {
		out.rw = &rejectedWriter{path: rejectedPath(o.file), fs: g.path(rejectedPath(o.file)), file: &sc.File}
	}
	// Second pass: convert and import, page by page.
	if _, err := in.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if sc, err = regfile.Scan(in, ropts); err != nil {
		return reportInputError(g, lang, err)
	}
	x := s.NewImporter(store.ImportOptions{DryRun: o.dryRun})
	defer x.Close()
	var page []store.ImportRow
	var fields [][]string
	var refused []rejection // by the reader, since the last page
	flush := func() error {
		var res []store.ImportRowResult
		if len(page) > 0 {
			var err error
			if res, err = x.Page(page); err != nil {
				return fmt.Errorf("import stopped in the rows from line %d (the rows before them are imported; import the file again to finish): %w", page[0].Line, err)
			}
		}
		for i, r := range res {
			if r.Outcome == store.Rejected {
				refused = append(refused, rejection{line: r.Line, fields: fields[i], err: r.Err})
			}
		}
		sort.SliceStable(refused, func(i, j int) bool { return refused[i].line < refused[j].line })
		for _, rj := range refused {
			if err := out.reject(rj); err != nil {
				return err
			}
		}
		for _, r := range res {
			out.add(r)
		}
		page, fields, refused = page[:0], fields[:0], refused[:0]
		return nil
	}
	err = func() error {
		for {
			rec, err := sc.Next()
			if err == io.EOF {
				return flush()
			}
			if err != nil {
				return err
			}
			row, rj := cv.Convert(rec)
			switch {
			case rj != nil:
				refused = append(refused, rejection{line: rj.Line, fields: rj.Fields, err: rj.Err})
			case row != nil:
				page = append(page, store.ImportRow{Line: row.Line, Input: row.Input, Errs: row.Errs})
				fields = append(fields, row.Fields)
				if len(page) == store.ImportPageRows {
					if err := flush(); err != nil {
						return err
					}
				}
			}
		}
	}()
	if err != nil {
		out.rw.abandon()
		return err
	}
	out.res, out.blank = x.Result(), cv.Blank
	out.conv.Dates = cv.Dates()

	// The import is committed: whatever happens to the rejected file,
	// the summary says what was imported.
	var werr error
	if out.rw != nil {
		werr = out.rw.finish()
	}
	if o.json {
		err = printJSON(g.out, out.jsonSummary())
	} else {
		out.print(g.out)
	}
	switch {
	case werr != nil:
		return werr
	case err != nil:
		return err
	case out.rejectedN > 0:
		return reportedError{}
	}
	return nil
}

// listing is a list of the summary: how many lines, and the first
// summaryLimit of them (the JSON summary and the rejected file have
// everything).
type listing struct {
	lines []string
	n     int
}

func (l *listing) add(line func() string) {
	if l.n < summaryLimit {
		l.lines = append(l.lines, line())
	}
	l.n++
}

// importReport is everything the summary says, gathered page by page.
type importReport struct {
	lang    msg.Lang
	ev      *model.Event
	path    string
	file    *regfile.File
	records int
	conv    *regfile.Result
	res     store.ImportResult
	blank   int
	// rejectedN counts the rejected rows, the reader's and the store's.
	rejectedN                           int
	updated, clashes, similar, rejected listing
	// json keeps every entry of the lists for the JSON summary (a few
	// words each, not the rows).
	json bool
	j    importJSON
	rw   *rejectedWriter
}

func (r *importReport) line(n int) string {
	return fmt.Sprintf("  %-10s ", msg.T(r.lang, msg.ImpLine, n))
}

// add notes a row the store decided.
func (r *importReport) add(row store.ImportRowResult) {
	lang, p := r.lang, row.Participant
	switch {
	case row.Outcome == store.Updated:
		r.updated.add(func() string {
			labels := make([]string, len(row.Fields))
			for i, f := range row.Fields {
				labels[i] = r.fieldLabel(f)
			}
			return r.line(row.Line) + who(p) + ": " + strings.Join(labels, ", ")
		})
		if r.json {
			r.j.UpdatedRows = append(r.j.UpdatedRows, importUpdatedJSON{Line: row.Line, ID: p.ID, Name: p.FullName(), Fields: row.Fields})
		}
	case row.Similar != nil:
		s := row.Similar
		r.similar.add(func() string {
			return r.line(row.Line) + who(p) + " " + p.Born.Display() + ", " + p.Race + " — " +
				msg.T(lang, msg.ImpSimilarLine, s.Last+", "+s.First, s.Race, s.Born.Display())
		})
	}
	if s := row.Similar; s != nil && r.json {
		r.j.Similar = append(r.j.Similar, importSimilarJSON{Line: row.Line, ID: p.ID, Name: p.FullName(), SimilarID: s.ID, Similar: s.FullName()})
	}
	for _, c := range row.Clashes {
		r.clashes.add(func() string {
			return r.line(row.Line) + who(p) + " — " + msg.T(lang, msg.ImpClashLine, r.fieldLabel(c.Field),
				r.clashValue(c.Field, c.Stored), r.clashValue(c.Field, c.File), r.originText(c.By))
		})
		if r.json {
			r.j.Clashes = append(r.j.Clashes, importClashJSON{Line: row.Line, ID: p.ID, Name: p.FullName(), Clash: c})
		}
	}
}

// reject notes a rejected row and writes it to the rejected file.
func (r *importReport) reject(rj rejection) error {
	r.rejectedN++
	r.rejected.add(func() string { return r.line(rj.line) + oneLine(msg.Error(r.lang, rj.err)) })
	if r.json {
		r.j.RejectedRows = append(r.j.RejectedRows, importRejectionJSON{Line: rj.line, Reason: oneLine(msg.Error(r.lang, rj.err))})
	}
	if r.rw != nil {
		return r.rw.write(rj, r.lang)
	}
	return nil
}

// rejectedPath is FILE.rejected.csv beside FILE (anmeldungen.csv →
// anmeldungen.rejected.csv). Importing a rejected file again rewrites
// that same file with what is still rejected.
func rejectedPath(path string) string {
	if strings.HasSuffix(strings.ToLower(path), ".rejected.csv") {
		return path
	}
	ext := filepath.Ext(path)
	switch strings.ToLower(ext) {
	case ".csv", ".txt", ".tsv":
		path = strings.TrimSuffix(path, ext)
	}
	return path + ".rejected.csv"
}

// rejectedWriter writes the rejected rows — line and reason first, then
// the row as it was — as UTF-8 with BOM in the file's own separator, so
// it opens in a spreadsheet, can be corrected there and imported again.
// The rows go to a temporary file as they come, which replaces the
// rejected file at the end; without rejections, a rejected file of an
// earlier import is removed.
type rejectedWriter struct {
	path string // as the user named it (shown)
	fs   string // where it is (path, from the caller's directory)
	file *regfile.File
	f    *os.File
	w    *csv.Writer
	drop map[int]bool
	err  error
	// written was written; removed was a stale one deleted.
	written, removed string
}

func (rw *rejectedWriter) tmp() string { return rw.fs + ".tmp" }

func (rw *rejectedWriter) write(rj rejection, lang msg.Lang) error {
	if rw.err != nil {
		return rw.err
	}
	if rw.f == nil {
		if rw.f, rw.err = os.Create(rw.tmp()); rw.err != nil {
			return rw.fail(rw.err)
		}
		if _, err := rw.f.WriteString("\ufeff"); err != nil {
			return rw.fail(err)
		}
		rw.w = csv.NewWriter(rw.f)
		rw.w.Comma = rw.file.Delimiter
		rw.w.UseCRLF = true
		// A rejected file being imported again has these columns already.
		rw.drop = map[int]bool{}
		var header []string
		for i, h := range rw.file.Header {
			if k := regfile.HeaderKey(h); k == regfile.HeaderKey(regfile.RejectedLineColumn) || k == regfile.HeaderKey(regfile.RejectedReasonColumn) {
				rw.drop[i] = true
				continue
			}
			header = append(header, h)
		}
		if err := rw.w.Write(append([]string{regfile.RejectedLineColumn, regfile.RejectedReasonColumn}, header...)); err != nil {
			return rw.fail(err)
		}
	}
	row := []string{strconv.Itoa(rj.line), oneLine(msg.Error(lang, rj.err))}
	for i, v := range rj.fields {
		if !rw.drop[i] {
			row = append(row, v)
		}
	}
	if err := rw.w.Write(row); err != nil {
		return rw.fail(err)
	}
	return nil
}

func (rw *rejectedWriter) fail(err error) error {
	rw.abandon()
	rw.err = fmt.Errorf("write %s: %w", rw.path, err)
	return rw.err
}

// abandon removes the temporary file.
func (rw *rejectedWriter) abandon() {
	if rw == nil || rw.f == nil {
		return
	}
	rw.f.Close()
	os.Remove(rw.tmp())
	rw.f = nil
}

// finish puts the rejected file in place, or removes a stale one.
func (rw *rejectedWriter) finish() error {
	if rw.err != nil {
		return rw.err
	}
	if rw.f == nil {
		if _, err := os.Stat(rw.fs); err == nil {
			if err := os.Remove(rw.fs); err != nil {
				return err
			}
			rw.removed = rw.path
		}
		return nil
	}
	rw.w.Flush()
	err := rw.w.Error()
	if err == nil {
		err = rw.f.Sync()
	}
	if cerr := rw.f.Close(); err == nil {
		err = cerr
	}
	rw.f = nil
	if err == nil {
		err = os.Rename(rw.tmp(), rw.fs)
	}
	if err != nil {
		os.Remove(rw.tmp())
		return fmt.Errorf("write %s: %w", rw.path, err)
	}
	rw.written = rw.path
	return nil
}

// oneLine joins a multi-line reason (several wrong fields) with "; ".
func oneLine(s string) string { return strings.ReplaceAll(s, "\n", "; ") }

func (r *importReport) encodingText() string {
	enc := map[string]string{regfile.UTF8: "UTF-8", regfile.Windows1252: "Windows-1252", regfile.UTF16: "UTF-16"}[r.file.Encoding]
	if r.file.BOM {
		enc = msg.T(r.lang, msg.ImpEncBOM, enc)
	}
	if !r.file.EncodingDetected {
		enc = msg.T(r.lang, msg.ImpEncGiven, enc)
	}
	return enc
}

func delimiterText(d rune) string {
	if d == '\t' {
		return "tab"
	}
	return strconv.Quote(string(d))
}

func (r *importReport) orderText(o model.DateOrder) string {
	switch o {
	case model.DMY:
		return msg.T(r.lang, msg.ImpOrderDMY)
	case model.MDY:
		return msg.T(r.lang, msg.ImpOrderMDY)
	case model.YMD:
		return msg.T(r.lang, msg.ImpOrderYMD)
	}
	return string(o)
}

// dateLines say how birth dates were read and why.
func (r *importReport) dateLines() []string {
	d := r.conv.Dates
	var out []string
	switch d.Reason {
	case regfile.DateNotNeeded:
		out = append(out, msg.T(r.lang, msg.ImpDatesNotNeeded))
	case regfile.DateProven:
		out = append(out, msg.T(r.lang, msg.ImpDatesProven, r.orderText(d.Order), d.Proof.Value, d.Proof.Line))
		if d.FlagIgnored != "" {
			out = append(out, msg.T(r.lang, msg.ImpDatesFlagIgnored, d.FlagIgnored, r.orderText(d.Order)))
		}
	case regfile.DateFlag:
		out = append(out, msg.T(r.lang, msg.ImpDatesFlag, r.orderText(d.Order)))
	case regfile.DateConflict:
		out = append(out, msg.T(r.lang, msg.ImpDatesConflict, d.Proof.Value, d.Proof.Line, d.Other.Value, d.Other.Line))
		if d.Order != "" {
			out = append(out, msg.T(r.lang, msg.ImpDatesConflictFlag, r.orderText(d.Order)))
		} else if d.Ambiguous > 0 {
			out = append(out, msg.T(r.lang, msg.ImpDatesConflictRej))
		}
	case regfile.DateUnknown:
		out = append(out, msg.T(r.lang, msg.ImpDatesUnknown, d.FirstAmbiguous.Value, d.FirstAmbiguous.Line, d.Ambiguous))
	}
	if d.Example != nil && d.Reason != regfile.DateNotNeeded {
		out = append(out, msg.T(r.lang, msg.ImpDatesExample, d.Example.Value, d.Example.Line, d.Example.Read))
	}
	return out
}

// who names a participant in a summary line: "Müller, Jörg (WR26-1003)".
func who(p model.Participant) string {
	s := p.Last + ", " + p.First
	if p.ExternalID != "" {
		s += " (" + p.ExternalID + ")"
	}
	return s
}

func (r *importReport) fieldLabel(f string) string {
	if f == model.FPayMethod {
		return msg.T(r.lang, msg.Payment)
	}
	return regfile.TargetLabel(r.lang, r.ev, f)
}

// clashValue shows a stored or file value of a clash.
func (r *importReport) clashValue(field, v string) string {
	if v == "" {
		if field == model.FPayMethod {
			return msg.T(r.lang, msg.Unpaid)
		}
		return "–"
	}
	if field == model.FBorn {
		if b, err := model.ParseISOBirthDate(v); err == nil {
			return b.Display()
		}
	}
	return v
}

func (r *importReport) originText(o store.Origin) string {
	switch o {
	case store.OriginSync:
		return msg.T(r.lang, msg.ImpOriginSync)
	case store.OriginHotspot:
		return msg.T(r.lang, msg.ImpOriginHotspot)
	case store.OriginImport:
		return msg.T(r.lang, msg.ImpOriginImport)
	}
	return msg.T(r.lang, msg.ImpOriginDesk)
}

// Lists in the text summary stop after this many lines; the JSON summary
// and the rejected file have everything.
const summaryLimit = 25

func (r *importReport) print(w io.Writer) {
	lang := r.lang
	fmt.Fprintln(w, msg.T(lang, msg.ImpSumFile, filepath.Base(r.path), r.encodingText(), delimiterText(r.file.Delimiter), r.records))
	var cols []string
	for _, c := range r.conv.Columns {
		if c.Target != "" && c.Target != regfile.TIgnore {
			cols = append(cols, c.Header+" → "+r.fieldLabel(c.Target))
		}
	}
	fmt.Fprintf(w, "%s: %s\n", msg.T(lang, msg.ImpSumColumns), strings.Join(cols, " · "))
	if len(r.conv.Unknown) > 0 {
		fmt.Fprintln(w, msg.T(lang, msg.ImpSumUnknown, regfile.Quote(r.conv.Unknown)))
	}
	for _, l := range r.dateLines() {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, msg.T(lang, msg.ImpSumCounts, r.res.Created, r.res.Updated, r.res.Unchanged, r.rejectedN))
	if r.blank > 0 {
		fmt.Fprintln(w, msg.T(lang, msg.ImpSumBlank, r.blank))
	}
	section := func(title string, l listing) {
		if l.n == 0 {
			return
		}
		fmt.Fprintln(w, title)
		for _, line := range l.lines {
			fmt.Fprintln(w, line)
		}
		if l.n > len(l.lines) {
			fmt.Fprintln(w, "  "+msg.T(lang, msg.ImpMore, l.n-len(l.lines)))
		}
	}
	section(msg.T(lang, msg.ImpSumUpdated), r.updated)
	section(msg.T(lang, msg.ImpSumClashes), r.clashes)
	section(msg.T(lang, msg.ImpSumSimilar), r.similar)
	section(msg.T(lang, msg.ImpSumRejected), r.rejected)
	if r.res.DryRun {
		fmt.Fprintln(w, msg.T(lang, msg.ImpDryRun))
	}
	if r.rw == nil {
		return
	}
	if r.rw.written != "" {
		fmt.Fprintln(w, msg.T(lang, msg.ImpRejectedWritten, r.rw.written))
	}
	switch {
	case r.rw.removed != "" && r.rw.removed == r.path:
		fmt.Fprintln(w, msg.T(lang, msg.ImpRejectedDone, r.rw.removed))
	case r.rw.removed != "":
		fmt.Fprintln(w, msg.T(lang, msg.ImpRemovedStale, r.rw.removed))
	}
}

// importJSON is the --json summary.
type importJSON struct {
	File         string                `json:"file"`
	Encoding     string                `json:"encoding"`
	BOM          bool                  `json:"bom"`
	Delimiter    string                `json:"delimiter"`
	Records      int                   `json:"records"`
	Columns      []regfile.Column      `json:"columns"`
	Unknown      []string              `json:"unknown_columns"`
	Dates        regfile.DateDecision  `json:"dates"`
	DryRun       bool                  `json:"dry_run"`
	Created      int                   `json:"created"`
	Updated      int                   `json:"updated"`
	Unchanged    int                   `json:"unchanged"`
	Rejected     int                   `json:"rejected"`
	Blank        int                   `json:"blank"`
	UpdatedRows  []importUpdatedJSON   `json:"updated_rows"`
	Clashes      []importClashJSON     `json:"clashes"`
	Similar      []importSimilarJSON   `json:"similar"`
	RejectedRows []importRejectionJSON `json:"rejected_rows"`
	RejectedFile string                `json:"rejected_file,omitempty"`
}

type importUpdatedJSON struct {
	Line   int      `json:"line"`
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Fields []string `json:"fields"`
}

type importClashJSON struct {
	Line int    `json:"line"`
	ID   string `json:"id"`
	Name string `json:"name"`
	store.Clash
}

type importSimilarJSON struct {
	Line      int    `json:"line"`
	ID        string `json:"id"`
	Name      string `json:"name"`
	SimilarID string `json:"similar_id"`
	Similar   string `json:"similar_name"`
}

type importRejectionJSON struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

func (r *importReport) jsonSummary() importJSON {
	j := r.j
	j.File, j.Encoding, j.BOM, j.Delimiter = r.path, r.file.Encoding, r.file.BOM, string(r.file.Delimiter)
	j.Records, j.Columns, j.Unknown, j.Dates = r.records, r.conv.Columns, r.conv.Unknown, r.conv.Dates
	j.DryRun, j.Created, j.Updated, j.Unchanged = r.res.DryRun, r.res.Created, r.res.Updated, r.res.Unchanged
	j.Rejected, j.Blank = r.rejectedN, r.blank
	if r.rw != nil {
		j.RejectedFile = r.rw.written
	}
	if j.Unknown == nil {
		j.Unknown = []string{}
	}
	if j.UpdatedRows == nil {
		j.UpdatedRows = []importUpdatedJSON{}
	}
	if j.Clashes == nil {
		j.Clashes = []importClashJSON{}
	}
	if j.Similar == nil {
		j.Similar = []importSimilarJSON{}
	}
	if j.RejectedRows == nil {
		j.RejectedRows = []importRejectionJSON{}
	}
	return j
}
