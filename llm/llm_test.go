package llm_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/llm/llmtest"
)

const (
	testKey   = "sk-test-SECRET-0123456789abcdef"
	testModel = "gpt-4o-mini"
)

// bundle is what a test gets next to the client.
type bundle struct {
	srv *llmtest.Server
	reg *prometheus.Registry

	mu     sync.Mutex
	sleeps []time.Duration // waits the client asked for between attempts
}

func (b *bundle) waits() []time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]time.Duration(nil), b.sleeps...)
}

// setup starts a fake server and a client with small timeouts whose backoff waits
// are recorded, not slept. mods adjust the config.
func setup(t *testing.T, mods ...func(*llm.Config)) (*llm.Client, *bundle) {
	t.Helper()
	b := &bundle{srv: llmtest.New(t), reg: prometheus.NewRegistry()}
	cfg := llm.Config{
		BaseURL:     b.srv.BaseURL(),
		APIKey:      testKey,
		Model:       testModel,
		Timeout:     2 * time.Second,
		MaxAttempts: 3,
		BaseBackoff: time.Millisecond,
	}
	for _, m := range mods {
		m(&cfg)
	}
	c := llm.New(cfg, testLogger(t), b.reg)
	llm.SetSleep(c, func(ctx context.Context, d time.Duration) error {
		b.mu.Lock()
		b.sleeps = append(b.sleeps, d)
		b.mu.Unlock()
		return ctx.Err()
	})
	return c, b
}

// testLogger sends debug logs to t.Log.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func TestCompletePlainWithUsage(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(llmtest.Reply{Content: "hello there", Usage: &llmtest.Usage{Prompt: 1500, Completion: 3, Cached: 1280}})

	resp, err := c.Complete(context.Background(), llm.Request{Purpose: "outline", System: "sys", User: "hi"})
	require.NoError(t, err)
	require.Equal(t, "hello there", resp.Content)
	require.Equal(t, llm.Usage{PromptTokens: 1500, CompletionTokens: 3, CachedTokens: 1280}, resp.Usage)
	require.Equal(t, 1, resp.Attempts)
	require.Equal(t, testModel, resp.Model)
	require.Equal(t, "stop", resp.FinishReason)
	require.Positive(t, resp.Latency)

	reqs := b.srv.Requests()
	require.Len(t, reqs, 1)
	require.Equal(t, testModel, reqs[0].Model)
	require.Equal(t, "Bearer "+testKey, reqs[0].Header.Get("Authorization"))
	require.Nil(t, reqs[0].ResponseFormat)
	require.False(t, reqs[0].Stream)
}

func TestCompleteMessageLayout(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	system := "# Client OS v3\n\nVoice: plain, warm.  \n\tTrailing spaces and tabs stay.\n«ünïcødé» ✓\n\n"
	user := "Write an outline about {x} — \"quoted\"\n"

	_, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", System: system, User: user, MaxTokens: 300})
	require.NoError(t, err)

	reqs := b.srv.Requests()
	require.Len(t, reqs, 1)
	require.Equal(t, []llmtest.Message{{Role: "system", Content: system}, {Role: "user", Content: user}}, reqs[0].Messages)
	require.Equal(t, 300, reqs[0].MaxTokens)
	require.Nil(t, reqs[0].Temperature)
}

func TestCompleteWithoutSystem(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	_, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", User: "only user"})
	require.NoError(t, err)
	require.Equal(t, []llmtest.Message{{Role: "user", Content: "only user"}}, b.srv.Requests()[0].Messages)
}

func TestCompleteTemperature(t *testing.T) {
	t.Parallel()
	f := func(v float32) *float32 { return &v }
	tests := []struct {
		name     string
		temp     *float32
		min, max float64 // wanted range; both 0 = not sent
	}{
		{"unset leaves provider default", nil, 0, 0},
		{"explicit zero is sent as near zero", f(0), 1e-9, 1e-4},
		{"other values are sent as is", f(0.7), 0.69, 0.71},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, b := setup(t)
			_, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", User: "u", Temperature: tt.temp})
			require.NoError(t, err)
			got := b.srv.Requests()[0].Temperature
			if tt.max == 0 {
				require.Nil(t, got)
				return
			}
			require.NotNil(t, got)
			require.GreaterOrEqual(t, *got, tt.min)
			require.LessOrEqual(t, *got, tt.max)
		})
	}
}

func TestCompleteReasoningModelUsesMaxCompletionTokens(t *testing.T) {
	t.Parallel()
	c, b := setup(t, func(cfg *llm.Config) { cfg.Model = "o3-mini" })
	_, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", User: "u", MaxTokens: 500})
	require.NoError(t, err)
	rec := b.srv.Requests()[0]
	require.Zero(t, rec.MaxTokens)
	require.Equal(t, 500, rec.MaxCompletionTokens)
}

func TestCompleteReasoningModelDropsTemperature(t *testing.T) {
	t.Parallel()
	c, b := setup(t, func(cfg *llm.Config) { cfg.Model = "gpt-5-mini" })
	temp := float32(0.7)
	_, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", User: "u", Temperature: &temp})
	require.NoError(t, err)
	require.Nil(t, b.srv.Requests()[0].Temperature)
}

func TestCompleteStablePrefixIsCached(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.SimulatePromptCache()
	system := strings.Repeat("Client OS rule. ", 512) // 8 KiB ≈ 2048 tokens

	first, err := c.Complete(context.Background(), llm.Request{Purpose: "outline", System: system, User: "piece one"})
	require.NoError(t, err)
	second, err := c.Complete(context.Background(), llm.Request{Purpose: "outline", System: system, User: "piece two"})
	require.NoError(t, err)

	require.Zero(t, first.Usage.CachedTokens)
	require.Equal(t, len(system)/4, second.Usage.CachedTokens)
}

func TestCompleteConcurrent(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	const n = 30
	var wg sync.WaitGroup
	errs := make([]error, n)
	contents := make([]string, n)
	for i := range n {
		wg.Go(func() {
			resp, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", User: fmt.Sprint("req ", i)})
			errs[i], contents[i] = err, resp.Content
		})
	}
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i])
		require.Equal(t, fmt.Sprint("echo: req ", i), contents[i])
	}
	require.Equal(t, n, b.srv.Count())
}

func TestAPIKeyNeverInErrors(t *testing.T) {
	t.Parallel()
	for _, status := range []int{401, 500} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			c, b := setup(t)
			// A hostile or sloppy proxy echoing the Authorization header back.
			b.srv.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
				return llmtest.Reply{Status: status, Content: "bad auth " + r.Header.Get("Authorization")}
			})
			_, err := c.Complete(context.Background(), llm.Request{Purpose: "draft", User: "u"})
			require.Error(t, err)
			require.NotContains(t, err.Error(), testKey)
			require.Contains(t, err.Error(), "[redacted]")
		})
	}
}

func TestConfigNeverShowsAPIKey(t *testing.T) {
	t.Parallel()
	cfg := llm.Config{BaseURL: "http://proxyuser:proxypass@x/v1", APIKey: testKey, Model: testModel}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("config", "llm", cfg)
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), buf.String()} {
		require.NotContains(t, s, testKey)
		require.NotContains(t, s, "proxypass", "a password in the endpoint URL is a secret too")
		require.Contains(t, s, "proxyuser:xxxxx@x/v1")
		require.Contains(t, s, testModel)
	}
}
