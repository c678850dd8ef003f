package bot

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/llm/llmtest"
)

func fakeModel(t testing.TB) (*llm.Client, *llmtest.Server) {
	srv := llmtest.New(t)
	return llm.New(llm.Config{BaseURL: srv.BaseURL(), APIKey: "x", Model: llmtest.DefaultModel, MaxAttempts: 1}, nil, nil), srv
}

func TestDraftStreamModelDiesMidStream(t *testing.T) {
	t.Parallel()
	b := setupStream(t, slacksim.Options{})
	client, srv := fakeModel(t)
	srv.Enqueue(llmtest.Reply{Content: "One two three four five six seven", CutAfter: 4, ChunkDelay: time.Millisecond})
	d := b.start(t)

	resp, err := client.CompleteStream(context.Background(), llm.Request{Purpose: "draft", User: "write"}, d.Write)
	require.ErrorIs(t, err, llm.ErrInterrupted)
	require.Equal(t, "One two three four ", resp.Content)
	final := resp.Content + "\n\n(incomplete: the model stopped part-way)"
	shown, err := d.Finish(context.Background(), final, draftButtons())
	require.NoError(t, err)
	require.Equal(t, pathStream, shown.Path)
	require.Equal(t, final, b.onlyReply(t).Text)
}

// benchDraft is about 1,500 characters of prose, the length of a LinkedIn post.
func benchDraft() string {
	para := "Launch day is here, and three things changed for the teams we work with this quarter. "
	return strings.TrimSpace(strings.Repeat(para, 18)[:1500])
}

// benchTokenDelay is a hosted model's pace: about 20 ms a word (≈70 tokens a second).
const benchTokenDelay = 20 * time.Millisecond

// benchSlackLatency is a Slack Web API round trip, which the simulator adds to every answer.
const benchSlackLatency = 150 * time.Millisecond

// draftTimes is one draft's moments, as the model and a person in Slack saw them.
type draftTimes struct {
	firstToken, lastToken               time.Time
	streamFirst, streamFinal, postFinal time.Time
	wiredFinal                          time.Time // streamed, then finished as PieceChanged does
}

// BenchmarkDraftStream writes the same model output two ways at once: streamed into one thread
// through a draftStream, and posted once at the end into another (the path without streaming).
// It reports, in ms, first token → first visible text and the model's end of reply → final message
// with buttons. Every Slack call takes benchSlackLatency, as a round trip to Slack does.
func BenchmarkDraftStream(b *testing.B) {
	sim := slacksim.New(b, slacksim.Options{UnlimitedTiers: true, WaitTimeout: time.Minute, APILatency: benchSlackLatency})
	ch, ana := sim.AddChannel("marketing"), sim.AddUser("ana")
	api := slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()))
	client, srv := fakeModel(b)
	draft := benchDraft()
	srv.SetResponder(func(llmtest.Recorded) llmtest.Reply {
		return llmtest.Reply{Content: draft, ChunkDelay: benchTokenDelay}
	})
	env := benchEnv{sim: sim, api: api, client: client, ch: ch, user: ana, paths: newStreamPaths(prometheus.NewRegistry()),
		log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	var runs []draftTimes
	for b.Loop() {
		runs = append(runs, env.run(b))
	}
	reportMs(b, "stream_first", runs, func(r draftTimes) time.Duration { return r.streamFirst.Sub(r.firstToken) })
	reportMs(b, "stream_final", runs, func(r draftTimes) time.Duration { return r.streamFinal.Sub(r.lastToken) })
	reportMs(b, "once_first", runs, func(r draftTimes) time.Duration { return r.postFinal.Sub(r.firstToken) })
	reportMs(b, "once_final", runs, func(r draftTimes) time.Duration { return r.postFinal.Sub(r.lastToken) })
	reportMs(b, "wired_final", runs, func(r draftTimes) time.Duration { return r.wiredFinal.Sub(r.lastToken) })
}

