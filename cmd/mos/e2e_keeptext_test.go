package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestARefusedEditGivesTheTextBack: Sam edits the outline in a modal while Maria approves it; his
// edit can no longer be saved, and the refusal gives him back his whole text, escaped, so nothing
// he typed is lost with the closed modal.
func TestARefusedEditGivesTheTextBack(t *testing.T) {
	t.Parallel()
	w, _ := boundLoopWorld(t)
	outline := w.outlineReady()
	m := w.modalFrom(w.sam, outline.TS, "Edit")
	mine := strings.Replace(m.Value("Text"), "Book a 20-minute close review", "Ask <!channel> for their close numbers", 1)
	m.Fill("Text", mine)

	w.maria.Press(w.channel, outline.TS, "Approve")
	w.sim.WaitReply(w.channel, outline.TS, withButton("Approve")) // the draft: the outline is decided
	require.Empty(t, m.Submit().Errors)

	kept := w.sim.WaitEphemeral(w.samID, containing("Your edit was not saved; here it is"))
	require.Contains(t, kept.AllText(), "Ask &lt;!channel&gt; for their close numbers", "his text, escaped")
	for _, s := range kept.Mrkdwn() {
		require.NotContains(t, s, "<!channel>")
	}
	require.Zero(t, w.scalar(`SELECT count(*) FROM piece_versions WHERE author_kind = 'human'`))
}
