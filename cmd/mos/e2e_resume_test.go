package main

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
	"github.com/mos-hq/mos/llm/llmtest"
)

// withFastLeases makes a dead replica's generation noticed within about a second: a lease renewed
// every 100 ms lives one second, and every replica sweeps five times a second.
func withFastLeases(w *world) {
	w.tune.leaseHeartbeat, w.tune.leaseTTL, w.tune.leaseSweep = 100*time.Millisecond, time.Second, 200*time.Millisecond
	w.tune.shutdownGrace = time.Second
}

func isDraftRequest(r llmtest.Recorded) bool {
	return r.ResponseFormat == nil && !strings.Contains(r.Last().Content, "REVISE:")
}

// holdFirstDraft answers the first draft request with answer() — which may block, as a slow model
// does — and every other request as model does. It returns a channel closed when the first draft
// request arrives.
func holdFirstDraft(t *testing.T, w *world, model *scriptedModel, answer func() llmtest.Reply) <-chan struct{} {
	arrived := make(chan struct{})
	var first atomic.Bool
	w.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
		if isDraftRequest(r) && first.CompareAndSwap(false, true) {
			close(arrived)
			return answer()
		}
		return model.reply(t, r)
	})
	return arrived
}

// hang is a model answer that never comes.
func hang() llmtest.Reply { return llmtest.Reply{Hang: true} }

// draftHeld binds the channel and has Maria approve an outline; it returns the outline once the
// draft's model call has arrived and is answered by answer (see holdFirstDraft).
func (w *world) draftHeld(t *testing.T, model *scriptedModel, answer func() llmtest.Reply) slacksim.Message {
	t.Helper()
	w.bindAsMaria(3)
	outline := w.outlineReady()
	arrived := holdFirstDraft(t, w, model, answer)
	w.maria.Press(w.channel, outline.TS, "Approve")
	<-arrived
	return outline
}

// leaseHolder is the replica whose generation lease is live (there must be exactly one).
func (w *world) leaseHolder(replicas ...*replica) *replica {
	w.t.Helper()
	var holder string
	require.NoError(w.t, w.db.Pool.QueryRow(context.Background(),
		`SELECT holder FROM generation_leases WHERE kind = 'engine_draft'`).Scan(&holder))
	for _, r := range replicas {
		if r.name == holder {
			return r
		}
	}
	w.t.Fatalf("no replica named %q", holder)
	return nil
}

// requireOneDraft checks the thread holds one draft message, and the database one draft version.
func (w *world) requireOneDraft(outlineTS string) {
	w.t.Helper()
	require.Eventually(w.t, func() bool { return w.scalar("SELECT count(*) FROM pieces WHERE state = 'draft_ready'") == 1 },
		10*time.Second, 20*time.Millisecond)
	require.Len(w.t, w.sim.Replies(w.channel, outlineTS), 1, "one draft message in the thread")
	require.Equal(w.t, 1, w.scalar("SELECT count(*) FROM piece_versions WHERE phase = 'draft'"))
}

