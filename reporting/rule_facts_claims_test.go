package reporting

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/llm/llmtest"
	"github.com/mos-hq/mos/reporting/evidence"
	"github.com/mos-hq/mos/reporting/rules"
)

// flagged gives a piece an AI draft written on day d whose claims the engine flagged as not in
// the source.
func (f *fixture) flagged(pieceID int64, d int, claims ...string) {
	f.t.Helper()
	f.version(pieceID, "ai", "a draft with claims", at(d, 9))
	for i, c := range claims {
		_, err := f.db.Pool.Exec(f.ctx, `INSERT INTO claim_flags (version_id, position, kind, claim, verdict)
			SELECT id, $2, 'percent', $3, 'not_in_source' FROM piece_versions
			WHERE piece_id = $1 ORDER BY version DESC LIMIT 1`, pieceID, i, c)
		require.NoError(f.t, err)
	}
}

func decisionsWithClaims(t *testing.T, decisions ...map[string]any) llmtest.Reply {
	return llmtest.JSON(t, map[string]any{"decisions": decisions, "rationale": "Locks the facts."})
}

// TestClaimFlagsAreFactualErrorEvidence: one factual-error rejection, a claim flagged in two
// pieces and a claim flagged in a piece people rejected make three findings: decisions.md gets
// locked decisions, each quoting its evidence. A claim flagged once in a piece nobody rejected is
// no evidence; the model may cite only the claims listed, and an unknown one is asked again.
func TestClaimFlagsAreFactualErrorEvidence(t *testing.T) {
	t.Parallel()
	f := setup(t)
	wrong := f.rejectedSaying([]string{"factual_error"}, "We have 212 customers, not 300.", 0)
	one, two := f.addPiece(piece{Pillar: fasterClose, Brief: "one"}), f.addPiece(piece{Pillar: fasterClose, Brief: "two"})
	f.flagged(one, 1, "87% of CFOs")
	f.flagged(two, 2, "87% of  CFOs.", "40% of teams") // the same claim, spaced differently
	voice := f.rejectedSaying([]string{"voice_drift"}, "too salesy", 3)
	f.flagged(voice, 3, "300 customers")
	f.llm.Enqueue(decisionsWithClaims(t, map[string]any{"text": "Never cite 87% of CFOs.", "evidence": []int64{}, "claims": []int{7}}),
		decisionsWithClaims(t,
			map[string]any{"text": "Never cite '87% of CFOs'; no source we hold says it.", "evidence": []int64{}, "claims": []int{1}},
			map[string]any{"text": "We have 212 customers; never round up.", "evidence": []int64{wrong}, "claims": []int{2}}))

	rep, ps := f.runWeek()
	require.Empty(t, rep.Unworded)
	require.Len(t, ps, 1)
	p := ps[0]
	require.Equal(t, rules.FactualError, p.Rule)
	require.Equal(t, f.docContent("decisions")+"- Never cite '87% of CFOs'; no source we hold says it.\n"+
		"- We have 212 customers; never round up.\n", p.NewContent)
	require.Contains(t, p.Rationale, fmt.Sprintf("rejected 1 piece for factual errors over the last %d weeks (pieces #%d), "+
		"and 2 claims that the sources do not back", evidence.Weeks, wrong))
	require.Contains(t, p.Preview, fmt.Sprintf("quotes claim 1 “87%% of CFOs” (not in its source) in 2 pieces #%d, #%d", one, two))
	require.Contains(t, p.Preview, fmt.Sprintf("quotes #%d “We have 212 customers, not 300.”; claim 2 “300 customers” "+
		"(not in its source) in 1 piece #%d, rejected: #%d", wrong, voice, voice))
	require.NotContains(t, p.Rationale+p.Preview+string(p.Evidence), "40% of teams", "a claim flagged once is no evidence")

	reqs := f.llm.Requests()
	require.Len(t, reqs, 2)
	require.Contains(t, string(reqs[0].ResponseFormat), `"claims":{"type":"array","items":{"type":"integer","enum":[1,2]}}`)
	require.Contains(t, string(reqs[0].ResponseFormat), fmt.Sprintf(`"evidence":{"type":"array","items":{"type":"integer","enum":[%d]}}`, wrong))
	require.Contains(t, reqs[0].Last().Content, "87% of CFOs")
	require.Contains(t, reqs[1].Last().Content, "cites claim 7, which is not in the evidence")
}

// TestClaimFlagsBelowTheThresholdProposeNothing: a recurring claim and a factual-error rejection
// are two findings, one short of a proposal; a third makes it.
func TestClaimFlagsBelowTheThresholdProposeNothing(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.rejectedSaying([]string{"factual_error"}, "wrong count", 0)
	a, b := f.addPiece(piece{Pillar: fasterClose}), f.addPiece(piece{Pillar: fasterClose})
	f.flagged(a, 1, "87% of CFOs")
	f.flagged(b, 2, "87% of CFOs")
	require.False(t, hasRule(f.build(), rules.FactualError))

	c := f.rejectedSaying([]string{"generic_angle"}, "generic", 3)
	f.flagged(c, 3, "9 days")
	require.True(t, hasRule(f.build(), rules.FactualError))
}

// TestClaimFlagsAloneThatCannotBeWordedShowTheFinding: three flagged claims and no rejection;
// the model twice answers with no citation, so the report shows the finding with its pieces, and
// the schema allows no rejected piece to be cited.
func TestClaimFlagsAloneThatCannotBeWordedShowTheFinding(t *testing.T) {
	t.Parallel()
	f := setup(t)
	var ids []int64
	f.addPiece(piece{Pillar: fasterClose, Published: day(2)}) // the week is not empty
	for i, claim := range []string{"87% of CFOs", "9 days", "212 customers"} {
		a, b := f.addPiece(piece{Pillar: fasterClose}), f.addPiece(piece{Pillar: fasterClose})
		f.flagged(a, i, claim)
		f.flagged(b, i, claim)
		ids = append(ids, a, b)
	}
	bad := decisionsWithClaims(t, map[string]any{"text": "Check every number.", "evidence": []int64{}, "claims": []int{}})
	f.llm.Enqueue(bad, bad)
	rep, ps := f.runWeek()
	require.Empty(t, ps)
	require.Len(t, rep.Unworded, 1)
	u := rep.Unworded[0]
	require.Equal(t, "3 claims the sources do not back", u.Summary)
	require.Equal(t, ids, u.Pieces)
	require.Contains(t, u.Reason, "names no evidence")
	require.Contains(t, string(f.llm.Requests()[0].ResponseFormat), `"evidence":{"type":"array","maxItems":0`)
}
