package clientos_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

func TestAddSubstitutions(t *testing.T) {
	t.Parallel()
	pairs := []clientos.Substitution{{Avoid: "empower", Prefer: "help"}, {Avoid: "a: b", Prefer: "c"}}
	for _, tc := range []struct{ in, want string }{
		{"---\nsubstitutions:\n  leverage: use\n# comment\nctas: []\n---\nbody\n",
			"---\nsubstitutions:\n  leverage: use\n  empower: help\n  \"a: b\": c\n# comment\nctas: []\n---\nbody\n"},
		{"---\nsubstitutions: {leverage: use}\n---\n", "---\nsubstitutions: {leverage: use, empower: help, \"a: b\": c}\n---\n"},
		{"---\nsubstitutions: {}\n---\n", "---\nsubstitutions: {empower: help, \"a: b\": c}\n---\n"},
		{"---\nforbidden: [x]\n---\n", "---\nforbidden: [x]\nsubstitutions:\n  empower: help\n  \"a: b\": c\n---\n"},
	} {
		got, err := clientos.AddSubstitutions(tc.in, pairs)
		require.NoError(t, err)
		require.Equal(t, tc.want, got)
	}
	_, err := clientos.AddSubstitutions("---\nsubstitutions: [a]\n---\n", pairs)
	require.Error(t, err)
	_, err = clientos.AddSubstitutions("---\nsubstitutions: {a: b,\n  c: d}\n---\n", pairs)
	require.EqualError(t, err, "the mapping is not written on one line as {a: b}; add the substitutions by hand")
}

// The edits are read back by the parser: what an edit adds is what the typed model then holds, and
// nothing else in the document changes.
func TestEditsReadBackThroughTheParser(t *testing.T) {
	t.Parallel()
	brand := read(t, exampleDir, "brand.md")
	before, _ := clientos.Parse(map[string]string{clientos.DocBrand: brand})

	listed, err := clientos.AddToList(brand, "forbidden", []string{"needle-moving", `say "wow"`})
	require.NoError(t, err)
	subbed, err := clientos.AddSubstitutions(listed, []clientos.Substitution{{Avoid: "empower", Prefer: "help"}})
	require.NoError(t, err)
	after, fs := clientos.Parse(map[string]string{clientos.DocBrand: subbed})
	require.False(t, clientos.HasErrors(fs), "%v", fs)
	require.Equal(t, append(before.Brand.Forbidden, "needle-moving", `say "wow"`), after.Brand.Forbidden)
	require.Equal(t, append(before.Brand.Substitutions, clientos.Substitution{Avoid: "empower", Prefer: "help"}),
		after.Brand.Substitutions)
	require.Equal(t, before.Brand.Voice, after.Brand.Voice)
	require.True(t, strings.HasSuffix(subbed, brand[strings.Index(brand, "# Northwind"):]), "the body is untouched")

	pillars := read(t, exampleDir, "pillars.md")
	weighted, err := clientos.SetPillarWeights(pillars, map[string]int{"faster CLOSE ": 29, "Customer stories": 11})
	require.NoError(t, err)
	described, err := clientos.SetPillarDescriptions(weighted, map[string]string{"The lean finance team": "Four to twelve people: who does what."})
	require.NoError(t, err)
	o, fs := clientos.Parse(map[string]string{clientos.DocPillars: described})
	require.False(t, clientos.HasErrors(fs), "%v", fs)
	require.Equal(t, 29.0, o.Pillars[0].Weight)
	require.Equal(t, 11.0, o.Pillars[4].Weight)
	require.Equal(t, "Four to twelve people: who does what.", o.Pillars[2].Description)
	require.Equal(t, len(pillars), len(described)-len(`"Four to twelve people: who does what."`)+
		len("Doing more with 4–12 people — roles, hiring trade-offs, reviewer vs preparer time, avoiding burnout at month end."),
		"only the changed values are rewritten")
}

func TestAddToListRefusesWhatItCannotEditInStyle(t *testing.T) {
	t.Parallel()
	_, err := clientos.AddToList("no front matter\n", "forbidden", []string{"x"})
	require.ErrorContains(t, err, "has no front matter")
	_, err = clientos.AddToList("---\nforbidden: [a]\n", "forbidden", []string{"x"})
	require.ErrorContains(t, err, "never closed")
	_, err = clientos.AddToList("---\nctas: [a]\n---\n", "forbidden", []string{"x"})
	require.ErrorContains(t, err, `no "forbidden" key`)
	_, err = clientos.AddToList("---\nforbidden: plain\n---\n", "forbidden", []string{"x"})
	require.ErrorContains(t, err, "forbidden is not a list")
	_, err = clientos.AddToList("---\nforbidden: [a,\n  b]\n---\n", "forbidden", []string{"x"})
	require.EqualError(t, err, "the list is not written on one line as [a, b]; add the phrases by hand")
	got, err := clientos.AddToList("---\r\nforbidden: [a]\r\n---\r\n", "forbidden", []string{"b"})
	require.NoError(t, err)
	require.Equal(t, "---\r\nforbidden: [a, \"b\"]\r\n---\r\n", got)
}

func TestSetPillarWeightsRefusesAPillarWithoutAWeight(t *testing.T) {
	t.Parallel()
	_, err := clientos.SetPillarWeights("---\npillars:\n  - name: A\n    description: x\n---\n", map[string]int{"a": 10})
	require.ErrorContains(t, err, `pillar "A" has no weight to change`)
}

// FindSection and SectionTitles see the sections the parser sees: not a heading inside a code fence,
// nor one inside the front matter.
func TestSectionsAgreeWithTheParser(t *testing.T) {
	t.Parallel()
	doc := "---\nforbidden:\n  - x\n---\n# Brand\n\n## Voice\n\nPlain.\n\n```\n## not a section\n```\n\n## ICP ##\n\nControllers.\n\n## Sample posts\n"
	o, _ := clientos.Parse(map[string]string{clientos.DocBrand: doc})
	require.Equal(t, "Plain.\n\n```\n## not a section\n```", o.Brand.Voice)
	require.Equal(t, []string{"Voice", "ICP", "Sample posts"}, clientos.SectionTitles(doc))

	from, to, ok := clientos.FindSection(doc, func(t string) bool { return t == "Voice" })
	require.True(t, ok)
	require.Equal(t, o.Brand.Voice, strings.TrimSpace(doc[from:to]))
	from, to, ok = clientos.FindSection(doc, func(t string) bool { return t == "ICP" })
	require.True(t, ok)
	got := clientos.ReplaceSection(doc, from, to, "CFOs of mid-market firms.")
	o2, _ := clientos.Parse(map[string]string{clientos.DocBrand: got})
	require.Equal(t, "CFOs of mid-market firms.", o2.Brand.ICP)
	require.Equal(t, o.Brand.Voice, o2.Brand.Voice)
	require.Contains(t, got, "\n\n## Sample posts\n", "a blank line is kept before the next heading")

	_, _, ok = clientos.FindSection(doc, func(t string) bool { return t == "not a section" })
	require.False(t, ok)
}
