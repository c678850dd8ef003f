package engine

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"
)

func TestDMCardIsRecordedOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateRequested, withoutWorkers())

	won := claimsWon(t, 6, func(i int) (bool, error) {
		return b.e.SetDMCard(ctx, DMCard{PieceID: p.ID, UserID: testApprover, ChannelID: "D1", TS: "1." + string(rune('0'+i))})
	})
	require.Equal(t, 1, won, "two replicas posting at once keep one card")
	ok, err := b.e.SetDMCard(ctx, DMCard{PieceID: p.ID, UserID: testApprover2, ChannelID: "D2", TS: "2.0"})
	require.NoError(t, err)
	require.True(t, ok, "another approver has a card of their own")

	cards, err := b.e.DMCards(ctx, p.ID)
	require.NoError(t, err)
	require.Len(t, cards, 2)
	mine, err := b.e.DMCardsOf(ctx, testApprover2, []int64{p.ID, p.ID + 1})
	require.NoError(t, err)
	require.Equal(t, map[int64]DMCard{p.ID: {PieceID: p.ID, UserID: testApprover2, ChannelID: "D2", TS: "2.0"}}, mine)
}

// queryCounter counts the queries a pool sends.
type queryCounter struct{ n atomic.Int64 }

func (c *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// countingEngine is the bundle's engine on a pool that counts its queries.
func countingEngine(t *testing.T, b *bundle) (*Engine, *queryCounter) {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(b.pool.URL)
	require.NoError(t, err)
	counter := &queryCounter{}
	cfg.ConnConfig.Tracer = counter
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	return New(Deps{Pool: pool}), counter
}

// TestQueueQueriesDoNotGrowWithPieces: the App Home's queue costs the same queries for one waiting
// piece as for forty, and shows each piece whole.
func TestQueueQueriesDoNotGrowWithPieces(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withCap(100))
	e, counter := countingEngine(t, b)
	queries := func() int64 {
		before := counter.n.Load()
		q, err := e.Queue(ctx, testApprover, 50)
		require.NoError(t, err)
		for _, it := range q.Items {
			require.NotNil(t, it.Outline, "piece %d", it.Piece.ID)
			require.NotEmpty(t, it.Actions)
		}
		return counter.n.Load() - before
	}
	b.toDraftReady(t, "the first")
	one := queries()
	for i := range 39 {
		b.request(t, "more "+string(rune('a'+i%26)))
	}
	require.Eventually(t, func() bool {
		return b.count(t, `SELECT count(*) FROM pieces WHERE state = 'outline_ready'`) == 39
	}, waitFor, tick)
	require.Equal(t, one, queries(), "the same queries for 40 pieces as for 1")
	require.LessOrEqual(t, one, int64(5))
}
