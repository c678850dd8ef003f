package engine

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/mos-hq/mos/llm"
)

// DefaultGiveUpAfter is how long a generation keeps retrying after its first failed attempt.
const DefaultGiveUpAfter = 2 * time.Minute

// Cause is what made a generation attempt fail, as a code; the adapters word it.
type Cause string

// The causes a generation attempt fails for.
const (
	CauseServerError   Cause = "server_error"    // the endpoint answered 5xx (or 408/409)
	CauseRateLimited   Cause = "rate_limited"    // 429: too many requests
	CauseQuota         Cause = "quota"           // 429 insufficient_quota: the account is out of credit
	CauseTimeout       Cause = "timeout"         // no answer in time
	CauseUnreachable   Cause = "unreachable"     // no connection (refused, DNS, reset)
	CauseBadReply      Cause = "bad_reply"       // a 200 whose body is not a chat completion
	CauseBadOutput     Cause = "bad_output"      // an answer that is not the JSON or text asked for
	CauseCutOff        Cause = "cut_off"         // an answer cut off at its token budget, even when asked again
	CauseUnauthorized  Cause = "unauthorized"    // 401/403: the API key is refused
	CauseModelNotFound Cause = "model_not_found" // 404: the endpoint does not serve MOS_MODEL
	CauseRefused       Cause = "refused"         // another 4xx: the request itself was refused
	CauseInternal      Cause = "internal"        // something on our side (the database, a bug)
	CauseLost          Cause = "lost"            // the generation never finished: its job was lost
)

// Causes lists every Cause, for the adapters' tests that each has its words.
func Causes() []Cause {
	return []Cause{CauseServerError, CauseRateLimited, CauseQuota, CauseTimeout, CauseUnreachable, CauseBadReply,
		CauseBadOutput, CauseCutOff, CauseUnauthorized, CauseModelNotFound, CauseRefused, CauseInternal, CauseLost}
}

// Trouble is a generation that failed an attempt and will try again: why, and when. The piece's
// message shows it (with Retry now and Cancel) until the generation succeeds, gives up or is
// cancelled.
type Trouble struct {
	Cause  Cause `json:"cause"`
	Status int   `json:"status,omitempty"` // the HTTP status the endpoint answered; 0 when none
	// ProviderWait is the wait a rate-limiting provider asked for (Retry-After); 0 when none.
	ProviderWait time.Duration `json:"provider_wait,omitempty"`
	Model        string        `json:"model,omitempty"`   // MOS_MODEL, for a model the endpoint does not serve
	Timeout      time.Duration `json:"timeout,omitempty"` // the deadline a timed-out attempt had; 0 if unknown
	Detail       string        `json:"detail,omitempty"`  // a short technical cause: "connection refused"
	Attempt      int           `json:"attempt"`           // the attempt that failed, from 1
	MaxAttempts  int           `json:"max_attempts"`
	Wait         time.Duration `json:"wait"`  // from the failure to the next attempt
	Since        time.Time     `json:"since"` // the first failed attempt of this generation
	JobID        int64         `json:"job_id"`
	// RetryingNow is set when a person pressed Retry now: the next attempt is under way.
	RetryingNow bool `json:"retrying_now,omitempty"`
	// Endpoint is the model endpoint that could not be reached (scheme://host:port/path, no secrets).
	Endpoint string `json:"endpoint,omitempty"`
	// MaxTokens is the token budget of an answer cut off; CutOffs how many answers it cut off.
	MaxTokens int `json:"max_tokens,omitempty"`
	CutOffs   int `json:"cut_offs,omitempty"`
}

// Retryable says whether another attempt may succeed. A refused key, a model that is not served,
// an exhausted quota or a refused request will fail the same way until someone changes a setting.
func (c Cause) Retryable() bool {
	switch c {
	case CauseUnauthorized, CauseModelNotFound, CauseQuota, CauseRefused:
		return false
	}
	return true
}

