package engine

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// BenchmarkPlanFor measures one read of the week's plan (what /mos plan, the /draft form and the
// App Home each do) for a client with 5,000 published pieces over the last four weeks and 200
// under way: a fixed number of queries, one grouped count over the pieces index.
func BenchmarkPlanFor(b *testing.B) {
	ctx := context.Background()
	bb := setup(b, withoutWorkers(), withoutNotifier())
	withCadence(b, bb, "3/week")
	bb.clock.Set(time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC))
	_, err := bb.pool.Pool.Exec(ctx, `INSERT INTO pieces (client_id, channel_id, platform, pillar, state, requested_by, published_at)
		SELECT $1, $2, 'linkedin', 'Pillar ' || (g % 7), 'published', 'bench', DATE '2026-03-12' - (g % 30)
		FROM generate_series(1, 5000) g`, bb.client.ID, testChannel)
	require.NoError(b, err)
	_, err = bb.pool.Pool.Exec(ctx, `INSERT INTO pieces (client_id, channel_id, platform, state, requested_by, created_at)
		SELECT $1, $2, 'linkedin', 'draft_ready', 'bench', $3 FROM generate_series(1, 200)`,
		bb.client.ID, testChannel, bb.clock.Now())
	require.NoError(b, err)
	p, err := bb.e.PlanFor(ctx, testChannel)
	require.NoError(b, err)
	require.True(b, p.Cadence.IsSet())
	b.ResetTimer()
	for range b.N {
		if _, err := bb.e.PlanFor(ctx, testChannel); err != nil {
			b.Fatal(err)
		}
	}
}
