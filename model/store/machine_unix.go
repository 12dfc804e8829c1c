//go:build !windows && !darwin

package store

import (
	"os"
	"strings"
)

// platformMachineID reads the ID systemd or D-Bus gave this installation.
func platformMachineID() string {
	for _, f := range []string{"/etc/machine-id", "/var/lib/dbus/machine-id", "/etc/hostid"} {
		if b, err := os.ReadFile(f); err == nil {
			if id := strings.TrimSpace(string(b)); id != "" {
				return id
			}
		}
	}
	return ""
}
