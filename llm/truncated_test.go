package llm_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/llm/llmtest"
)

// A plain reply the token limit cut off is asked for again, once, with a larger budget, and the
// whole second reply is what the caller gets.
func TestCompleteRetriesACutOffReplyWithALargerLimit(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(
		llmtest.Reply{Content: "The first half of a dra", FinishReason: "length", Usage: &llmtest.Usage{Prompt: 10, Completion: 300}},
		llmtest.Reply{Content: "The whole draft, to its last line.", Usage: &llmtest.Usage{Prompt: 10, Completion: 400}},
	)
	resp, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", System: "sys", User: "write", MaxTokens: 300})
	require.NoError(t, err)
	require.Equal(t, "The whole draft, to its last line.", resp.Content)
	require.False(t, resp.Truncated())
	require.Equal(t, "stop", resp.FinishReason)
	require.Equal(t, 2, resp.Attempts)
	require.Equal(t, llm.Usage{PromptTokens: 20, CompletionTokens: 700}, resp.Usage, "both replies are paid for")

	reqs := b.srv.Requests()
	require.Len(t, reqs, 2)
	require.Equal(t, 300, reqs[0].MaxTokens)
	require.Equal(t, 300*llm.TruncatedRetryFactor, reqs[1].MaxTokens)
	require.Equal(t, reqs[0].Messages, reqs[1].Messages, "the same request, only a larger budget")
}

// Cut off twice: the call succeeds with the second reply and says it is cut off; there is no third try.
func TestCompleteReportsAReplyStillCutOff(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(
		llmtest.Reply{Content: "short cut", FinishReason: "length"},
		llmtest.Reply{Content: "a longer cut", FinishReason: "length"},
		llmtest.Reply{Content: "never asked for"},
	)
	resp, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", User: "write", MaxTokens: 100})
	require.NoError(t, err)
	require.True(t, resp.Truncated())
	require.Equal(t, "a longer cut", resp.Content)
	require.Equal(t, 2, b.srv.Count())
}

// A larger budget the provider refuses (more than the model allows) still leaves the cut-off reply,
// flagged, rather than failing the call.
func TestCompleteKeepsTheCutOffReplyWhenTheRetryIsRefused(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(
		llmtest.Reply{Content: "what the model wrote before the limit", FinishReason: "length"},
		llmtest.Reply{Status: 400, Content: "max_tokens is too large: 8000"},
	)
	resp, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", User: "write", MaxTokens: 4000})
	require.NoError(t, err)
	require.True(t, resp.Truncated())
	require.Equal(t, "what the model wrote before the limit", resp.Content)
	require.Equal(t, 2, resp.Attempts)
}

// Without a budget of ours there is nothing larger to ask for: the reply comes back flagged.
func TestCompleteWithoutMaxTokensDoesNotRetryACutOffReply(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(llmtest.Reply{Content: "cut", FinishReason: "length"})
	resp, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", User: "write"})
	require.NoError(t, err)
	require.True(t, resp.Truncated())
	require.Equal(t, 1, b.srv.Count())
}
