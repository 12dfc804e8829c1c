//go:build windows

package printer

import (
	"errors"
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The print spooler's functions (winspool.drv, loaded from the system
// directory only).
var (
	winspool             = windows.NewLazySystemDLL("winspool.drv")
	procOpenPrinterW     = winspool.NewProc("OpenPrinterW")
	procStartDocPrinterW = winspool.NewProc("StartDocPrinterW")
	procStartPagePrinter = winspool.NewProc("StartPagePrinter")
	procWritePrinter     = winspool.NewProc("WritePrinter")
	procEndPagePrinter   = winspool.NewProc("EndPagePrinter")
	procEndDocPrinter    = winspool.NewProc("EndDocPrinter")
	procAbortPrinter     = winspool.NewProc("AbortPrinter")
	procClosePrinter     = winspool.NewProc("ClosePrinter")
	procEnumPrintersW    = winspool.NewProc("EnumPrintersW")
)

// docInfo1 is DOC_INFO_1W.
type docInfo1 struct {
	docName    *uint16
	outputFile *uint16
	datatype   *uint16
}

// printerDefaults is PRINTER_DEFAULTSW.
type printerDefaults struct {
	datatype      *uint16
	devMode       uintptr
	desiredAccess uint32
}

// printerAccessUse is PRINTER_ACCESS_USE: print, nothing more.
const printerAccessUse = 0x00000008

// winSpooler calls winspool.drv.
type winSpooler struct{}

func systemSpooler() (spooler, error) {
	if err := winspool.Load(); err != nil {
		return nil, fmt.Errorf("the Windows print spooler (winspool.drv): %w", err)
	}
	return winSpooler{}, nil
}

// callErr is the error of a failed call: GetLastError's, or a plain one
// when the function set none.
func callErr(e error) error {
	var errno windows.Errno
	if e == nil || (errors.As(e, &errno) && errno == 0) {
		return errors.New("the spooler refused without saying why")
	}
	return e
}

func (winSpooler) Open(name string) (spoolHandle, error) {
	p, err := windows.UTF16PtrFromString(name)
	if err != nil {
		return 0, err
	}
	var h windows.Handle
	def := printerDefaults{desiredAccess: printerAccessUse}
	r, _, e := procOpenPrinterW.Call(uintptr(unsafe.Pointer(p)), uintptr(unsafe.Pointer(&h)), uintptr(unsafe.Pointer(&def)))
	if r == 0 {
		return 0, callErr(e)
	}
	return spoolHandle(h), nil
}

func (winSpooler) StartDoc(h spoolHandle, title, datatype string) (uint32, error) {
	t, err := windows.UTF16PtrFromString(title)
	if err != nil {
		return 0, err
	}
	d, err := windows.UTF16PtrFromString(datatype)
	if err != nil {
		return 0, err
	}
	info := docInfo1{docName: t, datatype: d}
	r, _, e := procStartDocPrinterW.Call(uintptr(h), 1, uintptr(unsafe.Pointer(&info)))
	if r == 0 {
		return 0, callErr(e)
	}
	return uint32(r), nil
}

func (winSpooler) StartPage(h spoolHandle) error { return boolCall(procStartPagePrinter, h) }

func (winSpooler) Write(h spoolHandle, p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var written uint32
	r, _, e := procWritePrinter.Call(uintptr(h), uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)), uintptr(unsafe.Pointer(&written)))
	if r == 0 {
		return int(written), callErr(e)
	}
	return int(written), nil
}

func (winSpooler) EndPage(h spoolHandle) error { return boolCall(procEndPagePrinter, h) }
func (winSpooler) EndDoc(h spoolHandle) error  { return boolCall(procEndDocPrinter, h) }
func (winSpooler) Abort(h spoolHandle) error   { return boolCall(procAbortPrinter, h) }
func (winSpooler) Close(h spoolHandle) error   { return boolCall(procClosePrinter, h) }

// boolCall calls a function of one printer handle that returns a BOOL.
func boolCall(p *windows.LazyProc, h spoolHandle) error {
	r, _, e := p.Call(uintptr(h))
	if r == 0 {
		return callErr(e)
	}
	return nil
}
