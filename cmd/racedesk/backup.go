package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

type backupOptions struct {
	to   string
	json bool
}

func newBackupCmd(g *globals) *cobra.Command {
	o := &backupOptions{}
	cmd := &cobra.Command{
		Use:   "backup --to FILE",
		Short: "Write a consistent copy of the event database (safe while the desk runs)",
		Long: `Write a consistent copy of the event database. It works while the desk
runs: only one process can open the database, so the command then asks the
running desk (over a socket beside the database) to write the copy. The
copy goes to a temporary name first and is renamed when complete.`,
		Example: `  racedesk backup --to /media/usb/waldlauf-1030.db`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.to == "" {
				return usage(msg.UsageRequired, "--to")
			}
			return runBackup(g, o)
		},
	}
	cmd.Flags().StringVar(&o.to, "to", "", "backup file to write")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the summary as JSON")
	return cmd
}

func runBackup(g *globals, o *backupOptions) error {
	to, err := filepath.Abs(o.to)
	if err != nil {
		return err
	}
	var n int64
	lang := g.language("")
	s, err := g.open()
	switch {
	case errors.Is(err, store.ErrInUse):
		// The desk has the file: let it write the copy.
		if n, err = store.RequestBackup(g.dbPath(), to); err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		defer s.Close()
		lang = g.language(s.Event().Lang)
		if n, err = s.BackupToFile(to); err != nil {
			return err
		}
	}
	if o.json {
		return printJSON(g.out, map[string]any{"to": to, "bytes": n})
	}
	fmt.Fprintln(g.out, msg.T(lang, msg.BackupWritten, to, n))
	return nil
}
