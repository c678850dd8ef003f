package mcpserver

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/engine"
)

func TestCheckTextFlagsAForbiddenPhraseAndAnUnsupportedClaim(t *testing.T) {
	b := setup(t)
	s := b.session(t, "northwind", ScopeRead, "desktop")
	text := "Our seamless close cut 87% of the work in 2024. We leverage automation."
	res := callTool(t, s, "check_text", map[string]any{"text": text, "platform": "linkedin"})
	require.False(t, res.IsError, resultText(res))
	out := res.StructuredContent.(map[string]any)
	findings := out["findings"].([]any)
	kinds := map[string]string{}
	for _, f := range findings {
		m := f.(map[string]any)
		kinds[m["kind"].(string)] = m["message"].(string)
	}
	require.Contains(t, kinds[engine.WarningForbidden], `"seamless"`)
	require.Contains(t, kinds[engine.WarningSubstitution], `"leverage"`)
	claims := out["unsupported_claims"].([]any)
	require.NotEmpty(t, claims)
	require.Equal(t, "87% of the work", claims[0].(map[string]any)["claim"])
	require.Equal(t, engine.VerdictUnverified, claims[0].(map[string]any)["verdict"])

	// A source that holds the figure backs it.
	res = callTool(t, s, "check_text", map[string]any{"text": "The close got 87% faster.", "platform": "linkedin",
		"source_text": "Teams in the study closed 87% faster."})
	require.False(t, res.IsError, resultText(res))
	require.Empty(t, res.StructuredContent.(map[string]any)["unsupported_claims"])
	require.Contains(t, res.StructuredContent.(map[string]any)["summary"], "No findings")
}

func TestCheckTextRefusesBadInputInPlainWords(t *testing.T) {
	b := setup(t)
	s := b.session(t, "northwind", ScopeRead, "desktop")
	for _, tc := range []struct {
		name string
		args map[string]any
		want string
	}{
		{"unknown argument", map[string]any{"text": "hi", "platform": "linkedin", "tone": "bold"},
			`unexpected additional properties ["tone"]. It takes: platform (required) one of "blog", "linkedin"; text (required)`},
		{"unknown platform", map[string]any{"text": "hi", "platform": "tiktok"}, "linkedin"},
		{"missing text", map[string]any{"platform": "linkedin"}, "text"},
		{"empty text", map[string]any{"text": "  ", "platform": "linkedin"}, "text is empty"},
		{"too long", map[string]any{"text": strings.Repeat("a", MaxCheckChars+1), "platform": "linkedin"},
			"the limit is 50000"},
		{"bad phase", map[string]any{"text": "hi", "platform": "linkedin", "phase": "final"}, "phase"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := callTool(t, s, "check_text", tc.args)
			t.Log(resultText(res))
			require.True(t, res.IsError)
			require.Contains(t, resultText(res), tc.want)
		})
	}
}

func TestRequestPieceGoesThroughTheEngineToTheBoundChannel(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	s := b.session(t, "northwind", ScopeRequest, "n8n")
	res := callTool(t, s, "request_piece", map[string]any{"brief": "What day 5 closes have in common",
		"source_url": "https://example.com/benchmark", "platform": "linkedin", "pillar": "Faster close",
		"source_type": "study"})
	require.False(t, res.IsError, resultText(res))
	out := res.StructuredContent.(map[string]any)
	require.Equal(t, "requested", out["state"])
	id := int64(out["piece"].(float64))

	v, err := b.eng.PieceView(ctx, id)
	require.NoError(t, err)
	require.Equal(t, northwindChannel, v.Piece.ChannelID)
	require.Equal(t, "agent:n8n", v.Piece.RequestedBy)
	require.Equal(t, "Faster close", v.Piece.Pillar)
	require.Equal(t, "https://example.com/benchmark", v.Source.URL)
	var jobs int
	require.NoError(t, b.db.Pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = $1
		AND (args->>'piece_id')::bigint = $2`, engine.OutlineArgs{}.Kind(), id).Scan(&jobs))
	require.Equal(t, 1, jobs, "the outline job that posts the piece in Slack is queued with it")

	status := callTool(t, s, "piece_status", map[string]any{"piece": id})
	require.False(t, status.IsError, resultText(status))
	require.Equal(t, "requested", status.StructuredContent.(map[string]any)["state"])
}

func TestRequestPieceKeepsTheEnginesRules(t *testing.T) {
	b := setup(t)
	s := b.session(t, "northwind", ScopeRequest, "n8n")
	good := map[string]any{"brief": "A brief", "source_url": "https://example.com/x", "platform": "linkedin"}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for key, val := range good {
			m[key] = val
		}
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	for _, tc := range []struct {
		name string
		args map[string]any
		want string
	}{
		{"1 MB brief", with("brief", strings.Repeat("b", 1<<20)), "the limit is 4000"},
		{"no source", with("source_url", nil), "source_url"},
		{"not a link", with("source_url", "ftp://example.com/x"), "http"},
		{"unbound platform", with("platform", "blog"), "blog"},
		{"unknown pillar", with("pillar", "Crypto"), "pillar"},
		{"unknown argument", with("publish_now", true), "publish_now"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := callTool(t, s, "request_piece", tc.args)
			t.Log(resultText(res))
			require.True(t, res.IsError)
			require.Contains(t, resultText(res), tc.want)
			require.NotContains(t, resultText(res), "went wrong on our side")
		})
	}
	var pieces int
	require.NoError(t, b.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pieces`).Scan(&pieces))
	require.Zero(t, pieces, "no refused request stored anything")

	for i := 0; i < 3; i++ { // the channel's cap is 3
		require.False(t, callTool(t, s, "request_piece", good).IsError)
	}
	over := callTool(t, s, "request_piece", good)
	require.True(t, over.IsError)
	require.Contains(t, resultText(over), "daily cap is reached (3 of 3")
}

func TestAReadTokenCannotRequestAPiece(t *testing.T) {
	b := setup(t)
	s := b.session(t, "northwind", ScopeRead, "reader")
	res := callTool(t, s, "request_piece", map[string]any{"brief": "A brief",
		"source_url": "https://example.com/x", "platform": "linkedin"})
	require.True(t, res.IsError)
	require.Contains(t, resultText(res), "read scope, which cannot request pieces")
	var pieces int
	require.NoError(t, b.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pieces`).Scan(&pieces))
	require.Zero(t, pieces)
}
