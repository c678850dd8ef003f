package llm_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/llm/llmtest"
)

func ok() llmtest.Reply { return llmtest.Reply{Content: "fine"} }

func TestRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		replies  []llmtest.Reply
		wantKind error // nil = success
		attempts int
		status   int // wanted *llm.Error StatusCode
	}{
		{"500, 500, success", []llmtest.Reply{{Status: 500}, {Status: 500}, ok()}, nil, 3, 0},
		{"503 then success", []llmtest.Reply{{Status: 503}, ok()}, nil, 2, 0},
		{"429 then success", []llmtest.Reply{{Status: 429}, ok()}, nil, 2, 0},
		{"malformed body then success", []llmtest.Reply{{Malformed: true}, ok()}, nil, 2, 0},
		{"500 forever", []llmtest.Reply{{Status: 500}, {Status: 500}, {Status: 500}, ok()}, llm.ErrUnavailable, 3, 500},
		{"malformed forever", []llmtest.Reply{{Malformed: true}, {Malformed: true}, {Malformed: true}}, llm.ErrUnavailable, 3, 0},
		{"400 is final", []llmtest.Reply{{Status: 400, Content: "bad param"}, ok()}, llm.ErrRejected, 1, 400},
		{"401 is final", []llmtest.Reply{{Status: 401}, ok()}, llm.ErrRejected, 1, 401},
		{"404 is final", []llmtest.Reply{{Status: 404}, ok()}, llm.ErrRejected, 1, 404},
		{"429 insufficient_quota is final", []llmtest.Reply{{Status: 429, ErrorCode: "insufficient_quota"}, ok()}, llm.ErrRejected, 1, 429},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, b := setup(t)
			b.srv.Enqueue(tt.replies...)

			resp, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", User: "u"})
			require.Equal(t, tt.attempts, resp.Attempts)
			require.Equal(t, tt.attempts, b.srv.Count())
			require.Len(t, b.waits(), tt.attempts-1)
			if tt.wantKind == nil {
				require.NoError(t, err)
				require.Equal(t, "fine", resp.Content)
				return
			}
			require.ErrorIs(t, err, tt.wantKind)
			var e *llm.Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, tt.status, e.StatusCode)
			require.Equal(t, tt.attempts, e.Attempts)
			require.Equal(t, "draft", e.Purpose)
		})
	}
}

func TestRetryHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	c, b := setup(t, func(cfg *llm.Config) { cfg.BaseBackoff = 10 * time.Millisecond })
	b.srv.Enqueue(llmtest.Reply{Status: 429, RetryAfter: "1"}, ok())

	resp, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", User: "u"})
	require.NoError(t, err)
	require.Equal(t, 2, resp.Attempts)
	waits := b.waits()
	require.Len(t, waits, 1)
	require.GreaterOrEqual(t, waits[0], time.Second)
	require.LessOrEqual(t, waits[0], 1100*time.Millisecond)
}

func TestRetryAfterIsCapped(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(llmtest.Reply{Status: 429, RetryAfter: "3600"}, ok())

	_, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", User: "u"})
	require.NoError(t, err)
	waits := b.waits()
	require.Len(t, waits, 1)
	require.GreaterOrEqual(t, waits[0], llm.MaxRetryAfter)
	require.LessOrEqual(t, waits[0], llm.MaxRetryAfter*11/10)
}

func TestRetryGivesUpWhenParentDeadlineIsTooClose(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(llmtest.Reply{Status: 429, RetryAfter: "20"}, ok())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	resp, err := c.Complete(ctx, llm.Request{Purpose: "draft", User: "u"})
	require.ErrorIs(t, err, llm.ErrUnavailable)
	require.Equal(t, 1, resp.Attempts)
	require.Empty(t, b.waits(), "no point sleeping past the caller's deadline")
}

func TestRetryAfterAttemptTimeout(t *testing.T) {
	t.Parallel()
	c, b := setup(t, func(cfg *llm.Config) { cfg.Timeout = 100 * time.Millisecond })
	b.srv.Enqueue(llmtest.Reply{Content: "too late", Delay: time.Minute}, ok())

	resp, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", User: "u"})
	require.NoError(t, err)
	require.Equal(t, "fine", resp.Content)
	require.Equal(t, 2, resp.Attempts)
}

