package generate

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// paragraphs is n characters of text: paragraphs of 98 letters and a full stop, a blank line apart.
func paragraphs(n int) string {
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(strings.Repeat("x", 98) + ".\n\n")
	}
	return b.String()[:n]
}

func kinds(ws []Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Kind)
	}
	return out
}

// A platform with no limit of its own still has the draft limit: the check finds it, so it is
// repaired like any finding, and the prompt states it.
func TestDraftLimitWithoutAPlatformLimit(t *testing.T) {
	t.Parallel()
	rules := checkRules{Platform: "newsletter", DraftMax: MaxDraftChars}
	require.Empty(t, checkText(paragraphs(MaxDraftChars), rules))
	ws := checkText(paragraphs(MaxDraftChars+1), rules)
	require.Equal(t, []Warning{{Kind: WarningLength, Message: "Is 12001 characters long; a draft holds at most 12000."}}, ws)
	var b strings.Builder
	writeLimits(&b, rules)
	require.Equal(t, "Limit: at most 12000 characters in total.\n", b.String())
}

func TestFitDraft(t *testing.T) {
	t.Parallel()
	text, ws, cut := fitDraft("whole", false)
	require.Equal(t, "whole", text)
	require.Empty(t, ws)
	require.False(t, cut)

	_, ws, cut = fitDraft("cut off mid", true)
	require.Equal(t, []Warning{TruncatedWarning}, ws)
	require.False(t, cut, "a cut-off reply within the limit is kept whole")

	long := strings.Repeat("é", MaxDraftChars-5) + "\nlast line that does not fit"
	text, ws, cut = fitDraft(long, false)
	require.True(t, cut)
	require.Equal(t, strings.Repeat("é", MaxDraftChars-5), text, "cut at the last line break that fits")
	require.Equal(t, []string{WarningLength}, kinds(ws))

	oneWord := strings.Repeat("a", MaxDraftChars+10)
	text, _, cut = fitDraft(oneWord, false)
	require.True(t, cut)
	require.Equal(t, MaxDraftChars, utf8.RuneCountInString(text), "text with nowhere to break is cut at the limit")
}
