package printer

import (
	"net"
	"syscall"
	"unsafe"
)

// acksKnown: Linux tells how much of a TCP send the peer acknowledged, so
// a network printer's job counts as sent only once the printer
// acknowledged every byte (Target.Delivery).
const acksKnown = true

// outq is how many bytes of conn the peer has not acknowledged yet
// (SIOCOUTQ), or -1 if that cannot be read.
func outq(conn *net.TCPConn) int {
	rc, err := conn.SyscallConn()
	if err != nil {
		return -1
	}
	n := -1
	rc.Control(func(fd uintptr) {
		var v int32
		if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCOUTQ, uintptr(unsafe.Pointer(&v))); errno == 0 {
			n = int(v)
		}
	})
	return n
}
