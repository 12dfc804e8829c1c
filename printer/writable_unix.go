//go:build unix

package printer

import "syscall"

// writable reports whether this user may write to the device at path.
func writable(path string) bool { return syscall.Access(path, 2 /* W_OK */) == nil }
