// Package llm is the one way mos talks to a language model: a small client for any
// OpenAI-compatible chat-completions server (OpenAI, Ollama, vLLM, LiteLLM, …).
//
// go-openai on its own has no timeout, no retries and silently drops
// Temperature: 0. This package adds what every generation in mos needs on top of it:
// a deadline on every attempt, retries with backoff for the failures worth retrying
// (429, 5xx, timeouts, broken connections, garbled bodies) and none for the rest,
// structured JSON output that is parsed, validated and re-asked once, a plain reply
// cut off at the token limit asked for again with a larger one, token usage
// (including cached prompt tokens) on every response, metrics and logs.
//
// Prompts are laid out for prompt caching: Request.System is sent first and byte for
// byte, Request.User last, so a stable System prefix is reused across calls.
package llm

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	openai "github.com/sashabaranov/go-openai"
)

// Defaults applied by New to zero Config fields, and the caps on waiting.
const (
	DefaultTimeout     = 2 * time.Minute
	DefaultMaxAttempts = 3
	DefaultBaseBackoff = 500 * time.Millisecond
	// MaxBackoff caps the exponential backoff between attempts.
	MaxBackoff = 20 * time.Second
	// MaxRetryAfter caps how long a server's Retry-After can make us wait.
	MaxRetryAfter = 30 * time.Second
)

// ZeroTemperature is what an explicit temperature of 0 is sent as. go-openai tags
// Temperature `omitempty`, so a real 0 would vanish from the request and the
// server's default (usually 1) would apply; this is as deterministic as 0 in practice.
const ZeroTemperature float32 = 1e-6

// Config says which server and model to use and how hard to try.
type Config struct {
	BaseURL string // e.g. https://api.openai.com/v1 or http://localhost:11434/v1; empty = OpenAI
	APIKey  string // never logged nor put in errors
	Model   string
	// Timeout bounds each attempt (not the whole call); the caller's ctx bounds the call.
	Timeout time.Duration
	// MaxAttempts is the number of HTTP attempts per request, including the first.
	MaxAttempts int
	// BaseBackoff is the first wait between attempts; it doubles per retry, with
	// jitter, up to MaxBackoff. A Retry-After header replaces it (up to MaxRetryAfter).
	BaseBackoff time.Duration
}

// String keeps the API key out of %v and %+v.
func (c Config) String() string {
	return "llm.Config{BaseURL:" + redactedURL(c.BaseURL) + " Model:" + c.Model + " APIKey:" + redactedKey(c.APIKey) +
		" Timeout:" + c.Timeout.String() + "}"
}

// LogValue keeps the API key out of slog output.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", redactedURL(c.BaseURL)),
		slog.String("model", c.Model),
		slog.String("api_key", redactedKey(c.APIKey)),
		slog.Duration("timeout", c.Timeout),
		slog.Int("max_attempts", c.MaxAttempts),
		slog.Duration("base_backoff", c.BaseBackoff),
	)
}

func redactedKey(key string) string {
	if key == "" {
		return ""
	}
	return "[redacted]"
}

// Request is one generation. Messages go out as [system: System] then [user: User].
type Request struct {
	// Purpose names the step ("outline", "draft", "revise", "repair", "proposal");
	// it labels metrics and logs, so keep the set small.
	Purpose string
	// System is the stable prefix (the rendered Client OS), sent first and unchanged
	// so the provider's prompt cache can reuse it. Omitted when empty.
	System string
	// User is the variable part of the request, sent last.
	User string
	// Schema, when set, asks for strict structured JSON output; CompleteJSON also
	// parses and checks it.
	Schema *Schema
	// MaxTokens caps the reply; 0 leaves the provider's default. A plain reply (Complete)
	// cut off at MaxTokens is asked for once more with TruncatedRetryFactor times the budget.
	MaxTokens int
	// Temperature nil leaves the provider default. An explicit 0 is sent as
	// ZeroTemperature, because go-openai would drop a literal 0. Reasoning models
	// (o-series, gpt-5) accept only their default, so for them it is not sent.
	Temperature *float32
	// MaxAttempts overrides Config.MaxAttempts for this request when positive: a caller that runs
	// its own retry schedule (a job) asks for one attempt, so the person sees one schedule.
	MaxAttempts int
}

// Schema describes the JSON a CompleteJSON call must produce.
type Schema struct {
	// Name identifies the schema to the provider ([a-zA-Z0-9_-]); defaults to the purpose.
	Name string
	// JSON is a JSON Schema object. Strict mode wants "additionalProperties": false
	// and every property listed in "required".
	JSON json.RawMessage
	// Required lists top-level keys that must be present and non-empty in the reply
	// (not null, "", [] or {}). Checked locally, because not every server enforces
	// the schema.
	Required []string
}

// Usage is the token count of a call, summed over all its HTTP attempts.
type Usage struct {
	PromptTokens     int
	CompletionTokens int
	// CachedTokens is the part of PromptTokens served from the provider's prompt
	// cache; 0 when the server does not report it.
	CachedTokens int
}

func (u *Usage) add(o openai.Usage) {
	u.PromptTokens += o.PromptTokens
	u.CompletionTokens += o.CompletionTokens
	if o.PromptTokensDetails != nil {
		u.CachedTokens += o.PromptTokensDetails.CachedTokens
	}
}

