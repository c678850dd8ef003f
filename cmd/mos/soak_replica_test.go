package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// soakReplica is one real `mos serve` process of the soak: started, killed with SIGKILL (or
// stopped with SIGTERM) and started again, with its output appended to a log file.
type soakReplica struct {
	name string
	env  []string
	log  string
	addr string

	heldDown atomic.Bool // the chaos keeps it down on purpose; otherwise a dead replica is restarted
	starting sync.Mutex  // held while (re)starting

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// soakEnv is the environment of a replica: the test process's, without the host's mos settings,
// plus the world's.
func soakEnv(settings map[string]string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name != "DATABASE_URL" && !strings.HasPrefix(name, "SLACK_") && !strings.HasPrefix(name, "OPENAI_") &&
			!strings.HasPrefix(name, "MOS_") {
			env = append(env, kv)
		}
	}
	for k, v := range settings {
		env = append(env, k+"="+v)
	}
	slices.Sort(env)
	return env
}

func newSoakReplica(t *testing.T, name string, settings map[string]string) *soakReplica {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	r := &soakReplica{name: name, log: filepath.Join(t.TempDir(), name+".log"), addr: addr}
	r.setEnv(settings)
	t.Cleanup(func() { r.signal(syscall.SIGKILL) })
	return r
}

// setEnv sets the environment the replica starts with next time: settings plus its own address.
func (r *soakReplica) setEnv(settings map[string]string) {
	env := map[string]string{"MOS_HTTP_ADDR": r.addr}
	for k, v := range settings {
		env[k] = v
	}
	r.env = soakEnv(env)
}

// start runs the process and waits until its /healthz says the socket and database are up.
func (r *soakReplica) start() error {
	f, err := os.OpenFile(r.log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	cmd := exec.Command(mosBin, "serve")
	cmd.Env, cmd.Stdout, cmd.Stderr = r.env, f, f
	if err := cmd.Start(); err != nil {
		_ = f.Close()
		return err
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		_ = f.Close()
		close(done)
	}()
	r.mu.Lock()
	r.cmd, r.done = cmd, done
	r.mu.Unlock()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return fmt.Errorf("replica %s exited at start; see %s", r.name, r.log)
		default:
		}
		if resp, err := http.Get("http://" + r.addr + "/healthz"); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("replica %s not healthy within 30 s; see %s", r.name, r.log)
}

// pid is the running process's id, 0 when it is not running.
func (r *soakReplica) pid() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd == nil {
		return 0
	}
	select {
	case <-r.done:
		return 0
	default:
		return r.cmd.Process.Pid
	}
}

// signal sends sig and waits for the process to end (SIGTERM: up to 20 s, then SIGKILL). It
// reports false when the replica was not running.
func (r *soakReplica) signal(sig syscall.Signal) bool {
	r.mu.Lock()
	cmd, done := r.cmd, r.done
	r.mu.Unlock()
	if cmd == nil {
		return false
	}
	select {
	case <-done:
		return false
	default:
	}
	_ = cmd.Process.Signal(sig)
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
	return true
}
