package printer

import (
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// Delivery is what a successful send to a target guarantees. The desk's
// and the command line's reports claim no more than it.
type Delivery int

const (
	// DeliveredPrinter: the printer, or its device driver, took every byte;
	// a file or stdout holds them. For a network printer on Linux: it
	// acknowledged every byte (SIOCOUTQ), then closed the connection or
	// kept it open.
	DeliveredPrinter Delivery = iota
	// DeliveredNetwork: a network printer where the system does not tell
	// what the printer acknowledged (Windows, macOS): every byte reached
	// this computer's socket buffer, and the printer closed the connection
	// (it read everything) or kept it open for Timeouts.Confirm (then it
	// may not have). A printer dying mid-job may be counted as printed.
	DeliveredNetwork
	// DeliveredSpool: the job is complete in the Windows print spool, not
	// yet on paper.
	DeliveredSpool
	// DeliveredCUPS: lp returned: the job is in the CUPS queue with a job
	// ID, not yet on paper.
	DeliveredCUPS
)

// Delivery is what a successful send to t guarantees on this platform.
func (t Target) Delivery() Delivery {
	switch t.Kind {
	case TargetTCP:
		if !acksKnown {
			return DeliveredNetwork
		}
	case TargetSpooler:
		return DeliveredSpool
	case TargetCUPS:
		return DeliveredCUPS
	}
	return DeliveredPrinter
}

func deliveryOf(target string) Delivery {
	t, err := ParseTarget(target)
	if err != nil {
		return DeliveredPrinter
	}
	return t.Delivery()
}

// StateText is a job's state for the desk's job list. A sent job is
// "printed" only where the printer took it; elsewhere it says how far it
// is known to have come ("sent", "in the Windows print queue", "in the
// CUPS queue").
func StateText(lang msg.Lang, j store.PrintJob) string {
	if j.State == store.PrintDone {
		switch deliveryOf(j.Target) {
		case DeliveredNetwork:
			return msg.T(lang, msg.PrDoneSent)
		case DeliveredSpool:
			return msg.T(lang, msg.PrDoneSpool)
		case DeliveredCUPS:
			return msg.T(lang, msg.PrDoneCUPS)
		}
	}
	return j.State.Label(lang)
}

// DeliveryNote is what the command line adds after a successful send to
// target: how far the job is known to have come, and where to look when
// nothing comes out ("" where the printer took every byte).
func DeliveryNote(lang msg.Lang, target string) string {
	switch deliveryOf(target) {
	case DeliveredNetwork:
		return msg.T(lang, msg.PrNoteSent)
	case DeliveredSpool:
		return msg.T(lang, msg.PrNoteSpool)
	case DeliveredCUPS:
		return msg.T(lang, msg.PrNoteCUPS)
	}
	return ""
}
