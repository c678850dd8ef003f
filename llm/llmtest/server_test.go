package llmtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/llm/llmtest"
)

func client(srv *llmtest.Server) *openai.Client {
	cfg := openai.DefaultConfig("sk-fake")
	cfg.BaseURL = srv.BaseURL()
	return openai.NewClientWithConfig(cfg)
}

func chat(system, user string) openai.ChatCompletionRequest {
	return openai.ChatCompletionRequest{Model: "gpt-4o-mini", Messages: []openai.ChatCompletionMessage{
		{Role: openai.ChatMessageRoleSystem, Content: system},
		{Role: openai.ChatMessageRoleUser, Content: user},
	}}
}

func TestCompletionWireFormat(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.Reply{Content: "hi", Usage: &llmtest.Usage{Prompt: 20, Completion: 1, Cached: 8}})

	body := `{"model":"m1","messages":[{"role":"user","content":"x"}]}`
	resp, err := http.Post(srv.BaseURL()+"/chat/completions", "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)

	var got map[string]any
	require.NoError(t, json.Unmarshal(raw, &got))
	require.Equal(t, "chat.completion", got["object"])
	require.Equal(t, "m1", got["model"])
	require.NotEmpty(t, got["id"])
	require.NotZero(t, got["created"])
	require.JSONEq(t, `[{"index":0,"message":{"role":"assistant","content":"hi","refusal":null},"logprobs":null,"finish_reason":"stop"}]`,
		mustJSON(t, got["choices"]))
	require.JSONEq(t, `{"prompt_tokens":20,"completion_tokens":1,"total_tokens":21,"prompt_tokens_details":{"cached_tokens":8}}`,
		mustJSON(t, got["usage"]))
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestErrorBody(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.Reply{Status: 429, RetryAfter: "3", Content: "slow down"})

	_, err := client(srv).CreateChatCompletion(context.Background(), chat("s", "u"))
	var apiErr *openai.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, 429, apiErr.HTTPStatusCode)
	require.Equal(t, "slow down", apiErr.Message)
	require.Equal(t, "rate_limit_exceeded", apiErr.Code)

	srv.Enqueue(llmtest.Reply{Status: 429, RetryAfter: "3"})
	resp, err := http.Post(srv.BaseURL()+"/chat/completions", "application/json",
		strings.NewReader(`{"model":"m","messages":[{"role":"user","content":"x"}]}`))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, "3", resp.Header.Get("Retry-After"))
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.JSONEq(t, `{"error":{"message":"Too Many Requests","type":"rate_limit_exceeded","param":null,"code":"rate_limit_exceeded"}}`, string(raw))
}

func TestRecordsRequest(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	req := chat("system prompt", "user prompt")
	//lint:ignore SA1019 the field mos sends (see llm/request.go)
	req.Temperature, req.MaxTokens = 0.25, 77
	req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}

	resp, err := client(srv).CreateChatCompletion(context.Background(), req)
	require.NoError(t, err)
	require.Equal(t, `{"echo":"user prompt"}`, resp.Choices[0].Message.Content, "default responder, JSON requested")

	rec := srv.Requests()[0]
	require.Equal(t, "gpt-4o-mini", rec.Model)
	require.Equal(t, []llmtest.Message{{Role: "system", Content: "system prompt"}, {Role: "user", Content: "user prompt"}}, rec.Messages)
	require.Equal(t, llmtest.Message{Role: "user", Content: "user prompt"}, rec.Last())
	require.JSONEq(t, `{"type":"json_object"}`, string(rec.ResponseFormat))
	require.InDelta(t, 0.25, *rec.Temperature, 1e-6)
	require.Equal(t, 77, rec.MaxTokens)
	require.Equal(t, "Bearer sk-fake", rec.Header.Get("Authorization"))
	require.Contains(t, string(rec.Raw), `"max_tokens":77`)
}

