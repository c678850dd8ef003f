package mcpserver

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/reporting/reportingtest"
)

const (
	northwindChannel = "CNORTHWIND"
	acmeChannel      = "CACME"
	binder           = "UBINDER"
)

// bundle is a service on its own database with two clients: northwind (bound to a LinkedIn
// channel) and acme (bound to its own), a tokens helper and the clock of the rate limit.
type bundle struct {
	svc   *Service
	db    *pgtest.DB
	eng   *engine.Engine
	reg   *prometheus.Registry
	clock *reportingtest.Clock
	logs  *logBuffer
}

// logBuffer keeps what the service logged, for checks that no secret reaches a log.
type logBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
	t   testing.TB
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.t.Log(strings.TrimSpace(string(p)))
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func setup(t testing.TB) *bundle {
	t.Helper()
	ctx := context.Background()
	db := pgtest.New(t)
	clock := reportingtest.NewClock(time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC))
	logs := &logBuffer{t: t}
	logger := slog.New(slog.NewTextHandler(logs, nil))
	jobs, err := engine.NewJobClient(db.Pool, logger) // insert-only, and no client works them: jobs are only enqueued
	require.NoError(t, err)
	eng := engine.New(engine.Deps{Pool: db.Pool, Logger: logger, DefaultCap: 3, DefaultTimezone: "UTC", Now: clock.Now,
		Jobs: jobs})
	for _, c := range []struct{ slug, name, channel string }{
		{"northwind", "Northwind Ledger", northwindChannel}, {"acme", "Acme Ledger", acmeChannel}} {
		_, err := clientos.Import(ctx, db.Pool, clientos.ImportRequest{Slug: c.slug, Name: c.name, Timezone: "UTC",
			Dir: "../examples/northwind", Author: "test"})
		require.NoError(t, err)
		_, err = eng.Bind(ctx, c.channel, c.slug, "linkedin", nil, binder)
		require.NoError(t, err)
	}
	reg := prometheus.NewRegistry()
	svc, err := New(Deps{Pool: db.Pool, Engine: eng, Logger: logger, Registerer: reg, Now: clock.Now, Version: "test"})
	require.NoError(t, err)
	return &bundle{svc: svc, db: db, eng: eng, reg: reg, clock: clock, logs: logs}
}

// token creates a token and returns its secret.
func (b *bundle) token(t testing.TB, client string, scope Scope, name string) string {
	t.Helper()
	secret, _, err := CreateToken(context.Background(), b.db.Pool, client, name, scope, b.clock.Now())
	require.NoError(t, err)
	return secret
}

// session is a stdio session (see stdio) with a new token of client with scope, named name.
func (b *bundle) session(t testing.TB, client string, scope Scope, name string) *mcp.ClientSession {
	t.Helper()
	s, _ := b.stdio(t, b.token(t, client, scope, name))
	return s
}

// stdio connects the SDK's client to ServeStdio over pipes, as a desktop assistant would over a
// process's stdin and stdout. The returned channel yields ServeStdio's result.
func (b *bundle) stdio(t testing.TB, secret string) (*mcp.ClientSession, <-chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	toServer, fromClient := io.Pipe()
	toClient, fromServer := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- b.svc.ServeStdio(ctx, secret, toServer, fromServer)
		_ = fromServer.Close()
	}()
	client := mcp.NewClient(&mcp.Implementation{Name: "test-assistant", Version: "1"}, nil)
	session, err := client.Connect(ctx, &mcp.IOTransport{Reader: toClient, Writer: fromClient}, nil)
	t.Cleanup(func() {
		if session != nil {
			_ = session.Close()
		}
		cancel()
		_ = toServer.Close()
	})
	if err != nil {
		return nil, done
	}
	return session, done
}

// bearer adds a bearer token to every request.
type bearer struct {
	secret string
	next   http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if b.secret != "" {
		r.Header.Set("Authorization", "Bearer "+b.secret)
	}
	return b.next.RoundTrip(r)
}

// httpServer serves the real handler, token middleware included, on a test server.
func (b *bundle) httpServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/mcp", b.svc.Handler())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// connectHTTP connects the SDK's client over streamable HTTP with the given token.
func connectHTTP(t *testing.T, srv *httptest.Server, secret string) (*mcp.ClientSession, error) {
	t.Helper()
	client := mcp.NewClient(&mcp.Implementation{Name: "hosted-agent", Version: "1"}, nil)
	session, err := client.Connect(context.Background(), &mcp.StreamableClientTransport{Endpoint: srv.URL + "/mcp",
		HTTPClient: &http.Client{Transport: bearer{secret: secret, next: http.DefaultTransport}}, MaxRetries: -1}, nil)
	if err == nil {
		t.Cleanup(func() { _ = session.Close() })
	}
	return session, err
}

// callTool calls a tool and returns its result; protocol errors fail the test.
func callTool(t *testing.T, s *mcp.ClientSession, name string, args any) *mcp.CallToolResult {
	t.Helper()
	res, err := s.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
	require.NoError(t, err)
	return res
}

func resultText(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}
