package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot"
	"github.com/mos-hq/mos/bot/slacksim"
	"github.com/mos-hq/mos/llm/llmtest"
)

func TestDraftModal(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.start()
	w.sam.Command(w.channel, "/draft", "")
	w.sim.WaitEphemeral(w.samID, containing("not bound"))
	w.bindAsMaria(3)

	w.sam.Command(w.channel, "/draft", "")
	m := w.sam.WaitModal()
	m.Fill("Brief", "Why the month-end close still takes 9 days").Fill("Source link", "ftp://example.com/x")
	res := m.Submit()
	require.Contains(t, strings.Join(valuesOf(res.ErrorsByLabel), " "), "http")
	require.Zero(t, w.scalar("SELECT count(*) FROM pieces"))

	m = w.sam.Modal()
	m.Fill("Source link", "https://example.com/close-survey").Select("Source type", "interview").
		Select("Pillar", "Faster close").Fill("Source excerpt", "“We close in 9 days and nobody knows why.”")
	require.Empty(t, m.Submit().Errors)
	w.sim.WaitMessage(w.channel, withButton("Approve"))
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM source_signals
		WHERE source_type = 'interview' AND url = 'https://example.com/close-survey' AND excerpt LIKE '%nobody knows why%'`))
	require.Contains(t, w.llm.Requests()[0].Messages[1].Content, "nobody knows why")
}

// TestNoOneIsPinged: mentions in a brief or in model output reach Slack escaped.
func TestNoOneIsPinged(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.llm.SetResponder(func(llmtest.Recorded) llmtest.Reply {
		return llmtest.JSON(t, map[string]any{"title": "Hey <!channel> look", "hook": "cc <@U0BOSS> and <!here>",
			"sections": []string{"<!everyone>", "two", "three"}, "cta": "<https://evil.example|free money>", "pillar": "Faster close"})
	})
	w.start()
	w.bindAsMaria(3)
	w.sam.Command(w.channel, "/draft", "https://example.com/x Tell <!channel> and <@U0BOSS> about it")
	msg := w.sim.WaitMessage(w.channel, withButton("Approve"))
	for _, ping := range []string{"<!channel>", "<!here>", "<!everyone>", "<@U0BOSS>", "<https://evil"} {
		require.NotContains(t, msg.Text, ping)
		for _, s := range msg.Mrkdwn() {
			require.NotContains(t, s, ping)
		}
	}
}

func TestSlackRateLimitIsRetriedWithoutDuplicates(t *testing.T) {
	t.Parallel()
	w := boundWorld(t)
	posts := w.sim.Calls("chat.postMessage")
	w.sim.RateLimit("chat.postMessage", 1, time.Second)
	w.samDrafts(withButton("Approve"))
	require.Equal(t, posts+2, w.sim.Calls("chat.postMessage"), "one 429, then one successful post")
	require.Len(t, w.sim.Messages(w.channel), 3, "no duplicate piece message")
}

// TestLLMHiccupsStillProduceOneOutline: every failed call is one attempt of the outline job, which
// retries it; the fifth attempt writes the one outline.
func TestLLMHiccupsStillProduceOneOutline(t *testing.T) {
	t.Parallel()
	w := newWorldWith(t, slacksim.Options{}, tuning{outlineAttempts: 5})
	w.cfg.LLMTimeout = 500 * time.Millisecond
	w.llm.Enqueue(llmtest.Reply{Status: 429, RetryAfter: "0"}, llmtest.Reply{Status: 500},
		llmtest.Reply{Delay: 3 * time.Second, Content: "too late"}, llmtest.Reply{Content: "this is not json"})
	w.start()
	w.bindAsMaria(3)
	msg := w.samDrafts(withButton("Approve"))
	require.Contains(t, msg.AllText(), "Why the month-end close")
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM piece_versions"))
	require.Len(t, w.sim.Messages(w.channel), 3)
}

func TestLLMDownLeavesFailedPieceWithRetry(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	var mu sync.Mutex
	down := true
	w.llm.SetResponder(func(llmtest.Recorded) llmtest.Reply {
		mu.Lock()
		defer mu.Unlock()
		if down {
			return llmtest.Reply{Status: 503}
		}
		return outlineReply(t)
	})
	w.start()
	w.bindAsMaria(3)
	failed := w.samDrafts(withButton("Retry"))
	require.Contains(t, failed.AllText(), "Writing the outline failed.")
	require.Contains(t, failed.AllText(), "The model endpoint answered HTTP 503 (service unavailable). Gave up after 2 attempts")
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM pieces WHERE state = 'failed'"))

	mu.Lock()
	down = false
	mu.Unlock()
	w.sam.Press(w.channel, failed.TS, "Retry")
	done := w.sim.WaitMessage(w.channel, withButton("Approve"))
	require.Equal(t, failed.TS, done.TS, "the same message recovers in place")
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM pieces WHERE state = 'outline_ready'"))
}

func TestSocketRefreshAndLostPingsMidFlow(t *testing.T) {
	t.Parallel()
	w := boundWorld(t)
	msg := w.samDrafts(withButton("Approve"))

	total := w.sim.TotalConnections()
	w.sim.Refresh()
	require.Eventually(t, func() bool { return w.sim.TotalConnections() > total && w.sim.Connections() == 1 },
		10*time.Second, 20*time.Millisecond, "the bot reconnects after a refresh")
	w.maria.Press(w.channel, msg.TS, "Approve")
	w.sim.WaitReply(w.channel, msg.TS, withButton("Approve"))
	require.Empty(t, w.sim.Unacked())
}

// TestStoppedPingsMakeTheBotReconnect uses a short ping interval so the test does not wait 30 s.
func TestStoppedPingsMakeTheBotReconnect(t *testing.T) {
	t.Parallel()
	w := newWorldWith(t, slacksim.Options{PingInterval: 100 * time.Millisecond}, tuning{pingInterval: time.Second})
	w.start()
	total := w.sim.TotalConnections()
	w.sim.StopPings()
	require.Eventually(t, func() bool { return w.sim.TotalConnections() > total }, 15*time.Second, 50*time.Millisecond)
	w.sim.StartPings()
	w.bindAsMaria(3)
}

func TestRevokedAppTokenStopsServe(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.sim.RevokeAppToken()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := serve(ctx, w.cfg, testLogger(t), tuning{})
	require.True(t, errors.Is(err, bot.ErrAuth), "got %v", err)
}

func TestCapRaceThroughSlack(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.start()
	w.bindAsMaria(2)
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.sam.Command(w.channel, "/draft", "https://example.com/x Piece number "+string(rune('A'+i)))
		}()
	}
	wg.Wait()
	require.Eventually(t, func() bool {
		return len(w.sim.Ephemerals(w.samID)) == 8 && w.scalar("SELECT count(*) FROM pieces WHERE state = 'outline_ready'") == 2
	}, 15*time.Second, 20*time.Millisecond)
	for _, e := range w.sim.Ephemerals(w.samID) {
		require.Contains(t, e.AllText(), "2 of 2 pieces today")
	}
	require.Equal(t, 2, w.scalar("SELECT count(*) FROM pieces"))
	require.Equal(t, 2, w.llm.Count())
}

func TestHealthAndMetrics(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	w.cfg.HTTPAddr = l.Addr().String()
	require.NoError(t, l.Close())
	w.start()
	base := "http://" + w.cfg.HTTPAddr
	var body map[string]any
	require.Eventually(t, func() bool {
		resp, err := http.Get(base + "/healthz")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		_ = json.NewDecoder(resp.Body).Decode(&body)
		return resp.StatusCode == http.StatusOK
	}, 5*time.Second, 20*time.Millisecond)
	require.Equal(t, "connected", body["socket"])
	require.Equal(t, "ok", body["database"])
	require.Equal(t, "ok", body["model"])
	require.Contains(t, body, "queue")

	w.bindAsMaria(3)
	w.samDrafts(withButton("Approve"))
	resp, err := http.Get(base + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	for _, name := range []string{"mos_slack_envelopes_total", "mos_slack_ack_seconds", "mos_llm_calls_total",
		"mos_llm_tokens_total", "mos_engine_generation_steps_total", "mos_model_degraded 0", `mos_queue_jobs{state="running"}`,
		"mos_pieces_held_up 0"} {
		require.Contains(t, string(raw), name)
	}
	require.NotContains(t, string(raw), "sk-test-secret")
}