func TestDefaultResponderText(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	resp, err := client(srv).CreateChatCompletion(context.Background(), chat("s", "hello"))
	require.NoError(t, err)
	require.Equal(t, "echo: hello", resp.Choices[0].Message.Content)
	require.Equal(t, (len("s")+len("hello"))/4, resp.Usage.PromptTokens)
	require.Equal(t, len("echo: hello")/4, resp.Usage.CompletionTokens)
	require.NotNil(t, resp.Usage.PromptTokensDetails)
	require.Zero(t, resp.Usage.PromptTokensDetails.CachedTokens)
}

func TestQueueBeforeResponder(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	srv.SetResponder(func(r llmtest.Recorded) llmtest.Reply { return llmtest.Reply{Content: "from responder"} })
	srv.Enqueue(llmtest.Reply{Content: "first"}, llmtest.Reply{Content: "second"})
	c := client(srv)
	for _, want := range []string{"first", "second", "from responder", "from responder"} {
		resp, err := c.CreateChatCompletion(context.Background(), chat("s", "u"))
		require.NoError(t, err)
		require.Equal(t, want, resp.Choices[0].Message.Content)
	}
	require.Equal(t, 4, srv.Count())
}

func TestStreaming(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	content := "A streamed reply, in several pieces — with ünïcode."
	srv.Enqueue(llmtest.Reply{Content: content, Usage: &llmtest.Usage{Prompt: 40, Completion: 12, Cached: 32}})

	req := chat("s", "u")
	req.Stream = true
	req.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	stream, err := client(srv).CreateChatCompletionStream(context.Background(), req)
	require.NoError(t, err)
	defer stream.Close()

	var got strings.Builder
	var usage *openai.Usage
	var finish openai.FinishReason
	chunks := 0
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		chunks++
		require.Equal(t, "chat.completion.chunk", chunk.Object)
		if chunk.Usage != nil {
			usage = chunk.Usage
			require.Empty(t, chunk.Choices)
		}
		for _, ch := range chunk.Choices {
			got.WriteString(ch.Delta.Content)
			if ch.FinishReason != "" {
				finish = ch.FinishReason
			}
		}
	}
	require.Equal(t, content, got.String())
	require.Greater(t, chunks, 3)
	require.Equal(t, openai.FinishReasonStop, finish)
	require.NotNil(t, usage)
	require.Equal(t, 40, usage.PromptTokens)
	require.Equal(t, 32, usage.PromptTokensDetails.CachedTokens)
	require.True(t, srv.Requests()[0].Stream)
	require.True(t, srv.Requests()[0].IncludeUsage)
}

func TestStreamingWithoutUsageAndErrors(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.Reply{Content: "plain"}, llmtest.Reply{Status: 500})
	c := client(srv)
	req := chat("s", "u")
	req.Stream = true

	stream, err := c.CreateChatCompletionStream(context.Background(), req)
	require.NoError(t, err)
	var got strings.Builder
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		require.Nil(t, chunk.Usage)
		for _, ch := range chunk.Choices {
			got.WriteString(ch.Delta.Content)
		}
	}
	stream.Close()
	require.Equal(t, "plain", got.String())

	_, err = c.CreateChatCompletionStream(context.Background(), req)
	var apiErr *openai.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, 500, apiErr.HTTPStatusCode)
}

func TestModels(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	list, err := client(srv).ListModels(context.Background())
	require.NoError(t, err)
	require.Len(t, list.Models, 1)
	require.Equal(t, llmtest.DefaultModel, list.Models[0].ID)
}

func TestMalformed(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.Reply{Malformed: true})
	_, err := client(srv).CreateChatCompletion(context.Background(), chat("s", "u"))
	require.Error(t, err)
	var apiErr *openai.APIError
	require.False(t, errors.As(err, &apiErr), "a 200 with a broken body, not an API error")
}

func TestMalformedStream(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.Reply{Malformed: true})
	req := chat("s", "u")
	req.Stream = true
	stream, err := client(srv).CreateChatCompletionStream(context.Background(), req)
	require.NoError(t, err)
	defer stream.Close()
	_, err = stream.Recv()
	require.Error(t, err)
	require.False(t, errors.Is(err, io.EOF))
}

