package main

import (
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model/lists"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/printer/a4"
)

// a4Options are the flags of `racedesk a4 KIND`.
type a4Options struct {
	kind     a4.Kind
	race     string
	class    string
	top      int
	bib      int
	order    string
	template string
	output   string
	open     bool
}

var a4Kinds = []struct {
	kind                a4.Kind
	use, short, example string
}{
	{a4.KindStartList, "startlist [--race R] [--order bib|name] [--template FILE] [-o FILE.html] [--open]",
		"A4 start lists for the notice board: a page per race, by bib or by name",
		`  racedesk a4 startlist -o startliste.html --open
  racedesk a4 startlist --race 10k --order name -o startliste-10k.html`},
	{a4.KindResults, "results [--race R] [--class C] [--top N] [--template FILE] [-o FILE.html] [--open]",
		"A4 result lists: per race the overall list, then the list by age class",
		`  racedesk a4 results -o ergebnisse.html --open
  racedesk a4 results --race 10k --top 3 -o siegerehrung-10k.html
  racedesk a4 results --race 10k --class W45 -o w45.html`},
	{a4.KindCertificates, "certificates [--race R] [--class C] [--top N | --bib N] [--template FILE] [-o FILE.html] [--open]",
		"Certificates (Urkunden), one A4 page each: every finisher, the first N per class, or one runner",
		`  racedesk a4 certificates --top 3 -o urkunden.html --open
  racedesk a4 certificates --race 10k --class M45 --top 3 -o urkunden-m45.html
  racedesk a4 certificates --bib 17 -o urkunde-17.html
  racedesk a4 certificates --top 3 --template urkunde.html -o urkunden.html`},
}

func newA4Cmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "a4 startlist|results|certificates|template",
		Short: "A4 pages for the notice board and the award ceremony: start lists, results, certificates",
		Long: `Make A4 pages as one HTML file: open it in any browser (offline) and print
it on A4 paper or to PDF. Start lists and result lists start a new page
per race; certificates are one page each. The pages speak the event's
language.

The pages come from templates an organizer can edit: 'racedesk a4
template certificate > urkunde.html' writes the default one, and
--template urkunde.html uses the edited file. The README lists what a
template can show. A template that does not work is refused with its file
and line.`,
		Example: `  racedesk a4 startlist -o startliste.html --open
  racedesk a4 results --race 10k -o ergebnisse-10k.html
  racedesk a4 certificates --top 3 -o urkunden.html
  racedesk a4 template certificate > urkunde.html`,
		Args: noArgs,
	}
	for _, k := range a4Kinds {
		o := &a4Options{kind: k.kind}
		sub := &cobra.Command{
			Use:     k.use,
			Short:   k.short,
			Example: k.example,
			Args:    noArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				if err := o.check(); err != nil {
					return err
				}
				return runA4(g, o)
			},
		}
		f := sub.Flags()
		f.StringVar(&o.race, "race", "", "only this race (ID, name, alias or distance; default: every race)")
		switch k.kind {
		case a4.KindStartList:
			f.StringVar(&o.order, "order", string(lists.ByBib), "bib, or name (alphabetical, with the bib)")
		case a4.KindResults:
			f.StringVar(&o.class, "class", "", "only this age class (no overall list)")
			f.IntVar(&o.top, "top", 0, "only the first N overall and of each class")
		case a4.KindCertificates:
			f.StringVar(&o.class, "class", "", "only this age class")
			f.IntVar(&o.top, "top", 0, "only the first N of each class (default: every finisher)")
			f.IntVar(&o.bib, "bib", 0, "only the runner with this bib")
		}
		f.StringVar(&o.template, "template", "", "an HTML template of your own (start from 'racedesk a4 template "+string(k.kind)+"')")
		f.StringVarP(&o.output, "output", "o", "-", "the HTML file to write (- for stdout)")
		f.BoolVar(&o.open, "open", false, "open the file in the default browser")
		cmd.AddCommand(sub)
	}
	cmd.AddCommand(newA4TemplateCmd(g))
	return cmd
}

// check finds mistakes in how the command was called.
func (o *a4Options) check() error {
	if _, ok := lists.ParseOrder(o.order); !ok && o.kind == a4.KindStartList {
		return usage(msg.UsageBadValue, o.order, "--order")
	}
	if o.top < 0 {
		return usage(msg.A4TopPositive, o.top)
	}
	if o.bib < 0 {
		return usage(msg.UsageBadValue, strconv.Itoa(o.bib), "--bib")
	}
	if o.bib != 0 && (o.class != "" || o.top != 0) {
		return usage(msg.A4BibAlone)
	}
	if o.open && o.output == "-" {
		return usage(msg.A4OpenNeedsFile)
	}
	return nil
}

