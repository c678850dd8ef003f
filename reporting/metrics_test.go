package reporting

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const urnA = "7100000000000000001"

// storedSnap is what a snapshot row holds of the figures these tests check.
type storedSnap struct {
	Date        time.Time
	Impressions *int64
}

func (f *fixture) snapshots(pieceID int64) []storedSnap {
	f.t.Helper()
	rows, err := f.db.Pool.Query(f.ctx, `SELECT snapshot_date, impressions FROM metric_snapshots WHERE piece_id = $1
		ORDER BY snapshot_date, source`, pieceID)
	require.NoError(f.t, err)
	defer rows.Close()
	var out []storedSnap
	for rows.Next() {
		var s storedSnap
		require.NoError(f.t, rows.Scan(&s.Date, &s.Impressions))
		out = append(out, s)
	}
	require.NoError(f.t, rows.Err())
	return out
}

func TestParseMetricsForm(t *testing.T) {
	t.Parallel()
	m, errs := ParseMetricsForm(map[string]string{"impressions": " 1,200 ", "reactions": "", "comments": "-3",
		"clicks": "abc", "leads": "0", "unknown": "x"})
	require.Equal(t, map[string]string{
		"comments": "comments: -3 is negative; counts are 0 or more (leave it blank if unknown)",
		"clicks":   `clicks: "abc" is not a whole number; type digits only, e.g. 1200 (leave it blank if unknown)`,
	}, errs)
	require.Equal(t, int64(1200), *m.Impressions)
	require.Nil(t, m.Reactions, "blank is unknown")
	require.Equal(t, int64(0), *m.Leads, "0 is a real zero")
	ok, errs := ParseMetricsForm(map[string]string{"impressions": "10"})
	require.Nil(t, errs)
	require.Equal(t, int64(10), *ok.Impressions)
}

func TestSaveResultsIsIdempotentAndCorrects(t *testing.T) {
	t.Parallel()
	f := setup(t)
	id := f.addPiece(piece{Pillar: fasterClose, Published: day(0), URN: urnA})
	date := time.Date(2026, 3, 6, 0, 0, 0, 0, time.FixedZone("NZDT", 13*3600))
	m := Metrics{Impressions: i64(500), Reactions: i64(10)}
	require.NoError(t, SaveResults(f.ctx, f.db.Pool, id, date, SourceModal, "UWRITER", m))
	xmin := func() string {
		var x string
		require.NoError(t, f.db.Pool.QueryRow(f.ctx, `SELECT xmin::text FROM metric_snapshots WHERE piece_id = $1`, id).Scan(&x))
		return x
	}
	first := xmin()
	require.NoError(t, SaveResults(f.ctx, f.db.Pool, id, date, SourceModal, "UWRITER", m))
	require.Equal(t, first, xmin(), "the same values change nothing")
	require.NoError(t, SaveResults(f.ctx, f.db.Pool, id, date, SourceModal, "UWRITER", Metrics{Impressions: i64(520), Reactions: i64(10)}))
	require.NotEqual(t, first, xmin())
	s := f.snapshots(id)
	require.Len(t, s, 1)
	require.Equal(t, "2026-03-06", s[0].Date.Format(time.DateOnly), "the date's own calendar day")
	require.Equal(t, int64(520), *s[0].Impressions)

	draft := f.addPiece(piece{Pillar: fasterClose})
	require.ErrorContains(t, SaveResults(f.ctx, f.db.Pool, draft, date, SourceModal, "U", m), "not published yet")
	require.ErrorContains(t, SaveResults(f.ctx, f.db.Pool, id, date, SourceModal, "U", Metrics{}), "fill in at least one")
}

func TestParseMetricsFormRefusesMoreThanImpressions(t *testing.T) {
	t.Parallel()
	_, errs := ParseMetricsForm(map[string]string{"impressions": "10", "reactions": "500", "comments": "3", "clicks": "11"})
	require.Equal(t, map[string]string{
		"reactions": "reactions: 500 reactions on 10 impressions cannot be right — a post cannot get more than it was shown; check both numbers (leave one blank if unknown)",
		"clicks":    "clicks: 11 clicks on 10 impressions cannot be right — a post cannot get more than it was shown; check both numbers (leave one blank if unknown)",
	}, errs)
	_, errs = ParseMetricsForm(map[string]string{"reactions": "500"})
	require.Nil(t, errs, "impressions unknown: nothing to compare")
}
