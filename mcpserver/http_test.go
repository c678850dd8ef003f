package mcpserver

import (
	"context"
	"io"
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
)

func TestHTTPServesTheTokensClient(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	srv := b.httpServer(t)
	secret := b.token(t, "northwind", ScopeRequest, "hosted agent")
	s, err := connectHTTP(t, srv, secret)
	require.NoError(t, err)

	snap, err := clientos.Current(ctx, b.db.Pool, northwindID(t, b))
	require.NoError(t, err)
	o, err := snap.OS()
	require.NoError(t, err)
	prompt, err := s.ReadResource(ctx, &mcp.ReadResourceParams{URI: "mos://northwind/prompt/linkedin"})
	require.NoError(t, err)
	require.Equal(t, engine.SystemPrompt(o, "linkedin").Text, prompt.Contents[0].Text)
	_, err = s.ReadResource(ctx, &mcp.ReadResourceParams{URI: "mos://acme/os/brand"})
	require.ErrorContains(t, err, "Resource not found")

	res := callTool(t, s, "check_text", map[string]any{"text": "A game-changer for the close.", "platform": "linkedin"})
	require.False(t, res.IsError, resultText(res))
	require.Contains(t, resultText(res), `Uses the forbidden phrase \"game-changer\"`)
	res = callTool(t, s, "request_piece", map[string]any{"brief": "Day 5 closes", "platform": "linkedin",
		"source_url": "https://example.com/benchmark"})
	require.False(t, res.IsError, resultText(res))

	require.Equal(t, 1.0, callCount(t, b, "tools/call", "check_text", "ok"))
	require.Equal(t, 1.0, callCount(t, b, "tools/call", "request_piece", "ok"))
	require.Contains(t, b.logs.String(), `token_name="hosted agent"`)
	require.NotContains(t, b.logs.String(), secret[4:], "the token never reaches a log")
}

func TestHTTPRefusesMissingBadAndRevokedTokens(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	srv := b.httpServer(t)
	for _, secret := range []string{"", "mos_guessed"} {
		_, err := connectHTTP(t, srv, secret)
		require.Error(t, err)
		require.Contains(t, err.Error(), "Unauthorized")
	}
	post := func(secret string) (int, string) {
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/mcp", strings.NewReader(
			`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"1"}}}`))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		if secret != "" {
			req.Header.Set("Authorization", "Bearer "+secret)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	code, body := post("")
	require.Equal(t, http.StatusUnauthorized, code)
	require.Contains(t, body, "no bearer token")
	code, body = post("mos_guessed")
	require.Equal(t, http.StatusUnauthorized, code)
	require.Contains(t, body, "the token is not valid")

	secret := b.token(t, "northwind", ScopeRead, "soon revoked")
	s, err := connectHTTP(t, srv, secret)
	require.NoError(t, err)
	_, err = RevokeToken(ctx, b.db.Pool, "northwind", "soon revoked", b.clock.Now())
	require.NoError(t, err)
	_, err = s.ListResources(ctx, nil)
	require.Error(t, err, "a revoked token is refused on its open session")
	code, _ = post(secret)
	require.Equal(t, http.StatusUnauthorized, code)
}

func TestHTTPSessionStaysWithItsToken(t *testing.T) {
	b := setup(t)
	srv := b.httpServer(t)
	northwind := b.token(t, "northwind", ScopeRead, "a")
	acme := b.token(t, "acme", ScopeRead, "b")
	s, err := connectHTTP(t, srv, northwind)
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/mcp", strings.NewReader(
		`{"jsonrpc":"2.0","id":7,"method":"resources/list","params":{}}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Mcp-Session-Id", s.ID())
	req.Header.Set("Authorization", "Bearer "+acme)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusForbidden, resp.StatusCode, "acme's token cannot ride northwind's session")
}

// callCount reads mos_mcp_calls_total from the registry, as /metrics exposes it.
func callCount(t *testing.T, b *bundle, method, tool, outcome string) float64 {
	t.Helper()
	families, err := b.reg.Gather()
	require.NoError(t, err)
	want := map[string]string{"method": method, "tool": tool, "outcome": outcome}
	for _, f := range families {
		if f.GetName() != "mos_mcp_calls_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			got := map[string]string{}
			for _, l := range m.GetLabel() {
				got[l.GetName()] = l.GetValue()
			}
			if maps.Equal(got, want) {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}
