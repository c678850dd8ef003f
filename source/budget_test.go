package source_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/source"
)

func TestBudgetKeepsShortTextWhole(t *testing.T) {
	t.Parallel()
	text := "One paragraph.\n\nAnother one."
	require.Equal(t, text, source.Budget(text, "anything", 100))
}

func TestBudgetKeepsThePassagesClosestToTheBrief(t *testing.T) {
	t.Parallel()
	var paras []string
	paras = append(paras, "Ledger News annual report on finance operations.")
	for i := range 60 {
		paras = append(paras, fmt.Sprintf("Filler paragraph %d about weather, sports and gardening tips "+
			"that have nothing to do with accounting at all, repeated to take up space.", i))
	}
	paras = append(paras, "The month-end close takes 9 days for most finance teams; reconciliation is the bottleneck.")
	paras = append(paras, "Closing epilogue about unrelated travel plans.")
	text := strings.Join(paras, "\n\n")

	got := source.Budget(text, "Why the month-end close still takes 9 days: reconciliation", 120)
	require.LessOrEqual(t, source.EstimateTokens(got), 120)
	require.Contains(t, got, "The month-end close takes 9 days for most finance teams")
	require.True(t, strings.HasPrefix(got, "Ledger News annual report"), "the lede is kept: %q", got)
	require.Contains(t, got, "[…]")
	require.NotContains(t, got, "Filler paragraph 59")
	// Kept passages stay in their original order.
	require.Less(t, strings.Index(got, "Ledger News"), strings.Index(got, "month-end close takes"))
}

func TestBudgetSplitsOneHugeParagraph(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("Gardening is fun in spring. ", 400) + "Reconciliation delays cost CFOs 3 days. " +
		strings.Repeat("Sports results follow here. ", 400)
	got := source.Budget(text, "reconciliation delays CFOs", 200)
	require.LessOrEqual(t, source.EstimateTokens(got), 200)
	require.Contains(t, got, "Reconciliation delays cost CFOs 3 days.")
}

func TestBudgetCutSaysHowManyWordsWereLeftOutAndWhere(t *testing.T) {
	t.Parallel()
	lede := "Ledger News annual report on finance operations."                  // 7 words
	filler := "Filler about weather and sports, nothing to do with accounting." // 10 words
	paras := []string{lede}
	for range 40 {
		paras = append(paras, filler)
	}
	paras = append(paras, "The month-end close takes 9 days for most finance teams.") // 10 words
	for range 40 {
		paras = append(paras, filler)
	}
	cut := source.BudgetCut(strings.Join(paras, "\n\n"), "month-end close takes 9 days", 40)

	require.Equal(t, 7+400+10+400, cut.Total)
	require.Equal(t, []source.WordSpan{{First: 8, Last: 407}, {First: 418, Last: 817}}, cut.Gaps)
	require.Equal(t, 800, cut.Omitted())
	kept := len(strings.Fields(strings.ReplaceAll(cut.Text, "[…]", "")))
	require.Equal(t, cut.Total-cut.Omitted(), kept, "every word is either kept or counted as left out")
	require.Equal(t, "This text was cut to fit: 800 of its 817 words were left out, each place marked […] "+
		"(words 8–407, words 418–817). Do not assume what the missing parts say.", cut.Note())

	whole := source.BudgetCut(lede, "anything", 100)
	require.Equal(t, lede, whole.Text)
	require.Empty(t, whole.Note(), "nothing left out, nothing said")
}
