package reporting

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
)

// storedProposal makes the test week's report with one deleted-phrase proposal and returns it.
func storedProposal(t *testing.T, f *fixture) Proposal {
	t.Helper()
	f.editDeleting("truly transformative", 3)
	_, ps := f.runWeek()
	require.Len(t, ps, 1)
	require.Equal(t, StateOpen, ps[0].State)
	return ps[0]
}

func TestApplyWritesExactlyOneOSVersion(t *testing.T) {
	t.Parallel()
	f := setup(t)
	p := storedProposal(t, f)
	before := f.count(`SELECT count(*) FROM os_versions WHERE client_id = $1`, f.client.ID)

	res, err := Apply(f.ctx, f.db.Pool, p.ID, testApprover)
	require.NoError(t, err)
	require.False(t, res.Already)
	require.Equal(t, StateApplied, res.State)
	require.Equal(t, 2, res.Version)
	require.Equal(t, "applied by UAPPROVER as brand v2", res.String())
	require.Equal(t, 1, res.BaseVersion, "an applied proposal is undone by reverting to its base version")
	require.Equal(t, before+1, f.count(`SELECT count(*) FROM os_versions WHERE client_id = $1`, f.client.ID))
	require.Equal(t, p.NewContent, f.docContent("brand"))

	v, err := clientos.GetVersion(f.ctx, f.db.Pool, f.client.ID, "brand", 2)
	require.NoError(t, err)
	require.Equal(t, testApprover, v.Author)
	require.Equal(t, fmt.Sprintf("proposal #%d: deleted_phrase", p.ID), v.Reason)
	require.Equal(t, 1, f.count(`SELECT count(*) FROM audit_log WHERE action = 'proposal.apply' AND actor = $1`, testApprover))

	stored, err := ProposalByID(f.ctx, f.db.Pool, p.ID)
	require.NoError(t, err)
	require.Equal(t, StateApplied, stored.State)
	require.Equal(t, 2, stored.AppliedVersion)
	require.Equal(t, testApprover, stored.DecidedBy)

	// A second click (or a second approver) changes nothing and gets the same answer.
	_, err = Apply(f.ctx, f.db.Pool, p.ID, "UOTHER")
	require.ErrorIs(t, err, clientos.ErrNotApprover)
	require.NoError(t, clientos.AddApprover(f.ctx, f.db.Pool, f.client.ID, "UOTHER", "test"))
	again, err := Apply(f.ctx, f.db.Pool, p.ID, "UOTHER")
	require.NoError(t, err)
	require.True(t, again.Already)
	require.Equal(t, 2, again.Version)
	require.Equal(t, testApprover, again.DecidedBy)
	require.Equal(t, "already applied by UAPPROVER as brand v2", again.String())
	require.Equal(t, before+1, f.count(`SELECT count(*) FROM os_versions WHERE client_id = $1`, f.client.ID))

	// Every applied change can be reverted like any other OS change.
	rv, err := clientos.Revert(f.ctx, f.db.Pool, f.client.ID, "brand", res.BaseVersion, "tester")
	require.NoError(t, err)
	require.Equal(t, 3, rv.Version)
	require.NotContains(t, f.docContent("brand"), "truly transformative")
}

func TestApplyConcurrentClicksWriteOneVersion(t *testing.T) {
	t.Parallel()
	f := setup(t)
	p := storedProposal(t, f)
	var wg sync.WaitGroup
	results := make([]ApplyResult, 5)
	errs := make([]error, 5)
	for i := range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = Apply(f.ctx, f.db.Pool, p.ID, testApprover)
		}()
	}
	wg.Wait()
	fresh := 0
	for i := range 5 {
		require.NoError(t, errs[i])
		require.Equal(t, 2, results[i].Version)
		if !results[i].Already {
			fresh++
		}
	}
	require.Equal(t, 1, fresh)
	require.Equal(t, 2, f.docVersion("brand"))
}

