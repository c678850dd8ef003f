package clientos

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLeadIsTheGistOfAnItem(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ item, want string }{
		{"**Concrete before clever.** Every claim has a number.", "Concrete before clever."},
		{"**US spelling** (our buyers are in the US)", "US spelling."},
		{"**Who:** CFOs at B2B firms. Revenue $30M.", "CFOs at B2B firms."},
		{"We never mock spreadsheets. Excel is fine.", "We never mock spreadsheets."},
		{"Plain, e.g. short words. Then more.", "Plain, e.g. short words."},
		{"Ask why? Then answer.", "Ask why?"},
		{"No full stop at the end", "No full stop at the end."},
		{"**unclosed bold", "**unclosed bold."},
		{"  ", ""},
	} {
		require.Equal(t, tc.want, lead(tc.item), tc.item)
	}
}

func TestClauseCutsAtTheFirstBreak(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ text, want string }{
		{"How teams cut days — calendars and owners.", "How teams cut days"},
		{"Reconciliations and controls; what auditors ask.", "Reconciliations and controls"},
		{"Numbers: medians by size.", "Numbers"},
		{"One two three four five six seven eight nine ten eleven.", "One two three four five six seven eight nine ten…"},
		{"Short. Second sentence — dashed.", "Short"},
		{"", ""},
	} {
		require.Equal(t, tc.want, clause(tc.text, 10), tc.text)
	}
}

func TestIsNegative(t *testing.T) {
	t.Parallel()
	for lead, want := range map[string]bool{
		"We never mock spreadsheets.": true, "Never shout.": true, "No emoji.": true, "Don't gush.": true,
		"Avoid jargon.": true, "Do not hedge.": true, "Notable numbers first.": false, "Nobody is slow.": false,
		"Concrete before clever.": false,
	} {
		require.Equal(t, want, isNegative(lead), lead)
	}
}
