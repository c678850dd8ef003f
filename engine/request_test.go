package engine

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

func TestRequestDraftWritesOutline(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)

	in := draftInput("Why CFOs distrust AI forecasts")
	in.Excerpt = "74% of CFOs overrode an AI forecast."
	p, err := b.e.RequestDraft(ctx, DraftRequest{ChannelID: testChannel, UserID: testUser, Input: in})
	require.NoError(t, err)
	require.Equal(t, StateRequested, p.State)
	require.Equal(t, "linkedin", p.Platform)
	require.Equal(t, testUser, p.RequestedBy)

	p = b.waitState(t, p.ID, StateOutlineReady)
	require.Equal(t, "Finance Ops", p.Pillar)

	snap, err := clientos.Current(ctx, b.pool.Pool, b.client.ID)
	require.NoError(t, err)
	rendered, err := snap.RenderFor("linkedin")
	require.NoError(t, err)

	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.NotNil(t, v.Outline)
	require.Equal(t, 1, v.Outline.Version)
	require.Equal(t, AuthorAI, v.Outline.AuthorKind)
	require.Equal(t, "fake-model", v.Outline.Author)
	require.Equal(t, "Why CFOs distrust AI forecasts", v.Outline.Title)
	require.Len(t, v.Outline.Sections, 3)
	require.Equal(t, rendered.Versions, v.Outline.OSVersions)
	for doc, ver := range v.Outline.OSVersions {
		require.Equal(t, snap.Docs[doc].Version, ver, doc)
	}
	require.Len(t, v.Outline.OSVersions, 5, "the OS and the linkedin style guide, not the blog's")
	require.Equal(t, rendered.Hash, v.Outline.OSHash)
	require.Equal(t, Source{ID: v.Source.ID, Type: "study", URL: "https://example.com/report",
		Excerpt: in.Excerpt, CreatedBy: testUser, CreatedAt: v.Source.CreatedAt}, v.Source)
	require.Equal(t, "acme", v.ClientSlug)
	require.Equal(t, "Acme Ledger", v.ClientName)
	require.Equal(t, CapToday{Used: 1, Cap: 5, ResetsAt: time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)}, v.Cap)

	var purpose, model, status string
	var prompt, attempts int
	require.NoError(t, b.pool.Pool.QueryRow(ctx, `SELECT purpose, model, status, prompt_tokens, attempts
		FROM llm_calls WHERE piece_id = $1`, p.ID).Scan(&purpose, &model, &status, &prompt, &attempts))
	require.Equal(t, []any{"outline", "fake-model", "ok", 1}, []any{purpose, model, status, attempts})
	require.Positive(t, prompt)

	require.Eventually(t, func() bool {
		s := b.notes.states(p.ID)
		return len(s) >= 2 && s[len(s)-1] == StateOutlineReady
	}, waitFor, tick)
	require.Equal(t, StateRequested, b.notes.states(p.ID)[0], "the adapter hears first while the outline is written")
}

func TestOutlinePromptPutsOSFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	b.llm.SimulatePromptCache()

	p1 := b.request(t, "First brief about close automation")
	b.waitState(t, p1.ID, StateOutlineReady)
	in := draftInput("Second brief about forecasting")
	in.Pillar = "cash forecasting"
	in.Excerpt = "An excerpt"
	p2, err := b.e.RequestDraft(ctx, DraftRequest{ChannelID: testChannel, UserID: testUser, Input: in})
	require.NoError(t, err)
	b.waitState(t, p2.ID, StateOutlineReady)

	snap, err := clientos.Current(ctx, b.pool.Pool, b.client.ID)
	require.NoError(t, err)
	rendered, err := snap.RenderFor("linkedin")
	require.NoError(t, err)

	reqs := b.llm.Requests()
	require.Len(t, reqs, 2)
	for _, r := range reqs {
		require.Len(t, r.Messages, 2)
		require.Equal(t, "system", r.Messages[0].Role)
		require.Equal(t, rendered.Text, r.Messages[0].Content, "the system message is the rendered OS, byte for byte")
		require.NotNil(t, r.ResponseFormat, "outline asks for structured output")
	}
	u1, u2 := reqs[0].Last().Content, reqs[1].Last().Content
	require.True(t, strings.HasSuffix(u1, `"brief": "First brief about close automation"`+"\n}\n"), "the brief comes last")
	require.Equal(t, map[string]any{"source_type": "study", "source_url": "https://example.com/report",
		"brief": "First brief about close automation"}, requireData(t, u1))
	require.Equal(t, map[string]any{"source_type": "study", "source_url": "https://example.com/report",
		"source_excerpt": "An excerpt", "requested_pillar": "Cash Forecasting", "brief": "Second brief about forecasting"},
		requireData(t, u2))
	for _, name := range []string{"Finance Ops", "AI in Practice", "Cash Forecasting", "Customer Stories"} {
		require.Contains(t, u1, "- "+name+"\n")
	}
	// The instructions before the data are the same for every piece of this client and platform.
	require.Equal(t, u1[:strings.Index(u1, dataHeading)], u2[:strings.Index(u2, dataHeading)])

	var cached int
	require.NoError(t, b.pool.Pool.QueryRow(ctx, `SELECT cached_tokens FROM llm_calls WHERE piece_id = $1`,
		p2.ID).Scan(&cached))
	require.GreaterOrEqual(t, cached, len(rendered.Text)/4, "the second call reuses the OS prefix")

	p2 = b.waitState(t, p2.ID, StateOutlineReady)
	require.Equal(t, "Cash Forecasting", p2.Pillar, "a requested pillar wins over the model's")
}

func TestCapIsAtomic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withCap(2))

	const n = 10
	var wg sync.WaitGroup
	pieces := make(chan Piece, n)
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := b.e.RequestDraft(ctx, DraftRequest{ChannelID: testChannel, UserID: testUser,
				Input: draftInput("brief " + string(rune('a'+i)))})
			if err != nil {
				errs <- err
				return
			}
			pieces <- p
		}()
	}
	wg.Wait()
	close(pieces)
	close(errs)

	require.Len(t, pieces, 2)
	require.Len(t, errs, 8)
	for err := range errs {
		var capErr *CapError
		require.True(t, errors.As(err, &capErr), "got %v", err)
		require.Equal(t, 2, capErr.Used)
		require.Equal(t, 2, capErr.Cap)
	}
	for p := range pieces {
		b.waitState(t, p.ID, StateOutlineReady)
	}
	require.Equal(t, 2, b.count(t, `SELECT count(*) FROM pieces`))
	require.Equal(t, 2, b.count(t, `SELECT count(*) FROM source_signals`))
	require.Equal(t, 2, b.count(t, `SELECT used FROM cap_usage WHERE channel_id = $1`, testChannel))
	require.Equal(t, 2, b.llm.Count(), "refused requests never reach the model")
}

func TestCapResetsAtClientMidnight(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withCap(1), withTimezone("Pacific/Auckland"), withoutWorkers())
	nz, err := time.LoadLocation("Pacific/Auckland")
	require.NoError(t, err)

	// 23:30 in Auckland on 10 March is 10:30 UTC; 00:10 the next day is 11:10 UTC, the same UTC day.
	b.clock.Set(time.Date(2026, 3, 10, 23, 30, 0, 0, nz))
	b.request(t, "first")
	_, err = b.e.RequestDraft(ctx, DraftRequest{ChannelID: testChannel, UserID: testUser, Input: draftInput("second")})
	var capErr *CapError
	require.True(t, errors.As(err, &capErr), "got %v", err)
	require.Equal(t, 1, capErr.Used)
	require.Equal(t, 1, capErr.Cap)
	require.True(t, capErr.ResetsAt.Equal(time.Date(2026, 3, 11, 0, 0, 0, 0, nz)), "resets at %s", capErr.ResetsAt)
	require.True(t, capErr.ResetsAt.Equal(time.Date(2026, 3, 10, 11, 0, 0, 0, time.UTC)))

	b.clock.Set(time.Date(2026, 3, 11, 0, 10, 0, 0, nz))
	b.request(t, "after midnight in Auckland")
	require.Equal(t, 2, b.count(t, `SELECT count(*) FROM pieces`))

	s, err := b.e.Status(ctx, testChannel)
	require.NoError(t, err)
	require.Equal(t, 1, s.Cap.Used)
	require.Equal(t, 2, s.ByState[StateRequested])
}

