package main

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/printer"
)

type printersOptions struct {
	json bool
	// discover asks the system (tests give a fake).
	discover func(context.Context) ([]printer.Found, []error)
}

// foundJSON is one printer of `racedesk printers --json` (docs/json.md).
type foundJSON struct {
	Target string `json:"target"`
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	Note   string `json:"note"`
}

func newPrintersCmd(g *globals) *cobra.Command {
	o := &printersOptions{discover: printer.Discover}
	cmd := &cobra.Command{
		Use:   "printers [--json]",
		Short: "List the printers this laptop offers, with the target to put in the event file",
		Long: `List the printers this laptop can print on, each with the exact target for
the event file's [[printers]] entry:

  windows:NAME   a printer of the Windows print spooler (Windows)
  cups:QUEUE     a CUPS queue (macOS, Linux), printed raw
  /dev/usb/lp0   a USB printer device (Linux)

Network printers are not found here: their target is tcp://ADDRESS:9100,
the address on their self-test page. What cannot be asked (CUPS not
running) is said on stderr.`,
		Example: `  racedesk printers
  racedesk printers --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runPrinters(cmd.Context(), g, o) },
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print the printers as JSON")
	return cmd
}

func runPrinters(ctx context.Context, g *globals, o *printersOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	lang := usageLang(g) // --lang, else the event's, else $LANG
	found, problems := o.discover(ctx)
	for _, p := range problems {
		fmt.Fprintf(g.err, "racedesk: %s\n", msg.Error(lang, p))
	}
	if o.json {
		out := make([]foundJSON, 0, len(found))
		for _, f := range found {
			out = append(out, foundJSON{Target: f.Target, Kind: f.Kind, Name: f.Name, Note: f.Note(lang)})
		}
		return printJSON(g.out, out)
	}
	if len(found) == 0 {
		fmt.Fprintln(g.out, msg.T(lang, msg.PrsNone))
		return nil
	}
	// Lines to copy into the event file as they are.
	lines := make([]string, len(found))
	width := 0
	for i, f := range found {
		lines[i] = "target = " + tomlString(f.Target)
		width = max(width, utf8.RuneCountInString(lines[i]))
	}
	for i, f := range found {
		about := f.KindText(lang)
		if note := f.Note(lang); note != "" {
			about += " · " + note
		}
		fmt.Fprintf(g.out, "%s%s  # %s\n", lines[i], strings.Repeat(" ", width-utf8.RuneCountInString(lines[i])), about)
	}
	fmt.Fprintln(g.out)
	fmt.Fprintln(g.out, msg.T(lang, msg.PrsHint))
	return nil
}

// tomlString quotes s as a TOML basic string: a Windows share's
// backslashes and a quote escaped, control characters as \uXXXX.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '\\' || r == '"':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
