package reporting

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReportCountsClaimFlagsAsFactualErrors: claims a generated version makes that its source
// does not contain are counted with the week's check findings, as factual errors.
func TestReportCountsClaimFlagsAsFactualErrors(t *testing.T) {
	t.Parallel()
	f := setup(t)
	seedWeek(f)
	p := f.addPiece(piece{Pillar: fasterClose, Source: "study", Published: day(2)})
	flag := func(claims ...string) {
		var versionID int64
		require.NoError(t, f.db.Pool.QueryRow(f.ctx, `SELECT id FROM piece_versions WHERE piece_id = $1
			ORDER BY version DESC LIMIT 1`, p).Scan(&versionID))
		for i, c := range claims {
			_, err := f.db.Pool.Exec(f.ctx, `INSERT INTO claim_flags (version_id, position, kind, claim, verdict)
				VALUES ($1, $2, 'percent', $3, 'not_in_source')`, versionID, i, c)
			require.NoError(t, err)
		}
	}
	f.version(p, "ai", "87% of CFOs agree", at(-3, 9)) // the week before: not counted
	flag("87% of CFOs")
	f.version(p, "ai", "87% of CFOs agree; 40% do not", at(1, 9))
	flag("87% of CFOs", "40%")

	r := f.build()
	require.Equal(t, []CheckRow{
		{Kind: "factual_error", Count: 2, Document: "decisions"},
		{Kind: "forbidden", Count: 1, Document: "brand"},
		{Kind: "length", Count: 1, Document: "style/<platform>"},
	}, r.Failures.Checks)
}