// Response is the outcome of a call. It is returned on failure too, with what is
// known so far (attempts, latency, usage, last reply), so the caller can record the call.
type Response struct {
	// Content is the assistant's last reply as received (before fence stripping).
	Content string
	Usage   Usage
	// Attempts counts HTTP attempts, including retries and a JSON re-ask.
	Attempts int
	// Latency is the wall time of the whole call, waits included.
	Latency time.Duration
	// Model is the model the server says answered, or the configured one.
	Model string
	// FinishReason of the last reply: "stop", or FinishLength when MaxTokens cut it off.
	FinishReason string
}

// FinishLength is the finish reason of a reply the token limit cut off.
const FinishLength = "length"

// Truncated reports a reply cut off at the token limit: its end is missing.
func (r Response) Truncated() bool { return r.FinishReason == FinishLength }

// Client calls the model. It is safe for concurrent use.
type Client struct {
	cfg     Config
	api     *openai.Client
	log     *slog.Logger
	metrics *metrics // nil when no registerer was given
	// sleep waits between attempts; replaced in tests.
	sleep func(ctx context.Context, d time.Duration) error
}

// New builds a client. logger may be nil (discard); reg may be nil (no metrics).
func New(cfg Config, logger *slog.Logger, reg prometheus.Registerer) *Client {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.BaseBackoff <= 0 {
		cfg.BaseBackoff = DefaultBaseBackoff
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		oc.BaseURL = cfg.BaseURL
	}
	// No http.Client timeout: every attempt carries a context deadline instead.
	oc.HTTPClient = &http.Client{}
	return &Client{
		cfg:     cfg,
		api:     openai.NewClientWithConfig(oc),
		log:     logger,
		metrics: newMetrics(reg, logger),
		sleep:   sleepCtx,
	}
}

// Model is the configured model name.
func (c *Client) Model() string { return c.cfg.Model }

// Timeout is the deadline of one attempt.
func (c *Client) Timeout() time.Duration { return c.cfg.Timeout }

// TruncatedRetryFactor is how much larger the budget is when Complete asks again for a reply
// the token limit cut off.
const TruncatedRetryFactor = 2

// Complete sends the request and returns the reply text. A reply cut off at req.MaxTokens is
// asked for once more with TruncatedRetryFactor times the budget; if that reply is cut off too,
// or the second request fails, the call still succeeds with the cut-off reply, and
// Response.Truncated says so: the caller decides how to flag it.
func (c *Client) Complete(ctx context.Context, req Request) (Response, error) {
	start := time.Now()
	var resp Response
	err := c.complete(ctx, req, &resp)
	c.finish(ctx, req, &resp, start, err)
	return resp, err
}

func (c *Client) complete(ctx context.Context, req Request, resp *Response) error {
	msgs := initialMessages(req)
	if err := c.exchange(ctx, req, msgs, resp); err != nil || !resp.Truncated() || req.MaxTokens <= 0 {
		return err
	}
	larger := req
	larger.MaxTokens = req.MaxTokens * TruncatedRetryFactor
	c.log.LogAttrs(ctx, slog.LevelInfo, "llm reply cut off at the token limit; asking again with a larger one",
		slog.String("purpose", req.Purpose), slog.Int("max_tokens", req.MaxTokens), slog.Int("retry_max_tokens", larger.MaxTokens))
	if err := c.exchange(ctx, larger, msgs, resp); err != nil { // on failure resp keeps the cut-off reply
		if ctx.Err() != nil {
			return err
		}
		// The cut-off reply is still worth having (flagged): the larger budget may be more than
		// the model allows, or the provider may have failed meanwhile.
		c.log.LogAttrs(ctx, slog.LevelWarn, "llm retry with a larger token limit failed; keeping the cut-off reply",
			slog.String("purpose", req.Purpose), slog.String("error", err.Error()))
	}
	return nil
}

// finish stamps latency, records metrics and logs the call.
func (c *Client) finish(ctx context.Context, req Request, resp *Response, start time.Time, err error) {
	resp.Latency = time.Since(start)
	if resp.Model == "" {
		resp.Model = c.cfg.Model
	}
	outcome := outcomeOf(err)
	c.metrics.observeCall(purposeLabel(req.Purpose), outcome, resp)
	attrs := []slog.Attr{
		slog.String("purpose", req.Purpose),
		slog.String("model", resp.Model),
		slog.String("outcome", outcome),
		slog.Int("attempts", resp.Attempts),
		slog.Int64("latency_ms", resp.Latency.Milliseconds()),
		slog.Int("prompt_tokens", resp.Usage.PromptTokens),
		slog.Int("completion_tokens", resp.Usage.CompletionTokens),
		slog.Int("cached_tokens", resp.Usage.CachedTokens),
	}
	switch {
	case outcome == outcomeCanceled: // the caller gave up (shutdown, job timeout): not alarming
		attrs = append(attrs, slog.String("error", err.Error()))
		c.log.LogAttrs(ctx, slog.LevelInfo, "llm call abandoned", attrs...)
		return
	case err != nil:
		attrs = append(attrs, slog.String("error", err.Error()))
		c.log.LogAttrs(ctx, slog.LevelWarn, "llm call failed", attrs...)
		return
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "llm call", attrs...)
}

func purposeLabel(p string) string {
	if p == "" {
		return "unspecified"
	}
	return p
}

// redactedURL hides a password an operator may have put in the endpoint URL.
func redactedURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
