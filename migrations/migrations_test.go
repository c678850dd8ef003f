package migrations_test

import (
	"context"
	"io/fs"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/migrations"
)

func TestUpIsIdempotentAndSafeConcurrently(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.Empty(t)
	require.ErrorIs(t, migrations.Check(ctx, db.Pool), migrations.ErrNotMigrated)

	var wg sync.WaitGroup
	errs := make([]error, 3)
	results := make([]migrations.Result, 3)
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = migrations.Up(ctx, db.Pool)
		}()
	}
	wg.Wait()
	applied := 0
	for i := range 3 {
		require.NoError(t, errs[i])
		applied += len(results[i].Applied)
	}
	files, err := fs.Glob(migrations.FS(), "*.sql")
	require.NoError(t, err)
	require.Equal(t, len(files), applied, "each migration file is applied exactly once across concurrent runs")
	require.NoError(t, migrations.Check(ctx, db.Pool))

	again, err := migrations.Up(ctx, db.Pool)
	require.NoError(t, err)
	require.Empty(t, again.Applied)
	require.Empty(t, again.RiverApplied)

	var n int
	require.NoError(t, db.Pool.QueryRow(ctx, "SELECT count(*) FROM river_job").Scan(&n))
}
