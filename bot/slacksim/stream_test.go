package slacksim_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
)

// streamSetup is a channel with a person and a thread the bot started, ready for a stream.
func streamSetup(t *testing.T, opts slacksim.Options) (*slacksim.Sim, *slack.Client, string, string, string) {
	t.Helper()
	sim := slacksim.New(t, opts)
	ch, ana := sim.AddChannel("marketing"), sim.AddUser("ana")
	api := apiFor(sim)
	_, parent, err := api.PostMessage(ch, slack.MsgOptionText("Piece: launch post", false))
	require.NoError(t, err)
	return sim, api, ch, ana, parent
}

func streamTo(ana, thread string, opts ...slack.MsgOption) []slack.MsgOption {
	return append([]slack.MsgOption{slack.MsgOptionTS(thread), slack.MsgOptionRecipientUserID(ana),
		slack.MsgOptionRecipientTeamID(slacksim.TeamID)}, opts...)
}

func requireStreamError(t *testing.T, err error, code string) {
	t.Helper()
	var se slack.SlackErrorResponse
	require.True(t, errors.As(err, &se), "want %s, got %v", code, err)
	require.Equal(t, code, se.Err)
}

func TestStreamTextGrowsThenStopsWithBlocks(t *testing.T) {
	t.Parallel()
	sim, api, ch, ana, parent := streamSetup(t, slacksim.Options{})

	_, ts, err := api.StartStream(ch, streamTo(ana, parent, slack.MsgOptionMarkdownText("Launch **day**"))...)
	require.NoError(t, err)
	m, ok := sim.Message(ch, ts)
	require.True(t, ok)
	require.True(t, m.Streaming)
	require.Equal(t, parent, m.ThreadTS, "a stream is a reply in the thread")
	require.Equal(t, "Launch **day**", m.Text)

	_, _, err = api.AppendStream(ch, ts, slack.MsgOptionMarkdownText(" is here."))
	require.NoError(t, err)
	m, _ = sim.Message(ch, ts)
	require.Equal(t, "Launch **day** is here.", m.Text)

	approve := slack.NewButtonBlockElement("approve", "v1", slack.NewTextBlockObject(slack.PlainTextType, "Approve", false, false))
	_, _, err = api.StopStream(ch, ts, slack.MsgOptionMarkdownText(" The end."),
		slack.MsgOptionBlocks(slack.NewActionBlock("actions", approve)))
	require.NoError(t, err)
	m, _ = sim.Message(ch, ts)
	require.False(t, m.Streaming)
	require.Equal(t, "Launch **day** is here. The end.", m.Text)
	require.Equal(t, []string{"Approve"}, m.Buttons())

	requireStreamEnded(t, api, ch, ts, "message_not_in_streaming_state")
}

// requireStreamEnded checks that the stream at ts has ended: appending and stopping answer code,
// and the message can be updated like any other.
func requireStreamEnded(t *testing.T, api *slack.Client, ch, ts, code string) {
	t.Helper()
	_, _, err := api.AppendStream(ch, ts, slack.MsgOptionMarkdownText("late"))
	requireStreamError(t, err, code)
	_, _, err = api.StopStream(ch, ts)
	requireStreamError(t, err, code)
	_, _, _, err = api.UpdateMessage(ch, ts, slack.MsgOptionText("replaced", false))
	require.NoError(t, err, "an ended stream is an ordinary message")
}

func TestStreamNeedsThreadAndRecipientInChannels(t *testing.T) {
	t.Parallel()
	sim, api, ch, ana, parent := streamSetup(t, slacksim.Options{})
	text := slack.MsgOptionMarkdownText("hi")

	_, _, err := api.StartStream(ch, slack.MsgOptionRecipientUserID(ana), slack.MsgOptionRecipientTeamID(slacksim.TeamID), text)
	requireStreamError(t, err, "invalid_thread_ts")
	_, _, err = api.StartStream(ch, slack.MsgOptionTS(parent), text)
	requireStreamError(t, err, "missing_recipient_user_id")
	_, _, err = api.StartStream(ch, slack.MsgOptionTS(parent), slack.MsgOptionRecipientUserID(ana), text)
	requireStreamError(t, err, "missing_recipient_team_id")

	_, dmThread, err := api.PostMessage(ana, slack.MsgOptionText("your card", false))
	require.NoError(t, err)
	dm, _, err := api.StartStream(ana, slack.MsgOptionTS(dmThread), text)
	require.NoError(t, err, "a DM needs no recipient")
	require.NotEmpty(t, dm)
	require.Empty(t, sim.Replies(ch, parent), "no refused stream left a message")
}

func TestStreamingMessageRefusesUpdateUntilItExpires(t *testing.T) {
	t.Parallel()
	sim, api, ch, ana, parent := streamSetup(t, slacksim.Options{StreamTTL: 50 * time.Millisecond})
	_, ts, err := api.StartStream(ch, streamTo(ana, parent, slack.MsgOptionMarkdownText("first words"))...)
	require.NoError(t, err)
	_, _, _, err = api.UpdateMessage(ch, ts, slack.MsgOptionText("replaced", false))
	requireStreamError(t, err, "streaming_state_conflict")

	require.Eventually(t, func() bool {
		_, _, err := api.AppendStream(ch, ts, slack.MsgOptionMarkdownText(" more"))
		return err != nil && err.Error() == "message_not_in_streaming_state"
	}, 5*time.Second, 10*time.Millisecond)
	m, _ := sim.Message(ch, ts)
	require.False(t, m.Streaming)
	require.True(t, strings.HasPrefix(m.Text, "first words"), "an expired stream keeps its text")
	_, _, _, err = api.UpdateMessage(ch, ts, slack.MsgOptionText("replaced", false))
	require.NoError(t, err)
}

