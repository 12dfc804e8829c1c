//go:build !linux

package printer

import "net"

// outq cannot tell on this platform how much the printer acknowledged.
func outq(*net.TCPConn) int { return -1 }