func TestApplyRefusesStaleProposal(t *testing.T) {
	t.Parallel()
	f := setup(t)
	p := storedProposal(t, f)
	edited := f.docContent("brand") + "\nOne more line.\n"
	_, _, err := clientos.SaveDocument(f.ctx, f.db.Pool, f.client.ID, "brand", edited, "UEDITOR", "slack edit")
	require.NoError(t, err)

	_, err = Apply(f.ctx, f.db.Pool, p.ID, testApprover)
	require.ErrorIs(t, err, ErrStale)
	require.ErrorContains(t, err, "made against brand v1, but brand is now v2")
	var stale *StaleError
	require.ErrorAs(t, err, &stale)
	require.Equal(t, StaleError{ProposalID: p.ID, Document: "brand", Base: 1, Current: 2}, *stale)
	require.Equal(t, 2, f.docVersion("brand"), "nothing was written")
	require.Equal(t, edited, f.docContent("brand"))
	stored, err := ProposalByID(f.ctx, f.db.Pool, p.ID)
	require.NoError(t, err)
	require.Equal(t, StateStale, stored.State)

	_, err = Apply(f.ctx, f.db.Pool, p.ID, testApprover)
	require.ErrorIs(t, err, ErrStale, "still refused")
}

func TestApplyAndDismissNeedAnApprover(t *testing.T) {
	t.Parallel()
	f := setup(t)
	p := storedProposal(t, f)
	_, err := Apply(f.ctx, f.db.Pool, p.ID, "USTRANGER")
	require.ErrorIs(t, err, clientos.ErrNotApprover)
	_, err = Dismiss(f.ctx, f.db.Pool, p.ID, "USTRANGER")
	require.ErrorIs(t, err, clientos.ErrNotApprover)
	require.Equal(t, 1, f.docVersion("brand"))
	stored, err := ProposalByID(f.ctx, f.db.Pool, p.ID)
	require.NoError(t, err)
	require.Equal(t, StateOpen, stored.State)

	_, err = Apply(f.ctx, f.db.Pool, 999999, testApprover)
	require.ErrorIs(t, err, database.ErrNotFound)
}

func TestDismissThenApplyChangesNothing(t *testing.T) {
	t.Parallel()
	f := setup(t)
	p := storedProposal(t, f)
	res, err := Dismiss(f.ctx, f.db.Pool, p.ID, testApprover)
	require.NoError(t, err)
	require.Equal(t, StateDismissed, res.State)
	res, err = Apply(f.ctx, f.db.Pool, p.ID, testApprover)
	require.NoError(t, err)
	require.True(t, res.Already)
	require.Equal(t, StateDismissed, res.State)
	require.Equal(t, 1, f.docVersion("brand"))
	require.Equal(t, 1, f.count(`SELECT count(*) FROM audit_log WHERE action = 'proposal.dismiss'`))
}

// TestReportPostClaim: one replica claims a report; another is told it is in progress; a claim left
// by a replica that died mid-post expires so the week's report is not lost.
func TestReportPostClaim(t *testing.T) {
	t.Parallel()
	f := setup(t)
	var id int64
	require.NoError(t, f.db.Pool.QueryRow(f.ctx, `INSERT INTO reports (client_id, week_key, channel_id)
		VALUES ($1, '2026-W10', 'CREPORTS') RETURNING id`, f.client.ID).Scan(&id))

	ch, ok, err := ClaimReportPost(f.ctx, f.db.Pool, id)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, "CREPORTS", ch)
	_, ok, err = ClaimReportPost(f.ctx, f.db.Pool, id)
	require.ErrorIs(t, err, ErrPostInProgress)
	require.False(t, ok)

	_, err = f.db.Pool.Exec(f.ctx, `UPDATE reports SET message_ts = 'posting:' || (extract(epoch FROM now())::bigint - 3600)
		WHERE id = $1`, id)
	require.NoError(t, err)
	_, ok, err = ClaimReportPost(f.ctx, f.db.Pool, id)
	require.NoError(t, err)
	require.True(t, ok, "a claim an hour old is from a replica that died: take it over")

	require.NoError(t, FinishReportPost(f.ctx, f.db.Pool, id, "1700000000.000100"))
	_, ok, err = ClaimReportPost(f.ctx, f.db.Pool, id)
	require.NoError(t, err)
	require.False(t, ok, "posted reports are never posted again")
}
