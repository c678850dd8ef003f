package mcpserver

import (
	"context"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/require"
)

func TestTokensAreStoredHashedListedAndRevoked(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	secret, tok, err := CreateToken(ctx, b.db.Pool, "northwind", "n8n", ScopeRequest, b.clock.Now())
	require.NoError(t, err)
	require.Regexp(t, `^mos_[A-Za-z0-9_-]{43}$`, secret)
	var stored int
	require.NoError(t, b.db.Pool.QueryRow(ctx, `SELECT count(*) FROM agent_tokens
		WHERE token_hash = sha256($1::bytea) AND position($1::bytea in token_hash) = 0`, []byte(secret)).Scan(&stored))
	require.Equal(t, 1, stored, "only the sha256 of the token is stored")

	got, err := VerifyToken(ctx, b.db.Pool, secret)
	require.NoError(t, err)
	require.Equal(t, tok.ID, got.ID)
	require.Equal(t, "northwind", got.ClientSlug)
	require.Equal(t, ScopeRequest, got.Scope)

	_, _, err = CreateToken(ctx, b.db.Pool, "northwind", "n8n", ScopeRead, b.clock.Now())
	require.ErrorContains(t, err, `northwind already has a live token named "n8n"`)
	_, _, err = CreateToken(ctx, b.db.Pool, "acme", "n8n", ScopeRead, b.clock.Now())
	require.NoError(t, err, "names are per client")
	_, _, err = CreateToken(ctx, b.db.Pool, "nosuch", "x", ScopeRead, b.clock.Now())
	require.ErrorContains(t, err, `no client "nosuch"`)
	_, _, err = CreateToken(ctx, b.db.Pool, "northwind", "bad\x07name", ScopeRead, b.clock.Now())
	require.ErrorContains(t, err, "control character")

	revoked, err := RevokeToken(ctx, b.db.Pool, "northwind", "n8n", b.clock.Now().Add(time.Hour))
	require.NoError(t, err)
	require.NotNil(t, revoked.RevokedAt)
	_, err = VerifyToken(ctx, b.db.Pool, secret)
	require.ErrorIs(t, err, ErrBadToken)
	_, err = RevokeToken(ctx, b.db.Pool, "northwind", "n8n", b.clock.Now())
	require.ErrorIs(t, err, ErrTokenNotFound)

	list, err := ListTokens(ctx, b.db.Pool, "northwind")
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.NotNil(t, list[0].RevokedAt)
	_, _, err = CreateToken(ctx, b.db.Pool, "northwind", "n8n", ScopeRead, b.clock.Now())
	require.NoError(t, err, "a revoked token's name is free again")
}

func TestScopesIncludeRead(t *testing.T) {
	for _, tc := range []struct {
		have, need Scope
		ok         bool
	}{
		{ScopeRead, ScopeRead, true}, {ScopeRequest, ScopeRead, true}, {ScopeReport, ScopeRead, true},
		{ScopeRequest, ScopeRequest, true}, {ScopeReport, ScopeReport, true},
		{ScopeRead, ScopeRequest, false}, {ScopeRead, ScopeReport, false},
		{ScopeRequest, ScopeReport, false}, {ScopeReport, ScopeRequest, false},
	} {
		require.Equal(t, tc.ok, tc.have.Allows(tc.need), "%s allows %s", tc.have, tc.need)
	}
	_, err := ParseScope("admin")
	require.ErrorContains(t, err, "use read, request or report")
}

func TestStdioRefusesABadToken(t *testing.T) {
	b := setup(t)
	for _, secret := range []string{"", "mos_guessed", "not-even-a-mos-token"} {
		_, done := b.stdio(t, secret)
		require.ErrorIs(t, <-done, ErrBadToken)
	}
}

func TestARevokedTokenIsRefusedMidSession(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	s := b.session(t, "northwind", ScopeRead, "desktop")
	_, err := s.ListResources(ctx, nil)
	require.NoError(t, err)
	_, err = RevokeToken(ctx, b.db.Pool, "northwind", "desktop", b.clock.Now())
	require.NoError(t, err)
	_, err = s.ReadResource(ctx, &mcp.ReadResourceParams{URI: "mos://northwind/os/brand"})
	require.ErrorContains(t, err, "the token is not valid")
	_, err = s.CallTool(ctx, &mcp.CallToolParams{Name: "check_text", Arguments: map[string]any{"text": "x", "platform": "linkedin"}})
	require.ErrorContains(t, err, "the token is not valid")
}

func TestEachTokenIsRateLimited(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	s := b.session(t, "northwind", ScopeRead, "busy") // initialize took one call
	other := b.session(t, "northwind", ScopeRead, "calm")
	for i := 0; i < DefaultRate.Burst-1; i++ {
		_, err := s.ListResources(ctx, nil)
		require.NoError(t, err, "call %d of the burst", i+2)
	}
	_, err := s.ListResources(ctx, nil)
	require.ErrorContains(t, err, "too many calls: a token may make 10 calls a second (bursts of 20); wait 100ms and try again")
	_, err = other.ListResources(ctx, nil)
	require.NoError(t, err, "another token has its own bucket")

	b.clock.Advance(100 * time.Millisecond)
	_, err = s.ListResources(ctx, nil)
	require.NoError(t, err, "one call a tenth of a second")
	_, err = s.ListResources(ctx, nil)
	require.Error(t, err)
	b.clock.Advance(2 * time.Second)
	for i := 0; i < DefaultRate.Burst; i++ {
		_, err := s.ListResources(ctx, nil)
		require.NoError(t, err, "the bucket refills to the burst, no more")
	}
	_, err = s.ListResources(ctx, nil)
	require.Error(t, err)
}
