package engine

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/llm/llmtest"
)

// renderedOS is the acme OS as every prompt's system message must carry it.
func (b *bundle) renderedOS(t testing.TB) clientos.Rendered {
	t.Helper()
	snap, err := clientos.Current(context.Background(), b.pool.Pool, b.client.ID)
	require.NoError(t, err)
	r, err := snap.RenderFor("linkedin")
	require.NoError(t, err)
	return r
}

func requestsOf(reqs []llmtest.Recorded, kind string) []llmtest.Recorded {
	var out []llmtest.Recorded
	for _, r := range reqs {
		if promptKind(r) == kind {
			out = append(out, r)
		}
	}
	return out
}

// editOutline has testUser save the test outline, changed by change, as the piece's outline, and
// returns what was saved.
func (b *bundle) editOutline(t testing.TB, pieceID int64, change func(o *Outline)) Outline {
	t.Helper()
	o := testOutline("Finance Ops")
	change(&o)
	_, err := b.e.Edit(context.Background(), pieceID, PhaseOutline, testUser, OutlineText(o), 0)
	require.NoError(t, err, "anyone in the channel may edit")
	return o
}

func TestDraftIsWrittenFromTheEditedOutline(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	p := b.toOutlineReady(t, "Why CFOs distrust AI forecasts")

	edited := b.editOutline(t, p.ID, func(edited *Outline) {
		edited.Hook = "Our panel of 40 CFOs said the same thing."
		edited.Sections = append(edited.Sections, "A checklist for Monday")
	})
	_, err := b.e.Approve(ctx, p.ID, PhaseOutline, testApprover)
	require.NoError(t, err)
	p = b.waitState(t, p.ID, StateDraftReady)

	drafts := requestsOf(b.llm.Requests(), kindDraft)
	require.Len(t, drafts, 1)
	r := drafts[0]
	require.Nil(t, r.ResponseFormat, "a draft is plain text")
	require.Equal(t, b.renderedOS(t).Text, r.Messages[0].Content, "the system message is the rendered OS")
	u := r.Last().Content
	var data draftData
	require.True(t, promptData(u, &data))
	require.Equal(t, edited, data.Outline, "the edited outline is the one used")
	require.Equal(t, sourceData{SourceType: "study", SourceURL: "https://example.com/report"}, data.sourceData)
	require.Equal(t, "Why CFOs distrust AI forecasts", data.Brief)
	require.Contains(t, u, "at most 3000 characters")
	require.Contains(t, u, "at most 3 hashtags")
	require.Empty(t, requestsOf(b.llm.Requests(), kindRepair), "a clean draft needs no repair")

	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.NotNil(t, v.Draft)
	require.Equal(t, testDraft, v.Draft.Content)
	require.Equal(t, AuthorAI, v.Draft.AuthorKind)
	require.Equal(t, 1, v.Draft.Version)
	require.NotEmpty(t, v.Draft.OSVersions)
	require.Equal(t, 2, v.Outline.Version)
	require.Equal(t, AuthorHuman, v.Outline.AuthorKind)
	require.Empty(t, v.Warnings)
	require.Empty(t, v.LatestEditor, "the current version (the draft) is the model's")
	require.Empty(t, v.Busy)
	require.Eventually(t, func() bool { return b.notes.countState(p.ID, StateDraftReady) == 1 }, waitFor, tick)
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM llm_calls WHERE piece_id = $1 AND purpose = 'draft'`, p.ID))
}

// draftThenRepair is goodModel but for drafts, answered with draft, and repairs, with repaired.
func draftThenRepair(t testing.TB, draft, repaired string) func(llmtest.Recorded) llmtest.Reply {
	return func(r llmtest.Recorded) llmtest.Reply {
		switch promptKind(r) {
		case kindDraft:
			return llmtest.Reply{Content: draft}
		case kindRepair:
			return llmtest.Reply{Content: repaired}
		}
		return goodModel(t)(r)
	}
}

func TestDraftRepairedOnceThenWarns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	b.llm.SetResponder(draftThenRepair(t, "```\nWe leverage synergy.\n\n#a #b #c #d\n```", "We use synergy.\n\n#a #b"))
	p := b.toDraftReady(t, "brief")

	repairs := requestsOf(b.llm.Requests(), kindRepair)
	require.Len(t, repairs, 1, "exactly one automatic repair")
	u := repairs[0].Last().Content
	require.Equal(t, b.renderedOS(t).Text, repairs[0].Messages[0].Content)
	require.Contains(t, u, `Uses the forbidden phrase "synergy"`)
	require.Contains(t, u, `Uses "leverage"; the brand prefers "use".`)
	require.Contains(t, u, "Has 4 hashtags; the linkedin style allows at most 3.")
	require.Equal(t, "We leverage synergy.\n\n#a #b #c #d", requireData(t, u)["current_text"],
		"the model sees the text without the code fence")
	require.NotContains(t, u, "```")

	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, "We use synergy.\n\n#a #b", v.Draft.Content)
	require.Equal(t, []Warning{{Kind: WarningForbidden,
		Message: `Uses the forbidden phrase "synergy"; the brand never says it.`}}, v.Warnings,
		"what the repair left is shown, never delivered silently")
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM llm_calls WHERE piece_id = $1 AND purpose = 'repair'`, p.ID))
}

func TestOutlineRepairedOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	bad := testOutline("Finance Ops")
	bad.Hook = "A real game-changer for CFOs."
	b.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
		switch promptKind(r) {
		case kindOutline:
			return llmtest.JSON(t, bad)
		case kindRepair:
			require.NotNil(t, r.ResponseFormat, "an outline is repaired as an outline")
			return outlineReply(t, "Finance Ops")
		}
		return goodModel(t)(r)
	})
	p := b.toOutlineReady(t, "brief")
	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, testOutline("Finance Ops"), v.Outline.Outline)
	require.Empty(t, v.Warnings)
	require.Len(t, requestsOf(b.llm.Requests(), kindRepair), 1)
}

func TestDraftFailsAfterBoundedAttemptsThenRetries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withAttempts(2))
	healthy := b.failKindUntilHealthy(t, kindDraft, llmtest.Reply{Status: 500, Content: "upstream exploded"})
	p := b.toOutlineReady(t, "brief")
	_, err := b.e.Approve(ctx, p.ID, PhaseOutline, testApprover)
	require.NoError(t, err)
	p = b.waitState(t, p.ID, StateFailed)
	require.Equal(t, StateOutlineApproved, p.FailedFrom)
	f := storedFailure(t, p.FailureReason) // worded "The model endpoint answered HTTP 500 (server error). Gave up after 2 attempts …"
	require.Equal(t, Trouble{Cause: CauseServerError, Status: 500, Attempt: 2}, f.onlyWhy())
	require.Len(t, requestsOf(b.llm.Requests(), kindDraft), 2, "bounded attempts")
	require.Zero(t, b.versions(t, p.ID, PhaseDraft))
	require.Eventually(t, func() bool { return b.notes.countState(p.ID, StateFailed) > 0 }, waitFor, tick)

	healthy.Store(true)
	p, err = b.e.Retry(ctx, p.ID, testUser)
	require.NoError(t, err)
	require.Equal(t, StateOutlineApproved, p.State)
	b.waitState(t, p.ID, StateDraftReady)
	require.Equal(t, 1, b.versions(t, p.ID, PhaseDraft))
}

// A bot killed while the model is writing the draft resumes after the restart and stores exactly
// one draft: the job runs again on the new process and the state transition guards the insert.
func TestDraftResumesAfterKillMidGeneration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	var hang atomic.Bool
	hang.Store(true)
	b.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
		if promptKind(r) == kindDraft && hang.Load() {
			return llmtest.Reply{Hang: true}
		}
		return goodModel(t)(r)
	})
	p := b.toOutlineReady(t, "brief")
	_, err := b.e.Approve(ctx, p.ID, PhaseOutline, testApprover)
	require.NoError(t, err)
	b.llm.WaitRequests(2, waitFor) // the outline, then the draft in flight
	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, BusyDrafting, v.Busy, "the message can say the draft is being written")

	stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	require.NoError(t, b.river.StopAndCancel(stopCtx), "the bot goes down mid-generation")
	cur, err := b.e.Piece(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, StateOutlineApproved, cur.State)
	require.Zero(t, b.versions(t, p.ID, PhaseDraft))

	hang.Store(false)
	startRiver(t, b.e, b.pool, true) // a new process on the same database
	b.waitState(t, p.ID, StateDraftReady)
	require.Eventually(t, func() bool {
		return b.count(t, `SELECT count(*) FROM river_job WHERE kind = 'engine_draft' AND state = 'completed'`) == 1
	}, waitFor, tick)
	require.Equal(t, 1, b.versions(t, p.ID, PhaseDraft), "exactly one draft")
	require.Len(t, requestsOf(b.llm.Requests(), kindDraft), 2, "the interrupted call and the one after the restart")
	require.Equal(t, 1, b.notes.countState(p.ID, StateDraftReady), "one notification once the draft is ready")
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM river_job WHERE kind = 'engine_draft'`))
}

