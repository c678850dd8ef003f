package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/database"
)

// BenchmarkRefreshQuality measures the quality record's share of a move's transaction for a piece
// with an outline, three 300-word drafts (the model's, a person's, a revision) and its reviews:
// "record" rewrites the record with both voice matches already stored (every move after a
// version), "voice" also matches a new draft against the OS and the Sounds-like-us pieces (every
// stored version).
func BenchmarkRefreshQuality(b *testing.B) {
	ctx := context.Background()
	bb := setup(b, withoutWorkers())
	p := bb.request(b, "brief")
	word := strings.Fields(testDraft)
	long := func(shift int) string {
		var sb strings.Builder
		for i := range 300 {
			sb.WriteString(word[(i+shift)%len(word)] + " ")
			if i%20 == 19 {
				sb.WriteString("\n\n")
			}
		}
		return sb.String()
	}
	require.NoError(b, database.Transact(ctx, bb.pool.Pool, func(tx pgx.Tx) error {
		o, _ := testOutlineJSON()
		for _, v := range []Version{{Phase: PhaseOutline, Content: o, AuthorKind: AuthorAI, Author: "m"},
			{Phase: PhaseDraft, Content: long(0), AuthorKind: AuthorAI, Author: "m"},
			{Phase: PhaseDraft, Content: long(1), AuthorKind: AuthorHuman, Author: testUser},
			{Phase: PhaseDraft, Content: long(2), AuthorKind: AuthorAI, Author: "m"}} {
			v.PieceID = p.ID
			if _, err := insertVersion(ctx, tx, v); err != nil {
				return err
			}
		}
		return nil
	}))
	for _, mode := range []string{"record", "voice"} {
		b.Run(mode, func(b *testing.B) {
			for range b.N {
				if mode == "voice" {
					_, err := bb.pool.Pool.Exec(ctx, `UPDATE quality_records SET draft_voice = NULL WHERE piece_id = $1`, p.ID)
					require.NoError(b, err)
				}
				require.NoError(b, database.Transact(ctx, bb.pool.Pool, func(tx pgx.Tx) error {
					return refreshQualityTx(ctx, tx, p.ID)
				}))
			}
		})
	}
}

func testOutlineJSON() (string, error) {
	o := testOutline("Finance Ops")
	return `{"title":"` + o.Title + `","hook":"` + o.Hook + `","sections":["a","b"],"cta":"` + o.CTA + `"}`, nil
}
