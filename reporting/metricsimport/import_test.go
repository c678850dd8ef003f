package metricsimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/mos-hq/mos/regularfile/fifotest"
	"github.com/mos-hq/mos/reporting"
	"github.com/mos-hq/mos/reporting/reportingtest"
)

const (
	urnA = "7100000000000000001"
	urnB = "7100000000000000002"
	urnC = "7100000000000000003" // no piece has it
)

func postURL(id string) string { return "https://www.linkedin.com/feed/update/urn:li:activity:" + id }

// creatorExport writes a French LinkedIn creator analytics export: a discovery sheet with the
// period, a daily sheet, and "Meilleurs posts" with a note row and two tables side by side
// (URL | date | Interactions, then URL | date | Impressions, each in its own order).
func creatorExport(t *testing.T, dir string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	require.NoError(t, f.SetSheetName("Sheet1", "DÉCOUVERTE"))
	set(t, f, "DÉCOUVERTE", "A1", []any{"Performances globales", "2/22/2026 - 2/28/2026"})
	set(t, f, "DÉCOUVERTE", "A2", []any{"Impressions", 4100})
	newSheet(t, f, "INTERACTIONS")
	set(t, f, "INTERACTIONS", "A1", []any{"Date", "Impressions", "Interactions"})
	set(t, f, "INTERACTIONS", "A2", []any{"2/22/2026", 600, 12})
	newSheet(t, f, "Meilleurs posts")
	set(t, f, "Meilleurs posts", "A1", []any{"Maximum de 50 posts disponibles à inclure dans cette liste"})
	set(t, f, "Meilleurs posts", "A3", []any{"URL du post", "Date de publication du post", "Interactions", nil,
		"URL du post", "Date de publication du post", "Impressions"})
	set(t, f, "Meilleurs posts", "A4", []any{postURL(urnA), "2/23/2026", 50, nil, postURL(urnB), "2/24/2026", 3000})
	set(t, f, "Meilleurs posts", "A5", []any{"https://www.linkedin.com/posts/jane-doe_close-activity-" + urnB + "-AbCd", "2/24/2026", 20, nil,
		postURL(urnA), "2/23/2026", 1000})
	set(t, f, "Meilleurs posts", "A6", []any{postURL(urnC), "2/25/2026", 5, nil, postURL(urnC), "2/25/2026", 100})
	newSheet(t, f, "ABONNÉS")
	set(t, f, "ABONNÉS", "A1", []any{"Nombre total d'abonnés au 28/02/2026 :", 812})
	set(t, f, "ABONNÉS", "A3", []any{"Date", "Nouveaux abonnés"})
	path := filepath.Join(dir, "Contenu_2026-02-22_2026-02-28.xlsx")
	require.NoError(t, f.SaveAs(path))
	return path
}

// pageExport writes a company page content export: a reporting.Metrics sheet and "All posts" with a note row
// and LinkedIn's column layout.
func pageExport(t *testing.T, dir string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	require.NoError(t, f.SetSheetName("Sheet1", "Metrics"))
	set(t, f, "Metrics", "A1", []any{"Date", "Impressions (organic)", "Clicks (organic)"})
	set(t, f, "Metrics", "A2", []any{"03/01/2026", 900, 12})
	newSheet(t, f, "All posts")
	set(t, f, "All posts", "A1", []any{"All posts: metrics are lifetime totals for each post"})
	set(t, f, "All posts", "A2", []any{"Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date",
		"Campaign start date", "Campaign end date", "Audience", "Impressions", "Views (excluding off-site video views)",
		"Off-site views", "Clicks", "Click through rate (CTR)", "Likes", "Comments", "Reposts", "Follows", "Engagement rate", "Content Type"})
	set(t, f, "All posts", "A3", []any{"Close in 5 days", postURL(urnA), "Organic", "", "Acme", "03/02/2026", "", "", "All followers",
		2400, 0, 0, 60, 0.025, 48, 6, 3, 2, 0.049, "Text"})
	set(t, f, "All posts", "A4", []any{"Audit story", postURL(urnC), "Organic", "", "Acme", "03/03/2026", "", "", "All followers",
		500, 0, 0, "", "", 9, 1, 0, "", 0.02, "Image"})
	path := filepath.Join(dir, "acme_content_1772000000000.xlsx")
	require.NoError(t, f.SaveAs(path))
	return path
}

