package engine

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/llm/llmtest"
)

// TestTroubleWordsForEachFault: every way a model call fails, made by a real client against the
// fake endpoint, gets its own plain sentence, advice where a setting is to blame, and the right
// verdict on whether trying again can help.
func TestTroubleWordsForEachFault(t *testing.T) {
	t.Parallel()
	closed := llmtest.New(t)
	closedURL := closed.BaseURL()
	closed.Close()
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
			req := llm.Request{Purpose: PhaseOutline, User: "write", MaxTokens: tt.maxTokens}
			var err error
			if tt.schema {
				var out Outline
				req.Schema = outlineSchema
				_, err = c.CompleteJSON(context.Background(), req, &out)
			} else {
				_, err = c.Complete(context.Background(), req)
			}
			require.Error(t, err)
			tr := troubleOf(err, c.Model(), c.Timeout())
			require.Equal(t, tt.problem, tr.Problem())
			require.Equal(t, tt.advice, tr.Advice())
			require.Equal(t, tt.retryable, tr.Cause.Retryable())
		})
	}
	require.Equal(t, "Something went wrong on our side", troubleOf(errors.New("disk full"), "m", 0).Problem())
}

func TestSecondsReadsLikeAPerson(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{0: "1 s", 400 * time.Millisecond: "1 s", 40 * time.Second: "40 s",
		2 * time.Minute: "2 min", 90 * time.Second: "1 min 30 s", time.Hour: "1 h", 125 * time.Minute: "2 h 5 min"} {
		require.Equal(t, want, Seconds(d))
	}
}

// TestFailedAttemptShowsTroubleThenRecovers: after a failed attempt the piece says why, which
// attempt of how many failed and how long until the next, and the adapter is told at once;
// Retry now runs the waiting attempt without waiting, and success clears the trouble.
func TestFailedAttemptShowsTroubleThenRecovers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withBackoff(time.Hour), withGiveUpAfter(2*time.Hour))
	b.llm.Enqueue(llmtest.Reply{Status: 500})
	p := b.request(t, "brief")
	p = b.waitTrouble(t, p.ID, 1)
	require.Equal(t, StateRequested, p.State)
	tr := p.Trouble
	require.Equal(t, CauseServerError, tr.Cause)
	require.Equal(t, 500, tr.Status)
	require.Equal(t, 3, tr.MaxAttempts)
	require.Equal(t, time.Hour, tr.Wait)
	require.True(t, b.clock.Now().Equal(tr.Since), "the first failure is when the trouble began")
	require.Eventually(t, func() bool { return len(b.notes.states(p.ID)) >= 2 }, waitFor, tick,
		"the adapter is told about the trouble as soon as the attempt failed")
	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, []Offer{{Action: ActionRetryNow, Phase: PhaseOutline, Who: RoleRequester},
		{Action: ActionCancel, Phase: PhaseOutline, Who: RoleRequester}}, v.Actions)

	require.NoError(t, b.e.RetryNow(ctx, p.ID, PhaseOutline, testUser))
	p = b.waitState(t, p.ID, StateOutlineReady)
	require.Nil(t, p.Trouble)
	require.Equal(t, 2, b.llm.Count())
}

// waitTrouble waits until the piece shows the failure of attempt n.
func (b *bundle) waitTrouble(t *testing.T, id int64, n int) Piece {
	t.Helper()
	return b.waitPiece(t, id, func(p Piece) bool {
		return p.Trouble != nil && p.Trouble.Attempt == n && !p.Trouble.RetryingNow
	}, "piece %d never showed the failure of attempt %d", id, n)
}

// TestRateLimitWaitsAsTheProviderAsks: a 429 with Retry-After longer than the backoff waits as
// long as the provider asked.
func TestRateLimitWaitsAsTheProviderAsks(t *testing.T) {
	t.Parallel()
	b := setup(t, withBackoff(time.Second))
	b.llm.Enqueue(llmtest.Reply{Status: 429, RetryAfter: "45"})
	p := b.waitTrouble(t, b.request(t, "brief").ID, 1)
	require.Equal(t, CauseRateLimited, p.Trouble.Cause)
	require.Equal(t, 45*time.Second, p.Trouble.ProviderWait)
	require.Equal(t, 45*time.Second, p.Trouble.Wait)
}

// TestGivesUpAtTheGiveUpTime: a generation whose next attempt would start after the give-up time
// gives up, though attempts are left: failed, with why and how hard it tried.
func TestGivesUpAtTheGiveUpTime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withAttempts(5), withBackoff(time.Minute), withGiveUpAfter(2*time.Minute))
	b.llm.SetResponder(func(llmtest.Recorded) llmtest.Reply { return llmtest.Reply{Status: 502} })
	p := b.waitTrouble(t, b.request(t, "brief").ID, 1)
	require.Equal(t, time.Minute, p.Trouble.Wait)

	b.clock.Advance(90 * time.Second)
	require.NoError(t, b.e.RetryNow(ctx, p.ID, PhaseOutline, testUser))
	p = b.waitState(t, p.ID, StateFailed)
	require.Equal(t, "The model endpoint answered HTTP 502 (bad gateway). Gave up after 2 attempts over 1 min 30 s.",
		p.FailureReason)
	require.Nil(t, p.Trouble)
	require.Equal(t, 2, b.llm.Count())
	require.Eventually(t, func() bool {
		return b.count(t, `SELECT count(*) FROM river_job WHERE kind = 'engine_outline' AND state = 'cancelled'`) == 1
	}, waitFor, tick, "the job ends when the piece gives up")
}

