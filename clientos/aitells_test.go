package clientos_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

const brandBody = "# Acme\n\n## Voice\n\nPlain.\n\n## ICP\n\nCFOs.\n\n## Services\n\nBooks.\n\n## Sample posts\n\n### One\n\nWe closed in five days.\n"

func parseBrandFront(t *testing.T, front string) (clientos.Brand, []clientos.Finding) {
	t.Helper()
	o, findings := clientos.Parse(map[string]string{
		clientos.DocBrand: "---\nforbidden: [synergy]\nctas: [\"Book a call\"]\n" + front + "---\n" + brandBody,
	})
	return o.Brand, findings
}

func TestAITellsDefaultWhenAbsent(t *testing.T) {
	t.Parallel()
	b, findings := parseBrandFront(t, "")
	require.Empty(t, findings)
	require.Equal(t, clientos.DefaultAITells, b.AITells())
}

func TestAITellsOwnListReplacesDefault(t *testing.T) {
	t.Parallel()
	b, findings := parseBrandFront(t, "ai_tells:\n  - \"  Game Changer \"\n  - synergy stack\n")
	require.Empty(t, findings)
	require.Equal(t, []string{"game changer", "synergy stack"}, b.AITells())
}

func TestAITellsEmptyListMeansNone(t *testing.T) {
	t.Parallel()
	b, findings := parseBrandFront(t, "ai_tells: []\n")
	require.Empty(t, findings)
	require.Empty(t, b.AITells())
}

func TestAITellsBadInput(t *testing.T) {
	t.Parallel()
	long := "ai_tells:\n" + strings.Repeat("  - phrase\n", clientos.MaxAITells+1)
	cases := map[string]struct{ front, want string }{
		"not a list":   {"ai_tells: delve\n", "ai_tells must be a list"},
		"nested item":  {"ai_tells:\n  - [a, b]\n", "ai_tells must list plain text items"},
		"empty phrase": {"ai_tells:\n  - \"\"\n", "the ai_tells list has an empty phrase"},
		"too many":     {long, "keep it to the 200 that matter most"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b, findings := parseBrandFront(t, c.front)
			require.Len(t, findings, 1)
			require.Equal(t, clientos.SeverityError, findings[0].Severity)
			require.Contains(t, findings[0].Message, c.want)
			require.Equal(t, clientos.DefaultAITells, b.AITells(), "a broken list falls back to the defaults")
		})
	}
}