func set(t *testing.T, f *excelize.File, sheet, cell string, row []any) {
	t.Helper()
	require.NoError(t, f.SetSheetRow(sheet, cell, &row))
}

func newSheet(t *testing.T, f *excelize.File, name string) {
	t.Helper()
	_, err := f.NewSheet(name)
	require.NoError(t, err)
}

type storedSnap struct {
	Date                                              time.Time
	Source                                            string
	Impressions, Reactions, Comments, Reposts, Clicks *int64
	Follows, Leads, Engagements                       *int64
}

func (f *fixture) snapshots(pieceID int64) []storedSnap {
	f.t.Helper()
	rows, err := f.db.Pool.Query(f.ctx, `SELECT snapshot_date, source, impressions, reactions, comments, reposts, clicks,
		follows, leads, engagements FROM metric_snapshots WHERE piece_id = $1 ORDER BY snapshot_date, source`, pieceID)
	require.NoError(f.t, err)
	defer rows.Close()
	var out []storedSnap
	for rows.Next() {
		var s storedSnap
		require.NoError(f.t, rows.Scan(&s.Date, &s.Source, &s.Impressions, &s.Reactions, &s.Comments, &s.Reposts,
			&s.Clicks, &s.Follows, &s.Leads, &s.Engagements))
		out = append(out, s)
	}
	require.NoError(f.t, rows.Err())
	return out
}

func (f *fixture) importFile(path string) (Result, error) {
	return File(f.ctx, f.db.Pool, "acme", path, testNow)
}

func TestImportCreatorXLSXFindsTablesByStructure(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.addPiece(piece{Pillar: fasterClose, Published: day(-8), URN: urnA})
	b := f.addPiece(piece{Pillar: audit, Published: day(-7), URL: "https://www.linkedin.com/feed/update/urn:li:activity:" + urnB + "?utm_source=share"})
	path := creatorExport(t, t.TempDir())

	res, err := f.importFile(path)
	require.NoError(t, err)
	require.Equal(t, FormatLinkedInCreator, res.Format)
	require.Equal(t, "Meilleurs posts", res.Sheet)
	require.Equal(t, "2026-02-28", res.SnapshotDate.Format(time.DateOnly), "dated by the export's period")
	require.Equal(t, 3, res.Rows)
	require.Equal(t, 2, res.New)
	require.Equal(t, 2, res.Matched())
	require.Equal(t, []UnmatchedRow{{Row: 6, URL: postURL(urnC)}}, res.Unmatched, "reported, not dropped")
	require.False(t, res.Repeat)

	sa := f.snapshots(a)
	require.Len(t, sa, 1)
	require.Equal(t, reporting.SourceXLSXCreator, sa[0].Source)
	require.Equal(t, int64(1000), *sa[0].Impressions)
	require.Equal(t, int64(50), *sa[0].Engagements)
	require.Nil(t, sa[0].Reactions, "the creator export has no split: unknown, not zero")
	require.Nil(t, sa[0].Clicks)
	sb := f.snapshots(b)
	require.Equal(t, int64(3000), *sb[0].Impressions)
	require.Equal(t, int64(20), *sb[0].Engagements)

	again, err := f.importFile(path)
	require.NoError(t, err)
	require.Equal(t, 0, again.New+again.Updated)
	require.Equal(t, 2, again.Unchanged)
	require.True(t, again.Repeat)
	require.Equal(t, 2, f.count(`SELECT count(*) FROM metric_snapshots`))
	require.Equal(t, 1, f.count(`SELECT count(*) FROM metric_imports`))
}

func TestImportPageAllPostsSheet(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.addPiece(piece{Pillar: fasterClose, Published: day(0), URN: urnA})
	res, err := f.importFile(pageExport(t, t.TempDir()))
	require.NoError(t, err)
	require.Equal(t, FormatLinkedInPage, res.Format)
	require.Equal(t, "All posts", res.Sheet)
	require.Equal(t, testNow.Format(time.DateOnly), res.SnapshotDate.Format(time.DateOnly), "no period in the file: today")
	require.Equal(t, 1, res.New)
	require.Len(t, res.Unmatched, 1)
	s := f.snapshots(a)[0]
	require.Equal(t, reporting.SourceXLSXPage, s.Source)
	require.Equal(t, storedSnap{Date: s.Date, Source: reporting.SourceXLSXPage, Impressions: i64(2400), Reactions: i64(48), Comments: i64(6),
		Reposts: i64(3), Clicks: i64(60), Follows: i64(2)}, s, "CTR and engagement rate are ratios, not counts")
}

