// Package trouble words, for people, why a generation is held up or gave up: the English for each
// engine.Cause, with the advice that goes with it. The engine stores and returns only the data
// (engine.Trouble, engine.Failure); the adapters (bot for Slack, mcpserver for agents, cmd/mos for
// the terminal) share these words so that every screen says the same thing.
package trouble

import (
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mos-hq/mos/engine"
)

// problems says, for each cause, what went wrong, without a final full stop.
var problems = map[engine.Cause]func(engine.Trouble) string{
	engine.CauseServerError: func(t engine.Trouble) string {
		return fmt.Sprintf("The model endpoint answered HTTP %d (%s)", t.Status, statusWords(t.Status))
	},
	engine.CauseRateLimited: rateLimited,
	engine.CauseQuota: func(engine.Trouble) string {
		return "The model account has run out of credit (HTTP 429, insufficient quota)"
	},
	engine.CauseTimeout:     timedOut,
	engine.CauseUnreachable: unreachable,
	engine.CauseCutOff:      cutOff,
	engine.CauseBadReply: func(engine.Trouble) string {
		return "The model endpoint sent back something that is not an answer (an empty or unreadable reply)"
	},
	engine.CauseBadOutput: func(engine.Trouble) string {
		return "The model answered, but not in the form asked for (bad JSON or an empty text), even after being asked again"
	},
	engine.CauseUnauthorized: func(t engine.Trouble) string {
		return fmt.Sprintf("The model endpoint refused our API key (HTTP %d)", t.Status)
	},
	engine.CauseModelNotFound: func(t engine.Trouble) string {
		return fmt.Sprintf("MOS_MODEL=%s is not served by that endpoint (HTTP 404, model not found)", t.Model)
	},
	engine.CauseRefused: func(t engine.Trouble) string {
		return fmt.Sprintf("The model endpoint refused the request (HTTP %d, %s)", t.Status, statusWords(t.Status))
	},
	engine.CauseInternal: func(engine.Trouble) string { return "Something went wrong on our side" },
	engine.CauseLost:     func(engine.Trouble) string { return "The generation never finished" },
}

// advice says, for each cause, what to do about it in one sentence; "" when waiting is all there
// is to do.
var advice = map[engine.Cause]string{
	engine.CauseServerError: "",
	engine.CauseRateLimited: "",
	engine.CauseQuota:       "Add credit or raise the limit with the model provider, then press Retry.",
	engine.CauseTimeout:     "",
	engine.CauseUnreachable: "Check OPENAI_BASE_URL and that the model server is running.",
	engine.CauseBadReply:    "",
	engine.CauseBadOutput:   "If it keeps happening, use a model that supports structured (JSON schema) output.",
	engine.CauseCutOff: "No setting raises that limit: use a model that answers within it (a reasoning model can " +
		"spend it all on thinking), or shorten the brief.",
	engine.CauseUnauthorized:  "Check OPENAI_API_KEY: it is missing, wrong, revoked or not allowed to use this model.",
	engine.CauseModelNotFound: "Set MOS_MODEL to a model that OPENAI_BASE_URL serves.",
	engine.CauseRefused:       "Check MOS_MODEL and OPENAI_BASE_URL; the details are in the log.",
	engine.CauseInternal:      "The details are in the log.",
	engine.CauseLost:          "",
}

// Problem says in plain words what went wrong, without a final full stop: "The model endpoint
// answered HTTP 500 (server error)". A cause it does not know is worded as our own failure.
func Problem(t engine.Trouble) string {
	if p, ok := problems[t.Cause]; ok {
		return p(t)
	}
	return problems[engine.CauseInternal](t)
}

// Advice says what to do about it, one sentence; "" when waiting is all there is to do.
func Advice(t engine.Trouble) string {
	if a, ok := advice[t.Cause]; ok {
		return a
	}
	return advice[engine.CauseInternal]
}

func rateLimited(t engine.Trouble) string {
	if t.ProviderWait > 0 {
		return fmt.Sprintf("The model provider is limiting how often we may call it (HTTP 429) and asked us to wait %s",
			Seconds(t.ProviderWait))
	}
	return "The model provider is limiting how often we may call it (HTTP 429)"
}

func timedOut(t engine.Trouble) string {
	if t.Timeout > 0 {
		return fmt.Sprintf("The model endpoint did not answer within %s (timeout)", Seconds(t.Timeout))
	}
	return "The model endpoint did not answer in time (timeout)"
}

func unreachable(t engine.Trouble) string {
	s := "Could not reach the model endpoint"
	if t.Endpoint != "" {
		s += " " + t.Endpoint
	}
	if t.Detail != "" {
		s += " (" + t.Detail + ")"
	}
	return s
}

// cutOff says that the answer ran out of room, not that the model cannot write JSON.
func cutOff(t engine.Trouble) string {
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

// truncate cuts s to n characters, the last an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
