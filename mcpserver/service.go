// Package mcpserver serves a client's Client OS to AI agents over the Model Context Protocol: the
// OS documents, the rendered system prompt and the contractor brief as resources, one prompt per
// platform, and tools that check text against the OS, read a piece's state and request a piece
// through the same engine call /draft makes. Each agent connects with a token of one client and
// one scope (tokens.go); the same server code runs over stdio (mos mcp) and streamable HTTP
// (/mcp on the serve listener).
package mcpserver

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
)

// Deps are what the server reads and calls.
type Deps struct {
	Pool *pgxpool.Pool
	// Engine answers piece_status and request_piece, with the engine's own rules.
	Engine     *engine.Engine
	Logger     *slog.Logger
	Registerer prometheus.Registerer // nil: metrics are kept but not exported
	Now        func() time.Time      // nil: the wall clock; the rate limit runs on it
	Rate       Rate                  // zero: DefaultRate
	Version    string                // the server version agents see
}

// Service builds one MCP server per token (so a token can only ever see its own client) and keeps
// it while the client's OS keeps its shape.
type Service struct {
	pool    *pgxpool.Pool
	eng     *engine.Engine
	log     *slog.Logger
	limits  *limiter
	metrics *metrics
	version string
	now     func() time.Time

	mu      sync.Mutex
	servers map[int64]builtServer // by token id
}

type builtServer struct {
	shape  string
	server *mcp.Server
}

// New builds the service; it registers its metrics with d.Registerer.
func New(d Deps) (*Service, error) {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Rate.PerSecond <= 0 || d.Rate.Burst <= 0 {
		d.Rate = DefaultRate
	}
	if d.Version == "" {
		d.Version = "dev"
	}
	m, err := newMetrics(d.Registerer)
	if err != nil {
		return nil, err
	}
	return &Service{pool: d.Pool, eng: d.Engine, log: d.Logger, limits: newLimiter(d.Rate, d.Now), metrics: m,
		version: d.Version, now: d.Now, servers: map[int64]builtServer{}}, nil
}

// clientShape is what a client's server lists: its documents at their versions, the platforms its
// OS has style guides for, the platforms bound to a channel, its pillars. A change rebuilds the
// server, so lists and enums stay true for new sessions.
type clientShape struct {
	snap      clientos.Snapshot
	os        *clientos.OS // nil when the stored OS does not parse
	platforms []string     // platforms with a style guide
	bound     []string     // platforms a channel is bound to
	pillars   []string
}

func (s *Service) loadShape(ctx context.Context, clientID int64) (clientShape, error) {
	var sh clientShape
	var err error
	if sh.snap, err = clientos.Current(ctx, s.pool, clientID); err != nil {
		return sh, err
	}
	if sh.bound, err = clientos.BoundPlatforms(ctx, s.pool, clientID); err != nil {
		return sh, err
	}
	if o, err := sh.snap.OS(); err == nil {
		sh.os = o
		for _, st := range o.Styles {
			sh.platforms = append(sh.platforms, st.Platform)
		}
		for _, p := range o.Pillars {
			sh.pillars = append(sh.pillars, p.Name)
		}
	}
	sh.bound = slices.DeleteFunc(sh.bound, func(p string) bool { return !slices.Contains(sh.platforms, p) })
	return sh, nil
}

func (sh clientShape) key() string {
	var b strings.Builder
	for _, d := range sh.snap.Documents() {
		fmt.Fprintf(&b, "%s@%d;", d, sh.snap.Docs[d].Version)
	}
	fmt.Fprintf(&b, "|%s|%s|%s|%s", strings.Join(sh.platforms, ","), strings.Join(sh.bound, ","),
		strings.Join(sh.pillars, ","), sh.snap.Client.Name)
	return b.String()
}

// ServerFor returns the MCP server of one token: its client's resources, prompts and tools, every
// call checked against the token (still live, within its rate) and logged under its name.
func (s *Service) ServerFor(ctx context.Context, tok Token) (*mcp.Server, error) {
	sh, err := s.loadShape(ctx, tok.ClientID)
	if err != nil {
		return nil, err
	}
	key := sh.key()
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.servers[tok.ID]; ok && b.shape == key {
		return b.server, nil
	}
	srv := s.build(tok, sh)
	s.servers[tok.ID] = builtServer{shape: key, server: srv}
	return srv, nil
}

// forget drops a revoked token's server; its sessions are refused call by call until they close.
func (s *Service) forget(tokenID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.servers, tokenID)
}

func (s *Service) build(tok Token, sh clientShape) *mcp.Server {
	srv := mcp.NewServer(&mcp.Implementation{Name: "mos", Title: "mos: " + tok.ClientName + "'s Client OS",
		Version: s.version}, &mcp.ServerOptions{Instructions: instructions(tok), Logger: s.log})
	s.addResources(srv, tok, sh)
	s.addPrompts(srv, tok, sh)
	hints := s.addTools(srv, tok, sh)
	srv.AddReceivingMiddleware(s.guard(tok, hints))
	return srv
}

func instructions(tok Token) string {
	return fmt.Sprintf("This server is %s's Client OS: how the brand writes, for whom, about what. Read the "+
		"OS documents and the system prompt of the platform before writing; run check_text on what you write. "+
		"This token (%q) has the %s scope: %s.", tok.ClientName, tok.Name, tok.Scope, scopeWords(tok.Scope))
}

func scopeWords(s Scope) string {
	switch s {
	case ScopeRequest:
		return "read the OS and request pieces, which people approve in Slack"
	case ScopeReport:
		return "read the OS, log posts published without mos and record results"
	default:
		return "read the OS and check text against it"
	}
}
