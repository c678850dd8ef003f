package main

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"
)

// bindNorthwind binds channelID to Northwind on platform with a daily cap, straight in the
// database at url, as /mos bind would.
func bindNorthwind(t *testing.T, url, channelID, platform string, dailyCap int) {
	t.Helper()
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, url)
	require.NoError(t, err)
	defer pool.Close()
	_, err = pool.Exec(ctx, `INSERT INTO channel_bindings (channel_id, client_id, platform, daily_cap, created_by)
		SELECT $1, id, $2, $3, 'U1' FROM clients WHERE slug = 'northwind'`, channelID, platform, dailyCap)
	require.NoError(t, err)
}

func TestOSLintSaysOnlyBoundPlatformsAreBound(t *testing.T) {
	t.Parallel()
	r := runMos(t, "", "os", "lint", "--platforms", "linkedin,tiktok", exampleDir)
	requireExit(t, r, 1)
	require.Contains(t, r.stdout, "error: style/tiktok.md is missing, but you listed tiktok among the platforms to check; add a style guide for it")
	require.NotContains(t, r.stdout, "bound", "no client was named, so nothing is bound")

	url := importNorthwind(t)
	bindNorthwind(t, url, "C1", "x", 3)

	r = runMos(t, url, "os", "lint", "--client", "northwind", "--platforms", "linkedin,tiktok")
	requireExit(t, r, 1)
	require.Contains(t, r.stdout, "error: style/tiktok.md is missing, but you listed tiktok among the platforms to check; add a style guide for it")
	require.Contains(t, r.stdout, "error: style/x.md is missing, but x is one of the client's platforms (its channels are bound to it)")
	require.NotContains(t, r.stdout, "tiktok is one of the client's platforms")
	require.Contains(t, r.stdout, "warning: style/linkedin.md: cadence 3/week plans 3 LinkedIn posts a week, but no channel is bound to linkedin")
	require.Contains(t, r.stdout, "the stored OS of northwind: 2 errors, 1 warning")
}

// TestOSLintChecksCadenceAgainstBoundChannels: with --client, the cadence must fit the caps of the
// channels bound to its platform, summed over every such channel.
func TestOSLintChecksCadenceAgainstBoundChannels(t *testing.T) {
	t.Parallel()
	url := importNorthwind(t)
	bindNorthwind(t, url, "C1", "linkedin", 0)

	r := runMos(t, url, "os", "lint", "--client", "northwind")
	requireExit(t, r, 1)
	require.Contains(t, r.stdout, "error: style/linkedin.md: cadence 3/week is more than a daily cap of 0 allows (at most 0 a week); "+
		"lower the cadence, or raise the cap with /mos cap\n")
	require.Contains(t, r.stdout, "the stored OS of northwind: 1 error, 0 warnings\n")

	bindNorthwind(t, url, "C2", "linkedin", 1)
	r = runMos(t, url, "os", "lint", "--client", "northwind")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "the stored OS of northwind: no findings\n", "a second channel's cap of 1 allows 7 a week")

	dir := copyExample(t)
	edit(t, dir, "style/linkedin.md", "cadence: 3/week", "cadence: 50/day")
	r = runMos(t, "", "os", "lint", dir)
	requireExit(t, r, 1)
	require.Contains(t, r.stdout, "error: style/linkedin.md: cadence is 50/day, more than the 20 a day one team can approve")
	r = runMos(t, url, "os", "import", "--client", "northwind", dir)
	requireExit(t, r, 1)
	require.Contains(t, r.stderr+r.stdout, "cadence is 50/day")
}