func TestImportCSV(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.addPiece(piece{Pillar: fasterClose, Published: day(0), URN: urnA})
	blog := f.addPiece(piece{Pillar: audit, Published: day(1), URL: "https://acme.example/blog/close-in-5/"})
	csv := "url,date,impressions,reactions,comments,reposts,clicks,follows,leads\n" +
		postURL(urnA) + ",2026-03-05,1200,30,,2,14,,1\n" +
		"https://acme.example/blog/close-in-5,,800,,,,40,,3\n" +
		postURL(urnC) + ",2026-03-05,10,1,0,0,0,0,0\n"
	path := reportingtest.ResultsFile(t, "results.csv", csv)
	res, err := f.importFile(path)
	require.NoError(t, err)
	require.Equal(t, FormatCSV, res.Format)
	require.Equal(t, 2, res.New)
	require.Equal(t, []UnmatchedRow{{Row: 4, URL: postURL(urnC)}}, res.Unmatched)
	s := f.snapshots(a)[0]
	require.Equal(t, "2026-03-05", s.Date.Format(time.DateOnly))
	require.Nil(t, s.Comments, "blank is unknown")
	require.Equal(t, int64(1), *s.Leads)
	sb := f.snapshots(blog)[0]
	require.Equal(t, testNow.Format(time.DateOnly), sb.Date.Format(time.DateOnly), "blank date: the import's date")

	again, err := f.importFile(path)
	require.NoError(t, err)
	require.Equal(t, 2, again.Unchanged)
	require.Zero(t, again.New+again.Updated)

	fixed := strings.Replace(csv, "1200,30", "1250,31", 1)
	res, err = f.importFile(reportingtest.ResultsFile(t, "results-fixed.csv", fixed))
	require.NoError(t, err)
	require.Equal(t, 1, res.Updated, "a correction replaces the day's figures")
	require.Equal(t, 1, res.Unchanged)
	require.Len(t, f.snapshots(a), 1)
	require.Equal(t, int64(1250), *f.snapshots(a)[0].Impressions)
}

func TestImportRefusesBadFiles(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.addPiece(piece{Pillar: fasterClose, Published: day(0), URN: urnA})
	dir := t.TempDir()
	header := "url,date,impressions,reactions,comments,reposts,clicks,follows,leads\n"

	locked := filepath.Join(dir, "locked.xlsx")
	x := excelize.NewFile()
	set(t, x, "Sheet1", "A1", []any{"Post URL", "Impressions"})
	set(t, x, "Sheet1", "A2", []any{postURL(urnA), 10})
	require.NoError(t, x.SaveAs(locked, excelize.Options{Password: "secret"}))
	require.NoError(t, x.Close())

	noPosts := filepath.Join(dir, "followers.xlsx")
	y := excelize.NewFile()
	set(t, y, "Sheet1", "A1", []any{"Date", "New followers"})
	set(t, y, "Sheet1", "A2", []any{"3/1/2026", 4})
	require.NoError(t, y.SaveAs(noPosts))
	require.NoError(t, y.Close())

	big := filepath.Join(dir, "big.csv")
	fh, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, fh.Truncate(MaxFileBytes+1))
	require.NoError(t, fh.Close())

	cases := []struct {
		name, path, want string
	}{
		{"corrupt xlsx", reportingtest.ResultsFile(t, "broken.xlsx", "PK\x03\x04 this is not really a zip"), "not a readable .xlsx workbook"},
		{"password-protected xlsx", locked, "password-protected"},
		{"xlsx without posts", noPosts, "no sheet has a table of post URLs"},
		{"csv missing a column", reportingtest.ResultsFile(t, "a.csv", "url,date,impressions,reactions,comments,reposts,clicks,follows\n"+postURL(urnA)+",,1,1,1,1,1,1\n"),
			"missing column(s) leads"},
		{"csv extra column", reportingtest.ResultsFile(t, "b.csv", strings.TrimSuffix(header, "\n")+",saves\n"+postURL(urnA)+",,1,1,1,1,1,1,1,1\n"),
			`unknown column(s) "saves"`},
		{"csv row with extra cell", reportingtest.ResultsFile(t, "c.csv", header+postURL(urnA)+",,1,1,1,1,1,1,1,9\n"), "row 2 has 10 columns but the header has 9"},
		{"negative", reportingtest.ResultsFile(t, "d.csv", header+postURL(urnA)+",,-5,1,1,1,1,1,1\n"), "row 2, column impressions: -5 is negative"},
		{"non-numeric", reportingtest.ResultsFile(t, "e.csv", header+postURL(urnA)+",,5,1,1,1,1,1,1\n"+postURL(urnA)+",2026-03-01,5,abc,1,1,1,1,1\n"),
			`row 3, column reactions: "abc" is not a whole number`},
		{"bad date", reportingtest.ResultsFile(t, "f.csv", header+postURL(urnA)+",03/05/2026,5,1,1,1,1,1,1\n"), "row 2, column date"},
		{"no header", reportingtest.ResultsFile(t, "g.csv", postURL(urnA)+",,5,1,1,1,1,1,1\n"), "the header has"},
		{"over 20 MiB", big, "over the 20 MiB limit"},
		{"missing file", filepath.Join(dir, "nope.csv"), "no such file"},
	}
	for _, c := range cases {
		_, err := f.importFile(c.path)
		var ie *Error
		require.ErrorAs(t, err, &ie, c.name)
		require.ErrorContains(t, err, c.want, c.name)
		require.ErrorContains(t, err, "cannot import "+filepath.Base(c.path), c.name)
	}
	require.Zero(t, f.count(`SELECT count(*) FROM metric_snapshots`), "a refused file stores nothing")
}

