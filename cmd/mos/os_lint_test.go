package main

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"
)

func TestOSLintSaysOnlyBoundPlatformsAreBound(t *testing.T) {
	t.Parallel()
	r := runMos(t, "", "os", "lint", "--platforms", "linkedin,tiktok", exampleDir)
	requireExit(t, r, 1)
	require.Contains(t, r.stdout, "error: style/tiktok.md is missing, but you listed tiktok among the platforms to check; add a style guide for it")
	require.NotContains(t, r.stdout, "bound", "no client was named, so nothing is bound")

	url := importNorthwind(t)
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, url)
	require.NoError(t, err)
	defer pool.Close()
	_, err = pool.Exec(ctx, `INSERT INTO channel_bindings (channel_id, client_id, platform, daily_cap, created_by)
		SELECT 'C1', id, 'x', 3, 'U1' FROM clients WHERE slug = 'northwind'`)
	require.NoError(t, err)

	r = runMos(t, url, "os", "lint", "--client", "northwind", "--platforms", "linkedin,tiktok")
	requireExit(t, r, 1)
	require.Contains(t, r.stdout, "error: style/tiktok.md is missing, but you listed tiktok among the platforms to check; add a style guide for it")
	require.Contains(t, r.stdout, "error: style/x.md is missing, but x is one of the client's platforms (its channels are bound to it)")
	require.NotContains(t, r.stdout, "tiktok is one of the client's platforms")
	require.Contains(t, r.stdout, "the stored OS of northwind: 2 errors, 0 warnings")
}