// TestRefusedRequestGivesUpAtOnce: a refused key is not retried: the piece fails after one
// attempt, saying which setting to check.
func TestRefusedRequestGivesUpAtOnce(t *testing.T) {
	t.Parallel()
	b := setup(t, withAttempts(5))
	b.llm.SetResponder(func(llmtest.Recorded) llmtest.Reply { return llmtest.Reply{Status: 401} })
	p := b.waitState(t, b.request(t, "brief").ID, StateFailed)
	require.Equal(t, "The model endpoint refused our API key (HTTP 401). Check OPENAI_API_KEY: it is missing, "+
		"wrong, revoked or not allowed to use this model.", p.FailureReason)
	require.Equal(t, 1, b.llm.Count())
}

// TestCancelGivesTheCapSlotBack: cancelling a piece that never had an outline cancels its job and
// gives its place in the day's cap back (a new piece fits again); a piece cancelled while its
// draft is retried keeps it.
func TestCancelGivesTheCapSlotBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withCap(2), withBackoff(time.Hour), withGiveUpAfter(2*time.Hour))
	b.llm.Enqueue(llmtest.Reply{Status: 500})
	p := b.waitTrouble(t, b.request(t, "brief").ID, 1)
	other := b.toOutlineReady(t, "another")
	_, err := b.e.RequestDraft(ctx, DraftRequest{ChannelID: testChannel, UserID: testUser, Input: draftInput("third")})
	var capErr *CapError
	require.ErrorAs(t, err, &capErr, "two of two today")

	p, err = b.e.Cancel(ctx, p.ID, PhaseOutline, testUser)
	require.NoError(t, err)
	require.Equal(t, StateCancelled, p.State)
	require.Contains(t, p.Note, "no longer counts against the daily cap")
	require.Eventually(t, func() bool {
		return b.count(t, `SELECT count(*) FROM river_job WHERE kind = 'engine_outline'
			AND (args->>'piece_id')::bigint = $1 AND state = 'cancelled'`, p.ID) == 1
	}, waitFor, tick, "its job is cancelled")
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM reviews WHERE piece_id = $1 AND decision = 'cancelled'
		AND reviewer = $2`, p.ID, testUser))
	_, err = b.e.Cancel(ctx, p.ID, PhaseOutline, testUser)
	var stale *StaleError
	require.ErrorAs(t, err, &stale, "a second Cancel is answered, not repeated")
	b.request(t, "fits again")

	b.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
		if promptKind(r) == kindDraft {
			return llmtest.Reply{Status: 500}
		}
		return goodModel(t)(r)
	})
	_, err = b.e.Approve(ctx, other.ID, PhaseOutline, testApprover)
	require.NoError(t, err)
	b.waitTrouble(t, other.ID, 1)
	other, err = b.e.Cancel(ctx, other.ID, PhaseDraft, testUser)
	require.NoError(t, err)
	require.Equal(t, StateCancelled, other.State)
	require.Empty(t, other.Note, "a piece with an outline keeps its place in the cap")
	_, err = b.e.RequestDraft(ctx, DraftRequest{ChannelID: testChannel, UserID: testUser, Input: draftInput("no room")})
	require.ErrorAs(t, err, &capErr)
}

// TestHealthReadsModelAndQueue: the model is ok until a piece is held up by it (degraded, with
// the piece's words), and the queue counts jobs waiting, running and retrying.
func TestHealthReadsModelAndQueue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withBackoff(time.Hour), withGiveUpAfter(2*time.Hour))
	h, err := b.e.Health(ctx)
	require.NoError(t, err)
	require.Equal(t, Health{Model: ModelOK}, h)

	b.toOutlineReady(t, "fine")
	h, err = b.e.Health(ctx)
	require.NoError(t, err)
	require.Equal(t, ModelOK, h.Model)
	require.False(t, h.LastCallAt.IsZero())

	b.llm.SetResponder(func(llmtest.Recorded) llmtest.Reply { return llmtest.Reply{Status: 500} })
	b.waitTrouble(t, b.request(t, "held up").ID, 1)
	require.Eventually(t, func() bool {
		h, err = b.e.Health(ctx)
		require.NoError(t, err)
		return h.Queue.Retrying == 1
	}, waitFor, tick)
	require.Equal(t, ModelDegraded, h.Model)
	require.Equal(t, "The model endpoint answered HTTP 500 (server error)", h.Problem)
	require.Equal(t, 1, h.HeldUp)
	require.Equal(t, JobQueue{Retrying: 1}, h.Queue)
}

// TestStuckSweepSparesARetryingGeneration: the sweep that fails generations lost for hours leaves
// one that is still retrying within its give-up time, and fails one whose job was simply lost.
func TestStuckSweepSparesARetryingGeneration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withoutWorkers())
	lost, retrying := b.request(t, "lost"), b.request(t, "retrying")
	tr, err := json.Marshal(Trouble{Cause: CauseServerError, Status: 500, Attempt: 1, MaxAttempts: 5, Since: b.clock.Now()})
	require.NoError(t, err)
	_, err = b.pool.Pool.Exec(ctx, `UPDATE pieces SET state_changed_at = $4::timestamptz - interval '3 hours',
		trouble = CASE WHEN id = $2 THEN $3::jsonb END WHERE id IN ($1, $2)`, lost.ID, retrying.ID, tr, b.clock.Now())
	require.NoError(t, err)

	require.NoError(t, b.e.sweepStuckGenerations(ctx))
	got, err := b.e.Piece(ctx, lost.ID)
	require.NoError(t, err)
	require.Equal(t, StateFailed, got.State)
	got, err = b.e.Piece(ctx, retrying.ID)
	require.NoError(t, err)
	require.Equal(t, StateRequested, got.State)
}
