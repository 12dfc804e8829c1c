//go:build !unix

package pgtest

import (
	"errors"
	"os/exec"
)

func asUser(cmd *exec.Cmd, who runAs) error {
	return errors.New("running the server as another user needs a Unix system")
}
