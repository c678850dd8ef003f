package slacksim_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
)

// echoBot is a tiny bot on the real, unmodified slack-go client: it acks slash commands, posts a
// message with Approve/Reject buttons, opens a modal on Approve, and handles the submission.
type echoBot struct {
	api *slack.Client
	sm  *socketmode.Client

	envelopes chan string // every envelope id received, duplicates included
	actions   chan slack.InteractionCallback
	submits   chan slack.InteractionCallback
	commands  chan slack.SlashCommand
	closed    chan slack.InteractionCallback
	retries   chan int // retry_attempt of every events_api envelope
	errs      chan error

	skipHomeAcks atomic.Int32 // app_home_opened envelopes to leave unacked
	retryOnce    bool         // on RateLimitedError, wait Retry-After and post again once
}

func startBot(t *testing.T, sim *slacksim.Sim, opts ...socketmode.Option) *echoBot {
	t.Helper()
	api := slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()), slack.OptionAppLevelToken(sim.AppToken()))
	b := &echoBot{api: api, sm: socketmode.New(api, opts...),
		envelopes: make(chan string, 100), actions: make(chan slack.InteractionCallback, 20),
		submits: make(chan slack.InteractionCallback, 20), commands: make(chan slack.SlashCommand, 20), closed: make(chan slack.InteractionCallback, 20),
		retries: make(chan int, 20), errs: make(chan error, 20), retryOnce: true}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = b.sm.RunContext(ctx) })
	wg.Go(func() { b.loop(ctx, &wg) })
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
	return b
}

func (b *echoBot) loop(ctx context.Context, wg *sync.WaitGroup) {
	for {
		select {
		case <-ctx.Done():
			return
		case evt := <-b.sm.Events:
			if evt.Request != nil && evt.Request.EnvelopeID != "" {
				send(b.envelopes, evt.Request.EnvelopeID)
			}
			wg.Go(func() { b.handle(ctx, evt) })
		}
	}
}

func send[T any](ch chan T, v T) {
	select {
	case ch <- v:
	default:
	}
}

func (b *echoBot) handle(ctx context.Context, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		cmd := evt.Data.(slack.SlashCommand)
		send(b.commands, cmd)
		b.command(ctx, *evt.Request, cmd)
	case socketmode.EventTypeInteractive:
		cb := evt.Data.(slack.InteractionCallback)
		switch cb.Type {
		case slack.InteractionTypeBlockActions:
			send(b.actions, cb)
			b.blockAction(ctx, *evt.Request, cb)
		case slack.InteractionTypeViewSubmission:
			send(b.submits, cb)
			b.submission(ctx, *evt.Request, cb)
		default:
			send(b.closed, cb)
			b.ack(*evt.Request, nil)
		}
	case socketmode.EventTypeEventsAPI:
		send(b.retries, evt.Request.RetryAttempt)
		b.event(ctx, *evt.Request, evt.Data.(slackevents.EventsAPIEvent))
	}
}

func (b *echoBot) ack(req socketmode.Request, payload any) {
	if err := b.sm.Ack(req, payload); err != nil {
		send(b.errs, err)
	}
}

func (b *echoBot) command(ctx context.Context, req socketmode.Request, cmd slack.SlashCommand) {
	switch cmd.Command {
	case "/noack":
		return
	case "/in-channel":
		b.ack(req, map[string]any{"response_type": "in_channel", "text": "Everyone sees: " + cmd.Text})
		return
	case "/draft":
		b.ack(req, map[string]any{"text": "Drafting " + cmd.Text})
		b.postDraft(ctx, cmd.ChannelID, cmd.Text)
		return
	}
	b.ack(req, nil)
	var err error
	switch cmd.Command {
	case "/modal":
		_, err = b.api.OpenViewContext(ctx, cmd.TriggerID, approveModal(cmd.ChannelID, cmd.Text))
	case "/slow-modal":
		time.Sleep(400 * time.Millisecond)
		_, err = b.api.OpenViewContext(ctx, cmd.TriggerID, approveModal(cmd.ChannelID, cmd.Text))
	case "/twice-modal":
		if _, err = b.api.OpenViewContext(ctx, cmd.TriggerID, approveModal(cmd.ChannelID, cmd.Text)); err == nil {
			_, err = b.api.OpenViewContext(ctx, cmd.TriggerID, approveModal(cmd.ChannelID, cmd.Text))
		}
	case "/respond":
		_, _, err = b.api.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(cmd.ResponseURL, slack.ResponseTypeInChannel),
			slack.MsgOptionText("via response_url: "+cmd.Text, false))
	}
	if err != nil {
		send(b.errs, err)
	}
}

func (b *echoBot) postDraft(ctx context.Context, channel, text string) {
	opts := []slack.MsgOption{slack.MsgOptionText("Draft: "+text, false), slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl(), slack.MsgOptionBlocks(
			slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "*Draft:* "+text, false, false), nil, nil),
			slack.NewActionBlock("decide",
				slack.NewButtonBlockElement("approve", text, slack.NewTextBlockObject("plain_text", "Approve", false, false)).WithStyle(slack.StylePrimary),
				slack.NewButtonBlockElement("reject", text, slack.NewTextBlockObject("plain_text", "Reject", false, false)).WithStyle(slack.StyleDanger)))}
	_, _, err := b.api.PostMessageContext(ctx, channel, opts...)
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) && b.retryOnce {
		time.Sleep(rl.RetryAfter)
		_, _, err = b.api.PostMessageContext(ctx, channel, opts...)
	}
	if err != nil {
		send(b.errs, err)
	}
}