func TestStalledStream(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.Reply{Content: "one two three", ChunkDelay: time.Minute})
	req := chat("s", "u")
	req.Stream = true
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	stream, err := client(srv).CreateChatCompletionStream(ctx, req)
	require.NoError(t, err)
	defer stream.Close()
	first, err := stream.Recv()
	require.NoError(t, err)
	require.Equal(t, openai.ChatMessageRoleAssistant, first.Choices[0].Delta.Role)
	_, err = stream.Recv() // stalls until the client's deadline
	require.Error(t, err)
}

func TestConcurrentRequests(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	const n = 50
	for range n / 2 {
		srv.Enqueue(llmtest.Reply{Content: "queued"})
	}
	c := client(srv)
	var wg sync.WaitGroup
	contents := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			resp, err := c.CreateChatCompletion(context.Background(), chat("s", fmt.Sprint(i)))
			errs[i] = err
			if err == nil {
				contents[i] = resp.Choices[0].Message.Content
			}
		})
	}
	reqs := srv.WaitRequests(n, 5*time.Second)
	wg.Wait()
	require.Len(t, reqs, n)
	queued := 0
	for i := range n {
		require.NoError(t, errs[i])
		if contents[i] == "queued" {
			queued++
		} else {
			require.Equal(t, fmt.Sprint("echo: ", i), contents[i])
		}
	}
	require.Equal(t, n/2, queued)
}

func TestDelayEndsWhenClientGoesAway(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.Reply{Content: "late", Delay: time.Minute}, llmtest.Reply{Content: "next"})
	c := client(srv)

	// Give up only once the server holds the request (and so has taken the delayed reply): a
	// deadline alone could pass before the request arrives on a busy machine.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		_, err := c.CreateChatCompletion(ctx, chat("s", "u"))
		errc <- err
	}()
	srv.WaitRequests(1, 5*time.Second)
	cancel()
	require.ErrorIs(t, <-errc, context.Canceled)

	resp, err := c.CreateChatCompletion(context.Background(), chat("s", "u"))
	require.NoError(t, err)
	require.Equal(t, "next", resp.Choices[0].Message.Content)
}

func TestHangEndsOnClose(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.Reply{Hang: true})
	done := make(chan error, 1)
	go func() {
		_, err := client(srv).CreateChatCompletion(context.Background(), chat("s", "u"))
		done <- err
	}()
	srv.WaitRequests(1, 5*time.Second)
	srv.Close() // must not block on the hanging handler

	select {
	case err := <-done:
		require.Error(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("client still waiting after server close")
	}
}

func TestSimulatePromptCache(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	srv.SimulatePromptCache()
	c := client(srv)
	system := strings.Repeat("stable prefix ", 100) // 1400 bytes

	cached := func(sys, user string) int {
		resp, err := c.CreateChatCompletion(context.Background(), chat(sys, user))
		require.NoError(t, err)
		return resp.Usage.PromptTokensDetails.CachedTokens
	}
	require.Zero(t, cached(system, "one"), "nothing seen yet")
	require.Equal(t, len(system)/4, cached(system, "two"), "same system, other user")
	require.Equal(t, len(system)/4, cached(system+" v2", "three"), "longest common prefix")
	require.Zero(t, cached("2025-01-01 "+system, "four"), "a timestamp in front kills the cache")
}

func TestStreamCutMidway(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.Reply{Content: "one two three four five", CutAfter: 2})
	req := chat("s", "u")
	req.Stream = true
	stream, err := client(srv).CreateChatCompletionStream(context.Background(), req)
	require.NoError(t, err)
	defer stream.Close()
	var got strings.Builder
	for {
		chunk, err := stream.Recv()
		if err != nil {
			require.False(t, errors.Is(err, io.EOF), "a cut stream does not end cleanly: %v", err)
			break
		}
		for _, ch := range chunk.Choices {
			got.WriteString(ch.Delta.Content)
			require.Empty(t, ch.FinishReason, "no finish chunk before the cut")
		}
	}
	require.Equal(t, "one two ", got.String())
}
