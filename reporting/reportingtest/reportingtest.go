// Package reportingtest holds what the tests of reporting, its sub-packages and the adapters
// share: a settable clock, client "acme" imported from reporting's testdata OS, pieces inserted
// as a week of work leaves them, and results files to import. It imports no reporting package, so reporting's own
// tests can use it without a cycle.
package reportingtest

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
)

// Clock is a settable time source for a Deps.Now, safe to read from jobs and handlers while the
// test moves it.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock is a clock that reads now until it is set or advanced.
func NewClock(now time.Time) *Clock { return &Clock{now: now} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// ResultsFile writes content to a results file called name (its extension says its format) in
// a fresh temporary folder, and returns its path.
func ResultsFile(t testing.TB, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

// ImportAcme imports client "acme" (Acme Ledger, time zone UTC) from reporting/testdata/acme,
// wherever the calling test's package is.
func ImportAcme(t testing.TB, pool *pgxpool.Pool) clientos.Client {
	t.Helper()
	_, here, _, ok := runtime.Caller(0)
	require.True(t, ok, "reportingtest: cannot find its own source file")
	res, err := clientos.Import(context.Background(), pool, clientos.ImportRequest{Slug: "acme", Name: "Acme Ledger",
		Timezone: "UTC", Dir: filepath.Join(filepath.Dir(here), "..", "testdata", "acme"), Author: "test"})
	require.NoError(t, err)
	return res.Client
}

// Piece describes a piece to insert on LinkedIn in channel C1.
type Piece struct {
	Pillar    string
	Human     bool      // written without mos
	Source    string    // source signal type, "" for none
	Published time.Time // the publish date; zero: a draft ready for review, not published
	URN       string    // activity id digits, "" for none
	URL       string    // overrides the URL made from URN
	Brief     string
}

// AddPiece inserts p for the client, with its source signal when it has one, and returns its id.
func AddPiece(t testing.TB, db database.DBTX, clientID int64, p Piece) int64 {
	t.Helper()
	ctx := context.Background()
	var signal *int64
	if p.Source != "" {
		var id int64
		require.NoError(t, db.QueryRow(ctx, `INSERT INTO source_signals (client_id, source_type, url, created_by)
			VALUES ($1, $2, 'https://example.com/source', 'test') RETURNING id`, clientID, p.Source).Scan(&id))
		signal = &id
	}
	state, url, urn := "draft_ready", p.URL, ""
	var published *time.Time
	if !p.Published.IsZero() {
		state, published = "published", &p.Published
	}
	if p.URN != "" {
		urn = "urn:li:activity:" + p.URN
		if url == "" {
			url = "https://www.linkedin.com/feed/update/" + urn + "/"
		}
	}
	var id int64
	require.NoError(t, db.QueryRow(ctx, `INSERT INTO pieces (client_id, channel_id, platform, pillar, state,
		human_only, source_signal_id, brief, requested_by, published_url, published_at, activity_urn)
		VALUES ($1, 'C1', 'linkedin', $2, $3, $4, $5, $6, 'UWRITER', NULLIF($7, ''), $8, NULLIF($9, '')) RETURNING id`,
		clientID, p.Pillar, state, p.Human, signal, p.Brief, url, published, urn).Scan(&id))
	return id
}
