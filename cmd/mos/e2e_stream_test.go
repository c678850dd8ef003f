package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/llm/llmtest"
)

// finished matches a draft message that shows s and carries its buttons: the stored version, not
// the text shown while it was written (which has none).
func finished(s string) func(slacksim.Message) bool {
	return func(m slacksim.Message) bool { return strings.Contains(m.AllText(), s) && len(m.Buttons()) > 0 }
}

// slowDraft makes the model write drafts word by word, delay apart.
func slowDraft(t *testing.T, w *world, model *scriptedModel, delay time.Duration) {
	w.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
		reply := model.reply(t, r)
		if r.ResponseFormat == nil {
			reply.ChunkDelay = delay
		}
		return reply
	})
}

// startAndApproveOutline starts the replica, binds the channel with Maria as approver and has her
// approve a new piece's outline; it returns the outline message without waiting for the draft.
func (w *world) startAndApproveOutline() slacksim.Message {
	w.t.Helper()
	w.start()
	w.bindAsMaria(3)
	outline := w.outlineReady()
	w.maria.Press(w.channel, outline.TS, "Approve")
	return outline
}

// requireWholeDraft waits for the draft message with its buttons in the outline's thread and checks
// it is the one message there, showing the stored text, which is draftText.
func (w *world) requireWholeDraft(outline slacksim.Message) slacksim.Message {
	w.t.Helper()
	draft := w.sim.WaitReply(w.channel, outline.TS, withButton("Approve"))
	require.Equal(w.t, draftText, w.storedDraft())
	require.Contains(w.t, draft.AllText(), "Here is what the fastest teams do differently.")
	require.Len(w.t, w.sim.Replies(w.channel, outline.TS), 1, "one draft message in the thread")
	return draft
}

// requireStreamPath waits until /metrics counts one draft shown by the path given ("stream" or
// "fallback").
func requireStreamPath(t *testing.T, metrics func() string, path string) {
	t.Helper()
	require.Eventually(t, func() bool { return strings.Contains(metrics(), `mos_draft_stream_total{path="`+path+`"} 1`) },
		5*time.Second, 20*time.Millisecond, "the draft was shown by the path %q", path)
}

// TestDraftStreamsIntoTheThread: the draft appears in the thread while the model writes it, and
// the same message ends with exactly the stored text and its buttons.
func TestDraftStreamsIntoTheThread(t *testing.T) {
	t.Parallel()
	w, metrics, outline := slowDraftApproved(t)

	partial := w.sim.WaitReply(w.channel, outline.TS, containing("I asked 212"))
	require.Empty(t, partial.Buttons(), "nothing can be approved while it is written")
	require.NotContains(t, partial.AllText(), "fastest teams", "the text shows before the model is done")

	draft := w.requireWholeDraft(outline)
	require.Equal(t, partial.TS, draft.TS, "the streamed message becomes the draft message")
	require.NotContains(t, draft.AllText(), "Fixed after checks", "nothing changed after the checks")
	requireStreamPath(t, metrics, "stream")
}

// slowDraftApproved is a world whose model writes the draft a word every 60 ms, serving /metrics,
// with the outline approved: the draft is being written.
func slowDraftApproved(t *testing.T) (w *world, metrics func() string, outline slacksim.Message) {
	w, model := newLoopWorld(t)
	slowDraft(t, w, model, 60*time.Millisecond)
	metrics = serveMetrics(t, w)
	return w, metrics, w.startAndApproveOutline()
}

