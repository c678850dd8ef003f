package main

import (
	"context"
	"io"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/engine"
)

// BenchmarkReportPieces streams the quality records of 10,000 pieces from Postgres as CSV and as
// JSON, and reports the heap in use at the end of each pass (it stays that of one row and the
// buffers, whatever the number of pieces).
func BenchmarkReportPieces(b *testing.B) {
	ctx := context.Background()
	db := pgtest.New(b)
	_, err := clientos.Import(ctx, db.Pool, clientos.ImportRequest{Slug: "northwind", Name: "Northwind", Timezone: "UTC",
		Dir: exampleDir, Author: "bench"})
	require.NoError(b, err)
	_, err = db.Pool.Exec(ctx, `INSERT INTO pieces (client_id, channel_id, platform, pillar, state, requested_by)
		SELECT c.id, 'C1', 'linkedin', 'Faster close', 'published', 'U1' FROM clients c, generate_series(1, 10000)`)
	require.NoError(b, err)
	_, err = db.Pool.Exec(ctx, `INSERT INTO quality_records (piece_id, client_id, outline_decided, outline_approved,
		edit_ratio, edit_distance, ai_words, draft_approved, draft_decided, unresolved_flags, warnings_left,
		os_versions, rejections, draft_voice, draft_voice_score)
		SELECT id, client_id, true, true, 0.25, 10, 40, true, true, 0, 1, '{"brand": 3, "pillars": 2}',
			'[{"phase": "draft", "failure_modes": ["voice_drift"]}]',
			'{"version": 1, "score": 71, "scored": true, "samples": 4, "reasons": ["sentences twice as long as your approved posts: 24 vs 11 words"]}', 71
		FROM pieces`)
	require.NoError(b, err)
	var clientID int64
	require.NoError(b, db.Pool.QueryRow(ctx, `SELECT id FROM clients`).Scan(&clientID))
	for _, format := range []string{"csv", "json"} {
		b.Run(format, func(b *testing.B) {
			var ms runtime.MemStats
			for b.Loop() {
				err := writePieces(io.Discard, format, func(fn func(engine.QualityRow) error) error {
					return engine.EachQualityRow(ctx, db.Pool, clientID, fn)
				})
				require.NoError(b, err)
			}
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
		})
	}
}