func TestImportRefusesWhatIsNotAFileAtOnce(t *testing.T) {
	t.Parallel()
	f := setup(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.csv")
	fifotest.Make(t, fifo)
	link := filepath.Join(dir, "link.csv")
	require.NoError(t, os.Symlink(fifo, link))
	for _, c := range []struct{ path, want string }{
		{fifo, "cannot import fifo.csv: it is a named pipe (FIFO), not a file; give the exported .xlsx or .csv file itself"},
		{link, "cannot import link.csv: it is a named pipe (FIFO), not a file"},
		{os.DevNull, "cannot import null: it is a device, not a file"},
		{dir, "it is a folder; give the exported .xlsx or .csv file"},
	} {
		var err error
		fifotest.RequireReturns(t, dir, func() { _, err = f.importFile(c.path) })
		var ie *Error
		require.ErrorAs(t, err, &ie, c.path)
		require.ErrorContains(t, err, c.want)
	}
	require.Zero(t, f.count(`SELECT count(*) FROM metric_imports`), "a refused file stores nothing")
}

func TestImportXLSXRefusesNonNumericCellWithItsPlace(t *testing.T) {
	t.Parallel()
	f := setup(t)
	x := excelize.NewFile()
	set(t, x, "Sheet1", "A1", []any{"Note row"})
	set(t, x, "Sheet1", "A2", []any{"Post link", "Impressions", "Likes"})
	set(t, x, "Sheet1", "A3", []any{postURL(urnA), 100, "lots"})
	path := filepath.Join(t.TempDir(), "page.xlsx")
	require.NoError(t, x.SaveAs(path))
	require.NoError(t, x.Close())
	_, err := f.importFile(path)
	require.ErrorContains(t, err, `sheet "Sheet1", row 3, column C (reactions): "lots" is not a whole number`)
}

func TestPostURN(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://www.linkedin.com/feed/update/urn:li:activity:7123456789012345678/":         "urn:li:activity:7123456789012345678",
		"https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7123456789012345678":    "urn:li:activity:7123456789012345678",
		"https://www.linkedin.com/posts/jane_close-activity-7123456789012345678-AbCd?utm=x": "urn:li:activity:7123456789012345678",
		"https://www.linkedin.com/feed/update/urn:li:ugcPost:7123456789012345679":           "urn:li:ugcPost:7123456789012345679",
		"urn:li:share:7123456789012345670":                                                  "urn:li:share:7123456789012345670",
		"https://acme.example/blog/post":                                                    "",
	} {
		require.Equal(t, want, PostURN(in), in)
	}
}