func (b *echoBot) blockAction(ctx context.Context, req socketmode.Request, cb slack.InteractionCallback) {
	b.ack(req, nil)
	if len(cb.ActionCallback.BlockActions) == 0 {
		return
	}
	act := cb.ActionCallback.BlockActions[0]
	var err error
	switch act.ActionID {
	case "approve":
		_, err = b.api.OpenViewContext(ctx, cb.TriggerID, approveModal(cb.Channel.ID, act.Value))
	case "reject":
		_, _, _, err = b.api.UpdateMessageContext(ctx, cb.Channel.ID, cb.Message.Timestamp,
			slack.MsgOptionText("Rejected: "+act.Value, false))
	}
	if err != nil {
		send(b.errs, err)
	}
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject("plain_text", s, false, false)
}

func approveModal(channel, title string) slack.ModalViewRequest {
	titleInput := slack.NewPlainTextInputBlockElement(nil, "title")
	titleInput.InitialValue, titleInput.MaxLength = title, 100
	priority := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick one"), "priority",
		slack.NewOptionBlockObject("low", plain("Low"), nil), slack.NewOptionBlockObject("high", plain("High"), nil))
	reviewers := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plain("Who"), "reviewers")
	target := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, plain("Where"), "target")
	tags := slack.NewCheckboxGroupsBlockElement("tags",
		slack.NewOptionBlockObject("blog", plain("Blog"), nil), slack.NewOptionBlockObject("li", plain("LinkedIn"), nil))
	notes := slack.NewPlainTextInputBlockElement(nil, "notes")
	notes.Multiline = true
	optional := func(b *slack.InputBlock) *slack.InputBlock { b.Optional = true; return b }
	return slack.ModalViewRequest{Type: slack.VTModal, CallbackID: "approve_modal", PrivateMetadata: channel,
		Title: plain("Approve draft"), Submit: plain("Approve"), Close: plain("Cancel"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "Check the *title* before approving.", false, false), nil, nil),
			slack.NewInputBlock("title_block", plain("Title"), nil, titleInput),
			slack.NewInputBlock("priority_block", plain("Priority"), nil, priority),
			optional(slack.NewInputBlock("reviewers_block", plain("Reviewers"), nil, reviewers)),
			optional(slack.NewInputBlock("target_block", plain("Post to"), nil, target)),
			optional(slack.NewInputBlock("tags_block", plain("Tags"), nil, tags)),
			optional(slack.NewInputBlock("notes_block", plain("Notes"), nil, notes)),
		}}}
}

func (b *echoBot) submission(ctx context.Context, req socketmode.Request, cb slack.InteractionCallback) {
	if cb.View.CallbackID == "attach" { // the test reads the submission from b.submits
		b.ack(req, nil)
		return
	}
	title := cb.View.State.Values["title_block"]["title"].Value
	switch title {
	case "bad":
		b.ack(req, slack.NewErrorsViewSubmissionResponse(map[string]string{"title_block": "Title can't be bad"}))
		return
	case "again":
		next := approveModal(cb.View.PrivateMetadata, "second step")
		next.Title = plain("Step two")
		b.ack(req, slack.NewUpdateViewSubmissionResponse(&next))
		return
	}
	b.ack(req, nil)
	prio := cb.View.State.Values["priority_block"]["priority"].SelectedOption.Text.Text
	if _, _, err := b.api.PostMessageContext(ctx, cb.View.PrivateMetadata,
		slack.MsgOptionText("Approved: "+title+" ("+prio+")", false)); err != nil {
		send(b.errs, err)
	}
}

func (b *echoBot) event(ctx context.Context, req socketmode.Request, evt slackevents.EventsAPIEvent) {
	if ev, ok := evt.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); ok {
		if b.skipHomeAcks.Add(-1) >= 0 {
			return
		}
		b.ack(req, nil)
		home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "Welcome home, <@"+ev.User+">", false, false), nil, nil),
			slack.NewActionBlock("home_actions", slack.NewButtonBlockElement("home_refresh", "r", plain("Refresh"))),
		}}}
		if _, err := b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: ev.User, View: home}); err != nil {
			send(b.errs, err)
		}
		return
	}
	b.ack(req, nil)
}

// noErrors fails the test if the bot hit any Web API or ack error.
func (b *echoBot) noErrors(t *testing.T) {
	t.Helper()
	select {
	case err := <-b.errs:
		t.Fatalf("bot error: %v", err)
	default:
	}
}

// setup starts a simulator with one person and one channel, plus the echo bot connected to it.
func setup(t *testing.T, opts slacksim.Options, smOpts ...socketmode.Option) (*slacksim.Sim, *echoBot, *slacksim.User, string) {
	t.Helper()
	sim := slacksim.New(t, opts)
	user := sim.User(sim.AddUser("ana"))
	ch := sim.AddChannel("marketing")
	bot := startBot(t, sim, smOpts...)
	require.True(t, sim.WaitConnections(1), "bot never connected")
	return sim, bot, user, ch
}
