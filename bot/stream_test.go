package bot

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
)

// fastPacing keeps Slack's proportions at test speed.
var fastPacing = streamPacing{FlushChars: 250, FlushEvery: 20 * time.Millisecond, MinAppendGap: 5 * time.Millisecond,
	UpdateEvery: 30 * time.Millisecond, MaxRateWaits: 3}

// streamBundle is a thread a draft can be written into, and what a test reads back.
type streamBundle struct {
	sim        *slacksim.Sim
	api        *slack.Client
	ch, thread string
	paths      *prometheus.CounterVec
	target     streamTarget
}

func setupStream(t *testing.T, opts slacksim.Options) *streamBundle {
	t.Helper()
	sim := slacksim.New(t, opts)
	ch, ana := sim.AddChannel("marketing"), sim.AddUser("ana")
	api := slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()))
	_, thread, err := api.PostMessage(ch, slack.MsgOptionText("Piece: launch post", false))
	require.NoError(t, err)
	return &streamBundle{sim: sim, api: api, ch: ch, thread: thread, paths: newStreamPaths(prometheus.NewRegistry()),
		target: streamTarget{Channel: ch, ThreadTS: thread, UserID: ana, TeamID: slacksim.TeamID}}
}

func (b *streamBundle) start(t *testing.T) *draftStream {
	log := slog.New(slog.NewTextHandler(testWriter{t}, nil))
	return startDraftStream(t.Context(), b.api, log, wallClock{}, fastPacing, b.target, b.paths)
}

// draft waits for the draft reply in the thread that matches.
func (b *streamBundle) draft(match func(slacksim.Message) bool) slacksim.Message {
	return b.sim.WaitReply(b.ch, b.thread, match)
}

func (b *streamBundle) onlyReply(t *testing.T) slacksim.Message {
	t.Helper()
	replies := b.sim.Replies(b.ch, b.thread)
	require.Len(t, replies, 1, "one draft message in the thread")
	return replies[0]
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// drafts reads mos_draft_stream_total{path}.
func drafts(t *testing.T, paths *prometheus.CounterVec, path string) float64 {
	var m dto.Metric
	require.NoError(t, paths.WithLabelValues(path).Write(&m))
	return m.GetCounter().GetValue()
}

func draftButtons() []slack.Block {
	label := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
	}
	return []slack.Block{slack.NewActionBlock("draft_actions",
		slack.NewButtonBlockElement("approve", "p1", label("Approve")),
		slack.NewButtonBlockElement("revise", "p1", label("Revise")))}
}

func writeWords(d *draftStream, text string) {
	for _, w := range strings.SplitAfter(text, " ") {
		d.Write(w)
	}
}

func TestDraftStreamEndsWithExactlyTheFinalTextAndButtons(t *testing.T) {
	t.Parallel()
	b := setupStream(t, slacksim.Options{})
	d := b.start(t)
	first, second := "Launch day is **here**. ", strings.Repeat("Three things changed this quarter. ", 12)

	writeWords(d, first)
	b.draft(func(m slacksim.Message) bool { return m.Streaming && m.Text != "" })
	writeWords(d, second)
	b.draft(func(m slacksim.Message) bool { return m.Streaming && strings.Contains(m.Text, "quarter") })
	final := first + second + "The end."
	shown, err := d.Finish(context.Background(), final, draftButtons())
	require.NoError(t, err)

	m := b.onlyReply(t)
	require.Equal(t, shown.TS, m.TS)
	require.Equal(t, pathStream, shown.Path)
	require.False(t, m.Streaming)
	require.Equal(t, final, m.Text)
	require.Equal(t, []string{"Approve", "Revise"}, m.Buttons())
	require.Equal(t, 1, b.sim.Calls("chat.startStream"))
	require.GreaterOrEqual(t, b.sim.Calls("chat.appendStream"), 1)
	require.Equal(t, 1, b.sim.Calls("chat.stopStream"))
	require.Zero(t, b.sim.Calls("chat.update"))
	require.Equal(t, 1.0, drafts(t, b.paths, pathStream))
}

func TestDraftStreamRefusedFallsBackToPostAndUpdate(t *testing.T) {
	t.Parallel()
	for _, code := range []string{"not_allowed", "missing_scope", "unknown_method", "not_agent_app"} {
		t.Run(code, func(t *testing.T) {
			t.Parallel()
			b := setupStream(t, slacksim.Options{})
			b.sim.RefuseMethod("chat.startStream", code)
			d := b.start(t)
			words := strings.Repeat("word ", 50)

			writeWords(d, "Opening line. ")
			b.draft(func(m slacksim.Message) bool { return strings.Contains(m.AllText(), "Opening line.") })
			writeWords(d, words)
			b.draft(func(m slacksim.Message) bool { return strings.Contains(m.AllText(), words) })
			final := "Opening line. " + words + "Done."
			shown, err := d.Finish(context.Background(), final, draftButtons())
			require.NoError(t, err)

			m := b.onlyReply(t)
			require.Equal(t, pathFallback, shown.Path)
			require.Equal(t, []string{final}, m.BlockTexts())
			require.Equal(t, []string{"Approve", "Revise"}, m.Buttons())
			require.Less(t, b.sim.Calls("chat.update"), 10, "updates are paced, not one per word")
			require.Equal(t, 1.0, drafts(t, b.paths, pathFallback))
			require.Zero(t, drafts(t, b.paths, pathStream))
		})
	}
}

