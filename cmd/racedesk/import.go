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
in one transaction; rejected rows go to FILE.rejected.csv with their line
number and the reason, and the exit status is 1.

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
				return usageError{fmt.Errorf("import takes one file, got %d arguments", len(args))}
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

func runImport(g *globals, o *importOptions) error {
	s, ev, lang, err := g.openEvent()
	if err != nil {
		return err
	}
	defer s.Close()

	var m *regfile.Mapping
	if o.mapping != "" {
		mf, err := os.Open(o.mapping)
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

	in, err := os.Open(o.file)
	if err != nil {
		return err
	}
	file, err := regfile.Read(in, ropts)
	in.Close()
	if err != nil {
		return reportLocalized(g, lang, err)
	}
	conv, err := regfile.Convert(file, ev, m, regfile.Options{Race: o.race, DateOrder: order, Today: s.Now()})
	if err != nil {
		return reportLocalized(g, lang, err)
	}
	rows := make([]store.ImportRow, len(conv.Rows))
	for i, r := range conv.Rows {
		rows[i] = store.ImportRow{Line: r.Line, Input: r.Input, Errs: r.Errs}
	}
	res, err := s.Import(rows, store.ImportOptions{DryRun: o.dryRun})
	if err != nil {
		return err
	}

	var rejected []rejection
	for _, r := range conv.Rejected {
		rejected = append(rejected, rejection{line: r.Line, fields: r.Fields, err: r.Err})
	}
	for i, r := range res.Rows {
		if r.Outcome == store.Rejected {
			rejected = append(rejected, rejection{line: r.Line, fields: conv.Rows[i].Fields, err: r.Err})
		}
	}
	sort.SliceStable(rejected, func(i, j int) bool { return rejected[i].line < rejected[j].line })

	out := importReport{lang: lang, ev: ev, path: o.file, file: file, conv: conv, res: res, rejected: rejected}
	// The import is committed: whatever happens to the rejected file,
	// the summary says what was imported.
	var werr error
	if !o.dryRun {
		werr = out.writeRejected()
	}
	if o.json {
		err = printJSON(g.out, out.json())
	} else {
		out.print(g.out)
	}
	switch {
	case werr != nil:
		return werr
	case err != nil:
		return err
	case len(rejected) > 0:
		return reportedError{}
	}
	return nil
}

// reportLocalized prints an error that can speak the event's language
// (the root command only knows --lang and $LANG) and exits 1.
func reportLocalized(g *globals, lang msg.Lang, err error) error {
	if l, ok := err.(msg.Localized); ok {
		fmt.Fprintf(g.err, "racedesk: %s\n", l.Localize(lang))
		return reportedError{}
	}
	return reportInputError(g, lang, err)
}

// importReport is everything the summary says.
type importReport struct {
	lang     msg.Lang
	ev       *model.Event
	path     string
	file     *regfile.File
	conv     *regfile.Result
	res      store.ImportResult
	rejected []rejection
	// rejectedFile was written; removedFile was a stale one deleted.
	rejectedFile, removedFile string
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

// writeRejected writes the rejected rows — line and reason first, then
// the row as it was — as UTF-8 with BOM in the file's own separator, so
// it opens in a spreadsheet, can be corrected there and imported again.
// Without rejections, a rejected file of an earlier import is removed.
func (r *importReport) writeRejected() error {
	path := rejectedPath(r.path)
	if len(r.rejected) == 0 {
		if _, err := os.Stat(path); err == nil {
			if err := os.Remove(path); err != nil {
				return err
			}
			r.removedFile = path
		}
		return nil
	}
	// A rejected file being imported again has these columns already.
	drop := map[int]bool{}
	var header []string
	for i, h := range r.file.Header {
		if k := regfile.HeaderKey(h); k == regfile.HeaderKey(regfile.RejectedLineColumn) || k == regfile.HeaderKey(regfile.RejectedReasonColumn) {
			drop[i] = true
			continue
		}
		header = append(header, h)
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	err = func() error {
		if _, err := f.WriteString("\ufeff"); err != nil {
			return err
		}
		w := csv.NewWriter(f)
		w.Comma = r.file.Delimiter
		w.UseCRLF = true
		if err := w.Write(append([]string{regfile.RejectedLineColumn, regfile.RejectedReasonColumn}, header...)); err != nil {
			return err
		}
		for _, rj := range r.rejected {
			row := []string{strconv.Itoa(rj.line), oneLine(msg.Error(r.lang, rj.err))}
			for i, v := range rj.fields {
				if !drop[i] {
					row = append(row, v)
				}
			}
			if err := w.Write(row); err != nil {
				return err
			}
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return err
		}
		return f.Sync()
	}()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	r.rejectedFile = path
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
	fmt.Fprintln(w, msg.T(lang, msg.ImpSumFile, filepath.Base(r.path), r.encodingText(), delimiterText(r.file.Delimiter), len(r.file.Records)))
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
	fmt.Fprintln(w, msg.T(lang, msg.ImpSumCounts, r.res.Created, r.res.Updated, r.res.Unchanged, len(r.rejected)))
	if r.conv.Blank > 0 {
		fmt.Fprintln(w, msg.T(lang, msg.ImpSumBlank, r.conv.Blank))
	}
	line := func(n int) string { return fmt.Sprintf("  %-10s ", msg.T(lang, msg.ImpLine, n)) }
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		fmt.Fprintln(w, title)
		for i, l := range lines {
			if i == summaryLimit {
				fmt.Fprintln(w, "  "+msg.T(lang, msg.ImpMore, len(lines)-summaryLimit))
				break
			}
			fmt.Fprintln(w, l)
		}
	}
	var updated, clashes, similar, rejected []string
	for _, row := range r.res.Rows {
		switch {
		case row.Outcome == store.Updated:
			labels := make([]string, len(row.Fields))
			for i, f := range row.Fields {
				labels[i] = r.fieldLabel(f)
			}
			updated = append(updated, line(row.Line)+who(row.Participant)+": "+strings.Join(labels, ", "))
		case row.Similar != nil:
			s := row.Similar
			similar = append(similar, line(row.Line)+who(row.Participant)+" "+row.Participant.Born.Display()+", "+row.Participant.Race+" — "+
				msg.T(lang, msg.ImpSimilarLine, s.Last+", "+s.First, s.Race, s.Born.Display()))
		}
		for _, c := range row.Clashes {
			clashes = append(clashes, line(row.Line)+who(row.Participant)+" — "+msg.T(lang, msg.ImpClashLine, r.fieldLabel(c.Field),
				r.clashValue(c.Field, c.Stored), r.clashValue(c.Field, c.File), r.originText(c.By)))
		}
	}
	for _, rj := range r.rejected {
		rejected = append(rejected, line(rj.line)+oneLine(msg.Error(lang, rj.err)))
	}
	section(msg.T(lang, msg.ImpSumUpdated), updated)
	section(msg.T(lang, msg.ImpSumClashes), clashes)
	section(msg.T(lang, msg.ImpSumSimilar), similar)
	section(msg.T(lang, msg.ImpSumRejected), rejected)
	if r.res.DryRun {
		fmt.Fprintln(w, msg.T(lang, msg.ImpDryRun))
	}
	if r.rejectedFile != "" {
		fmt.Fprintln(w, msg.T(lang, msg.ImpRejectedWritten, r.rejectedFile))
	}
	switch {
	case r.removedFile != "" && r.removedFile == r.path:
		fmt.Fprintln(w, msg.T(lang, msg.ImpRejectedDone, r.removedFile))
	case r.removedFile != "":
		fmt.Fprintln(w, msg.T(lang, msg.ImpRemovedStale, r.removedFile))
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

func (r *importReport) json() importJSON {
	j := importJSON{File: r.path, Encoding: r.file.Encoding, BOM: r.file.BOM, Delimiter: string(r.file.Delimiter),
		Records: len(r.file.Records), Columns: r.conv.Columns, Unknown: r.conv.Unknown, Dates: r.conv.Dates,
		DryRun: r.res.DryRun, Created: r.res.Created, Updated: r.res.Updated, Unchanged: r.res.Unchanged,
		Rejected: len(r.rejected), Blank: r.conv.Blank, RejectedFile: r.rejectedFile,
		UpdatedRows: []importUpdatedJSON{}, Clashes: []importClashJSON{}, Similar: []importSimilarJSON{}, RejectedRows: []importRejectionJSON{}}
	if j.Unknown == nil {
		j.Unknown = []string{}
	}
	for _, row := range r.res.Rows {
		p := row.Participant
		if row.Outcome == store.Updated {
			j.UpdatedRows = append(j.UpdatedRows, importUpdatedJSON{Line: row.Line, ID: p.ID, Name: p.FullName(), Fields: row.Fields})
		}
		for _, c := range row.Clashes {
			j.Clashes = append(j.Clashes, importClashJSON{Line: row.Line, ID: p.ID, Name: p.FullName(), Clash: c})
		}
		if s := row.Similar; s != nil {
			j.Similar = append(j.Similar, importSimilarJSON{Line: row.Line, ID: p.ID, Name: p.FullName(), SimilarID: s.ID, Similar: s.FullName()})
		}
	}
	for _, rj := range r.rejected {
		j.RejectedRows = append(j.RejectedRows, importRejectionJSON{Line: rj.line, Reason: oneLine(msg.Error(r.lang, rj.err))})
	}
	return j
}
