package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// What this binary is. make dist stamps them in:
//
//	go build -ldflags "-X main.version=v1.2.0 -X main.commit=9e4857562cef -X main.date=2026-12-01T20:30:08Z"
//
// A plain go build (make build) or go run leaves them empty; the build
// information the Go toolchain records in every binary then says what it
// knows (readVersion).
var version, commit, date string

// buildVersion is what racedesk version prints; an unknown commit or
// date is "" (in the text: unknown).
type buildVersion struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
	Date    string `json:"date"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
	Go      string `json:"go"`
}

// String is the one line of racedesk version and racedesk --version.
func (b buildVersion) String() string {
	return fmt.Sprintf("racedesk %s (%s, %s) %s/%s", b.Version, orUnknown(b.Commit), orUnknown(b.Date), b.OS, b.Arch)
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// currentVersion is this binary's version.
func currentVersion() buildVersion {
	bi, _ := debug.ReadBuildInfo()
	return readVersion(version, commit, date, bi)
}

// readVersion is the stamped version, commit and date, each filled in from
// the toolchain's build information bi (may be nil) when not stamped: the
// module version, the commit (with -dirty when the tree had changes) and
// its time. A build that knows no version is "dev".
func readVersion(ver, rev, built string, bi *debug.BuildInfo) buildVersion {
	b := buildVersion{Version: ver, Commit: rev, Date: built, OS: runtime.GOOS, Arch: runtime.GOARCH, Go: runtime.Version()}
	if bi != nil {
		if b.Version == "" && bi.Main.Version != "(devel)" {
			b.Version = bi.Main.Version
		}
		var vcsRev, vcsTime string
		dirty := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				vcsRev = s.Value
			case "vcs.time":
				vcsTime = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if b.Commit == "" && vcsRev != "" {
			b.Commit = shortRevision(vcsRev)
			if dirty {
				b.Commit += "-dirty"
			}
		}
		if b.Date == "" {
			b.Date = vcsTime
		}
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	return b
}

// shortRevision is a commit hash abbreviated as make dist stamps it.
func shortRevision(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

type versionOptions struct {
	json bool
}

// addVersion adds racedesk version, and racedesk --version with the same
// line, to root.
func addVersion(root *cobra.Command, g *globals) {
	root.Version = currentVersion().String()
	root.SetVersionTemplate("{{.Version}}\n")
	root.Flags().BoolP("version", "v", false, "show which racedesk this is (as 'racedesk version')")
	root.AddCommand(newVersionCmd(g))
}

func newVersionCmd(g *globals) *cobra.Command {
	o := &versionOptions{}
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Show which racedesk this is: version, commit, build date, system",
		Long: `Show which racedesk this is, in one line:

  racedesk VERSION (COMMIT, DATE) OS/ARCH

A release (make dist) carries its version (git describe), commit and build
date. A binary built with go build or make build says what the Go toolchain
recorded: the module version (else "dev"), the commit (-dirty when the
working tree had changes) and the commit's time; "unknown" what it did not
record. racedesk --version prints the same line.

With --json: version, commit, date, os, arch and go (the Go version it was
built with); an unknown commit or date is "".`,
		Example: `  racedesk version
  racedesk --version
  racedesk version --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVersion(g, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print the version as JSON")
	return cmd
}

func runVersion(g *globals, o *versionOptions) error {
	b := currentVersion()
	if o.json {
		return printJSON(g.out, b)
	}
	_, err := fmt.Fprintln(g.out, b)
	return err
}
