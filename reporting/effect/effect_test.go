package effect

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/quality"
)

// decidedPiece is a piece written with brand version v, approved unless it has rejections.
func decidedPiece(id int64, pillar string, v int, rejections ...string) Piece {
	r := quality.Record{OSVersions: map[string]int{"brand": v, "pillars": v}}
	r.Draft = quality.PhaseRecord{Decided: true, Approved: len(rejections) == 0, FirstPass: len(rejections) == 0}
	for _, m := range rejections {
		r.Rejections = append(r.Rejections, quality.Rejection{Phase: quality.PhaseDraft, FailureModes: []string{m}})
	}
	return Piece{ID: id, Pillar: pillar, Record: r}
}

func pieces(v, n, rejected int, mode string) []Piece {
	var out []Piece
	for i := range n {
		if i < rejected {
			out = append(out, decidedPiece(int64(v*100+i), "A", v, mode))
		} else {
			out = append(out, decidedPiece(int64(v*100+i), "A", v))
		}
	}
	return out
}

func TestCompareThresholds(t *testing.T) {
	t.Parallel()
	voice := clientos.ModeVoiceDrift
	for _, c := range []struct {
		name                          string
		before, after                 []Piece
		tooEarly, worse, better       bool
		wantBeforeValue, wantAfterVal float64
	}{
		{"too early after", pieces(1, 5, 0, voice), pieces(2, 4, 4, voice), true, false, false, 0, 1},
		{"too early before", pieces(1, 4, 0, voice), pieces(2, 5, 5, voice), true, false, false, 0, 1},
		{"worse from zero", pieces(1, 5, 0, voice), pieces(2, 5, 1, voice), false, true, false, 0, 0.2},
		{"a rise under 0.2 is not worse", pieces(1, 10, 0, voice), pieces(2, 10, 1, voice), false, false, false, 0, 0.1},
		{"1.4 times is not worse", pieces(1, 10, 5, voice), pieces(2, 10, 7, voice), false, false, false, 0.5, 0.7},
		{"1.5 times is worse", pieces(1, 10, 4, voice), pieces(2, 10, 6, voice), false, true, false, 0.4, 0.6},
		{"better", pieces(1, 5, 3, voice), pieces(2, 5, 0, voice), false, false, true, 0.6, 0},
		{"other modes do not count", pieces(1, 5, 0, voice), pieces(2, 5, 5, clientos.ModeOffICP), false, false, false, 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			all := append(append([]Piece{}, c.before...), c.after...)
			got := Compare(all, []Edit{{Document: "brand", Version: 2, Rule: voice, ProposalID: 1}})
			require.Len(t, got, 1)
			require.Equal(t, c.tooEarly, got[0].TooEarly)
			require.Equal(t, c.worse, got[0].Worse)
			require.Equal(t, c.better, got[0].Better)
			require.InDelta(t, c.wantBeforeValue, got[0].Before.Value, 1e-9)
			require.InDelta(t, c.wantAfterVal, got[0].After.Value, 1e-9)
		})
	}
}

func TestMeasureOf(t *testing.T) {
	t.Parallel()
	pillars := func(a, b int) string {
		return "---\npillars:\n  - name: Faster close\n    weight: " + strconv.Itoa(a) + "\n    description: Close.\n" +
			"  - name: Audit\n    weight: " + strconv.Itoa(b) + "\n    description: Audit.\n---\nOne pillar per piece.\n"
	}
	require.Equal(t, clientos.ModeVoiceDrift, MeasureOf(Edit{Document: "brand", Rule: RuleDeletedPhrase}))
	require.Equal(t, MeasureMix, MeasureOf(Edit{Document: "pillars", Rule: RulePillarWeights}))
	require.Equal(t, clientos.ModeFactualError, MeasureOf(Edit{Document: "brand", Rule: RuleRevert, Measure: clientos.ModeFactualError}),
		"a revert is judged on the measure of the edit it reverted")
	require.Equal(t, clientos.ModeFactualError, MeasureOf(Edit{Document: "decisions"}))
	require.Equal(t, clientos.ModeOffICP, MeasureOf(Edit{Document: "strategy"}))
	require.Equal(t, clientos.ModeVoiceDrift, MeasureOf(Edit{Document: "style/linkedin"}))
	require.Equal(t, MeasureMix, MeasureOf(Edit{Document: "pillars", Content: pillars(70, 30), PrevContent: pillars(50, 50)}))
	require.Equal(t, clientos.ModeGenericAngle, MeasureOf(Edit{Document: "pillars", Content: pillars(50, 50), PrevContent: pillars(50, 50)}))
}

// TestCompareVersionWithNoPieces: an edit no piece was written with, on either side, is too early
// with zero pieces, not an error.
func TestCompareVersionWithNoPieces(t *testing.T) {
	t.Parallel()
	got := Compare(nil, []Edit{{Document: "strategy", Version: 4}})
	require.Len(t, got, 1)
	require.True(t, got[0].TooEarly)
	require.Zero(t, got[0].Before.Pieces)
	require.Zero(t, got[0].After.Pieces)
	require.Empty(t, Trend(nil, got[0].Edit.At)[0].RejectionsPer10)
}

// TestCompareMixAgainstEachVersionsWeights: a weights edit is judged on the gap between the pieces'
// pillar shares and the weights of the version they were written with.
func TestCompareMixAgainstEachVersionsWeights(t *testing.T) {
	t.Parallel()
	md := func(a, b int) string {
		return "---\npillars:\n  - name: A\n    weight: " + strconv.Itoa(a) + "\n    description: a.\n" +
			"  - name: B\n    weight: " + strconv.Itoa(b) + "\n    description: b.\n---\n"
	}
	var ps []Piece
	for i := range 5 {
		ps = append(ps, decidedPiece(int64(i), "A", 1), decidedPiece(int64(10+i), "A", 2))
	}
	got := Compare(ps, []Edit{{Document: "pillars", Version: 2, Rule: RulePillarWeights, PrevContent: md(100, 0), Content: md(50, 50)}})
	require.Equal(t, MeasureMix, got[0].Measure)
	require.InDelta(t, 0, got[0].Before.Value, 1e-9, "every piece in A, weighted 100")
	require.InDelta(t, 50, got[0].After.Value, 1e-9, "every piece in A, weighted 50: 50 points off on each pillar")
	require.True(t, got[0].Worse)
}