func TestCapZeroRefusesEverything(t *testing.T) {
	t.Parallel()
	b := setup(t, withCap(0), withoutWorkers())
	_, err := b.e.RequestDraft(context.Background(), DraftRequest{ChannelID: testChannel, UserID: testUser,
		Input: draftInput("x")})
	var capErr *CapError
	require.True(t, errors.As(err, &capErr))
	require.Equal(t, CapError{Used: 0, Cap: 0, ResetsAt: capErr.ResetsAt}, *capErr)
	require.Equal(t, 0, b.count(t, `SELECT count(*) FROM cap_usage`))
}

func TestRequestDraftRefusesBadInputAndStoresNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withoutWorkers())

	in := draftInput("brief")
	in.Pillar = "Sports"
	_, err := b.e.RequestDraft(ctx, DraftRequest{ChannelID: testChannel, UserID: testUser, Input: in})
	var ue *UserError
	require.True(t, errors.As(err, &ue))
	require.Equal(t, "pillar", ue.Field)
	require.Contains(t, ue.Msg, "Finance Ops, AI in Practice, Cash Forecasting, Customer Stories")

	in = draftInput("brief")
	in.SourceURL = "javascript:alert(1)"
	_, err = b.e.RequestDraft(ctx, DraftRequest{ChannelID: testChannel, UserID: testUser, Input: in})
	require.True(t, errors.As(err, &ue))

	_, err = b.e.RequestDraft(ctx, DraftRequest{ChannelID: "CUNBOUND", UserID: testUser, Input: draftInput("b")})
	require.ErrorIs(t, err, ErrNotBound)

	for _, table := range []string{"pieces", "source_signals", "cap_usage", "river_job"} {
		require.Zero(t, b.count(t, `SELECT count(*) FROM `+table), table)
	}
	require.Zero(t, b.llm.Count())
}

func TestOutlineVersionContentIsOutlineJSON(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateOutlineReady)
	var content string
	require.NoError(t, b.pool.Pool.QueryRow(ctx, `SELECT content FROM piece_versions WHERE piece_id = $1`,
		p.ID).Scan(&content))
	var o Outline
	require.NoError(t, json.Unmarshal([]byte(content), &o))
	require.Equal(t, "Book a 20-minute finance ops review", o.CTA)
}

// TestRequestHandledAgainStartsOnePiece: a request handled a second time with the same key (its
// replica died after the piece was stored, before the envelope was marked done) returns the piece
// the first one started; the cap counts it once. Another key starts another piece.
func TestRequestHandledAgainStartsOnePiece(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withoutWorkers())
	req := DraftRequest{ChannelID: testChannel, UserID: testUser, Input: draftInput("Why the close takes 9 days"),
		RequestKey: "envelope-1"}
	first, err := b.e.RequestDraft(ctx, req)
	require.NoError(t, err)
	again, err := b.e.RequestDraft(ctx, req)
	require.NoError(t, err)
	require.Equal(t, first.ID, again.ID)
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM pieces`))
	require.Equal(t, 1, b.count(t, `SELECT coalesce(sum(used), 0)::int FROM cap_usage`))

	req.RequestKey = "envelope-2"
	other, err := b.e.RequestDraft(ctx, req)
	require.NoError(t, err)
	require.NotEqual(t, first.ID, other.ID)
	require.Equal(t, 2, b.count(t, `SELECT coalesce(sum(used), 0)::int FROM cap_usage`))
}