func TestAttemptTimeoutForever(t *testing.T) {
	t.Parallel()
	c, b := setup(t, func(cfg *llm.Config) { cfg.Timeout = 50 * time.Millisecond; cfg.MaxAttempts = 2 })
	b.srv.SetResponder(func(llmtest.Recorded) llmtest.Reply { return llmtest.Reply{Hang: true} })

	resp, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", User: "u"})
	require.ErrorIs(t, err, llm.ErrUnavailable)
	require.ErrorIs(t, err, context.DeadlineExceeded, "the cause is kept")
	require.Contains(t, err.Error(), "timed out")
	require.Equal(t, 2, resp.Attempts)
}

func TestParentCancelDuringRequest(t *testing.T) {
	t.Parallel()
	c, b := setup(t, func(cfg *llm.Config) { cfg.Timeout = time.Minute })
	ctx, cancel := context.WithCancel(context.Background())
	b.srv.SetResponder(func(llmtest.Recorded) llmtest.Reply {
		cancel() // the caller gives up while the request is in flight
		return llmtest.Reply{Hang: true}
	})

	start := time.Now()
	resp, err := c.Complete(ctx, llm.Request{Purpose: "draft", User: "u"})
	require.ErrorIs(t, err, context.Canceled)
	require.False(t, errors.Is(err, llm.ErrUnavailable), "a cancelled caller is not a provider failure")
	require.Equal(t, 1, resp.Attempts)
	require.Less(t, time.Since(start), 5*time.Second)
}

func TestParentCancelDuringBackoff(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	// The real sleep, with a long backoff: cancelling must cut it short.
	c := llm.New(llm.Config{BaseURL: srv.BaseURL(), APIKey: testKey, Model: testModel,
		Timeout: time.Second, BaseBackoff: time.Minute}, testLogger(t), nil)
	srv.Enqueue(llmtest.Reply{Status: 500}, ok())
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for srv.Count() == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond) // by now the client is in its minute-long backoff
		cancel()
	}()

	start := time.Now()
	resp, err := c.Complete(ctx, llm.Request{Purpose: "draft", User: "u"})
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, 1, resp.Attempts)
	require.Less(t, time.Since(start), 5*time.Second)
}

func TestAlreadyCancelledContext(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Complete(ctx, llm.Request{Purpose: "draft", User: "u"})
	require.ErrorIs(t, err, context.Canceled)
}

func TestConnectionRefusedIsUnavailable(t *testing.T) {
	t.Parallel()
	c := llm.New(llm.Config{BaseURL: llmtest.ClosedURL(t), APIKey: testKey, Model: testModel, MaxAttempts: 2,
		BaseBackoff: time.Millisecond}, testLogger(t), nil)

	resp, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", User: "u"})
	require.ErrorIs(t, err, llm.ErrUnavailable)
	require.Equal(t, 2, resp.Attempts)
	require.NotContains(t, err.Error(), testKey)
}

// TestOneAttemptAndWhyItFailed: a request may ask for a single attempt (a job runs its own retry
// schedule), and the error names what the last attempt ran into and the wait the server asked for.
func TestOneAttemptAndWhyItFailed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		reply      llmtest.Reply
		reason     string
		retryAfter time.Duration
	}{
		{llmtest.Reply{Status: 500}, "server_error", 0},
		{llmtest.Reply{Status: 429, RetryAfter: "30"}, "rate_limited", 30 * time.Second},
		{llmtest.Reply{Status: 429, ErrorCode: "insufficient_quota"}, "quota_exhausted", 0},
		{llmtest.Reply{Status: 401}, "rejected", 0},
		{llmtest.Reply{Malformed: true}, "malformed", 0},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			t.Parallel()
			c, b := setup(t)
			b.srv.Enqueue(tt.reply, ok())
			_, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", User: "u", MaxAttempts: 1})
			var e *llm.Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, 1, b.srv.Count(), "one attempt, no retry")
			require.Equal(t, tt.reason, e.Reason)
			require.Equal(t, tt.retryAfter, e.RetryAfter)
		})
	}
}
