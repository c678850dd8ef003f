package generate

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// A platform with no limit of its own still has the draft limit: the check finds it, so it is
// repaired like any finding, and the prompt states it.
func TestDraftLimitWithoutAPlatformLimit(t *testing.T) {
	t.Parallel()
	rules := checkRules{Platform: "newsletter", DraftMax: MaxDraftChars}
	require.Empty(t, checkText(strings.Repeat("x", MaxDraftChars), rules))
	ws := checkText(strings.Repeat("x", MaxDraftChars+1), rules)
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
	require.Len(t, ws, 1)
	require.Equal(t, WarningLength, ws[0].Kind)

	oneWord := strings.Repeat("a", MaxDraftChars+10)
	text, _, cut = fitDraft(oneWord, false)
	require.True(t, cut)
	require.Equal(t, MaxDraftChars, utf8.RuneCountInString(text), "text with nowhere to break is cut at the limit")
}
