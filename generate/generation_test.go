package generate

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/llm/llmtest"
)

// testOS is a Client OS for one platform as a generation reads it, written out by hand: the
// package needs no clientos, no database and no piece.
func testOS() OS {
	return OS{Prompt: Prompt{Text: "You write for Acme Ledger.", Versions: map[string]int{"brand": 2}, Hash: "h1"},
		Pillars: []string{"Finance Ops", "AI in practice"}, Forbidden: []string{"synergy"},
		Substitutions: []Substitution{{Avoid: "leverage", Prefer: "use"}},
		Style:         Style{MaxChars: 3000, MaxHashtags: 3, HasMaxHashtags: true}, Plain: true}
}

func testGenerator(t *testing.T, srv *llmtest.Server) *Generator {
	t.Helper()
	client := llm.New(llm.Config{BaseURL: srv.BaseURL(), APIKey: "test-key", Model: "fake-model",
		Timeout: 10 * time.Second, MaxAttempts: 1}, nil, nil)
	return New(client, nil, false)
}

// TestOutlineDraftReviseWithoutAnEngine: the three generations run on a hand-written OS, each with
// the OS as the system message, the checks, and the result carrying its calls and prompt.
func TestOutlineDraftReviseWithoutAnEngine(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := llmtest.New(t)
	g := testGenerator(t, srv)
	o := Outline{Title: "T", Hook: "Nine days is a choice.", Sections: []string{"a", "b", "c"}, CTA: "Book a call",
		Pillar: "finance ops"}
	srv.Enqueue(llmtest.JSON(t, o), llmtest.Reply{Content: "**Nine days** is a choice.\n\nBook a call."},
		llmtest.Reply{Content: "Nine days is a choice we leverage.\n\nBook a call."},
		llmtest.Reply{Content: "Nine days is a choice we use.\n\nBook a call."})
	req := Request{ID: 7, Platform: "linkedin", Brief: "Why the close takes nine days"}

	out, err := g.Outline(ctx, testOS(), req, Source{Type: "study", URL: "https://example.com/r"})
	require.NoError(t, err)
	require.Equal(t, "Finance Ops", out.Outline().Pillar, "the client's spelling of the pillar")
	require.Equal(t, "h1", out.Prompt().Hash)
	require.Len(t, out.Calls(), 1)
	require.Equal(t, PhaseOutline, out.Calls()[0].Purpose)

	d, err := g.Draft(ctx, testOS(), req, Source{}, out.Outline())
	require.NoError(t, err)
	require.Equal(t, "Nine days is a choice.\n\nBook a call.", d.Text(), "a plain-text platform loses its Markdown")
	require.Empty(t, d.Warnings())

	r, err := g.Revise(ctx, testOS(), req, Source{}, Revision{Phase: PhaseDraft,
		Texts: []string{d.Text()}, Human: []bool{false}, Instruction: "shorter"})
	require.NoError(t, err)
	require.Equal(t, "Nine days is a choice we use.\n\nBook a call.", r.Text(), "the one repair fixed the substitution")
	require.Equal(t, []string{PurposeRevise, PurposeRepair}, []string{r.Calls()[0].Purpose, r.Calls()[1].Purpose})
	for _, rec := range srv.Requests() {
		require.Equal(t, "You write for Acme Ledger.", rec.Messages[0].Content)
	}
}

// TestReviseKeepsAPersonsLine: a line a person wrote that the model dropped is put back, and the
// revision says so.
func TestReviseKeepsAPersonsLine(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.Reply{Content: "A new opening.\n\nBook a call."})
	texts := []string{"Old opening.\n\nBook a call.", "Old opening.\n\nMy own line.\n\nBook a call."}
	r, err := testGenerator(t, srv).Revise(context.Background(), testOS(), Request{Platform: "linkedin"}, Source{},
		Revision{Phase: PhaseDraft, Texts: texts, Human: []bool{false, true}, Instruction: "new opening"})
	require.NoError(t, err)
	require.Contains(t, r.Text(), "My own line.")
	require.Len(t, r.Warnings(), 1)
	require.Equal(t, WarningPinned, r.Warnings()[0].Kind)
	require.Contains(t, srv.Requests()[0].Messages[1].Content, `"person_lines"`)
}

// TestReviseWithoutAVersion: nothing to revise is an error, before any model call.
func TestReviseWithoutAVersion(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	_, err := testGenerator(t, srv).Revise(context.Background(), testOS(), Request{Platform: "linkedin"}, Source{},
		Revision{Phase: PhaseDraft})
	require.ErrorContains(t, err, "no version to revise")
	require.Empty(t, srv.Requests())
}

// TestReviseRefusesADraftPastTheLimit: a revised draft too long to store is refused, not cut.
func TestReviseRefusesADraftPastTheLimit(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	long := strings.Repeat("word ", MaxDraftChars/5+10)
	srv.Enqueue(llmtest.Reply{Content: long}, llmtest.Reply{Content: long})
	r, err := testGenerator(t, srv).Revise(context.Background(), OS{Prompt: Prompt{Text: "os"}},
		Request{Platform: "blog"}, Source{}, Revision{Phase: PhaseDraft, Texts: []string{"short"}, Human: []bool{false}})
	require.NoError(t, err)
	require.Equal(t, &Refusal{Reason: RefusedTooLong, Chars: utf8.RuneCountInString(strings.TrimSpace(long)), Limit: 12000},
		r.Refused())
	require.Empty(t, r.Text())
}
