package llm_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/llm/llmtest"
)

// pieces collects what CompleteStream hands over, safe to read while the call runs.
type pieces struct {
	mu   sync.Mutex
	list []string
}

func (p *pieces) add(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.list = append(p.list, s)
}

func (p *pieces) joined() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.list, "")
}

func (p *pieces) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.list)
}

func draftReq() llm.Request { return llm.Request{Purpose: "draft", System: "sys", User: "write"} }

func TestCompleteStreamHandsOverPiecesAndReturnsTheWhole(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	content := "Launch day is here: three things changed, and one did not."
	b.srv.Enqueue(llmtest.Reply{Content: content, ChunkDelay: time.Millisecond, Usage: &llmtest.Usage{Prompt: 900, Completion: 14, Cached: 512}})
	var got pieces

	resp, err := c.CompleteStream(context.Background(), draftReq(), got.add)
	require.NoError(t, err)
	require.Greater(t, got.count(), 5, "the reply arrives in pieces")
	require.Equal(t, content, got.joined())
	require.Equal(t, content, resp.Content)
	require.Equal(t, llm.Usage{PromptTokens: 900, CompletionTokens: 14, CachedTokens: 512}, resp.Usage)
	require.Equal(t, "stop", resp.FinishReason)
	require.Equal(t, 1, resp.Attempts)
	req := b.srv.Requests()[0]
	require.True(t, req.Stream)
	require.True(t, req.IncludeUsage)
	require.Equal(t, 1.0, metricValue(t, b.reg, "mos_llm_calls_total", map[string]string{"purpose": "draft", "outcome": "ok"}))
}

func TestCompleteStreamRetriesBeforeTheFirstText(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(llmtest.Reply{Status: 503}, llmtest.Reply{Content: "x y", CutAfter: 0, Malformed: true},
		llmtest.Reply{Content: "second time lucky"})
	var got pieces

	resp, err := c.CompleteStream(context.Background(), draftReq(), got.add)
	require.NoError(t, err)
	require.Equal(t, "second time lucky", got.joined(), "nothing from the failed attempts reached the caller")
	require.Equal(t, 3, resp.Attempts)
	require.Len(t, b.waits(), 2)
}

func TestCompleteStreamCutMidwayReturnsThePartWithATypedError(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(llmtest.Reply{Content: "one two three four five six", CutAfter: 3})
	var got pieces

	resp, err := c.CompleteStream(context.Background(), draftReq(), got.add)
	require.ErrorIs(t, err, llm.ErrInterrupted)
	var le *llm.Error
	require.ErrorAs(t, err, &le)
	require.Equal(t, 1, le.Attempts)
	require.Equal(t, "one two three ", resp.Content)
	require.Equal(t, resp.Content, got.joined())
	require.Equal(t, 1, b.srv.Count(), "text already shown is never asked for again")
	require.Equal(t, 1.0, metricValue(t, b.reg, "mos_llm_calls_total", map[string]string{"purpose": "draft", "outcome": "interrupted"}))
}

func TestCompleteStreamAttemptTimeoutMidway(t *testing.T) {
	t.Parallel()
	c, b := setup(t, func(cfg *llm.Config) { cfg.Timeout = 200 * time.Millisecond })
	b.srv.Enqueue(llmtest.Reply{Content: "quick enough", ChunkDelay: 20 * time.Millisecond})
	b.srv.Enqueue(llmtest.Reply{Content: "first then too slow", ChunkDelay: 150 * time.Millisecond})
	_, err := c.CompleteStream(context.Background(), draftReq(), func(string) {})
	require.NoError(t, err, "the first reply finishes within the deadline")

	resp, err := c.CompleteStream(context.Background(), draftReq(), func(string) {})
	require.ErrorIs(t, err, llm.ErrInterrupted)
	var le *llm.Error
	require.ErrorAs(t, err, &le)
	require.Equal(t, "timeout", le.Reason)
	require.Equal(t, "first ", resp.Content)
	require.Equal(t, 2, b.srv.Count(), "a reply already shown in part is not asked for again")
}

func TestCompleteStreamRejectedIsNotRetried(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(llmtest.Reply{Status: 400, Content: "bad parameter"})
	_, err := c.CompleteStream(context.Background(), draftReq(), func(string) {})
	require.ErrorIs(t, err, llm.ErrRejected)
	require.Equal(t, 1, b.srv.Count())
	require.NotContains(t, err.Error(), testKey)
}

func TestCompleteStreamCutOffAtTheTokenLimitIsNotAskedAgain(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(llmtest.Reply{Content: "the middle of a sent", FinishReason: "length"})
	req := draftReq()
	req.MaxTokens = 5
	resp, err := c.CompleteStream(context.Background(), req, func(string) {})
	requireCutOff(t, resp, err, "the middle of a sent")
	require.Equal(t, 1, b.srv.Count())
}

func TestCompleteStreamCanceledByTheCaller(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(llmtest.Reply{Content: "first second third", ChunkDelay: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got pieces
	resp, err := c.CompleteStream(ctx, draftReq(), func(s string) {
		got.add(s)
		cancel()
	})
	require.ErrorIs(t, err, context.Canceled)
	require.False(t, errors.Is(err, llm.ErrInterrupted), "the caller gave up; the provider did nothing wrong")
	require.Equal(t, "first ", resp.Content)
	require.Equal(t, 1, got.count())
}

func TestCompleteStreamRefusesStructuredOutput(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	req := draftReq()
	req.Schema = &llm.Schema{Name: "outline", JSON: json.RawMessage(`{"type":"object"}`)}
	_, err := c.CompleteStream(context.Background(), req, func(string) {})
	require.ErrorIs(t, err, llm.ErrRejected)
	require.Contains(t, err.Error(), "CompleteJSON")
	require.Zero(t, b.srv.Count())
}
