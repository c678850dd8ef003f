package slacksim_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
)

func apiFor(sim *slacksim.Sim, opts ...slack.Option) *slack.Client {
	return slack.New(sim.BotToken(), append([]slack.Option{slack.OptionAPIURL(sim.APIURL())}, opts...)...)
}

func TestRateLimitRetryAfterWithoutDuplicatePost(t *testing.T) {
	t.Parallel()
	sim, bot, ana, ch := setup(t, slacksim.Options{})
	sim.RateLimit("chat.postMessage", 1, time.Second)

	ana.Command(ch, "/draft", "busy day")

	sim.WaitMessage(ch, hasText("busy day"))
	require.Equal(t, 2, sim.Calls("chat.postMessage"))
	require.Len(t, sim.Messages(ch), 1)
	bot.noErrors(t)
}

func TestRateLimitedErrorShape(t *testing.T) {
	t.Parallel()
	sim := slacksim.New(t, slacksim.Options{})
	ch := sim.AddChannel("general")
	sim.RateLimit("chat.postMessage", 1, 1500*time.Millisecond)
	api := apiFor(sim)

	_, _, err := api.PostMessage(ch, slack.MsgOptionText("hi", false))
	var rl *slack.RateLimitedError
	require.True(t, errors.As(err, &rl), "got %v", err)
	require.Equal(t, 2*time.Second, rl.RetryAfter, "Retry-After is whole seconds, rounded up")

	// slack-go's OptionRetry waits Retry-After and retries by itself.
	sim.RateLimit("chat.postMessage", 1, time.Second)
	start := time.Now()
	retrying := apiFor(sim, slack.OptionRetryConfig(slack.RetryConfig{MaxRetries: 2}))
	_, _, err = retrying.PostMessage(ch, slack.MsgOptionText("hi", false))
	require.NoError(t, err)
	require.GreaterOrEqual(t, time.Since(start), time.Second)
	require.Equal(t, 3, sim.Calls("chat.postMessage"))
	require.Len(t, sim.Messages(ch), 1)
}

func TestPostMessageErrors(t *testing.T) {
	t.Parallel()
	sim, api := violatedSim(t)
	ch := sim.AddChannel("general")
	outside := sim.AddChannelWithoutBot("random")

	_, _, err := api.PostMessage("C404", slack.MsgOptionText("hi", false))
	require.EqualError(t, err, "channel_not_found")
	_, _, err = api.PostMessage(outside, slack.MsgOptionText("hi", false))
	require.EqualError(t, err, "not_in_channel")
	_, _, err = api.PostMessage(ch, slack.MsgOptionText("", false))
	require.EqualError(t, err, "no_text")
	_, _, err = api.PostMessage(ch, slack.MsgOptionText(strings.Repeat("x", 40001), false))
	require.EqualError(t, err, "msg_too_long")
	_, _, err = api.PostMessage(ch, slack.MsgOptionText("reply", false), slack.MsgOptionTS("1.000001"))
	require.EqualError(t, err, "thread_not_found")

	_, ts, err := api.PostMessage(ch, slack.MsgOptionText("hi", false))
	require.NoError(t, err)
	_, _, _, err = api.UpdateMessage(ch, ts, slack.MsgOptionText(strings.Repeat("x", 4001), false))
	require.EqualError(t, err, "msg_too_long")
	_, _, _, err = api.UpdateMessage(ch, "1.000002", slack.MsgOptionText("x", false))
	require.EqualError(t, err, "message_not_found")
	require.Len(t, sim.Violations(), 3)
}

func TestThreadsEphemeralsDMsAndPermalinks(t *testing.T) {
	t.Parallel()
	sim := slacksim.New(t, slacksim.Options{})
	ana := sim.AddUser("ana")
	sim.SetTimezone(ana, "Europe/Berlin")
	ch := sim.AddChannel("general")
	api := apiFor(sim)

	_, parent, err := api.PostMessage(ch, slack.MsgOptionText("parent", false))
	require.NoError(t, err)
	_, reply, err := api.PostMessage(ch, slack.MsgOptionText("reply", false), slack.MsgOptionTS(parent))
	require.NoError(t, err)
	require.Equal(t, "reply", sim.WaitReply(ch, parent, nil).Text)
	require.Equal(t, 1, sim.Messages(ch)[0].ReplyCount)
	thread, _, _, err := api.GetConversationReplies(&slack.GetConversationRepliesParameters{ChannelID: ch, Timestamp: parent})
	require.NoError(t, err)
	require.Equal(t, []string{parent, reply}, []string{thread[0].Timestamp, thread[1].Timestamp})
	history, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: ch})
	require.NoError(t, err)
	require.Len(t, history.Messages, 1)
	link, err := api.GetPermalink(&slack.PermalinkParameters{Channel: ch, Ts: reply})
	require.NoError(t, err)
	require.Contains(t, link, "/archives/"+ch+"/p"+strings.ReplaceAll(reply, ".", "")+"?thread_ts="+parent)

	_, err = api.PostEphemeral(ch, ana, slack.MsgOptionText("only you", false))
	require.NoError(t, err)
	require.Equal(t, "only you", sim.WaitEphemeral(ana, nil).Text)
	require.Len(t, sim.Messages(ch), 1, "ephemeral messages are not in the channel history")

	dm, _, _, err := api.OpenConversation(&slack.OpenConversationParameters{Users: []string{ana}})
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(dm.ID, "D"))
	_, _, err = api.PostMessage(dm.ID, slack.MsgOptionText("psst", false))
	require.NoError(t, err)
	require.Equal(t, "psst", sim.WaitDM(ana, nil).Text)

	user, err := api.GetUserInfo(ana)
	require.NoError(t, err)
	require.Equal(t, "ana", user.Name)
	require.Equal(t, "Europe/Berlin", user.TZ)
	info, err := api.GetConversationInfo(&slack.GetConversationInfoInput{ChannelID: ch})
	require.NoError(t, err)
	require.True(t, info.IsMember)
	require.Equal(t, "general", info.Name)
}

func TestUploadFileV2(t *testing.T) {
	t.Parallel()
	sim := slacksim.New(t, slacksim.Options{})
	ch := sim.AddChannel("reports")
	chart := bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 100)

	f, err := apiFor(sim).UploadFileContext(context.Background(), slack.UploadFileParameters{
		Reader: bytes.NewReader(chart), FileSize: len(chart), Filename: "chart.png", Title: "Weekly chart",
		Channel: ch, InitialComment: "This week"})
	require.NoError(t, err)

	files := sim.Files()
	require.Len(t, files, 1)
	require.Equal(t, f.ID, files[0].ID)
	require.Equal(t, "Weekly chart", files[0].Title)
	require.Equal(t, chart, files[0].Data)
	require.Equal(t, ch, files[0].Channel)
	msg := sim.WaitMessage(ch, nil)
	require.Equal(t, "This week", msg.Text)
	require.Equal(t, []string{f.ID}, msg.Files)
}
