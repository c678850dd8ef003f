package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

func TestReject(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateOutlineReady)

	_, err := b.e.Reject(ctx, p.ID, PhaseOutline, testUser, []string{"voice_drift"}, "")
	require.ErrorIs(t, err, clientos.ErrNotApprover)
	_, err = b.e.Reject(ctx, p.ID, PhaseOutline, testApprover, nil, "no reason")
	// worded "Pick at least one reason …"
	requireInputError(t, err, UserError{Field: "failure_modes", Problem: ProblemMissing, Allowed: FailureModes})
	_, err = b.e.Reject(ctx, p.ID, PhaseOutline, testApprover, []string{"boring"}, "")
	// worded `"boring" is not a failure mode …`
	requireInputError(t, err, UserError{Field: "failure_modes", Problem: ProblemUnknown, Values: []string{"boring"},
		Allowed: FailureModes})
	_, err = b.e.Reject(ctx, p.ID, PhaseOutline, testApprover, []string{"other"}, strings.Repeat("x", MaxCommentChars+1))
	// worded "… the limit is 3000 …"
	requireInputError(t, err, UserError{Field: "comment", Problem: ProblemTooLong, Got: MaxCommentChars + 1, Limit: 3000})
	_, err = b.e.Reject(ctx, p.ID, PhaseDraft, testApprover, []string{"other"}, "")
	requireStale(t, err, StateDraftReady, StateOutlineReady)
	require.Zero(t, b.count(t, `SELECT count(*) FROM reviews WHERE piece_id = $1`, p.ID), "nothing changed")

	got, err := b.e.Reject(ctx, p.ID, PhaseOutline, testApprover,
		[]string{"generic_angle", " Voice drift ", "voice_drift"}, "  Reads like every other post.  ")
	require.NoError(t, err)
	require.Equal(t, StateRejected, got.State)

	_, err = b.e.Reject(ctx, p.ID, PhaseOutline, testApprover2, []string{"other"}, "")
	requireStale(t, err, StateOutlineReady, StateRejected)
	_, err = b.e.Approve(ctx, p.ID, PhaseOutline, testApprover)
	requireStale(t, err, StateOutlineReady, StateRejected)

	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.NotNil(t, v.Rejection)
	require.Equal(t, []string{"voice_drift", "generic_angle"}, v.Rejection.FailureModes, "known modes, once, in menu order")
	require.Equal(t, "Reads like every other post.", v.Rejection.Comment)
	require.Equal(t, testApprover, v.Rejection.Reviewer)
	require.Equal(t, PhaseOutline, v.Rejection.Phase)
	require.Len(t, v.Reviews, 1)
}

func TestRejectDraft(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateDraftReady)
	_, err := b.e.Reject(ctx, p.ID, PhaseOutline, testApprover, []string{"other"}, "")
	requireStale(t, err, StateOutlineReady, StateDraftReady)
	got, err := b.e.Reject(ctx, p.ID, PhaseDraft, testApprover, []string{"factual_error"}, "The 3 in 4 is wrong.")
	require.NoError(t, err)
	require.Equal(t, StateRejected, got.State)
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM reviews WHERE piece_id = $1 AND phase = 'draft'
		AND decision = 'rejected' AND failure_modes = '{factual_error}'`, p.ID))
}

func TestFailureModeLabel(t *testing.T) {
	t.Parallel()
	want := []string{"Voice drift", "Factual error", "Generic angle", "Off-ICP framing", "Forbidden phrase", "Other"}
	for i, m := range FailureModes {
		require.Equal(t, want[i], FailureModeLabel(m))
	}
	require.Equal(t, "unknown", FailureModeLabel("unknown"))
	got, err := validateFailureModes([]string{"Off-ICP framing", "FORBIDDEN_PHRASE"})
	require.NoError(t, err)
	require.Equal(t, []string{"off_icp", "forbidden_phrase"}, got)
}
