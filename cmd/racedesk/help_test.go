package main

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestEveryCommandHasHelpWithAnExample(t *testing.T) {
	root := newRootCmd(&globals{})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden || c.Name() == "help" || strings.HasPrefix(c.CommandPath(), "racedesk completion") {
			return
		}
		t.Run(c.CommandPath(), func(t *testing.T) {
			if c.Short == "" {
				t.Error("no short description")
			}
			if c.Example == "" {
				t.Error("no example")
			}
			code, out, _ := cli(t, append(strings.Fields(strings.TrimPrefix(c.CommandPath(), "racedesk")), "--help")...)
			if code != 0 || !strings.Contains(out, "Examples:") {
				t.Errorf("--help: exit %d, no examples in\n%s", code, out)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

func TestShellCompletionIsGenerated(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		code, out, _ := cli(t, "completion", shell)
		if code != 0 || !strings.Contains(out, "racedesk") {
			t.Errorf("completion %s: exit %d", shell, code)
		}
	}
}
