package engine

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/mos-hq/mos/llm"
)

// DefaultGiveUpAfter is how long a generation keeps retrying after its first failed attempt.
const DefaultGiveUpAfter = 2 * time.Minute

// Cause is what made a generation attempt fail, in the terms people are told about it.
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
)

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

// troubleOf classifies a failed attempt. model is MOS_MODEL, timeout the model's per-attempt
// deadline (for the words of a timeout).
func troubleOf(cause error, model string, timeout time.Duration) Trouble {
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

// Problem says in plain words what went wrong, without a final full stop: "The model endpoint
// answered HTTP 500 (server error)".
func (t Trouble) Problem() string {
	switch t.Cause {
	case CauseServerError:
		return fmt.Sprintf("The model endpoint answered HTTP %d (%s)", t.Status, statusWords(t.Status))
	case CauseRateLimited:
		if t.ProviderWait > 0 {
			return fmt.Sprintf("The model provider is limiting how often we may call it (HTTP 429) and asked us to wait %s",
				Seconds(t.ProviderWait))
		}
		return "The model provider is limiting how often we may call it (HTTP 429)"
	case CauseQuota:
		return "The model account has run out of credit (HTTP 429, insufficient quota)"
	case CauseTimeout:
		if t.Timeout > 0 {
			return fmt.Sprintf("The model endpoint did not answer within %s (timeout)", Seconds(t.Timeout))
		}
		return "The model endpoint did not answer in time (timeout)"
	case CauseUnreachable:
		s := "Could not reach the model endpoint"
		if t.Endpoint != "" {
			s += " " + t.Endpoint
		}
		if t.Detail != "" {
			s += " (" + t.Detail + ")"
		}
		return s
	case CauseCutOff:
		return t.cutOffProblem()
	case CauseBadReply:
		return "The model endpoint sent back something that is not an answer (an empty or unreadable reply)"
	case CauseBadOutput:
		return "The model answered, but not in the form asked for (bad JSON or an empty text), even after being asked again"
	case CauseUnauthorized:
		return fmt.Sprintf("The model endpoint refused our API key (HTTP %d)", t.Status)
	case CauseModelNotFound:
		return fmt.Sprintf("MOS_MODEL=%s is not served by that endpoint (HTTP 404, model not found)", t.Model)
	case CauseRefused:
		return fmt.Sprintf("The model endpoint refused the request (HTTP %d, %s)", t.Status, statusWords(t.Status))
	}
	return "Something went wrong on our side"
}

// Advice says what to do about it, one sentence; "" when waiting is all there is to do.
func (t Trouble) Advice() string {
	switch t.Cause {
	case CauseQuota:
		return "Add credit or raise the limit with the model provider, then press Retry."
	case CauseUnreachable:
		return "Check OPENAI_BASE_URL and that the model server is running."
	case CauseBadOutput:
		return "If it keeps happening, use a model that supports structured (JSON schema) output."
	case CauseCutOff:
		return "No setting raises that limit: use a model that answers within it (a reasoning model can spend it all on thinking), or shorten the brief."
	case CauseUnauthorized:
		return "Check OPENAI_API_KEY: it is missing, wrong, revoked or not allowed to use this model."
	case CauseModelNotFound:
		return "Set MOS_MODEL to a model that OPENAI_BASE_URL serves."
	case CauseRefused:
		return "Check MOS_MODEL and OPENAI_BASE_URL; the details are in the log."
	case CauseInternal:
		return "The details are in the log."
	}
	return ""
}

// cutOffProblem says that the answer ran out of room, not that the model cannot write JSON.
func (t Trouble) cutOffProblem() string {
	s := "The model hit its length limit"
	if t.MaxTokens > 0 {
		s += fmt.Sprintf(" (max tokens %d)", t.MaxTokens)
	}
	if t.CutOffs > 1 {
		return s + " twice, so its answer was cut off before it was complete, even when asked again"
	}
	return s + ", so its answer was cut off before it was complete"
}

func statusWords(status int) string {
	switch {
	case status == http.StatusInternalServerError:
		return "server error"
	case status >= 500 && http.StatusText(status) != "":
		return strings.ToLower(http.StatusText(status))
	case status >= 500:
		return "server error"
	case http.StatusText(status) != "":
		return strings.ToLower(http.StatusText(status))
	}
	return "error"
}

// Seconds words a wait people read: "40 s", "2 min", "1 min 30 s", "2 h 5 min".
func Seconds(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	switch {
	case s < 1:
		return "1 s"
	case s < 60:
		return fmt.Sprintf("%d s", s)
	case s >= 3600 && s%3600 < 60:
		return fmt.Sprintf("%d h", s/3600)
	case s >= 3600:
		return fmt.Sprintf("%d h %d min", s/3600, s%3600/60)
	case s%60 == 0:
		return fmt.Sprintf("%d min", s/60)
	}
	return fmt.Sprintf("%d min %d s", s/60, s%60)
}

// failureText is the reason a piece that gave up shows with its Retry button: the problem, the
// advice, and how hard it tried.
func failureText(t Trouble, giveUpAfter time.Duration, now time.Time) string {
	var b strings.Builder
	b.WriteString(t.Problem() + ".")
	switch {
	case !t.Cause.Retryable():
		// it was not worth trying again
	case t.Attempt > 1:
		fmt.Fprintf(&b, " Gave up after %d attempts over %s.", t.Attempt, Seconds(now.Sub(t.Since)))
	default:
		fmt.Fprintf(&b, " Gave up: trying again would have gone past %s.", Seconds(giveUpAfter))
	}
	if a := t.Advice(); a != "" {
		b.WriteString(" " + a)
	}
	return truncate(b.String(), 500)
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
