package generate

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/llm/llmtest"
)

// watched collects what a generation streams.
type watched struct {
	mu   sync.Mutex
	text strings.Builder
}

func (w *watched) sink(s string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.text.WriteString(s)
}

func (w *watched) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.text.String()
}

// TestDraftStreamsTheModelsTextAndStoresTheCheckedText: OnText sees the model's answer as
// written; the repair is not streamed, and the result is what the checks and the repair left.
func TestDraftStreamsTheModelsTextAndStoresTheCheckedText(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	g := testGenerator(t, srv)
	srv.Enqueue(llmtest.Reply{Content: "Real synergy in **nine days**.\n\nBook a call."},
		llmtest.Reply{Content: "Real progress in nine days.\n\nBook a call."})
	var w watched
	req := Request{Platform: "linkedin", Brief: "b", OnText: w.sink}

	d, err := g.Draft(context.Background(), testOS(), req, Source{}, Outline{Title: "T", Hook: "h", CTA: "c"})
	require.NoError(t, err)
	require.Equal(t, "Real synergy in **nine days**.\n\nBook a call.", w.String(), "the first answer, as written")
	require.Equal(t, "Real progress in nine days.\n\nBook a call.", d.Text(), "the repaired text")
	require.Equal(t, []string{PhaseDraft, PurposeRepair}, []string{d.Calls()[0].Purpose, d.Calls()[1].Purpose})
	require.True(t, srv.Requests()[0].Stream)
	require.False(t, srv.Requests()[1].Stream, "the repair is not streamed")
}

// TestDraftCutMidStreamFails: a connection that breaks part-way is an interrupted call, recorded
// with the part received; nothing is stored.
func TestDraftCutMidStreamFails(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	g := testGenerator(t, srv)
	srv.Enqueue(llmtest.Reply{Content: "One two three four five six seven.", CutAfter: 3})
	var w watched
	req := Request{Platform: "linkedin", Brief: "b", OnText: w.sink}

	d, err := g.Draft(context.Background(), testOS(), req, Source{}, Outline{Title: "T", Hook: "h", CTA: "c"})
	require.True(t, errors.Is(err, llm.ErrInterrupted), "got %v", err)
	require.Equal(t, "One two three ", w.String())
	require.Empty(t, d.Text())
	require.Len(t, d.Calls(), 1)
	require.Equal(t, "One two three ", d.Calls()[0].Response.Content)
}
