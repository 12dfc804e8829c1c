// Command distarchive writes one release archive of make dist: a .zip
// (Windows) or a .tar.gz (macOS, Linux), chosen by the output's name, so
// that making a release needs Go and nothing else (no zip program).
//
//	go run ./cmd/distarchive -o dist/racedesk-v1.0.0-linux-amd64.tar.gz \
//		-dir racedesk-v1.0.0-linux-amd64 racedesk=build/racedesk README.md=README.md
//
// Each argument is NAME=FILE: FILE on disk stored as NAME (with / between
// directories), under -dir if given. A file executable on disk is stored
// executable (0755), any other 0644; owners are left out. It is not part
// of the racedesk binary.
package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"time"
)

// entry is one file of the archive.
type entry struct {
	name string // inside the archive
	file string // on disk
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "distarchive:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("distarchive", flag.ContinueOnError)
	out := fs.String("o", "", "archive to write: NAME.zip or NAME.tar.gz")
	dir := fs.String("dir", "", "directory inside the archive that holds the files")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() == 0 {
		return errors.New("usage: distarchive -o ARCHIVE [-dir DIR] NAME=FILE...")
	}
	var entries []entry
	for _, a := range fs.Args() {
		name, file, ok := strings.Cut(a, "=")
		if !ok || name == "" || file == "" {
			return fmt.Errorf("%q: want NAME=FILE", a)
		}
		entries = append(entries, entry{name: path.Join(*dir, name), file: file})
	}
	return write(*out, entries)
}

// write writes the archive to a temporary name and renames it when
// complete, so a failed run leaves no half archive.
func write(out string, entries []entry) (err error) {
	var add func(w io.Writer, entries []entry) error
	switch {
	case strings.HasSuffix(out, ".zip"):
		add = addZip
	case strings.HasSuffix(out, ".tar.gz"):
		add = addTarGz
	default:
		return fmt.Errorf("%s: the name must end in .zip or .tar.gz", out)
	}
	tmp := out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := add(f, entries); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

// source opens an entry's file and says how to store it.
func source(e entry) (*os.File, os.FileInfo, os.FileMode, error) {
	f, err := os.Open(e.file)
	if err != nil {
		return nil, nil, 0, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = fmt.Errorf("%s: not a regular file", e.file)
	}
	if err != nil {
		f.Close()
		return nil, nil, 0, err
	}
	mode := os.FileMode(0o644)
	if fi.Mode()&0o111 != 0 || strings.HasSuffix(e.name, ".exe") {
		mode = 0o755
	}
	return f, fi, mode, nil
}

func addZip(w io.Writer, entries []entry) error {
	zw := zip.NewWriter(w)
	for _, e := range entries {
		f, fi, mode, err := source(e)
		if err != nil {
			return err
		}
		h, err := zip.FileInfoHeader(fi)
		if err != nil {
			f.Close()
			return err
		}
		h.Name, h.Method = e.name, zip.Deflate
		h.SetMode(mode)
		dst, err := zw.CreateHeader(h)
		if err == nil {
			_, err = io.Copy(dst, f)
		}
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", e.file, err)
		}
	}
	return zw.Close()
}

func addTarGz(w io.Writer, entries []entry) error {
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	dirs := map[string]bool{}
	for _, e := range entries {
		f, fi, mode, err := source(e)
		if err != nil {
			return err
		}
		mtime := fi.ModTime().Truncate(time.Second)
		// The directories above the file first, as tar programs expect.
		for _, d := range parents(e.name) {
			if !dirs[d] && err == nil {
				dirs[d] = true
				err = tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d + "/", Mode: 0o755, ModTime: mtime})
			}
		}
		if err == nil {
			err = tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: e.name, Size: fi.Size(), Mode: int64(mode), ModTime: mtime})
		}
		if err == nil {
			_, err = io.Copy(tw, f)
		}
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", e.file, err)
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// parents are the directories above name, outermost first.
func parents(name string) []string {
	var out []string
	for d := path.Dir(name); d != "." && d != "/"; d = path.Dir(d) {
		out = append([]string{d}, out...)
	}
	return out
}
