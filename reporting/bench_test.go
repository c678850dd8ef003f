package reporting

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// seedBench stores 10,000 published pieces over 20 weeks (500 a week, five pillars, a quarter
// human-only), 100,000 metric snapshots (ten per piece), an AI and a human version of every piece
// (with a check finding on the AI one) and a rejection for one piece in ten; for the effect of OS
// edits and the weekly trend, an AI outline of every piece written with brand v1 or (from
// February) v2, an approval of every outline and of the drafts not rejected, and brand v2 itself.
func seedBench(b *testing.B, f *fixture) {
	b.Helper()
	for _, sql := range []string{
		`INSERT INTO source_signals (client_id, source_type, url, created_by)
		 SELECT $1, (ARRAY['interview','trend','study','competitor','other'])[g], 'https://example.com/s/' || g, 'bench'
		 FROM generate_series(1, 5) g`,
		`INSERT INTO pieces (client_id, channel_id, platform, pillar, state, human_only, source_signal_id, brief,
			requested_by, published_url, published_at, activity_urn)
		 SELECT $1, 'C1', 'linkedin',
			(ARRAY['Faster close','Audit-ready reconciliation','The lean finance team','Close Benchmark data','Customer stories'])[1 + g % 5],
			'published', g % 4 = 0, (SELECT min(id) FROM source_signals) + g % 5, 'brief ' || g, 'UBENCH',
			'https://www.linkedin.com/feed/update/urn:li:activity:' || (7000000000000000000 + g),
			date '2026-03-08' - (g % 140), 'urn:li:activity:' || (7000000000000000000 + g)
		 FROM generate_series(1, 10000) g`,
		`INSERT INTO metric_snapshots (piece_id, snapshot_date, source, impressions, reactions, comments, reposts, clicks, entered_by)
		 SELECT p.id, p.published_at + s, 'csv', 100 + (p.id * 7 + s * 13) % 5000, (p.id + s) % 90, (p.id * 3 + s) % 20,
			s % 5, (p.id + s * 5) % 40, 'bench'
		 FROM pieces p CROSS JOIN generate_series(0, 9) s WHERE p.client_id = $1`,
		`INSERT INTO piece_versions (piece_id, phase, version, content, author_kind, author, warnings, created_at)
		 SELECT p.id, 'draft', 1, 'Our close playbook ' || p.id || ' is truly transformative for finance teams.' || E'\n' ||
			'It starts with the bank feed and ends with a review of every reconciliation.', 'ai', 'model',
			'[{"kind":"forbidden","message":"uses a forbidden phrase"}]', (p.published_at - 1) + time '09:00'
		 FROM pieces p WHERE p.client_id = $1`,
		`INSERT INTO piece_versions (piece_id, phase, version, content, author_kind, author, created_at)
		 SELECT p.id, 'draft', 2, 'Our close playbook ' || p.id || ' helps finance teams.' || E'\n' ||
			'It starts with the bank feed and ends with a review of every reconciliation.', 'human', 'UEDITOR',
			(p.published_at - 1) + time '11:00'
		 FROM pieces p WHERE p.client_id = $1`,
		`INSERT INTO reviews (piece_id, phase, decision, failure_modes, comment, reviewer, created_at)
		 SELECT p.id, 'draft', 'rejected', CASE p.id % 3 WHEN 0 THEN ARRAY['off_icp'] WHEN 1 THEN ARRAY['generic_angle']
			ELSE ARRAY['voice_drift', 'factual_error'] END,
			'not for our reader', 'UREVIEWER', (p.published_at - 2) + time '10:00'
		 FROM pieces p WHERE p.client_id = $1 AND p.id % 10 = 0`,
		`UPDATE pieces SET created_at = (published_at - 3) + time '08:00' WHERE client_id = $1`,
		`INSERT INTO os_versions (client_id, document, version, content, content_hash, author, reason, created_at)
		 SELECT client_id, document, 2, content || E'\n', content_hash || '2', 'UEDITOR', 'bench edit', timestamptz '2026-01-31 12:00Z'
		 FROM os_versions WHERE client_id = $1 AND document = 'brand' AND version = 1`,
		`INSERT INTO piece_versions (piece_id, phase, version, content, author_kind, author, os_versions, created_at)
		 SELECT p.id, 'outline', 1, 'Outline ' || p.id, 'ai', 'model',
			jsonb_build_object('brand', CASE WHEN p.created_at < timestamptz '2026-01-31 12:00Z' THEN 1 ELSE 2 END),
			(p.published_at - 3) + time '09:00'
		 FROM pieces p WHERE p.client_id = $1`,
		`INSERT INTO reviews (piece_id, phase, decision, reviewer, created_at)
		 SELECT p.id, 'outline', 'approved', 'UREVIEWER', (p.published_at - 3) + time '10:00' FROM pieces p WHERE p.client_id = $1`,
		`INSERT INTO reviews (piece_id, phase, decision, reviewer, created_at)
		 SELECT p.id, 'draft', 'approved', 'UREVIEWER', (p.published_at - 1) + time '12:00' FROM pieces p
		 WHERE p.client_id = $1 AND p.id % 10 <> 0`,
	} {
		_, err := f.db.Pool.Exec(f.ctx, sql, f.client.ID)
		require.NoError(b, err)
	}
	_, err := f.db.Pool.Exec(f.ctx, `ANALYZE`)
	require.NoError(b, err)
	require.Equal(b, 100000, f.count(`SELECT count(*) FROM metric_snapshots`))
}

// BenchmarkBuildReport computes a weekly report over 10,000 pieces and 100,000 snapshots; the
// target is under 500 ms per report.
func BenchmarkBuildReport(b *testing.B) {
	f := setup(b)
	seedBench(b, f)
	var r Report
	for b.Loop() {
		var err error
		r, err = Build(f.ctx, f.db.Pool, f.client.ID, testWeek, testNow)
		require.NoError(b, err)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
	require.InDelta(b, 500, r.Totals.Published, 10) // 10,000 pieces over 140 days
	require.NotEmpty(b, r.Proposals)
	require.Len(b, r.Better.Effects, 1)
	require.False(b, r.Better.Effects[0].TooEarly)
	require.Positive(b, r.Better.Weeks[4].Pieces)
}
