package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

type exportOptions struct {
	format string
	output string
	race   string
}

func newExportCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "export",
		Short:   "Export lists",
		Example: `  racedesk export participants -o teilnehmer.csv`,
		Args:    noArgs,
	}
	o := &exportOptions{}
	participants := &cobra.Command{
		Use:   "participants [--format csv|json] [-o FILE]",
		Short: "Export all participants with every field, extra fields included",
		Example: `  racedesk export participants -o teilnehmer.csv
  racedesk export participants --format json --race 10k`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.format != "csv" && o.format != "json" {
				return usageError{fmt.Errorf("--format %q: expected csv or json", o.format)}
			}
			return runExportParticipants(g, o)
		},
	}
	participants.Flags().StringVar(&o.format, "format", "csv", "csv or json")
	participants.Flags().StringVarP(&o.output, "output", "o", "-", "output file (- for stdout)")
	participants.Flags().StringVar(&o.race, "race", "", "only this race")
	cmd.AddCommand(participants)
	return cmd
}

// exportColumns are the fixed CSV columns; extra fields follow as x.<key>.
var exportColumns = []string{"id", "external_id", "race", "bib", "last", "first", "born", "gender",
	"age_class", "club", "email", "phone", "status", "paid_cents", "pay_method", "source",
	"checked_in_at", "checked_in_desk"}

func runExportParticipants(g *globals, o *exportOptions) error {
	s, err := g.open()
	if err != nil {
		return err
	}
	defer s.Close()
	ev := s.Event()
	race, err := raceFilter(ev, o.race)
	if err != nil {
		return reportInputError(g, g.language(ev.Lang), err)
	}
	ps, err := s.List(race)
	if err != nil {
		return err
	}
	w, done, err := openOutput(g, o.output)
	if err != nil {
		return err
	}
	if o.format == "json" {
		views := make([]participantView, len(ps))
		for i, p := range ps {
			views[i] = view(ev, p)
		}
		err = printJSON(w, views)
	} else {
		err = writeParticipantsCSV(w, ev, ps)
	}
	if cerr := done(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("export participants: %w", err)
	}
	if o.output != "-" {
		fmt.Fprintln(g.err, msg.T(g.language(ev.Lang), msg.Exported, len(ps), o.output))
	}
	return nil
}

func writeParticipantsCSV(w io.Writer, ev *model.Event, ps []model.Participant) error {
	cw := csv.NewWriter(w)
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

// openOutput opens "-" as stdout or a file written through a temporary
// name, so a failed export never leaves a truncated file behind.
func openOutput(g *globals, path string) (io.Writer, func() error, error) {
	if path == "-" {
		return g.out, func() error { return nil }, nil
	}
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
