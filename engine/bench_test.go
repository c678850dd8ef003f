package engine

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
)

// BenchmarkApprove measures the Postgres work of one approval — load the piece, check the
// approver, and in one transaction the conditional transition, the review row and the draft job's
// insert — and reports its latency percentiles. Target: p99 under 10 ms.
func BenchmarkApprove(b *testing.B) {
	ctx := context.Background()
	bb := setup(b, withoutWorkers(), withoutNotifier()) // the adapter's own work is not the approval's
	const warmup = 20
	rows, err := bb.pool.Pool.Query(ctx, `INSERT INTO pieces (client_id, channel_id, platform, state, requested_by)
		SELECT $1, $2, 'linkedin', 'outline_ready', 'bench' FROM generate_series(1, $3) RETURNING id`,
		bb.client.ID, testChannel, b.N+warmup)
	require.NoError(b, err)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	require.NoError(b, err)
	for _, id := range ids[:warmup] {
		_, err := bb.e.Approve(ctx, id, PhaseOutline, testApprover)
		require.NoError(b, err)
	}
	ids = ids[warmup:]

	took := make([]time.Duration, len(ids))
	b.ResetTimer()
	for i, id := range ids {
		start := time.Now()
		_, err := bb.e.Approve(ctx, id, PhaseOutline, testApprover)
		took[i] = time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	slices.Sort(took)
	pct := func(p float64) float64 {
		return float64(took[min(len(took)-1, int(p*float64(len(took))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	require.Equal(b, b.N+warmup, bb.count(b, `SELECT count(*) FROM reviews`))
	require.Equal(b, b.N+warmup, bb.count(b, `SELECT count(*) FROM river_job WHERE kind = 'engine_draft'`))
}
