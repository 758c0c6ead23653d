package devnet

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// proc is one supervised client process, in a process group of its own so
// that stopping it also stops its children.
type proc struct {
	Name string   `json:"name"`
	PID  int      `json:"pid"`
	Log  string   `json:"log"`
	Args []string `json:"args"`

	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

// procSpec describes a process to start.
type procSpec struct {
	name string
	bin  string
	args []string
	env  []string
	dir  string
	cred *syscall.Credential // run as another user when set
	// restart makes the supervisor start the process again when it exits.
	restart bool
	// restartArgs are appended when the supervisor restarts the process.
	restartArgs []string
}

// startProc starts spec with stdout and stderr appended to logs/<name>.log.
func startProc(logDir string, spec procSpec) (*proc, error) {
	logPath := filepath.Join(logDir, spec.name+".log")
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(f, "$ %s %s\n", filepath.Base(spec.bin), strings.Join(spec.args, " "))
	cmd := exec.Command(spec.bin, spec.args...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.Dir = spec.dir
	cmd.Env = append(os.Environ(), spec.env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: spec.cred}
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("start %s: %w", spec.name, err)
	}
	p := &proc{Name: spec.name, PID: cmd.Process.Pid, Log: logPath, Args: spec.args, cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		f.Close()
		close(p.done)
	}()
	return p, nil
}

// exited reports whether the process has ended.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stopGrace bounds how long a process gets between SIGTERM and SIGKILL.
const stopGrace = 10 * time.Second

// stop ends the process group: SIGTERM, then SIGKILL after stopGrace.
func (p *proc) stop() {
	if p.exited() {
		return
	}
	_ = syscall.Kill(-p.PID, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(stopGrace):
		_ = syscall.Kill(-p.PID, syscall.SIGKILL)
		<-p.done
	}
}

// stopPID ends a process group started by an earlier `based devnet up`,
// known only by its PID: SIGTERM, then SIGKILL after stopGrace.
func stopPID(ctx context.Context, pid int) error {
	if pid <= 0 {
		return fmt.Errorf("pid %d: %w", pid, os.ErrInvalid)
	}
	if err := syscall.Kill(-pid, syscall.SIGTERM); err != nil {
		if errors.Is(err, syscall.ESRCH) {
			return nil
		}
		return fmt.Errorf("kill %d: %w", pid, err)
	}
	deadline := time.Now().Add(stopGrace)
	for alive(pid) {
		if time.Now().After(deadline) {
			_ = syscall.Kill(-pid, syscall.SIGKILL)
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return nil
}

// alive reports whether a process with this PID exists and is not a zombie.
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	// Field 3 (after the parenthesised command) is the state; Z is a zombie.
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z'
	}
	return true
}