// serveMetrics has the replica serve /metrics; it returns a reader of the page.
func serveMetrics(t *testing.T, w *world) func() string {
	w.useFreeHTTPAddr()
	return func() string {
		resp, err := http.Get("http://" + w.cfg.HTTPAddr + "/metrics")
		if err != nil {
			return ""
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return string(raw)
	}
}

// storedDraft is the one stored draft's text.
func (w *world) storedDraft() string {
	w.t.Helper()
	var stored string
	require.NoError(w.t, w.db.Pool.QueryRow(context.Background(),
		`SELECT content FROM piece_versions WHERE phase = 'draft' ORDER BY version DESC LIMIT 1`).Scan(&stored))
	return stored
}

// TestDraftFallsBackWhenStreamingIsRefused: a workspace that will not stream gets the draft
// posted once and updated, ending the same way, and /metrics says which path was taken.
func TestDraftFallsBackWhenStreamingIsRefused(t *testing.T) {
	t.Parallel()
	w, model := newLoopWorld(t)
	slowDraft(t, w, model, 60*time.Millisecond)
	metrics := serveMetrics(t, w)
	w.sim.RefuseMethod("chat.startStream", "not_allowed")
	outline := w.startAndApproveOutline()

	w.requireWholeDraft(outline) // posted once, then updated
	requireStreamPath(t, metrics, "fallback")
}

// twoReplicasSlowFirstDraft is a bound channel served by replicas a and b with short leases, an
// outline waiting for approval, and a model that writes the first draft a word every delay.
func twoReplicasSlowFirstDraft(t *testing.T, delay time.Duration) (w *world, a, b *replica, outline slacksim.Message) {
	w, model := newLoopWorld(t)
	withFastLeases(w)
	a, b = w.startReplica("a"), w.startReplica("b")
	w.bindAsMaria(3)
	outline = w.outlineReady()
	holdFirstDraft(t, w, model, func() llmtest.Reply { return llmtest.Reply{Content: draftText, ChunkDelay: delay} })
	return w, a, b, outline
}

// TestCrashMidStreamLeavesOneDraft: the replica streaming a draft dies part-way; the survivor
// writes the draft again into the same message, stopping the orphaned stream: one draft, with
// its buttons.
func TestCrashMidStreamLeavesOneDraft(t *testing.T) {
	t.Parallel()
	w, a, b, outline := twoReplicasSlowFirstDraft(t, 300*time.Millisecond) // still writing when its replica dies
	w.maria.Press(w.channel, outline.TS, "Approve")
	partial := w.sim.WaitReply(w.channel, outline.TS, containing("I asked"))
	w.leaseHolder(a, b).crash()

	draft := w.sim.WaitReply(w.channel, outline.TS, withButton("Approve"))
	require.Equal(t, partial.TS, draft.TS, "the survivor continues in the same message")
	require.False(t, draft.Streaming, "the orphaned stream was stopped")
	require.Contains(t, draft.AllText(), "Here is what the fastest teams do differently.")
	w.requireOneDraft(outline.TS)
}

// TestModelDyingMidStreamShowsTrouble: the model's connection breaks part-way through the draft;
// what was shown is marked incomplete, the piece's message shows the trouble line with Retry now,
// and Retry now writes the draft into the same message.
func TestModelDyingMidStreamShowsTrouble(t *testing.T) {
	t.Parallel()
	w, model := newLoopWorld(t)
	holdFirstDraft(t, w, model, func() llmtest.Reply {
		return llmtest.Reply{Content: draftText, ChunkDelay: 10 * time.Millisecond, CutAfter: 6}
	})
	outline := w.startAndApproveOutline()

	partial := w.sim.WaitReply(w.channel, outline.TS, containing("Incomplete"))
	require.Contains(t, partial.AllText(), "I asked")
	require.Empty(t, partial.Buttons())
	parent := w.sim.WaitMessage(w.channel, withButton("Retry now"))
	require.Equal(t, outline.TS, parent.TS)
	require.Zero(t, w.scalar("SELECT count(*) FROM piece_versions WHERE phase = 'draft'"))

	w.maria.Press(w.channel, outline.TS, "Retry now")
	draft := w.sim.WaitReply(w.channel, outline.TS, withButton("Approve"))
	require.Equal(t, partial.TS, draft.TS)
	require.NotContains(t, draft.AllText(), "Incomplete")
	require.Equal(t, draftText, w.storedDraft())
	w.requireOneDraft(outline.TS)
}

// TestStreamedMentionsStayInert: a model that writes <!channel> pings no one, while the draft is
// written or after.
func TestStreamedMentionsStayInert(t *testing.T) {
	t.Parallel()
	w, model := newLoopWorld(t)
	model.draft = "Heads up <!channel> and <@U0MARIA>: " + draftText
	slowDraft(t, w, model, 60*time.Millisecond)
	outline := w.startAndApproveOutline()

	partial := w.sim.WaitReply(w.channel, outline.TS, containing("Heads up"))
	require.Empty(t, partial.Buttons(), "caught while it is written")
	draft := w.sim.WaitReply(w.channel, outline.TS, withButton("Approve"))
	for _, m := range []slacksim.Message{partial, draft} {
		require.NotContains(t, m.AllText(), "<!channel>")
		require.NotContains(t, m.AllText(), "<@U0MARIA>")
		require.Contains(t, m.AllText(), "&lt;!channel&gt;")
	}
}

// TestChecksChangingTheStreamedTextAreNoted: the model streams a forbidden phrase, the one repair
// removes it; the message ends with the stored (repaired) text and says what the checks changed.
func TestChecksChangingTheStreamedTextAreNoted(t *testing.T) {
	t.Parallel()
	w, model := newLoopWorld(t)
	model.draft = draftText + "\n\nReal synergy between finance and ops is a game-changer."
	w.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
		if strings.HasPrefix(r.Last().Content, "FIX the") {
			return llmtest.Reply{Content: draftText}
		}
		reply := model.reply(t, r)
		reply.ChunkDelay = 5 * time.Millisecond
		return reply
	})
	outline := w.startAndApproveOutline()

	draft := w.sim.WaitReply(w.channel, outline.TS, withButton("Approve"))
	require.Equal(t, draftText, w.storedDraft())
	require.Contains(t, draft.AllText(), "Fixed after checks: removed “Real”, “synergy”, “and”.")
	require.NotContains(t, strings.ReplaceAll(draft.AllText(), "“synergy”", ""), "synergy",
		"the message shows the stored text, not what was streamed")
	require.Equal(t, []string{"Approve", "Edit", "Revise", "Reject"}, draft.Buttons())
}

