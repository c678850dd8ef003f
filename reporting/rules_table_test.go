package reporting

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
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

// TestFailureModeWords: the words each mode reads as in the report, from the one table.
func TestFailureModeWords(t *testing.T) {
	var got [][3]string
	for _, m := range failureModes {
		got = append(got, [3]string{m.ID, m.InText(), m.Qualifier()})
	}
	require.Equal(t, [][3]string{
		{"off_icp", "off-ICP framing", "off-ICP"},
		{"voice_drift", "voice drift", "voice-drift"},
		{"generic_angle", "generic angle", "generic-angle"},
		{"factual_error", "factual error", "factual-error"},
		{"forbidden_phrase", "forbidden phrase", "forbidden-phrase"},
		{"other", "other", "other"},
	}, got)
	unknown, ok := clientos.FailureModeByID("tone_deaf")
	require.False(t, ok)
	require.Equal(t, "tone deaf", unknown.InText())
	require.Equal(t, "tone-deaf", unknown.Qualifier())
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
