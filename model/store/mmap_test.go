package store

import (
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model/demo"
)

// On Windows bbolt makes the file as large as what it maps: the store must
// map only what the file needs there (1 GiB made every event file 1 GiB).
// Elsewhere the large mapping stays (the import benchmark needs it).
func TestWindowsMapsOnlyWhatTheFileNeeds(t *testing.T) {
	if got := initialMmapSize("windows"); got != 0 {
		t.Errorf("windows maps %d bytes at open, want 0", got)
	}
	for _, goos := range []string{"linux", "darwin"} {
		if got := initialMmapSize(goos); got != 1<<30 {
			t.Errorf("%s maps %d bytes at open, want 1 GiB (address space only)", goos, got)
		}
	}
}

// windowsFileSize is what bbolt on Windows makes of a file holding size
// bytes of pages: it truncates the file to its mapping, which doubles from
// 32 KiB up to 1 GiB (bbolt's mmapSize).
func windowsFileSize(size int64) int64 {
	for i := uint(15); i <= 30; i++ {
		if size <= 1<<i {
			return 1 << i
		}
	}
	return (size + 1<<30 - 1) / (1 << 30) * (1 << 30)
}

// The demo event's file on each platform's settings (recorded in
// docs/benchmarks.md): on Linux and macOS as the pages need; on Windows
// the mapping's size, without the 1 GiB.
func TestDemoFileSizeOnEachPlatformsSettings(t *testing.T) {
	ev, err := demo.Event()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "demo.db")
	s, err := Create(path, ev, "Desk 1", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.RegisterMany(demo.Runners(ev, 300, 1), RegisterOptions{Origin: OriginImport}); err != nil {
		t.Fatal(err)
	}
	var pages int64
	s.db.View(func(tx *bolt.Tx) error { pages = tx.Size(); return nil })
	s.Close()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	win := windowsFileSize(pages)
	t.Logf("demo (300 runners): file %d bytes here (%s), pages %d bytes, on Windows %d bytes", st.Size(), "InitialMmapSize 1 GiB", pages, win)
	if win > 16<<20 {
		t.Errorf("the demo file would be %d bytes on Windows", win)
	}
}
