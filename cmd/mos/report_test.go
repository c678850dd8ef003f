package main

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/reporting"
)

func TestReportCLI(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	requireExit(t, runMos(t, db.URL, "os", "import", "--client", "northwind", "--timezone", "Europe/London", exampleDir), 0)
	publishedPiece(t, db, "northwind", "Faster close", "7300000000000000001", "2026-03-03", false)
	publishedPiece(t, db, "northwind", "Customer stories", "7300000000000000002", "2026-03-05", true)
	_, err := db.Pool.Exec(ctx, `INSERT INTO metric_snapshots (piece_id, snapshot_date, source, impressions, reactions, entered_by)
		SELECT id, '2026-03-07', 'csv', 1000, 42, 'test' FROM pieces`)
	require.NoError(t, err)

	r := runMos(t, db.URL, "report", "--client", "northwind", "--week", "2026-W10")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "Report for 2026-W10 computed now (not stored or posted")
	for _, s := range []string{"Weekly report 2026-W10", "2 pieces published (1 AI-assisted, 1 human-only)",
		"Pillar mix vs target weights", "Faster close — target 30%, actual 50% (+20)", "AI-assisted vs human-only baseline",
		"Too little data to compare", "Source types that work", "Top failure modes", "(reactions + comments + reposts + clicks) / impressions"} {
		require.Contains(t, r.stdout, s)
	}

	r = runMos(t, db.URL, "report", "--json", "--client", "northwind", "--week", "2026-W10")
	requireExit(t, r, 0)
	var rep reporting.Report
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	require.Equal(t, "2026-W10", rep.Week.Key())
	require.Equal(t, 2, rep.Totals.Published)
	require.InDelta(t, 0.042, *rep.Totals.MedianER, 1e-9)

	// Once the weekly job stored the report, the terminal shows that one.
	c, err := clientos.ClientBySlug(ctx, db.Pool, "northwind")
	require.NoError(t, err)
	rp := reporting.New(reporting.Deps{Pool: db.Pool, Now: func() time.Time { return time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC) }})
	_, err = rp.RunWeek(ctx, c.ID, rep.Week)
	require.NoError(t, err)
	r = runMos(t, db.URL, "report", "--client", "northwind", "--week", "2026-W10")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "Stored report 2026-W10, made Mon 9 Mar 2026 09:00 GMT.")

	r = runMos(t, db.URL, "report", "--client", "northwind", "--week", "2026-W02")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "No data for 2026-W02")
	require.NotContains(t, r.stdout, "Pillar mix")
}

func TestReportUsageAndHelp(t *testing.T) {
	t.Parallel()
	r := runMos(t, "", "report", "--help")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "Usage: mos report --client <slug>")
	r = runMos(t, "", "report", "--client", "acme", "-h")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "Usage: mos report --client <slug>")
	requireUsageErrors(t, []misuse{
		{[]string{"report"}, "--client <slug> is required"},
		{[]string{"report", "--client", "acme", "--week", "48"}, `--week: "48" is not an ISO week; write it as YYYY-Www, e.g. `},
		{[]string{"report", "--client", "acme", "--week", "2025-W53"}, "2025 has no ISO week 53"},
		{[]string{"report", "--client", "acme", "--week", "9999-W01"}, "--week: 9999-W01 is too far ahead: reports cover 2000-W01 to "},
		{[]string{"report", "--client", "acme", "--week", "1900-W01"}, "--week: 1900-W01 is too long ago: reports cover 2000-W01 to "},
		{[]string{"report", "--client", "acme", "extra"}, `unexpected argument "extra"`},
	})
}
