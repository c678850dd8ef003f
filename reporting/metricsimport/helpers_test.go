package metricsimport

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/reporting/reportingtest"
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
	return &fixture{t: t, ctx: ctx, db: db, client: reportingtest.ImportAcme(t, db.Pool)}
}

// piece is a piece the tests insert with addPiece; they insert only published ones.
type piece = reportingtest.Piece

func (f *fixture) addPiece(p piece) int64 {
	f.t.Helper()
	return reportingtest.AddPiece(f.t, f.db.Pool, f.client.ID, p)
}

func (f *fixture) count(sql string, args ...any) int {
	f.t.Helper()
	var n int
	require.NoError(f.t, f.db.Pool.QueryRow(f.ctx, sql, args...).Scan(&n))
	return n
}
