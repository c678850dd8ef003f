package mcpserver

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	calls    *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mos_mcp_calls_total",
			Help: "MCP calls by agents, by method, tool (for tools/call) and outcome (ok, tool_error, refused, error).",
		}, []string{"method", "tool", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "mos_mcp_call_seconds", Help: "Time to answer an MCP call, by method.",
			Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"method"}),
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.calls, m.duration} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// knownMethods bound the method label; anything else is counted as "other".
var knownMethods = []string{"initialize", "server/discover", "ping", "resources/list", "resources/read", "resources/templates/list",
	"prompts/list", "prompts/get", "tools/list", "tools/call"}

// guard admits each call of one token — the token still live, within its rate — then logs it under
// the token's name (never the token) and counts it. hints reword refused tool arguments.
func (s *Service) guard(tok Token, hints map[string]string) mcp.Middleware {
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			if strings.HasPrefix(method, "notifications/") {
				return next(ctx, method, req)
			}
			start := time.Now() // a metric timing, not a decision
			err := s.admit(ctx, tok)
			refused := err != nil
			var res mcp.Result
			if !refused {
				res, err = next(ctx, method, req)
			}
			if tool, _ := callTarget(req); tool != "" {
				explainArguments(res, tool, hints)
			}
			s.record(ctx, tok, method, req, res, err, refused, time.Since(start))
			return res, err
		}
	}
}

func (s *Service) admit(ctx context.Context, tok Token) error {
	if err := tokenLive(ctx, s.pool, tok.ID); err != nil {
		if errors.Is(err, ErrBadToken) {
			s.forget(tok.ID)
		}
		return err
	}
	return s.limits.allow(tok.ID)
}

func (s *Service) record(ctx context.Context, tok Token, method string, req mcp.Request, res mcp.Result, err error,
	refused bool, took time.Duration) {
	outcome := "ok"
	switch {
	case refused:
		outcome = "refused"
	case err != nil:
		outcome = "error"
	default:
		if r, ok := res.(*mcp.CallToolResult); ok && r.IsError {
			outcome = "tool_error"
		}
	}
	label := method
	if !slices.Contains(knownMethods, method) {
		label = "other"
	}
	tool, target := callTarget(req)
	s.metrics.calls.WithLabelValues(label, toolLabel(method, tool), outcome).Inc()
	s.metrics.duration.WithLabelValues(label).Observe(took.Seconds())
	attrs := []any{"token_name", tok.Name, "token_id", tok.ID, "client", tok.ClientSlug, "scope", string(tok.Scope),
		"method", method, "outcome", outcome, "duration_ms", took.Milliseconds()}
	if target != "" {
		attrs = append(attrs, "target", target)
	}
	if err != nil {
		attrs = append(attrs, "error", err.Error())
	}
	s.log.InfoContext(ctx, "mcp call", attrs...)
}

// callTarget is the tool, resource or prompt a call names: the tool name (also returned alone, for
// the metric label) or the resource URI or prompt name.
func callTarget(req mcp.Request) (tool, target string) {
	switch r := req.(type) {
	case *mcp.CallToolRequest:
		if r.Params != nil {
			return r.Params.Name, r.Params.Name
		}
	case *mcp.ReadResourceRequest:
		if r.Params != nil {
			return "", r.Params.URI
		}
	case *mcp.GetPromptRequest:
		if r.Params != nil {
			return "", r.Params.Name
		}
	}
	return "", ""
}

func toolLabel(method, tool string) string {
	if method != "tools/call" {
		return ""
	}
	if slices.Contains(toolNames, tool) {
		return tool
	}
	return "unknown"
}