// Two pieces of one client share the cached prefix: the rendered OS is the first message of every
// request, outline and draft alike, byte for byte.
func TestPromptPrefixIsSharedAcrossPieces(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	b.llm.SimulatePromptCache()
	p1 := b.toDraftReady(t, "First brief about close automation")
	p2 := b.toDraftReady(t, "Second brief about forecasting")

	os := b.renderedOS(t).Text
	reqs := b.llm.Requests()
	require.Len(t, reqs, 4)
	for _, r := range reqs {
		require.Equal(t, "system", r.Messages[0].Role)
		require.Equal(t, os, r.Messages[0].Content)
	}
	d := requestsOf(reqs, kindDraft)
	require.Len(t, d, 2)
	u1, u2 := d[0].Last().Content, d[1].Last().Content
	require.NotEqual(t, u1, u2)
	require.Equal(t, u1[:strings.Index(u1, dataHeading)], u2[:strings.Index(u2, dataHeading)],
		"the draft instructions are the same for every piece of this client and platform")

	var cached int
	require.NoError(t, b.pool.Pool.QueryRow(ctx, `SELECT cached_tokens FROM llm_calls
		WHERE piece_id = $1 AND purpose = 'draft'`, p2.ID).Scan(&cached))
	require.Positive(t, cached)
	require.GreaterOrEqual(t, cached, len(os)/4, "the second piece reuses at least the whole OS")
	require.NotEqual(t, p1.ID, p2.ID)
}
