package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// errNoChoices: a 200 whose body parsed but carried no answer.
var errNoChoices = errors.New("response has no choices")

// failure is what one failed attempt tells us.
type failure struct {
	result     string // attempt label for metrics: rate_limited, server_error, …
	retryable  bool
	status     int
	retryAfter time.Duration // from the response headers; 0 if none
}

// exchange runs one request with retries, adding attempts and usage to resp and
// setting its content on success.
func (c *Client) exchange(ctx context.Context, req Request, msgs []openai.ChatCompletionMessage, resp *Response) error {
	creq, err := c.buildRequest(req, msgs)
	if err != nil {
		return c.newError(ErrRejected, req, 0, resp.Attempts, err)
	}
	return c.retrying(ctx, req, resp, func() (http.Header, bool, error) {
		out, err := c.attempt(ctx, creq)
		if err == nil {
			takeReply(resp, out)
		}
		return out.Header(), false, err
	})
}

// attemptFunc makes one HTTP attempt. It returns the answer's headers (for Retry-After) and
// whether a failure is final whatever its kind: part of a streamed reply already reached the caller.
type attemptFunc func() (h http.Header, final bool, err error)

// retrying runs attempts until one succeeds, a failure is not worth repeating, the attempts run
// out or ctx ends, counting attempts in resp.
func (c *Client) retrying(ctx context.Context, req Request, resp *Response, do attemptFunc) error {
	purpose := purposeLabel(req.Purpose)
	var last error
	var lastFail failure
	attempts := c.cfg.MaxAttempts
	if req.MaxAttempts > 0 {
		attempts = req.MaxAttempts
	}
	for try := 1; try <= attempts; try++ {
		if try > 1 {
			if err := c.pause(ctx, c.backoff(try-1, lastFail)); err != nil {
				return c.stopWaiting(ctx, req, resp, lastFail, last, err)
			}
		}
		header, final, err := do()
		resp.Attempts++
		if err == nil {
			c.metrics.observeAttempt(purpose, "ok")
			return nil
		}
		if ctx.Err() != nil {
			c.metrics.observeAttempt(purpose, outcomeCanceled)
			return c.canceled(ctx, req, resp.Attempts)
		}
		last, lastFail = err, classify(err, header)
		c.metrics.observeAttempt(purpose, lastFail.result)
		if final {
			return c.failed(ErrInterrupted, req, lastFail, resp.Attempts, err)
		}
		if !lastFail.retryable {
			return c.failed(ErrRejected, req, lastFail, resp.Attempts, err)
		}
		c.log.LogAttrs(ctx, slog.LevelDebug, "llm attempt failed", slog.String("purpose", req.Purpose),
			slog.Int("attempt", try), slog.String("result", lastFail.result), slog.String("error", c.redact(err.Error())))
	}
	return c.failed(ErrUnavailable, req, lastFail, resp.Attempts, last)
}

// failed builds the error of a call whose last attempt failed as f says.
func (c *Client) failed(kind error, req Request, f failure, attempts int, cause error) *Error {
	e := c.newError(kind, req, f.status, attempts, cause)
	e.Reason, e.RetryAfter = f.result, f.retryAfter
	return e
}

// stopWaiting explains why no further attempt was made.
func (c *Client) stopWaiting(ctx context.Context, req Request, resp *Response, f failure, last, why error) error {
	if ctx.Err() != nil {
		return c.canceled(ctx, req, resp.Attempts)
	}
	return c.failed(ErrUnavailable, req, f, resp.Attempts, fmt.Errorf("%w (%w)", last, why))
}

func takeReply(resp *Response, out openai.ChatCompletionResponse) {
	resp.Usage.add(out.Usage)
	resp.Content = out.Choices[0].Message.Content
	resp.FinishReason = string(out.Choices[0].FinishReason)
	if out.Model != "" {
		resp.Model = out.Model
	}
}

// attempt makes one HTTP call under the per-attempt deadline.
func (c *Client) attempt(ctx context.Context, creq openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	out, err := c.api.CreateChatCompletion(actx, creq)
	if err == nil && len(out.Choices) == 0 {
		err = errNoChoices
	}
	return out, c.attemptError(ctx, actx, err)
}

