package devnet

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
)

// ErrMissingDep is returned when a system package the relay needs is not installed.
var ErrMissingDep = errors.New("devnet: missing system package (run `make devnet-deps`)")

// redisSpec describes a Redis server on 127.0.0.1:port keeping nothing on disk.
func redisSpec(dir string, port int) (procSpec, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return procSpec{}, fmt.Errorf("%w: redis-server", ErrMissingDep)
	}
	return procSpec{
		name: "redis",
		bin:  bin,
		args: []string{"--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--save", "", "--appendonly", "no", "--dir", dir, "--protected-mode", "no"},
	}, nil
}

// postgresBin finds a PostgreSQL program: on PATH, else in Debian's versioned folders.
func postgresBin(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	m, _ := filepath.Glob(filepath.Join("/usr/lib/postgresql", "*", "bin", name))
	if len(m) == 0 {
		return "", fmt.Errorf("%w: postgresql (%s)", ErrMissingDep, name)
	}
	sort.Strings(m)
	return m[len(m)-1], nil
}

// postgresUser is who runs PostgreSQL, which refuses to run as root: the
// current user, or the unprivileged "postgres" user when we are root.
func postgresUser() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("%w: user postgres (%v)", ErrMissingDep, err)
	}
	uid, _ := strconv.ParseUint(u.Uid, 10, 32)
	gid, _ := strconv.ParseUint(u.Gid, 10, 32)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// postgresDir makes the folder for the database cluster. As root it lives in
// a fresh folder under the system temp folder owned by the postgres user
// (the run's data folder may not be reachable for that user); a symlink in
// the data folder points at it.
func postgresDir(dataDir string, cred *syscall.Credential) (string, error) {
	link := filepath.Join(dataDir, "postgres")
	if cred == nil {
		return link, os.MkdirAll(link, 0o700)
	}
	dir, err := os.MkdirTemp("", "based-devnet-pg-")
	if err != nil {
		return "", err
	}
	if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
		return "", err
	}
	if err := os.Symlink(dir, link); err != nil {
		return "", err
	}
	return dir, nil
}

// initPostgres creates a database cluster in dir with trust authentication
// for the superuser "postgres".
func initPostgres(ctx context.Context, dir, logPath string, cred *syscall.Credential) error {
	initdb, err := postgresBin("initdb")
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, initdb, "-D", filepath.Join(dir, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	cmd.Dir = dir
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("initdb: %w (see %s)", err, logPath)
	}
	return nil
}

// postgresSpec describes the PostgreSQL server of the cluster in dir, on
// 127.0.0.1:port, with its socket in dir.
func postgresSpec(dir string, port int, cred *syscall.Credential) (procSpec, error) {
	bin, err := postgresBin("postgres")
	if err != nil {
		return procSpec{}, err
	}
	return procSpec{
		name: "postgres",
		bin:  bin,
		args: []string{"-D", filepath.Join(dir, "data"), "-p", strconv.Itoa(port), "-k", dir,
			"-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"},
		dir:  dir,
		cred: cred,
	}, nil
}
