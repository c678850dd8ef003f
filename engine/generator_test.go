package engine

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/generate"
	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/llm/llmtest"
)

func folderGenerator(t *testing.T, srv *llmtest.Server) (*generate.Generator, *clientos.OS) {
	t.Helper()
	os, findings := clientos.LoadDir("testdata/acme", nil)
	require.False(t, clientos.HasErrors(findings), "%v", findings)
	os.Name = "Acme Ledger"
	client := llm.New(llm.Config{BaseURL: srv.BaseURL(), APIKey: "test-key", Model: "fake-model",
		Timeout: 10 * time.Second, MaxAttempts: 1}, nil, nil)
	return generate.New(client, nil, false), os
}

// TestGeneratorWritesFromAFolder: no database, no piece — an OS read from a folder, a request, and
// the same checks and one repair the jobs run.
func TestGeneratorWritesFromAFolder(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	g, os := folderGenerator(t, srv)
	bad := testOutline("finance ops") // the client's pillar, in the wrong case
	bad.Hook = "Synergy is not a forecast."
	srv.Enqueue(llmtest.JSON(t, bad), outlineReply(t, "Finance Ops"),
		llmtest.Reply{Content: "We leverage the study.\n\n#FinanceOps"}, llmtest.Reply{Content: "We leverage it, still."})
	in := draftInput("Why CFOs distrust AI forecasts")

	gen, err := g.Outline(context.Background(), ForGeneration(os, "linkedin"), in.Generation("linkedin"), in.SourceOf(nil))
	require.NoError(t, err)
	require.Equal(t, testOutline("Finance Ops"), gen.Outline(), "the repaired outline, with the client's pillar")
	require.Empty(t, gen.Warnings())
	require.Equal(t, "fake-model", gen.Model())
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	require.Equal(t, SystemPrompt(os, "linkedin").Text, reqs[0].Messages[0].Content)
	require.Equal(t, gen.Prompt().Text, reqs[0].Messages[0].Content)
	require.Equal(t, kindOutline, promptKind(reqs[0]))
	require.Equal(t, kindRepair, promptKind(reqs[1]))
	require.Contains(t, reqs[1].Last().Content, `forbidden phrase "synergy"`)

	draft, err := g.Draft(context.Background(), ForGeneration(os, "linkedin"), in.Generation("linkedin"), in.SourceOf(nil),
		gen.Outline())
	require.NoError(t, err)
	require.Equal(t, "We leverage it, still.", draft.Text(), "the repaired text, even when the repair misses")
	require.Equal(t, []Warning{{Kind: WarningSubstitution, Message: `Uses "leverage"; the brand prefers "use".`}}, draft.Warnings())
	reqs = srv.Requests()
	require.Len(t, reqs, 4)
	require.Equal(t, kindDraft, promptKind(reqs[2]))
	require.Contains(t, reqs[2].Last().Content, `"hook": "`+gen.Outline().Hook+`"`, "the draft is written from the outline")
	require.Equal(t, kindRepair, promptKind(reqs[3]))
}

// TestGeneratorFailsInPlainWords: an endpoint that refuses, or a phase that runs out of time, gives the
// trouble the adapters word for people.
func TestGeneratorFailsInPlainWords(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	g, os := folderGenerator(t, srv)
	srv.Enqueue(llmtest.Reply{Status: 401, Content: "bad key"})
	in := draftInput("Why CFOs distrust AI forecasts")
	_, err := g.Outline(context.Background(), ForGeneration(os, "linkedin"), in.Generation("linkedin"), in.SourceOf(nil))
	require.ErrorIs(t, err, llm.ErrRejected)
	// worded "Could not write the outline: the model endpoint refused our API key (HTTP 401). Check OPENAI_API_KEY: …"
	require.Equal(t, Trouble{Cause: CauseUnauthorized, Status: 401}, GenerationTrouble(g, PhaseOutline, err))
	// worded "… did not answer within 5 min (timeout)"
	require.Equal(t, Trouble{Cause: CauseTimeout, Timeout: 5 * time.Minute},
		GenerationTrouble(g, PhaseDraft, context.DeadlineExceeded))
}

// TestOutlineJobSendsWhatTheGeneratorSends: the job for a piece in a channel and the generator on
// the same stored OS and request send the model the same messages, byte for byte.
func TestOutlineJobSendsWhatTheGeneratorSends(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.toOutlineReady(t, "Why CFOs distrust AI forecasts")
	job := b.llm.Requests()
	require.Len(t, job, 1)

	snap, err := clientos.Current(context.Background(), b.pool.Pool, b.client.ID)
	require.NoError(t, err)
	os, err := snap.OS()
	require.NoError(t, err)
	in := draftInput("Why CFOs distrust AI forecasts")
	_, err = b.e.gen.Outline(context.Background(), ForGeneration(os, "linkedin"), in.Generation("linkedin"), in.SourceOf(nil))
	require.NoError(t, err)
	direct := b.llm.Requests()[1]
	require.Equal(t, job[0].Messages, direct.Messages)
	require.Equal(t, SystemPrompt(os, "linkedin").Text, direct.Messages[0].Content)
}
