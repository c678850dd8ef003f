package trouble

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/generate"
	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/llm/llmtest"
)

// TestEveryCauseHasWords: each cause the engine knows has its sentence and its advice (possibly
// none, but said so), and the words know no cause the engine does not.
func TestEveryCauseHasWords(t *testing.T) {
	t.Parallel()
	for _, c := range engine.Causes() {
		require.Contains(t, problems, c, "the problem of cause %q", c)
		require.Contains(t, advice, c, "the advice for cause %q", c)
		require.NotEmpty(t, Problem(engine.Trouble{Cause: c}), c)
	}
	require.Len(t, problems, len(engine.Causes()))
	require.Len(t, advice, len(engine.Causes()))
	require.Equal(t, "Something went wrong on our side", Problem(engine.Trouble{Cause: "from_a_newer_version"}))
	require.Equal(t, "The details are in the log.", Advice(engine.Trouble{Cause: "from_a_newer_version"}))
}

// TestTroubleWordsForEachFault: every way a model call fails, made by a real client against the
// fake endpoint, gets its own plain sentence, advice where a setting is to blame, and the right
// verdict on whether trying again can help.
func TestTroubleWordsForEachFault(t *testing.T) {
	t.Parallel()
	closedURL := llmtest.ClosedURL(t)
	closedWithSecrets := strings.Replace(closedURL, "http://", "http://mos:s3cret@", 1) + "?api-key=s3cret#s3cret"
	tests := []struct {
		name      string
		reply     llmtest.Reply
		baseURL   string // "" is the fake endpoint
		schema    bool   // ask for JSON (CompleteJSON)
		maxTokens int
		problem   string
		advice    string
		retryable bool
	}{
		{name: "500", reply: llmtest.Reply{Status: 500}, problem: "The model endpoint answered HTTP 500 (server error)",
			retryable: true},
		{name: "503", reply: llmtest.Reply{Status: 503},
			problem: "The model endpoint answered HTTP 503 (service unavailable)", retryable: true},
		{name: "429 with a wait", reply: llmtest.Reply{Status: 429, RetryAfter: "30"},
			problem:   "The model provider is limiting how often we may call it (HTTP 429) and asked us to wait 30 s",
			retryable: true},
		{name: "429 out of quota", reply: llmtest.Reply{Status: 429, ErrorCode: "insufficient_quota"},
			problem: "The model account has run out of credit (HTTP 429, insufficient quota)",
			advice:  "Add credit or raise the limit with the model provider, then press Retry."},
		{name: "401", reply: llmtest.Reply{Status: 401}, problem: "The model endpoint refused our API key (HTTP 401)",
			advice: "Check OPENAI_API_KEY: it is missing, wrong, revoked or not allowed to use this model."},
		{name: "403", reply: llmtest.Reply{Status: 403}, problem: "The model endpoint refused our API key (HTTP 403)",
			advice: "Check OPENAI_API_KEY: it is missing, wrong, revoked or not allowed to use this model."},
		{name: "404", reply: llmtest.Reply{Status: 404, Content: "model not found"},
			problem: "MOS_MODEL=fake-model is not served by that endpoint (HTTP 404, model not found)",
			advice:  "Set MOS_MODEL to a model that OPENAI_BASE_URL serves."},
		{name: "400", reply: llmtest.Reply{Status: 400}, problem: "The model endpoint refused the request (HTTP 400, bad request)",
			advice: "Check MOS_MODEL and OPENAI_BASE_URL; the details are in the log."},
		{name: "timeout", reply: llmtest.Reply{Delay: 5 * time.Second},
			problem: "The model endpoint did not answer within 1 s (timeout)", retryable: true},
		{name: "connection refused", baseURL: closedURL,
			problem: "Could not reach the model endpoint " + closedURL + " (connection refused)",
			advice:  "Check OPENAI_BASE_URL and that the model server is running.", retryable: true},
		{name: "connection refused, a URL with secrets", baseURL: closedWithSecrets,
			problem: "Could not reach the model endpoint " + closedURL + " (connection refused)",
			advice:  "Check OPENAI_BASE_URL and that the model server is running.", retryable: true},
		{name: "cut off twice", reply: llmtest.Reply{Content: `{"title": "Why the close`, FinishReason: "length"},
			schema: true, maxTokens: 1500,
			problem: "The model hit its length limit (max tokens 1500) twice, so its answer was cut off before it was " +
				"complete, even when asked again",
			advice: "No setting raises that limit: use a model that answers within it (a reasoning model can spend it " +
				"all on thinking), or shorten the brief.", retryable: true},
		{name: "unreadable body", reply: llmtest.Reply{Malformed: true},
			problem:   "The model endpoint sent back something that is not an answer (an empty or unreadable reply)",
			retryable: true},
		{name: "empty choices", reply: llmtest.Reply{NoChoices: true},
			problem:   "The model endpoint sent back something that is not an answer (an empty or unreadable reply)",
			retryable: true},
		{name: "bad JSON", reply: llmtest.Reply{Content: "this is not json"}, schema: true,
			problem: "The model answered, but not in the form asked for (bad JSON or an empty text), even after being " +
				"asked again",
			advice: "If it keeps happening, use a model that supports structured (JSON schema) output.", retryable: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := llmtest.New(t)
			srv.SetResponder(func(llmtest.Recorded) llmtest.Reply { return tt.reply })
			base := tt.baseURL
			if base == "" {
				base = srv.BaseURL()
			}
			c := llm.New(llm.Config{BaseURL: base, APIKey: "test-key", Model: "fake-model", Timeout: time.Second,
				MaxAttempts: 1, BaseBackoff: time.Millisecond}, nil, nil)
			req := llm.Request{Purpose: engine.PhaseOutline, User: "write", MaxTokens: tt.maxTokens}
			var err error
			if tt.schema {
				var out engine.Outline
				req.Schema = generate.OutlineSchema
				_, err = c.CompleteJSON(context.Background(), req, &out)
			} else {
				_, err = c.Complete(context.Background(), req)
			}
			require.Error(t, err)
			tr := engine.TroubleOf(err, c.Model(), c.Timeout())
			require.Equal(t, tt.problem, Problem(tr))
			require.Equal(t, tt.advice, Advice(tr))
			require.Equal(t, tt.retryable, tr.Cause.Retryable())
		})
	}
	require.Equal(t, "Something went wrong on our side", Problem(engine.TroubleOf(errors.New("disk full"), "m", 0)))
}

func TestSecondsReadsLikeAPerson(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{0: "1 s", 400 * time.Millisecond: "1 s", 40 * time.Second: "40 s",
		2 * time.Minute: "2 min", 90 * time.Second: "1 min 30 s", time.Hour: "1 h", 125 * time.Minute: "2 h 5 min"} {
		require.Equal(t, want, Seconds(d))
	}
}
