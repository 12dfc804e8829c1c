package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionSaysWhatTheBuildKnows(t *testing.T) {
	vcs := func(settings ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/racedesk/racedesk", Version: "(devel)"}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi
	}
	withVersion := func(bi *debug.BuildInfo, v string) *debug.BuildInfo { bi.Main.Version = v; return bi }
	const rev = "9e4857562cef8fc7c93132e0faff230d1ad0a7c9"
	tests := []struct {
		name                string
		version, commit, at string
		bi                  *debug.BuildInfo
		want                buildVersion
	}{
		{name: "a release says what make dist stamped in, whatever the toolchain recorded",
			version: "v1.2.0", commit: "0123456789ab", at: "2026-12-01T20:30:08Z",
			bi:   withVersion(vcs("vcs.revision", rev, "vcs.time", "2026-11-30T10:00:00Z"), "v0.0.0-20261130100000-9e4857562cef"),
			want: buildVersion{Version: "v1.2.0", Commit: "0123456789ab", Date: "2026-12-01T20:30:08Z"}},
		{name: "a go build from a clean checkout says the module version, the commit and its time",
			bi:   withVersion(vcs("vcs.revision", rev, "vcs.time", "2026-11-30T10:00:00Z", "vcs.modified", "false"), "v0.0.0-20261130100000-9e4857562cef"),
			want: buildVersion{Version: "v0.0.0-20261130100000-9e4857562cef", Commit: "9e4857562cef", Date: "2026-11-30T10:00:00Z"}},
		{name: "a go build from a changed checkout says the commit is dirty",
			bi:   vcs("vcs.revision", rev, "vcs.time", "2026-11-30T10:00:00Z", "vcs.modified", "true"),
			want: buildVersion{Version: "dev", Commit: "9e4857562cef-dirty", Date: "2026-11-30T10:00:00Z"}},
		{name: "a build without version control information is dev of an unknown commit",
			bi:   vcs(),
			want: buildVersion{Version: "dev"}},
		{name: "a binary without build information is dev too",
			want: buildVersion{Version: "dev"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.want.OS, tt.want.Arch, tt.want.Go = runtime.GOOS, runtime.GOARCH, runtime.Version()
			if got := readVersion(tt.version, tt.commit, tt.at, tt.bi); got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
	unknown := buildVersion{Version: "dev", OS: "windows", Arch: "arm64"}.String()
	if unknown != "racedesk dev (unknown, unknown) windows/arm64" {
		t.Errorf("without commit and date: %q", unknown)
	}
}

func TestVersionFlagPrintsTheSameLineAsTheCommand(t *testing.T) {
	code, out, stderr := cli(t, "version")
	if code != 0 || !strings.HasPrefix(out, "racedesk ") || strings.Count(out, "\n") != 1 {
		t.Fatalf("version: exit %d: %q %s", code, out, stderr)
	}
	for _, flag := range []string{"--version", "-v"} {
		if code, got, stderr := cli(t, flag); code != 0 || got != out {
			t.Errorf("%s: exit %d: %q, want %q %s", flag, code, got, out, stderr)
		}
	}
}

// A release binary, built as make dist builds it (the Makefile's
// ldflags, no cgo, -trimpath), says the version it was stamped with.
func TestAReleaseBuildSaysItsStampedVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds racedesk")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	makebin, err := exec.LookPath("make")
	if err != nil {
		t.Skip("no make command")
	}
	want := buildVersion{Version: "v9.8.7-test", Commit: "0123456789ab", Date: "2030-01-02T03:04:05Z",
		OS: runtime.GOOS, Arch: runtime.GOARCH, Go: runtime.Version()}
	ldflags, err := exec.Command(makebin, "-s", "--no-print-directory", "-C", "../..", "ldflags",
		"VERSION="+want.Version, "COMMIT="+want.Commit, "DATE="+want.Date).Output()
	if err != nil {
		t.Fatalf("make ldflags: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "racedesk")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command(gobin, "build", "-trimpath", "-ldflags", strings.TrimSpace(string(ldflags)), "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -ldflags %s: %v\n%s", ldflags, err, out)
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, err := exec.Command(bin, args...).Output()
		if err != nil || string(out) != want.String()+"\n" {
			t.Errorf("racedesk %s: %v: %q, want %q", args[0], err, out, want.String())
		}
	}
	out, err := exec.Command(bin, "version", "--json").Output()
	var got buildVersion
	if err != nil || json.Unmarshal(out, &got) != nil || got != want {
		t.Errorf("racedesk version --json: %v:\n%s\nwant %+v", err, out, want)
	}
}
