package printer

import (
	"runtime"
	"testing"

	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

func TestASentJobIsCalledPrintedOnlyWhereThePrinterTookIt(t *testing.T) {
	tcp := "printed"
	if runtime.GOOS != "linux" {
		tcp = "sent" // no SIOCOUTQ: the bytes reached the socket buffer
	}
	for target, want := range map[string]string{
		"tcp://192.0.2.10:9100":           tcp,
		"/dev/usb/lp0":                    "printed",
		"out.bin":                         "printed",
		"windows:EPSON TM-T20III Receipt": "in the Windows print queue",
		"cups:TM-T20":                     "in the CUPS queue",
	} {
		j := store.PrintJob{Target: target, State: store.PrintDone}
		if got := StateText(msg.EN, j); got != want {
			t.Errorf("%s: %q, want %q", target, got, want)
		}
		j.State = store.PrintFailed
		if got := StateText(msg.EN, j); got != "failed" {
			t.Errorf("%s failed: %q", target, got)
		}
		if note := DeliveryNote(msg.EN, target); (note == "") != (want == "printed") {
			t.Errorf("%s: note %q", target, note)
		}
	}
	if got := StateText(msg.DE, store.PrintJob{Target: "cups:TM-T20", State: store.PrintDone}); got != "in der CUPS-Warteschlange" {
		t.Errorf("German: %q", got)
	}
}
