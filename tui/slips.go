package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/printer"
	"github.com/racedesk/racedesk/tui/printq"
	"github.com/racedesk/racedesk/tui/screen"
)

// Finish slips printed on their own (finish_slips = "auto"). The desk is
// where they are decided: it hears of every commit — finishes and
// corrections typed on the timing screen, `racedesk finish` through the
// control socket, finishes arriving by sync — and it runs the print
// queue's sender; a finish recorded while no desk was open gets its slip
// when the desk opens. printer.AutoSlips decides and queues; here it runs
// in a command, one run at a time with what changed meanwhile merged
// (screen.Patcher), so Update never waits for the store or the results.
type autoSlips struct {
	slips *printer.AutoSlips // nil: no printer prints slips on its own
	runs  screen.Patcher
}

// slipsMsg is what a run queued, or why it failed.
type slipsMsg struct {
	jobs []store.PrintJob
	err  error
}

// hotspotURL is the address phones reach the desk's hotspot on ("": no
// hotspot).
func hotspotURL(opts Options) string {
	if opts.Phones != nil && len(opts.Phones.URLs) > 0 {
		return opts.Phones.URLs[0]
	}
	return ""
}

// newAutoSlips sets up the automatic slips; a problem (the printer has
// no target) is said in the status line, and the desk works on.
func newAutoSlips(s *store.Store, opts Options, hotspot string) (autoSlips, string) {
	slips, err := printer.NewAutoSlips(s, opts.Queue, printer.AutoSlipOptions{Lang: opts.Lang, Hotspot: hotspot, Now: opts.Now})
	if err != nil {
		return autoSlips{}, "✗ " + msg.T(opts.Lang, msg.SlipsAutoFail, msg.Error(opts.Lang, err))
	}
	return autoSlips{slips: slips}, ""
}

// checkSlips looks at what d changed for finishes that get their slip;
// the first check (Delta.All) looks at every finish of this desk.
func (a *App) checkSlips(d store.Delta) tea.Cmd {
	if a.autoSlips.slips == nil {
		return nil
	}
	if d, ok := a.autoSlips.runs.Start(d); ok {
		return runSlips(a.autoSlips.slips, d)
	}
	return nil
}

func runSlips(slips *printer.AutoSlips, d store.Delta) tea.Cmd {
	return func() tea.Msg {
		jobs, err := slips.Check(d)
		return slipsMsg{jobs: jobs, err: err}
	}
}

// slipsDone takes a run's outcome and starts the next if changes waited.
func (a *App) slipsDone(m slipsMsg) tea.Cmd {
	var cmds []tea.Cmd
	if m.err != nil {
		a.notice = "✗ " + a.t(msg.SlipsAutoFail, msg.Error(a.opts.Lang, m.err))
	}
	if len(m.jobs) > 0 {
		cmds = append(cmds, a.updateScreen(screen.Print, printq.ChangedMsg{}))
	}
	if next, ok := a.autoSlips.runs.Done(); ok {
		cmds = append(cmds, runSlips(a.autoSlips.slips, next))
	}
	return tea.Batch(cmds...)
}
