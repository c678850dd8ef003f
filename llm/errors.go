package llm

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// The kinds of failure a caller has to tell apart. Every error from Complete and
// CompleteJSON is an *Error whose Kind is one of these (test with errors.Is), except
// when the caller's own ctx ends: then the error wraps ctx.Err() instead.
var (
	// ErrUnavailable: the provider kept failing (429, 5xx, timeouts, connection or
	// body errors) until the attempts ran out. Worth trying again later.
	ErrUnavailable = errors.New("llm: provider unavailable")
	// ErrRejected: the provider refused the request itself (400, 401, 403, 404, 422,
	// 429 insufficient_quota, …) or it could not be sent. Retrying will not help.
	ErrRejected = errors.New("llm: request rejected")
	// ErrInvalidOutput: the model answered, but not with what CompleteJSON needs,
	// even after one re-ask.
	ErrInvalidOutput = errors.New("llm: invalid output")
	// ErrInterrupted: a streamed reply stopped part-way (the connection broke, the attempt timed
	// out) after some of it had reached the caller, so it is not retried; Response.Content holds
	// the part received.
	ErrInterrupted = errors.New("llm: reply interrupted")
)

// Error describes a failed call. Its message never contains the API key.
type Error struct {
	Kind       error  // ErrUnavailable, ErrRejected, ErrInvalidOutput or ErrInterrupted
	Purpose    string // Request.Purpose
	StatusCode int    // HTTP status of the last failed attempt; 0 if none
	Attempts   int    // HTTP attempts made
	Cause      error  // the last underlying error
	// Reason labels the last failed attempt as metrics do: rate_limited, quota_exhausted,
	// server_error, rejected, timeout, malformed or transport_error; "" when no attempt failed
	// (a request that could not be built, an answer that was not valid output).
	Reason string
	// RetryAfter is the wait the server asked for on its last answer (Retry-After); 0 if none.
	RetryAfter time.Duration
	// Endpoint is the API root called, as scheme://host:port/path: never a user, password or
	// query (where a key may hide), so it can be shown to people.
	Endpoint string
	// MaxTokens is the request's token budget; CutOff counts the replies it cut off (the finish
	// reason "length") among those that made CompleteJSON fail: 2 means both the answer and the
	// re-ask ran out of room.
	MaxTokens, CutOff int
	msg               string // built once, with the key redacted
}

func (e *Error) Error() string { return e.msg }

// Unwrap lets errors.Is match both the Kind and anything in the Cause chain.
func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Cause}
}

// newError builds an *Error, scrubbing the API key out of the cause's text (a server
// or proxy may echo request headers back in an error body).
func (c *Client) newError(kind error, req Request, status, attempts int, cause error) *Error {
	what := strings.TrimPrefix(kind.Error(), "llm: ")
	msg := fmt.Sprintf("llm %s: %s", purposeLabel(req.Purpose), what)
	if attempts > 0 {
		msg += fmt.Sprintf(" after %d attempt(s)", attempts)
	}
	if cause != nil {
		msg += ": " + c.redact(cause.Error())
	}
	return &Error{Kind: kind, Purpose: req.Purpose, StatusCode: status, Attempts: attempts, Cause: cause,
		Endpoint: c.endpoint(), MaxTokens: req.MaxTokens, msg: msg}
}

// endpoint is the API root as people may see it: scheme, host, port and path only.
func (c *Client) endpoint() string {
	raw := c.cfg.BaseURL
	if raw == "" {
		raw = openai.DefaultConfig("").BaseURL
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	shown := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	return c.redact(shown.String())
}

// minRedactLen keeps dummy keys ("x", "ollama") from garbling every message.
const minRedactLen = 8

func (c *Client) redact(s string) string {
	if len(c.cfg.APIKey) < minRedactLen {
		return s
	}
	return strings.ReplaceAll(s, c.cfg.APIKey, "[redacted]")
}

// canceled reports the caller's own ctx ending; it is not the provider's fault.
func (c *Client) canceled(ctx context.Context, req Request, attempts int) error {
	return fmt.Errorf("llm %s: abandoned after %d attempt(s): %w", purposeLabel(req.Purpose), attempts, ctx.Err())
}

// Outcomes label calls in metrics and logs.
const (
	outcomeOK            = "ok"
	outcomeInvalidOutput = "invalid_output"
	outcomeUnavailable   = "unavailable"
	outcomeRejected      = "rejected"
	outcomeCanceled      = "canceled"
	outcomeInterrupted   = "interrupted"
	outcomeError         = "error"
)

func outcomeOf(err error) string {
	switch {
	case err == nil:
		return outcomeOK
	case errors.Is(err, ErrInvalidOutput):
		return outcomeInvalidOutput
	case errors.Is(err, ErrUnavailable):
		return outcomeUnavailable
	case errors.Is(err, ErrRejected):
		return outcomeRejected
	case errors.Is(err, ErrInterrupted):
		return outcomeInterrupted
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return outcomeCanceled
	default:
		return outcomeError
	}
}
