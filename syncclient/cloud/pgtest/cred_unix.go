//go:build unix

package pgtest

import (
	"os/exec"
	"syscall"
)

// asUser makes cmd run as who.
func asUser(cmd *exec.Cmd, who runAs) error {
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(who.uid), Gid: uint32(who.gid)}}
	return nil
}
