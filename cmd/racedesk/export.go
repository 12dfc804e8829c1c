package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/lists"
	"github.com/racedesk/racedesk/model/msg"
)

type exportOptions struct {
	format string
	output string
	race   string
	// excel writes CSV as German Excel opens it: UTF-8 with BOM, ';'.
	excel bool
	// order of a start list: bib or name.
	order string
	// results of every race, for the results list.
	results map[string]*model.RaceResults
}

// exportKind is one list the export command writes. Adding a list (the
// results, once there is timing) is one more entry: a name, its help, and
// how to build its table from the participants.
type exportKind struct {
	name, short, example string
	// table builds the list; nil for participants, which keep their own
	// full-record JSON.
	table func(ev *model.Event, ps []model.Participant, o *exportOptions, lang msg.Lang) table
	// results: the list needs the races' results (timing).
	results bool
}

var exportKinds = []exportKind{
	{name: "participants", short: "Export all participants with every field, extra fields included",
		example: `  racedesk export participants -o teilnehmer.csv
  racedesk export participants --format json --race 10k
  racedesk export participants --excel=false -o plain.csv`},
	{name: "startlist", short: "Export the start list per race: by bib, or alphabetical with bib (--order name)",
		example: `  racedesk export startlist -o startliste.csv
  racedesk export startlist --race 10k --order name -o startliste-10k.csv`,
		table: startListTable},
	{name: "checkin", short: "Export who is not checked in yet, per race, with what they owe",
		example: `  racedesk export checkin -o noch-nicht-da.csv
  racedesk export checkin --race 5k --format json`,
		table: checkInTable},
	{name: "results", short: "Export results: places overall, by gender and by age class, with times",
		example: `  racedesk export results --race 10k -o ergebnisse-10k.csv
  racedesk export results --format json`,
		table: resultsTable, results: true},
	{name: "teams", short: "Export the team ranking: each race's teams by place, with their scoring runners",
		example: `  racedesk export teams --race 10k -o mannschaften-10k.csv
  racedesk export teams --format json`,
		table: teamsTable, results: true},
}

func newExportCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export lists (participants, start list, check-in list) as CSV or JSON",
		Long: `Export lists as CSV or JSON, to a file (-o) or stdout. CSV is written the way
German Excel opens it — UTF-8 with BOM, separated by ';' — unless
--excel=false asks for plain UTF-8 with ','. The participants export has
stable machine column names; start and check-in lists have headers in the
desk's language.`,
		Example: `  racedesk export participants -o teilnehmer.csv
  racedesk export startlist --order name -o startliste.csv`,
		Args: noArgs,
	}
	for _, k := range exportKinds {
		k := k
		o := &exportOptions{}
		sub := &cobra.Command{
			Use:     k.name + " [--race R] [--format csv|json] [--excel=true|false] [-o FILE]",
			Short:   k.short,
			Example: k.example,
			Args:    noArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				if o.format != "csv" && o.format != "json" {
					return usageError{fmt.Errorf("--format %q: expected csv or json", o.format)}
				}
				if _, ok := lists.ParseOrder(o.order); !ok {
					return usageError{fmt.Errorf("--order %q: expected bib or name", o.order)}
				}
				return runExport(g, o, k)
			},
		}
		f := sub.Flags()
		f.StringVar(&o.format, "format", "csv", "csv or json")
		f.StringVarP(&o.output, "output", "o", "-", "output file (- for stdout)")
		f.StringVar(&o.race, "race", "", "only this race (ID, name, alias or distance)")
		f.BoolVar(&o.excel, "excel", true, "CSV for German Excel: UTF-8 with BOM and ';' (false: plain UTF-8 with ',')")
		o.order = string(lists.ByBib)
		if k.name == "startlist" {
			f.StringVar(&o.order, "order", string(lists.ByBib), "bib, or name (alphabetical, with the bib)")
		}
		cmd.AddCommand(sub)
	}
	return cmd
}

// exportColumns are the fixed CSV columns; extra fields follow as x.<key>.
var exportColumns = []string{"id", "external_id", "race", "bib", "last", "first", "born", "gender",
	"age_class", "club", "email", "phone", "status", "paid_cents", "pay_method", "source",
	"checked_in_at", "checked_in_desk"}

