package engine

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestOutlineTextRoundTrip(t *testing.T) {
	t.Parallel()
	for _, o := range []Outline{
		testOutline("Finance Ops"),
		{Title: "Why: a title with a colon", Hook: "Hook: with its own key word", Pillar: "AI in Practice",
			Sections: []string{"- starts with a dash", "1. numbered", "CTA: looks like a key", "ünïcode — dashes"},
			CTA:      "Book a call: today"},
	} {
		text := OutlineText(o)
		got, err := ParseOutlineText(text)
		require.NoError(t, err, text)
		require.Equal(t, o, got)
		require.Equal(t, text, OutlineText(got))
	}
	require.Equal(t, "Title: Why CFOs distrust AI forecasts\n"+
		"Hook: Three in four CFOs overrode their AI forecast last quarter.\n"+
		"Pillar: Finance Ops\n"+
		"Sections:\n- What the study found\n- Why the overrides happen\n- What to do instead\n"+
		"CTA: Book a 20-minute finance ops review\n", OutlineText(testOutline("Finance Ops")))
}

func TestParseOutlineTextIsForgiving(t *testing.T) {
	t.Parallel()
	got, err := ParseOutlineText("\r\n  title:  A title \r\nHOOK: The hook\nthat wraps\n" +
		"Sections: first one\n* second\n  continued\n2) third\n• fourth\n\ncta: Call\npillar: Finance Ops\n")
	require.NoError(t, err)
	require.Equal(t, Outline{Title: "A title", Hook: "The hook that wraps", Pillar: "Finance Ops",
		Sections: []string{"first one", "second continued", "third", "fourth"}, CTA: "Call"}, got)
}

func TestParseOutlineTextErrors(t *testing.T) {
	t.Parallel()
	full := OutlineText(testOutline("Finance Ops"))
	text := func(problem Problem, values ...string) UserError {
		return UserError{Field: "text", Problem: problem, Phase: PhaseOutline, Values: values}
	}
	sections := func(n int) UserError {
		return UserError{Field: "text", Problem: ProblemCount, Phase: PhaseOutline, Got: n, Min: 3, Limit: 7}
	}
	tests := []struct {
		name, text string
		want       UserError // its words, in bot/words_test.go
	}{
		{"empty", "", text(ProblemMissing, "Title:", "Hook:", "Pillar:", "Sections:", "CTA:")}, // "missing Title:, Hook:, Pillar:, Sections:, CTA:"
		{"no key first", "just some text\nTitle: x", text(ProblemNoKey, "just some text")},     // "must start with a line"
		{"missing hook and cta", "Title: T\nPillar: P\nSections:\n- a\n- b\n- c\n", text(ProblemMissing, "Hook:", "CTA:")},
		{"empty title", "Title:\nHook: h\nPillar: p\nSections:\n- a\n- b\n- c\nCTA: c", text(ProblemEmptyLine, "Title")},
		{"too few sections", "Title: T\nHook: h\nPillar: p\nSections:\n- a\nCTA: c", sections(1)}, // "has 1 sections"
		{"too many sections", "Title: T\nHook: h\nPillar: p\nSections:\n- a\n- b\n- c\n- d\n- e\n- f\n- g\n- h\nCTA: c",
			sections(8)},
		{"duplicate key", full + "Hook: again\n", text(ProblemDuplicate, "Hook")}, // `"Hook" appears twice`
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseOutlineText(tt.text)
			requireInputError(t, err, tt.want)
		})
	}
}