// TroubleOf classifies a failed attempt. model is MOS_MODEL, timeout the model's per-attempt
// deadline (for the words of a timeout).
func TroubleOf(cause error, model string, timeout time.Duration) Trouble {
	var le *llm.Error
	if !errors.As(cause, &le) {
		switch {
		case errors.Is(cause, llm.ErrInvalidOutput):
			return Trouble{Cause: CauseBadOutput}
		case errors.Is(cause, context.DeadlineExceeded):
			return Trouble{Cause: CauseTimeout}
		}
		return Trouble{Cause: CauseInternal}
	}
	t := Trouble{Status: le.StatusCode, ProviderWait: le.RetryAfter}
	switch {
	case errors.Is(le, llm.ErrInvalidOutput) && le.CutOff > 0:
		t.Cause, t.MaxTokens, t.CutOffs = CauseCutOff, le.MaxTokens, le.CutOff
	case errors.Is(le, llm.ErrInvalidOutput):
		t.Cause = CauseBadOutput
	case le.Reason == "quota_exhausted":
		t.Cause = CauseQuota
	case le.Reason == "rate_limited":
		t.Cause = CauseRateLimited
	case le.Reason == "server_error":
		t.Cause = CauseServerError
	case le.Reason == "timeout":
		t.Cause, t.Timeout = CauseTimeout, timeout
	case le.Reason == "malformed":
		t.Cause = CauseBadReply
	case le.Reason == "transport_error":
		t.Cause, t.Detail, t.Endpoint = CauseUnreachable, networkDetail(le.Cause), le.Endpoint
	case le.StatusCode == http.StatusUnauthorized, le.StatusCode == http.StatusForbidden:
		t.Cause = CauseUnauthorized
	case le.StatusCode == http.StatusNotFound:
		t.Cause, t.Model = CauseModelNotFound, model
	case le.StatusCode >= 400:
		t.Cause = CauseRefused
	default:
		t.Cause = CauseInternal
	}
	return t
}

// networkDetail names a connection failure in a few words.
func networkDetail(err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	for _, d := range []string{"connection refused", "no such host", "connection reset", "network is unreachable", "EOF"} {
		if strings.Contains(s, d) {
			return d
		}
	}
	return "network error"
}

// Failure is why a generation gave up for good: the trouble of its last attempt and how long it
// had tried. The engine stores it as data (StoredFailure reads it back); the adapters word it.
type Failure struct {
	Trouble
	// Tried is the time from the first failed attempt to giving up.
	Tried time.Duration `json:"tried,omitempty"`
	// GiveUpAfter is how long the generation was allowed to keep retrying.
	GiveUpAfter time.Duration `json:"give_up_after,omitempty"`
	// Revision is set when a revision gave up: the piece keeps its previous version.
	Revision bool `json:"revision,omitempty"`
}

// failureAfter is the failure of a generation that gives up now, after t.
func (e *Engine) failureAfter(t Trouble) Failure {
	return Failure{Trouble: t, Tried: e.now().Sub(t.Since), GiveUpAfter: e.giveUpAfter}
}

// stored is the failure as the engine stores it in pieces.failure_reason and pieces.note.
func (f Failure) stored() string { return storedData(f) }

// StoredFailure reads what the engine stored as a failure (Piece.FailureReason, or the Note of a
// revision that gave up). ok is false for anything else: a note in words, or a reason stored
// before failures were stored as data, which the adapters show as it is.
func StoredFailure(s string) (f Failure, ok bool) {
	return readStored(s, func(f Failure) bool { return f.Cause != "" })
}

// nextTry decides, after attempt t.Attempt failed, whether to try again and after how long: the
// job's backoff, or the provider's wait when it asked for a longer one. It gives up when the cause
// is not worth retrying, the attempts are used up, or the next attempt would start after the
// give-up time (giveUpAfter from the first failure).
func (e *Engine) nextTry(t Trouble, now time.Time) (wait time.Duration, giveUp bool) {
	if !t.Cause.Retryable() || t.Attempt >= t.MaxAttempts {
		return 0, true
	}
	wait = max(e.backoff(t.Attempt), t.ProviderWait)
	if now.Add(wait).After(t.Since.Add(e.giveUpAfter)) {
		return 0, true
	}
	return wait, false
}

// attemptBudget is how long an attempt of a generation already in trouble may run: what is left
// of the give-up time; 0 means no limit beyond the job's own.
func (e *Engine) attemptBudget(p Piece) time.Duration {
	if p.Trouble == nil {
		return 0
	}
	return max(p.Trouble.Since.Add(e.giveUpAfter).Sub(e.now()), 0)
}
