//go:build unix

// Package fifotest makes named pipes for tests and checks that code handed one returns instead of
// blocking in an open that waits for a writer.
package fifotest

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// grace is how long RequireReturns waits before calling fn stuck. It is a watchdog, not a measure
// of speed: code that refuses a FIFO returns in microseconds, code that opens one never returns.
const grace = 30 * time.Second

// Make creates a named pipe at path.
func Make(t testing.TB, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatalf("mkfifo %s: %v", path, err)
	}
}

// RequireReturns runs fn and fails the test if it has not returned within a generous grace period.
// A fn stuck opening a named pipe under pipes (a pipe, or a folder holding some) is then released,
// by opening each pipe's other end and closing it, so a failing test reports instead of hanging.
func RequireReturns(t testing.TB, pipes string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
		return
	case <-time.After(grace):
	}
	release(pipes)
	select {
	case <-done:
	case <-time.After(grace):
	}
	t.Fatalf("still running after %s with a named pipe under %s in its way: it opened the pipe and waited for its other end", grace, pipes)
}

// release opens and closes both ends of every named pipe under root, so whoever waits in an open
// of one, to read or to write, finds a partner and goes on.
func release(root string) {
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeNamedPipe == 0 {
			return nil
		}
		r, rerr := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
		if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
		if rerr == nil {
			r.Close()
		}
		return nil
	})
}