func runExport(g *globals, o *exportOptions, k exportKind) error {
	s, ev, lang, err := g.openEvent()
	if err != nil {
		return err
	}
	defer g.release(s)
	race, err := raceFilter(ev, o.race)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	ps, err := s.List(race)
	if err != nil {
		return err
	}
	if k.results {
		if o.results, err = s.Results(); err != nil {
			return err
		}
		o.race = race // the resolved race ID ("" for all)
	}
	w, done, err := openOutput(g, o.output)
	if err != nil {
		return err
	}
	n := len(ps)
	switch {
	case k.table == nil && o.format == "json":
		views := make([]participantView, len(ps))
		for i, p := range ps {
			views[i] = view(ev, p)
		}
		err = printJSON(w, views)
	case k.table == nil:
		err = writeParticipantsCSV(w, ev, ps, o.excel)
	default:
		t := k.table(ev, ps, o, lang)
		n = len(t.rows)
		if o.format == "json" {
			err = t.writeJSON(w)
		} else {
			err = t.writeCSV(w, lang, o.excel)
		}
	}
	if cerr := done(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("export %s: %w", k.name, err)
	}
	if o.output != "-" {
		if k.table == nil {
			fmt.Fprintln(g.err, msg.T(lang, msg.Exported, n, o.output))
		} else {
			fmt.Fprintln(g.err, msg.T(lang, msg.ExpRowsExported, n, o.output))
		}
	}
	return nil
}

// csvWriter writes CSV for Excel (BOM, ';', CRLF, cells that Excel would
// run as a formula disarmed) or plain (',', LF, every cell as it is).
type csvWriter struct {
	*csv.Writer
	excel bool
}

func newCSV(w io.Writer, excel bool) (csvWriter, error) {
	cw := csv.NewWriter(w)
	if excel {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return csvWriter{}, err
		}
		cw.Comma = ';'
		cw.UseCRLF = true
	}
	return csvWriter{cw, excel}, nil
}

// Write writes one record; for Excel through excelCell.
func (w csvWriter) Write(rec []string) error {
	if w.excel {
		out := make([]string, len(rec))
		for i, s := range rec {
			out[i] = excelCell(s)
		}
		rec = out
	}
	return w.Writer.Write(rec)
}

// excelCell disarms a cell Excel would read as a formula (issue 17, item
// 4): names, clubs and extra fields come from the phone form and from
// registration platforms, and "=HYPERLINK(…)", "=cmd|' /C calc'!A0",
// "+…", "-…" or "@SUM(…)" would run when the organizer opens the file. A
// cell starting with =, +, -, @, tab or CR gets a leading ' (OWASP), which
// Excel shows. Left as they are: a negative number or time
// ("-0:00:05.3", a finish typed before the start: only digits and
// separators, nothing to run) and a lone "-". Plain CSV and JSON keep
// every value as stored.
func excelCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) || s == "-" {
		return s
	}
	if s[0] == '-' && isNumberLike(s[1:]) {
		return s
	}
	return "'" + s
}

// isNumberLike: digits, separated by single '.', ',' or ':' ("0:00:05.3").
func isNumberLike(s string) bool {
	digit := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digit = true
		case (c == '.' || c == ',' || c == ':') && digit && i+1 < len(s):
			digit = false
		default:
			return false
		}
	}
	return digit
}