// TestOutlineShowsItsStep: while the outline is written, the piece's thread says which step it is
// on, with the source's site and length once read; the line is cleared when the outline is shown.
func TestOutlineShowsItsStep(t *testing.T) {
	t.Parallel()
	w, public, _ := sourceWorld(t)
	w.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
		reply := llmtest.JSON(t, engine.Outline{Title: "Why the close takes 9 days", Hook: "61% blame handoffs.",
			Sections: []string{"a", "b", "c"}, CTA: "Book a review", Pillar: "Faster close"})
		reply.Delay = 1500 * time.Millisecond
		return reply
	})
	w.sam.Command(w.channel, "/draft", "study "+public.URL+"/close-survey Why the month-end close still takes 9 days")
	msg := w.sim.WaitMessage(w.channel, containing("#1 · "))

	var status string
	require.Eventually(t, func() bool {
		status = w.sim.ThreadStatus(w.channel, msg.TS)
		return strings.HasSuffix(status, "Writing the outline…")
	}, 10*time.Second, 10*time.Millisecond)
	require.Regexp(t, `^Read the source \(127\.0\.0\.1, [0-9,]+ words\)… Writing the outline…$`, status)
	w.sim.WaitMessage(w.channel, withButton("Approve"))
	require.Eventually(t, func() bool { return w.sim.ThreadStatus(w.channel, msg.TS) == "" }, 5*time.Second, 10*time.Millisecond)
}