// attemptError names what went wrong in an attempt run under actx: its deadline, or a body that
// did not parse. The caller's own ctx ending is left as it is.
func (c *Client) attemptError(ctx, actx context.Context, err error) error {
	switch {
	case err == nil || ctx.Err() != nil:
	case errors.Is(actx.Err(), context.DeadlineExceeded):
		err = &timeoutError{after: c.cfg.Timeout, err: err}
	case isMalformed(err) && !hasStatus(err):
		err = fmt.Errorf("malformed response body: %w", err)
	}
	return err
}

type timeoutError struct {
	after time.Duration
	err   error
}

func (e *timeoutError) Error() string {
	return fmt.Sprintf("attempt timed out after %s: %v", e.after, e.err)
}
func (e *timeoutError) Unwrap() error { return e.err }

// classify decides whether a failed attempt is worth repeating. Like OpenAI's own
// SDKs it retries 408, 409, 429 and 5xx, plus timeouts, transport errors and bodies
// that do not parse; any other status, and a 429 for exhausted quota, is final.
func classify(err error, h http.Header) failure {
	status, code := statusOf(err)
	f := failure{status: status, retryable: true}
	switch {
	case status == http.StatusTooManyRequests && code == "insufficient_quota":
		f.result, f.retryable = "quota_exhausted", false
	case status == http.StatusTooManyRequests:
		f.result, f.retryAfter = "rate_limited", retryAfter(h)
	case status >= 500:
		f.result, f.retryAfter = "server_error", retryAfter(h)
	case status == http.StatusRequestTimeout, status == http.StatusConflict:
		f.result = "server_error"
	case status >= 400:
		f.result, f.retryable = "rejected", false
	case isTimeout(err):
		f.result = "timeout"
	case isMalformed(err):
		f.result = "malformed"
	default:
		f.result = "transport_error"
	}
	return f
}

// statusOf digs the HTTP status and OpenAI error code out of go-openai's errors.
func statusOf(err error) (int, string) {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		code, _ := apiErr.Code.(string)
		if code == "" {
			code = apiErr.Type
		}
		return apiErr.HTTPStatusCode, code
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode, ""
	}
	return 0, ""
}

func hasStatus(err error) bool {
	status, _ := statusOf(err)
	return status != 0
}

func isTimeout(err error) bool {
	var te *timeoutError
	return errors.As(err, &te)
}

func isMalformed(err error) bool {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	return errors.As(err, &syntax) || errors.As(err, &typ) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, errNoChoices)
}

// retryAfter reads OpenAI's retry-after-ms, then the standard Retry-After (seconds
// or an HTTP date). 0 means "not given".
func retryAfter(h http.Header) time.Duration {
	if h == nil {
		return 0
	}
	if ms, err := strconv.ParseFloat(h.Get("Retry-After-Ms"), 64); err == nil && ms > 0 {
		return time.Duration(ms * float64(time.Millisecond))
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s > 0 {
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

// backoff is the wait before retry number n (1-based): the server's Retry-After
// (capped, plus up to 10% jitter) when given, else BaseBackoff·2^(n-1) capped at
// MaxBackoff, with "equal jitter" (half fixed, half random).
func (c *Client) backoff(n int, f failure) time.Duration {
	if f.retryAfter > 0 {
		d := min(f.retryAfter, MaxRetryAfter)
		return d + jitter(d/10)
	}
	d := c.cfg.BaseBackoff
	for i := 1; i < n && d < MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, MaxBackoff)
	return d/2 + jitter(d/2)
}

func jitter(upTo time.Duration) time.Duration {
	if upTo <= 0 {
		return 0
	}
	return rand.N(upTo + 1)
}

// pause waits d, but gives up at once if ctx ends first or cannot outlive the wait.
func (c *Client) pause(ctx context.Context, d time.Duration) error {
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		return fmt.Errorf("no time left to wait %s before retrying", d.Round(time.Millisecond))
	}
	return c.sleep(ctx, d)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
