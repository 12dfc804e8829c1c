package screen

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/printer"
)

// PrintMsg asks the root model to print a document: straight into the
// queue, or (Preview) shown first for a person to send or drop.
type PrintMsg struct {
	Doc         *printer.Doc
	Printer     printer.Printer
	Participant string
	Preview     bool
}

// PrintProblemMsg says a print could not even be laid out (no printer
// configured, an unknown race); the screen that asked shows it.
type PrintProblemMsg struct{ Err error }

// LabelCmd lays out a runner's bib label in a command. With preview false
// it goes straight to the queue (the label of every check-in); a missing
// printer is then no error worth interrupting the desk for, and nothing
// is printed.
func LabelCmd(ctx *Context, p model.Participant, preview bool) tea.Cmd {
	ev, lang, desk, hotspot := ctx.Event(), ctx.Lang, ctx.Store.Device().Desk, ctx.Hotspot
	now := ctx.Now()
	return func() tea.Msg {
		pr, err := printer.EventPrinter(ev, "")
		if err != nil {
			if !preview {
				return nil
			}
			return PrintProblemMsg{Err: err}
		}
		d, err := printer.Layout{Event: ev, Config: pr.Config, Lang: lang, Now: now, Desk: desk, Hotspot: hotspot}.Label(p)
		if err != nil {
			return PrintProblemMsg{Err: err}
		}
		return PrintMsg{Doc: d, Printer: pr, Participant: p.ID, Preview: preview}
	}
}

// ResultsCmd lays out a race's results for preview: overall, one class,
// or every class in its own section (the award ceremony's list).
func ResultsCmd(ctx *Context, race string, rr *model.RaceResults, class string, byClass bool) tea.Cmd {
	ev, lang := ctx.Event(), ctx.Lang
	now := ctx.Now()
	return func() tea.Msg {
		pr, err := printer.EventPrinter(ev, "")
		if err != nil {
			return PrintProblemMsg{Err: err}
		}
		d, err := printer.Layout{Event: ev, Config: pr.Config, Lang: lang, Now: now}.Results(
			printer.ResultListOf(race, rr), printer.ResultOptions{ByClass: byClass, Class: class})
		if err != nil {
			return PrintProblemMsg{Err: err}
		}
		return PrintMsg{Doc: d, Printer: pr, Preview: true}
	}
}

// TeamsCmd lays out a race's team ranking in a command, for a preview
// like ResultsCmd. The results are copied now: the screen goes on adding
// finishes to its own while the command runs.
func TeamsCmd(ctx *Context, race string, rr *model.RaceResults) tea.Cmd {
	ev, lang := ctx.Event(), ctx.Lang
	now := ctx.Now()
	results := append([]model.Result(nil), rr.Results...)
	return func() tea.Msg {
		pr, err := printer.EventPrinter(ev, "")
		if err != nil {
			return PrintProblemMsg{Err: err}
		}
		r, _ := ev.Race(race)
		tr := model.TeamRanking(r, ev.TeamRules(race), results)
		d, err := printer.Layout{Event: ev, Config: pr.Config, Lang: lang, Now: now}.Teams(printer.TeamListOf(tr))
		if err != nil {
			return PrintProblemMsg{Err: err}
		}
		return PrintMsg{Doc: d, Printer: pr, Preview: true}
	}
}

// SlipCmd lays out a runner's finish slip in a command and queues it on
// the slip printer (finish_slips = "auto", else the first): a person
// asked for it, so it prints whether or not one printed before.
func SlipCmd(ctx *Context, race string, r model.Result) tea.Cmd {
	ev, lang, desk, hotspot := ctx.Event(), ctx.Lang, ctx.Store.Device().Desk, ctx.Hotspot
	now := ctx.Now()
	participant := ""
	if r.Participant != nil {
		participant = r.Participant.ID
	}
	r.Participant = nil // the slip needs the result's values only
	return func() tea.Msg {
		pr, err := printer.SlipPrinter(ev)
		if err != nil {
			return PrintProblemMsg{Err: err}
		}
		d, err := printer.Layout{Event: ev, Config: pr.Config, Lang: lang, Now: now, Desk: desk, Hotspot: hotspot}.FinishSlip(race, r)
		if err != nil {
			return PrintProblemMsg{Err: err}
		}
		return PrintMsg{Doc: d, Printer: pr, Participant: participant}
	}
}
