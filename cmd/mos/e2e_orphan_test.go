package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
)

// TestCrashAsThePieceMessageIsPostedLeavesOne: Slack makes the piece's channel message, and the
// replica that asked for it dies before it hears back, so nothing records the message. The replica
// that takes the /draft over finds that message by its metadata and carries on in it: one message
// for the piece, with its outline and buttons.
func TestCrashAsThePieceMessageIsPostedLeavesOne(t *testing.T) {
	t.Parallel()
	w, _ := newLoopWorld(t)
	withFastLeases(w)
	withFastInbox(w)
	a := w.startReplica("a")
	w.bindAsMaria(3)
	crashed := make(chan struct{})
	w.sim.AfterCall("chat.postMessage", w.channel, func() { a.crash(); close(crashed) })

	w.sam.Command(w.channel, "/draft", "study https://example.com/close-survey Why the month-end close still takes 9 days")
	<-crashed
	require.Len(t, pieceMessages(w), 1, "the piece's message was made as its replica died")
	require.Zero(t, w.scalar(`SELECT count(*) FROM pieces WHERE message_ts IS NOT NULL`), "nothing recorded it")

	w.startReplica("b")
	outline := w.sim.WaitMessage(w.channel, withButton("Approve"))
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM pieces`))
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM pieces WHERE message_ts = $1`, outline.TS), "the message left behind is the piece's")
	require.Len(t, pieceMessages(w), 1, "one message for the piece")
}

// pieceMessages are the channel's piece messages ("#1 · …").
func pieceMessages(w *world) []slacksim.Message {
	var out []slacksim.Message
	for _, m := range w.sim.Messages(w.channel) {
		if texts := m.BlockTexts(); len(texts) > 0 && strings.HasPrefix(texts[0], "#") {
			out = append(out, m)
		}
	}
	return out
}

// TestCrashAsTheDraftStreamStartsLeavesOneDraft: Slack starts the draft's stream, and the replica
// writing it dies before it hears back. The replica that resumes the draft finds the stream the
// first left in the thread, stops it and writes the draft into it: one draft message, finished.
func TestCrashAsTheDraftStreamStartsLeavesOneDraft(t *testing.T) {
	t.Parallel()
	w, a, b, outline := twoReplicasSlowFirstDraft(t, 20*time.Millisecond)
	w.sim.AfterCall("chat.startStream", w.channel, func() { w.leaseHolder(a, b).crash() })

	w.maria.Press(w.channel, outline.TS, "Approve")
	draft := w.sim.WaitReply(w.channel, outline.TS, withButton("Approve"))
	require.False(t, draft.Streaming, "the stream left behind was stopped")
	require.Contains(t, draft.AllText(), "Here is what the fastest teams do differently.")
	w.requireOneDraft(outline.TS)
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM pieces WHERE draft_ts = $1`, draft.TS))
}