func TestDraftStreamExpiryMidStreamFallsBackOnTheSameMessage(t *testing.T) {
	t.Parallel()
	// Long enough that a loaded machine starts and shows the stream within it.
	b := setupStream(t, slacksim.Options{StreamTTL: time.Second})
	d := b.start(t)
	writeWords(d, "Before the limit. ")
	streamed := b.draft(func(m slacksim.Message) bool { return m.Streaming && m.Text != "" })
	time.Sleep(1100 * time.Millisecond) // past the stream's lifetime
	writeWords(d, "After the limit.")
	b.draft(func(m slacksim.Message) bool { return strings.Contains(m.AllText(), "After the limit.") })

	final := "Before the limit. After the limit."
	shown, err := d.Finish(context.Background(), final, draftButtons())
	require.NoError(t, err)
	m := b.onlyReply(t)
	require.Equal(t, streamed.TS, m.TS, "the expired stream's message carries on")
	require.Equal(t, pathFallback, shown.Path)
	require.Equal(t, []string{final}, m.BlockTexts())
	require.Equal(t, []string{"Approve", "Revise"}, m.Buttons())
}

func TestDraftStreamRateLimitedAppendLosesNothing(t *testing.T) {
	t.Parallel()
	b := setupStream(t, slacksim.Options{})
	d := b.start(t)
	writeWords(d, "First part. ")
	// All of it shown (the stream may have started with the first word and appended the rest), so
	// the calls counted below are the second part's alone.
	b.draft(func(m slacksim.Message) bool { return m.Streaming && m.Text == "First part. " })
	before := b.sim.Calls("chat.appendStream")
	b.sim.RateLimit("chat.appendStream", 2, time.Second)
	writeWords(d, "Second part, held back twice. ")
	m := b.draft(func(m slacksim.Message) bool { return strings.Contains(m.Text, "held back twice") })
	require.Equal(t, "First part. Second part, held back twice. ", m.Text)
	require.Equal(t, 3, b.sim.Calls("chat.appendStream")-before, "each 429's Retry-After was waited out")

	final := "First part. Second part, held back twice. Third."
	shown, err := d.Finish(context.Background(), final, draftButtons())
	require.NoError(t, err)
	require.Equal(t, pathStream, shown.Path)
	require.Equal(t, final, b.onlyReply(t).Text)
}

func TestDraftStreamMentionsStayInert(t *testing.T) {
	t.Parallel()
	model := "Hey <!channel> & <@U0SIM0001>, look: <https://evil.example|click>"
	escaped := "Hey &lt;!channel&gt; &amp; &lt;@U0SIM0001&gt;, look: &lt;https://evil.example|click&gt;"
	for _, refuse := range []bool{false, true} {
		b := setupStream(t, slacksim.Options{})
		if refuse {
			b.sim.RefuseMethod("chat.startStream", "not_allowed")
		}
		d := b.start(t)
		writeWords(d, model)
		b.draft(func(m slacksim.Message) bool { return strings.Contains(m.AllText(), "click") })
		for _, m := range b.sim.Replies(b.ch, b.thread) {
			require.NotContains(t, m.AllText(), "<!channel>", "while written")
		}
		_, err := d.Finish(context.Background(), model, draftButtons())
		require.NoError(t, err)
		m := b.onlyReply(t)
		require.NotContains(t, m.AllText(), "<!channel>")
		require.NotContains(t, m.AllText(), "<@")
		if refuse {
			require.Equal(t, []string{escaped}, m.BlockTexts())
		} else {
			require.Equal(t, escaped, m.Text)
		}
	}
}

func TestDraftStreamFinalChangedByChecksReplacesTheText(t *testing.T) {
	t.Parallel()
	b := setupStream(t, slacksim.Options{})
	d := b.start(t)
	writeWords(d, "We leverage synergy to delight. ")
	b.draft(func(m slacksim.Message) bool { return m.Streaming && strings.Contains(m.Text, "delight") })

	final := "We work together to delight."
	shown, err := d.Finish(context.Background(), final, draftButtons())
	require.NoError(t, err)
	m := b.onlyReply(t)
	require.Equal(t, pathStream, shown.Path)
	require.Equal(t, []string{final}, m.BlockTexts(), "exactly the stored text, never the streamed one")
	require.NotContains(t, m.AllText(), "synergy")
	require.Equal(t, []string{"Approve", "Revise"}, m.Buttons())
}

func TestDraftStreamWithoutTextPostsOnce(t *testing.T) {
	t.Parallel()
	b := setupStream(t, slacksim.Options{})
	d := b.start(t)
	shown, err := d.Finish(context.Background(), "All at once.", draftButtons())
	require.NoError(t, err)
	m := b.onlyReply(t)
	require.Equal(t, pathFallback, shown.Path)
	require.Equal(t, []string{"All at once."}, m.BlockTexts())
	require.Zero(t, b.sim.Calls("chat.startStream"))
}

func TestDraftStreamLongerThanAStreamKeepsEveryCharacter(t *testing.T) {
	t.Parallel()
	b := setupStream(t, slacksim.Options{})
	d := b.start(t)
	long := strings.Repeat("a < b & c. ", 1500) // 16,500 characters, 25,500 once escaped
	writeWords(d, long)
	b.draft(func(m slacksim.Message) bool { return len(m.Text) > 11000 })
	shown, err := d.Finish(context.Background(), long, draftButtons())
	require.NoError(t, err)
	m := b.onlyReply(t)
	require.Equal(t, pathStream, shown.Path)
	require.Equal(t, escapeText(long), strings.Join(m.BlockTexts(), ""))
	require.Equal(t, []string{"Approve", "Revise"}, m.Buttons())
	require.Empty(t, b.sim.Violations())
}
