package main

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/llm/llmtest"
)

// TestCutOffDraftIsFlaggedInTheThread: the model stops the draft at its length limit, and again
// when asked with a larger one. The draft is posted, because it is all there is, but the thread
// says its end may be missing.
func TestCutOffDraftIsFlaggedInTheThread(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	cut := "I asked 212 finance leaders how long their close takes. The median answer: 9 days.\n\nMost of them blamed"
	w.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
		if r.ResponseFormat != nil {
			return outlineReply(t)
		}
		return llmtest.Reply{Content: cut, FinishReason: "length"}
	})
	w.start()
	w.bindAsMaria(3)
	_, draft := w.approvedOutline()

	text := draft.AllText()
	require.Contains(t, text, "Most of them blamed")
	require.Contains(t, text, "The model stopped at its length limit; the end of this draft may be missing.")
	require.Equal(t, []string{"Approve", "Edit", "Revise", "Reject"}, draft.Buttons(), "a person can still fix it")

	var budgets []int
	for _, r := range w.llm.Requests() {
		if r.ResponseFormat == nil {
			budgets = append(budgets, r.MaxTokens)
		}
	}
	require.Len(t, budgets, 2, "the cut-off draft is asked for once more")
	require.Greater(t, budgets[1], budgets[0], "with a larger limit")
}
