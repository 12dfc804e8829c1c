//go:build unix

package printer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model/msg"
)

// fakeLpstat puts a shell script in place of lpstat that answers -e, -p
// and -v with the texts given (an answer starting with "!" goes to
// stderr with exit status 1), and points the USB glob at an empty
// directory.
func fakeLpstat(t *testing.T, e, p, v string) {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("#!/bin/sh\ncase \"$1\" in\n")
	for opt, answer := range map[string]string{"-e": e, "-p": p, "-v": v} {
		if msgText, ok := strings.CutPrefix(answer, "!"); ok {
			fmt.Fprintf(&b, "%s) printf '%%s\\n' '%s' >&2; exit 1;;\n", opt, msgText)
		} else {
			fmt.Fprintf(&b, "%s) printf '%%s' '%s';;\n", opt, answer)
		}
	}
	b.WriteString("esac\n")
	script := filepath.Join(dir, "lpstat")
	if err := os.WriteFile(script, []byte(b.String()), 0o755); err != nil {
		t.Fatal(err)
	}
	oldL, oldG := lpstatCommand, usbGlob
	lpstatCommand, usbGlob = script, filepath.Join(dir, "no-usb", "lp*")
	t.Cleanup(func() { lpstatCommand, usbGlob = oldL, oldG })
}

const (
	lpstatE = "TM-T20\nOffice_Laser\n"
	lpstatP = `printer TM-T20 is idle.  enabled since Sat 14 Jun 2025 09:12:01
	Description: EPSON TM-T20III
printer Office_Laser disabled since Sat 14 Jun 2025 08:00:00 -
	reason unknown
`
	lpstatV = `device for TM-T20: usb://EPSON/TM-T20III?serial=X4LF012345
device for Office_Laser: ipp://192.0.2.5/ipp/print
`
)

func TestCUPSQueuesAreListedWithTheirDeviceAndWhetherDisabled(t *testing.T) {
	fakeLpstat(t, lpstatE, lpstatP, lpstatV)
	found, problems := Discover(context.Background())
	want := []Found{
		{Target: "cups:Office_Laser", Kind: FoundCUPS, Name: "Office_Laser", Detail: "ipp://192.0.2.5/ipp/print", hint: msg.PrsDisabled},
		{Target: "cups:TM-T20", Kind: FoundCUPS, Name: "TM-T20", Detail: "usb://EPSON/TM-T20III?serial=X4LF012345"},
	}
	if !reflect.DeepEqual(found, want) || problems != nil {
		t.Errorf("found %+v, %v\nwant %+v", found, problems, want)
	}
	if got := found[0].Note(msg.EN); got != "ipp://192.0.2.5/ipp/print · Office_Laser is disabled: cupsenable Office_Laser" {
		t.Errorf("note %q", got)
	}
}

func TestAnOldLpstatWithoutDashEIsReadFromDashP(t *testing.T) {
	fakeLpstat(t, "!lpstat: invalid option -- 'e'", lpstatP, lpstatV)
	found, problems := Discover(context.Background())
	if len(found) != 2 || found[1].Target != "cups:TM-T20" || problems != nil {
		t.Errorf("found %+v, %v", found, problems)
	}
}

func TestCUPSWithoutQueuesIsNoProblemAndAStoppedSchedulerIsOne(t *testing.T) {
	fakeLpstat(t, "!lpstat: No destinations added.", "!lpstat: No destinations added.", "!lpstat: No destinations added.")
	if found, problems := Discover(context.Background()); len(found) != 0 || problems != nil {
		t.Errorf("no destinations: %+v, %v", found, problems)
	}
	fakeLpstat(t, "!lpstat: Scheduler is not running.", "!lpstat: Scheduler is not running.", "")
	found, problems := Discover(context.Background())
	if len(found) != 0 || len(problems) != 1 || msg.Error(msg.EN, problems[0]) != "CUPS queues not listed: lpstat: Scheduler is not running." {
		t.Errorf("scheduler down: %+v, %v", found, problems)
	}
}

func TestWithoutLpstatThereAreNoQueuesAndNoProblem(t *testing.T) {
	fakeLpstat(t, "", "", "")
	lpstatCommand = "racedesk-no-such-lpstat"
	if found, problems := Discover(context.Background()); len(found) != 0 || problems != nil {
		t.Errorf("%+v, %v", found, problems)
	}
}

func TestUSBPrintersAreListedWithTheModelTheyReport(t *testing.T) {
	fakeLpstat(t, "", "", "")
	lpstatCommand = "racedesk-no-such-lpstat"
	dir := t.TempDir()
	for _, name := range []string{"lp0", "lp1"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	sys := filepath.Join(dir, "sys", "lp0")
	os.MkdirAll(sys, 0o755)
	os.WriteFile(filepath.Join(sys, "ieee1284_id"), []byte("MFG:EPSON;CMD:ESC/POS;MDL:TM-T20III;CLS:PRINTER;DES:EPSON TM-T20III;\n"), 0o644)
	old1, old2 := usbGlob, usbSysfs
	usbGlob, usbSysfs = filepath.Join(dir, "lp*"), filepath.Join(dir, "sys", "%s", "ieee1284_id")
	t.Cleanup(func() { usbGlob, usbSysfs = old1, old2 })
	found, _ := Discover(context.Background())
	want := []Found{
		{Target: filepath.Join(dir, "lp0"), Kind: FoundUSB, Name: "lp0", Detail: "EPSON TM-T20III"},
		{Target: filepath.Join(dir, "lp1"), Kind: FoundUSB, Name: "lp1"},
	}
	if !reflect.DeepEqual(found, want) {
		t.Errorf("found %+v\nwant %+v", found, want)
	}
	if os.Geteuid() != 0 { // root may write anywhere
		os.Chmod(filepath.Join(dir, "lp1"), 0o444)
		found, _ = Discover(context.Background())
		if len(found) != 2 || !strings.Contains(found[1].Note(msg.EN), "sudo usermod -aG lp") {
			t.Errorf("a device this user may not write: %+v", found)
		}
	}
}

func TestIEEE1284IDsGiveMakerAndModel(t *testing.T) {
	dir := t.TempDir()
	for id, want := range map[string]string{
		"MFG:EPSON;CMD:ESC/POS;MDL:TM-T20III;CLS:PRINTER;": "EPSON TM-T20III",
		"MANUFACTURER:Star;MODEL:Star TSP143;":             "Star TSP143",
		"CMD:ESC/POS;":                                     "",
	} {
		p := filepath.Join(dir, "id")
		os.WriteFile(p, []byte(id), 0o644)
		if got := ieee1284Model(p); got != want {
			t.Errorf("%q: %q, want %q", id, got, want)
		}
	}
	if got := ieee1284Model(filepath.Join(dir, "missing")); got != "" {
		t.Errorf("missing: %q", got)
	}
}
