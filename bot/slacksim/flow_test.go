package slacksim_test

import (
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
)

func hasText(s string) func(slacksim.Message) bool {
	return func(m slacksim.Message) bool { return strings.Contains(m.AllText(), s) }
}

func TestPressApproveFillAndSubmitModal(t *testing.T) {
	t.Parallel()
	sim, bot, ana, ch := setup(t, slacksim.Options{})
	ben := sim.AddUser("ben")

	ana.Command(ch, "/draft", "Q3 launch")
	msg := sim.WaitMessage(ch, hasText("Q3 launch"))
	require.Equal(t, []string{"Approve", "Reject"}, msg.Buttons())
	require.Equal(t, []string{"*Draft:* Q3 launch"}, msg.BlockTexts())
	require.Equal(t, slacksim.BotID, msg.BotID)
	require.False(t, msg.WouldUnfurl())

	press := ana.Press(ch, msg.TS, "Approve")
	require.True(t, press.Acked)
	cb := <-bot.actions
	act := cb.ActionCallback.BlockActions[0]
	require.Equal(t, "approve", act.ActionID)
	require.Equal(t, "decide", act.BlockID)
	require.Equal(t, "Q3 launch", act.Value)
	require.Equal(t, msg.TS, cb.Container.MessageTs)
	require.Equal(t, ch, cb.Container.ChannelID)
	require.Equal(t, ch, cb.Channel.ID)
	require.Equal(t, msg.TS, cb.Message.Timestamp)
	require.Equal(t, ana.ID, cb.User.ID)
	require.Equal(t, "ana", cb.User.Name)
	require.Equal(t, press.TriggerID, cb.TriggerID)
	require.NotEmpty(t, cb.ResponseURL)
	require.Len(t, cb.Message.Blocks.BlockSet, 2)

	modal := ana.WaitModal()
	require.Equal(t, "Approve draft", modal.Title())
	require.Equal(t, "Q3 launch", modal.Value("Title"))
	require.Contains(t, modal.Text(), "Check the *title* before approving.")
	modal.Fill("Title", "Q3 launch, final").Select("Priority", "High").SelectUsers("Reviewers", ana.ID, ben).
		SelectConversation("Post to", ch).Check("Tags", "Blog", "LinkedIn")

	res := modal.Submit()
	require.True(t, res.Acked)
	require.Empty(t, res.ResponseAction)
	require.False(t, res.Open, "an empty ack closes the modal")
	sub := <-bot.submits
	require.Equal(t, "approve_modal", sub.View.CallbackID)
	require.Equal(t, ch, sub.View.PrivateMetadata)
	require.NotEmpty(t, sub.View.Hash)
	vals := sub.View.State.Values
	require.Equal(t, "Q3 launch, final", vals["title_block"]["title"].Value)
	require.Equal(t, "high", vals["priority_block"]["priority"].SelectedOption.Value)
	require.Equal(t, []string{ana.ID, ben}, vals["reviewers_block"]["reviewers"].SelectedUsers)
	require.Equal(t, ch, vals["target_block"]["target"].SelectedConversation)
	require.Len(t, vals["tags_block"]["tags"].SelectedOptions, 2)
	require.Empty(t, vals["notes_block"]["notes"].Value)

	sim.WaitMessage(ch, hasText("Approved: Q3 launch, final (High)"))
	bot.noErrors(t)
}

func TestSubmitErrorsKeepModalOpenAndUpdateReplacesIt(t *testing.T) {
	t.Parallel()
	_, bot, ana, ch := setup(t, slacksim.Options{})
	ana.Command(ch, "/modal", "bad")
	modal := ana.WaitModal()

	require.Equal(t, []string{"Priority"}, modal.Submit().Missing, "Slack's client refuses to submit empty required inputs")
	res := modal.Select("Priority", "Low").Submit()
	require.Equal(t, "errors", res.ResponseAction)
	require.Equal(t, map[string]string{"Title": "Title can't be bad"}, res.ErrorsByLabel)
	require.True(t, res.Open)
	require.Equal(t, map[string]string{"title_block": "Title can't be bad"}, ana.WaitModal().Errors())

	res = modal.Fill("Title", "again").Submit()
	require.Equal(t, "update", res.ResponseAction)
	updated := ana.WaitModal()
	require.Equal(t, modal.ID(), updated.ID(), "update keeps the view id")
	require.Equal(t, "Step two", updated.Title())
	require.Equal(t, "again", updated.Value("Title"), "typed input survives an update with the same ids")
	bot.noErrors(t)
}

func TestRejectUpdatesMessage(t *testing.T) {
	t.Parallel()
	sim, bot, ana, ch := setup(t, slacksim.Options{})
	ana.Command(ch, "/draft", "weak post")
	msg := sim.WaitMessage(ch, hasText("weak post"))

	ana.Press(ch, msg.TS, "Reject")

	updated := sim.WaitMessage(ch, func(m slacksim.Message) bool { return m.Updated == 1 })
	require.Equal(t, "Rejected: weak post", updated.Text)
	require.Empty(t, updated.Blocks, "text without blocks removes the blocks")
	require.Len(t, sim.Messages(ch), 1)
	bot.noErrors(t)
}

