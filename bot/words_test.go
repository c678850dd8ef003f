package bot

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/reporting"
)

// TestRefusalWords: the engine's and clientos's typed refusals become the sentences people read,
// with the command that fixes them; wrapping does not hide them, and our own failures are not
// worded as the person's.
func TestRefusalWords(t *testing.T) {
	t.Parallel()
	resets := time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		err  error
		want []string
	}{
		{clientos.ErrNotApprover, []string{"only this client's approvers can do that", "/mos approvers add @you"}},
		{clientos.ErrFirstApprover, []string{"only a workspace admin, someone in MOS_ADMINS", "`mos approvers add`"}},
		{engine.ErrNotBound, []string{"not bound to a client yet", "/mos bind <client> <platform> [cap]"}},
		{engine.ErrBindWhat, []string{"Name the client and the platform", "/mos bind <client> <platform>"}},
		{&engine.StaleError{PieceID: 7, Want: engine.StateOutlineReady, State: engine.StateOutlineApproved},
			[]string{"piece 7 is now outline approved (this needed outline ready for review)"}},
		{&engine.StaleError{PieceID: 7, Want: engine.StateDraftReady, State: engine.StateApproved}, []string{"is now approved"}},
		{&engine.StaleError{PieceID: 7, Want: engine.StateDraftReady, State: engine.StateDraftReady, Busy: engine.BusyRevising},
			[]string{"being revised", "try again once the new version is posted"}},
		{&engine.VersionChangedError{PieceID: 7, Phase: engine.PhaseOutline, Seen: 1, Current: 2},
			[]string{"the outline changed while you were looking: you saw v1, it is now v2"}},
		{&engine.CapError{Used: 2, Cap: 2, ResetsAt: resets}, []string{"2 of 2 pieces today", "/mos cap <n>"}},
		{&engine.CapError{Used: 1, Cap: 1, ResetsAt: resets}, []string{"1 of 1", "/mos cap"}},
		{&engine.CapError{Cap: 0, ResetsAt: resets}, []string{"cap is 0"}},
		{&engine.CapRangeError{Got: 101, Max: 100}, []string{"0 to 100, not 101", "/mos cap 3"}},
		{&engine.UnknownClientError{Slug: "initech", Known: []string{"acme", "globex"}},
			[]string{`no client called "initech"`, "Known clients: acme, globex", "mos os import --client initech"}},
		{&engine.UnknownClientError{Slug: "initech"}, []string{"no clients exist yet"}},
		{&engine.PlatformError{ClientName: "Acme", ClientSlug: "acme", Platform: "tiktok", Platforms: []string{"blog", "linkedin"}},
			[]string{`no style guide for "tiktok"`, "Platforms it has: blog, linkedin", "/mos os edit style/tiktok"}},
		{&engine.PlatformError{ClientName: "Globex", ClientSlug: "globex", Platform: "linkedin"}, []string{"no style guide yet"}},
		{&engine.UserError{Field: "brief", Msg: "The brief is empty."}, []string{"The brief is empty."}},
	}
	for _, c := range cases {
		for _, err := range []error{c.err, fmt.Errorf("bot: approve: %w", c.err)} {
			words, ok := refusalWords(err)
			require.True(t, ok, "%v", err)
			for _, w := range c.want {
				require.Contains(t, words, w)
			}
			require.True(t, isPersonError(err))
		}
	}
	_, ok := refusalWords(errors.New("engine: load piece 7: connection refused"))
	require.False(t, ok, "our own failures are not the person's to fix")
	require.Contains(t, refusalText(errors.New("boom")), "Something went wrong on our side")
	require.Contains(t, refusalText(engine.ErrNotBound), "/mos bind &lt;client&gt;", "words are escaped for mrkdwn")
}

// TestProposalRefusalWords: reporting's refusals of Apply and Dismiss, and the way back from an
// applied proposal.
func TestProposalRefusalWords(t *testing.T) {
	t.Parallel()
	words, ok := proposalRefusalWords(&reporting.StaleError{ProposalID: 3, Document: "brand", Base: 1, Current: 2})
	require.True(t, ok)
	require.Contains(t, words, "made against brand v1, but brand is now v2")
	require.Contains(t, words, "/mos report now")
	words, ok = proposalRefusalWords(clientos.ErrNotApprover)
	require.True(t, ok)
	require.Contains(t, words, "/mos approvers add")
	require.Equal(t, "mos os revert --client acme brand 1",
		terminalRevert("acme", reporting.ApplyResult{Document: "brand", BaseVersion: 1}))
}

// TestSoundsLikeUsWords: a second mark names the first approver as a mention only when the id is a
// Slack user id; a writer is thanked and told who can mark it.
func TestSoundsLikeUsWords(t *testing.T) {
	t.Parallel()
	require.Equal(t, ":white_check_mark: Piece 7 is already marked *Sounds like us* (by <@U02>), so nothing changed.",
		alreadyMarkedText(&engine.AlreadyMarkedError{PieceID: 7, By: "U02"}))
	require.Contains(t, alreadyMarkedText(&engine.AlreadyMarkedError{PieceID: 7, By: "<!channel>"}), "(by an approver)")
	require.Contains(t, soundsLikeUsNotApprover, "Only this client's approvers can mark")
	require.Contains(t, soundsLikeUsNotApprover, "/mos approvers add @you")
	require.Contains(t, soundsLikeUsThanks(7), "/mos report now")
}
