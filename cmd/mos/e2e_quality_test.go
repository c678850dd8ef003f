package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
)

// TestVoiceMatchAndPieceRecord: the approver's DM card and the channel card carry the draft's voice
// match against Northwind's three sample posts, with its score,
// and `/mos piece #N` shows the record the approval left.
func TestVoiceMatchAndPieceRecord(t *testing.T) {
	t.Parallel()
	w, _ := boundLoopWorld(t)
	outline, draft := w.approvedOutline()
	card := w.card(w.mariaID, func(m slacksim.Message) bool { return containing("Draft v1")(m) && withButton("Approve")(m) })
	require.Regexp(t, `\*Voice match [0-9]+/100\* \(draft v1, against 3 approved texts\)`, card.AllText())
	parent, _ := w.sim.Message(w.channel, outline.TS)
	require.Regexp(t, `\*Voice match [0-9]+/100\* \(draft v1, against 3 approved texts\)`, parent.AllText())

	w.maria.Press(w.channel, draft.TS, "Approve")
	w.sim.WaitReply(w.channel, outline.TS, withButton("Mark published"))
	var id string
	require.NoError(t, w.db.Pool.QueryRow(context.Background(), "SELECT id::text FROM pieces").Scan(&id))
	rec := w.mosAnswer(w.sam, "piece #"+id, "Quality record of piece #"+id)
	for _, want := range []string{"*Outline:* approved at first pass", "*Draft:* approved at first pass",
		"*Rejections:* none", "*Human edit ratio:* 0% (0 word edits over the", "2 unresolved claim flags, 0 check warnings",
		"brand v1", "/100 (draft v1, against 3 approved texts)"} {
		require.Contains(t, rec.AllText(), want)
	}
	w.mosAnswer(w.sam, "piece twelve", "Usage: `/mos piece #<piece>`")
	w.mosAnswer(w.sam, "piece #9999", "There is no piece #9999 in this channel")
}
