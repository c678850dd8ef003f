package trouble

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/engine"
)

// TestFailureWords: what a piece that gave up says, from the data the engine stores — the same
// sentences the channel, the DM and the agent read.
func TestFailureWords(t *testing.T) {
	t.Parallel()
	serverError := func(status, attempt int) engine.Trouble {
		return engine.Trouble{Cause: engine.CauseServerError, Status: status, Attempt: attempt, MaxAttempts: 5}
	}
	tests := []struct {
		name    string
		failure engine.Failure
		want    string
	}{
		{name: "attempts used up", failure: engine.Failure{Trouble: serverError(502, 2), Tried: 90 * time.Second},
			want: "The model endpoint answered HTTP 502 (bad gateway). Gave up after 2 attempts over 1 min 30 s."},
		{name: "out of time on the first attempt", failure: engine.Failure{Trouble: serverError(500, 1),
			GiveUpAfter: 2 * time.Minute},
			want: "The model endpoint answered HTTP 500 (server error). Gave up: trying again would have gone past 2 min."},
		{name: "not worth retrying", failure: engine.Failure{Trouble: engine.Trouble{Cause: engine.CauseUnauthorized,
			Status: 401, Attempt: 1}},
			want: "The model endpoint refused our API key (HTTP 401). Check OPENAI_API_KEY: it is missing, " +
				"wrong, revoked or not allowed to use this model."},
		{name: "lost", failure: engine.Failure{Trouble: engine.Trouble{Cause: engine.CauseLost}},
			want: "generation never finished"},
		{name: "revision", failure: engine.Failure{Trouble: serverError(500, 2), Tried: time.Minute, Revision: true},
			want: "Revision failed: The model endpoint answered HTTP 500 (server error). Gave up after 2 attempts " +
				"over 1 min. The previous version is kept; press Revise to try again."},
		{name: "lost revision", failure: engine.Failure{Trouble: engine.Trouble{Cause: engine.CauseLost}, Revision: true},
			want: "Revision failed: it did not finish. The previous version is kept; press Revise to try again."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, Failure(tt.failure))
		})
	}
}

// TestStoredIsWordedOrKept: a failure the engine stored is worded; words stored before failures
// were data, and notes that are words, are shown as they are.
func TestStoredIsWordedOrKept(t *testing.T) {
	t.Parallel()
	f := engine.Failure{Trouble: engine.Trouble{Cause: engine.CauseServerError, Status: 500, Attempt: 4,
		Since: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)}, Tried: 100 * time.Second}
	stored := `{"cause":"server_error","status":500,"attempt":4,"max_attempts":5,"wait":0,` +
		`"since":"2026-03-10T09:00:00Z","job_id":7,"tried":100000000000}`
	require.Equal(t, Failure(f), Stored(stored))
	require.Equal(t, "The model endpoint answered HTTP 500 (server error). Gave up after 4 attempts over 1 min 40 s.",
		Stored(stored))
	require.Equal(t, Notice(engine.Notice{Kind: engine.NoticeCapFreed}), Stored(`{"notice":"cap_freed"}`), "a notice is worded")
	for _, s := range []string{"", "generation never finished", "cancelled",
		"It was cancelled before it had an outline, so it no longer counts against the daily cap."} {
		require.Equal(t, s, Stored(s))
	}
}

// TestCouldNotWrite: what `mos draft` prints when a phase fails.
func TestCouldNotWrite(t *testing.T) {
	t.Parallel()
	require.Equal(t, "Could not write the outline: the model endpoint refused our API key (HTTP 401). Check "+
		"OPENAI_API_KEY: it is missing, wrong, revoked or not allowed to use this model.",
		CouldNotWrite(engine.PhaseOutline, engine.Trouble{Cause: engine.CauseUnauthorized, Status: 401}))
	require.Contains(t, CouldNotWrite(engine.PhaseDraft, engine.Trouble{Cause: engine.CauseTimeout, Timeout: 5 * time.Minute}),
		"did not answer within 5 min (timeout)")
	require.Equal(t, "Could not write the draft: MOS_MODEL=m is not served by that endpoint (HTTP 404, model not found). "+
		"Set MOS_MODEL to a model that OPENAI_BASE_URL serves.",
		CouldNotWrite(engine.PhaseDraft, engine.Trouble{Cause: engine.CauseModelNotFound, Model: "m"}))
}

// TestHealthProblem: why the model is degraded, in the words the pieces show.
func TestHealthProblem(t *testing.T) {
	t.Parallel()
	require.Empty(t, HealthProblem(engine.Health{Model: engine.ModelOK}))
	require.Equal(t, "The model endpoint answered HTTP 500 (server error)", HealthProblem(engine.Health{
		Model: engine.ModelDegraded, Trouble: &engine.Trouble{Cause: engine.CauseServerError, Status: 500}, HeldUp: 1}))
	require.Equal(t, "The latest model call failed: llm: timeout", HealthProblem(engine.Health{
		Model: engine.ModelDegraded, CallError: "llm: timeout"}))
}
