package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// replica is one `mos serve` of a world, reaching the database through a proxy of its own, so a
// test can take the database away from it alone: crash cuts it off for good (as SIGKILL would),
// freeze holds its traffic (a paused process, a network partition) until thaw.
type replica struct {
	name  string
	proxy *dbProxy
	logs  *lockedBuffer
	stop  func()       // a clean stop (SIGTERM)
	crash func()       // a crash: nothing more reaches the database
	done  <-chan error // serve's result
	w     *world
}

// startReplica runs a replica named name (its lease holder) until the test ends.
func (w *world) startReplica(name string) *replica {
	w.t.Helper()
	proxy := newDBProxy(w.t, w.db.URL)
	cfg := w.cfg
	cfg.DatabaseURL = proxy.url
	tune := w.tune
	tune.holder = name
	r := &replica{name: name, proxy: proxy, logs: &lockedBuffer{}, w: w}
	logger := slog.New(slog.NewTextHandler(io.MultiWriter(untilCleanup(w.t), r.logs),
		&slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	r.done = done
	go func() { done <- serve(ctx, cfg, logger, tune) }()
	var once sync.Once
	wait := func(requireClean bool) {
		select {
		case err := <-done:
			if requireClean {
				require.NoError(w.t, err)
			}
		case <-time.After(shutdownGrace + 5*time.Second):
			w.t.Errorf("replica %s did not stop", name)
		}
	}
	r.stop = func() { once.Do(func() { cancel(); wait(true) }) }
	r.crash = func() {
		once.Do(func() {
			proxy.cut()
			cancel()
			wait(false)
		})
	}
	w.t.Cleanup(r.stop)
	before := w.sim.TotalConnections()
	require.Eventually(w.t, func() bool { return w.sim.TotalConnections() > before && w.sim.Connections() > 0 },
		10*time.Second, 10*time.Millisecond, "replica %s never connected to the simulator", name)
	return r
}

// waitLog waits until the replica logged a line containing s.
func (r *replica) waitLog(s string) {
	r.w.t.Helper()
	require.Eventually(r.w.t, func() bool { return strings.Contains(r.logs.String(), s) }, 20*time.Second,
		20*time.Millisecond, "replica %s never logged %q", r.name, s)
}

// dbProxy forwards TCP connections to the database, and can cut or hold them.
type dbProxy struct {
	t      testing.TB
	ln     net.Listener
	target string
	url    string
	gate   sync.RWMutex // held for writing while frozen: no byte moves
	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	isCut  bool
	isDown bool // refusing connections for now (a database restarting); see down and up
	frozen bool
}

func newDBProxy(t testing.TB, dbURL string) *dbProxy {
	t.Helper()
	u, err := url.Parse(dbURL)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &dbProxy{t: t, ln: ln, target: u.Host, conns: map[net.Conn]struct{}{}}
	u.Host = ln.Addr().String()
	p.url = u.String()
	go p.accept()
	t.Cleanup(func() {
		p.thaw()
		p.cut()
		_ = ln.Close()
	})
	return p
}

func (p *dbProxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			_ = c.Close()
			continue
		}
		if !p.track(c, up) {
			continue
		}
		go p.pipe(c, up)
		go p.pipe(up, c)
	}
}

func (p *dbProxy) track(conns ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.isCut || p.isDown {
		for _, c := range conns {
			_ = c.Close()
		}
		return false
	}
	for _, c := range conns {
		p.conns[c] = struct{}{}
	}
	return true
}

func (p *dbProxy) pipe(from, to net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := from.Read(buf)
		if n > 0 {
			p.gate.RLock()
			_, werr := to.Write(buf[:n])
			p.gate.RUnlock()
			if werr != nil {
				err = werr
			}
		}
		if err != nil {
			_ = from.Close()
			_ = to.Close()
			return
		}
	}
}

// cut closes every connection and refuses new ones, for good.
func (p *dbProxy) cut() { p.refuse(&p.isCut, true) }

// down closes every connection and refuses new ones until up, as a restarting database does.
func (p *dbProxy) down() { p.refuse(&p.isDown, true) }

// up accepts connections again after down.
func (p *dbProxy) up() { p.refuse(&p.isDown, false) }

// refuse sets flag; setting it closes every open connection.
func (p *dbProxy) refuse(flag *bool, on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	*flag = on
	if !on {
		return
	}
	for c := range p.conns {
		_ = c.Close()
	}
	clear(p.conns)
}

// freeze holds every byte in flight until thaw.
func (p *dbProxy) freeze() {
	p.gate.Lock()
	p.mu.Lock()
	p.frozen = true
	p.mu.Unlock()
}

// thaw lets the traffic flow again; thawing a proxy that is not frozen does nothing.
func (p *dbProxy) thaw() {
	p.mu.Lock()
	was := p.frozen
	p.frozen = false
	p.mu.Unlock()
	if was {
		p.gate.Unlock()
	}
}

// untilCleanup writes to the test's log until the test ends, and drops what comes later: a crashed
// replica's River goroutines may still be retrying their last writes then.
func untilCleanup(t testing.TB) io.Writer {
	w := &gatedWriter{w: testWriter{t}}
	t.Cleanup(func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.closed = true
	})
	return w
}

type gatedWriter struct {
	mu     sync.Mutex
	w      io.Writer
	closed bool
}

func (g *gatedWriter) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return len(p), nil
	}
	return g.w.Write(p)
}
