package reporting

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/reporting/rules"
)

// publishedWith publishes a piece in the test week with reactions per 100 impressions, and, when
// ai is set, its AI draft and the published (human) text.
func (f *fixture) publishedWith(er int64, brief, ai, final string) int64 {
	f.t.Helper()
	id := f.addPiece(piece{Pillar: fasterClose, Published: day(2), Brief: brief})
	f.snapshot(id, day(6), Metrics{Impressions: i64(100), Reactions: i64(er)})
	if ai != "" {
		f.version(id, "ai", ai, at(1, 8))
		f.version(id, "human", final, at(1, 9))
	}
	return id
}

const sampleAI = "Last quarter a 400-person SaaS company closed on day 11.\n\nThe fix was not a new hire. It was one owner per " +
	"reconciliation and a nightly bank match.\n\nDay 6 this quarter. Same team, same ERP."

func (f *fixture) sevenOrdinary() {
	for er := int64(1); er <= 7; er++ {
		f.publishedWith(er, fmt.Sprintf("ordinary %d", er), "", "")
	}
}

func TestTopQuartilePieceWithFewEditsBecomesASamplePost(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.sevenOrdinary()
	heavy := f.publishedWith(12, "heavily edited", sampleAI, "A person rewrote this whole post from scratch, keeping nothing the model wrote.")
	light := f.publishedWith(9, "Day 11 to day 6 with one owner per reconciliation", sampleAI,
		strings.Replace(sampleAI, "Same team", "Same people", 1))
	r := f.build()
	p := onlyProposal(t, r, rules.SamplePost)
	require.Equal(t, "brand", p.Document)
	require.NotContains(t, p.Rationale, fmt.Sprintf("#%d ", heavy), "the heavily edited top piece is not a sample")
	require.Contains(t, p.Rationale, fmt.Sprintf("Piece #%d reached 9.0%% engagement", light))
	require.False(t, clientos.HasErrors(clientos.LintDocument("brand", p.NewContent)))
	o, _ := clientos.Parse(map[string]string{"brand": p.NewContent})
	last := o.Brand.Samples[len(o.Brand.Samples)-1]
	require.Equal(t, "Day 11 to day 6 with one owner per reconciliation", last.Title)
	require.Contains(t, last.Body, "Same people, same ERP.")
	require.Len(t, o.Brand.Samples, 3)
	require.Contains(t, p.Preview, "+ ### Day 11 to day 6 with one owner per reconciliation")
}

func TestSamplePostNeedsEnoughResultsAndNoForbiddenPhrase(t *testing.T) {
	t.Parallel()
	f := setup(t)
	for er := int64(1); er <= 6; er++ {
		f.publishedWith(er, "ordinary", "", "")
	}
	f.publishedWith(9, "top", sampleAI, sampleAI)
	require.False(t, hasRule(f.build(), rules.SamplePost), "7 pieces with results are below rules.MinSampleResults")

	f.publishedWith(8, "forbidden", sampleAI+"\nA seamless close.", sampleAI+"\nA seamless close.")
	r := f.build()
	p := onlyProposal(t, r, rules.SamplePost)
	require.Contains(t, p.Preview, "+ ### top", "the best piece without a forbidden phrase")
}

func TestSamplePostOverTheSizeBudgetReplacesTheWeakestSample(t *testing.T) {
	t.Parallel()
	f := setup(t)
	o, _ := clientos.Parse(map[string]string{"brand": f.docContent("brand")})
	old := o.Brand.Samples[0]
	f.sevenOrdinary()
	long := strings.Repeat("Close the books in five days with one owner per reconciliation. ", 330)
	f.publishedWith(9, "the long one", long, long)

	r := f.build()
	require.False(t, hasRule(r, rules.SamplePost))
	require.Len(t, r.Refused, 1, "%+v", r.Proposals)
	require.Contains(t, r.Refused[0].Reason, "no current sample has weaker results to replace")

	f.publishedWith(2, "the old sample", old.Body, old.Body) // the piece the first sample came from did poorly
	p := onlyProposal(t, f.build(), rules.SamplePost)
	n, _ := clientos.Parse(map[string]string{"brand": p.NewContent})
	var titles []string
	for _, s := range n.Brand.Samples {
		titles = append(titles, s.Title)
	}
	require.Equal(t, []string{o.Brand.Samples[1].Title, "the long one"}, titles)
	require.Contains(t, p.Preview, "- ### "+old.Title+"   (removed: 2.0% engagement, the weakest sample")
}

