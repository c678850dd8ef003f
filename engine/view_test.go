package engine

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/database"
)

func TestSetMessageTSOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateRequested, withoutWorkers())

	recorded, err := b.e.RecordMessage(ctx, p.ID, ParentMessage, "1700000000.000100")
	require.NoError(t, err)
	require.Equal(t, "1700000000.000100", recorded)
	recorded, err = b.e.RecordMessage(ctx, p.ID, ParentMessage, "1700000000.000200")
	require.NoError(t, err)
	require.Equal(t, "1700000000.000100", recorded, "a second replica's post does not replace the first")
	got, err := b.e.Piece(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, "1700000000.000100", got.MessageTS)

	recorded, err = b.e.RecordMessage(ctx, p.ID, DraftMessage, "1700000000.000300")
	require.NoError(t, err)
	require.Equal(t, "1700000000.000300", recorded)
	recorded, err = b.e.RecordMessage(ctx, p.ID, DraftMessage, "1700000000.000400")
	require.NoError(t, err)
	require.Equal(t, "1700000000.000300", recorded, "the first draft message stays recorded")
	got, err = b.e.Piece(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, "1700000000.000300", got.DraftTS)
}

// TestBeginPostSaysWhenAnEarlierAttemptSetOut: the first attempt to post a message gets no earlier
// mark; every later one gets the first's, for each message on its own.
func TestBeginPostSaysWhenAnEarlierAttemptSetOut(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateRequested, withoutWorkers())
	first, err := b.e.BeginPost(ctx, p.ID, ParentMessage)
	require.NoError(t, err)
	require.True(t, first.IsZero(), "nobody set out before")
	second, err := b.e.BeginPost(ctx, p.ID, ParentMessage)
	require.NoError(t, err)
	require.False(t, second.IsZero())
	third, err := b.e.BeginPost(ctx, p.ID, ParentMessage)
	require.NoError(t, err)
	require.Equal(t, second, third, "the mark is the first attempt's")
	draft, err := b.e.BeginPost(ctx, p.ID, DraftMessage)
	require.NoError(t, err)
	require.True(t, draft.IsZero(), "the draft's mark is its own")
}

func TestStatusAndView(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withCap(4))
	p1 := b.request(t, "one")
	b.waitState(t, p1.ID, StateOutlineReady)
	_, err := b.e.ApproveOutline(ctx, p1.ID, testApprover)
	require.NoError(t, err)
	b.waitState(t, p1.ID, StateDraftReady)
	p2 := b.request(t, "two")
	b.waitState(t, p2.ID, StateOutlineReady)

	s, err := b.e.Status(ctx, testChannel)
	require.NoError(t, err)
	require.Equal(t, "acme", s.Binding.ClientSlug)
	require.Equal(t, "linkedin", s.Binding.Platform)
	require.Equal(t, CapToday{Used: 2, Cap: 4, ResetsAt: s.Cap.ResetsAt}, s.Cap)
	require.Equal(t, 1, s.ByState[StateDraftReady])
	require.Equal(t, 1, s.ByState[StateOutlineReady])
	require.Equal(t, 0, s.ByState[StatePublished])
	require.Len(t, s.ByState, len(States))
	require.Len(t, s.Open, 2)
	require.Equal(t, p2.ID, s.Open[0].ID, "newest first")

	_, err = b.e.Status(ctx, "CUNBOUND")
	require.ErrorIs(t, err, ErrNotBound)

	v, err := b.e.PieceView(ctx, p2.ID)
	require.NoError(t, err)
	require.Equal(t, testChannel, v.Piece.ChannelID)
	require.Equal(t, "two", v.Piece.Brief)
	require.Equal(t, 2, v.Cap.Used)
	require.Nil(t, v.OutlineApproval)
	require.Empty(t, v.Reviews)

	pillars, err := b.e.Pillars(ctx, testChannel)
	require.NoError(t, err)
	require.Equal(t, []string{"Finance Ops", "AI in Practice", "Cash Forecasting", "Customer Stories"}, pillars)

	_, err = b.e.PieceView(ctx, 424242)
	require.ErrorIs(t, err, database.ErrNotFound)
}
