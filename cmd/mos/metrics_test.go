package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/reporting/reportingtest"
)

// publishedPiece stores a published LinkedIn piece of client slug and returns its post URL.
func publishedPiece(t *testing.T, db *pgtest.DB, slug, pillar, activityID, date string, humanOnly bool) string {
	t.Helper()
	url := "https://www.linkedin.com/feed/update/urn:li:activity:" + activityID
	_, err := db.Pool.Exec(context.Background(), `INSERT INTO pieces (client_id, channel_id, platform, pillar, state,
		human_only, requested_by, published_url, published_at, activity_urn)
		SELECT id, 'C1', 'linkedin', $2, 'published', $3, 'UWRITER', $4, $5::date, $6 FROM clients WHERE slug = $1`,
		slug, pillar, humanOnly, url, date, "urn:li:activity:"+activityID)
	require.NoError(t, err)
	return url
}

// resultsHeader is the header line of a results file with every figure.
const resultsHeader = "url,date,impressions,reactions,comments,reposts,clicks,follows,leads\n"

// northwindDB is a database with Northwind's example OS imported by `mos os import`.
func northwindDB(t *testing.T) *pgtest.DB {
	t.Helper()
	db := pgtest.New(t)
	requireExit(t, runMos(t, db.URL, "os", "import", "--client", "northwind", exampleDir), 0)
	return db
}

// northwindWithPiece is northwindDB with one published LinkedIn piece; it returns the piece's URL.
func northwindWithPiece(t *testing.T) (*pgtest.DB, string) {
	t.Helper()
	db := northwindDB(t)
	return db, publishedPiece(t, db, "northwind", "Faster close", "7200000000000000001", "2026-03-03", false)
}

func TestMetricsImportCLI(t *testing.T) {
	t.Parallel()
	db, url := northwindWithPiece(t)
	path := reportingtest.ResultsFile(t, "results.csv", resultsHeader+
		url+",2026-03-06,1000,40,5,2,10,,\n"+
		"https://www.linkedin.com/feed/update/urn:li:activity:7200000000000000999,2026-03-06,10,1,,,,,\n")

	r := runMos(t, db.URL, "metrics", "import", "--client", "northwind", path)
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "imported results.csv (csv) into northwind")
	require.Contains(t, r.stdout, "2 rows: 1 matched (1 new, 0 updated, 0 unchanged), 1 unmatched")
	require.Contains(t, r.stdout, "row 3: https://www.linkedin.com/feed/update/urn:li:activity:7200000000000000999")

	r = runMos(t, db.URL, "metrics", "import", path, "--client", "northwind")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "this file was imported before")
	require.Contains(t, r.stdout, "1 matched (0 new, 0 updated, 1 unchanged)")

	bad := reportingtest.ResultsFile(t, "bad.csv", "url,date,impressions\n"+url+",,5\n")
	r = runMos(t, db.URL, "metrics", "import", "--client", "northwind", bad)
	requireExit(t, r, 1)
	require.Contains(t, r.stderr, "cannot import bad.csv: the header has missing column(s) reactions, comments, reposts, clicks, follows, leads")

	r = runMos(t, db.URL, "metrics", "import", "--client", "nobody", path)
	requireExit(t, r, 1)
	require.Contains(t, r.stderr, `no client "nobody"`)
}

func TestMetricsUsageAndHelp(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"metrics", "--help"}, {"metrics", "import", "--help"}, {"metrics", "import", "-h"}} {
		r := runMos(t, "", args...)
		requireExit(t, r, 0)
		require.Contains(t, r.stdout, "Usage: mos metrics import --client <slug> [--unmatched-csv FILE] <file>")
	}
	requireUsageErrors(t, []misuse{
		{[]string{"metrics"}, "metrics needs a subcommand: import"},
		{[]string{"metrics", "export"}, `unknown subcommand "export"`},
		{[]string{"metrics", "import", "x.csv"}, "--client <slug> is required"},
		{[]string{"metrics", "import", "--client", "acme"}, "missing argument"},
		{[]string{"metrics", "import", "--client", "acme", "a.csv", "b.csv"}, `unexpected argument "b.csv"`},
	})
}

func TestMetricsImportListsRefusedRows(t *testing.T) {
	t.Parallel()
	db, url := northwindWithPiece(t)
	path := reportingtest.ResultsFile(t, "results.csv", resultsHeader+
		url+",2026-03-06,1000,40,5,2,10,,\n"+
		url+",2099-01-01,1000,40,,,,,\n"+
		url+",2026-03-07,10,500,,,,,\n")

	r := runMos(t, db.URL, "metrics", "import", "--client", "northwind", path)
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "3 rows: 1 matched (1 new, 0 updated, 0 unchanged), 0 unmatched, 2 refused")
	require.Contains(t, r.stdout, "refused rows — not stored, because their figures or dates cannot be right")
	require.Contains(t, r.stdout, "  row 3 ("+url+"): dated 2099-01-01 (its date column), which is in the future: today is ")
	require.Contains(t, r.stdout, "  row 4 ("+url+"): 500 reactions on 10 impressions: a post cannot get more of these than it was shown")
	var stored int
	require.NoError(t, db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM metric_snapshots`).Scan(&stored))
	require.Equal(t, 1, stored)
}
