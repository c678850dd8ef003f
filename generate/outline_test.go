package generate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSettlePillar(t *testing.T) {
	t.Parallel()
	pillars := []string{"Finance Ops", "AI in practice"}
	tests := []struct {
		got, requested, want string
		warn                 bool
	}{
		{"Finance Ops", "", "Finance Ops", false},
		{"finance ops", "", "Finance Ops", false},
		{"Sports", "", "Finance Ops", true},
		{"Sports", "AI in practice", "AI in practice", true},
		{"Finance Ops", "AI in practice", "AI in practice", true},
		{"ai IN practice", "AI in practice", "AI in practice", false},
	}
	for _, tt := range tests {
		got, warnings := settlePillar(tt.got, pillars, tt.requested)
		require.Equal(t, tt.want, got, tt)
		require.Equal(t, tt.warn, len(warnings) == 1, tt)
	}
}

func TestNormalizeOutlineRejectsBadShapes(t *testing.T) {
	t.Parallel()
	good := Outline{Title: " T ", Hook: "H", Sections: []string{"a", " ", "b", "c"}, CTA: "C", Pillar: "P"}
	o, _, err := normalizeOutline(good, []string{"P"}, "")
	require.NoError(t, err)
	require.Equal(t, "T", o.Title)
	require.Equal(t, []string{"a", "b", "c"}, o.Sections)

	_, _, err = normalizeOutline(Outline{Title: "T", Sections: []string{"a", "b"}}, nil, "")
	require.ErrorContains(t, err, "2 sections")
	_, _, err = normalizeOutline(Outline{Title: "T", Sections: strings.Split("abcdefgh", "")}, nil, "")
	require.ErrorContains(t, err, "8 sections")
	_, _, err = normalizeOutline(Outline{Sections: []string{"a", "b", "c"}}, nil, "")
	require.ErrorContains(t, err, "no title")
}
