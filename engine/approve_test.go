package engine

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/llm/llmtest"
)

func TestApproveOutline(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	g := newGate(t) // the draft waits until the approval's answers are checked
	b.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
		if promptKind(r) == kindDraft {
			<-g.ch
		}
		return goodModel(t)(r)
	})
	p := b.toOutlineReady(t, "brief")

	_, err := b.e.ApproveOutline(ctx, p.ID, testUser)
	require.ErrorIs(t, err, clientos.ErrNotApprover)
	cur, err := b.e.Piece(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, StateOutlineReady, cur.State, "a non-approver changes nothing")
	require.Zero(t, b.count(t, `SELECT count(*) FROM reviews`))

	got, err := b.e.ApproveOutline(ctx, p.ID, testApprover)
	require.NoError(t, err)
	require.Equal(t, StateOutlineApproved, got.State)

	_, err = b.e.ApproveOutline(ctx, p.ID, testApprover)
	var stale *StaleError
	require.True(t, errors.As(err, &stale), "a double click is answered politely, got %v", err)
	require.Equal(t, StaleError{PieceID: p.ID, Want: StateOutlineReady, State: StateOutlineApproved}, *stale)
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM reviews WHERE piece_id = $1`, p.ID))

	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.NotNil(t, v.OutlineApproval)
	require.Equal(t, testApprover, v.OutlineApproval.Reviewer)
	require.Equal(t, PhaseOutline, v.OutlineApproval.Phase)
	require.Nil(t, v.Rejection)
	require.Contains(t, b.notes.states(p.ID), StateOutlineApproved, "the adapter hears of the approval at once")
	g.open()
	b.waitState(t, p.ID, StateDraftReady)
}

func TestConcurrentApproversRecordOneReview(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateOutlineReady)

	errs := byApprovers(6, func(who string) error {
		_, err := b.e.ApproveOutline(ctx, p.ID, who)
		return err
	})
	requireOneWins(t, errs, func(err error) {
		var stale *StaleError
		require.True(t, errors.As(err, &stale), "got %v", err)
		require.Contains(t, []State{StateOutlineApproved, StateDraftReady}, stale.State)
	})
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM reviews WHERE piece_id = $1`, p.ID))
}

func TestApproveBeforeOutlineIsStale(t *testing.T) {
	t.Parallel()
	b, p := setupWithPiece(t, StateRequested, withoutWorkers())
	_, err := b.e.ApproveOutline(context.Background(), p.ID, testApprover)
	requireStale(t, err, StateOutlineReady, StateRequested)
	require.Zero(t, b.count(t, `SELECT count(*) FROM reviews`))

	_, err = b.e.ApproveOutline(context.Background(), 424242, testApprover)
	require.ErrorIs(t, err, database.ErrNotFound)
}

func TestConcurrentDraftApprovalsRecordOneReview(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateDraftReady)

	_, err := b.e.Approve(ctx, p.ID, PhaseDraft, testUser)
	require.ErrorIs(t, err, clientos.ErrNotApprover)
	errs := byApprovers(6, func(who string) error {
		_, err := b.e.Approve(ctx, p.ID, PhaseDraft, who)
		return err
	})
	requireOneWins(t, errs, func(err error) { requireStale(t, err, StateDraftReady, StateApproved) })
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM reviews WHERE piece_id = $1 AND phase = 'draft'`, p.ID))
	_, err = b.e.Approve(ctx, p.ID, PhaseOutline, testApprover)
	requireStale(t, err, StateOutlineReady, StateApproved)
}

func TestApproveRefusesAnOutdatedScreen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateOutlineReady)
	text, v1, err := b.e.EditText(ctx, p.ID, PhaseOutline)
	require.NoError(t, err)
	_, err = b.e.Edit(ctx, p.ID, PhaseOutline, testUser, strings.Replace(text, "Title: ", "Title: Edited — ", 1), 0)
	require.NoError(t, err)

	_, err = b.e.ApproveSeen(ctx, p.ID, PhaseOutline, v1.Version, testApprover)
	var changed *VersionChangedError
	require.ErrorAs(t, err, &changed)
	require.Equal(t, 2, changed.Current)
	cur, err := b.e.Piece(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, StateOutlineReady, cur.State, "nothing was approved")

	_, err = b.e.ApproveSeen(ctx, p.ID, PhaseOutline, 2, testApprover)
	require.NoError(t, err)
}
