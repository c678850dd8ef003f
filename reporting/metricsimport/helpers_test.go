package metricsimport

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database/pgtest"
)

// Pillars of the testdata OS (reporting/testdata/acme).
const (
	fasterClose = "Faster close"
	audit       = "Audit-ready reconciliation"
)

// testNow is when the imports run: Monday 9 March 2026.
var testNow = time.Date(2026, 3, 9, 10, 0, 0, 0, time.UTC)

// day is a date in the week before testNow: 0 is Monday 2 March.
func day(n int) time.Time { return time.Date(2026, 3, 2+n, 0, 0, 0, 0, time.UTC) }

func i64(v int64) *int64 { return &v }

// fixture is a migrated database with client "acme" (the reporting testdata OS, time zone UTC).
type fixture struct {
	t      testing.TB
	ctx    context.Context
	db     *pgtest.DB
	client clientos.Client
}

func setup(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	db := pgtest.New(t)
	res, err := clientos.Import(ctx, db.Pool, clientos.ImportRequest{Slug: "acme", Name: "Acme Ledger",
		Timezone: "UTC", Dir: "../testdata/acme", Author: "test"})
	require.NoError(t, err)
	return &fixture{t: t, ctx: ctx, db: db, client: res.Client}
}

// piece describes a published piece to insert.
type piece struct {
	pillar    string
	published time.Time
	urn       string // activity id digits, "" for none
	url       string // overrides the URL made from urn
}

func (f *fixture) addPiece(p piece) int64 {
	f.t.Helper()
	url, urn := p.url, ""
	if p.urn != "" {
		urn = "urn:li:activity:" + p.urn
		if url == "" {
			url = "https://www.linkedin.com/feed/update/" + urn + "/"
		}
	}
	var id int64
	require.NoError(f.t, f.db.Pool.QueryRow(f.ctx, `INSERT INTO pieces (client_id, channel_id, platform, pillar, state,
		brief, requested_by, published_url, published_at, activity_urn)
		VALUES ($1, 'C1', 'linkedin', $2, 'published', '', 'UWRITER', NULLIF($3, ''), $4, NULLIF($5, '')) RETURNING id`,
		f.client.ID, p.pillar, url, p.published, urn).Scan(&id))
	return id
}

func (f *fixture) count(sql string, args ...any) int {
	f.t.Helper()
	var n int
	require.NoError(f.t, f.db.Pool.QueryRow(f.ctx, sql, args...).Scan(&n))
	return n
}
