package engine

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/llm/llmtest"
)

// storedFailure reads the failure the engine stored in s, which must be one.
func storedFailure(t *testing.T, s string) Failure {
	t.Helper()
	f, ok := StoredFailure(s)
	require.True(t, ok, "a failure stored as data: %q", s)
	return f
}

func storedNotice(t *testing.T, s string) Notice {
	t.Helper()
	n, ok := StoredNotice(s)
	require.True(t, ok, "a notice stored as data: %q", s)
	return n
}

// onlyWhy is what a failure's words are made of — its cause, status and the attempt that failed —
// without the times and ids of the run.
func (f Failure) onlyWhy() Trouble {
	return Trouble{Cause: f.Cause, Status: f.Status, Attempt: f.Attempt}
}

// TestStoredFailureReadsBack: a failure is stored as data and read back whole; what is not one
// (a note in words, a reason stored before failures were data) is not taken for one.
func TestStoredFailureReadsBack(t *testing.T) {
	t.Parallel()
	f := Failure{Trouble: Trouble{Cause: CauseTimeout, Timeout: time.Minute, Attempt: 3, MaxAttempts: 5,
		Since: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)}, Tried: 90 * time.Second, GiveUpAfter: 2 * time.Minute}
	got, ok := StoredFailure(f.stored())
	require.True(t, ok)
	require.Equal(t, f, got)
	for _, s := range []string{"", "generation never finished", "Revision refused: it dropped 1 line(s)", "{}", "{not json"} {
		_, ok := StoredFailure(s)
		require.False(t, ok, s)
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
	f := storedFailure(t, p.FailureReason) // worded "The model endpoint answered HTTP 502 (bad gateway). Gave up after 2 attempts over 1 min 30 s."
	require.Equal(t, Trouble{Cause: CauseServerError, Status: 502, Attempt: 2}, f.onlyWhy())
	require.Equal(t, 90*time.Second, f.Tried)
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
	// worded "The model endpoint refused our API key (HTTP 401). Check OPENAI_API_KEY: …"
	require.Equal(t, Trouble{Cause: CauseUnauthorized, Status: 401, Attempt: 1},
		storedFailure(t, p.FailureReason).onlyWhy())
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
	require.Equal(t, Notice{Kind: NoticeCapFreed}, storedNotice(t, p.Note), "it no longer counts against the daily cap")
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
	// worded "The model endpoint answered HTTP 500 (server error)" by the adapter (trouble.HealthProblem)
	require.Empty(t, h.Problem, "this notifier words nothing")
	require.Equal(t, CauseServerError, h.Trouble.Cause)
	require.Equal(t, 500, h.Trouble.Status)
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
