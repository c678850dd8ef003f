package clientos_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

// TestApproverChangesFollowTheRules: a client without approvers takes its first only from a
// workspace admin or an operator; after that only approvers change the list (an admin who is not
// one included); removing someone who is not one, or the last one, is refused and changes nothing.
func TestApproverChangesFollowTheRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, c := acmeDB(t, "")
	approvers := func() []string {
		ids, err := clientos.Approvers(ctx, db.Pool, c.ID)
		require.NoError(t, err)
		return ids
	}

	member, admin := clientos.AsMember, clientos.AsAdmin
	require.ErrorIs(t, clientos.AddApproverAs(ctx, db.Pool, c.ID, "USAM", "USAM", member), clientos.ErrFirstApprover,
		"a member cannot claim the first")
	require.ErrorIs(t, clientos.RemoveApproverAs(ctx, db.Pool, c.ID, "USAM", "USAM", member), clientos.ErrNoSuchApprover)
	require.Empty(t, approvers())
	require.NoError(t, clientos.AddApproverAs(ctx, db.Pool, c.ID, "UMARIA", "UADMIN", admin), "an admin names the first")
	require.ErrorIs(t, clientos.AddApproverAs(ctx, db.Pool, c.ID, "USAM", "USAM", member), clientos.ErrNotApprover)
	require.ErrorIs(t, clientos.AddApproverAs(ctx, db.Pool, c.ID, "USAM", "UADMIN", admin), clientos.ErrNotApprover,
		"once there are approvers, they add the others")
	require.NoError(t, clientos.AddApproverAs(ctx, db.Pool, c.ID, "UJOE", "UMARIA", member))
	require.Equal(t, []string{"UMARIA", "UJOE"}, approvers())

	require.ErrorIs(t, clientos.RemoveApproverAs(ctx, db.Pool, c.ID, "UJOE", "USAM", member), clientos.ErrNotApprover)
	require.ErrorIs(t, clientos.RemoveApproverAs(ctx, db.Pool, c.ID, "USAM", "UMARIA", member), clientos.ErrNoSuchApprover)
	require.NoError(t, clientos.RemoveApproverAs(ctx, db.Pool, c.ID, "UJOE", "UMARIA", member))
	require.ErrorIs(t, clientos.RemoveApproverAs(ctx, db.Pool, c.ID, "UMARIA", "UMARIA", member), clientos.ErrLastApprover)
	require.Equal(t, []string{"UMARIA"}, approvers())
}

// TestOperatorChangesAnyClientsApprovers: at the terminal an operator names the first approver,
// adds and removes others without being one, and still cannot remove the last.
func TestOperatorChangesAnyClientsApprovers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, c := acmeDB(t, "")
	op := clientos.AsOperator
	require.NoError(t, clientos.AddApproverAs(ctx, db.Pool, c.ID, "UMARIA", "ops", op))
	require.NoError(t, clientos.AddApproverAs(ctx, db.Pool, c.ID, "UJOE", "ops", op))
	require.NoError(t, clientos.RemoveApproverAs(ctx, db.Pool, c.ID, "UMARIA", "ops", op))
	require.ErrorIs(t, clientos.RemoveApproverAs(ctx, db.Pool, c.ID, "UJOE", "ops", op), clientos.ErrLastApprover)
	require.ErrorIs(t, clientos.RemoveApproverAs(ctx, db.Pool, c.ID, "UNOBODY", "ops", op), clientos.ErrNoSuchApprover)
	ids, err := clientos.Approvers(ctx, db.Pool, c.ID)
	require.NoError(t, err)
	require.Equal(t, []string{"UJOE"}, ids)
	require.Equal(t, 3, count(t, db.Pool, `SELECT count(*) FROM audit_log WHERE actor = 'ops' AND action LIKE 'approver.%'`))
}

// TestTwoApproversRemovingEachOtherLeaveOne: the check and the removal are one transaction under
// the client's lock, so while one approver's removal of the other is open, the other's removal of
// the first waits for it (here: gives up at its lock timeout) instead of leaving the client with
// none; once the first commits, the second is no longer an approver.
func TestTwoApproversRemovingEachOtherLeaveOne(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, c := acmeDB(t, "")
	require.NoError(t, clientos.AddApprover(ctx, db.Pool, c.ID, "UA", "test"))
	require.NoError(t, clientos.AddApprover(ctx, db.Pool, c.ID, "UB", "test"))

	first, err := db.Pool.Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = first.Rollback(ctx) }()
	require.NoError(t, clientos.RemoveApproverAs(ctx, first, c.ID, "UB", "UA", clientos.AsMember))

	second, err := db.Pool.Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = second.Rollback(ctx) }()
	_, err = second.Exec(ctx, `SET LOCAL lock_timeout = '200ms'`)
	require.NoError(t, err)
	err = clientos.RemoveApproverAs(ctx, second, c.ID, "UA", "UB", clientos.AsMember)
	var pgErr *pgconn.PgError
	require.ErrorAs(t, err, &pgErr, "the second removal waits for the first one's lock")
	require.Equal(t, "55P03", pgErr.Code, "lock_not_available")
	require.NoError(t, second.Rollback(ctx))

	require.NoError(t, first.Commit(ctx))
	require.ErrorIs(t, clientos.RemoveApproverAs(ctx, db.Pool, c.ID, "UA", "UB", clientos.AsMember), clientos.ErrNotApprover)
	ids, err := clientos.Approvers(ctx, db.Pool, c.ID)
	require.NoError(t, err)
	require.Equal(t, []string{"UA"}, ids)
}

// TestOSEditsNeedAnApprover: saving or reverting a document as a person who is not an approver is
// refused in the same transaction, and nothing is written.
func TestOSEditsNeedAnApprover(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, res := importExample(t, "northwind")
	id := res.Client.ID
	require.NoError(t, clientos.AddApprover(ctx, db.Pool, id, "UMARIA", "test"))

	_, _, err := clientos.SaveDocumentAs(ctx, db.Pool, id, "decisions", "- Only one decision now.\n", "USAM", "slack edit")
	require.ErrorIs(t, err, clientos.ErrNotApprover)
	_, err = clientos.RevertAs(ctx, db.Pool, id, "decisions", 1, "USAM")
	require.ErrorIs(t, err, clientos.ErrNotApprover)
	require.Equal(t, 1, count(t, db.Pool, `SELECT count(*) FROM os_versions WHERE document = 'decisions'`))

	v, changed, err := clientos.SaveDocumentAs(ctx, db.Pool, id, "decisions", "- Only one decision now.\n", "UMARIA", "slack edit")
	require.NoError(t, err)
	require.True(t, changed)
	require.Equal(t, 2, v.Version)
	v, err = clientos.RevertAs(ctx, db.Pool, id, "decisions", 1, "UMARIA")
	require.NoError(t, err)
	require.Equal(t, 3, v.Version)
}
