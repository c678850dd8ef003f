package mcpserver

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
)

func TestStdioListsAndReadsTheClientsOS(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	s := b.session(t, "northwind", ScopeRead, "desktop")
	require.NotNil(t, s)

	list, err := s.ListResources(ctx, nil)
	require.NoError(t, err)
	var uris []string
	for _, r := range list.Resources {
		uris = append(uris, r.URI)
	}
	require.ElementsMatch(t, []string{
		"mos://northwind/os/brand", "mos://northwind/os/strategy", "mos://northwind/os/pillars",
		"mos://northwind/os/decisions", "mos://northwind/os/style/blog", "mos://northwind/os/style/linkedin",
		"mos://northwind/prompt/blog", "mos://northwind/prompt/linkedin", "mos://northwind/brief",
	}, uris)

	snap, err := clientos.Current(ctx, b.db.Pool, northwindID(t, b))
	require.NoError(t, err)
	brand, err := s.ReadResource(ctx, &mcp.ReadResourceParams{URI: "mos://northwind/os/brand"})
	require.NoError(t, err)
	require.Len(t, brand.Contents, 1)
	require.Equal(t, snap.Docs["brand"].Content, brand.Contents[0].Text)
	require.EqualValues(t, 1, brand.Contents[0].Meta["version"])
	require.NotEmpty(t, brand.Contents[0].Meta["updated_at"])

	o, err := snap.OS()
	require.NoError(t, err)
	prompt, err := s.ReadResource(ctx, &mcp.ReadResourceParams{URI: "mos://northwind/prompt/linkedin"})
	require.NoError(t, err)
	require.Equal(t, engine.SystemPrompt(o, "linkedin").Text, prompt.Contents[0].Text)
	brief, err := s.ReadResource(ctx, &mcp.ReadResourceParams{URI: "mos://northwind/brief"})
	require.NoError(t, err)
	require.Equal(t, clientos.Brief(o, o.Styles), brief.Contents[0].Text)
}

func TestADocumentIsReadAtItsCurrentVersion(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	s := b.session(t, "northwind", ScopeRead, "desktop")
	snap, err := clientos.Current(ctx, b.db.Pool, northwindID(t, b))
	require.NoError(t, err)
	edited := snap.Docs["strategy"].Content + "\nA new line an approver added.\n"
	_, _, err = clientos.SaveDocument(ctx, b.db.Pool, northwindID(t, b), "strategy", edited, "UAPPROVER", "test")
	require.NoError(t, err)

	got, err := s.ReadResource(ctx, &mcp.ReadResourceParams{URI: "mos://northwind/os/strategy"})
	require.NoError(t, err)
	require.Equal(t, edited, got.Contents[0].Text)
	require.EqualValues(t, 2, got.Contents[0].Meta["version"])
}

func TestAClientsTokenNeverSeesAnotherClient(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	s := b.session(t, "northwind", ScopeRequest, "n8n")
	list, err := s.ListResources(ctx, nil)
	require.NoError(t, err)
	for _, r := range list.Resources {
		require.NotContains(t, r.URI, "acme")
	}
	for _, uri := range []string{"mos://acme/os/brand", "mos://acme/prompt/linkedin", "mos://acme/brief",
		"mos://nosuchclient/os/brand"} {
		_, err := s.ReadResource(ctx, &mcp.ReadResourceParams{URI: uri})
		require.Error(t, err, uri)
		// The same answer for a client that exists and one that does not: no hint.
		require.Contains(t, err.Error(), "Resource not found", uri)
		require.NotContains(t, err.Error(), "Acme", uri)
	}

	acmePiece, err := b.eng.RequestDraft(ctx, engine.DraftRequest{ChannelID: acmeChannel, UserID: "U1",
		Input: engine.DraftInput{SourceURL: "https://example.com/a", Brief: "acme's own piece"}})
	require.NoError(t, err)
	res := callTool(t, s, "piece_status", map[string]any{"piece": acmePiece.ID})
	require.True(t, res.IsError)
	require.Contains(t, resultText(res), "Northwind Ledger has no piece")
	missing := callTool(t, s, "piece_status", map[string]any{"piece": acmePiece.ID + 1000})
	require.True(t, missing.IsError)
	require.Equal(t, strings.Replace(resultText(missing), strconv.FormatInt(acmePiece.ID+1000, 10), "N", 1),
		strings.Replace(resultText(res), strconv.FormatInt(acmePiece.ID, 10), "N", 1),
		"a piece of another client reads exactly like one that does not exist")
}

func TestPromptsCarryTheSystemMessageOfThePlatform(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	s := b.session(t, "northwind", ScopeRead, "desktop")
	list, err := s.ListPrompts(ctx, nil)
	require.NoError(t, err)
	var names []string
	for _, p := range list.Prompts {
		names = append(names, p.Name)
	}
	slices.Sort(names)
	require.Equal(t, []string{"blog_post", "linkedin_post"}, names)

	got, err := s.GetPrompt(ctx, &mcp.GetPromptParams{Name: "linkedin_post",
		Arguments: map[string]string{"topic": "what the 2026 Close Benchmark says about day 5"}})
	require.NoError(t, err)
	snap, err := clientos.Current(ctx, b.db.Pool, northwindID(t, b))
	require.NoError(t, err)
	o, err := snap.OS()
	require.NoError(t, err)
	require.Len(t, got.Messages, 2)
	require.Equal(t, engine.SystemPrompt(o, "linkedin").Text, got.Messages[0].Content.(*mcp.TextContent).Text)
	require.Contains(t, got.Messages[1].Content.(*mcp.TextContent).Text, "Write a linkedin post for Northwind Ledger")
	require.Contains(t, got.Messages[1].Content.(*mcp.TextContent).Text, "day 5")
}

func northwindID(t *testing.T, b *bundle) int64 {
	t.Helper()
	c, err := clientos.ClientBySlug(context.Background(), b.db.Pool, "northwind")
	require.NoError(t, err)
	return c.ID
}
