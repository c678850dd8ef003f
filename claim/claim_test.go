package claim_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/claim"
)

func texts(cs []claim.Claim) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Kind+": "+c.Text)
	}
	return out
}

// unsupported is claim.Unsupported as texts, failing the test on an error.
func unsupported(t *testing.T, text string, sources ...string) []string {
	t.Helper()
	cs, err := claim.Unsupported(context.Background(), text, sources...)
	require.NoError(t, err)
	return texts(cs)
}

// unsupportedCase is a text, the source it is checked against, and what Unsupported should flag
// in the text: each claim as "kind: text" (unsupported) or as a flag (flagsOf).
type unsupportedCase[F any] struct {
	name, text, source string
	want               []F
}

// requireUnsupported runs each case as a parallel subtest, requiring that flagged (unsupported or
// flagsOf) gives exactly the case's want for its text and source.
func requireUnsupported[F any](t *testing.T, flagged func(*testing.T, string, ...string) []F, cases []unsupportedCase[F]) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, c.want, flagged(t, c.text, c.source))
		})
	}
}

func TestExtract(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text string
		want       []string
	}{
		{"percent with what it counts", "Now 87% of CFOs agree.", []string{"percent: 87% of CFOs"}},
		{"percent in words", "Some 61 percent said so, and 4.5 per cent did not.",
			[]string{"percent: 61 percent", "percent: 4.5 per cent"}},
		{"money with scale", "It saved $4.2M and €3 bn, or 12 million dollars.",
			[]string{"money: $4.2M", "money: €3 bn", "money: 12 million dollars"}},
		{"numbers with units", "The close takes 9 days, 5.5 hours or 3x longer.",
			[]string{"number: 9 days", "number: 5.5 hours", "number: 3x"}},
		{"hyphenated units", "The 9-day close and a 20-minute review.", []string{"number: 9-day", "number: 20-minute"}},
		{"large counts and decimals", "We asked 412 finance leaders; the score was 9,4.",
			[]string{"number: 412", "number: 9,4"}},
		{"small bare counts and list markers are not claims", "1. Three ways\n2) 3 steps to a faster close",
			[]string{}},
		{"numbers inside words are not claims", "B2B teams in Q3 use v1.2 of GPT-4.", []string{}},
		{"dates", "On 12 March 2026, in Q3 2025, by March 2024 and on 2026-05-01, since 2019.",
			[]string{"date: 12 March 2026", "date: Q3 2025", "date: March 2024", "date: 2026-05-01", "date: 2019"}},
		{"quoted speech, straight and curly", `He said "we won back three days" and “nobody reads the memo anymore”.`,
			[]string{`quote: "we won back three days"`, `quote: "nobody reads the memo anymore"`}},
		{"scare quotes are not speech", `A "best-in-class" close.`, []string{}},
		{"named studies", "According to Gartner, closes are slow. A McKinsey survey agrees, as does Deloitte's 2025 CFO Signals report.",
			[]string{"study: According to Gartner", "study: A McKinsey survey", "study: Deloitte's 2025 CFO Signals report"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, c.want, texts(claim.Extract(c.text)))
		})
	}
}

