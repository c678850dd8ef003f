package engine

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/database"
)

func requireUserError(t testing.TB, err error, field, contains string) {
	t.Helper()
	var ue *UserError
	require.True(t, errors.As(err, &ue), "want a *UserError, got %v", err)
	require.Equal(t, field, ue.Field)
	require.Contains(t, ue.Msg, contains)
}

// requireInputError checks a mistake the engine gives as data only, for the adapter to word: the
// words for each are held in bot/words_test.go.
func requireInputError(t testing.TB, err error, want UserError) {
	t.Helper()
	var ue *UserError
	require.True(t, errors.As(err, &ue), "want a *UserError, got %v", err)
	require.Equal(t, want, *ue)
}

func requireStale(t testing.TB, err error, want, state State) *StaleError {
	t.Helper()
	var stale *StaleError
	require.True(t, errors.As(err, &stale), "want a *StaleError, got %v", err)
	require.Equal(t, want, stale.Want)
	require.Equal(t, state, stale.State)
	return stale
}

func TestEditOutline(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateOutlineReady)

	text, cur, err := b.e.EditText(ctx, p.ID, PhaseOutline)
	require.NoError(t, err)
	require.Equal(t, OutlineText(testOutline("Finance Ops")), text)
	require.Equal(t, 1, cur.Version)
	calls := b.llm.Count()

	o := testOutline("cash forecasting")
	o.Hook = "Synergy is what CFOs hear and distrust."
	v, err := b.e.Edit(ctx, p.ID, PhaseOutline, testUser, OutlineText(o), 0)
	require.NoError(t, err)
	require.Equal(t, 2, v.Version)
	require.Equal(t, AuthorHuman, v.AuthorKind)
	require.Equal(t, testUser, v.Author)
	require.NotEmpty(t, v.OSVersions)
	require.Equal(t, []Warning{{Kind: WarningForbidden,
		Message: `Uses the forbidden phrase "synergy"; the brand never says it.`}}, v.Warnings,
		"a person's version is checked too")
	require.Equal(t, calls, b.llm.Count(), "nobody repairs a person's words")

	view, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, "Cash Forecasting", view.Piece.Pillar, "the pillar follows the edit, in the client's spelling")
	require.Equal(t, "Cash Forecasting", view.Outline.Pillar)
	require.Equal(t, testUser, view.LatestEditor)
	require.Equal(t, v.Warnings, view.Warnings)
	require.Equal(t, DecisionEdited, view.Reviews[0].Decision)
	require.Equal(t, StateOutlineReady, view.Piece.State, "an edit does not approve")

	// The same text again, even with other line ends and spaces, stores nothing.
	same := strings.ReplaceAll(OutlineText(o), "\n", "  \r\n")
	got, err := b.e.Edit(ctx, p.ID, PhaseOutline, testApprover, same, 0)
	require.ErrorIs(t, err, ErrUnchanged)
	require.Equal(t, v.Version, got.Version)
	require.Equal(t, 2, b.versions(t, p.ID, PhaseOutline))
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM reviews WHERE piece_id = $1`, p.ID))

	hist, err := b.e.History(ctx, p.ID)
	require.NoError(t, err)
	require.Len(t, hist, 2)
	require.Equal(t, []string{AuthorAI, AuthorHuman}, []string{hist[0].AuthorKind, hist[1].AuthorKind})
}

func TestEditRefusesBadText(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateDraftReady)

	for _, tt := range []struct {
		phase, text string
		want        UserError // worded "The draft is empty…", "… the limit is 12000 …"
	}{
		{PhaseDraft, " \n\t\n ", UserError{Field: "text", Problem: ProblemMissing, Phase: PhaseDraft}},
		{PhaseDraft, strings.Repeat("é", MaxDraftChars+1), UserError{Field: "text", Problem: ProblemTooLong,
			Phase: PhaseDraft, Got: MaxDraftChars + 1, Limit: 12000}},
	} {
		_, err := b.e.Edit(ctx, p.ID, tt.phase, testUser, tt.text, 0)
		requireInputError(t, err, tt.want)
	}
	_, err := b.e.Edit(ctx, p.ID, PhaseDraft, testUser, strings.Repeat("é", MaxDraftChars), 0)
	require.NoError(t, err, "exactly the limit is fine")
	require.Equal(t, 2, b.versions(t, p.ID, PhaseDraft))

	q := b.toOutlineReady(t, "another")
	for _, tt := range []struct {
		text string
		want UserError // worded "The outline is empty…", "… the limit is 6000 …", "The outline has 1 sections…"
	}{
		{"", UserError{Field: "text", Problem: ProblemMissing, Phase: PhaseOutline}},
		{strings.Repeat("x", MaxOutlineChars+1), UserError{Field: "text", Problem: ProblemTooLong, Phase: PhaseOutline,
			Got: MaxOutlineChars + 1, Limit: 6000}},
		{"Title: T\nHook: H\nPillar: Finance Ops\nSections:\n- a\nCTA: C", UserError{Field: "text",
			Problem: ProblemCount, Phase: PhaseOutline, Got: 1, Min: 3, Limit: 7}},
	} {
		_, err := b.e.Edit(ctx, q.ID, PhaseOutline, testUser, tt.text, 0)
		requireInputError(t, err, tt.want)
	}
	_, err = b.e.Edit(ctx, q.ID, PhaseOutline, testUser,
		strings.Replace(OutlineText(testOutline("x")), "Pillar: x", "Pillar: Sports", 1), 0)
	requireUserError(t, err, "text", `"Sports" is not one of`)
	require.Equal(t, 1, b.versions(t, q.ID, PhaseOutline), "nothing stored")
}

func TestEditOnlyWhileWaiting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateDraftReady)

	_, err := b.e.Edit(ctx, p.ID, PhaseOutline, testUser, OutlineText(testOutline("Finance Ops")), 0)
	requireStale(t, err, StateOutlineReady, StateDraftReady)
	_, err = b.e.Edit(ctx, p.ID, PhaseDraft, testUser, "A draft a person wrote.", 0)
	require.NoError(t, err)
	_, err = b.e.Approve(ctx, p.ID, PhaseDraft, testApprover)
	require.NoError(t, err)
	_, err = b.e.Edit(ctx, p.ID, PhaseDraft, testUser, "Too late.", 0)
	requireStale(t, err, StateDraftReady, StateApproved)

	hist, err := b.e.History(ctx, p.ID)
	require.NoError(t, err)
	var got []string
	for _, v := range hist {
		got = append(got, v.Phase+":"+v.AuthorKind)
	}
	require.Equal(t, []string{"outline:ai", "draft:ai", "draft:human"}, got, "both phases, oldest first")

	cur, err := b.e.Current(ctx, p.ID, PhaseDraft)
	require.NoError(t, err)
	require.Equal(t, "A draft a person wrote.", cur.Content)
	_, err = b.e.History(ctx, 424242)
	require.ErrorIs(t, err, database.ErrNotFound)
	_, err = b.e.Current(ctx, p.ID, "blog")
	require.ErrorContains(t, err, "unknown phase")
}

// TestLateEditDoesNotUndoANewerOne: two people start from draft v1; the first edit is stored as
// v2, the second — handled after it, still based on v1 — is refused, and v2 stays the latest.
func TestLateEditDoesNotUndoANewerOne(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateDraftReady)

	v, err := b.e.Edit(ctx, p.ID, PhaseDraft, testUser, "The first person's draft.", 1)
	require.NoError(t, err)
	require.Equal(t, 2, v.Version)
	_, err = b.e.Edit(ctx, p.ID, PhaseDraft, testApprover, "The second person's draft, from v1.", 1)
	var vc *VersionChangedError
	require.ErrorAs(t, err, &vc)
	require.Equal(t, VersionChangedError{PieceID: p.ID, Phase: PhaseDraft, Seen: 1, Current: 2, Doing: ActionEdit}, *vc)
	cur, err := b.e.Current(ctx, p.ID, PhaseDraft)
	require.NoError(t, err)
	require.Equal(t, "The first person's draft.", cur.Content, "the newer edit stands")
	require.Equal(t, 2, b.versions(t, p.ID, PhaseDraft))
}
