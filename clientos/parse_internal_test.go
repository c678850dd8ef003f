package clientos

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSplitFrontMatter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in, yaml, body string
		has, bad             bool
	}{
		{"none", "# Title\n", "", "# Title\n", false, false},
		{"empty", "---\n---\nbody\n", "", "body\n", true, false},
		{"keys", "---\na: 1\nb: 2\n---\nbody\n", "a: 1\nb: 2\n", "body\n", true, false},
		{"crlf", "---\r\na: 1\r\n---\r\nbody\r\n", "a: 1\r\n", "body\r\n", true, false},
		{"at end", "---\na: 1\n---", "a: 1\n", "", true, false},
		{"unclosed", "---\na: 1\n", "", "---\na: 1\n", true, true},
		{"dashes later are body", "text\n---\na: 1\n---\n", "", "text\n---\na: 1\n---\n", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			y, body, has, err := splitFrontMatter(tc.in)
			require.Equal(t, tc.bad, err != nil)
			require.Equal(t, tc.has, has)
			require.Equal(t, tc.yaml, y)
			require.Equal(t, tc.body, body)
		})
	}
}

func TestBullets(t *testing.T) {
	t.Parallel()
	got := bullets("# Locked\n\nIntro text.\n\n- First\n  continued here.\n* Second\n\n1. Third\n   - nested stays inside\nNot a bullet.\n")
	require.Equal(t, []string{"First continued here.", "Second", "Third - nested stays inside"}, got)
}

func TestDemoteSkipsCodeFences(t *testing.T) {
	t.Parallel()
	in := "## A\ntext #not\n```\n# code\n```\n### B"
	require.Equal(t, "### A\ntext #not\n```\n# code\n```\n#### B", demote(in, 1))
}

func TestParseBrandKeepsOrderAndSections(t *testing.T) {
	t.Parallel()
	r := &report{doc: DocBrand}
	b := parseBrand(r, "---\nforbidden: [x]\nsubstitutions:\n  zeta: z\n  alpha: a\n  mid: m\nctas: [Call us]\n---\n"+
		"# Acme\n\nIntro.\n\n## Voice\nCalm.\n\n## Ideal customer profile\nCFOs.\n\n## Proof\nNumbers.\n\n"+
		"## Services\nAudits.\n\n## Sample posts\n\n### One\nFirst post.\n\n### Two\nSecond post.\n")
	require.Empty(t, r.out)
	require.Equal(t, []Substitution{{"zeta", "z"}, {"alpha", "a"}, {"mid", "m"}}, b.Substitutions)
	require.Equal(t, "Intro.", b.Intro)
	require.Equal(t, "Calm.", b.Voice)
	require.Equal(t, "CFOs.", b.ICP)
	require.Equal(t, []Section{{"Proof", "Numbers."}}, b.Other)
	require.Equal(t, []Sample{{"One", "First post."}, {"Two", "Second post."}}, b.Samples)
}

func TestYAMLErrorUsesFileLines(t *testing.T) {
	t.Parallel()
	r := &report{doc: StyleDocument("linkedin")}
	parseFrontMatter(r, "---\nmax_chars: 3000\nmax_hashtags: [3\n---\n", "max_chars", "max_hashtags")
	require.Len(t, r.out, 1)
	require.Contains(t, r.out[0].Message, "style/linkedin.md: the front matter is not valid YAML (line ")
}

func TestVersionRanges(t *testing.T) {
	t.Parallel()
	require.Equal(t, "v1", versionRanges([]int{1}))
	require.Equal(t, "v1–v3, v5, v7–v8", versionRanges([]int{1, 2, 3, 5, 7, 8}))
}

func TestParseStyleFormat(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"": "", "format: plain\n": FormatPlain, "format: Markdown\n": FormatMarkdown} {
		r := &report{doc: StyleDocument("linkedin")}
		s := parseStyle(r, "linkedin", "---\nmax_chars: 3000\n"+in+"---\n# LinkedIn\n\n- Short lines.\n")
		require.Empty(t, r.out)
		require.Equal(t, want, s.Format)
	}
}
