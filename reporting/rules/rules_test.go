package rules

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/reporting/evidence"
)

// TestEveryFailureModeWithAThresholdHasARule: adding a failure mode with a threshold to
// clientos.FailureModes without a rule that answers it fails here; a rule may only answer a mode
// that is in the table, and points at the document the table names.
func TestEveryFailureModeWithAThresholdHasARule(t *testing.T) {
	answered := map[string]bool{}
	for _, r := range rules {
		if r.mode == "" {
			continue
		}
		m, ok := clientos.FailureModeByID(r.mode)
		require.True(t, ok, "rule %s answers %q, which is not in clientos.FailureModes", r.name, r.mode)
		require.Positive(t, m.Needed, "rule %s answers %s, which has no threshold", r.name, r.mode)
		require.NotEmpty(t, m.Document, "failure mode %s points at no document", r.mode)
		answered[r.mode] = true
	}
	for _, m := range clientos.FailureModes {
		if m.Needed > 0 {
			require.True(t, answered[m.ID], "failure mode %s has a threshold but no proposal rule in rules", m.ID)
		}
	}
}

// TestRuleNamesAreUnique: the registry is looked up by name (to word a prose proposal), so two rows
// may not share one.
func TestRuleNamesAreUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range rules {
		require.False(t, seen[r.name], "two rules are named %s", r.name)
		seen[r.name] = true
		found, ok := ruleNamed(r.name)
		require.True(t, ok)
		require.Equal(t, r.name, found.name)
	}
}

func TestDeletedRunsIgnoreMovedAndKeptWords(t *testing.T) {
	t.Parallel()
	runs := deletedRuns("Alpha beta gamma delta.\nSame line.", "Alpha gamma delta.\nSame line.")
	require.Equal(t, [][]string{{"beta"}}, runs)
	require.Empty(t, deletedRuns("one two", "one two"))
	edits := []evidence.Edit{
		{PieceID: 1, AIText: "we leverage synergies here", HumanText: "we use this here"},
		{PieceID: 2, AIText: "teams leverage synergies daily", HumanText: "teams work daily"},
		{PieceID: 3, AIText: "leverage synergies now", HumanText: "now, leverage synergies"}, // moved, not deleted
	}
	require.Empty(t, deletedPhrases(edits, " "), "deleted in two pieces only")
	edits = append(edits, evidence.Edit{PieceID: 4, AIText: "To leverage synergies, call.", HumanText: "Call."})
	hits := deletedPhrases(edits, " ")
	require.Len(t, hits, 1)
	require.Equal(t, "leverage synergies", hits[0].Phrase, "the longer phrase wins over its words on a tie")
	require.Equal(t, []int64{1, 2, 4}, hits[0].Pieces)
	require.Empty(t, deletedPhrases(edits, " leverage synergies "), "a phrase the OS already uses is not proposed")
}

func TestGateRefusesWeightsNotSummingTo100(t *testing.T) {
	t.Parallel()
	orig, err := os.ReadFile("../testdata/acme/pillars.md")
	require.NoError(t, err)
	content, err := clientos.SetPillarWeights(string(orig), map[string]int{"Faster close": 29})
	require.NoError(t, err)
	why := Gate(Change{Rule: PillarWeights, Document: "pillars", NewContent: content}, string(orig))
	require.NotEmpty(t, why)
	require.Contains(t, why, "pillar weights sum to 99, not 100")
}

func TestSwapsIn(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ai, human string
		want      [][2]string
	}{
		{"We empower teams.", "We help teams.", [][2]string{{"empower", "help"}}},
		{"Leverage the data now.", "Use the numbers now.", [][2]string{{"leverage", "use"}, {"data", "numbers"}}},
		{"We empower teams.", "We empower teams.", nil},
		{"We empower teams.", "We teams.", nil}, // a deletion, not a swap
		{"A B C D E F.", "A x y z w F.", nil},   // four words replaced: a rewrite
		{"Line one.\nWe empower teams.", "Line one.\nWe help teams.", [][2]string{{"empower", "help"}}},
	} {
		require.Equal(t, tc.want, swapsIn(tc.ai, tc.human), "%q -> %q", tc.ai, tc.human)
	}
}
