package pgtest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/migrations"
)

func TestNewGivesIsolatedMigratedDatabases(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := pgtest.New(t), pgtest.New(t)
	require.NotEqual(t, a.Name, b.Name)
	require.NoError(t, migrations.Check(ctx, a.Pool))
	_, err := a.Pool.Exec(ctx, "INSERT INTO clients (slug, name) VALUES ('acme', 'Acme')")
	require.NoError(t, err)
	var n int
	require.NoError(t, b.Pool.QueryRow(ctx, "SELECT count(*) FROM clients").Scan(&n))
	require.Equal(t, 0, n, "rows must not leak between test databases")
}
