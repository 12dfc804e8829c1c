//go:build !windows

package printer

import (
	"runtime"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// systemSpooler: there is no Windows print spooler here. The error says
// what this laptop prints to instead.
func systemSpooler() (spooler, error) {
	instead := "/dev/usb/lp0, cups:QUEUE or tcp://HOST:9100"
	if runtime.GOOS == "darwin" {
		instead = "cups:QUEUE or tcp://HOST:9100"
	}
	return nil, model.NewProblem(msg.PrOnlyWindows, instead)
}
