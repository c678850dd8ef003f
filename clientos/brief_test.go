package clientos_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

func TestBriefGolden(t *testing.T) {
	t.Parallel()
	o, fs := clientos.LoadDir(exampleDir, nil)
	require.Empty(t, fs)
	o.Name = "Northwind Ledger"
	li, ok := o.Style("linkedin")
	require.True(t, ok)
	text := clientos.Brief(o, []clientos.Style{li})
	path := filepath.Join("testdata", "northwind-linkedin-brief.golden.md")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./clientos -run TestBriefGolden -update to create it")
	require.Equal(t, string(want), text)
}

// TestBriefOfASmallOS: a short OS reads in time, lists every decision and its one sample.
func TestBriefOfASmallOS(t *testing.T) {
	t.Parallel()
	o := &clientos.OS{
		Brand: clientos.Brand{Forbidden: []string{"synergy"}, Voice: "Plain and calm.", ICP: "Controllers.",
			Samples: []clientos.Sample{{Title: "One", Body: "We closed in five days."}}},
		Pillars:   []clientos.Pillar{{Name: "Close", Weight: 100, Description: "Faster closes."}},
		Decisions: []string{"No pricing.", "No competitor names."},
	}
	text := clientos.Brief(o, nil)
	require.True(t, strings.HasPrefix(text, "# Writing for the client: the one-page brief\n\n_"), text)
	require.Contains(t, text, "seconds to read._\n")
	require.NotContains(t, text, "minutes to read")
	require.Contains(t, text, "- No pricing.\n- No competitor names.\n\n## Never write\n\n- \"synergy\"\n")
	require.NotContains(t, text, "more in decisions.md")
	require.Contains(t, text, "\n## A sample post (match this voice; do not copy them)\n\n### One\n\nWe closed in five days.\n")
}
