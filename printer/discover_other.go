//go:build !windows

package printer

// windowsPrinters: there is no Windows print spooler here.
func windowsPrinters() ([]Found, error) { return nil, nil }
