package bot

import (
	"testing"

	"github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/engine"
)

func TestFixedNote(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, streamed, stored, want string }{
		{"unchanged", "Nine days.", "Nine days.", ""},
		{"nothing streamed", "", "Nine days.", ""},
		{"a word removed", "Real synergy in nine days.", "Real progress in nine days.",
			":information_source: Fixed after checks: removed “synergy”."},
		{"at most three, escaped", "a <!channel> b c d e", "x",
			":information_source: Fixed after checks: removed “a”, “&lt;!channel&gt;”, “b”."},
		{"only added", "Nine days.", "Nine days.\n\nBook a call.",
			":information_source: Fixed after checks: the text above is the checked version."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, fixedNote(tc.streamed, tc.stored))
		})
	}
}

func TestWithNoteGoesBeforeTheButtons(t *testing.T) {
	t.Parallel()
	_, blocks := renderDraft(draftCard{PieceID: 1, State: engine.StateDraftReady, Text: "Nine days.", Version: 1,
		Actions: []engine.Offer{{Action: engine.ActionApprove}}})
	got := withNote(blocks, "note")
	require.Len(t, got, len(blocks)+1)
	require.Equal(t, slack.MBTAction, got[len(got)-1].BlockType())
	require.Equal(t, "draft_fixed", got[len(got)-2].(*slack.ContextBlock).BlockID)
}

func TestOutlineStepWords(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		step engine.OutlineStep
		want string
	}{
		{engine.OutlineStep{Step: engine.StepReading, Site: "example.com"}, "Reading the source (example.com)…"},
		{engine.OutlineStep{Step: engine.StepWriting, Site: "example.com", Words: 2140},
			"Read the source (example.com, 2,140 words)… Writing the outline…"},
		{engine.OutlineStep{Step: engine.StepWriting, Site: "example.com"}, "Writing the outline…"},
		{engine.OutlineStep{Step: engine.StepReading}, "Reading the source…"},
		{engine.OutlineStep{Step: engine.StepDone, Site: "example.com", Words: 3}, ""},
	} {
		require.Equal(t, tc.want, outlineStepWords(tc.step))
	}
}
