package mcpserver

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/reporting"
)

func TestAReportTokenLogsAPostAndRecordsItsResults(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	s := b.session(t, "northwind", ScopeReport, "analytics")
	link := "https://www.linkedin.com/feed/update/urn:li:activity:7212345678901234567/"
	res := callTool(t, s, "log_published", map[string]any{"url": link, "platform": "linkedin", "pillar": "Faster close"})
	require.False(t, res.IsError, resultText(res))
	id := int64(res.StructuredContent.(map[string]any)["piece"].(float64))
	v, err := b.eng.PieceView(ctx, id)
	require.NoError(t, err)
	require.True(t, v.Piece.HumanOnly)
	require.Equal(t, engine.StatePublished, v.Piece.State)
	require.Equal(t, "agent:analytics", v.Piece.RequestedBy)

	again := callTool(t, s, "log_published", map[string]any{"url": link, "platform": "linkedin"})
	require.True(t, again.IsError)
	require.Contains(t, resultText(again), "already recorded")

	res = callTool(t, s, "record_results", map[string]any{"piece": id, "impressions": 1200, "reactions": 40})
	require.False(t, res.IsError, resultText(res))
	var impressions, reactions int64
	var source, by string
	require.NoError(t, b.db.Pool.QueryRow(ctx, `SELECT impressions, reactions, source, entered_by
		FROM metric_snapshots WHERE piece_id = $1`, id).Scan(&impressions, &reactions, &source, &by))
	require.Equal(t, []any{int64(1200), int64(40), "mcp", "agent:analytics"}, []any{impressions, reactions, source, by})

	for _, tc := range []struct {
		name string
		args map[string]any
		want string
	}{
		{"more reactions than impressions", map[string]any{"piece": id, "impressions": 10, "reactions": 40},
			"reactions: 40 reactions on 10 impressions cannot be right"},
		{"negative", map[string]any{"piece": id, "clicks": -1}, "clicks:"},
		{"no figures", map[string]any{"piece": id}, "no figures were given"},
		{"no such piece", map[string]any{"piece": id + 100, "clicks": 1}, "Northwind Ledger has no piece"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := callTool(t, s, "record_results", tc.args)
			require.True(t, res.IsError)
			require.Contains(t, resultText(res), tc.want)
		})
	}

	requested, err := b.eng.RequestDraft(ctx, engine.DraftRequest{ChannelID: northwindChannel, UserID: "U1",
		Input: engine.DraftInput{SourceURL: "https://example.com/a", Brief: "not live yet"}})
	require.NoError(t, err)
	res = callTool(t, s, "record_results", map[string]any{"piece": requested.ID, "impressions": 5})
	require.True(t, res.IsError)
	require.Contains(t, resultText(res), "is not published yet")
}

func TestOnlyAReportTokenReports(t *testing.T) {
	b := setup(t)
	for _, scope := range []Scope{ScopeRead, ScopeRequest} {
		s, _ := b.stdio(t, b.token(t, "northwind", scope, string(scope)))
		res := callTool(t, s, "log_published", map[string]any{"url": "https://example.com/post", "platform": "linkedin"})
		require.True(t, res.IsError)
		require.Contains(t, resultText(res), "cannot log published posts; ask for a token with the report scope")
		res = callTool(t, s, "record_results", map[string]any{"piece": 1, "impressions": 5})
		require.True(t, res.IsError)
		require.Contains(t, resultText(res), "cannot record results")
	}
	s := b.session(t, "northwind", ScopeReport, "reporter")
	res := callTool(t, s, "request_piece", map[string]any{"brief": "x", "source_url": "https://example.com/x",
		"platform": "linkedin"})
	require.True(t, res.IsError)
	require.Contains(t, resultText(res), "report scope, which cannot request pieces")
}

// TestAnAgentMadePieceIsItsOwnGroupInTheReport: a post an agent logged with log_published, with
// results, shows in the weekly report as agent-made — neither AI-assisted nor the human-only baseline.
func TestAnAgentMadePieceIsItsOwnGroupInTheReport(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	s := b.session(t, "northwind", ScopeReport, "n8n")
	res := callTool(t, s, "log_published", map[string]any{
		"url": "https://www.linkedin.com/feed/update/urn:li:activity:7212345678901234999/", "platform": "linkedin"})
	require.False(t, res.IsError, resultText(res))
	id := int64(res.StructuredContent.(map[string]any)["piece"].(float64))
	res = callTool(t, s, "record_results", map[string]any{"piece": id, "impressions": 1000, "reactions": 30})
	require.False(t, res.IsError, resultText(res))

	var clientID int64
	require.NoError(t, b.db.Pool.QueryRow(ctx, `SELECT client_id FROM pieces WHERE id = $1`, id).Scan(&clientID))
	now := b.clock.Now()
	r, err := reporting.Build(ctx, b.db.Pool, clientID, reporting.WeekOf(now, time.UTC), now.Add(time.Hour))
	require.NoError(t, err)
	require.Equal(t, 1, r.Totals.AgentMade)
	require.Zero(t, r.Totals.HumanOnly, "an agent's post is not the human-only baseline")
	require.Zero(t, r.Totals.AIAssisted)
	require.NotNil(t, r.Baseline.Agent)
	require.Equal(t, reporting.Side{Pieces: 1, WithResults: 1, MedianER: r.Baseline.Agent.MedianER}, *r.Baseline.Agent)
	text := reporting.RenderText(r)
	require.Contains(t, text, "0 AI-assisted, 0 human-only, 1 agent-made)")
	require.Contains(t, text, "Agent-made (logged by AI agents over MCP): 1 piece, 1 with results, median engagement 3.0%.")
}