func writeParticipantsCSV(w io.Writer, ev *model.Event, ps []model.Participant, excel bool) error {
	cw, err := newCSV(w, excel)
	if err != nil {
		return err
	}
	header := append([]string(nil), exportColumns...)
	for _, k := range extraKeys(ev) {
		header = append(header, model.ExtraPrefix+k)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, p := range ps {
		v := view(ev, p)
		bib, paid := "", ""
		if p.Bib != 0 {
			bib = strconv.Itoa(p.Bib)
		}
		if p.PaidCents != 0 {
			paid = strconv.Itoa(p.PaidCents)
		}
		row := []string{p.ID, p.ExternalID, p.Race, bib, p.Last, p.First, p.Born.String(), string(p.Gender),
			v.AgeClass, p.Club, p.Email, p.Phone, string(p.Status), paid, string(p.PayMethod), string(p.Source),
			p.CheckedInAt, p.CheckedInDesk}
		for _, k := range extraKeys(ev) {
			row = append(row, p.Extra[k])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// table is a list ready to write: a column is a stable JSON key and a
// header in the desk's language; a cell has a text for CSV and a typed
// value for JSON (nil: empty).
type table struct {
	cols []tableColumn
	rows [][]cell
}

type tableColumn struct {
	key   string
	label msg.Key
}

type cell struct {
	text  string
	value any
}

func text(s string) cell {
	if s == "" {
		return cell{}
	}
	return cell{s, s}
}

func number(n int) cell {
	if n == 0 {
		return cell{}
	}
	return cell{strconv.Itoa(n), n}
}

func (t table) writeCSV(w io.Writer, lang msg.Lang, excel bool) error {
	cw, err := newCSV(w, excel)
	if err != nil {
		return err
	}
	header := make([]string, len(t.cols))
	for i, c := range t.cols {
		header[i] = msg.T(lang, c.label)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range t.rows {
		rec := make([]string, len(r))
		for i, c := range r {
			rec[i] = c.text
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeJSON writes the rows as objects with the columns' keys, in column
// order.
func (t table) writeJSON(w io.Writer) error {
	rows := make([]json.RawMessage, len(t.rows))
	for i, r := range t.rows {
		var b []byte
		b = append(b, '{')
		for j, c := range r {
			if j > 0 {
				b = append(b, ',')
			}
			k, _ := json.Marshal(t.cols[j].key)
			v, err := json.Marshal(c.value)
			if err != nil {
				return err
			}
			b = append(append(append(b, k...), ':'), v...)
		}
		rows[i] = append(b, '}')
	}
	return printJSON(w, rows)
}

// startListTable: race, bib, name, year of birth, sex, class, club — what
// is pinned up at the start (a year, not the full birth date).
func startListTable(ev *model.Event, ps []model.Participant, o *exportOptions, _ msg.Lang) table {
	t := table{cols: []tableColumn{{"race", msg.ExpColRace}, {"bib", msg.ExpColBib}, {"last", msg.ExpColLast},
		{"first", msg.ExpColFirst}, {"year", msg.ExpColYear}, {"gender", msg.ExpColGender},
		{"age_class", msg.ExpColClass}, {"club", msg.ExpColClub}}}
	for _, g := range lists.StartList(ev, ps, lists.Order(o.order)) {
		for _, e := range g.Entries {
			t.rows = append(t.rows, []cell{{g.Race.Name, g.Race.ID}, number(e.Bib), text(e.Last), text(e.First),
				number(e.Born.Year), text(string(e.Gender)), text(e.AgeClass), text(e.Club)})
		}
	}
	return t
}

// checkInTable: who has not been checked in yet, with what identifies
// them at the desk and what they owe.
func checkInTable(ev *model.Event, ps []model.Participant, _ *exportOptions, lang msg.Lang) table {
	t := table{cols: []tableColumn{{"race", msg.ExpColRace}, {"last", msg.ExpColLast}, {"first", msg.ExpColFirst},
		{"born", msg.ExpColBorn}, {"gender", msg.ExpColGender}, {"age_class", msg.ExpColClass}, {"club", msg.ExpColClub},
		{"bib", msg.ExpColBib}, {"status", msg.ExpColStatus}, {"due_cents", msg.ExpColDue}, {"external_id", msg.ExpColRegID}}}
	for _, g := range lists.CheckInList(ev, ps) {
		for _, e := range g.Entries {
			due := cell{}
			if e.Due > 0 {
				due = cell{fmt.Sprintf("%d,%02d", e.Due/100, e.Due%100), e.Due}
			}
			t.rows = append(t.rows, []cell{{g.Race.Name, g.Race.ID}, text(e.Last), text(e.First),
				{e.Born.Display(), e.Born.String()}, text(string(e.Gender)), text(e.AgeClass), text(e.Club),
				number(e.Bib), {e.Status.Label(lang), string(e.Status)}, due, text(e.ExternalID)})
		}
	}
	return t
}

// openOutput opens "-" as stdout or a file written through a temporary
// name, so a failed export never leaves a truncated file behind.
func openOutput(g *globals, path string) (io.Writer, func() error, error) {
	if path == "-" {
		return g.out, func() error { return nil }, nil
	}
	path = g.path(path)
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return nil, nil, err
	}
	return f, func() error {
		err := f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp, path)
		}
		if err != nil {
			os.Remove(tmp)
		}
		return err
	}, nil
}

// resultsTable: every finisher by place, then DNF and DSQ, race by race.
func resultsTable(ev *model.Event, _ []model.Participant, o *exportOptions, lang msg.Lang) table {
	t := table{cols: []tableColumn{{"race", msg.ExpColRace}, {"place", msg.Place}, {"bib", msg.ExpColBib},
		{"name", msg.Name}, {"club", msg.ExpColClub}, {"gender", msg.ExpColGender}, {"gender_place", msg.GenderPlace},
		{"age_class", msg.ExpColClass}, {"class_place", msg.ClassPlace}, {"time_ms", msg.TimeColumn}, {"status", msg.ExpColStatus}}}
	for _, r := range ev.Races {
		rr := o.results[r.ID]
		if rr == nil || (o.race != "" && o.race != r.ID) {
			continue
		}
		for _, res := range rr.Results {
			place, gp, cp := cell{}, cell{}, cell{}
			if res.Status == "" {
				place, gp = number(res.Place), number(res.GenderPlace)
				if res.ClassPlace > 0 {
					cp = number(res.ClassPlace)
				}
			}
			status := cell{}
			if res.Status != "" {
				status = cell{strings.ToUpper(string(res.Status)), string(res.Status)}
			}
			t.rows = append(t.rows, []cell{{r.Name, r.ID}, place, number(res.Bib), text(res.Name), text(res.Club),
				text(string(res.Gender)), gp, text(res.Class), cp, {res.TimeText, res.Time.Milliseconds()}, status})
		}
	}
	return t
}