func runA4(g *globals, o *a4Options) error {
	s, ev, lang, err := g.openEvent()
	if err != nil {
		return err
	}
	defer g.release(s)
	tmpl := a4.Default(o.kind)
	if o.template != "" {
		if tmpl, err = readTemplate(g, o.template); err != nil {
			return reportInputError(g, lang, err)
		}
	}
	race, err := raceFilter(ev, o.race)
	if err != nil {
		return reportInputError(g, lang, err)
	}
	opts := a4.Options{Lang: lang, Made: g.now(), Race: race, Order: lists.Order(o.order), Class: o.class, Top: o.top, Bib: o.bib}
	var doc *a4.Document
	switch o.kind {
	case a4.KindStartList:
		ps, err := s.List(race)
		if err != nil {
			return err
		}
		doc = a4.StartLists(ev, ps, opts)
	default:
		if o.bib != 0 {
			// The usual answer for a bib nobody holds.
			if race != "" {
				_, err = s.ByBib(race, o.bib)
			} else {
				_, err = s.FindBib(o.bib)
			}
			if err != nil {
				return reportInputError(g, lang, err)
			}
		}
		rs, err := s.Results()
		if err != nil {
			return err
		}
		if o.kind == a4.KindResults {
			doc, err = a4.Results(ev, rs, opts)
		} else {
			doc, err = a4.Certificates(ev, rs, opts)
		}
		if err != nil {
			return reportInputError(g, lang, err)
		}
	}
	// The whole page first: a template that fails leaves the file as
	// it was.
	var page bytes.Buffer
	if err := tmpl.Render(&page, doc); err != nil {
		return reportInputError(g, lang, err)
	}
	w, done, err := openOutput(g, o.output)
	if err != nil {
		return err
	}
	_, err = w.Write(page.Bytes())
	if cerr := done(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if o.output == "-" {
		return nil
	}
	fmt.Fprintln(g.err, msg.T(lang, msg.A4Written, doc.Title, o.output))
	if o.open {
		openInBrowser(g, lang, g.path(o.output))
	}
	return nil
}

// readTemplate reads and parses an organizer's template; an error names
// the file as they named it, and the line.
func readTemplate(g *globals, path string) (*a4.Template, error) {
	f, err := g.openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	text, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return a4.Parse(path, text)
}

// openInBrowser opens a file in the default browser and does not wait
// for it; a browser that does not open only costs a line saying where
// the file is.
func openInBrowser(g *globals, lang msg.Lang, path string) {
	abs, err := filepath.Abs(path)
	if err == nil {
		path = abs
	}
	var c *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		c = exec.Command("rundll32", "url.dll,FileProtocolHandler", path)
	case "darwin":
		c = exec.Command("open", path)
	default:
		c = exec.Command("xdg-open", path)
	}
	if err := c.Start(); err != nil {
		fmt.Fprintln(g.err, msg.T(lang, msg.A4OpenFailed, err, path))
		return
	}
	fmt.Fprintln(g.err, msg.T(lang, msg.A4Opening, path))
	go c.Wait() // reap it; the browser lives on
}

// newA4TemplateCmd hands out a default template to edit.
func newA4TemplateCmd(g *globals) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "template startlist|results|certificate [-o FILE.html]",
		Short: "Write a default A4 template, to edit and use with --template",
		Long: `Write the default template of start lists, result lists or certificates: a
complete HTML file with Go template actions ({{.Name}}, {{range
.Certificates}} …). Edit it in any text editor — words, fonts, a logo
(<img src="logo.png"> next to the made file), the layout — and make the
pages with it: racedesk a4 certificates --template urkunde.html. The
README lists what a template can show.`,
		Example: `  racedesk a4 template certificate > urkunde.html
  racedesk a4 template results -o ergebnisse-vorlage.html`,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(args) == 0:
				return usage(msg.A4WhichTemplate)
			case len(args) > 1:
				return usage(msg.UsageNoArgs, cmd.CommandPath(), args[1:])
			}
			kind, ok := a4.ParseKind(args[0])
			if !ok {
				return usage(msg.A4UnknownKind, args[0])
			}
			return runA4Template(g, kind, output)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "-", "the file to write (- for stdout)")
	return cmd
}

func runA4Template(g *globals, kind a4.Kind, output string) error {
	lang := g.language("")
	w, done, err := openOutput(g, output)
	if err != nil {
		return err
	}
	_, err = w.Write(a4.DefaultSource(kind))
	if cerr := done(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if output != "-" {
		fmt.Fprintln(g.err, msg.T(lang, msg.A4TemplateToFile, kind, output, output))
	}
	return nil
}
