package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/engine"
)

const homeApprover = "U0MARIA"

// waitingPieces is an engine on a database where n pieces of Northwind wait for homeApprover:
// every other one a 1,300-character draft, the rest an outline.
func waitingPieces(t testing.TB, n int) *engine.Engine {
	t.Helper()
	ctx := context.Background()
	db := pgtest.New(t)
	res, err := clientos.Import(ctx, db.Pool, clientos.ImportRequest{Slug: "northwind", Name: "Northwind Ledger",
		Timezone: "Europe/Berlin", Dir: "../examples/northwind", Author: "test"})
	require.NoError(t, err)
	require.NoError(t, clientos.AddApprover(ctx, db.Pool, res.Client.ID, homeApprover, "test"))
	outline, err := json.Marshal(engine.Outline{Title: "Why the month-end close still takes 9 days",
		Hook: "Most CFOs blame people.", Sections: []string{"The baseline", "Where the days go"}, CTA: "Book a review",
		Pillar: "Faster close"})
	require.NoError(t, err)
	steps := []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO source_signals (client_id, source_type, url, created_by) VALUES ($1, 'study', 'https://example.com/s', 'U0SAM')`,
			[]any{res.Client.ID}},
		{`INSERT INTO pieces (client_id, channel_id, platform, state, requested_by, source_signal_id, state_changed_at)
			SELECT $1, 'C0NORTH', 'linkedin', CASE WHEN g % 2 = 0 THEN 'draft_ready' ELSE 'outline_ready' END, 'U0SAM',
				(SELECT max(id) FROM source_signals), now() - g * interval '7 minutes'
			FROM generate_series(1, $2::int) g`, []any{res.Client.ID, n}},
		{`INSERT INTO piece_versions (piece_id, phase, version, content, author_kind, author)
			SELECT id, 'outline', 1, $1, 'ai', 'fake-model' FROM pieces`, []any{string(outline)}},
		{`INSERT INTO piece_versions (piece_id, phase, version, content, author_kind, author)
			SELECT id, 'draft', 1, repeat('Finance teams lose two days of every close to handoffs. ', 24), 'ai', 'fake-model'
			FROM pieces WHERE state = 'draft_ready'`, nil},
		{`INSERT INTO reviews (piece_id, phase, decision, reviewer) SELECT id, 'outline', 'approved', $1
			FROM pieces WHERE state = 'draft_ready'`, []any{homeApprover}},
	}
	for _, st := range steps {
		_, err := db.Pool.Exec(ctx, st.sql, st.args...)
		require.NoError(t, err, st.sql)
	}
	return engine.New(engine.Deps{Pool: db.Pool})
}

// TestHomeOf200WaitingPieces: the App Home of an approver with 200 waiting pieces shows the
// longest-waiting 30 with their buttons, says how many more wait, and passes Slack's validator.
func TestHomeOf200WaitingPieces(t *testing.T) {
	t.Parallel()
	eng := waitingPieces(t, 200)
	view, err := homeView(context.Background(), eng, homeApprover)
	require.NoError(t, err)
	raw, err := json.Marshal(view)
	require.NoError(t, err)
	require.Empty(t, slacksim.ValidateHomeView(raw))
	require.LessOrEqual(t, len(view.Blocks.BlockSet), 100)
	text := string(raw)
	for _, want := range []string{"Waiting for you (200)", "…and 170 more waiting after these",
		"Northwind Ledger · linkedin · draft v1 · waited 23h · \\u003c#C0NORTH\\u003e"} {
		require.True(t, strings.Contains(text, want), "the home lacks %q", want)
	}
	require.Equal(t, 30, strings.Count(text, `"text":"Approve"`))
	require.Less(t, strings.Index(text, "waited 23h"), strings.Index(text, "waited 22h"), "the longest-waiting first")

	empty, err := homeView(context.Background(), eng, "U0NOBODY")
	require.NoError(t, err)
	raw, err = json.Marshal(empty)
	require.NoError(t, err)
	require.Contains(t, string(raw), "Nothing waits for your decision")
}

// BenchmarkHomeFor200WaitingPieces measures our own time for an App Home of 200 waiting pieces:
// reading the queue from Postgres and drawing the view, up to the JSON views.publish sends.
// Target: under 50 ms.
func BenchmarkHomeFor200WaitingPieces(b *testing.B) {
	eng := waitingPieces(b, 200)
	ctx := context.Background()
	var took []time.Duration
	for b.Loop() {
		start := time.Now()
		view, err := homeView(ctx, eng, homeApprover)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(view); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	var worst time.Duration
	for _, d := range took {
		worst = max(worst, d)
	}
	b.ReportMetric(float64(worst)/float64(time.Millisecond), "max-ms")
}
