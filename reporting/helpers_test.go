package reporting

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/llm/llmtest"
	"github.com/mos-hq/mos/reporting/reportingtest"
)

const testApprover = "UAPPROVER"

// Fixed dates: the report week is 2026-W10 (Monday 2 March to Sunday 8 March 2026); the report is
// made on Monday 9 March.
var (
	testWeek = Week{Year: 2026, Num: 10}
	testNow  = time.Date(2026, 3, 9, 10, 0, 0, 0, time.UTC)
)

// day is a date in the test week: 0 is Monday.
func day(n int) time.Time { return time.Date(2026, 3, 2+n, 0, 0, 0, 0, time.UTC) }

// at is a moment on a day of the test week, in UTC.
func at(n, hour int) time.Time { return day(n).Add(time.Duration(hour) * time.Hour) }

// fixture is a migrated database with client "acme" (the testdata OS, time zone UTC, one
// approver), a fake LLM, a settable clock and a Reporter.
type fixture struct {
	t      testing.TB
	ctx    context.Context
	db     *pgtest.DB
	client clientos.Client
	llm    *llmtest.Server
	clock  *reportingtest.Clock
	r      *Reporter
	deps   Deps // what r was built with
}

// reporter builds another Reporter on the fixture's database, clock and model, with what change
// adds (a Publisher, a job client).
func (f *fixture) reporter(change func(*Deps)) *Reporter {
	d := f.deps
	change(&d)
	return New(d)
}

func setup(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	db := pgtest.New(t)
	client := reportingtest.ImportAcme(t, db.Pool)
	require.NoError(t, clientos.AddApprover(ctx, db.Pool, client.ID, testApprover, "test"))
	require.NoError(t, clientos.SetReportChannel(ctx, db.Pool, client.ID, "CREPORTS", "test"))
	client.ReportChannelID = "CREPORTS"
	srv := llmtest.New(t)
	clk := reportingtest.NewClock(testNow)
	logger := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	deps := Deps{Pool: db.Pool, Logger: logger, Now: clk.Now,
		LLM: llm.New(llm.Config{BaseURL: srv.BaseURL(), APIKey: "test", Model: "fake-model",
			Timeout: 5 * time.Second, MaxAttempts: 1, BaseBackoff: time.Millisecond}, logger, nil)}
	return &fixture{t: t, ctx: ctx, db: db, client: client, llm: srv, clock: clk, r: New(deps), deps: deps}
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}

// piece is a piece the tests insert with addPiece.
type piece = reportingtest.Piece

func (f *fixture) addPiece(p piece) int64 {
	f.t.Helper()
	return reportingtest.AddPiece(f.t, f.db.Pool, f.client.ID, p)
}

func i64(v int64) *int64 { return &v }

func (f *fixture) snapshot(pieceID int64, date time.Time, m Metrics) {
	f.t.Helper()
	_, err := SaveSnapshot(f.ctx, f.db.Pool, pieceID, date, SourceModal, "test", m)
	require.NoError(f.t, err)
}

// version stores a piece version created at the given moment.
func (f *fixture) version(pieceID int64, kind, content string, created time.Time, warnings ...string) {
	f.t.Helper()
	ws := make([]map[string]string, 0, len(warnings))
	for _, k := range warnings {
		ws = append(ws, map[string]string{"kind": k, "message": k + " finding"})
	}
	b, err := json.Marshal(ws)
	require.NoError(f.t, err)
	_, err = f.db.Pool.Exec(f.ctx, `INSERT INTO piece_versions (piece_id, phase, version, content, author_kind, author,
		warnings, created_at)
		SELECT $1, 'draft', COALESCE(max(version), 0) + 1, $2, $3, 'someone', $4, $5 FROM piece_versions
		WHERE piece_id = $1 AND phase = 'draft'`, pieceID, content, kind, b, created)
	require.NoError(f.t, err)
}

func (f *fixture) review(pieceID int64, decision string, modes []string, comment string, created time.Time) {
	f.t.Helper()
	if modes == nil {
		modes = []string{}
	}
	_, err := f.db.Pool.Exec(f.ctx, `INSERT INTO reviews (piece_id, phase, decision, failure_modes, comment, reviewer, created_at)
		VALUES ($1, 'draft', $2, $3, $4, 'UREVIEWER', $5)`, pieceID, decision, modes, comment, created)
	require.NoError(f.t, err)
}

// rejected inserts an unpublished piece rejected with modes at created.
func (f *fixture) rejected(pillar string, modes []string, created time.Time) int64 {
	f.t.Helper()
	id := f.addPiece(piece{Pillar: pillar, Brief: fmt.Sprintf("brief for a %s piece", pillar)})
	f.review(id, "rejected", modes, "reads like it is for someone else", created)
	return id
}

func (f *fixture) build() Report {
	f.t.Helper()
	r, err := Build(f.ctx, f.db.Pool, f.client.ID, testWeek, f.clock.Now())
	require.NoError(f.t, err)
	return r
}

func (f *fixture) docVersion(doc string) int {
	f.t.Helper()
	v, err := currentVersion(f.ctx, f.db.Pool, f.client.ID, doc)
	require.NoError(f.t, err)
	return v
}

func (f *fixture) docContent(doc string) string {
	f.t.Helper()
	snap, err := clientos.Current(f.ctx, f.db.Pool, f.client.ID)
	require.NoError(f.t, err)
	return snap.Docs[doc].Content
}

func (f *fixture) count(sql string, args ...any) int {
	f.t.Helper()
	var n int
	require.NoError(f.t, f.db.Pool.QueryRow(f.ctx, sql, args...).Scan(&n))
	return n
}

func rate(r *float64) float64 {
	if r == nil {
		return -1
	}
	return *r
}
