//go:build windows

package printer

import (
	"errors"
	"slices"
	"strings"
	"unsafe"

	"golang.org/x/sys/windows"
)

// EnumPrintersW's flags and levels.
const (
	printerEnumLocal       = 0x00000002
	printerEnumConnections = 0x00000004
)

// printerInfo4 is PRINTER_INFO_4W: name and server, read from the
// registry, fast even for printers on an absent print server.
type printerInfo4 struct {
	printerName *uint16
	serverName  *uint16
	attributes  uint32
}

// printerInfo2 is PRINTER_INFO_2W; only local printers are asked for it
// (for a connection the print server would be asked).
type printerInfo2 struct {
	serverName         *uint16
	printerName        *uint16
	shareName          *uint16
	portName           *uint16
	driverName         *uint16
	comment            *uint16
	location           *uint16
	devMode            uintptr
	sepFile            *uint16
	printProcessor     *uint16
	datatype           *uint16
	parameters         *uint16
	securityDescriptor uintptr
	attributes         uint32
	priority           uint32
	defaultPriority    uint32
	startTime          uint32
	untilTime          uint32
	status             uint32
	jobs               uint32
	averagePPM         uint32
}

// windowsPrinters lists the spooler's printers: local ones and
// connections to shared printers, each with its driver and port.
func windowsPrinters() ([]Found, error) {
	if err := winspool.Load(); err != nil {
		return nil, err
	}
	buf, n, err := enumPrinters(printerEnumLocal|printerEnumConnections, 4)
	if err != nil {
		return nil, err
	}
	var out []Found
	for _, p := range infos[printerInfo4](buf, n) {
		name := windows.UTF16PtrToString(p.printerName)
		if name == "" {
			continue
		}
		out = append(out, Found{Target: "windows:" + name, Kind: FoundWindows, Name: name, Detail: windows.UTF16PtrToString(p.serverName)})
	}
	// Driver and port of the local printers, where the spooler tells.
	if buf, n, err := enumPrinters(printerEnumLocal, 2); err == nil {
		details := map[string]string{}
		for _, p := range infos[printerInfo2](buf, n) {
			var parts []string
			for _, s := range []*uint16{p.driverName, p.portName} {
				if v := windows.UTF16PtrToString(s); v != "" {
					parts = append(parts, v)
				}
			}
			details[strings.ToLower(windows.UTF16PtrToString(p.printerName))] = strings.Join(parts, " · ")
		}
		for i := range out {
			if d := details[strings.ToLower(out[i].Name)]; d != "" && out[i].Detail == "" {
				out[i].Detail = d
			}
		}
	}
	slices.SortFunc(out, func(a, b Found) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return out, nil
}

// enumPrinters calls EnumPrintersW for level, growing the buffer as the
// spooler asks (printers may come while it is asked).
func enumPrinters(flags, level uint32) ([]byte, uint32, error) {
	var needed, returned uint32
	var buf []byte
	for range 5 {
		var p *byte
		if len(buf) > 0 {
			p = &buf[0]
		}
		r, _, e := procEnumPrintersW.Call(uintptr(flags), 0, uintptr(level),
			uintptr(unsafe.Pointer(p)), uintptr(len(buf)), uintptr(unsafe.Pointer(&needed)), uintptr(unsafe.Pointer(&returned)))
		if r != 0 {
			return buf, returned, nil
		}
		if !errors.Is(e, windows.ERROR_INSUFFICIENT_BUFFER) {
			return nil, 0, callErr(e)
		}
		buf = make([]byte, needed)
	}
	return nil, 0, errors.New("the list of printers kept changing")
}

// infos are the n structures at the start of buf.
func infos[T any](buf []byte, n uint32) []T {
	if n == 0 || len(buf) == 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&buf[0])), n)
}
