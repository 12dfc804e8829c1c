package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// stored is a file read back from an archive.
type stored struct {
	mode os.FileMode
	body string
}

func sources(t *testing.T) (dir string, args []string) {
	t.Helper()
	dir = t.TempDir()
	files := map[string]os.FileMode{"racedesk": 0o700, "README.md": 0o600, "event.toml": 0o644}
	for name, mode := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("content of "+name), mode); err != nil {
			t.Fatal(err)
		}
	}
	return dir, []string{"racedesk=" + filepath.Join(dir, "racedesk"), "README.md=" + filepath.Join(dir, "README.md"),
		"docs/examples/event.toml=" + filepath.Join(dir, "event.toml")}
}

func TestTarGzHoldsTheFilesUnderItsDirectoryWithTheBinaryExecutable(t *testing.T) {
	dir, args := sources(t)
	out := filepath.Join(dir, "r.tar.gz")
	if err := run(append([]string{"-o", out, "-dir", "racedesk-v1-linux-amd64"}, args...)); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]stored{}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(tr)
		if h.Uname != "" || h.Uid != 0 {
			t.Errorf("%s has an owner: %q %d", h.Name, h.Uname, h.Uid)
		}
		got[h.Name] = stored{os.FileMode(h.Mode), string(body)}
	}
	want := map[string]stored{
		"racedesk-v1-linux-amd64/":                         {0o755, ""},
		"racedesk-v1-linux-amd64/racedesk":                 {0o755, "content of racedesk"},
		"racedesk-v1-linux-amd64/README.md":                {0o644, "content of README.md"},
		"racedesk-v1-linux-amd64/docs/":                    {0o755, ""},
		"racedesk-v1-linux-amd64/docs/examples/":           {0o755, ""},
		"racedesk-v1-linux-amd64/docs/examples/event.toml": {0o644, "content of event.toml"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("archive holds\n%v\nwant\n%v", got, want)
	}
}

func TestZipHoldsTheFilesAtItsTop(t *testing.T) {
	dir, args := sources(t)
	out := filepath.Join(dir, "r.zip")
	args[0] = "racedesk.exe=" + filepath.Join(dir, "README.md") // not executable on disk, still an .exe
	if err := run(append([]string{"-o", out}, args...)); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	got := map[string]stored{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(r)
		r.Close()
		got[f.Name] = stored{f.Mode().Perm(), string(body)}
	}
	want := map[string]stored{
		"racedesk.exe":             {0o755, "content of README.md"},
		"README.md":                {0o644, "content of README.md"},
		"docs/examples/event.toml": {0o644, "content of event.toml"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("archive holds\n%v\nwant\n%v", got, want)
	}
}

func TestAFailedArchiveLeavesNothingBehind(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.zip")
	if err := run([]string{"-o", out, "racedesk=" + filepath.Join(dir, "missing")}); err == nil {
		t.Fatal("no error for a missing file")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestArgumentsAreChecked(t *testing.T) {
	for name, args := range map[string][]string{
		"no archive":        {"a=b"},
		"no files":          {"-o", "x.zip"},
		"a file without =":  {"-o", "x.zip", "README.md"},
		"an unknown format": {"-o", "x.rar", "a=b"},
	} {
		if err := run(args); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
