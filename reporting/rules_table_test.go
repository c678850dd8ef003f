package reporting

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

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