func TestUnsupported(t *testing.T) {
	t.Parallel()
	requireUnsupported(t, unsupported, []unsupportedCase[string]{
		{"decimal comma and point", "The score is 9.4 now.", "The score is 9,4.", []string{}},
		{"thousands separators", "We asked 10,000 people.", "10000 people were asked", []string{}},
		{"money with scale words", "It cost $4.2M.", "it cost $4.2 million", []string{}},
		{"money written out", "It cost $4.2 million.", "it cost 4.2 million dollars", []string{}},
		{"money in another currency", "It cost €4.2M.", "a bill of $4.2 million", []string{"money: €4.2M"}},
		{"percent spellings", "61 percent agree", "61% of respondents agree", []string{}},
		{"invented percent", "Now 87% of CFOs agree.", "61% of respondents", []string{"percent: 87% of CFOs"}},
		{"a number is not a percentage", "87% agree", "87 people", []string{"percent: 87%"}},
		{"units must agree", "it takes 9 days", "it takes 9 hours", []string{"number: 9 days"}},
		{"a bare source number backs a unit beside it", "it takes 9 days", "Days to close: 9", []string{}},
		{"a bare source number backs no unit alone", "it takes 9 days", "median: 9", []string{"number: 9 days"}},
		{"hyphenated and spaced units agree", "the 9-day close", "the close takes 9 days", []string{}},
		{"hyphenated units must agree", "the 9-day close", "the close takes 9 hours", []string{"number: 9-day"}},
		{"curly and straight quotes", `She said “we won back three days” at the event.`,
			`"We won back three days," said Dana.`, []string{}},
		{"invented quote", `She said "automation changed everything for us".`, `She said "we won back three days".`,
			[]string{`quote: "automation changed everything for us"`}},
		{"dates at another precision", "By March 2026 it was done.", "On 12 March 2026 we shipped.", []string{}},
		{"date words in a range", "The survey ran in March 2026.", "It ran from March to May 2026.", []string{}},
		{"invented date", "Since 2019 closes got slower.", "Data from 2024 and 2025.", []string{"date: 2019"}},
		{"named study in the source", "A Gartner survey found it.", "Gartner polled 300 CFOs.", []string{}},
		{"invented study", "According to McKinsey, it is slow.", "Gartner polled 300 CFOs.",
			[]string{"study: According to McKinsey"}},
	})
}

func TestUnsupportedReadsEverySource(t *testing.T) {
	t.Parallel()
	text := "Most teams need 9 days; 87% of CFOs say so."
	require.Len(t, unsupported(t, text), 2)
	require.Equal(t, []string{"percent: 87% of CFOs"}, unsupported(t, text, "the close takes 9 days"))
	require.Empty(t, unsupported(t, text, "the close takes 9 days", "Client OS: 87% of CFOs trust us"))
}

// cancelledAfter is a context that reports itself cancelled from its n-th look on, as a job's
// context does when the job is cancelled while the check runs.
type cancelledAfter struct {
	context.Context
	n, looks int
}

func (c *cancelledAfter) Err() error {
	if c.looks++; c.looks >= c.n {
		return context.Canceled
	}
	return nil
}

func TestUnsupportedStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("The close took 9 days for 61% of CFOs in March 2026.\n\n", 2_500) // about 135 KB, 9 chunks
	for _, n := range []int{1, 3, 8} {
		ctx := &cancelledAfter{Context: context.Background(), n: n}
		flags, err := claim.Unsupported(ctx, "It took 12 days.", long)
		require.ErrorIs(t, err, context.Canceled, "cancelled at look %d", n)
		require.Nil(t, flags)
		require.Equal(t, n, ctx.looks, "the check stops at the first look that finds it cancelled")
	}
	flags, err := claim.Unsupported(&cancelledAfter{Context: context.Background(), n: 1 << 30}, "It took 12 days.", long)
	require.NoError(t, err)
	require.Equal(t, []string{"number: 12 days"}, texts(flags))
}

func TestUnsupportedKeepsAFigureWholeAcrossTheIndexCut(t *testing.T) {
	t.Parallel()
	// A long paragraph the index reads in two pieces: the last space before the 16 KB mark falls
	// inside "4.2 million hours", so the cut goes to the end of the sentence before.
	head := strings.Repeat("word ", 2_000) + "End. "
	src := head + strings.Repeat("x", 16_380-len(head)-1) + " 4.2 million hours"
	flags, err := claim.Unsupported(context.Background(), "It took 4.2 million hours, not 4.3 million hours.", src)
	require.NoError(t, err)
	require.Equal(t, []string{"number: 4.3 million hours"}, texts(flags))
	flags, err = claim.Unsupported(context.Background(), "It took 4.2 million hours.", strings.Repeat("x", 40_000)+" 4.2 million hours")
	require.NoError(t, err)
	require.Empty(t, flags, "a source without a space to cut at is cut anyway")
}