func TestTriggerExpiresAndIsSingleUse(t *testing.T) {
	t.Parallel()
	_, bot, ana, ch := setup(t, slacksim.Options{TriggerTTL: 300 * time.Millisecond})

	ana.Command(ch, "/slow-modal", "late")
	require.EqualError(t, <-bot.errs, "expired_trigger_id")

	ana.Command(ch, "/twice-modal", "again")
	require.EqualError(t, <-bot.errs, "exchanged_trigger_id")
	require.Equal(t, "Approve draft", ana.WaitModal().Title(), "the first views.open worked")
}

func TestHomeTab(t *testing.T) {
	t.Parallel()
	sim, bot, ana, _ := setup(t, slacksim.Options{})

	require.True(t, sim.OpenHome(ana.ID).Acked)
	require.Eventually(t, func() bool { return sim.Home(ana.ID).Published }, 2*time.Second, 10*time.Millisecond)
	home := sim.Home(ana.ID)
	require.Equal(t, []string{"Refresh"}, home.Buttons)
	require.Equal(t, []string{"Welcome home, <@" + ana.ID + ">"}, home.Texts)

	require.True(t, ana.PressInHome("Refresh").Acked)
	cb := <-bot.actions
	require.Equal(t, "view", cb.Container.Type)
	require.Equal(t, home.ID, cb.View.ID)
	require.Equal(t, slack.VTHomeTab, cb.View.Type)
}

func TestSlashAckInChannelAndResponseURL(t *testing.T) {
	t.Parallel()
	sim, bot, ana, ch := setup(t, slacksim.Options{})

	res := ana.Command(ch, "/in-channel", "hello")
	require.Equal(t, "in_channel", res.ResponseType)
	sim.WaitMessage(ch, hasText("Everyone sees: hello"))

	ana.Command(ch, "/respond", "later")
	sim.WaitMessage(ch, hasText("via response_url: later"))
	require.Len(t, ana.Messages(ch), 2)
	bot.noErrors(t)
}

func TestModalButtonsPushAndClose(t *testing.T) {
	t.Parallel()
	sim, bot, ana, _ := setup(t, slacksim.Options{})
	first := slack.ModalViewRequest{Type: slack.VTModal, Title: plain("First"), NotifyOnClose: true, CallbackID: "first",
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewActionBlock("acts",
			slack.NewButtonBlockElement("more", "m", plain("More")))}}}
	_, err := bot.api.OpenView(sim.NewTrigger(ana.ID), first)
	require.NoError(t, err)
	v := ana.WaitModal()

	require.True(t, ana.PressInView("More").Acked)
	cb := <-bot.actions
	require.Equal(t, "view", cb.Container.Type)
	require.Equal(t, v.ID(), cb.Container.ViewID)
	require.Equal(t, v.ID(), cb.View.ID)

	second := slack.ModalViewRequest{Type: slack.VTModal, Title: plain("Second"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{section("more")}}}
	pushed, err := bot.api.PushView(cb.TriggerID, second)
	require.NoError(t, err)
	require.Equal(t, v.ID(), pushed.PreviousViewID)
	require.Equal(t, "Second", ana.WaitModal().Title())
	ana.Modal().Close()
	require.Equal(t, v.ID(), ana.Modal().ID(), "closing a pushed view shows the one below")

	v.Dismiss()
	closed := <-bot.closed
	require.Equal(t, slack.InteractionTypeViewClosed, closed.Type)
	require.True(t, closed.IsCleared)
	require.Nil(t, ana.Modal())
	_, err = bot.api.UpdateView(first, "", "", v.ID())
	require.EqualError(t, err, "not_found")
}

func TestPressOnEphemeralMessage(t *testing.T) {
	t.Parallel()
	sim, bot, ana, ch := setup(t, slacksim.Options{})
	ts, err := bot.api.PostEphemeral(ch, ana.ID, slack.MsgOptionText("Sure?", false), slack.MsgOptionBlocks(
		slack.NewActionBlock("confirm", slack.NewButtonBlockElement("yes", "y", plain("Yes")))))
	require.NoError(t, err)

	require.True(t, ana.Press(ch, ts, "Yes").Acked)
	cb := <-bot.actions
	require.True(t, cb.Container.IsEphemeral)
	require.Empty(t, cb.Message.Timestamp, "ephemeral sources carry no message")
	require.Equal(t, "yes", cb.ActionCallback.BlockActions[0].ActionID)
	require.Len(t, ana.Messages(ch), 1)
	require.Empty(t, sim.Messages(ch))
}

func TestDMAndMentionEvents(t *testing.T) {
	t.Parallel()
	sim, bot, ana, ch := setup(t, slacksim.Options{})

	ana.SendDM("hello bot")
	ana.Post(ch, "hey <@"+slacksim.BotUserID+"> status?")
	ana.Post(ch, "no mention, no event")

	require.Equal(t, []int{0, 0}, []int{<-bot.retries, <-bot.retries})
	require.Len(t, sim.AckLatencies(), 2, "both events were parsed by slack-go and acked")
	require.Equal(t, "hello bot", sim.DMs(ana.ID)[0].Text)
	require.Len(t, sim.Messages(ch), 2)
}
