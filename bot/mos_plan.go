package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

// mosPlan shows the week's plan in the channel (`/mos plan`), or pauses and resumes its messages
// here (`/mos plan off`, `/mos plan on`).
func (b *Bot) mosPlan(ctx context.Context, cmd slack.SlashCommand, args []string) {
	if len(args) > 0 {
		b.mosPlanSwitch(ctx, cmd, strings.ToLower(args[0]))
		return
	}
	p, err := b.engine.PlanFor(ctx, cmd.ChannelID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	if !p.Cadence.IsSet() {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, noCadenceText(p))
		return
	}
	if err := b.PostPlan(ctx, cmd.ChannelID, p); err != nil {
		b.log.Error("post the week's plan", "channel_id", cmd.ChannelID, "error", err)
		b.tell(ctx, cmd.ChannelID, cmd.UserID, planPostText(p)+"\n"+planProgressText(p))
	}
}

func (b *Bot) mosPlanSwitch(ctx context.Context, cmd slack.SlashCommand, word string) {
	if word != "off" && word != "on" {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, "`/mos plan` shows the week's plan; `/mos plan off` pauses its weekly "+
			"message and nudge in this channel, `/mos plan on` resumes them. I don't know `"+escapeText(truncate(word, 40))+"`.")
		return
	}
	changed, err := b.engine.SetPlanPaused(ctx, cmd.ChannelID, word == "off", cmd.UserID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	switch {
	case word == "off" && changed:
		b.announce(ctx, cmd.ChannelID, cmd.UserID, "<@"+cmd.UserID+"> paused the week's plan and its nudge in this channel. "+
			"`/mos plan` still shows the plan; `/mos plan on` resumes them.")
	case word == "off":
		b.tell(ctx, cmd.ChannelID, cmd.UserID, "The week's plan is already paused here. `/mos plan on` resumes it.")
	case changed:
		b.announce(ctx, cmd.ChannelID, cmd.UserID, "<@"+cmd.UserID+"> resumed the week's plan in this channel: "+
			"it posts each Monday, with one nudge if the week falls behind.")
	default:
		b.tell(ctx, cmd.ChannelID, cmd.UserID, "The week's plan is already on here. `/mos plan off` pauses it.")
	}
}

// PostPlan posts the week's plan in a channel, with its Draft one button (engine.Planner).
func (b *Bot) PostPlan(ctx context.Context, channelID string, p engine.WeekPlan) error {
	text := planPostText(p)
	return b.postPlanMessage(ctx, channelID, text, planBlocks(text, p))
}

// Nudge posts the week's one nudge in a channel behind plan (engine.Planner).
func (b *Bot) Nudge(ctx context.Context, channelID string, p engine.WeekPlan) error {
	text := nudgeText(p)
	return b.postPlanMessage(ctx, channelID, text, planBlocks(text, p))
}

func (b *Bot) postPlanMessage(ctx context.Context, channelID, text string, blocks []slack.Block) error {
	_, _, err := b.api.PostMessageContext(ctx, channelID, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...),
		slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl())
	return err
}

// onDraftOne opens the /draft form with the plan's pillar chosen: the form opens first, as the
// trigger id dies after three seconds. A second press opens the same one form again in its place.
func (b *Bot) onDraftOne(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	pillar := strings.TrimPrefix(a.Value, planPillarPrefix)
	pillars, err := b.engine.Pillars(ctx, cb.Channel.ID)
	if err != nil {
		if errors.Is(err, engine.ErrNotBound) {
			b.tell(ctx, cb.Channel.ID, cb.User.ID, "This channel is no longer bound, so there is no plan here. "+
				"`/mos bind <client> <platform>` binds it again.")
			return
		}
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, err)
		return
	}
	if _, err := b.api.OpenViewContext(ctx, cb.TriggerID, draftModal(cb.Channel.ID, pillars, pillar)); err != nil {
		b.log.Error("open draft modal from the plan", "channel_id", cb.Channel.ID, "error", err)
		b.tell(ctx, cb.Channel.ID, cb.User.ID, "I couldn't open the form in time. Press *Draft one* again, or type `/draft`.")
	}
}
