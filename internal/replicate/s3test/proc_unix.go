//go:build unix

package s3test

import (
	"os/exec"
	"syscall"
)

// detach starts the server in its own process group, so kill takes its children too.
func detach(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

func kill(cmd *exec.Cmd) { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
