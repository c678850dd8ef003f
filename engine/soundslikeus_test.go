package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

// TestSoundsLikeUsMarksAPublishedPieceOnce: an approver's mark on a published piece is stored once,
// shown on the view and no longer offered; a second press, a double delivery and a second approver
// change nothing and are told it is already marked; a writer is refused; a piece not yet published
// cannot be marked.
func TestSoundsLikeUsMarksAPublishedPieceOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withoutWorkers(), withCap(100))
	marks := func(id int64) int {
		return b.count(t, `SELECT count(*) FROM reviews WHERE piece_id = $1 AND decision = $2`, id, DecisionSoundsLikeUs)
	}

	approved := b.placeAt(t, StateApproved, StateRequested)
	_, err := b.e.MarkSoundsLikeUs(ctx, approved.ID, testApprover)
	requireStale(t, err, StatePublished, StateApproved)
	require.Zero(t, marks(approved.ID))

	p := b.placeAt(t, StatePublished, StateRequested)
	require.Contains(t, b.offers(t, p.ID), Offer{Action: ActionSoundsLikeUs, Phase: PhaseDraft, Version: 1, Who: RoleApprover})
	_, err = b.e.MarkSoundsLikeUs(ctx, p.ID, testUser)
	require.ErrorIs(t, err, clientos.ErrNotApprover)
	require.Zero(t, marks(p.ID))

	got, err := b.e.MarkSoundsLikeUs(ctx, p.ID, testApprover)
	require.NoError(t, err)
	require.Equal(t, StatePublished, got.State)
	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.NotNil(t, v.SoundsLikeUs)
	require.Equal(t, testApprover, v.SoundsLikeUs.Reviewer)
	for _, o := range v.Actions {
		require.NotEqual(t, ActionSoundsLikeUs, o.Action, "a marked piece is not offered the mark again")
	}

	for _, who := range []string{testApprover, testApprover2} {
		_, err = b.e.MarkSoundsLikeUs(ctx, p.ID, who)
		var already *AlreadyMarkedError
		require.True(t, errors.As(err, &already), "%v", err)
		require.Equal(t, testApprover, already.By, "the first mark is named")
		require.Equal(t, p.ID, already.PieceID)
	}
	require.Equal(t, 1, marks(p.ID))
	again, err := b.e.Piece(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, StatePublished, again.State)
}

// TestSoundsLikeUsConcurrentPressesStoreOneMark: two approvers pressing at once store one mark;
// the other press is told it is already marked.
func TestSoundsLikeUsConcurrentPressesStoreOneMark(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withoutWorkers(), withCap(100))
	p := b.placeAt(t, StatePublished, StateRequested)
	errs := byApprovers(4, func(who string) error {
		_, err := b.e.MarkSoundsLikeUs(ctx, p.ID, who)
		return err
	})
	requireOneWins(t, errs, func(err error) {
		var already *AlreadyMarkedError
		require.True(t, errors.As(err, &already), "%v", err)
	})
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM reviews WHERE piece_id = $1 AND decision = $2`, p.ID, DecisionSoundsLikeUs))
}
