package engine

import (
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/llm/llmtest"
)

// testDraft passes every check for acme on linkedin: no forbidden phrase, no "leverage", short,
// two hashtags.
const testDraft = "Three in four CFOs overrode their AI forecast last quarter.\n\n" +
	"The study found the models were right more often than the overrides.\n\n" +
	"What to do instead: agree the inputs, then trust the output.\n\n" +
	"Book a 20-minute finance ops review.\n\n#FinanceOps #CFO"

// The kinds of request the engine makes, told apart by the first words of the user message.
const (
	kindOutline = "outline"
	kindDraft   = "draft"
	kindRevise  = "revise"
	kindRepair  = "repair"
)

func promptKind(r llmtest.Recorded) string {
	u := r.Last().Content
	switch {
	case strings.HasPrefix(u, "Write an OUTLINE"):
		return kindOutline
	case strings.HasPrefix(u, "Write the DRAFT"):
		return kindDraft
	case strings.HasPrefix(u, "REVISE"):
		return kindRevise
	case strings.HasPrefix(u, "FIX"):
		return kindRepair
	}
	return ""
}

// goodModel answers every request well: the outline, testDraft, and revisions that change the
// first line of the text they were given.
func goodModel(t testing.TB) func(llmtest.Recorded) llmtest.Reply {
	return func(r llmtest.Recorded) llmtest.Reply {
		switch promptKind(r) {
		case kindOutline:
			return outlineReply(t, "Finance Ops")
		case kindRevise:
			if r.ResponseFormat != nil {
				o := testOutline("Finance Ops")
				o.Hook = "Revised hook."
				return llmtest.JSON(t, o)
			}
			return llmtest.Reply{Content: "Revised opening line.\n\n" + afterFirstLine(currentText(r.Last().Content))}
		}
		return llmtest.Reply{Content: testDraft}
	}
}

// failKindUntilHealthy makes the model answer every call of one prompt kind with failure, and
// every other call as goodModel does, until the returned switch is set: then it is goodModel.
func (b *bundle) failKindUntilHealthy(t testing.TB, kind string, failure llmtest.Reply) *atomic.Bool {
	healthy := new(atomic.Bool)
	b.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
		if promptKind(r) == kind && !healthy.Load() {
			return failure
		}
		return goodModel(t)(r)
	})
	return healthy
}

func testOutline(pillar string) Outline {
	return Outline{
		Title:    "Why CFOs distrust AI forecasts",
		Hook:     "Three in four CFOs overrode their AI forecast last quarter.",
		Sections: []string{"What the study found", "Why the overrides happen", "What to do instead"},
		CTA:      "Book a 20-minute finance ops review",
		Pillar:   pillar,
	}
}

// promptData decodes the data that ends a prompt — the JSON object after dataHeading and its note —
// into v; false when the prompt has none. It fails no test, so a fake model's responder can use it.
func promptData(prompt string, v any) bool {
	_, rest, ok := strings.Cut(prompt, "\n"+dataHeading+"\n")
	if !ok {
		return false
	}
	_, js, ok := strings.Cut(rest, "\n") // after the note
	return ok && json.Unmarshal([]byte(js), v) == nil
}

// requireData is the data that ends a prompt, key by key.
func requireData(t testing.TB, prompt string) map[string]any {
	t.Helper()
	var data map[string]any
	require.True(t, promptData(prompt, &data), "the prompt ends with its data as one JSON object:\n%s", prompt)
	return data
}

// currentText is the text a revise or repair prompt works on.
func currentText(prompt string) string {
	var d textData
	promptData(prompt, &d)
	return d.Current
}

func afterFirstLine(s string) string {
	_, rest, _ := strings.Cut(s, "\n")
	return strings.TrimLeft(rest, "\n")
}

// toOutlineReady requests a piece and waits for its outline.
func (b *bundle) toOutlineReady(t testing.TB, brief string) Piece {
	t.Helper()
	p := b.request(t, brief)
	return b.waitState(t, p.ID, StateOutlineReady)
}

// toDraftReady requests a piece, approves its outline and waits for the draft.
func (b *bundle) toDraftReady(t testing.TB, brief string) Piece {
	t.Helper()
	p := b.toOutlineReady(t, brief)
	_, err := b.e.Approve(context.Background(), p.ID, PhaseOutline, testApprover)
	require.NoError(t, err)
	return b.waitState(t, p.ID, StateDraftReady)
}

// versions counts a piece's versions of a phase.
func (b *bundle) versions(t testing.TB, id int64, phase string) int {
	t.Helper()
	return b.count(t, `SELECT count(*) FROM piece_versions WHERE piece_id = $1 AND phase = $2`, id, phase)
}

// countState counts how often the notifier saw the piece in a state.
func (n *recordingNotifier) countState(id int64, state State) int {
	c := 0
	for _, s := range n.states(id) {
		if s == state {
			c++
		}
	}
	return c
}

func withReminderAfter(d time.Duration) func(*setupConfig) {
	return func(c *setupConfig) { c.reminderAfter = d }
}