// TestStreamPastSlacksLimitFallsBack: a stream that outlives Slack's time limit ends on its own;
// the rest of the draft is shown by updating the message, which ends with the stored text and
// its buttons.
func TestStreamPastSlacksLimitFallsBack(t *testing.T) {
	t.Parallel()
	w := newWorldWith(t, slacksim.Options{StreamTTL: 500 * time.Millisecond}, tuning{})
	model := &scriptedModel{draft: draftText}
	slowDraft(t, w, model, 60*time.Millisecond) // about 2.4 s of writing
	metrics := serveMetrics(t, w)
	outline := w.startAndApproveOutline()

	w.requireWholeDraft(outline)
	requireStreamPath(t, metrics, "fallback") // the expired stream was given up for updates
}

// TestRevisionIsWrittenIntoTheDraftMessage: a revision of a draft shows in the draft message while
// it is written, without buttons, and the same message ends with the revised version and its
// buttons.
func TestRevisionIsWrittenIntoTheDraftMessage(t *testing.T) {
	t.Parallel()
	w, model := newLoopWorld(t)
	model.revised = func(string) string { return "Revised opening. " + draftText }
	slowDraft(t, w, model, 60*time.Millisecond)
	w.start()
	w.bindAsMaria(3)
	outline, draft := w.approvedOutline()

	w.sam.Press(w.channel, draft.TS, "Revise")
	m := w.sam.WaitModal()
	m.Fill("What should change?", "REVISE: a new opening")
	require.Empty(t, m.Submit().Errors)
	partial := w.sim.WaitReply(w.channel, outline.TS, func(m slacksim.Message) bool {
		return strings.Contains(m.AllText(), "Revised opening.") && len(m.Buttons()) == 0
	})
	require.Equal(t, draft.TS, partial.TS)
	revised := w.sim.WaitReply(w.channel, outline.TS, finished("Revised opening."))
	require.Equal(t, draft.TS, revised.TS)
	require.Contains(t, revised.AllText(), "Here is what the fastest teams do differently.")
	require.Equal(t, "Revised opening. "+draftText, w.storedDraft())
	require.Len(t, w.sim.Replies(w.channel, outline.TS), 1)
}

// TestStreamDraftsOffPostsTheDraftWhole: with MOS_STREAM_DRAFTS=off the draft is not shown while
// the model writes it: the first reply in the thread is the whole stored draft with its buttons.
func TestStreamDraftsOffPostsTheDraftWhole(t *testing.T) {
	t.Parallel()
	w, model := newLoopWorld(t)
	w.cfg.StreamDrafts = false
	slowDraft(t, w, model, 20*time.Millisecond)
	outline := w.startAndApproveOutline()

	first := w.sim.WaitReply(w.channel, outline.TS, func(m slacksim.Message) bool { return m.User == slacksim.BotUserID })
	require.False(t, first.Streaming)
	require.Contains(t, first.Buttons(), "Approve", "the first reply is the finished draft")
	require.Contains(t, first.AllText(), strings.TrimSpace(w.storedDraft())[:40])
	require.Len(t, w.sim.Replies(w.channel, outline.TS), 1, "one reply in the thread: the draft")
}

// TestStopPressedMidStreamStillFinishesTheDraft: Sam, who asked for the piece, presses Stop on the
// draft while it streams. That ends the streaming, not the draft: the rest is shown by updating
// the same message, which ends with the stored text and its buttons.
func TestStopPressedMidStreamStillFinishesTheDraft(t *testing.T) {
	t.Parallel()
	w, metrics, outline := slowDraftApproved(t)

	partial := w.sim.WaitReply(w.channel, outline.TS, func(m slacksim.Message) bool { return m.Streaming })
	w.sam.StopStream(w.channel, partial.TS)

	draft := w.requireWholeDraft(outline)
	require.Equal(t, partial.TS, draft.TS, "the stopped message becomes the draft message")
	requireStreamPath(t, metrics, "fallback") // streaming was given up for updates
}
