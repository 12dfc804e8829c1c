//go:build !linux

package printer

import "net"

// acksKnown: this platform does not tell (here) how much of a TCP send the
// peer acknowledged. What a successful send to a network printer then
// guarantees is less than on Linux: every byte reached this computer's
// socket buffer, and the printer either closed the connection after our
// end (it read everything) or kept it open past Timeouts.Confirm — in
// which case the bytes may still have been in flight, and a printer that
// died mid-job is counted as printed. Target.Delivery says so
// (DeliveredNetwork), and the desk and the command line report such a job
// as "sent", not "printed".
const acksKnown = false

// outq cannot tell on this platform how much the printer acknowledged.
func outq(*net.TCPConn) int { return -1 }