// mark records an approver's "sounds like us" on a piece.
func (f *fixture) mark(pieceID int64) {
	f.t.Helper()
	_, err := f.db.Pool.Exec(f.ctx, `INSERT INTO reviews (piece_id, phase, decision, reviewer, created_at)
		VALUES ($1, 'draft', 'sounds_like_us', 'UMARIA', $2)`, pieceID, at(3, 11))
	require.NoError(f.t, err)
}

const rewritten = "A person rewrote this whole post from scratch, keeping nothing the model wrote.\n\nOne owner per " +
	"reconciliation took the close from day 11 to day 6."

// TestMarkedPieceBecomesASamplePostWhateverItsEdits: a heavily edited piece without results is no
// sample until an approver marks it "sounds like us"; then it is proposed, with the mark and its
// edits as the evidence.
func TestMarkedPieceBecomesASamplePostWhateverItsEdits(t *testing.T) {
	t.Parallel()
	f := setup(t)
	id := f.addPiece(piece{Pillar: fasterClose, Published: day(2), Brief: "Day 11 to day 6, rewritten by a controller"})
	f.version(id, "ai", sampleAI, at(1, 8))
	f.version(id, "human", rewritten, at(1, 9))
	require.False(t, hasRule(f.build(), rules.SamplePost), "no results and heavy edits: not a sample on its own")

	f.mark(id)
	p := onlyProposal(t, f.build(), rules.SamplePost)
	require.Contains(t, p.Rationale, fmt.Sprintf("An approver (UMARIA) marked piece #%d \"sounds like us\" on 2026-03-05", id))
	require.Contains(t, p.Rationale, "more than the 10.0% a sample otherwise allows")
	require.Contains(t, string(p.Evidence), `"sounds_like_us_by":"UMARIA"`)
	require.NotContains(t, string(p.Evidence), "engagement_rate", "no results are claimed")
	o, _ := clientos.Parse(map[string]string{"brand": p.NewContent})
	last := o.Brand.Samples[len(o.Brand.Samples)-1]
	require.Equal(t, "Day 11 to day 6, rewritten by a controller", last.Title)
	require.Equal(t, rewritten, last.Body, "the published text, edits and all")
}

// TestMarkedPieceStillNeedsTheOtherConditions: a marked piece with a forbidden phrase, a human-only
// piece and a marked piece already among the samples are not proposed.
func TestMarkedPieceStillNeedsTheOtherConditions(t *testing.T) {
	t.Parallel()
	f := setup(t)
	forbidden := f.addPiece(piece{Pillar: fasterClose, Published: day(2), Brief: "forbidden"})
	f.version(forbidden, "ai", sampleAI, at(1, 8))
	f.version(forbidden, "human", rewritten+"\nA seamless close.", at(1, 9))
	f.mark(forbidden)
	o, _ := clientos.Parse(map[string]string{"brand": f.docContent("brand")})
	already := f.addPiece(piece{Pillar: fasterClose, Published: day(2), Brief: "already a sample"})
	f.version(already, "ai", o.Brand.Samples[0].Body, at(1, 8))
	f.mark(already)
	human := f.addPiece(piece{Pillar: fasterClose, Published: day(2), Brief: "human only", Human: true})
	f.mark(human)
	require.False(t, hasRule(f.build(), rules.SamplePost))
}

// TestTopQuartileSampleComesBeforeAMarkedOne: a top-quartile piece with few edits is proposed
// before a marked piece outside the quartile; marked too, its rationale says both.
func TestTopQuartileSampleComesBeforeAMarkedOne(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.sevenOrdinary()
	marked := f.publishedWith(2, "marked but ordinary", sampleAI, rewritten)
	f.mark(marked)
	light := f.publishedWith(9, "top with few edits", sampleAI, sampleAI)
	p := onlyProposal(t, f.build(), rules.SamplePost)
	require.Contains(t, p.Rationale, fmt.Sprintf("Piece #%d reached 9.0%% engagement", light))
	require.NotContains(t, p.Rationale, "sounds like us")

	f.mark(light)
	p = onlyProposal(t, f.build(), rules.SamplePost)
	require.Contains(t, p.Rationale, fmt.Sprintf("Piece #%d reached 9.0%% engagement", light))
	require.Contains(t, p.Rationale, "marked it \"sounds like us\" on 2026-03-05")
}
