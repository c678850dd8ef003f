package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDraftInputIsCleanedOfControlCharacters(t *testing.T) {
	t.Parallel()
	in, err := ValidateDraftInput(DraftInput{SourceType: "study", SourceURL: "https://example.com/r",
		Brief: "Why\x1b[31m CFOs\x00 distrust\u202e AI\x1b]0;title\x07"}, nil)
	require.NoError(t, err)
	require.Equal(t, "Why CFOs distrust AI", in.Brief)

	got, err := ValidateDraftInput(DraftInput{SourceURL: "https://example.com/r", Brief: "line one\r\nline\x1b[2J two",
		Excerpt: "\x07quoted\x1b[0m figure", Pillar: "finance\n\x1b[1mops"}, []string{"Finance Ops"})
	require.NoError(t, err)
	require.Equal(t, "line one\nline two", got.Brief)
	require.Equal(t, "quoted figure", got.Excerpt)
	require.Equal(t, "Finance Ops", got.Pillar)

	_, err = ValidateDraftInput(DraftInput{SourceURL: "https://example.com/r", Brief: "\x1b[31m\x00"}, nil)
	requireUserError(t, err, "brief", "Tell me what the piece should say")
	_, err = ValidateDraftInput(DraftInput{SourceURL: "https://example.com/r", Brief: "b", Pillar: strings.Repeat("p", 100_000)}, nil)
	requireUserError(t, err, "pillar", "The pillar is 100000 characters; pillar names are at most 80")
	_, err = ValidateDraftInput(DraftInput{SourceURL: "https://example.com/r", Brief: "b", Pillar: strings.Repeat("p", 500)}, []string{"Finance Ops"})
	requireUserError(t, err, "pillar", "The pillar is 500 characters")
	_, err = ValidateDraftInput(DraftInput{SourceType: strings.Repeat("t", 100_000), SourceURL: "https://example.com/r", Brief: "b"}, nil)
	requireUserError(t, err, "source_type", `"tttttttttttttttttttttttttttttttttttttttt"… (100000 characters) is not a source type`)
}

func TestEditTextIsCleanedOfControlCharacters(t *testing.T) {
	t.Parallel()
	got, err := prepareEdit(PhaseDraft, "Line\x1b[31m one\r\nLine two\x00\u202e\n", nil)
	require.NoError(t, err)
	require.Equal(t, "Line one\nLine two", got.text)
	_, err = prepareEdit(PhaseDraft, "\x1b[0m\x00", nil)
	requireInputError(t, err, UserError{Field: "text", Problem: ProblemMissing, Phase: PhaseDraft}) // worded "… is empty …"
}

func TestRejectCommentAndReviseInstructionAreCleaned(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateOutlineReady)
	require.NoError(t, b.e.Revise(ctx, p.ID, PhaseOutline, testUser, "Shorter\x1b[1m hook\x00, please\u202e"))
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM reviews WHERE piece_id = $1 AND decision = 'revised'
		AND comment = 'Shorter hook, please'`, p.ID))
	b.waitIdle(t, p.ID)

	_, err := b.e.Reject(ctx, p.ID, PhaseOutline, testApprover, []string{"other"}, "Off\x1b[31m brand\r\nsecond line\x07")
	require.NoError(t, err)
	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, "Off brand\nsecond line", v.Rejection.Comment)
}