func TestStreamMarkdownTextLimit(t *testing.T) {
	t.Parallel()
	sim, api, ch, ana, parent := streamSetup(t, slacksim.Options{})
	sim.ExpectViolations()
	_, _, err := api.StartStream(ch, streamTo(ana, parent, slack.MsgOptionMarkdownText(strings.Repeat("é", 12001)))...)
	requireStreamError(t, err, "msg_too_long")
	_, ts, err := api.StartStream(ch, streamTo(ana, parent, slack.MsgOptionMarkdownText(strings.Repeat("é", 12000)))...)
	require.NoError(t, err, "12,000 characters is within the limit")
	_, _, err = api.AppendStream(ch, ts, slack.MsgOptionMarkdownText(strings.Repeat("x", 12001)))
	requireStreamError(t, err, "msg_too_long")
	require.Len(t, sim.Violations(), 2)
}

func TestStreamMethodsHaveTheirTiers(t *testing.T) {
	t.Parallel()
	_, api, ch, ana, parent := streamSetup(t, slacksim.Options{})
	for range 20 {
		_, _, err := api.StartStream(ch, streamTo(ana, parent, slack.MsgOptionMarkdownText("x"))...)
		require.NoError(t, err)
	}
	_, _, err := api.StartStream(ch, streamTo(ana, parent, slack.MsgOptionMarkdownText("x"))...)
	var rl *slack.RateLimitedError
	require.True(t, errors.As(err, &rl), "Tier 2 allows 20 a minute; got %v", err)
	require.Greater(t, rl.RetryAfter, time.Duration(0))

	_, free, _, ana2, parent2 := streamSetup(t, slacksim.Options{UnlimitedTiers: true})
	for range 25 {
		_, _, err := free.StartStream(ch, streamTo(ana2, parent2, slack.MsgOptionMarkdownText("x"))...)
		require.NotErrorAs(t, err, &rl)
	}
}

func TestRefuseMethodRefusesEveryCall(t *testing.T) {
	t.Parallel()
	sim, api, ch, ana, parent := streamSetup(t, slacksim.Options{})
	sim.RefuseMethod("chat.startStream", "not_allowed")
	for range 3 {
		_, _, err := api.StartStream(ch, streamTo(ana, parent, slack.MsgOptionMarkdownText("x"))...)
		requireStreamError(t, err, "not_allowed")
	}
	require.Equal(t, 3, sim.Calls("chat.startStream"))
	require.Len(t, sim.Replies(ch, parent), 0)
}

func TestThreadStatusShowsUntilTheNextReply(t *testing.T) {
	t.Parallel()
	sim, api, ch, _, parent := streamSetup(t, slacksim.Options{})
	err := api.SetAssistantThreadsStatus(slack.AssistantThreadsSetStatusParameters{
		ChannelID: ch, ThreadTS: parent, Status: "is writing the draft…"})
	require.NoError(t, err)
	require.Equal(t, "is writing the draft…", sim.ThreadStatus(ch, parent))

	_, _, err = api.PostMessage(ch, slack.MsgOptionTS(parent), slack.MsgOptionText("done", false))
	require.NoError(t, err)
	require.Empty(t, sim.ThreadStatus(ch, parent), "the app's next message clears the status")

	err = api.SetAssistantThreadsStatus(slack.AssistantThreadsSetStatusParameters{ChannelID: ch, ThreadTS: "1.000001", Status: "x"})
	requireStreamError(t, err, "invalid_thread_ts")
	err = api.SetAssistantThreadsStatus(slack.AssistantThreadsSetStatusParameters{ChannelID: ch, ThreadTS: parent,
		Status: "x", LoadingMessages: strings.Split(strings.Repeat("a,", 11)+"a", ",")})
	requireStreamError(t, err, "invalid_arguments")
}

func TestThreadStatusExpires(t *testing.T) {
	t.Parallel()
	sim, api, ch, _, parent := streamSetup(t, slacksim.Options{StatusTTL: 20 * time.Millisecond})
	require.NoError(t, api.SetAssistantThreadsStatus(slack.AssistantThreadsSetStatusParameters{
		ChannelID: ch, ThreadTS: parent, Status: "is reading the source…"}))
	require.Eventually(t, func() bool { return sim.ThreadStatus(ch, parent) == "" }, 5*time.Second, 5*time.Millisecond)
}

func TestAPILatencyDelaysEveryAnswer(t *testing.T) {
	t.Parallel()
	sim := slacksim.New(t, slacksim.Options{APILatency: 50 * time.Millisecond})
	ch := sim.AddChannel("general")
	start := time.Now()
	_, _, err := apiFor(sim).PostMessage(ch, slack.MsgOptionText("hi", false))
	require.NoError(t, err)
	require.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
}

// TestStopPressedByThePersonEndsTheStream: after the person presses Stop, appends and stops answer
// stopped_by_user, the text so far stays, and the message can be updated like any other.
func TestStopPressedByThePersonEndsTheStream(t *testing.T) {
	t.Parallel()
	sim, api, ch, ana, parent := streamSetup(t, slacksim.Options{})
	_, ts, err := api.StartStream(ch, streamTo(ana, parent, slack.MsgOptionMarkdownText("Launch day"))...)
	require.NoError(t, err)

	sim.User(ana).StopStream(ch, ts)
	m, _ := sim.Message(ch, ts)
	require.False(t, m.Streaming)
	require.Equal(t, "Launch day", m.Text)
	requireStreamEnded(t, api, ch, ts, "stopped_by_user")
}
