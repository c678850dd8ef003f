package llm_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/llm/llmtest"
)

// requireCutOff checks a call succeeded with want, a reply flagged as cut off at the token limit.
func requireCutOff(t *testing.T, resp llm.Response, err error, want string) {
	t.Helper()
	require.NoError(t, err)
	require.True(t, resp.Truncated())
	require.Equal(t, want, resp.Content)
}

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
	requireCutOff(t, resp, err, "a longer cut")
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
	requireCutOff(t, resp, err, "what the model wrote before the limit")
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

// JSON cut off at the token limit in the answer and again in the re-ask fails saying so: the
// error counts the cut-off replies and carries the budget, so the words can blame the length.
func TestCompleteJSONCutOffTwiceSaysSo(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(
		llmtest.Reply{Content: `{"title": "Why the`, FinishReason: "length"},
		llmtest.Reply{Content: `{"title": "Why the close`, FinishReason: "length"},
	)
	var out struct{ Title string }
	_, err := c.CompleteJSON(context.Background(), llm.Request{Purpose: "outline", User: "write", MaxTokens: 1500}, &out)
	var le *llm.Error
	require.ErrorAs(t, err, &le)
	require.ErrorIs(t, err, llm.ErrInvalidOutput)
	require.Equal(t, 2, le.CutOff)
	require.Equal(t, 1500, le.MaxTokens)
	require.Contains(t, err.Error(), "cut off at the length limit")

	// Only the re-ask cut off: one.
	b.srv.Enqueue(llmtest.Reply{Content: "not json"}, llmtest.Reply{Content: `{"title": "Wh`, FinishReason: "length"})
	_, err = c.CompleteJSON(context.Background(), llm.Request{Purpose: "outline", User: "write", MaxTokens: 1500}, &out)
	require.ErrorAs(t, err, &le)
	require.Equal(t, 1, le.CutOff)

	// Bad JSON that nothing cut off: none.
	b.srv.Enqueue(llmtest.Reply{Content: "not json"}, llmtest.Reply{Content: "still not json"})
	_, err = c.CompleteJSON(context.Background(), llm.Request{Purpose: "outline", User: "write", MaxTokens: 1500}, &out)
	require.ErrorAs(t, err, &le)
	require.Zero(t, le.CutOff)
}

// An error names the endpoint it called by scheme, host, port and path only: a user, password,
// query or fragment in the base URL (where a key may be) never appears.
func TestErrorNamesTheEndpointWithoutSecrets(t *testing.T) {
	t.Parallel()
	base := llmtest.ClosedURL(t)
	secret := strings.Replace(base, "http://", "http://admin:hunter22@", 1) + "?api-key=key-in-query-1234#frag"
	c := llm.New(llm.Config{BaseURL: secret, APIKey: "sk-test-secret-key", Model: "m", MaxAttempts: 1}, nil, nil)
	_, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", User: "write"})
	var le *llm.Error
	require.ErrorAs(t, err, &le)
	require.Equal(t, base, le.Endpoint)
	for _, s := range []string{"hunter22", "key-in-query-1234", "frag"} {
		require.NotContains(t, le.Endpoint, s)
	}

	// A call refused before anything is sent (out is not a pointer) still names the endpoint; no
	// base URL is OpenAI's.
	c = llm.New(llm.Config{APIKey: "sk-test-secret-key", Model: "m", MaxAttempts: 1}, nil, nil)
	_, err = c.CompleteJSON(context.Background(), llm.Request{Purpose: "outline", User: "write"}, struct{}{})
	require.ErrorAs(t, err, &le)
	require.ErrorIs(t, err, llm.ErrRejected)
	require.Equal(t, "https://api.openai.com/v1", le.Endpoint)
}
