package reporting

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/llm/llmtest"
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

// clock is a settable time source for Deps.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// fixture is a migrated database with client "acme" (the testdata OS, time zone UTC, one
// approver), a fake LLM and a Reporter.
type fixture struct {
	t      testing.TB
	ctx    context.Context
	db     *pgtest.DB
	client clientos.Client
	llm    *llmtest.Server
	clock  *clock
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
	res, err := clientos.Import(ctx, db.Pool, clientos.ImportRequest{Slug: "acme", Name: "Acme Ledger",
		Timezone: "UTC", Dir: "testdata/acme", Author: "test"})
	require.NoError(t, err)
	require.NoError(t, clientos.AddApprover(ctx, db.Pool, res.Client.ID, testApprover, "test"))
	require.NoError(t, clientos.SetReportChannel(ctx, db.Pool, res.Client.ID, "CREPORTS", "test"))
	res.Client.ReportChannelID = "CREPORTS"
	srv := llmtest.New(t)
	clk := &clock{t: testNow}
	logger := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	deps := Deps{Pool: db.Pool, Logger: logger, Now: clk.Now,
		LLM: llm.New(llm.Config{BaseURL: srv.BaseURL(), APIKey: "test", Model: "fake-model",
			Timeout: 5 * time.Second, MaxAttempts: 1, BaseBackoff: time.Millisecond}, logger, nil)}
	return &fixture{t: t, ctx: ctx, db: db, client: res.Client, llm: srv, clock: clk, r: New(deps), deps: deps}
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}

// piece describes a piece to insert; published is the publish date (zero: not published).
type piece struct {
	pillar    string
	human     bool
	source    string // source signal type, "" for none
	published time.Time
	urn       string // activity id digits, "" for none
	url       string // overrides the URL made from urn
	brief     string
}

func (f *fixture) addPiece(p piece) int64 {
	f.t.Helper()
	var signal *int64
	if p.source != "" {
		var id int64
		require.NoError(f.t, f.db.Pool.QueryRow(f.ctx, `INSERT INTO source_signals (client_id, source_type, url, created_by)
			VALUES ($1, $2, 'https://example.com/source', 'test') RETURNING id`, f.client.ID, p.source).Scan(&id))
		signal = &id
	}
	state, url, urn := "draft_ready", p.url, ""
	var pub *time.Time
	if !p.published.IsZero() {
		state, pub = "published", &p.published
	}
	if p.urn != "" {
		urn = "urn:li:activity:" + p.urn
		if url == "" {
			url = "https://www.linkedin.com/feed/update/" + urn + "/"
		}
	}
	var id int64
	require.NoError(f.t, f.db.Pool.QueryRow(f.ctx, `INSERT INTO pieces (client_id, channel_id, platform, pillar, state,
		human_only, source_signal_id, brief, requested_by, published_url, published_at, activity_urn)
		VALUES ($1, 'C1', 'linkedin', $2, $3, $4, $5, $6, 'UWRITER', NULLIF($7, ''), $8, NULLIF($9, '')) RETURNING id`,
		f.client.ID, p.pillar, state, p.human, signal, p.brief, url, pub, urn).Scan(&id))
	return id
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
	id := f.addPiece(piece{pillar: pillar, brief: fmt.Sprintf("brief for a %s piece", pillar)})
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
