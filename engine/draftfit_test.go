package engine

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/generate"
	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/llm/llmtest"
)

// cutOffModel answers drafts as scripted by draft (with a finish reason) and everything else well.
func cutOffModel(t testing.TB, draft func(r llmtest.Recorded) llmtest.Reply) func(llmtest.Recorded) llmtest.Reply {
	return func(r llmtest.Recorded) llmtest.Reply {
		switch promptKind(r) {
		case kindDraft, kindRevise:
			if r.ResponseFormat == nil {
				return draft(r)
			}
		}
		return goodModel(t)(r)
	}
}

// A draft the model stops at its length limit is asked for once more with twice the budget; when
// that one is whole, it is stored with no warning.
func TestDraftCutOffOnceIsAskedAgainWithALargerLimit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	b.llm.SetResponder(cutOffModel(t, func(r llmtest.Recorded) llmtest.Reply {
		if r.MaxTokens == generate.DraftMaxTokens {
			return llmtest.Reply{Content: "Three in four CFOs overrode their AI", FinishReason: llm.FinishLength}
		}
		return llmtest.Reply{Content: testDraft}
	}))
	p := b.toDraftReady(t, "brief")

	drafts := requestsOf(b.llm.Requests(), kindDraft)
	require.Equal(t, 2, len(drafts))
	require.Equal(t, generate.DraftMaxTokens, drafts[0].MaxTokens)
	require.Equal(t, generate.DraftMaxTokens*llm.TruncatedRetryFactor, drafts[1].MaxTokens)
	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, testDraft, v.Draft.Content)
	require.Empty(t, v.Warnings)
	var attempts int
	require.NoError(t, b.pool.Pool.QueryRow(ctx, `SELECT attempts FROM llm_calls WHERE piece_id = $1 AND purpose = 'draft'`,
		p.ID).Scan(&attempts))
	require.Equal(t, 2, attempts, "the second request is part of the draft's recorded call")
}

// Cut off again with the larger budget: the draft is stored, since it is all there is, but the
// piece says its end may be missing; it is never shown as if whole.
func TestDraftStillCutOffIsStoredWithAWarning(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	cut := "Three in four CFOs overrode their AI forecast last quarter.\n\nThe study found the models"
	b.llm.SetResponder(cutOffModel(t, func(llmtest.Recorded) llmtest.Reply {
		return llmtest.Reply{Content: cut, FinishReason: llm.FinishLength}
	}))
	p := b.toDraftReady(t, "brief")

	require.Equal(t, 2, len(requestsOf(b.llm.Requests(), kindDraft)), "one retry, no more")
	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, cut, v.Draft.Content)
	require.Equal(t, []Warning{generate.TruncatedWarning}, v.Warnings)
	require.Contains(t, v.Warnings[0].Message, "the end of this draft may be missing")
}

// A revision cut off twice is flagged the same way.
func TestRevisionStillCutOffIsFlagged(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateDraftReady)
	b.llm.SetResponder(cutOffModel(t, func(r llmtest.Recorded) llmtest.Reply {
		if promptKind(r) == kindRevise {
			return llmtest.Reply{Content: "Shorter, punchier: three in four CFOs", FinishReason: llm.FinishLength}
		}
		return llmtest.Reply{Content: testDraft}
	}))
	require.NoError(t, b.e.Revise(ctx, p.ID, PhaseDraft, testUser, "Make it punchier"))
	b.waitIdle(t, p.ID)

	revs := requestsOf(b.llm.Requests(), kindRevise)
	require.Equal(t, 2, len(revs))
	require.Equal(t, generate.DraftMaxTokens*llm.TruncatedRetryFactor, revs[1].MaxTokens)
	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, 2, v.Draft.Version)
	require.Equal(t, "Shorter, punchier: three in four CFOs", v.Draft.Content)
	require.Equal(t, []Warning{generate.TruncatedWarning}, v.Warnings)
}

// paragraphs is n characters of text: paragraphs of 98 letters and a full stop, a blank line apart.
func paragraphs(n int) string {
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(strings.Repeat("x", 98) + ".\n\n")
	}
	return b.String()[:n]
}

// A first draft longer than any draft may be gets the one repair, like any check finding; when the
// repair is still too long it is cut to MaxDraftChars at a paragraph, and the piece says so.
func TestFirstDraftOverTheLimitIsRepairedThenCutWithAWarning(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	long := paragraphs(MaxDraftChars + 2500)
	b.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
		switch promptKind(r) {
		case kindDraft, kindRepair:
			return llmtest.Reply{Content: long}
		}
		return goodModel(t)(r)
	})
	p := b.toDraftReady(t, "brief")

	repairs := requestsOf(b.llm.Requests(), kindRepair)
	require.Equal(t, 1, len(repairs), "the length is a check finding: one repair")
	require.Contains(t, repairs[0].Last().Content, "Is 14500 characters long; the linkedin limit is 3000.")
	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	n := utf8.RuneCountInString(v.Draft.Content)
	require.LessOrEqual(t, n, MaxDraftChars, "the stored draft fits")
	require.Greater(t, n, MaxDraftChars-100, "cut at the last paragraph that fits, not earlier")
	require.True(t, strings.HasSuffix(v.Draft.Content, "x."), "no paragraph is split")
	require.Equal(t, []string{WarningLength, WarningLength}, kinds(v.Warnings))
	require.Contains(t, v.Warnings[0].Message, "The model wrote 14500 characters, more than the 12000 a draft holds; "+
		"it was cut to fit")
	require.Contains(t, v.Warnings[1].Message, "the linkedin limit is 3000")
}

// A repair that brings the draft within the platform's limit leaves nothing to cut or warn about.
func TestFirstDraftOverTheLimitRepairedWithin(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	b.llm.SetResponder(draftThenRepair(t, paragraphs(MaxDraftChars+1), testDraft))
	p := b.toDraftReady(t, "brief")
	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, testDraft, v.Draft.Content)
	require.Empty(t, v.Warnings)
}
