package engine

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/database"

	"github.com/mos-hq/mos/llm/llmtest"
)

func TestOutlineFailsAfterBoundedAttemptsThenRetries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withAttempts(2))
	var healthy atomic.Bool
	b.llm.SetResponder(func(llmtest.Recorded) llmtest.Reply {
		if healthy.Load() {
			return outlineReply(t, "AI in Practice")
		}
		return llmtest.Reply{Status: 500, Content: "upstream exploded"}
	})

	p := b.request(t, "brief")
	p = b.waitState(t, p.ID, StateFailed)
	require.Equal(t, StateRequested, p.FailedFrom)
	f := storedFailure(t, p.FailureReason) // worded "The model endpoint answered HTTP 500 (server error). Gave up after 2 attempts …"
	require.Equal(t, Trouble{Cause: CauseServerError, Status: 500, Attempt: 2}, f.onlyWhy())
	require.Nil(t, p.Trouble, "a piece that gave up is failed, not in trouble")
	require.Equal(t, 2, b.llm.Count(), "one model call per job attempt, and no more than the bounded attempts")
	require.Equal(t, 2, b.count(t, `SELECT count(*) FROM llm_calls WHERE piece_id = $1 AND status = 'error'`, p.ID))
	require.Zero(t, b.count(t, `SELECT count(*) FROM piece_versions WHERE piece_id = $1`, p.ID))
	require.Eventually(t, func() bool {
		s := b.notes.states(p.ID)
		return len(s) > 0 && s[len(s)-1] == StateFailed
	}, waitFor, tick, "the adapter is told the piece failed so it can offer Retry")

	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Nil(t, v.Outline)
	require.Equal(t, p.FailureReason, v.Piece.FailureReason)

	healthy.Store(true)
	p, err = b.e.Retry(ctx, p.ID, testUser)
	require.NoError(t, err)
	require.Equal(t, StateRequested, p.State)
	require.Empty(t, p.FailedFrom)
	require.Empty(t, p.FailureReason)

	_, err = b.e.Retry(ctx, p.ID, testUser)
	var stale *StaleError
	require.True(t, errors.As(err, &stale), "a second Retry click is answered, not repeated")

	p = b.waitState(t, p.ID, StateOutlineReady)
	require.Equal(t, "AI in Practice", p.Pillar)
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM llm_calls WHERE piece_id = $1 AND status = 'ok'`, p.ID))
	require.Equal(t, 3, b.llm.Count())
}

func TestOutlineRetriesUnusableAnswer(t *testing.T) {
	t.Parallel()
	b := setup(t, withAttempts(3))
	// Two sections is valid JSON but not an outline; the job tries again and the next answer is good.
	b.llm.Enqueue(
		llmtest.JSON(t, Outline{Title: "T", Hook: "H", Sections: []string{"a", "b"}, CTA: "C", Pillar: "Finance Ops"}),
		outlineReply(t, "finance OPS"),
	)
	p := b.toOutlineReady(t, "brief")
	require.Equal(t, "Finance Ops", p.Pillar, "a pillar is matched ignoring case")
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM llm_calls WHERE piece_id = $1 AND status = 'error'`, p.ID))
}

func TestOutlineUnknownPillarFallsBackWithWarning(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	b.llm.Enqueue(outlineReply(t, "Sports"))
	p := b.toOutlineReady(t, "brief")
	require.Equal(t, "Finance Ops", p.Pillar)
	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, "Finance Ops", v.Outline.Pillar)
	require.Len(t, v.Outline.Warnings, 1)
	require.Equal(t, "pillar", v.Outline.Warnings[0].Kind)
	require.Contains(t, v.Outline.Warnings[0].Message, `"Sports"`)
}

func TestOutlineJobIgnoresPieceThatMovedOn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateOutlineReady)
	calls := b.llm.Count()

	// River delivers at least once: a second run of the same job must not write a second outline.
	require.NoError(t, b.e.runOutline(ctx, p.ID, jobAttempt{n: 1, max: 3}))
	require.Equal(t, calls, b.llm.Count())
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM piece_versions WHERE piece_id = $1`, p.ID))

	err := b.e.runOutline(ctx, 999999, jobAttempt{n: 1, max: 3})
	require.ErrorIs(t, err, database.ErrNotFound)
}

func TestRetryRefusesPieceThatIsNotFailed(t *testing.T) {
	t.Parallel()
	b, p := setupWithPiece(t, StateRequested, withoutWorkers())
	_, err := b.e.Retry(context.Background(), p.ID, testUser)
	requireStale(t, err, StateFailed, StateRequested)
	_, err = b.e.Retry(context.Background(), 424242, testUser)
	require.ErrorIs(t, err, database.ErrNotFound)
}