type benchEnv struct {
	sim      *slacksim.Sim
	api      *slack.Client
	client   *llm.Client
	ch, user string
	paths    *prometheus.CounterVec
	log      *slog.Logger
}

func (e benchEnv) thread(b *testing.B) streamTarget {
	_, ts, err := e.api.PostMessage(e.ch, slack.MsgOptionText("Piece", false))
	require.NoError(b, err)
	return streamTarget{Channel: e.ch, ThreadTS: ts, UserID: e.user, TeamID: slacksim.TeamID}
}

// seen reports when a reply in the thread first matches.
func (e benchEnv) seen(thread string, match func(slacksim.Message) bool) <-chan time.Time {
	at := make(chan time.Time, 1)
	go func() {
		e.sim.WaitReply(e.ch, thread, match)
		at <- time.Now()
	}()
	return at
}

func (e benchEnv) run(b *testing.B) draftTimes {
	ctx := context.Background()
	streamed, once, wired := e.thread(b), e.thread(b), e.thread(b)
	visible := func(m slacksim.Message) bool { return m.Text != "" || len(m.Blocks) > 0 }
	final := func(m slacksim.Message) bool { return len(m.Buttons()) > 0 }
	streamFirst, streamFinal := e.seen(streamed.ThreadTS, visible), e.seen(streamed.ThreadTS, final)
	postFinal, wiredFinal := e.seen(once.ThreadTS, final), e.seen(wired.ThreadTS, final)

	d := startDraftStream(ctx, e.api, e.log, wallClock{}, defaultPacing, streamed, e.paths)
	wd := startDraftStream(ctx, e.api, e.log, wallClock{}, defaultPacing, wired, e.paths)
	var t draftTimes
	resp, err := e.client.CompleteStream(ctx, llm.Request{Purpose: "draft", User: "write"}, func(s string) {
		if t.firstToken.IsZero() {
			t.firstToken = time.Now()
		}
		d.Write(s)
		wd.Write(s)
	})
	t.lastToken = time.Now() // the model's last chunk (finish reason, usage) has arrived
	require.NoError(b, err)
	finished := make(chan error, 3)
	go func() {
		wd.stopWorker()
		_, err := wd.showFinished(ctx, benchCard(resp.Content))
		finished <- err
	}()
	for _, w := range []struct {
		ds   *draftStream
		path string
	}{{d, pathStream}, {startDraftStream(ctx, e.api, e.log, wallClock{}, defaultPacing, once, e.paths), pathFallback}} {
		go func() {
			shown, err := w.ds.Finish(ctx, resp.Content, draftButtons())
			if err == nil && shown.Path != w.path {
				err = io.ErrUnexpectedEOF
			}
			finished <- err
		}()
	}
	for range 3 {
		require.NoError(b, <-finished)
	}
	t.streamFirst, t.streamFinal, t.postFinal, t.wiredFinal = <-streamFirst, <-streamFinal, <-postFinal, <-wiredFinal
	return t
}

// benchCard is the stored draft card of the bench's draft, with its buttons.
func benchCard(text string) draftCard {
	return draftCard{PieceID: 1, State: engine.StateDraftReady, Text: text, Version: 1, Title: "Launch day",
		Actions: []engine.Offer{{Action: engine.ActionApprove, Phase: engine.PhaseDraft, Version: 1, Who: engine.RoleApprover}}}
}

func reportMs(b *testing.B, name string, runs []draftTimes, of func(draftTimes) time.Duration) {
	ds := make([]time.Duration, 0, len(runs))
	for _, r := range runs {
		ds = append(ds, of(r))
	}
	slices.Sort(ds)
	pct := func(p int) float64 {
		i := (len(ds)*p+99)/100 - 1
		return float64(ds[max(i, 0)].Microseconds()) / 1000
	}
	b.ReportMetric(pct(50), name+"_p50_ms")
	b.ReportMetric(pct(99), name+"_p99_ms")
}
