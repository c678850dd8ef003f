package metricsimport

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/mos-hq/mos/reporting/reportingtest"
)

func TestImportCSVRefusesImplausibleRows(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.addPiece(piece{Pillar: fasterClose, Published: day(0), URN: urnA})
	b := f.addPiece(piece{Pillar: audit, Published: day(1), URN: urnB})
	csv := "url,date,impressions,reactions,comments,reposts,clicks,follows,leads\n" +
		postURL(urnA) + ",2026-03-05,1000,30,2,1,14,,\n" + // row 2: fine
		postURL(urnA) + ",2099-01-01,1000,30,,,,,\n" + // row 3: in the future
		postURL(urnA) + ",1900-01-01,1000,30,,,,,\n" + // row 4: before LinkedIn
		postURL(urnA) + ",2026-03-01,1000,30,,,,,\n" + // row 5: before the piece was published (2 March)
		postURL(urnB) + ",,10,500,3,,40,,\n" + // row 6: more reactions and clicks than impressions
		postURL(urnC) + ",2099-01-01,10,1,,,,,\n" + // row 7: matches no piece, but impossible anyway
		postURL(urnB) + ",2026-03-09,,500,,,,,\n" // row 8: no impressions, so nothing to compare
	res, err := f.importFile(reportingtest.ResultsFile(t, "results.csv", csv))
	require.NoError(t, err)
	require.Equal(t, 7, res.Rows)
	require.Equal(t, 2, res.New)
	require.Empty(t, res.Unmatched, "row 7 is refused, not merely unmatched")
	require.Equal(t, []RefusedRow{
		{Row: 3, URL: postURL(urnA), Reason: "dated 2099-01-01 (its date column), which is in the future: today is 2026-03-09"},
		{Row: 4, URL: postURL(urnA), Reason: "dated 1900-01-01 (its date column), before LinkedIn existed (2003)"},
		{Row: 5, URL: postURL(urnA), Reason: "dated 2026-03-01 (its date column), before the piece was published on 2026-03-02"},
		{Row: 6, URL: postURL(urnB), Reason: "500 reactions and 40 clicks on 10 impressions: a post cannot get more of these than it was shown"},
		{Row: 7, URL: postURL(urnC), Reason: "dated 2099-01-01 (its date column), which is in the future: today is 2026-03-09"},
	}, res.Refused)
	require.Len(t, f.snapshots(a), 1)
	require.Equal(t, "2026-03-05", f.snapshots(a)[0].Date.Format("2006-01-02"))
	require.Len(t, f.snapshots(b), 1, "only row 8")
	require.Nil(t, f.snapshots(b)[0].Impressions)
	require.Equal(t, 1, f.count(`SELECT count(*) FROM audit_log WHERE action = 'metrics.import' AND detail->>'refused' = '5'`))
}

func TestImportXLSXRefusesImplausibleRows(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.addPiece(piece{Pillar: fasterClose, Published: day(0), URN: urnA})
	f.addPiece(piece{Pillar: audit, Published: day(0), URN: urnB})
	x := excelize.NewFile()
	set(t, x, "Sheet1", "A1", []any{"Post link", "Impressions", "Likes", "Comments"})
	set(t, x, "Sheet1", "A2", []any{postURL(urnA), 10, 500, 2})
	set(t, x, "Sheet1", "A3", []any{postURL(urnB), 100, 5, 200})
	path := filepath.Join(t.TempDir(), "page.xlsx")
	require.NoError(t, x.SaveAs(path))
	require.NoError(t, x.Close())
	res, err := f.importFile(path)
	require.NoError(t, err)
	require.Zero(t, res.Matched())
	require.Equal(t, []RefusedRow{
		{Row: 2, URL: postURL(urnA), Reason: "500 reactions on 10 impressions: a post cannot get more of these than it was shown"},
		{Row: 3, URL: postURL(urnB), Reason: "200 comments on 100 impressions: a post cannot get more of these than it was shown"},
	}, res.Refused)
	require.Zero(t, f.count(`SELECT count(*) FROM metric_snapshots`))

	// A creator export whose period lies in the future dates every row there.
	future := excelize.NewFile()
	set(t, future, "Sheet1", "A1", []any{"Performance", "2/22/2099 - 2/28/2099"})
	set(t, future, "Sheet1", "A3", []any{"Post URL", "Post publish date", "Engagements"})
	set(t, future, "Sheet1", "A4", []any{postURL(urnA), "2/23/2099", 5})
	path = filepath.Join(t.TempDir(), "creator.xlsx")
	require.NoError(t, future.SaveAs(path))
	require.NoError(t, future.Close())
	res, err = f.importFile(path)
	require.NoError(t, err)
	require.Equal(t, []RefusedRow{{Row: 4, URL: postURL(urnA),
		Reason: "dated 2099-02-28 (the end of the export's period), which is in the future: today is 2026-03-09"}}, res.Refused)
	require.Zero(t, f.count(`SELECT count(*) FROM metric_snapshots`))
}
