package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/llm/llmtest"
)

// shiftClock is the wall clock moved on by however much a test advances it: the engine's clock
// here, so a test can pass a piece's give-up time without waiting for it.
type shiftClock struct{ by atomic.Int64 }

func (c *shiftClock) Now() time.Time          { return time.Now().Add(time.Duration(c.by.Load())) }
func (c *shiftClock) Advance(d time.Duration) { c.by.Add(int64(d)) }

// troubleWorld is a replica whose generations wait an hour between attempts and give up two hours
// after the first failure, with a clock the test can move past that; Sam's channel is bound.
func troubleWorld(t *testing.T) (*world, *shiftClock, *switchableModel) {
	t.Helper()
	w, model := newLoopWorld(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	w.cfg.HTTPAddr = l.Addr().String()
	require.NoError(t, l.Close())
	clock := &shiftClock{}
	w.tune.now = clock.Now
	w.tune.outlineAttempts = 5
	w.tune.jobBackoff = func(int) time.Duration { return time.Hour }
	w.cfg.GiveUpAfter = 2 * time.Hour
	sw := &switchableModel{healthy: func(r llmtest.Recorded) llmtest.Reply { return model.reply(t, r) }}
	w.llm.SetResponder(sw.reply)
	w.start()
	w.bindAsMaria(3)
	return w, clock, sw
}

// switchableModel answers with a scripted failure until it is healed.
type switchableModel struct {
	mu      sync.Mutex
	failure *llmtest.Reply
	healthy func(llmtest.Recorded) llmtest.Reply
}

func (m *switchableModel) fail(r llmtest.Reply) { m.mu.Lock(); m.failure = &r; m.mu.Unlock() }
func (m *switchableModel) heal()                { m.mu.Lock(); m.failure = nil; m.mu.Unlock() }

func (m *switchableModel) reply(r llmtest.Recorded) llmtest.Reply {
	m.mu.Lock()
	f := m.failure
	m.mu.Unlock()
	if f != nil {
		return *f
	}
	return m.healthy(r)
}

// TestModelTroubleIsShownThenGivesUpWithRetry: with an endpoint answering 500, the piece's message
// says so in plain words after the first failed attempt, with Retry now and Cancel; Retry now
// tries again at once; past the give-up time the piece fails with why and Retry, the requester is
// told once in a DM, and Retry brings the outline once the endpoint is back.
func TestModelTroubleIsShownThenGivesUpWithRetry(t *testing.T) {
	t.Parallel()
	w, clock, model := troubleWorld(t)
	model.fail(llmtest.Reply{Status: 500})
	w.sam.Command(w.channel, "/draft", "https://example.com/x Why the close takes 9 days")

	first := w.sim.WaitMessage(w.channel, containing(
		"The model endpoint answered HTTP 500 (server error) — retrying in 1 h, attempt 1 of 5."))
	require.Equal(t, []string{"Retry now", "Cancel"}, first.Buttons())

	w.sam.Press(w.channel, first.TS, "Retry now")
	second := w.sim.WaitMessage(w.channel, containing("retrying in 1 h, attempt 2 of 5."))
	require.Equal(t, first.TS, second.TS, "the same message, updated in place")
	require.Equal(t, 2, w.llm.Count())

	clock.Advance(2 * time.Hour) // the next attempt would start past the give-up time
	w.sam.Press(w.channel, first.TS, "Retry now")
	failed := w.sim.WaitMessage(w.channel, withButton("Retry"))
	require.Contains(t, failed.AllText(), "Writing the outline failed.")
	require.Contains(t, failed.AllText(), "The model endpoint answered HTTP 500 (server error). Gave up after 3 attempts")
	require.Equal(t, []string{"Retry"}, failed.Buttons())
	told := w.sim.WaitDM(w.samID, containing("writing the outline failed"))
	require.Contains(t, told.AllText(), "Press *Retry* on its message")

	model.heal()
	w.sam.Press(w.channel, first.TS, "Retry")
	done := w.sim.WaitMessage(w.channel, withButton("Approve"))
	require.Equal(t, first.TS, done.TS)
	require.Len(t, w.sim.Messages(w.channel), 3, "one message for the piece, besides the two from binding")
	require.Len(t, withText(w.sim.DMs(w.samID), "failed"), 1, "the requester is told once, not once per attempt")
}

// TestCancelAPieceInTroubleGivesTheCapSlotBack: Cancel on a piece whose outline keeps failing
// stops it, says it no longer counts against the cap, and the cap shows the slot free again.
func TestCancelAPieceInTroubleGivesTheCapSlotBack(t *testing.T) {
	t.Parallel()
	w, _, model := troubleWorld(t)
	model.fail(llmtest.Reply{Status: 503})
	msg := w.samDrafts(containing("HTTP 503 (service unavailable) — retrying in 1 h"))
	require.Contains(t, msg.AllText(), "cap 1/3 today")

	w.sam.Press(w.channel, msg.TS, "Cancel")
	done := w.sim.WaitMessage(w.channel, containing("Cancelled by"))
	require.Contains(t, done.AllText(), "no longer counts against the daily cap")
	require.Contains(t, done.AllText(), "cap 0/3 today")
	require.Empty(t, done.Buttons())
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM pieces WHERE state = 'cancelled'"))
	require.Eventually(t, func() bool {
		return w.scalar("SELECT count(*) FROM river_job WHERE kind = 'engine_outline' AND state = 'cancelled'") == 1
	}, 10*time.Second, 20*time.Millisecond, "its job is cancelled")
}

// TestModelTroubleSaysWhatToFix: a rate limit shows the provider's wait; a model the endpoint does
// not serve fails at once, naming MOS_MODEL.
func TestModelTroubleSaysWhatToFix(t *testing.T) {
	t.Parallel()
	w, _, model := troubleWorld(t)
	model.fail(llmtest.Reply{Status: 429, RetryAfter: "30"})
	w.samDrafts(containing("(HTTP 429) and asked us to wait 30 s — retrying in 1 h, attempt 1 of 5."))

	model.fail(llmtest.Reply{Status: 404, Content: "The model `fake-model` does not exist"})
	w.sam.Command(w.channel, "/draft", "https://example.com/y Another piece")
	failed := w.sim.WaitMessage(w.channel, withButton("Retry"))
	require.Contains(t, failed.AllText(), "MOS_MODEL=fake-model is not served by that endpoint (HTTP 404, model not found). "+
		"Set MOS_MODEL to a model that OPENAI_BASE_URL serves.")
}

// TestStatusAndHealthShowModelTrouble: while a piece is held up by the model, /mos status shows
// approvers the model's state and the queue (and others only the channel), /healthz says the
// model is degraded and why, and /metrics exports the same.
func TestStatusAndHealthShowModelTrouble(t *testing.T) {
	t.Parallel()
	w, _, model := troubleWorld(t)
	ok := w.mosAnswer(w.maria, "status", "*Model:* ok")
	require.Contains(t, ok.AllText(), "*Queue:* ")
	require.Contains(t, ok.AllText(), " · 0 retrying")

	model.fail(llmtest.Reply{Status: 500})
	w.samDrafts(containing("retrying in 1 h, attempt 1 of 5."))
	require.Eventually(t, func() bool { return w.scalar(`SELECT count(*) FROM river_job WHERE state = 'retryable'`) == 1 },
		10*time.Second, 20*time.Millisecond)

	st := w.mosAnswer(w.maria, "status", "*Model:* degraded")
	require.Contains(t, st.AllText(), "*Model:* degraded — The model endpoint answered HTTP 500 (server error) (1 piece(s) held up)")
	require.Contains(t, st.AllText(), " · 1 retrying", "periodic jobs may be waiting or running too")
	mine := w.mosAnswer(w.sam, "status", "Northwind Ledger")
	require.NotContains(t, mine.AllText(), "Model:", "the model's state is for approvers")

	base := "http://" + w.cfg.HTTPAddr
	resp, err := http.Get(base + "/healthz")
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusOK, resp.StatusCode, "the model's trouble does not make the replica unhealthy")
	require.Equal(t, "degraded", body["model"])
	require.Equal(t, "The model endpoint answered HTTP 500 (server error)", body["model_problem"])
	require.Equal(t, 1.0, body["queue"].(map[string]any)["retrying"])

	resp, err = http.Get(base + "/metrics")
	require.NoError(t, err)
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	for _, line := range []string{"mos_model_degraded 1", "mos_pieces_held_up 1", `mos_queue_jobs{state="retrying"} 1`,
		`mos_queue_jobs{state="waiting"}`} {
		require.Contains(t, string(raw), line)
	}
}
