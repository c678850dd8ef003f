package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// soundsLikeUsText is what Maria makes of the model's draft before approving it: most words are
// hers, far more edits than a sample post otherwise allows.
const soundsLikeUsText = `Our controllers told us the close takes 9 days. We stopped blaming people.

One owner per reconciliation and a nightly bank match took a 400-person team from day 11 to day 6.

Same team, same ERP.`

// TestSoundsLikeUsBecomesASamplePost: Maria rewrites a draft, approves and publishes it, and marks
// it "sounds like us"; Sam, a writer, is refused kindly; a double delivery of her press stores one
// mark. /mos report now then proposes the piece as a sample post with the mark as its evidence, and
// Apply adds it to brand.md.
func TestSoundsLikeUsBecomesASamplePost(t *testing.T) {
	t.Parallel()
	w, _ := proposalWorld(t)
	outline, draft := w.approvedOutline()

	m := w.modalFrom(w.maria, draft.TS, "Edit")
	m.Fill("Text", soundsLikeUsText)
	require.Empty(t, m.Submit().Errors)
	w.sim.WaitReply(w.channel, outline.TS, containing("edited by <@"+w.mariaID+">"))
	w.maria.Press(w.channel, draft.TS, "Approve")
	w.sim.WaitReply(w.channel, outline.TS, withButton("Mark published"))
	m = w.modalFrom(w.maria, draft.TS, "Mark published")
	m.Fill("Link to the live post", "https://www.linkedin.com/feed/update/urn:li:activity:7212345678901234567/")
	require.Empty(t, m.Submit().Errors)
	published := w.sim.WaitReply(w.channel, outline.TS, withButton("Sounds like us"))
	require.Equal(t, draft.TS, published.TS, "the published draft message carries the button")
	require.Equal(t, []string{"Sounds like us"}, published.Buttons())

	w.sam.Press(w.channel, published.TS, "Sounds like us")
	w.sim.WaitEphemeral(w.samID, containing("Only this client's approvers can mark a piece *Sounds like us*"))
	require.Zero(t, w.scalar("SELECT count(*) FROM reviews WHERE decision = 'sounds_like_us'"))

	w.sim.RepeatNext() // a double delivery of the press
	w.maria.Press(w.channel, published.TS, "Sounds like us")
	w.sim.WaitEphemeral(w.mariaID, containing("*Sounds like us*"))
	marked := w.sim.WaitReply(w.channel, outline.TS, containing("marked by <@"+w.mariaID+">"))
	require.Empty(t, marked.Buttons(), "a marked piece offers the mark no more")
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM reviews WHERE decision = 'sounds_like_us' AND reviewer = $1", w.mariaID))
	pieceID := w.scalar("SELECT id FROM pieces")

	parent, replies := w.reportThread(w.maria, map[string]bool{})
	proposals := withText(replies, "sample_post")
	require.Len(t, proposals, 1, "one sample-post proposal")
	text := proposals[0].AllText()
	require.Contains(t, text, fmt.Sprintf("marked piece #%d", pieceID))
	require.Contains(t, text, "sounds like us")
	require.Contains(t, text, "more than the 10.0% a sample otherwise allows")
	require.Contains(t, text, "brand.md")
	require.Contains(t, w.text(`SELECT evidence->>'sounds_like_us_by' FROM proposals WHERE rule = 'sample_post'`), w.mariaID)

	before := w.scalar("SELECT max(version) FROM os_versions WHERE document = 'brand'")
	w.maria.Press(w.channel, proposals[0].TS, "Apply")
	w.sim.WaitReply(w.channel, parent.TS, containing(fmt.Sprintf("Applied by <@%s> as brand v%d", w.mariaID, before+1)))
	brand := w.text("SELECT content FROM os_versions WHERE document = 'brand' ORDER BY version DESC LIMIT 1")
	require.Contains(t, brand, strings.Split(soundsLikeUsText, "\n")[2], "the published text is a sample post now")
}