// TestCrashMidDraftResumesOnRestart: the only replica dies mid-draft (nothing it does reaches the
// database any more: its lease is left behind, its job still running in River's eyes); a replica
// started after it hands the job back once the lease expires, and the draft arrives once.
func TestCrashMidDraftResumesOnRestart(t *testing.T) {
	t.Parallel()
	w, model := newLoopWorld(t)
	withFastLeases(w)
	a := w.startReplica("a")
	outline := w.draftHeld(t, model, hang)
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM generation_leases WHERE holder = 'a' AND kind = 'engine_draft'`))

	a.crash()
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM generation_leases WHERE holder = 'a' AND kind = 'engine_draft'`), "a crash gives nothing back")
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM river_job WHERE kind = 'engine_draft' AND state = 'running'`))

	w.startReplica("b")
	draft := w.sim.WaitReply(w.channel, outline.TS, withButton("Approve"))
	require.Contains(t, draft.AllText(), "212 finance leaders")
	w.requireOneDraft(outline.TS)
	require.Eventually(t, func() bool { return w.scalar(`SELECT count(*) FROM generation_leases`) == 0 },
		10*time.Second, 20*time.Millisecond, "every run gives its lease back when it ends")
}

// TestSurvivorFinishesWhenOneOfTwoReplicasCrashes: of two replicas, the one writing the draft
// dies; the other notices its lease expire and writes the draft, once.
func TestSurvivorFinishesWhenOneOfTwoReplicasCrashes(t *testing.T) {
	t.Parallel()
	w, model := newLoopWorld(t)
	withFastLeases(w)
	a, b := w.startReplica("a"), w.startReplica("b")
	outline := w.draftHeld(t, model, hang)
	dead := w.leaseHolder(a, b)
	dead.crash()

	draft := w.sim.WaitReply(w.channel, outline.TS, withButton("Approve"))
	require.Contains(t, draft.AllText(), "212 finance leaders")
	w.requireOneDraft(outline.TS)
	require.Eventually(t, func() bool {
		return w.scalar(`SELECT count(*) FROM river_job WHERE kind = 'engine_draft'
			AND state = 'completed' AND errors::text LIKE '%lease expired%'`) == 1
	}, 10*time.Second, 20*time.Millisecond, "one job, handed back by the sweep")
}

// TestLateModelAnswerIsDropped: the replica writing the draft is cut off from the database while
// its model call is out (a paused process, a partition); the other replica takes the job over and
// posts the draft. When the first one's model answers and the database comes back, its answer is
// dropped: one draft, the survivor's.
func TestLateModelAnswerIsDropped(t *testing.T) {
	t.Parallel()
	w, model := newLoopWorld(t)
	withFastLeases(w)
	w.cfg.LLMTimeout = 30 * time.Second // the held call must still be waiting when it is answered
	a, b := w.startReplica("a"), w.startReplica("b")
	gate := make(chan struct{})
	var openGate sync.Once
	t.Cleanup(func() { openGate.Do(func() { close(gate) }) })
	outline := w.draftHeld(t, model, func() llmtest.Reply {
		<-gate
		return llmtest.Reply{Content: "LATE DRAFT written before the lease ran out"}
	})
	zombie := w.leaseHolder(a, b)
	zombie.proxy.freeze()

	draft := w.sim.WaitReply(w.channel, outline.TS, withButton("Approve"))
	require.NotContains(t, draft.AllText(), "LATE DRAFT")

	openGate.Do(func() { close(gate) }) // the paused replica's model answers now…
	zombie.proxy.thaw()                 // …and the replica can reach the database again
	zombie.waitLog("generation lost its lease")
	w.requireOneDraft(outline.TS)
	require.Zero(t, w.scalar(`SELECT count(*) FROM piece_versions WHERE content LIKE 'LATE DRAFT%'`))
	for _, m := range w.sim.Replies(w.channel, outline.TS) {
		require.NotContains(t, m.AllText(), "LATE DRAFT")
	}
}

// TestStopHandsTheDraftBackAtOnce: a replica stopped cleanly (SIGTERM) mid-draft cancels the
// draft and hands it back at once. Leases here would take an hour to expire, so only the hand-back
// lets the other replica write the draft.
func TestStopHandsTheDraftBackAtOnce(t *testing.T) {
	t.Parallel()
	w, model := newLoopWorld(t)
	w.tune.leaseTTL, w.tune.leaseSweep, w.tune.shutdownGrace = time.Hour, time.Hour, time.Second
	a, b := w.startReplica("a"), w.startReplica("b")
	outline := w.draftHeld(t, model, hang)
	w.leaseHolder(a, b).stop()

	draft := w.sim.WaitReply(w.channel, outline.TS, withButton("Approve"))
	require.Contains(t, draft.AllText(), "212 finance leaders")
	w.requireOneDraft(outline.TS)
	require.Eventually(t, func() bool {
		return w.scalar(`SELECT count(*) FROM river_job WHERE kind = 'engine_draft' AND state = 'completed'
			AND attempt = 1 AND (metadata->>'snoozes')::int = 1`) == 1
	}, 10*time.Second, 20*time.Millisecond, "handed back once, the stopped attempt not counted")
}

// TestPausedReplicaMidStreamLeavesTheDraftToTheSurvivor: the replica streaming a draft is cut off
// from the database part-way through (a paused process, a partition). The other replica takes the
// draft over and finishes it in the same message. When the first one can reach the database again,
// it finds its lease gone: it shows nothing more and leaves the message as the survivor left it —
// the stored draft with its buttons, not marked incomplete.
func TestPausedReplicaMidStreamLeavesTheDraftToTheSurvivor(t *testing.T) {
	t.Parallel()
	w, model := newLoopWorld(t)
	withFastLeases(w)
	a, b := w.startReplica("a"), w.startReplica("b")
	outline := w.draftHeld(t, model, func() llmtest.Reply {
		return llmtest.Reply{Content: "Zombie words keep coming", ChunkDelay: 3 * time.Second}
	})
	partial := w.sim.WaitReply(w.channel, outline.TS, containing("Zombie"))
	require.Eventually(t, func() bool { return w.scalar(`SELECT count(*) FROM pieces WHERE draft_ts IS NOT NULL`) == 1 },
		10*time.Second, 20*time.Millisecond, "the streamed message is the piece's draft message")
	zombie := w.leaseHolder(a, b)
	zombie.proxy.freeze()

	draft := w.sim.WaitReply(w.channel, outline.TS, withButton("Approve"))
	require.Equal(t, partial.TS, draft.TS, "the survivor finishes the draft in the same message")
	spoiled := func() bool {
		m, _ := w.sim.Message(w.channel, draft.TS)
		return strings.Contains(m.AllText(), "Zombie") || strings.Contains(m.AllText(), "Incomplete") || len(m.Buttons()) == 0
	}
	// The paused replica's model writes on (a word every 3 s) while it cannot reach the database.
	require.Never(t, spoiled, 4*time.Second, 50*time.Millisecond, "the paused replica shows nothing more")
	zombie.proxy.thaw()
	zombie.waitLog("generation lost its lease")
	require.Never(t, spoiled, 2*time.Second, 50*time.Millisecond, "nor once it finds its lease gone")
	w.requireOneDraft(outline.TS)
}
